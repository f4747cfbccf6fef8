#!/usr/bin/env bash
# Every path into Lua is bounded, through the real CLI: a region package with a hanging line in
# evaluate, a municipality package hanging while it loads, and a criterion writing a global.
# identify finishes within seconds, names file:line and item in Russian, and the other
# packages' results are still produced.
set -uo pipefail
opora=$1; src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cp -r "$src/scripts" "$work/scripts"
mkdir -p "$work/scripts/tver/rzhev" "$work/scripts/tver/torzhok"
cat > "$work/scripts/tver/package.lua" <<'LUA'
package { name = "Тверская область", level = "region" }

criterion {
  id = "tver_hang", title = "Зависает", category = "risk_zone",
  evaluate = function(school)
    local s = ("a"):rep(99999) return s:find(".-.-x") ~= nil, 0, ""
  end,
}

criterion {
  id = "tver_counter", title = "Пишет глобальную", category = "risk_zone",
  evaluate = function(school)
    seen = (seen or 0) + 1
    return false, seen, "вызов " .. seen
  end,
}

criterion {
  id = "tver_small_school", title = "Малокомплектная школа", category = "risk_zone",
  evaluate = function(school)
    return school.students <= 100, school.students, "обучающихся: " .. school.students
  end,
}
LUA
cat > "$work/scripts/tver/rzhev/package.lua" <<'LUA'
package { name = "Ржевский муниципальный округ", level = "municipality" }
LUA
cat > "$work/scripts/tver/torzhok/package.lua" <<'LUA'
package { name = "Торжокский округ", level = "municipality" }
xpcall(error, function() while true do end end)
LUA
db="$work/t.db"
o() { "$opora" --db "$db" --scripts "$work/scripts" "$@"; }
printf 'login;name;territory;kind;locality;students\nsch690001;НОШ д. Берёзки;tver/rzhev;НОШ;village;40\nsch690002;СОШ № 2;tver/rzhev;СОШ;town;600\n' > "$work/s.csv"
o import schools "$work/s.csv" > /dev/null || fail "schools import"

start=$(date +%s)
timeout 60 "$opora" --db "$db" --scripts "$work/scripts" identify --territory rzhev --year 2024 \
  --json > "$work/id.json" 2> "$work/err"
rc=$?
took=$(( $(date +%s) - start ))
[ "$rc" -ne 124 ] || fail "identify hung"
[ "$took" -le 20 ] || fail "identify took ${took}s"
cat "$work/id.json" "$work/err" > "$work/all"
grep -q "tver/package.lua:6: критерий tver_hang: превышен лимит инструкций" "$work/all" \
  || fail "hanging criterion not named with file:line: $(head -c 2000 "$work/all")"
grep -q "tver/package.lua:13: критерий tver_counter: нельзя создавать или менять глобальную переменную «seen»" "$work/all" \
  || fail "global write not refused with its line: $(head -c 2000 "$work/all")"
grep -q "tver/torzhok/package.lua:2: .*превышен лимит инструкций" "$work/err" \
  || fail "hanging package load not named: $(cat "$work/err")"
/usr/bin/python3 - "$work/id.json" <<'PY' || fail "the other criteria did not produce results"
import json, sys
d = json.load(open(sys.argv[1]))
s = {x["login"]: x for x in d["schools"]}
crit = {v["criterion"]: v for v in s["sch690001"]["verdicts"]}
assert crit["tver_small_school"]["flagged"], crit
assert "low_results" in crit, sorted(crit)          # the federal criteria still run
assert "tver_hang" not in crit and "tver_counter" not in crit
PY
echo "lua bounds: ok"
