#!/usr/bin/env bash
# Entering the month's work through the real CLI (issue 9 §5): parse errors in Russian for every
# command, activity numbers as the document writes them, schools of another territory, the same
# record twice, and `roadmap import` of a table pasted with its page headers.
# Usage: month_entry.sh OPORA SRC
set -u
opora=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OPORA_SCRIPTS=$src/scripts
fail() { echo "FAIL: $*" >&2; exit 1; }
# CLI11's own English wording must never reach the user.
english='is required|required but|Could not convert|not expected|not in range|not an allowed|missing|Expected (exactly|at least)|excludes|requires|not found|subcommand'

# 1. A missing required option, a value missing after an option and a bad value: Russian, exit 2.
expect_russian() {  # expect_russian WHAT FRAGMENT ARGS...
  local what=$1 fragment=$2; shift 2
  "$opora" --db "$work/none.db" "$@" >/dev/null 2>"$work/err"
  local rc=$?
  [ $rc -eq 2 ] || fail "$what: exit $rc, not 2: $(cat "$work/err")"
  grep -Eq "$english" "$work/err" && fail "$what: English from the argument parser: $(cat "$work/err")"
  grep -q -- "$fragment" "$work/err" || fail "$what: no «$fragment»: $(cat "$work/err")"
}
missing="не указан обязательный параметр"
expect_russian "progress record без --who" "$missing --who" \
  progress record -t zima -y 2024 -a 1
grep -q -- "--who — Кто вносит запись" "$work/err" || fail "no description of --who: $(cat "$work/err")"
expect_russian "progress record" "$missing" progress record
expect_russian "progress correct" "$missing --row" progress correct --who X
expect_russian "progress correct без --who" "$missing --who" progress correct --row 1
expect_russian "progress undo" "$missing --row" progress undo --who X
expect_russian "progress undo без --who" "$missing --who" progress undo --row 1
expect_russian "progress participation" "$missing --who" progress participation -t zima -y 2024 -a 1
expect_russian "progress history" "$missing" progress history
expect_russian "progress simulate" "$missing --month" progress simulate -t zima -y 2024
expect_russian "progress import" "$missing file" progress import -t zima -y 2024
expect_russian "roadmap create" "$missing --year" roadmap create -t zima
expect_russian "roadmap show" "$missing --territory" roadmap show -y 2024
expect_russian "roadmap import" "$missing file" roadmap import
expect_russian "roadmap status" "$missing --month" roadmap status -t zima
expect_russian "identify" "$missing --year" identify -t zima
expect_russian "explain" "$missing --territory" explain
expect_russian "indicators" "$missing --month" indicators -t zima
expect_russian "report" "$missing --month" report -t zima
expect_russian "generate" "$missing --out" generate
expect_russian "import" "$missing" import
expect_russian "no command" "укажите команду" progress
expect_russian "value after --who missing" "--who: не указано значение" \
  progress record -t zima -y 2024 -a 1 --who
expect_russian "year not a number" "неверное значение --year: «двадцать»" \
  progress record -t zima -y двадцать -a 1 --who X
expect_russian "plan month out of range" "вне диапазона" demo --plan-month 13
expect_russian "unknown option" "лишние или неизвестные аргументы" roadmap show -t zima -y 2024 --bogus

"$opora" demo --out "$work" --schools 30 >/dev/null 2>"$work/demo.err" || {
  echo "demo store not built (plugins missing?): $(tail -1 "$work/demo.err")" >&2; exit 77; }
export OPORA_DB=$work/opora-demo.db
"$opora" roadmap create -t zima -y 2024 >/dev/null || fail "roadmap create zima 2024"

# 2. «5.», « 5 », «п. 5» are activity 5, in record, history and participation.
"$opora" progress record -t zima -y 2024 -a "1." --date 2024-04-20 --evidence "Приказ №71" \
  --who "Тест" >"$work/rec1.txt" 2>"$work/rec1.err" || fail "«1.» refused: $(cat "$work/rec1.err")"
grep -q "мероприятие 1 «" "$work/rec1.txt" || fail "record «1.»: $(cat "$work/rec1.txt")"
row=$(sed -n 's/^Запись №\([0-9]*\).*/\1/p' "$work/rec1.txt")
"$opora" progress history -t zima -y 2024 -a "п. 1" --json >"$work/hist.json" || fail "history «п. 1»"
python3 -c "
import json; d=json.load(open('$work/hist.json'))['progress']
assert $row in [r['id'] for r in d if r['in_force']] and {r['activity'] for r in d} == {'1'}, d" || fail "history by «п. 1»"
# roadmap show prints «1. ...», never «1.. ...», even for a template written «1.»
"$opora" roadmap show -t zima -y 2024 >"$work/show.txt" || fail "roadmap show"
grep -q '^  [0-9.]*\.\. ' "$work/show.txt" && fail "roadmap show doubles the dot"

