#!/usr/bin/env bash
# A region adds a criterion and a new indicator type as Lua files: picked up without a rebuild.
# A broken package is named with file:line, and the rest keeps working.
set -uo pipefail
opora=$1; src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cp -r "$src/scripts" "$work/scripts"
mkdir -p "$work/scripts/tver/rzhev"
cat > "$work/scripts/tver/package.lua" <<'LUA'
package { name = "Тверская область", level = "region" }

criterion {
  id = "tver_small_school",
  title = "Малокомплектная школа",
  category = "risk_zone",
  params = { max_students = 100 },
  evaluate = function(school, p)
    return school.students <= p.max_students, school.students,
           string.format("обучающихся: %d (порог %d)", school.students, p.max_students)
  end,
}

indicator_type {
  id = "tver_flagged_count",
  title = "Число отобранных школ категории",
  args = { category = "risk_zone" },
  compute = function(ctx, a)
    return #ctx:identified(a.category), 1, "школ в категории " .. a.category
  end,
}
LUA
cat > "$work/scripts/tver/rzhev/package.lua" <<'LUA'
package { name = "Ржевский муниципальный округ", level = "municipality" }
indicator {
  id = "rzhev_small", title = "Число малокомплектных школ в зоне риска", unit = "count",
  scope = "territory", type = "tver_flagged_count", args = { category = "risk_zone" },
  target = "не более 5",
}
LUA
db="$work/t.db"
o() { "$opora" --db "$db" --scripts "$work/scripts" "$@"; }
printf 'id;name;parent;level\n' > "$work/t.csv"
printf 'login;name;territory;kind;locality;students\nsch690001;НОШ д. Берёзки;tver/rzhev;НОШ;village;40\nsch690002;СОШ № 2;tver/rzhev;СОШ;town;600\n' > "$work/s.csv"
o import territories "$work/t.csv" > /dev/null 2>&1 || true   # header only: refused, harmless
o import schools "$work/s.csv" > /dev/null || fail "schools import"

o check > /dev/null || fail "check of a good tree"
o packages --territory rzhev --json > "$work/p.json" || fail "packages"
/usr/bin/python3 - "$work/p.json" <<'PY' || fail "new items not listed with their origin"
import json, sys
items = {(i["kind"], i["id"]): i for i in json.load(open(sys.argv[1]))["items"]}
assert items[("criterion", "tver_small_school")]["origin"] == "scripts/tver/package.lua:3"
assert items[("indicator_type", "tver_flagged_count")]["origin"] == "scripts/tver/package.lua:14"
assert items[("indicator", "rzhev_small")]["origin"] == "scripts/tver/rzhev/package.lua:2"
PY
o identify --territory rzhev --year 2024 --json --save > "$work/id.json" || fail "identify"
/usr/bin/python3 - "$work/id.json" <<'PY' || fail "the new criterion did not run"
import json, sys
s = {x["login"]: x for x in json.load(open(sys.argv[1]))["schools"]}
v = next(v for v in s["sch690001"]["verdicts"] if v["criterion"] == "tver_small_school")
assert v["flagged"] and v["explanation"] == "обучающихся: 40 (порог 100)", v
assert "risk_zone" in s["sch690001"]["categories"]
PY

# A syntax error: named with file and line; the other packages still load and work.
printf 'criterion {\n  id = "oops",\n  title = \n' > "$work/scripts/tver/rzhev/package.lua"
o check > "$work/out" 2> "$work/err" && fail "check passed a broken package"
grep -q "tver/rzhev/package.lua:4" "$work/err" || fail "check did not name file:line: $(cat "$work/err")"
# The same through `opora check DIR`, the form a region runs on its own tree.
"$opora" --db "$db" check "$work/scripts" > "$work/out" 2> "$work/err" && fail "check DIR passed a broken package"
grep -q "tver/rzhev/package.lua:4" "$work/out" "$work/err" || fail "check DIR did not name file:line"
# The broken package is reported, but the run itself succeeds with the packages that loaded.
o identify --territory rzhev --year 2024 --json > "$work/id2.json" 2> "$work/err2" \
  || fail "identify exited $? beside a broken package: $(cat "$work/err2")"
grep -q "Пакет не загружен: .*tver/rzhev/package.lua:4" "$work/err2" \
  || fail "broken package not reported in Russian with file:line: $(cat "$work/err2")"
grep -q "tver/rzhev/package.lua" "$work/err2" || fail "broken package not named on identify"
grep -q '"tver_small_school"' "$work/id2.json" || fail "the region's criterion stopped working"
echo "core extend: ok"
