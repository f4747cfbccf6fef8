#!/usr/bin/env bash
# Deadlines the host does not understand are shown, never guessed (issue 9, section 3): `check`,
# `roadmap show`, `roadmap create` and the report say «срок не распознан» with the row. A
# template written for 2023 and created for 2024 moves its dates and says so.
# Usage: deadline_phrases.sh OPORA SRC
set -uo pipefail
opora=$1; src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cp -r "$src/scripts" "$work/scripts"
mkdir -p "$work/scripts/tver/rzhev"
cat > "$work/scripts/tver/package.lua" <<'LUA'
package { name = "Тверская область", level = "region" }
LUA
cat > "$work/scripts/tver/rzhev/package.lua" <<'LUA'
package { name = "Ржевский муниципальный округ", level = "municipality" }
roadmap {
  id = "rzhev_2023", title = "План мероприятий на 2023 год", year = 2023, year_kind = "calendar",
  sections = {
    { title = "Муниципальный уровень", activities = {
      { number = "1", title = "Совещание", deadline = "25.01.2023" },
      { number = "2", title = "Отчёт", deadline = "до 25 числа каждого месяца" },
      { number = "3", title = "Мониторинг", deadline = "II квартал 2023 г." },
      { number = "4.", title = "Семинар", deadline = "как получится" },
      { number = "5", title = "Встреча", deadline = "по звёздам\nи луне" },
      { number = "6", title = "Консультации", deadline = "по запросу" },
    } },
  },
}
LUA
db="$work/t.db"
o() { "$opora" --db "$db" --scripts "$work/scripts" "$@"; }
printf 'login;name;territory;kind;locality;students\nsch690001;СОШ № 1;tver/rzhev;СОШ;town;600\n' \
  > "$work/s.csv"
o import schools "$work/s.csv" > /dev/null || fail "schools import"

# check: the tree is valid, every unread deadline is named with its file and row.
o check > "$work/check.out" 2> "$work/check.err" || fail "check refused a valid tree: $(cat "$work/check.err")"
grep -q "сроков не распознано: 2" "$work/check.out" || fail "check: no count of unread deadlines"
grep -q 'rzhev/package.lua:2: .*«rzhev_2023», мероприятие 4\. (4-е по порядку): срок не распознан: «как получится»' \
  "$work/check.err" || fail "check: row 4 not named: $(cat "$work/check.err")"
grep -q 'мероприятие 5 (5-е по порядку): срок не распознан: «по звёздам и луне»' "$work/check.err" ||
  fail "check: row 5 not named"
[ "$(grep -c 'срок не распознан' "$work/check.err")" = 2 ] || fail "check: understood rows flagged"

# roadmap show (template): the unread row says so; understood rows do not.
o roadmap show -t rzhev -y 2023 > "$work/show.txt" || fail "roadmap show"
grep -q 'срок: как получится (1 ср.) — срок не распознан: «как получится»' "$work/show.txt" ||
  fail "show: row 4 not marked: $(cat "$work/show.txt")"
[ "$(grep -c 'срок не распознан' "$work/show.txt")" = 2 ] || fail "show: wrong rows marked"
grep -q 'срок: до 25 числа каждого месяца (12 ср.)$' "$work/show.txt" ||
  fail "show: each-month-by-day is not 12 occurrences"

# roadmap create: one warning line per unread row, on stderr.
o roadmap create -t rzhev -y 2023 > "$work/create.out" 2> "$work/create.err" || fail "create"
[ "$(grep -c 'срок не распознан' "$work/create.err")" = 2 ] || fail "create: $(cat "$work/create.err")"
grep -q '«rzhev_2023», мероприятие 4\. (4-е по порядку): срок не распознан' "$work/create.err" ||
  fail "create: row 4 not named"
grep -q "сдвинуты" "$work/create.out" && fail "create for the document's own year shifted dates"

# The stored plan shows it too, and so does the report's roadmap table.
o roadmap show -t rzhev -y 2023 > "$work/show2.txt" || fail "roadmap show (plan)"
[ "$(grep -c 'срок не распознан' "$work/show2.txt")" = 2 ] || fail "show (plan): wrong rows marked"
o report -t rzhev -m 2023-03 -f json -o "$work/r.json" > /dev/null 2>&1 || fail "report"
/usr/bin/python3 - "$work/r.json" <<'PY' || fail "report: unread deadline not shown"
import json, sys
doc = json.load(open(sys.argv[1]))
cells = []
def walk(x):
    if isinstance(x, dict):
        if "deadline" in x and isinstance(x["deadline"], str): cells.append((x.get("number"), x["deadline"]))
        for v in x.values(): walk(v)
    elif isinstance(x, list):
        for v in x: walk(v)
walk(doc)
# March: the unread rows are due at the year's end, so not in the month's table; the note names
# both anyway.
assert not any("срок не распознан" in d for n, d in cells if n not in ("4.", "5")), cells
text = json.dumps(doc, ensure_ascii=False)
assert "4. Семинар — срок не распознан: «как получится»" in text, "row 4"
assert "5 Встреча — срок не распознан: «по звёздам и луне»" in text, "row 5"
PY
o report -t rzhev -m 2023-12 -f json -o "$work/r12.json" > /dev/null 2>&1 || fail "report December"
/usr/bin/python3 - "$work/r12.json" <<'PY' || fail "report: unread deadline cell not marked"
import json, sys
text = json.dumps(json.load(open(sys.argv[1])), ensure_ascii=False)
assert "как получится (срок не распознан)" in text, "December row 4"
PY

# A 2023 template created for 2024: its dates move to 2024, and the command says so.
o roadmap create -t rzhev -y 2024 > "$work/c24.out" 2>/dev/null || fail "create 2024"
grep -q "составлен на 2023 год, карта создана на 2024: даты шаблона сдвинуты на +1 г. (мероприятия: 1 3)" \
  "$work/c24.out" || fail "create 2024: no shift message: $(cat "$work/c24.out")"
o roadmap show -t rzhev -y 2024 --json > "$work/s24.json" || fail "show 2024"
/usr/bin/python3 - "$work/s24.json" <<'PY' || fail "2024 plan keeps 2023 dates"
import json, sys
acts = {a["number"]: a for a in json.load(open(sys.argv[1]))["activities"]}
assert [o["due"] for o in acts["1"]["occurrences"]] == ["2024-01-25"], acts["1"]["occurrences"]
assert [o["due"] for o in acts["3"]["occurrences"]] == ["2024-06-30"], acts["3"]["occurrences"]
assert len(acts["2"]["occurrences"]) == 12 and acts["2"]["occurrences"][0]["due"] == "2024-01-25"
PY
[ -n "${KEEP:-}" ] && cp -r "$work" /tmp/dp_keep
echo OK
