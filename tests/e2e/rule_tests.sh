#!/usr/bin/env bash
# `opora test` (issue 12 §2): the shipped packages' rule tests pass; a changed threshold makes the
# case pinning it fail (exit 1, the case named); test files are sandboxed, declare nothing, and
# a tests/ folder is never a package or a module.
set -euo pipefail
opora=$1; src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"

# 1. The shipped tree: every territory's suite passes; nothing creates a store.
"$opora" test > out.txt 2> err.txt || { cat out.txt err.txt; echo "shipped tests failed"; exit 1; }
grep -q "Чебаркуль: ШНСУ — школа с наибольшей суммой баллов" out.txt
grep -q "Сочи: маршрут ЕГЭ" out.txt
grep -q "Баган: группа профилактики" out.txt
for t in federal chelyabinsk/chebarkul krasnodar/sochi irkutsk/zima volgograd/serafimovich \
         novosibirsk/bagan; do
  grep -q "^Территория $t:" out.txt || { echo "no tests of $t"; cat out.txt; exit 1; }
done
grep -Eq "^[1-9][0-9]* пройдено, 0 не пройдено$" out.txt || { cat out.txt; exit 1; }
if grep -q "✘" out.txt; then cat out.txt; exit 1; fi
[ ! -e opora.db ] || { echo "opora test created opora.db"; exit 1; }

# 2. One territory only, by the last segment of its id.
"$opora" test chebarkul > one.txt
grep -q "^Территория chelyabinsk/chebarkul:" one.txt
if grep -q "^Территория federal:" one.txt; then echo "ran other territories"; exit 1; fi

# 3. A ministry raises the minimum point sum from 40 to 60: the case pinning s76 (56 points)
#    fails, named, with the verdict's explanation; the run exits 1.
cp -r "$src/scripts" tree
sed -i 's/min_points = 40,/min_points = 60,/' tree/chelyabinsk/criteria.lua
grep -q "min_points = 60," tree/chelyabinsk/criteria.lua
set +e
"$opora" --scripts tree test > bad.txt 2> bad_err.txt
rc=$?
set -e
[ $rc -eq 1 ] || { echo "expected exit 1, got $rc"; cat bad.txt bad_err.txt; exit 1; }
grep -q "✘ Чебаркуль: ШНСУ — школа с наибольшей суммой баллов (56), вторая (50) — нет" bad.txt
grep -q "школа s76 не отнесена к «social_risk», ожидалось отнесена" bad.txt
grep -q "минимальная для отнесения — 60" bad.txt
grep -Eq "^[0-9]+ пройдено, 1 не пройдено$" bad.txt || { cat bad.txt; exit 1; }
grep -q "тесты правил не пройдены" bad_err.txt

# 4. Test files declare nothing, run sandboxed, and a wrong expectation is named.
rm -rf tree; cp -r "$src/scripts" tree
cat > tree/federal/tests/bad.lua <<'LUA'
criterion { id = "sneaky", title = "x", category = "low_results", evaluate = function() return true end }
LUA
mkdir -p tree/irkutsk/tests
cat > tree/irkutsk/tests/escape.lua <<'LUA'
case { name = "нет io", year = 2024, territory = "irkutsk", schools = { { login = "a" } },
       expect = { not_flagged = { low_results = { tostring(io) == "nil" and "a" or "io!" } } } }
case { name = "неизвестная категория", year = 2024, territory = "irkutsk",
       schools = { { login = "a" } }, expect = { flagged = { no_such_category = { "a" } } } }
LUA
# A package.lua under tests/ is no package, and packages cannot require a test file.
echo 'this is not lua' > tree/federal/tests/package.lua
set +e
"$opora" --scripts tree test > sb.txt 2> sb_err.txt
rc=$?
set -e
[ $rc -eq 1 ] || { echo "expected exit 1, got $rc"; cat sb.txt sb_err.txt; exit 1; }
grep -q "объявления допустимы только при загрузке пакета" sb.txt
grep -q "✔ нет io" sb.txt
grep -q "✘ неизвестная категория" sb.txt
grep -q "no_such_category: нет такой категории или критерия" sb.txt
if grep -q "Пакет не загружен" sb_err.txt; then cat sb_err.txt; exit 1; fi
grep -q "package.lua" sb.txt  # the stray file is read as a test file and fails as one
"$opora" --scripts tree packages > pk.txt 2>&1
if grep -q "tests" pk.txt; then cat pk.txt; exit 1; fi

rm -rf tree; cp -r "$src/scripts" tree
echo 'require "tests.low_results"' >> tree/irkutsk/package.lua
set +e
"$opora" --scripts tree test irkutsk/zima > rq.txt 2> rq_err.txt
rc=$?
set -e
[ $rc -eq 1 ] || { echo "expected exit 1, got $rc"; exit 1; }
grep -q "модули из папки tests/" rq_err.txt || { cat rq_err.txt; exit 1; }
echo ok
