#!/usr/bin/env bash
# Report sections written in Lua in a package tree (issue 13): they appear in all four formats
# without a rebuild, a municipality overrides a region's section by id, a failing section and a
# malformed block are named in a visible notice while the rest of the report is produced, and
# `opora check` refuses a broken section declaration or an unknown section in report{}.
set -u
opora=$1; src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cp -r "$src/scripts" "$work/scripts"
export OPORA_SCRIPTS=$work/scripts

cat >> "$work/scripts/volgograd/package.lua" <<'LUA'

section {
  id = "area_note",
  title = "Заметка области",
  build = function(ctx)
    return { { type = "paragraph", text = "Областная заметка за " .. ctx.month } }
  end,
}
LUA
cat >> "$work/scripts/volgograd/serafimovich/package.lua" <<'LUA'

section {
  id = "area_note",
  title = "Заметка района",
  build = function(ctx)
    local met, total = 0, 0
    local rows = {}
    for _, i in ipairs(ctx.indicators) do
      total = total + 1
      if i.status == "met" then met = met + 1 end
      rows[#rows + 1] = { id = i.id, title = i.title, value = i.value }
    end
    local plan = ctx.plan
    return {
      { type = "paragraph", text = "Районная заметка: " .. ctx.territory_name .. ", " .. ctx.month },
      { type = "key_value", title = "Итоги",
        items = { { label = "Показателей выполнено", value = met .. " из " .. total },
                  { label = "Просрочено мероприятий", value = plan and plan.total.overdue or 0 },
                  { label = "ШНОР", value = #ctx:identified("low_results") } } },
      { type = "table", title = "Показатели района",
        columns = { { key = "id", title = "Код", type = "text" },
                    { key = "title", title = "Показатель", type = "text" },
                    { key = "value", title = "Значение", type = "number" } },
        rows = rows },
      { type = "bar_chart", unit = "count", title = "Столбцы района",
        bars = { { label = "выполнено", value = met }, { label = "всего", value = total } } },
      { type = "line_chart", unit = "number", x = { "янв", "фев" },
        series = { { label = "Линия района", values = { 1, 2 } } } },
      { type = "list", title = "Список района", items = { "первый пункт района" } },
    }
  end,
}

section {
  id = "boom",
  title = "Падающий раздел",
  build = function(ctx)
    error("нет данных мониторинга")
  end,
}

section {
  id = "bad",
  title = "Кривой раздел",
  build = function(ctx)
    return { { type = "table", columns = { { key = "d", title = "Дата", type = "date" } },
               rows = { { d = "31.03.2023" } } } }
  end,
}

section {
  id = "spin",
  title = "Бесконечный раздел",
  build = function(ctx) while true do end end,
}

section {
  id = "pie",
  title = "Неизвестный блок",
  build = function(ctx) return { { type = "pie", slices = {} } } end,
}
LUA
sed -i 's/               "risk_profiles" },/               "risk_profiles", "area_note", "boom", "bad", "spin", "pie" },/' \
  "$work/scripts/volgograd/serafimovich/package.lua"
grep -q '"area_note", "boom"' "$work/scripts/volgograd/serafimovich/package.lua" || fail "sed"

"$opora" check >/dev/null || fail "check of a tree with sections"
"$opora" packages --territory serafimovich --json > "$work/p.json" || fail "packages"
"$opora" packages --territory volgograd --json > "$work/pv.json" || fail "packages volgograd"
python3 - "$work/p.json" "$work/pv.json" <<'PY' || fail "sections not listed with their origin"
import json, sys
m = {(i["kind"], i["id"]): i for i in json.load(open(sys.argv[1]))["items"]}
v = {(i["kind"], i["id"]): i for i in json.load(open(sys.argv[2]))["items"]}
assert m[("section", "area_note")]["origin"].startswith("scripts/volgograd/serafimovich/package.lua:"), m[("section", "area_note")]
assert m[("section", "area_note")]["territory"] == "volgograd/serafimovich"
assert v[("section", "area_note")]["origin"].startswith("scripts/volgograd/package.lua:")
assert m[("section", "summary")]["origin_kind"] == "host"
PY

"$opora" demo --out "$work" --schools 50 >/dev/null 2>"$work/demo.err" || {
  echo "demo store not built (plugins missing?): $(tail -1 "$work/demo.err")" >&2; exit 77; }
export OPORA_DB=$work/opora-demo.db
"$opora" roadmap create -t serafimovich -y 2023 >/dev/null || fail "create"
"$opora" progress simulate -t serafimovich -y 2023 -m 2023-03 >/dev/null || fail "simulate"

"$opora" report -t serafimovich -m 2023-03 -f json > "$work/r.json" || fail "report json"
python3 - "$work/r.json" <<'PY' || fail "report document"
import json, sys
d = json.load(open(sys.argv[1]))
s = {x["id"]: x for x in d["sections"]}
ids = [x["id"] for x in d["sections"]]
assert ids[-5:] == ["area_note", "boom", "bad", "spin", "pie"], ids
assert "indicators" in s and s["indicators"]["blocks"], "built-in sections still produced"
a = s["area_note"]
assert a["title"] == "Заметка района", a["title"]           # the municipality's override
types = [b["type"] for b in a["blocks"]]
assert types == ["text", "table", "table", "bar_chart", "line_chart", "text"], types
assert a["blocks"][0]["text"].startswith("Районная заметка: ") and "2023-03" in a["blocks"][0]["text"]
boom = json.dumps(s["boom"], ensure_ascii=False)
assert "serafimovich/package.lua:" in boom and "boom" in boom and "нет данных мониторинга" in boom, boom
bad = json.dumps(s["bad"], ensure_ascii=False)
assert "«bad»" in bad and "блок №1 (table)" in bad and "ГГГГ-ММ-ДД" in bad, bad
spin = json.dumps(s["spin"], ensure_ascii=False)
assert "Раздел не построен" in spin and "«spin»" in spin, spin   # the budget stops it
pie = json.dumps(s["pie"], ensure_ascii=False)
assert "неизвестный тип блока" in pie and "«pie»" in pie, pie
PY
for f in html md xlsx; do
  "$opora" report -t serafimovich -m 2023-03 -f $f -o "$work/r.$f" >/dev/null || fail "report $f"
done
for f in html md; do
  grep -q "Районная заметка" "$work/r.$f" || fail "$f: package section missing"
  grep -q "первый пункт района" "$work/r.$f" || fail "$f: list missing"
  grep -q "нет данных мониторинга" "$work/r.$f" || fail "$f: failure notice missing"
done
python3 - "$work/r.xlsx" <<'PY' || fail "xlsx: package section missing"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
assert "Районная заметка" in text and "нет данных мониторинга" in text
PY

# check: a section without build, and report{} naming a section nobody declares.
cp -r "$src/scripts" "$work/bad"
cat >> "$work/bad/volgograd/package.lua" <<'LUA'

section { id = "nobuild", title = "Без функции" }
LUA
sed -i 's/               "risk_profiles" },/               "risk_profiles", "nowhere" },/' \
  "$work/bad/volgograd/serafimovich/package.lua"
OPORA_SCRIPTS=$work/bad "$opora" check > "$work/check.out" 2>&1 && fail "check passed a broken tree"
grep -q "volgograd/package.lua:[0-9]*.*build" "$work/check.out" || fail "no build error: $(cat "$work/check.out")"
grep -q "serafimovich/package.lua:[0-9]*.*неизвестный раздел отчёта «nowhere»" "$work/check.out" ||
  fail "no unknown section error: $(cat "$work/check.out")"
echo OK