# 3. The same record twice is refused with the stored record's number; a second event is not.
"$opora" progress record -t zima -y 2024 -a " 1 " --date 2024-04-20 --evidence "Приказ №71" \
  --who "Другой" >/dev/null 2>"$work/dup.err"
[ $? -eq 1 ] || fail "the same record entered twice"
grep -q "такая запись уже есть: №$row" "$work/dup.err" || fail "duplicate message: $(cat "$work/dup.err")"
"$opora" progress record -t zima -y 2024 -a 1 --date 2024-04-22 --evidence "Приказ №72" \
  --who "Тест" >/dev/null || fail "a record with another date and evidence refused"

# 4. A school of another territory cannot take part in Зима's plan.
other=$(python3 -c "
import sqlite3; c=sqlite3.connect('$OPORA_DB')
print(c.execute(\"SELECT login FROM schools WHERE territory LIKE 'chelyabinsk/chebarkul%' LIMIT 1\").fetchone()[0])")
own=$(python3 -c "
import sqlite3; c=sqlite3.connect('$OPORA_DB')
print(c.execute(\"SELECT login FROM schools WHERE territory LIKE 'irkutsk/zima%' LIMIT 1\").fetchone()[0])")
[ -n "$other" ] && [ -n "$own" ] || fail "demo store has no schools of Чебаркуль / Зима"
before=$(python3 -c "import sqlite3; print(sqlite3.connect('$OPORA_DB').execute('SELECT count(*) FROM participation').fetchone()[0])")
"$opora" progress participation -t zima -y 2024 -a 2 -s "$other" --date 2024-04-20 --who "Тест" \
  >/dev/null 2>"$work/part.err"
[ $? -eq 1 ] || fail "school $other of Чебаркуль accepted in Зима's plan"
grep -q "школа $other относится к территории" "$work/part.err" || fail "participation message: $(cat "$work/part.err")"
after=$(python3 -c "import sqlite3; print(sqlite3.connect('$OPORA_DB').execute('SELECT count(*) FROM participation').fetchone()[0])")
[ "$before" = "$after" ] || fail "refused participation was stored"
"$opora" progress participation -t zima -y 2024 -a "2." -s "$own" --date 2024-04-20 --who "Тест" \
  >/dev/null 2>"$work/own.err" || fail "own school $own refused: $(cat "$work/own.err")"

# 5. roadmap import of a table pasted as-is: page headers skipped, no sections → valid Lua that
#    `check` accepts and `roadmap show` reads; errors name the row of the pasted table.
{
  printf '№ п/п\tНаименование мероприятия\tСрок\tОтветственный\n'
  printf '1\t2\t3\t4\n'
  printf '1.\tПриказ об утверждении плана\tдо 31.01.2024\tОтдел образования\n'
  printf '2.\t"Совещание с руководителями\n(в две строки)"\tфевраль 2024\tОтдел образования\n'
  printf '№ п/п\tНаименование мероприятия\tСрок\tОтветственный\n'
  printf '1\t2\t3\t4\n'
  printf '3.\tСеминар для учителей\tмарт 2024\tМетодический центр\n'
} >"$work/pasted.tsv"
"$opora" roadmap import "$work/pasted.tsv" -t irkutsk/newtown --out "$work/roadmap.lua" \
  >/dev/null 2>"$work/imp.err" || fail "roadmap import: $(cat "$work/imp.err")"
grep -c '^ *number = ' "$work/roadmap.lua" | grep -qx 3 || fail "not 3 activities: $(cat "$work/roadmap.lua")"
grep -q 'Наименование мероприятия' "$work/roadmap.lua" && fail "a repeated header became an activity"
cp -r "$src/scripts" "$work/scripts"
mkdir -p "$work/scripts/irkutsk/newtown"
cp "$work/roadmap.lua" "$work/scripts/irkutsk/newtown/roadmap.lua"
printf 'package { name = "Новый район", level = "municipality" }\nrequire "roadmap"\n' \
  >"$work/scripts/irkutsk/newtown/package.lua"
"$opora" --scripts "$work/scripts" check >"$work/check.txt" 2>&1 ||
  fail "generated Lua does not pass check: $(cat "$work/check.txt")"
"$opora" --scripts "$work/scripts" roadmap show -t newtown -y 2024 --json >"$work/new.json" 2>"$work/new.err" ||
  fail "roadmap show of the imported plan: $(cat "$work/new.err")"
python3 -c "
import json; d=json.load(open('$work/new.json'))
assert [a['number'] for a in d['activities']] == ['1', '2', '3'], d['activities']" ||
  fail "imported plan numbers"
printf '№\tМероприятие\tСрок\n1\t"Семинар\nв две строки"\tмай\n2\t\tиюнь\n' >"$work/bad.tsv"
"$opora" roadmap import "$work/bad.tsv" >/dev/null 2>"$work/bad.err" && fail "row without a title accepted"
grep -q "bad.tsv:4:2: .*(строка 3 таблицы)" "$work/bad.err" || fail "error row: $(cat "$work/bad.err")"
echo "month_entry: ok"
