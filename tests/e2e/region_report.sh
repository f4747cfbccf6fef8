#!/usr/bin/env bash
# The region's report (issue 13 §3, §4): `opora report -t <region> -m <month>` is the region's
# summary of its municipalities, built from regional sections of its package's report{}. For each
# of the five seed regions its figures are the same as the municipal reports of the same month
# (indicators with status, overdue activities, share done, identified schools per category); it
# is written in all four formats; a region reorders the sections and replaces one by id; Баган's
# report carries the novosibirsk plugin's monitoring section and Сочи's the «500+» section.
set -u
opora=$1; src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$opora" demo --out "$work" --schools 200 >/dev/null 2>"$work/demo.err" || {
  echo "demo store not built (plugins missing?): $(tail -1 "$work/demo.err")" >&2; exit 77; }
export OPORA_DB=$work/opora-demo.db
export OPORA_SCRIPTS=$src/scripts

# The month of each seed municipality's demo report.
for pair in chelyabinsk:chebarkul:2023-07 irkutsk:zima:2024-07 krasnodar:sochi:2021-03 \
            novosibirsk:bagan:2023-03 volgograd:serafimovich:2023-07; do
  IFS=: read -r region town month <<< "$pair"
  "$opora" report -t "$region" -m "$month" -f json > "$work/$region.json" || fail "$region report"
  "$opora" report -t "$town" -m "$month" -f json > "$work/$town.json" || fail "$town report"
  python3 - "$work/$region.json" "$work/$town.json" "$region" <<'PY' || fail "$region: figures differ from the municipal report"
import json, sys
reg, mun, region = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
assert reg["title"].startswith("Сводный отчёт"), reg["title"]
assert "plan" not in reg, "a region's summary has no plan of its own"
assert reg["month"] == mun["month"]
s = {x["id"]: x for x in reg["sections"]}
assert list(s) == ["region_scorecard", "region_identified", "region_overdue"], list(s)
name = mun["territory"]["name"]
m = {x["id"]: x for x in mun["sections"]}

# Scorecard row of the municipality against its own report.
card = s["region_scorecard"]["blocks"][0]["rows"]
row = next(r for r in card if r["territory"] == name)
inds = m["indicators"]["blocks"][0]["rows"]
assert row["indicators"] == len(inds), (row, len(inds))
for st in ("met", "not_met", "not_due"):
    assert row[st] == sum(1 for i in inds if i["status"] == st), (st, row)
fig = {i["label"]: i["value"] for b in m["summary"]["blocks"] if b["type"] == "figures" for i in b["items"]}
assert row["overdue"] == fig["Просрочено"], (row["overdue"], fig)
assert abs(row["done_share"] - fig["Доля выполненных с начала года"]) < 1e-9, (row, fig)
detail = next(b for b in s["region_scorecard"]["blocks"] if b.get("title", "").startswith("Показатели муниципалитетов"))
mine = [(d["title"], d["value"], d["target"], d["status"]) for d in detail["rows"] if d["territory"] == name]
theirs = [(i["title"], i["value"], i["target"], i["status"]) for i in inds]
assert mine == theirs, [(a, b) for a, b in zip(mine, theirs) if a != b] or (len(mine), len(theirs))

# Identified schools per category against the municipal report's list of schools.
ident = s["region_identified"]["blocks"][0]
irow = next(r for r in ident["rows"] if r["territory"] == name)
titles = {c["key"]: c["title"] for c in ident["columns"]}
schools = m["schools"]["blocks"][0]["rows"]
for key, title in titles.items():
    if key in ("territory", "schools", "run"):
        continue
    want = sum(1 for x in schools if title in x["categories"].split("; "))
    assert irow[key] == want, (key, irow[key], want)
assert any(irow[k] for k in titles if k not in ("territory", "schools", "run")), irow
total = ident["rows"][-1]
assert total["territory"] == "Итого"
for key in titles:
    if key not in ("territory", "run"):
        assert total[key] == sum(r[key] for r in ident["rows"][:-1]), key

# Overdue activities: the table lists as many as the municipal summary counts.
over = s["region_overdue"]["blocks"]
bars = {b["label"]: b["value"] for b in over[0]["bars"]}
assert bars[name] == fig["Просрочено"], (bars, fig)
table = [b for b in over if b["type"] == "table"]
listed = sum(1 for r in table[0]["rows"] if r["territory"] == name) if table else 0
assert listed == fig["Просрочено"], (listed, fig)
PY
done

