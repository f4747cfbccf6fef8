#!/usr/bin/env bash
# National-scale benchmark: one run, figures side by side with the tools users would pick instead.
#   bench/run.sh [--schools N] [--years Y] [--keep DIR]     (default: 40000 schools, 5 years)
# Builds a Release tree in build-release/, generates a synthetic country, and prints a table.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
schools=40000; years=5; keep=""; build="$here/build-release"; smoke=0
while [ $# -gt 0 ]; do
  case $1 in
    --schools) schools=$2; shift 2 ;;
    --years) years=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --smoke) smoke=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
last=2025; first=$((last - years + 1))
work=${keep:-$(mktemp -d)}; mkdir -p "$work"
[ -z "$keep" ] && trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3

if [ "$smoke" = 0 ]; then
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DOPORA_TESTS=OFF > /dev/null
  cmake --build "$build" -j"$(nproc)" --target opora fioko novosibirsk bench_lua_vs_cpp > /dev/null
fi
opora=${OPORA_BIN:-$build/opora}

# seconds and peak RSS (KiB) of a command: "elapsed maxrss"
measure() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2> "$work/err" ||
            { cat "$work/err" >&2; exit 1; }; cat "$work/time"; }
secs() { echo "$1" | cut -d' ' -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "—" }'; }

echo "Генерация: $schools школ, $first–$last ..." >&2
"$opora" generate --schools "$schools" --years "$years" --last-year "$last" --students 0 \
  --out "$work/country" > /dev/null
rows=$(($(wc -l < "$work/country/results.csv") - 1))

# 1. Import of the results CSV vs sqlite3's own .import into a plain table.
db="$work/opora.db"; rm -f "$db"*
"$opora" --db "$db" --plugins /nonexistent import territories "$work/country/territories.csv" > /dev/null
"$opora" --db "$db" --plugins /nonexistent import schools "$work/country/schools.csv" > /dev/null
t_import=$(measure "$opora" --db "$db" --plugins /nonexistent import results "$work/country/results.csv")
"$opora" --db "$db" --plugins /nonexistent import context "$work/country/context.csv" > /dev/null
rm -f "$work/plain.db"
t_sqlite_import=$(measure sqlite3 "$work/plain.db" -cmd ".mode csv" -cmd ".separator ;" \
  ".import $work/country/results.csv results")

# 2. Identify: low_results alone (opora, one SQL query, pandas) and the full federal set.
mkdir -p "$work/low"; cp -r "$here/scripts/federal" "$work/low/federal"
awk '/^-- ШНСУ/ { exit } { print }' "$here/scripts/federal/criteria.lua" > "$work/low/federal/criteria.lua"
t_id_low=$(measure "$opora" --db "$db" --scripts "$work/low" --plugins /nonexistent \
  identify --territory federal --year "$last" --json)
$py -c "
import json,sys; j=json.load(open('$work/out'))
print('\n'.join(sorted(s['login'] for s in j['schools'] if 'low_results' in s['categories'])))" > "$work/opora.txt"
sed "s/:year/$last/g" "$here/bench/low_results.sql" > "$work/q.sql"
t_id_sql=$(measure sqlite3 "$db" ".read $work/q.sql"); cp "$work/out" "$work/sql.txt"
if $py -c "import pandas" 2> /dev/null; then
  t_id_pandas=$(measure $py "$here/bench/low_results_pandas.py" "$work/country/results.csv" "$last")
  cp "$work/out" "$work/pandas.txt"
else
  t_id_pandas="— —"; cp "$work/sql.txt" "$work/pandas.txt"; echo "pandas не установлен" >&2
fi
n_flagged=$(wc -l < "$work/opora.txt")
if ! cmp -s "$work/opora.txt" "$work/sql.txt" || ! cmp -s "$work/opora.txt" "$work/pandas.txt"; then
  echo "РАСХОЖДЕНИЕ: opora $(wc -l < "$work/opora.txt"), SQL $(wc -l < "$work/sql.txt"), pandas $(wc -l < "$work/pandas.txt")" >&2
  diff "$work/opora.txt" "$work/sql.txt" | head >&2 || true
  exit 1
fi
t_id_full=$(measure "$opora" --db "$db" --plugins /nonexistent identify --territory federal --year "$last" --json)

