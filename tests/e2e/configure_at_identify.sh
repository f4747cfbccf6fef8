#!/usr/bin/env bash
# A configure{} whose value the rule cannot use fails that criterion in identify with the line of
# the configure — not with a message from deep inside the federal library — and is never saved.
set -uo pipefail
opora=$1; src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cp -r "$src/scripts" "$work/scripts"
"$opora" --db "$work/demo.db" demo --out "$work/demo" > /dev/null 2>&1 || fail "demo failed"
pkg="$work/scripts/chelyabinsk/chebarkul/package.lua"
printf '\nconfigure { low_results = { fail_share = "0,25" } }\n' >> "$pkg"
count_runs() { sqlite3 "$work/demo.db" "select count(*) from identification_runs"; }
before=$(count_runs)
line=$(grep -n 'fail_share = "0,25"' "$pkg" | cut -d: -f1)
"$opora" --db "$work/demo.db" --scripts "$work/scripts" identify --territory chebarkul \
  --year 2022 --save > "$work/out" 2> "$work/err" && fail "identify --save succeeded with a mistyped configure"
grep -qF "scripts/chelyabinsk/chebarkul/package.lua:$line: configure: параметр «fail_share» критерия low_results — число (по умолчанию 0.3), а задано: строка «0,25»" "$work/err" ||
  fail "identify did not name the configure line:
$(cat "$work/err")"
grep -q "lib/results.lua" "$work/err" && fail "the error points into the federal library:
$(cat "$work/err")"
# Other criteria still ran, and nothing was saved.
grep -q "social_risk\|ШНСУ\|risk_zone" "$work/out" || fail "the other criteria produced nothing"
[ "$(count_runs)" = "$before" ] || fail "a run with a failed criterion was saved"
echo "ok"
