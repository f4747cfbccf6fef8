#!/usr/bin/env bash
# Issue 8 §6 through the real CLI: imports refuse what they cannot read correctly, with
# file:row:column, and leave the store unchanged; aliases of procedures are read as the
# canonical name, so criteria see the same numbers whatever the file called the procedure.
set -uo pipefail
opora=$1; src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
db="$work/t.db"
o() { "$opora" --db "$db" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_rc() {  # expect_rc <code> <command...>
  local want=$1; shift
  "$@" > "$work/out" 2> "$work/err"; local rc=$?
  [ "$rc" -eq "$want" ] || fail "exit $rc instead of $want: $* ($(head -c 300 "$work/err"))"
}
# expect_refused <needle> <kind> <file>: refused, the message has the needle, nothing changed.
expect_refused() {
  local needle=$1 kind=$2 file=$3
  local before; before=$(sqlite3 "$db" .dump | md5sum)
  expect_rc 1 o import "$kind" "$file"
  grep -qF -- "$needle" "$work/err" || fail "no «$needle» in: $(head -c 600 "$work/err")"
  [ "$(sqlite3 "$db" .dump | md5sum)" = "$before" ] || fail "a refused import changed the store"
}

expect_rc 0 o init
cat > "$work/territories.csv" <<'CSV'
id;name;parent;level
tver;Тверская область;federal;region
tver/rzhev;Ржевский муниципальный округ;tver;municipality
kurgan;Курганская область;federal;region
CSV
cat > "$work/schools.csv" <<'CSV'
login;name;territory
sch690001;МОУ СОШ № 1;tver/rzhev
sch690002;МОУ СОШ № 2;tver/rzhev
CSV
expect_rc 0 o import territories "$work/territories.csv"
expect_rc 0 o import schools "$work/schools.csv"

# --- procedures: VPR / впр are ВПР; XYZ-2022 is refused with the known names ------------------
cat > "$work/results.csv" <<'CSV'
login;procedure;year;grade;subject;participants;m2;m3;m4;m5
sch690001;VPR;2023;5;math;20;6;8;4;2
sch690001;впр;2024;5;Математика;20;6;8;4;2
sch690001;ВПР;2024;6;ru;20;6;8;4;2
CSV
expect_rc 0 o import results "$work/results.csv"
[ "$(sqlite3 "$db" "SELECT group_concat(DISTINCT procedure) FROM results")" = "ВПР" ] ||
  fail "aliases not stored as ВПР: $(sqlite3 "$db" 'SELECT DISTINCT procedure FROM results')"
o identify --territory rzhev --year 2024 --json > "$work/id.json" || fail "identify"
/usr/bin/python3 - "$work/id.json" <<'PY' || fail "a school imported under VPR is not flagged as under ВПР"
import json, sys
s = {x["login"]: x for x in json.load(open(sys.argv[1]))["schools"]}
v = next(v for v in s["sch690001"]["verdicts"] if v["criterion"] == "low_results")
assert v["flagged"] is True, v
PY

printf 'login;procedure;year;grade;subject;participants;m2;m3;m4;m5\nsch690002;XYZ-2022;2024;5;Математика;20;1;9;6;4\n' > "$work/xyz.csv"
expect_refused "xyz.csv:2:2: неизвестная процедура «XYZ-2022»; известны: ВПР, ОГЭ, ЕГЭ" results "$work/xyz.csv"
# A region's own procedure is accepted once its package declares it (krasnodar: КДР).
printf 'login;procedure;year;grade;subject;participants;m2;m3;m4;m5\nsch690002;КДР;2024;6;Математика;20;1;9;6;4\n' > "$work/kdr.csv"
expect_rc 0 o import results "$work/kdr.csv"
grep -q "КДР" "$work/err" && fail "КДР warned about: $(cat "$work/err")"

# A package declaring a procedure under a federal alias is a `check` error naming its line.
cp -r "$src/scripts" "$work/scripts"
mkdir -p "$work/scripts/tver"
printf 'package { name = "Тверская область", level = "region" }\nprocedure { code = "VPR", title = "Не ВПР" }\n' \
  > "$work/scripts/tver/package.lua"
expect_rc 1 "$opora" --scripts "$work/scripts" check
grep -qF "tver/package.lua:2" "$work/out" "$work/err" || fail "check: no line: $(cat "$work/out" "$work/err" | head -c 400)"
grep -qF "«VPR» — это уже известная процедура «ВПР»" "$work/out" "$work/err" || fail "check: $(cat "$work/out" "$work/err" | head -c 400)"

# --- territory tree ---------------------------------------------------------------------------
t() { printf 'id;name;parent;level\n%s\n' "$1" > "$work/tree.csv"; }
t "kurgan;Курганская;tver;region";                         expect_refused "tree.csv:2:3: регион «kurgan»" territories "$work/tree.csv"
t "tver/staritsa;Старица;federal;municipality";            expect_refused "tree.csv:2:3:" territories "$work/tree.csv"
t "kurgan/shadrinsk;Шадринск;tver;municipality";           expect_refused "tree.csv:2:3:" territories "$work/tree.csv"
t "novgorod;Новгородская;tver/rzhev;region";               expect_refused "tree.csv:2:3:" territories "$work/tree.csv"
t "federal;Россия;tver;region";                            expect_refused "tree.csv:2:4: federal — корень" territories "$work/tree.csv"
t "tver/rzhev;Ржевский муниципальный округ;kurgan;municipality"
expect_refused "уже в базе под «tver», перенести её под другую нельзя" territories "$work/tree.csv"
o identify --territory rzhev --year 2024 --json > /dev/null || fail "identify after a refused move"

# --- the CSV reader ---------------------------------------------------------------------------
printf 'login,name,territory\nsch690003,Школа,tver/rzhev,лишнее\n' > "$work/extra.csv"
expect_refused "extra.csv:2:4: лишнее значение «лишнее»" schools "$work/extra.csv"
printf 'login;name;territory\nsch690003;Шко\001ла;tver/rzhev\n' > "$work/ctl.csv"
expect_refused "ctl.csv:2:2: управляющий символ U+0001" schools "$work/ctl.csv"
printf 'login;name;territory\nsch690003;Шко\000ла;tver/rzhev\n' > "$work/nul.csv"
expect_refused "nul.csv:2:2: управляющий символ U+0000 (NUL)" schools "$work/nul.csv"
/usr/bin/python3 -c "
import sys; open(sys.argv[1], 'w').write('login;name;territory\nsch690003;' + 'x' * (25 << 20) + ';tver/rzhev\n')" "$work/cell.csv"
expect_refused "cell.csv:2:2: ячейка длиннее 64 КБ" schools "$work/cell.csv"

# A 110 MB file without a line break: refused after the row cap, in little memory.
/usr/bin/python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    block = ('a' * 999 + ';') * 1049
    for i in range(110): f.write(block)" "$work/one-line.csv"
before=$(sqlite3 "$db" .dump | md5sum)
/usr/bin/time -f '%M %e' -o "$work/usage" "$opora" --db "$db" import schools "$work/one-line.csv" \
  > "$work/out" 2> "$work/err" && fail "110 MB one-line file accepted"
grep -qF "one-line.csv:1:" "$work/err" || fail "no file:row: $(head -c 300 "$work/err")"
grep -qF "строка длиннее 1 МБ" "$work/err" || fail "no row cap: $(head -c 300 "$work/err")"
read -r kib secs < <(tail -n 1 "$work/usage")
[ "$kib" -lt 200000 ] || fail "peak memory ${kib} KiB for a refused 110 MB line"
echo "110 MB one-line file refused: peak ${kib} KiB, ${secs} s"
[ "$(sqlite3 "$db" .dump | md5sum)" = "$before" ] || fail "the refused file changed the store"
exit 0
