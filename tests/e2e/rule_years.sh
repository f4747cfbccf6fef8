#!/usr/bin/env bash
# Rules declare the years of results they read (criterion{ years = N }), through the real CLI on
# the demo store: identify gives the same verdicts as before the declarations (the federal rules
# declare 1 or 2 years, so the run loads fewer years); a rule reading a year it did not declare
# fails the run with its file, line and the years it declared, and the other rules still run.
. "$2/tests/e2e/lib/demo_store.bash" "$@"

"$opora" identify -t chebarkul -y 2022 --json > "$work/declared.json" || fail "identify"
# The same package tree with every declaration removed: the whole look-back is loaded.
cp -r "$src/scripts" "$work/scripts"
find "$work/scripts" -name '*.lua' -exec sed -i '/^  years = [0-9],/d' {} +
grep -rq "^  years = " "$work/scripts" && fail "declarations left in the copy"
OPORA_SCRIPTS=$work/scripts "$opora" identify -t chebarkul -y 2022 --json > "$work/all.json" ||
  fail "identify without declarations"
cmp -s "$work/declared.json" "$work/all.json" || fail "declared years changed the verdicts"

# A rule that declares one year and reads the year before.
cat >> "$work/scripts/federal/criteria.lua" <<'LUA'

criterion {
  id = "reads_too_far",
  title = "Читает год, которого не объявил",
  category = "risk_zone",
  years = 1,
  evaluate = function(school, p, _, run)
    local a = school:aggregate { year = run.year - 1 }
    return a.participants > 0, 0, "участников годом раньше: " .. a.participants
  end,
}
LUA
OPORA_SCRIPTS=$work/scripts "$opora" identify -t chebarkul -y 2022 > "$work/far.txt" \
  2> "$work/far.err" && fail "a rule reading an undeclared year did not fail the run"
grep -q "reads_too_far" "$work/far.err" || fail "the criterion is not named: $(cat "$work/far.err")"
grep -q "scripts/federal/criteria.lua:[0-9]*: критерий reads_too_far: school:aggregate: 2021 год вне лет, которые критерий читает (years = 1: 2022–2022 гг.)" \
  "$work/far.err" || fail "no file, line and years in: $(cat "$work/far.err")"
grep -q "Отбор школ" "$work/far.txt" || fail "the other rules' verdicts were not printed"
echo "rule years: ok"
