#!/usr/bin/env bash
# A sixth municipality onboarded from a pasted table and a short Lua file (README walkthrough,
# docs/examples/kopeysk/): import → edit → check → identify → plan → indicators, no rebuild.
set -euo pipefail
opora=$1; src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp -r "$src/scripts" "$work/scripts"
"$opora" demo --out "$work/demo" --schools 100 > /dev/null
db="$work/demo/opora-demo.db"
run() { "$opora" --db "$db" --scripts "$work/scripts" "$@"; }

# 1. The pasted table imports into an editable Lua template with every row.
run roadmap import "$src/docs/examples/kopeysk/table.tsv" --territory chelyabinsk/kopeysk \
  --out "$work/generated.lua"
for n in 1 2 3 4 5; do grep -q "number = \"$n\"" "$work/generated.lua"; done
grep -q 'deadline = "Октябрь, декабрь, март, май"' "$work/generated.lua"

# 2. The edited template and the short package.lua make the package.
mkdir -p "$work/scripts/chelyabinsk/kopeysk"
cp "$src/docs/examples/kopeysk/roadmap.lua" "$src/docs/examples/kopeysk/package.lua" \
   "$work/scripts/chelyabinsk/kopeysk/"
run check | grep -q "ошибок нет"
run packages --territory kopeysk --json > "$work/packages.json"
/usr/bin/python3 - "$work/packages.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
items = {(i["kind"], i["id"]): i for i in j["items"]}
assert ("roadmap", "support_2024") in items, items.keys()
assert items[("indicator", "rpsh_share")]["origin"].endswith("kopeysk/package.lua:7")
assert items[("criterion", "social_risk")]["origin"].startswith("scripts/chelyabinsk/") or \
       "chelyabinsk/criteria.lua" in items[("criterion", "social_risk")]["origin"]
PY

# 3. Identification by the region's rules, the plan, and its indicators.
run identify --territory kopeysk --year 2024 --save --json > "$work/id.json"
shnor=$(/usr/bin/python3 -c "import json,sys; j=json.load(open('$work/id.json')); print(sum('low_results' in s['categories'] for s in j['schools']))")
[ "$shnor" -gt 0 ]
run roadmap create --territory kopeysk --year 2024 > /dev/null
run roadmap show --territory kopeysk --year 2024 --json > "$work/plan.json"
/usr/bin/python3 - "$work/plan.json" "$shnor" <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); shnor = int(sys.argv[2])
acts = j["activities"]
assert [a["number"] for a in acts] == ["1", "2", "3", "4", "5"], [a["number"] for a in acts]
a2 = acts[1]
assert a2["scope"] == "school" and len(a2["occurrences"]) == shnor, (a2["scope"], len(a2["occurrences"]))
assert len(acts[2]["occurrences"]) == 4          # Октябрь, декабрь, март, май
assert len(acts[3]["occurrences"]) == 4 * shnor  # each school quarter, each ШНОР
PY
run indicators --territory kopeysk --month 2025-03 --json > "$work/ind.json"
/usr/bin/python3 - "$work/ind.json" "$shnor" <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); shnor = int(sys.argv[2])
ind = {i["id"]: i for i in j["indicators"]}
assert ind["rpsh_share"]["denominator"] == shnor, ind["rpsh_share"]
assert ind["seminars"]["target"] == "не менее 4", ind["seminars"]
assert ind["rpsh_share"]["target"] == "100%" and ind["rpsh_share"]["unit"] == "percent"
PY
echo "onboarding: ok"
