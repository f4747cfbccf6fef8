#!/usr/bin/env python3
"""Checks one monthly report (the JSON document, docs/report-schema.md) against its plan for the
contradictions issue 9 names, and prints each one found; exit code 1 when any.

  report_consistency.py PLAN.json REPORT.json [REPORT.json ...]

PLAN.json is `opora roadmap show --json` of the report's plan. What is checked, per report:
  - nothing dated after the report date: record dates, «выполнено DD.MM.YYYY» marks, chart years;
  - no internal code in what a person reads (category or figure ids, «ВПР/5/Математика»);
  - a done row whose date is after its due date is «выполнено с нарушением срока» (done_late);
  - a row still «срок в этом месяце» after its due date has passed;
  - an occurrence of a window that covers the month, not done before it, is in the month's table;
  - an indicator «срок не наступил» while an occurrence of what it measures is due;
  - an indicator met while every occurrence of what it measures is overdue and none is done;
  - a share indicator at 0 while every due occurrence it measures is done for all its schools.
"""
import datetime
import json
import re
import sys

CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|[А-ЯA-Z]{2,}/\d+/")
RU_DATE = re.compile(r"\b(\d{2})\.(\d{2})\.(\d{4})\b")
# Keys whose values are identifiers or machine values, not text a person reads.
MACHINE_KEYS = {"id", "key", "type", "unit", "units", "status", "status_key", "schema", "login",
                "activities", "cells", "generated_at", "month", "as_of", "data_date", "year_kind"}


def texts(node, key=None):
    """Every string a reader sees, with the key it sits under."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in MACHINE_KEYS:
                yield from texts(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from texts(v, key)
    elif isinstance(node, str):
        yield key, node


def month_of(iso):
    return iso[:7]


def tables(report, section_id):
    for s in report["sections"]:
        if s["id"] == section_id:
            for b in s["blocks"]:
                if b["type"] == "table":
                    yield b


def table_titled(report, section_id, prefix):
    for b in tables(report, section_id):
        if (b.get("title") or "").startswith(prefix):
            return b
    return None


def check(plan, report, problems):
    as_of = report["as_of"]
    month = report["month"]
    where = f"{report['territory']['id']} {month}"

    def bad(what):
        problems.append(f"{where}: {what}")

    # Nothing from after the report date.
    for s in report["sections"]:
        for b in s["blocks"]:
            for row in b.get("rows", []) if isinstance(b.get("rows"), list) else []:
                if not isinstance(row, dict):
                    continue
                d = row.get("date")
                if isinstance(d, str) and d > as_of:
                    bad(f"«{b.get('title')}», мероприятие {row.get('number')}: дата {d} позже отчётной")
                for k in ("completion",):
                    for m in RU_DATE.finditer(row.get(k) or ""):
                        iso = f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
                        if iso > as_of:
                            bad(f"мероприятие {row.get('number')}: отметка «{row[k]}» позже отчётной даты")
            if b["type"] == "line_chart":
                for x in b.get("x", []):
                    if re.fullmatch(r"\d{4}", str(x)) and int(x) > int(as_of[:4]):
                        bad(f"график «{b.get('title')}» показывает {x} год")

    # No internal code reaches the reader.
    for key, text in texts(report):
        m = CODE.search(text)
        if m:
            bad(f"внутренний код «{m.group(0)}» в тексте ({key}): {text[:120]}")

    cumulative = table_titled(report, "roadmap", "Выполнение дорожной карты с начала")
    month_table = table_titled(report, "roadmap", "Мероприятия месяца:")
    if cumulative is None or month_table is None:
        bad("нет таблиц дорожной карты")
        return

    for row in cumulative["rows"]:
        if row["status"] == "done" and row.get("date") and row.get("due") and row["date"] > row["due"]:
            bad(f"мероприятие {row['number']}: выполнено {row['date']} после срока {row['due']}, "
                "а не «с нарушением срока»")
    for row in month_table["rows"]:
        if row["status"] == "due" and row.get("due") and row["due"] < as_of:
            bad(f"мероприятие {row['number']}: срок {row['due']} прошёл, а статус «срок в этом месяце»")

    # A window covering the month is shown in it unless it was settled before the month began.
    in_month = {r["number"] for r in month_table["rows"]}
    first_day = month + "-01"
    for a in plan["activities"]:
        for o in a["occurrences"]:
            if o.get("kind") != "window":  # events and external schedules show once recorded
                continue
            start, due = o.get("start") or "", o.get("due") or ""
            if not start or not due or not (month_of(start) <= month <= month_of(due)):
                continue
            settled_before = any(r["number"] == a["number"] and r.get("date") and r["date"] < first_day
                                 and r["status"] in ("done", "done_late", "cancelled")
                                 and r.get("due") == due
                                 for r in cumulative["rows"])
            if not settled_before and a["number"] not in in_month:
                bad(f"мероприятие {a['number']} (срок {start}…{due}) не показано в месяце окна")

    occurrences = {}
    for row in cumulative["rows"]:
        occurrences.setdefault(row["number"], []).append(row)
    due_dates = {}
    for a in plan["activities"]:
        due_dates.setdefault(a["number"], []).extend(o["due"] for o in a["occurrences"] if o.get("due"))

    for ind in next(tables(report, "indicators"))["rows"]:
        acts = ind.get("activities") or []
        if not acts:
            continue
        due_now = [d for n in acts for d in due_dates.get(n, []) if d <= as_of]
        if ind["status"] == "not_due" and due_now:
            bad(f"показатель «{ind['title'][:60]}»: «срок не наступил», а срок мероприятий "
                f"{', '.join(acts)} наступил ({min(due_now)})")
        rows = [r for n in acts for r in occurrences.get(n, []) if r.get("due") and r["due"] <= as_of]
        statuses = {r["status"] for r in rows}
        if ind["status"] == "met" and rows and statuses == {"overdue"}:
            bad(f"показатель «{ind['title'][:60]}» достигнут, а мероприятия {', '.join(acts)} просрочены")
        if ind.get("unit") == "percent" and rows and ind.get("value") == 0 and all(
                r["status"] in ("done", "done_late") and re.search(r"выполнено: (\d+) из \1 ", (r.get("school") or "") + " ")
                for r in rows):
            bad(f"показатель «{ind['title'][:60]}» 0 %, а мероприятия {', '.join(acts)} выполнены всеми школами")


def main():
    plan = json.load(open(sys.argv[1], encoding="utf-8"))
    problems = []
    for path in sys.argv[2:]:
        check(plan, json.load(open(path, encoding="utf-8")), problems)
    for p in problems:
        print(p)
    print(f"проверено отчётов: {len(sys.argv) - 2}, противоречий: {len(problems)}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
