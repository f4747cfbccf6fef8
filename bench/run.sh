#!/usr/bin/env bash
# National-scale benchmark: one run, figures side by side with the tools users would pick instead.
#   bench/run.sh [--schools N] [--years Y] [--runs R] [--keep DIR]   (default: 40000 schools,
#   5 years, 3 timed runs of each measure after one warm-up)
# Builds a Release tree in build-release/, generates a synthetic country, and prints a table:
# min and median of the runs, the ratio of the medians, and whether the target is met.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
schools=40000; years=5; keep=""; build="$here/build-release"; smoke=0; runs=3
while [ $# -gt 0 ]; do
  case $1 in
    --schools) schools=$2; shift 2 ;;
    --years) years=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --smoke) smoke=1; runs=1; shift ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
last=2025; first=$((last - years + 1))
work=${keep:-$(mktemp -d)}; mkdir -p "$work"
[ -z "$keep" ] && trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3

if [ "$smoke" = 0 ]; then
  # The start-up row needs a timer finer than /usr/bin/time's 10 ms: hyperfine (Debian package).
  if ! command -v hyperfine > /dev/null; then
    sudo_cmd=""; [ "$(id -u)" != 0 ] && sudo_cmd=sudo
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q hyperfine > /dev/null ||
      echo "hyperfine не установлен: строка запуска будет измерена грубее" >&2
  fi
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DOPORA_TESTS=OFF > /dev/null
  # Every plugin of the source tree (the "all criteria and plugins" row loads them from the
  # build's own plugins folder, the binary's default).
  cmake --build "$build" -j"$(nproc)" --target opora bench_lua_vs_cpp \
    $(ls -d "$here"/plugins/*/ | xargs -n1 basename | grep -v '^common$') > /dev/null
fi
opora=${OPORA_BIN:-$build/opora}

# One run of a command: "elapsed maxrss_kib" (its output in $work/out).
once() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2> "$work/err" ||
         { cat "$work/err" >&2; exit 1; }; cat "$work/time"; }
# `runs` timed runs after one warm-up (none with --smoke); $before (a shell command) runs
# untimed before each. Prints "min median max_rss_kib".
measure() {
  local t=() m=0 i line
  [ "$smoke" = 0 ] && { eval "${before:-:}"; once "$@" > /dev/null; }
  for ((i = 0; i < runs; i++)); do
    eval "${before:-:}"
    line=$(once "$@"); t+=("${line% *}"); [ "${line#* }" -gt "$m" ] && m=${line#* }
  done
  printf '%s\n' "${t[@]}" | sort -g | awk -v m="$m" '{ a[NR] = $1 } END {
    printf "%s %s %s\n", a[1], a[int((NR + 1) / 2)], m }'
}
mins() { echo "$1" | cut -d' ' -f1; }
med() { echo "$1" | cut -d' ' -f2; }
rss() { echo "$1" | awk '{ printf "%d", $3 / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "—" }'; }
# met VALUE OP LIMIT → «да» / «нет»
met() { awk -v a="$1" -v b="$3" -v op="$2" 'BEGIN { ok = op == "<" ? a < b : a <= b
  print (a == "" || a == "—") ? "—" : ok ? "да" : "нет" }'; }

echo "Генерация: $schools школ, $first–$last ..." >&2
"$opora" generate --schools "$schools" --years "$years" --last-year "$last" --students 0 \
  --out "$work/country" > /dev/null
rows=$(($(wc -l < "$work/country/results.csv") - 1))

# 1. Import of the results CSV vs sqlite3's own .import into a plain table.
#    Each run starts from the same store of territories and schools (copied, untimed).
db="$work/opora.db"; rm -f "$db"* "$work/base.db"*
"$opora" --db "$work/base.db" --plugins /nonexistent import territories "$work/country/territories.csv" > /dev/null
"$opora" --db "$work/base.db" --plugins /nonexistent import schools "$work/country/schools.csv" > /dev/null
before="rm -f '$db'*; cp '$work/base.db' '$db'"
t_import=$(measure "$opora" --db "$db" --plugins /nonexistent import results "$work/country/results.csv")
before=""
"$opora" --db "$db" --plugins /nonexistent import context "$work/country/context.csv" > /dev/null
# The same rows into a typed table (what the results table holds, without opora's key and
# checks): the fair floor for a load of this CSV.
cat > "$work/typed.sql" <<'SQL'
CREATE TABLE results (school TEXT, year INTEGER, procedure TEXT, grade INTEGER, subject TEXT,
  participants INTEGER, m2 INTEGER, m3 INTEGER, m4 INTEGER, m5 INTEGER, mean_score REAL);
SQL
before="rm -f '$work/plain.db'; sqlite3 '$work/plain.db' < '$work/typed.sql'"
t_sqlite_import=$(measure sqlite3 "$work/plain.db" -cmd ".mode csv" -cmd ".separator ;" \
  ".import --skip 1 $work/country/results.csv results")
before=""

# 2. Identify: low_results alone (opora, one SQL query, pandas) and the full federal set.
mkdir -p "$work/low"; cp -r "$here/scripts/federal" "$work/low/federal"
awk '/^-- ШНСУ/ { exit } { print }' "$here/scripts/federal/criteria.lua" > "$work/low/federal/criteria.lua"
t_id_low=$(measure "$opora" --db "$db" --scripts "$work/low" --plugins /nonexistent \
  identify --territory federal --year "$last" --json)
$py -c "
import json,sys; j=json.load(open('$work/out'))
print('\n'.join(sorted(s['login'] for s in j['schools'] if 'low_results' in s['categories'])))" > "$work/opora.txt"
cp "$work/out" "$work/low-cached.json"
# The same with the snapshot cache bypassed (the store decoded on every run, as before the
# cache), and the first run after a change of the data (it builds the cache): the output must
# be the same, byte for byte.
t_id_nocache=$(OPORA_SNAPSHOT_CACHE=off measure "$opora" --db "$db" --scripts "$work/low" \
  --plugins /nonexistent identify --territory federal --year "$last" --json)
cmp -s "$work/out" "$work/low-cached.json" || { echo "РАСХОЖДЕНИЕ: отбор с кэшем и без" >&2; exit 1; }
before="rm -f '$db.snapshot'"
t_id_build=$(measure "$opora" --db "$db" --scripts "$work/low" --plugins /nonexistent \
  identify --territory federal --year "$last" --json)
before=""
cmp -s "$work/out" "$work/low-cached.json" || { echo "РАСХОЖДЕНИЕ: отбор со свежим кэшем" >&2; exit 1; }
sed "s/:year/$last/g" "$here/bench/low_results.sql" > "$work/q.sql"
t_id_sql=$(measure sqlite3 "$db" ".read $work/q.sql"); cp "$work/out" "$work/sql.txt"
if $py -c "import pandas" 2> /dev/null; then
  t_id_pandas=$(measure $py "$here/bench/low_results_pandas.py" "$work/country/results.csv" "$last")
  cp "$work/out" "$work/pandas.txt"
else
  t_id_pandas="— — 0"; cp "$work/sql.txt" "$work/pandas.txt"; echo "pandas не установлен" >&2
fi
n_flagged=$(wc -l < "$work/opora.txt")
if ! cmp -s "$work/opora.txt" "$work/sql.txt" || ! cmp -s "$work/opora.txt" "$work/pandas.txt"; then
  echo "РАСХОЖДЕНИЕ: opora $(wc -l < "$work/opora.txt"), SQL $(wc -l < "$work/sql.txt"), pandas $(wc -l < "$work/pandas.txt")" >&2
  diff "$work/opora.txt" "$work/sql.txt" | head >&2 || true
  exit 1
fi
# All criteria and plugins: the scripts and the plugins the build made (the binary's defaults).
t_id_full=$(measure "$opora" --db "$db" identify --territory federal --year "$last" --json)
t_id_full1=$(measure "$opora" --db "$db" identify --territory federal --year "$last" --json --jobs 1)

# 3. Lua vs C++ (Google Benchmark, in process).
if [ "$smoke" = 0 ]; then
  OPORA_BENCH_DB=$db OPORA_BENCH_YEAR=$last "$build/bench/bench_lua_vs_cpp" \
    --benchmark_format=json --benchmark_repetitions="$runs" > "$work/gb.json" 2> /dev/null
  read -r cpp_rate lua_rate lua_batch_rate < <($py -c "
import json, statistics
rates = {}
for x in json.load(open('$work/gb.json'))['benchmarks']:
    if x.get('run_type') == 'iteration':
        rates.setdefault(x['name'].split('/')[0], []).append(x['items_per_second'])
print(int(statistics.median(rates['BM_Cpp'])), int(statistics.median(rates['BM_Lua'])),
      int(statistics.median(rates['BM_LuaBatch'])))")
fi

# 4. Reports: every municipality of the country gets the federal test plan (Chebarkul's roadmap
#    as a federal default), on a saved national identification; then report --all for a month.
mkdir -p "$work/plans"; cp -r "$work/low/federal" "$work/plans/federal"
cp "$here/scripts/federal/criteria.lua" "$work/plans/federal/criteria.lua"
cat >> "$work/plans/federal/package.lua" <<'LUA'
-- Benchmark only: a federal default roadmap every municipality inherits.
require "bench_roadmap"
LUA
cp "$here/scripts/chelyabinsk/chebarkul/roadmap.lua" "$work/plans/federal/bench_roadmap.lua"
echo "Планы для всех муниципалитетов ..." >&2
"$opora" --db "$db" --scripts "$work/plans" --plugins /nonexistent identify --territory federal --year "$last" --save > /dev/null 2>&1 || true
munis=$(sqlite3 "$db" "SELECT id FROM territories WHERE level = 'municipality' AND source = 'import'")
n_munis=0
for m in $munis; do
  "$opora" --db "$db" --scripts "$work/plans" --plugins /nonexistent roadmap create --territory "$m" --year "$last" > /dev/null
  n_munis=$((n_munis + 1))
done
before="rm -rf '$work/reports'"
t_report=$(measure "$opora" --db "$db" --scripts "$work/plans" --plugins /nonexistent report --all --month "$last-03" --format html --out "$work/reports")
before=""
first_muni=$(echo "$munis" | head -1)
t_report_one=$(measure "$opora" --db "$db" --scripts "$work/plans" --plugins /nonexistent report --territory "$first_muni" --month "$last-03" --format html --out "$work/one.html")

# 6. Start-up: `opora packages` with all packages and plugins.
if command -v hyperfine > /dev/null; then
  hyperfine -N --warmup 3 --runs 20 --export-json "$work/hf.json" "$opora --db $db packages" > /dev/null 2>&1
  read -r start_min start_med < <($py -c "
import json, statistics; r = json.load(open('$work/hf.json'))['results'][0]['times']
print(round(min(r) * 1000, 1), round(statistics.median(r) * 1000, 1))")
else
  # No hyperfine: Python's monotonic clock around each run (finer than /usr/bin/time).
  read -r start_min start_med < <($py -c "
import statistics, subprocess, time
t = []
for i in range(23):
    a = time.perf_counter(); subprocess.run(['$opora', '--db', '$db', 'packages'], stdout=subprocess.DEVNULL, check=True)
    t.append(time.perf_counter() - a)
t = t[3:]; print(round(min(t) * 1000, 1), round(statistics.median(t) * 1000, 1))")
fi

cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
echo
echo "opora: замеры $(date +%F), $cpu, ядер: $(nproc), ОЗУ: $mem"
echo "Данные: $schools школ, $first–$last, строк результатов: $rows; ШНОР по low_results: $n_flagged (совпадает у opora, SQL и pandas)"
row() {  # measure, opora "min / median", compared with, ratio, target, met
  printf '%-50s | %-22s | %-22s | %-8s | %-14s | %s\n' "$@"
}
mm() { echo "$(mins "$1") / $(med "$1") с"; }
row "замер (min / медиана из $runs)" "opora" "сравнение" "отношение" "цель" "выполнено"
r_import=$(ratio "$(med "$t_import")" "$(med "$t_sqlite_import")")
row "1. импорт results.csv (vs sqlite3 .import в типизированную таблицу)" "$(mm "$t_import")" "$(mm "$t_sqlite_import")" "$r_import" "≤ 1,1×" \
  "$(met "${r_import%×}" "<=" 1.1)"
row "1b. пиковая память импорта results.csv" "$(rss "$t_import") MiB" "sqlite3: $(rss "$t_sqlite_import") MiB" "" "" ""
r_sql=$(ratio "$(med "$t_id_low")" "$(med "$t_id_sql")")
row "2a. отбор low_results по стране (vs SQL-запрос)" "$(mm "$t_id_low")" "$(mm "$t_id_sql")" "$r_sql" "≤ 0,25×" "$(met "${r_sql%×}" "<=" 0.25)"
row "2a'. то же без кэша снимка (OPORA_SNAPSHOT_CACHE=off)" "$(mm "$t_id_nocache")" "$(mm "$t_id_sql")" "$(ratio "$(med "$t_id_nocache")" "$(med "$t_id_sql")")" "" ""
row "2a''. то же, первый запуск после импорта (строит кэш)" "$(mm "$t_id_build")" "$(mm "$t_id_sql")" "$(ratio "$(med "$t_id_build")" "$(med "$t_id_sql")")" "" ""
r_pd=$(ratio "$(med "$t_id_low")" "$(med "$t_id_pandas")")
row "2b. отбор low_results по стране (vs pandas)" "$(mm "$t_id_low")" "$(mm "$t_id_pandas")" "$r_pd" "< 1×" "$(met "${r_pd%×}" "<" 1)"
row "2c. отбор всеми критериями и плагинами" "$(mm "$t_id_full")" "--jobs 1: $(mm "$t_id_full1")" "$(ratio "$(med "$t_id_full")" "$(med "$t_id_full1")")" "< 1 с" "$(met "$(med "$t_id_full")" "<" 1)"
if [ "$smoke" = 0 ]; then
  r_lua=$(ratio "$cpp_rate" "$lua_rate")
  row "3. low_results: Lua по школам (vs C++ плагин), школ/с" "$(awk -v x="$lua_rate" 'BEGIN{printf "%.2f M/с", x/1e6}')" "$(awk -v x="$cpp_rate" 'BEGIN{printf "%.2f M/с", x/1e6}')" "$r_lua" "—" "—"
  r_batch=$(ratio "$cpp_rate" "$lua_batch_rate")
  row "3b. low_results: Lua, пакетная форма (vs C++ плагин), школ/с" "$(awk -v x="$lua_batch_rate" 'BEGIN{printf "%.2f M/с", x/1e6}')" "$(awk -v x="$cpp_rate" 'BEGIN{printf "%.2f M/с", x/1e6}')" "$r_batch" "≤ 3×" "$(met "${r_batch%×}" "<=" 3)"
fi
row "4. report --all: $n_munis муниципалитетов, один месяц" "$(mm "$t_report")" "" "" "< 5 с" "$(met "$(med "$t_report")" "<" 5)"
row "4a. пиковая память report --all" "$(rss "$t_report") MiB" "" "" "" ""
row "4b. отчёт одного муниципалитета с запуска процесса" "$(mm "$t_report_one")" "" "" "< 0,15 с" "$(met "$(med "$t_report_one")" "<" 0.15)"
row "5. пиковая память отбора по стране (все критерии)" "$(rss "$t_id_full") MiB" "pandas: $(rss "$t_id_pandas") MiB" "" "< 512 MiB" "$(met "$(rss "$t_id_full")" "<" 512)"
row "6. запуск: opora packages (все пакеты и плагины)" "$start_min / $start_med мс" "" "" "< 50 мс" "$(met "$start_med" "<" 50)"
