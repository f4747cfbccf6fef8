#!/usr/bin/env bash
# The store is never overwritten and reads never wait (issue 8, sections 3, 5, 8):
# outputs never land on the store or an input, readers open read-only beside a writer, a file
# that is not a store is refused in Russian, commands without a store create none, a run with a
# failed criterion is never saved, --version, and `--db X demo`.
set -uo pipefail
opora=$1; src=$2
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
db="$work/t.db"
o() { "$opora" --db "$db" --scripts "$work/scripts" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_rc() {  # expect_rc <code> <command...>
  local want=$1; shift
  "$@" > "$work/out" 2> "$work/err"; local rc=$?
  [ "$rc" -eq "$want" ] || fail "exit $rc instead of $want: $* ($(head -c 600 "$work/err"))"
}
store_ok() {  # the store is still a whole, readable database
  [ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || fail "store damaged: $*"
}
has_sqlite3() { command -v sqlite3 > /dev/null; }
has_sqlite3 || { echo "sqlite3 CLI missing" >&2; exit 77; }

# A territory whose criterion fails for one school: sch690001 is judged, sch690002 fails,
# sch690003 is left without a verdict.
cp -r "$src/scripts" "$work/scripts"
mkdir -p "$work/scripts/tver/rzhev"
cat > "$work/scripts/tver/package.lua" <<'LUA'
package { name = "Тверская область", level = "region" }
criterion {
  id = "tver_fragile",
  title = "Критерий, падающий на большой школе",
  category = "risk_zone",
  evaluate = function(school, p)
    if school.students > 300 then error("нет данных о школе") end
    return false, 0, "обучающихся: " .. school.students
  end,
}
LUA
cat > "$work/scripts/tver/rzhev/package.lua" <<'LUA'
package { name = "Ржевский муниципальный округ", level = "municipality" }
roadmap {
  id = "plan", title = "План", year = 2024,
  sections = { { title = "I", activities = { { number = "1", title = "Совещание", deadline = "сентябрь" } } } },
}
LUA
printf 'login;name;territory;kind;locality;students\nsch690001;НОШ № 1;tver/rzhev;НОШ;village;40\nsch690002;СОШ № 2;tver/rzhev;СОШ;town;600\nsch690003;СОШ № 3;tver/rzhev;СОШ;town;700\n' > "$work/s.csv"
printf 'login;procedure;year;grade;subject;participants;m2;m3;m4;m5;mean_score\nsch690001;ВПР;2024;5;Математика;20;6;8;4;2;9\n' > "$work/r.csv"
expect_rc 0 o init
expect_rc 0 o import schools "$work/s.csv"
expect_rc 0 o import results "$work/r.csv"
store_ok "after import"

# --- 8: --version ---------------------------------------------------------------------------
expect_rc 0 "$opora" --version
grep -qx "opora 0.1.0" "$work/out" || fail "--version printed: $(cat "$work/out")"

# CLI11's parse errors in Russian.
expect_rc 2 "$opora"
grep -q "укажите команду" "$work/err" || fail "no command: $(cat "$work/err")"
expect_rc 2 o identify --year 2024
grep -q "не указан обязательный параметр --territory" "$work/err" || fail "missing option: $(cat "$work/err")"
expect_rc 2 o identify --territory rzhev --year abc
grep -q "неверное значение --year" "$work/err" || fail "bad value: $(cat "$work/err")"
expect_rc 2 o no-such-command
grep -q "укажите команду" "$work/err" || fail "unknown command: $(cat "$work/err")"
expect_rc 2 o identify --territory rzhev --year 2024 extra
grep -q "неизвестные аргументы: extra" "$work/err" || fail "extra argument: $(cat "$work/err")"

# --- 3: a run with a failed criterion is never saved ----------------------------------------
expect_rc 1 o identify --territory rzhev --year 2024 --save
grep -q "не сохранён" "$work/err" || fail "save of a partial run not refused: $(cat "$work/err")"
grep -q "tver_fragile" "$work/err" || fail "failed criterion not named: $(cat "$work/err")"
grep -q "sch690002, sch690003" "$work/err" || fail "schools without verdict not listed: $(cat "$work/err")"
grep -q "sch690001" "$work/err" && fail "a judged school listed as failed: $(cat "$work/err")"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM identification_runs')" = 0 ] || fail "a partial run was saved"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM verdicts')" = 0 ] || fail "partial verdicts were saved"
grep -q "Результат отбора сохранён" "$work/out" && fail "claims to have saved"
# JSON names the failure and its schools too.
o identify --territory rzhev --year 2024 --json > "$work/id.json" 2> /dev/null
/usr/bin/python3 - "$work/id.json" <<'PY' || fail "identify --json failures"
import json, sys
j = json.load(open(sys.argv[1]))
f = [x for x in j["failures"] if x["criterion"] == "tver_fragile"]
assert f and f[0]["schools"] == ["sch690002", "sch690003"] and f[0]["failed_at"] == "sch690002", j
PY
# Nothing saved means later commands see no identification (roadmap create says so).
expect_rc 0 o roadmap create --territory rzhev --year 2024
grep -q "не сохранён" "$work/out" || fail "roadmap create used a partial run: $(cat "$work/out")"

# A package that did not load takes its criteria with it: that run is not saved either.
cp -r "$src/scripts" "$work/scripts2"; mkdir -p "$work/scripts2/tver"
printf 'package { name = "Тверская область", level = "region" }\ncriterion {\n  id = \n' \
  > "$work/scripts2/tver/package.lua"
"$opora" --db "$db" --scripts "$work/scripts2" identify --territory rzhev --year 2024 --save \
  > "$work/out" 2> "$work/err" && fail "saved a run beside a broken package"
grep -q "не сохранён: не загружены пакеты" "$work/err" || fail "broken package save: $(cat "$work/err")"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM identification_runs')" = 0 ] || fail "saved beside a broken package"

# --- 5: no command writes over the store or its inputs --------------------------------------
printf 'Раздел;№;Мероприятие;Срок;Ответственный\nI;1;Совещание;сентябрь;МОУО\n' > "$work/plan.csv"
for target in "$db" "$db-wal" "$db-shm" "$db-journal" "$work/./t.db" "$work/../$(basename "$work")/t.db"; do
  expect_rc 2 o report --territory rzhev --month 2024-10 --format json --out "$target"
  grep -q "файл базы данных" "$work/err" || fail "report --out $target: $(cat "$work/err")"
  expect_rc 2 o roadmap import "$work/plan.csv" --territory tver/rzhev --out "$target"
  grep -q "файл базы данных" "$work/err" || fail "roadmap import --out $target: $(cat "$work/err")"
done
store_ok "after --out at the store"
# The same file under another name: a hard link and a symlink.
ln "$db" "$work/hard.db"; ln -s "$db" "$work/soft.db"
for target in "$work/hard.db" "$work/soft.db"; do
  expect_rc 2 o report --territory rzhev --month 2024-10 --format md --out "$target"
  expect_rc 2 o roadmap import "$work/plan.csv" --out "$target"
done
rm -f "$work/hard.db" "$work/soft.db"
store_ok "after --out at a link to the store"
# Not over the command's own input.
cp "$work/plan.csv" "$work/plan.keep"
expect_rc 2 o roadmap import "$work/plan.csv" --out "$work/plan.csv"
grep -q "входной файл" "$work/err" || fail "roadmap import over its input: $(cat "$work/err")"
cmp -s "$work/plan.csv" "$work/plan.keep" || fail "the input table was overwritten"
# Nor over a package the report is built from.
cp "$work/scripts/tver/package.lua" "$work/pkg.keep"
expect_rc 2 o report --territory rzhev --month 2024-10 --format md --out "$work/scripts/tver/package.lua"
grep -q "который команда читает" "$work/err" || fail "report over a package: $(cat "$work/err")"
cmp -s "$work/scripts/tver/package.lua" "$work/pkg.keep" || fail "a package was overwritten"
# A missing folder is a clear error, and nothing is created.
expect_rc 2 o roadmap import "$work/plan.csv" --out "$work/no/such/dir/p.lua"
grep -q "не существует" "$work/err" || fail "missing folder: $(cat "$work/err")"
[ -e "$work/no" ] && fail "a missing folder was created"
expect_rc 2 o report --territory rzhev --month 2024-10 --format md --out "$work/nodir/r.md"
grep -q "не существует" "$work/err" || fail "report missing folder: $(cat "$work/err")"
expect_rc 2 o report --all --month 2024-10 --out "$work/nodir/sub/"
grep -q "не существует" "$work/err" || fail "report --all missing parent: $(cat "$work/err")"
expect_rc 2 "$opora" --db "$db" generate --schools 5 --out "$work/nodir/sub"
[ -e "$work/nodir" ] && fail "a missing parent folder was created"
# report --all into the store (a file, not a folder) is refused.
expect_rc 2 o report --all --month 2024-10 --out "$db"
store_ok "after report --all --out the store"
# A good --out still works, and leaves no temporary file behind.
mkdir "$work/outdir"
expect_rc 0 o roadmap import "$work/plan.csv" --territory tver/rzhev --out "$work/outdir/p.lua"
[ "$(ls -A "$work/outdir")" = p.lua ] || fail "output folder holds: $(ls -A "$work/outdir")"

# --- 5: readers do not wait for a writer ----------------------------------------------------
# A writer holds the write lock for 8 s (as an import does); readers must finish at once.
{ echo "BEGIN IMMEDIATE; INSERT INTO meta(key, value) VALUES ('busy', '1');"; sleep 8; echo "COMMIT;"; } \
  | sqlite3 "$db" &
writer=$!
sleep 1
for cmd in "territories" "identify --territory rzhev --year 2024 --all" \
           "roadmap show --territory rzhev --year 2024" "packages --territory rzhev"; do
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  o $cmd > "$work/out" 2> "$work/err"; rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$cmd" = "${cmd#identify}" ] && [ "$rc" -ne 0 ] && fail "$cmd beside a writer: exit $rc: $(cat "$work/err")"
  grep -q "locked\|занята" "$work/err" && fail "$cmd waited for the writer: $(cat "$work/err")"
  [ "$ms" -lt 3000 ] || fail "$cmd took $ms ms beside a writer"
done
# A second writer waits, then fails in Russian naming the store.
expect_rc 1 o import schools "$work/s.csv"
grep -q "занята" "$work/err" && grep -q "t.db" "$work/err" || fail "busy writer message: $(cat "$work/err")"
grep -q "database is locked" "$work/err" && fail "English busy message"
wait "$writer"
store_ok "after the concurrent writer"

# --- 5: files that are not a store, newer schemas, commands that need no store -------------
echo "просто текст" > "$work/text.db"
/usr/bin/python3 -c 'import zipfile,sys; zipfile.ZipFile(sys.argv[1],"w").writestr("a.txt","x")' "$work/z.db"
for f in "$work/text.db" "$work/z.db"; do
  for cmd in territories init; do
    "$opora" --db "$f" --scripts "$work/scripts" $cmd > "$work/out" 2> "$work/err" && fail "$cmd on $f passed"
    grep -q "не является базой данных" "$work/err" || fail "$cmd on $f: $(cat "$work/err")"
    grep -q "$f" "$work/err" || fail "$cmd on $f does not name the file: $(cat "$work/err")"
    grep -qi "file is not a database" "$work/err" && fail "English message for $f"
  done
done
# A FIFO as the store or as the table: refused at once, not waited on.
mkfifo "$work/fifo"
expect_rc 1 timeout 10 "$opora" --db "$work/fifo" territories
grep -q "не обычный файл" "$work/err" || fail "FIFO store: $(cat "$work/err")"
expect_rc 1 timeout 10 "$opora" roadmap import "$work/fifo"
grep -q "не обычный файл" "$work/err" || fail "FIFO table: $(cat "$work/err")"
cp "$db" "$work/newer.db"; sqlite3 "$work/newer.db" 'PRAGMA user_version = 99'
for cmd in territories init "import schools $work/s.csv"; do
  # shellcheck disable=SC2086
  "$opora" --db "$work/newer.db" --scripts "$work/scripts" $cmd > "$work/out" 2> "$work/err" \
    && fail "$cmd on a newer store passed"
  grep -q "версия схемы 99 новее поддерживаемой" "$work/err" || fail "$cmd newer: $(cat "$work/err")"
done
[ "$(sqlite3 "$work/newer.db" 'PRAGMA user_version')" = 99 ] || fail "newer store changed"
expect_rc 1 "$opora" --db "$work/missing.db" territories
grep -q "не найдена" "$work/err" || fail "missing store: $(cat "$work/err")"
[ -e "$work/missing.db" ] && fail "a reader created the store"
mkdir "$work/empty"
for cmd in packages "packages --territory chebarkul" check plugins "roadmap import $work/plan.csv"; do
  # shellcheck disable=SC2086
  (cd "$work/empty" && env -u OPORA_DB "$opora" $cmd > /dev/null 2> "$work/err") \
    || fail "$cmd without a store: $(cat "$work/err")"
  [ -z "$(ls -A "$work/empty")" ] || fail "$cmd created $(ls -A "$work/empty")"
done

# --- 5: a store the user may not write is still read ----------------------------------------
# Root ignores file modes, so the reader runs as nobody over a folder it cannot write.
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
  ro="$work/ro"; mkdir "$ro"; cp "$db" "$ro/t.db"; sqlite3 "$ro/t.db" 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null
  rm -f "$ro/t.db-wal" "$ro/t.db-shm"
  chmod 755 "$work" "$ro"; chmod 644 "$ro/t.db"; chmod -R a+rX "$work/scripts"
  as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
  if as_nobody test -x "$opora" && as_nobody test -r "$ro/t.db"; then
    for cmd in territories "identify --territory rzhev --year 2024"; do
      # shellcheck disable=SC2086
      as_nobody "$opora" --db "$ro/t.db" --scripts "$work/scripts" $cmd > "$work/out" 2> "$work/err"
      rc=$?
      grep -q "UPDATE\|readonly\|только для чтения" "$work/err" && fail "$cmd on a read-only store: $(cat "$work/err")"
      [ "$cmd" = territories ] && [ "$rc" -ne 0 ] && fail "territories on a read-only store: $(cat "$work/err")"
      grep -q "sch690001\|rzhev" "$work/out" || fail "$cmd read nothing: $(cat "$work/out" "$work/err")"
    done
    as_nobody "$opora" --db "$ro/t.db" --scripts "$work/scripts" import schools "$work/s.csv" \
      > "$work/out" 2> "$work/err" && fail "import into a read-only store passed"
    grep -q "только для чтения" "$work/err" || fail "read-only writer message: $(cat "$work/err")"
    grep -q "UPDATE\|INSERT" "$work/err" && fail "raw SQL shown: $(cat "$work/err")"
    # A -wal left beside it cannot be replayed without a -shm: said so, not read half.
    printf 'x' > "$ro/t.db-wal"
    as_nobody "$opora" --db "$ro/t.db" --scripts "$work/scripts" territories > "$work/out" 2> "$work/err" \
      && fail "read a store whose -wal it cannot replay"
    grep -q "остался журнал" "$work/err" || fail "leftover -wal message: $(cat "$work/err")"
  else
    echo "skip read-only store case: nobody cannot reach the build" >&2
  fi
fi

# --- 8: --db X demo writes its store to X --------------------------------------------------
expect_rc 0 "$opora" --db "$work/demo.db" demo --out "$work/demo" --schools 20
[ -s "$work/demo.db" ] || fail "demo ignored --db"
[ -e "$work/demo/opora-demo.db" ] && fail "demo wrote D/opora-demo.db despite --db"
[ "$(sqlite3 "$work/demo.db" "SELECT value FROM meta WHERE key = 'synthetic'")" = 1 ] || fail "demo store"
grep -q "$work/demo.db" "$work/out" || fail "demo does not say where its store is"
# An existing store that is not a demo one is never replaced.
expect_rc 2 "$opora" --db "$db" demo --out "$work/demo2" --schools 20
grep -q "не является демонстрационной" "$work/err" || fail "demo over a store: $(cat "$work/err")"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM schools')" = 3 ] || fail "demo replaced the store"
# Nor without --db: a store someone put at D/opora-demo.db is not a demo store.
mkdir "$work/demo3"; cp "$db" "$work/demo3/opora-demo.db"
expect_rc 2 "$opora" demo --out "$work/demo3" --schools 20
[ "$(sqlite3 "$work/demo3/opora-demo.db" 'SELECT count(*) FROM schools')" = 3 ] || fail "demo replaced D/opora-demo.db"
# Reports, indicators and status read a store while an import writes it.
{ echo "BEGIN IMMEDIATE; INSERT INTO meta(key, value) VALUES ('busy', '1');"; sleep 6; echo "COMMIT;"; } \
  | sqlite3 "$work/demo.db" &
writer=$!
sleep 1
for cmd in "report -t serafimovich -m 2023-03 -f json" "report -t serafimovich -m 2023-03 -f html -o $work/r.html" \
           "indicators -t serafimovich -m 2023-03" "roadmap status -t serafimovich -m 2023-03" \
           "progress history -t serafimovich -y 2023" "explain -t serafimovich"; do
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  "$opora" --db "$work/demo.db" $cmd > "$work/out" 2> "$work/err"; rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  grep -q "locked\|занята" "$work/err" && fail "$cmd waited for the writer: $(cat "$work/err")"
  [ "$ms" -lt 3000 ] || fail "$cmd took $ms ms beside a writer"
  [ "$rc" -eq 0 ] || [ "${cmd#indicators}" != "$cmd" ] || fail "$cmd beside a writer: exit $rc: $(cat "$work/err")"
done
grep -q "<html" "$work/r.html" || fail "html report beside a writer"
wait "$writer"
echo "store_safety: ok"
