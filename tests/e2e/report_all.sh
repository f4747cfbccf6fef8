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
if "$opora" report -t serafimovich -m 2023-03 -f html -o "$work/r.html" >/dev/null 2>&1; then
  grep -q "<html" "$work/r.html" || fail "html report"
fi
echo OK
