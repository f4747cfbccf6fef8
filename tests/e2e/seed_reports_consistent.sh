#!/usr/bin/env bash
# Issue 9, "Done when": the five seed municipalities' reports, for EVERY month of their plans,
# have no status that contradicts an indicator, nothing from after the report date and no
# internal code. Progress is simulated to the plan's last month first, so a report of an early
# month has later records in the store that it must not show. The checks are in
# report_consistency.py (each one named there); this script also requires every month from the
# plan's first window to its last deadline to be reportable.
# Usage: seed_reports_consistent.sh OPORA SRC
set -u
opora=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OPORA_SCRIPTS=$src/scripts
fail() { echo "FAIL: $*" >&2; exit 1; }

"$opora" demo --out "$work" --schools 200 >/dev/null 2>"$work/demo.err" || {
  echo "demo store not built (plugins missing?): $(tail -1 "$work/demo.err")" >&2; exit 77; }
export OPORA_DB=$work/opora-demo.db

# The months of a plan: from its first window's start to its last deadline.
plan_months() {
  python3 - "$1" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1], encoding="utf-8"))
days = [o[k] for a in plan["activities"] for o in a["occurrences"] for k in ("start", "due") if o.get(k)]
y, m = map(int, min(days)[:7].split("-"))
last = max(days)[:7]
while f"{y:04d}-{m:02d}" <= last:
    print(f"{y:04d}-{m:02d}")
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
PY
}

total=0
for t in chebarkul:2023 zima:2024 bagan:2022 serafimovich:2023 sochi:2020; do
  IFS=: read -r terr year <<<"$t"
  "$opora" roadmap show -t "$terr" -y "$year" --json >"$work/plan-$terr.json" 2>"$work/err" ||
    fail "roadmap show $terr $year: $(head -3 "$work/err")"
  months=$(plan_months "$work/plan-$terr.json")
  [ "$(wc -w <<<"$months")" -ge 12 ] || fail "$terr: the plan spans fewer than 12 months: $months"
  last=$(tail -1 <<<"$months")
  "$opora" progress simulate -t "$terr" -y "$year" -m "$last" >/dev/null 2>"$work/err" ||
    fail "progress simulate $terr to $last: $(head -3 "$work/err")"
  reports=()
  for m in $months; do
    out=$work/$terr-$m.json
    "$opora" report -t "$terr" -m "$m" -f json -o "$out" >/dev/null 2>"$work/err" ||
      fail "$terr $m: the month of the plan cannot be reported: $(head -3 "$work/err")"
    reports+=("$out")
  done
  python3 "$src/tests/e2e/report_consistency.py" "$work/plan-$terr.json" "${reports[@]}" ||
    fail "$terr: the reports contradict themselves (above)"
  total=$((total + ${#reports[@]}))
done
[ "$total" -ge 60 ] || fail "only $total reports checked"

# The checker itself catches each kind of contradiction (so a pass above means something).
for defect in late_date code done_not_late; do
  python3 - "$work/zima-2024-07.json" "$work/bad.json" "$defect" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
rows = next(b for s in r["sections"] if s["id"] == "roadmap" for b in s["blocks"]
            if (b.get("title") or "").startswith("Выполнение дорожной карты"))["rows"]
row = next(x for x in rows if x["status"] == "done" and x.get("date"))
if sys.argv[3] == "late_date":
    row["date"] = "2024-12-30"
elif sys.argv[3] == "code":
    row["title"] = "школ (low_results social_risk)"
else:
    row["date"] = "2024-07-15"; row["due"] = "2024-07-01"
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
  python3 "$src/tests/e2e/report_consistency.py" "$work/plan-zima.json" "$work/bad.json" \
    >/dev/null 2>&1 && fail "the checker missed a doctored report ($defect)"
done
echo "ok: $total monthly reports of the five seed plans are consistent"