# Some seed region has overdue activities to list (the comparison above is not vacuous).
python3 - "$work"/{chelyabinsk,irkutsk,krasnodar,novosibirsk,volgograd}.json <<'PY' || fail "no overdue anywhere"
import json, sys
n = 0
for p in sys.argv[1:]:
    for s in json.load(open(p))["sections"]:
        if s["id"] == "region_overdue":
            n += sum(b["value"] or 0 for b in s["blocks"][0].get("bars", []))
assert n > 0, n
PY

# All four formats.
for f in html xlsx md; do
  "$opora" report -t volgograd -m 2023-07 -f $f -o "$work/v.$f" >/dev/null || fail "region $f"
done
for f in html md; do
  grep -q "Серафимовичский муниципальный район" "$work/v.$f" && grep -q "Сводка по муниципалитетам" "$work/v.$f" ||
    fail "$f: summary missing"
done
python3 - "$work/v.xlsx" <<'PY' || fail "xlsx: summary missing"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
assert "Серафимовичский муниципальный район" in text and "Просроченные мероприятия" in text
PY

# A region changes its report: another order, and its own section in place of region_overdue.
cp -r "$src/scripts" "$work/scripts"
cat >> "$work/scripts/volgograd/package.lua" <<'LUA'

section {
  id = "region_overdue",
  title = "Просрочки по-волгоградски",
  build = function(ctx) return { { type = "paragraph", text = "Своя сводка области за " .. ctx.month } } end,
}
LUA
python3 - "$work/scripts/volgograd/package.lua" <<'PY' || fail "edit of the region's report{}"
import sys
p = sys.argv[1]
s = open(p).read()
old = 'sections = { "region_scorecard", "region_identified", "region_overdue" },'
assert old in s
s = s.replace(old, 'sections = { "region_identified", "region_overdue", "region_scorecard" },')
s = s.replace('title = "Сводный отчёт Волгоградской области', 'title = "Сводка области (своя)", --')
open(p, "w").write(s)
PY
OPORA_SCRIPTS=$work/scripts "$opora" check >/dev/null || fail "check of the changed region"
OPORA_SCRIPTS=$work/scripts "$opora" report -t volgograd -m 2023-07 -f json > "$work/own.json" || fail "own report"
python3 - "$work/own.json" <<'PY' || fail "region's own order / override"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["title"] == "Сводка области (своя)", d["title"]
assert [s["id"] for s in d["sections"]] == ["region_identified", "region_overdue", "region_scorecard"]
own = d["sections"][1]
assert own["title"] == "Просрочки по-волгоградски" and "Своя сводка области за 2023-07" in own["blocks"][0]["text"], own
PY
# The municipality keeps its own monthly report.
OPORA_SCRIPTS=$work/scripts "$opora" report -t serafimovich -m 2023-07 -f json |
  python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["sections"][0]["id"]=="header", d["title"]' ||
  fail "municipality got the region's report"

# Баган: the novosibirsk plugin's monitoring section in the real monthly report.
"$opora" report -t bagan -m 2023-03 -f json > "$work/bagan.json" || fail "bagan report"
python3 - "$work/bagan.json" <<'PY' || fail "bagan: plugin section"
import json, sys
s = {x["id"]: x for x in json.load(open(sys.argv[1]))["sections"]}
nso = s["nso_monitoring"]
assert nso["title"].startswith("Региональный мониторинг"), nso["title"]
table = next(b for b in nso["blocks"] if b.get("title") == "Результаты по школам")
group = sorted(r["name"] for r in table["rows"] if r["group"] == "да")
assert group == sorted(["МКОУ Андреевская СОШ", "МКОУ Казанская СОШ", "МКОУ Кузнецовская СОШ",
                        "МКОУ Мироновская СОШ", "МКОУ Савкинская СОШ"]), group
assert all(r["share"] > 30 for r in table["rows"] if r["group"] == "да"), table["rows"]
PY
"$opora" report -t bagan -m 2023-03 -f md | grep -q "Доля ниже базового" || fail "bagan md: plugin section"

# Сочи: the «500+» section lists the eight schools of the project.
"$opora" report -t sochi -m 2021-03 -f json > "$work/sochi.json" || fail "sochi report"
python3 - "$work/sochi.json" <<'PY' || fail "sochi: 500+ section"
import json, sys
s = {x["id"]: x for x in json.load(open(sys.argv[1]))["sections"]}
p = s["program_500"]
table = next(b for b in p["blocks"] if b.get("title") == "Школы проекта «500+»")
names = sorted(r["name"] for r in table["rows"])
assert names == sorted("МОБУ СОШ № " + n for n in ["53", "75", "77", "79", "80", "83", "85", "88"]), names
assert all(r["shnor"] == "да" and r["due"] >= r["done"] for r in table["rows"]), table["rows"]
PY
echo OK
