#!/usr/bin/env bash
# Runs that can be reproduced (issue 12 §4), through the real CLI on the demo store: a saved
# identification records its rule set and the data it read; `opora runs` lists it; `opora verify`
# confirms it, names the rule item after a parameter changes in a copy of the scripts, and names
# the table and year after a changed result is imported (exit code 1 both times); a report says
# which run it is based on, in every format.
. "$2/tests/e2e/lib/demo_store.bash" "$@"

"$opora" identify -t chebarkul -y 2022 --save > "$work/save.txt" || fail "identify --save"
"$opora" identify -t chebarkul -y 2022 --json > "$work/id.json" || fail "identify --json"
"$opora" runs -t chebarkul --json > "$work/runs.json" || fail "runs --json"
run=$(python3 - "$work/runs.json" "$work/id.json" "$work/save.txt" <<'PY'
import json, sys, re
runs, ident = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
saved = re.search(r"запуск №(\d+), правила ([0-9a-f]+)", open(sys.argv[3]).read())
r = runs[0]
assert set(r) == {"id", "created_at", "territory", "year", "ruleset_hash", "data_hash", "schools", "flagged"}, r
assert r["id"] == int(saved.group(1)) and r["ruleset_hash"] == saved.group(2), (r, saved.groups())
assert r["territory"] == "chelyabinsk/chebarkul" and r["year"] == 2022, r
assert len(r["data_hash"]) == 16, r["data_hash"]
assert r["schools"] == len(ident["schools"]) or r["schools"] >= len(ident["schools"]), r
want = {}
for s in ident["schools"]:
    for c in s["categories"]:
        want[c] = want.get(c, 0) + 1
assert r["flagged"] == want, (r["flagged"], want)
print(r["id"])
PY
) || fail "runs --json shape"
"$opora" runs > "$work/runs.txt" || fail "runs"
grep -q "^№$run  .*chelyabinsk/chebarkul  2022 год  правила [0-9a-f]\{16\}  данные [0-9a-f]\{16\}" "$work/runs.txt" ||
  fail "runs text: $(cat "$work/runs.txt")"

# The same rules and data: confirmed.
"$opora" verify "$run" > "$work/ok.txt" || fail "verify of an unchanged run: $(cat "$work/ok.txt")"
grep -q "Запуск №$run воспроизводится" "$work/ok.txt" || fail "verify ok: $(cat "$work/ok.txt")"
grep -q "правила: .* — совпадают" "$work/ok.txt" && grep -q "данные: .* — совпадают" "$work/ok.txt" ||
  fail "verify ok details: $(cat "$work/ok.txt")"

# The same rules under another folder name are the same rule set.
mkdir "$work/copy"; cp -r "$src/scripts" "$work/copy/rules"
OPORA_SCRIPTS=$work/copy/rules "$opora" verify "$run" > "$work/copy.txt" ||
  fail "verify from a copy of the scripts: $(cat "$work/copy.txt")"
grep -q "Запуск №$run воспроизводится" "$work/copy.txt" || fail "copy: $(cat "$work/copy.txt")"

# A rule parameter changed in a copy of the scripts: verify names the item, exit code 1.
cp -r "$src/scripts" "$work/scripts"
sed -i 's/    fail_share = 0.30,          -- share of "2" that makes a work failing/    fail_share = 0.25,/' \
  "$work/scripts/federal/criteria.lua"
grep -q 'fail_share = 0.25,' "$work/scripts/federal/criteria.lua" || fail "sed"
OPORA_SCRIPTS=$work/scripts "$opora" verify "$run" > "$work/rules.txt" 2>"$work/rules.err"
rc=$?
[ $rc -eq 1 ] || fail "verify after a rule change: exit $rc"
grep -q "критерий low_results: fail_share 0.3 → 0.25" "$work/rules.txt" || fail "rule item not named: $(cat "$work/rules.txt")"
grep -q "пакет federal: изменён текст правил" "$work/rules.txt" || fail "package text not named: $(cat "$work/rules.txt")"
grep -q "не воспроизводится: изменились правила" "$work/rules.err" || fail "rules: $(cat "$work/rules.err")"
grep -q "данные: .* — совпадают" "$work/rules.txt" || fail "data reported changed with only rules changed"

# The code of a rule changed (a module the federal criteria require), parameters as they were:
# verify names the rule items whose package text changed.
cp -r "$src/scripts" "$work/code"
echo "-- a change of the rules' code" >> "$work/code/federal/lib/results.lua"
OPORA_SCRIPTS=$work/code "$opora" verify "$run" > "$work/code.txt" 2>&1 && fail "verify passed a changed rule code"
grep -q "пакет federal: изменён текст правил (критерии .*low_results" "$work/code.txt" ||
  fail "code change not named: $(cat "$work/code.txt")"
grep -q "вердикты: .* — совпадают" "$work/code.txt" || fail "code: verdicts: $(cat "$work/code.txt")"

# A changed result imported: verify names the table and the year.
login=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["schools"][0]["login"])' "$work/id.json")
cat > "$work/changed.csv" <<CSV
login;procedure;year;grade;subject;participants;m2;m3;m4;m5;mean_score
$login;ВПР;2021;7;Математика;23;11;7;3;2;
CSV
"$opora" import results "$work/changed.csv" >/dev/null || fail "import of the changed result"
"$opora" verify "$run" > "$work/data.txt" 2>"$work/data.err"
rc=$?
[ $rc -eq 1 ] || fail "verify after a data change: exit $rc"
grep -q "results/2021: результаты оценочных процедур за 2021 год — изменены" "$work/data.txt" ||
  fail "data part not named: $(cat "$work/data.txt")"
grep -q "results/2022" "$work/data.txt" && fail "an unchanged year named: $(cat "$work/data.txt")"
grep -q "правила: .* — совпадают" "$work/data.txt" || fail "rules reported changed with only data changed"
grep -q "изменились данные" "$work/data.err" || fail "data: $(cat "$work/data.err")"

# A report names the run it is based on, in every format.
"$opora" roadmap create -t chebarkul -y 2023 >/dev/null 2>&1
"$opora" identify -t chebarkul -y 2023 --save >/dev/null || fail "identify 2023"
run23=$("$opora" runs -t chebarkul --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
"$opora" report -t chebarkul -m 2023-03 -f json > "$work/r.json" || fail "report json"
python3 - "$work/r.json" "$run23" <<'PY' || fail "report json: identification_run"
import json, sys
r = json.load(open(sys.argv[1]))["identification_run"]
assert r["id"] == int(sys.argv[2]) and r["year"] == 2023, r
assert len(r["ruleset_hash"]) == 16 and len(r["data_hash"]) == 16, r
PY
for f in html md xlsx; do
  "$opora" report -t chebarkul -m 2023-03 -f $f -o "$work/r.$f" >/dev/null || fail "report $f"
done
grep -q "Отбор школ: запуск №$run23" "$work/r.html" || fail "html: run not named"
grep -q "Отбор школ: запуск №$run23" "$work/r.md" || fail "md: run not named"
python3 - "$work/r.xlsx" "$run23" <<'PY' || fail "xlsx: run not named"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
assert "Отбор школ: запуск №" + sys.argv[2] in text
PY

"$opora" verify 999999 2>"$work/none.err"; [ $? -eq 2 ] || fail "unknown run: exit code"
grep -q "запуск №999999 не найден" "$work/none.err" || fail "unknown run: $(cat "$work/none.err")"
echo OK
