#!/usr/bin/env bash
# report for one municipality (json, html) and --all into a directory, through the real CLI.
# Usage: report_all.sh OPORA SRC
set -u
opora=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OPORA_SCRIPTS=$src/scripts
fail() { echo "FAIL: $*" >&2; exit 1; }

"$opora" demo --out "$work" --schools 50 >/dev/null 2>"$work/demo.err" || {
  echo "demo store not built (plugins missing?): $(tail -1 "$work/demo.err")" >&2; exit 77; }
export OPORA_DB=$work/opora-demo.db
for t in serafimovich:2023 chebarkul:2023 bagan:2022; do
  "$opora" roadmap create -t "${t%%:*}" -y "${t##*:}" >/dev/null || fail "create $t"
  "$opora" progress simulate -t "${t%%:*}" -y "${t##*:}" -m 2023-03 >/dev/null || fail "sim $t"
done

"$opora" report -t serafimovich -m 2023-03 -f json >"$work/r.json" || fail "report json"
python3 - "$work/r.json" <<'PY' || fail "report document"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "opora.report/1" and d["synthetic"] is True
ids = [s["id"] for s in d["sections"]]
assert ids == ["header", "summary", "roadmap", "matrix", "indicators", "schools", "dynamics",
               "risk_profiles"], ids
PY
"$opora" report -t nonexistent -m 2023-03 -f json 2>/dev/null
[ $? -eq 2 ] || fail "unknown territory is not a usage error"

"$opora" report --all -m 2023-03 -f json -o "$work/all" >/dev/null || fail "report --all"
n=$(ls "$work/all" | wc -l)
[ "$n" -eq 3 ] || fail "expected 3 reports, got $n"
[ -s "$work/all/volgograd_serafimovich_2023-03.json" ] || fail "file naming"
# Parallel --all (issue 10 §4): the reports of two workers are those of one, and each is the
# report of its territory alone (one snapshot for many regions changes nothing in it).
"$opora" report --all -m 2023-03 -f json --jobs 1 -o "$work/j1" >/dev/null || fail "--jobs 1"
"$opora" report --all -m 2023-03 -f json --jobs 2 -o "$work/j2" >/dev/null || fail "--jobs 2"
"$opora" report -t chebarkul -m 2023-03 -f json >"$work/chebarkul.json" || fail "chebarkul"
"$opora" report -t bagan -m 2023-03 -f json >"$work/bagan.json" || fail "bagan"
python3 - "$work" <<'PY' || fail "parallel reports differ"
import json, os, sys
w = sys.argv[1]
def doc(p):
    d = json.load(open(p))
    d.pop("generated_at")  # the clock, not the content
    return d
files = sorted(os.listdir(w + "/j1"))
assert files == sorted(os.listdir(w + "/j2")) and len(files) == 3, files
for f in files:
    assert doc(w + "/j1/" + f) == doc(w + "/j2/" + f), f
assert doc(w + "/j2/chelyabinsk_chebarkul_2023-03.json") == doc(w + "/chebarkul.json")
assert doc(w + "/j2/novosibirsk_bagan_2023-03.json") == doc(w + "/bagan.json")
assert doc(w + "/j2/volgograd_serafimovich_2023-03.json") == doc(w + "/r.json")
PY
"$opora" report --all -m 2023-03 -f json --jobs=-1 -o "$work/j3" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--jobs -1 is not a usage error"

# identify --jobs: regions judged in parallel give the same run as one worker.
"$opora" identify -t federal -y 2022 --all --json --jobs 1 >"$work/id1.json" || fail "identify -j 1"
"$opora" identify -t federal -y 2022 --all --json --jobs 2 >"$work/id2.json" || fail "identify -j 2"
cmp -s "$work/id1.json" "$work/id2.json" || fail "identify --jobs 2 differs from --jobs 1"
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); assert len({s['territory'].split('/')[0] for s in j['schools']}) > 1" "$work/id1.json" ||
  fail "the demo run covers one region only: --jobs is not exercised"

if "$opora" report -t serafimovich -m 2023-03 -f html -o "$work/r.html" >/dev/null 2>&1; then
  grep -q "<html" "$work/r.html" || fail "html report"
fi
echo OK