# 3. Lua vs C++ (Google Benchmark, in process).
if [ "$smoke" = 0 ]; then
  "$build/bench/bench_lua_vs_cpp" --benchmark_format=json > "$work/gb.json" 2> /dev/null
  read -r cpp_rate lua_rate < <($py -c "
import json; b={x['name'].split('/')[0]: x['items_per_second'] for x in json.load(open('$work/gb.json'))['benchmarks']}
print(int(b['BM_Cpp']), int(b['BM_Lua']))")
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
t_report=$(measure "$opora" --db "$db" --scripts "$work/plans" --plugins /nonexistent report --all --month "$last-03" --format html --out "$work/reports")
first_muni=$(echo "$munis" | head -1)
t_report_one=$(measure "$opora" --db "$db" --scripts "$work/plans" --plugins /nonexistent report --territory "$first_muni" --month "$last-03" --format html --out "$work/one.html")

# 6. Start-up: `opora packages` with all packages and plugins.
if command -v hyperfine > /dev/null; then
  hyperfine -N --warmup 3 --runs 20 --export-json "$work/hf.json" "$opora --db $db packages" > /dev/null 2>&1
  t_start=$($py -c "import json; print(round(json.load(open('$work/hf.json'))['results'][0]['median']*1000, 1))")
else
  t_start=$( { for i in 1 2 3 4 5; do /usr/bin/time -f "%e" "$opora" --db "$db" packages > /dev/null; done; } 2>&1 | sort -n | sed -n 3p | awk '{print $1*1000}')
fi

cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
echo
echo "opora: замеры $(date +%F), $cpu, ядер: $(nproc), ОЗУ: $mem"
echo "Данные: $schools школ, $first–$last, строк результатов: $rows; ШНОР по low_results: $n_flagged (совпадает у opora, SQL и pandas)"
printf '%-52s %12s %14s %10s %s\n' "замер" "opora" "сравнение" "отношение" "цель"
printf '%-52s %11ss %13ss %10s %s\n' "1. импорт results.csv (vs sqlite3 .import)" "$(secs "$t_import")" "$(secs "$t_sqlite_import")" "$(ratio "$(secs "$t_import")" "$(secs "$t_sqlite_import")")" "≤ 1,25×"
printf '%-52s %11ss %13ss %10s %s\n' "2a. отбор low_results по стране (vs SQL-запрос)" "$(secs "$t_id_low")" "$(secs "$t_id_sql")" "$(ratio "$(secs "$t_id_low")" "$(secs "$t_id_sql")")" "< 1×, < 2 с"
printf '%-52s %11ss %13ss %10s %s\n' "2b. отбор low_results по стране (vs pandas)" "$(secs "$t_id_low")" "$(secs "$t_id_pandas")" "$(ratio "$(secs "$t_id_low")" "$(secs "$t_id_pandas")")" "< 1×"
printf '%-52s %11ss %14s %10s %s\n' "2c. отбор всеми федеральными критериями" "$(secs "$t_id_full")" "" "" ""
if [ "$smoke" = 0 ]; then
  printf '%-52s %10sM/s %11sM/s %10s %s\n' "3. простой критерий: Lua (vs C++ плагин), оценок/с" \
    "$(awk -v x="$lua_rate" 'BEGIN{printf "%.2f", x/1e6}')" "$(awk -v x="$cpp_rate" 'BEGIN{printf "%.2f", x/1e6}')" \
    "$(ratio "$cpp_rate" "$lua_rate")" "≤ 3×, ≥ 1M/с"
fi
printf '%-52s %11ss %14s %10s %s\n' "4. report --all: $n_munis муниципалитетов страны" "$(secs "$t_report")" "" "" "страна < 10 с"
printf '%-52s %11ss %14s %10s %s\n' "4b. отчёт одного муниципалитета с запуска процесса" "$(secs "$t_report_one")" "" "" "< 0,15 с"
printf '%-52s %9sMiB %14s %10s %s\n' "5. пиковая память отбора по стране (все критерии)" "$(($(echo "$t_id_full" | cut -d' ' -f2) / 1024))" "" "" "< 1024 MiB"
printf '%-52s %10sms %14s %10s %s\n' "6. запуск: opora packages (все пакеты и плагины)" "$t_start" "" "" "< 50 ms"
