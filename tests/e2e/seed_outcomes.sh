#!/usr/bin/env bash
# The seed documents' identification outcomes come out of the real computation on the demo data
# (issue: five territories): asserted through `opora identify --json`.
set -euo pipefail
opora=$1; src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$opora" demo --out "$work" --schools 200 > "$work/demo.log"
db="$work/opora-demo.db"

check() {  # check <territory> <year> <python assertions over `j`>
  "$opora" --db "$db" identify --territory "$1" --year "$2" --json > "$work/out.json"
  /usr/bin/python3 - "$work/out.json" "$3" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
def flagged(cat):
    return sorted(s["name"] for s in j["schools"] if cat in s["categories"])
def verdict(name, criterion):
    s = next(s for s in j["schools"] if s["name"] == name)
    return next(v for v in s["verdicts"] if v["criterion"] == criterion)
exec(sys.argv[2])
PY
}

check chebarkul 2022 '
assert flagged("low_results") == sorted(["МБОУ «СОШ №1»", "МБОУ «СОШ № 6»", "МБОУ СОШ № 7", "МБОУ ООШ № 9", "МБОУ ООШ №76"]), flagged("low_results")
assert flagged("social_risk") == ["МБОУ ООШ №76"], flagged("social_risk")
v = verdict("МБОУ ООШ №76", "social_risk")
assert v["score"] == 53, v
assert "53" in v["explanation"] and "баллов" in v["explanation"], v["explanation"]
assert "stable_low_results" in [c for s in j["schools"] for c in s["categories"]]
'
check novosibirsk/bagan 2021 '
five = sorted(["МКОУ Андреевская СОШ", "МКОУ Казанская СОШ", "МКОУ Кузнецовская СОШ", "МКОУ Мироновская СОШ", "МКОУ Савкинская СОШ"])
assert flagged("prevention_group") == five, flagged("prevention_group")
v = verdict("МКОУ Андреевская СОШ", "nso_monitoring_low")
assert v["flagged"] and "мониторинга" in v["explanation"], v
'
check sochi 2019 '
assert len(flagged("low_results")) == 26, len(flagged("low_results"))
p500 = sorted("МОБУ СОШ № " + n for n in ["53", "75", "77", "79", "80", "83", "85", "88"])
assert flagged("program_500") == p500, flagged("program_500")
assert all(n in flagged("low_results") for n in p500)
v = verdict("МОБУ СОШ № 53", "low_results")
assert "ЕГЭ" in v["explanation"] and "2018" in v["explanation"], v["explanation"]
'
check zima 2023 '
for cat in ["low_results", "social_risk", "risk_zone"]:
    assert flagged(cat), cat
'
check serafimovich 2022 '
assert flagged("low_results") and flagged("social_risk")
'
grep -q "СИНТЕТИЧЕСКИЕ" "$work/demo.log"

# The demo's monthly reports: five municipalities × four formats, paths printed, marked synthetic.
[ "$(grep -c "отчёт: " "$work/demo.log")" -eq 20 ]
[ "$(ls "$work/reports" | wc -l)" -eq 20 ]
for t in volgograd_serafimovich novosibirsk_bagan chelyabinsk_chebarkul irkutsk_zima krasnodar_sochi; do
  for ext in html xlsx json md; do ls "$work/reports/${t}_"*".$ext" > /dev/null; done
done
/usr/bin/python3 - "$work/reports" <<'PY'
import json, sys, glob, zipfile
for f in glob.glob(sys.argv[1] + "/*.json"):
    doc = json.load(open(f))
    assert doc["schema"] == "opora.report/1" and doc["synthetic"] is True, f
    assert doc["plan"] is not None, f
    ids = [s["id"] for s in doc["sections"]]
    assert "roadmap" in ids and "indicators" in ids, (f, ids)
for f in glob.glob(sys.argv[1] + "/*.xlsx"):
    assert zipfile.ZipFile(f).testzip() is None, f
PY
"$opora" --db "$db" roadmap show --territory sochi --year 2020 --json > "$work/sochi.json"
/usr/bin/python3 -c "
import json; j = json.load(open('$work/sochi.json'))
acts = j['activities']; assert len(acts) == 35, len(acts)
school = [a for a in acts if a['scope'] == 'school']
assert [a['number'] for a in school] == [str(n) for n in range(21, 36)], [a['number'] for a in school]
"
echo "seed outcomes: ok"
