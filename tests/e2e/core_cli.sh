#!/usr/bin/env bash
# The CLI contract through real files: JSON shapes, exit codes, all-or-nothing import.
set -uo pipefail
opora=$1; src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
db="$work/t.db"
o() { "$opora" --db "$db" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_rc() {  # expect_rc <code> <command...>
  local want=$1; shift
  "$@" > "$work/out" 2> "$work/err"; local rc=$?
  [ "$rc" -eq "$want" ] || fail "exit $rc instead of $want: $* ($(head -c 300 "$work/err"))"
}

expect_rc 0 o init
cat > "$work/territories.csv" <<'CSV'
id;name;parent;level
tver;Тверская область;federal;region
tver/rzhev;Ржевский муниципальный округ;tver;municipality
CSV
cat > "$work/schools.csv" <<'CSV'
Логин ОО;Наименование ОО;Муниципалитет;Тип;Местность;Обучающихся
sch690001;МОУ СОШ № 1;tver/rzhev;СОШ;town;400
sch690002;МОУ СОШ № 2;tver/rzhev;СОШ;town;350
CSV
# sch690001: two works of 2024 with 30% "2" (exactly the threshold) that also failed in 2023.
cat > "$work/results.csv" <<'CSV'
login;procedure;year;grade;subject;participants;m2;m3;m4;m5;mean_score
sch690001;ВПР;2023;5;Математика;20;6;8;4;2;9,5
sch690001;ВПР;2024;5;Математика;20;6;8;4;2;9,4
sch690001;ВПР;2024;6;Русский язык;20;6;8;4;2;
sch690002;ВПР;2024;5;Математика;20;1;9;6;4;12
sch690002;ВПР;2023;5;Математика;20;1;9;6;4;12
CSV
expect_rc 0 o import territories "$work/territories.csv"
expect_rc 0 o import schools "$work/schools.csv"
expect_rc 0 o import results "$work/results.csv"

o territories --json > "$work/t.json" || fail "territories --json"
/usr/bin/python3 - "$work/t.json" <<'PY' || fail "territories --json shape"
import json, sys
t = json.load(open(sys.argv[1]))
assert isinstance(t, list) and all(set(x) == {"id", "name", "parent", "level"} for x in t), t
rz = next(x for x in t if x["id"] == "tver/rzhev")
assert rz == {"id": "tver/rzhev", "name": "Ржевский муниципальный округ", "parent": "tver", "level": "municipality"}
assert next(x for x in t if x["id"] == "federal")["parent"] is None
PY

# A unique last segment names the territory; --save writes a run.
o identify --territory rzhev --year 2024 --json --save > "$work/id.json" || fail "identify"
/usr/bin/python3 - "$work/id.json" <<'PY' || fail "identify --json shape"
import json, sys
j = json.load(open(sys.argv[1]))
assert set(j) >= {"territory", "year", "schools"} and j["territory"] == "tver/rzhev" and j["year"] == 2024
s = {x["login"]: x for x in j["schools"]}
assert set(s["sch690001"]) >= {"login", "name", "categories", "verdicts"}
v = next(v for v in s["sch690001"]["verdicts"] if v["criterion"] == "low_results")
assert set(v) == {"criterion", "category", "flagged", "score", "explanation"}, v
assert v["flagged"] is True and "low_results" in s["sch690001"]["categories"], v
assert "sch690002" not in s or "low_results" not in s["sch690002"]["categories"]
PY
[ "$(sqlite3 "$db" 'SELECT count(*) FROM identification_runs')" = 1 ] || fail "--save wrote no run"

# Exit codes: 2 for bad usage, 1 for failed work.
expect_rc 2 o identify --territory nowhere --year 2024
expect_rc 2 o identify --territory rzhev
expect_rc 2 o no-such-command
before=$(sqlite3 "$db" .dump | md5sum)
printf 'login;procedure;year;grade;subject;participants;m2;m3;m4;m5\nsch690001;ВПР;2024;7;Математика;20;5;5;5;4\n' > "$work/bad.csv"
expect_rc 1 o import results "$work/bad.csv"
grep -q "bad.csv:2:" "$work/err" || fail "no file:row in the import error: $(cat "$work/err")"
[ "$(sqlite3 "$db" .dump | md5sum)" = "$before" ] || fail "a failed import changed the database"

# Every command answers --help in Russian.
for c in init import territories packages plugins check identify explain demo generate \
         "roadmap create" "roadmap show" "roadmap import" "roadmap status" "progress record" \
         indicators report; do
  # shellcheck disable=SC2086
  "$opora" $c --help > "$work/help" 2>&1 || fail "$c --help exited non-zero"
  grep -q "Использование" "$work/help" || fail "$c --help is not in Russian"
done
echo "core cli: ok"
