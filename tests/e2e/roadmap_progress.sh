#!/usr/bin/env bash
# roadmap create / show / status, progress record / correct / undo / history / import and
# indicators through the real CLI on the demo store. Usage: roadmap_progress.sh OPORA SRC
# Plan year 2024: the demo itself plans 2023 (the document's year) and fills its progress.
set -u
opora=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OPORA_SCRIPTS=$src/scripts
fail() { echo "FAIL: $*" >&2; exit 1; }

"$opora" demo --out "$work" --schools 50 >/dev/null 2>"$work/demo.err" || {
  echo "demo store not built (plugins missing?): $(tail -1 "$work/demo.err")" >&2; exit 77; }
export OPORA_DB=$work/opora-demo.db

"$opora" roadmap create -t serafimovich -y 2024 >"$work/create.txt" || fail "roadmap create"
grep -q "Создана дорожная карта" "$work/create.txt" || fail "no creation message"
"$opora" roadmap create -t serafimovich -y 2024 | grep -q "добавлено мероприятий: 0" ||
  fail "re-run is not idempotent"

"$opora" roadmap show -t serafimovich -y 2024 --json >"$work/show.json" || fail "roadmap show"
python3 - "$work/show.json" <<'PY' || fail "roadmap show --json shape"
import json, sys
d = json.load(open(sys.argv[1]))
acts = d["activities"]
assert d["territory"] == "volgograd/serafimovich" and d["year"] == 2024
assert sum(1 for a in acts if a["number"] == "14") == 2, "the number 14 is used twice"
for key in ("number", "section", "title", "deadline", "schedule", "responsible", "scope",
            "category", "indicator", "columns", "occurrences"):
    assert key in acts[0], key
PY

# The number 14 is ambiguous: a clear Russian message, exit 1.
"$opora" progress record -t serafimovich -y 2024 -a 14 --who "Тест" 2>"$work/amb.err"
[ $? -eq 1 ] || fail "ambiguous number accepted"
grep -q -- "--position" "$work/amb.err" || fail "no hint about --position"

"$opora" progress record -t serafimovich -y 2024 -a 1 --date 2024-01-20 --evidence "Приказ №5" \
  --who "Тест" >"$work/rec.txt" || fail "record"
row=$(sed -n 's/^Запись №\([0-9]*\).*/\1/p' "$work/rec.txt")
[ -n "$row" ] || fail "no row id"
"$opora" progress correct --row "$row" --date 2024-01-22 --who "Тест" >/dev/null || fail "correct"
"$opora" progress undo --row "$row" --who "Тест" 2>/dev/null && fail "superseded row undone"
"$opora" progress history -t serafimovich -y 2024 --json >"$work/hist.json" || fail "history"
python3 -c "
import json,sys; d=json.load(open('$work/hist.json'))['progress']
assert [r['action'] for r in d] == ['record','correct'], d
assert not d[0]['in_force'] and d[1]['in_force']" || fail "history rows"

printf 'мероприятие;школа;срок;статус;дата;подтверждение;примечание;кто\n1;;;сделано;2024-01-25;;;Тест\n' \
  >"$work/bad.csv"
"$opora" progress import -t serafimovich -y 2024 "$work/bad.csv" 2>"$work/imp.err" &&
  fail "bad import accepted"
grep -q "bad.csv:2:4:" "$work/imp.err" || fail "import error without file:row:column"

"$opora" roadmap status -t serafimovich -m 2024-03 --json >"$work/status.json" || fail "status"
python3 -c "
import json; d=json.load(open('$work/status.json'))
assert {'due','done','overdue','upcoming'} <= set(d['total']), d['total']" || fail "status json"

"$opora" progress simulate -t serafimovich -y 2024 -m 2024-06 >/dev/null || fail "simulate"
"$opora" indicators -t serafimovich -m 2024-05 --json >"$work/ind.json"
python3 -c "
import json; d=json.load(open('$work/ind.json'))
assert d['indicators'], 'no indicators'
assert any(i['value'] is not None for i in d['indicators'])" || fail "indicators json"
# Issue 9 §2: every month in which a plan has occurrences is reportable — Чебаркуль's 2023 plan
# has rows due in January 2024, Баган's 2022/2023 school-year plan opens with July 2022.
"$opora" roadmap status -t chebarkul -m 2024-01 --json >"$work/cheb.json" ||
  fail "Чебаркуль 2024-01 not reportable"
python3 -c "
import json; d=json.load(open('$work/cheb.json'))
assert d['total']['due'] == 3, d['total']" || fail "Чебаркуль 2024-01: the three January rows"
"$opora" roadmap status -t bagan -m 2022-07 >/dev/null || fail "Баган 2022-07 not reportable"

# Issue 9 §1, Зима row 8 «Не менее 2 встреч» (due May): another meeting is another record of the
# same occurrence, and the count target counts it.
count_meetings() {
  "$opora" indicators -t zima -m 2024-05 --json | python3 -c "
import json, sys; d=json.load(sys.stdin)
print(int(next(i for i in d['indicators'] if i['id'] == 'arp_meetings')['value']))"
}
before=$(count_meetings) || fail "zima indicators"
"$opora" progress record -t zima -y 2024 -a 8 --date 2024-05-28 --evidence "Протокол встречи №9" \
  --who "Тест" >/dev/null || fail "a further record of Зима row 8 refused"
after=$(count_meetings)
[ "$after" -eq $((before + 1)) ] || fail "Зима row 8: $before meetings, then $after after one more"
echo OK
