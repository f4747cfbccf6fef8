#!/usr/bin/env bash
# Issue 12 §1 through the real CLI: `opora import KIND FILE.xlsx` on books written by openpyxl
# reads them like CSV (title block, merged header, --sheet), names bad cells as Excel does
# (Лист1!A7), and refuses malformed books whole — the store's dump is unchanged.
set -uo pipefail
opora=$1; src=$2
/usr/bin/python3 -c 'import openpyxl' 2>/dev/null || { echo "SKIP: python3-openpyxl missing"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
db="$work/t.db"
o() { "$opora" --db "$db" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_rc() {  # expect_rc <code> <command...>
  local want=$1; shift
  "$@" > "$work/out" 2> "$work/err"; local rc=$?
  [ "$rc" -eq "$want" ] || fail "exit $rc instead of $want: $* ($(head -c 300 "$work/err"))"
}
# expect_refused <needle> <kind> <file> [args]: refused, the message has the needle, nothing changed.
expect_refused() {
  local needle=$1 kind=$2 file=$3; shift 3
  local before; before=$(sqlite3 "$db" .dump | md5sum)
  expect_rc 1 o import "$kind" "$file" "$@"
  grep -qF -- "$needle" "$work/err" || fail "no «$needle» in: $(head -c 600 "$work/err")"
  [ "$(sqlite3 "$db" .dump | md5sum)" = "$before" ] || fail "a refused import changed the store"
}

/usr/bin/python3 "$src/tests/import/make_xlsx.py" "$work/x" || fail "fixtures not written"
expect_rc 0 o init
expect_rc 0 o import territories "$src/tests/import/fixtures/territories.csv"
expect_rc 0 o import schools "$src/tests/import/fixtures/schools.csv"

# Refusals first, on the store as it is: each leaves the dump unchanged.
expect_refused "$work/x/results_bad.xlsx:Лист1!A7: неизвестная школа «sch999999»" results "$work/x/results_bad.xlsx"
expect_refused "архив повреждён или обрезан" results "$work/x/truncated.xlsx"
expect_refused "$work/x/wide.xlsx:Лист1!L3: лишнее значение «12» за последним столбцом" results "$work/x/wide.xlsx"
expect_refused "ячейка за последним столбцом листа (XFD" results "$work/x/past_xfd.xlsx"
expect_refused "распаковывается больше чем в 256 МБ" results "$work/x/bomb.xlsx"
expect_refused "в книге нет листа «Итоги»" results "$work/x/results.xlsx" --sheet Итоги
grep -qF "база данных не изменена" "$work/err" || fail "the refusal does not say the store is unchanged"

# The good book: a title block, a two-row merged header, inline strings, numbers as text.
expect_rc 0 o import results "$work/x/results.xlsx"
grep -qF "строк 2, добавлено 2" "$work/out" || fail "results.xlsx: $(cat "$work/out")"
[ "$(sqlite3 "$db" "SELECT group_concat(participants || '/' || m2, ' ') FROM (SELECT * FROM results ORDER BY participants)")" = "10/1 20/6" ] ||
  fail "results read wrong: $(sqlite3 "$db" 'SELECT * FROM results')"
# The same book again: nothing changes (idempotent, as for CSV).
expect_rc 0 o import results "$work/x/results.xlsx"
grep -qF "без изменений 2" "$work/out" || fail "re-import: $(cat "$work/out")"
# Another sheet by name.
expect_rc 0 o import context "$work/x/results.xlsx" --sheet Контекст
[ "$(sqlite3 "$db" "SELECT count(*) FROM observations")" = 2 ] || fail "context sheet not read"
echo "import_xlsx: ok"
