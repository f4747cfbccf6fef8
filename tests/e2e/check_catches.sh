#!/usr/bin/env bash
# Issue 8 (§2, §7) through the real CLI: `opora check` catches, at the line that wrote it, what
# would otherwise fail later or silently (a misspelled field, an indicator on a missing activity,
# a configure value of the wrong type, a level that disagrees with the folder, a package.lua
# symlinked out of the tree); configure{} on an indicator reaches `indicators`; the shipped
# packages still pass.
set -uo pipefail
opora=$1; src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
"$opora" --db "$work/unused.db" check "$src/scripts" > /dev/null || fail "shipped packages do not pass check"

cp -r "$src/scripts" "$work/scripts"
mkdir -p "$work/scripts/tver/rzhev"
cat > "$work/scripts/tver/package.lua" <<'LUA'
package { name = "Тверская область", level = "region" }

configure { low_results = { fail_share = "0,25" } }
indicator {
  id = "tver_ghost", title = "Доля ШНОР на несуществующем мероприятии", unit = "percent",
  type = "share_done", args = { activity = "99" },
}
LUA
cat > "$work/scripts/tver/rzhev/package.lua" <<'LUA'
package { name = "Ржевский муниципальный округ", level = "federal" }
roadmap {
  id = "plan", title = "План", year = 2024,
  activities = {
    { number = "1", title = "Совещание",
      dedline = "март 2024" },
  },
}
LUA
o() { "$opora" --db "$work/t.db" --scripts "$work/scripts" "$@"; }
o check > "$work/out" 2> "$work/err" && fail "check passed the broken tree"
expect() { grep -qF -- "$1" "$work/err" || fail "check did not say: $1
$(cat "$work/err")"; }
expect "scripts/tver/package.lua:3: configure: параметр «fail_share» критерия low_results — число (по умолчанию 0.3), а задано: строка «0,25»"
expect "scripts/tver/package.lua:4: показатель tver_ghost: нет мероприятия с номером «99»"
expect "scripts/tver/rzhev/package.lua:1: package: поле «level» = «federal», но папка tver/rzhev — это уровень «municipality»"
expect "scripts/tver/rzhev/package.lua:6: дорожная карта plan: мероприятие 1: неизвестное поле «dedline» (может быть, «deadline»?)"
grep -q "stod" "$work/err" && fail "a raw exception text reached the user"

# A package.lua that is a symlink out of the tree is refused, by check and by every command.
rm -rf "$work/scripts/tver"
mkdir -p "$work/scripts/tver" "$work/elsewhere"
printf 'package { name = "Тверь", level = "region" }\n' > "$work/elsewhere/package.lua"
ln -s "$work/elsewhere/package.lua" "$work/scripts/tver/package.lua"
o check > "$work/out" 2> "$work/err" && fail "check ran a package.lua symlinked out of the tree"
expect "scripts/tver/package.lua: пакет tver: package.lua ведёт за пределы дерева скриптов"
o packages --territory federal > /dev/null 2> "$work/err"
expect "package.lua ведёт за пределы дерева скриптов"
rm -rf "$work/scripts/tver"

# configure{} on an indicator changes the arguments it is computed with (it was ignored).
mkdir -p "$work/scripts/tver"
cat > "$work/scripts/tver/package.lua" <<'LUA'
package { name = "Тверская область", level = "region" }
indicator_type { id = "tver_echo", title = "Аргумент", args = { n = 1 },
  compute = function(ctx, a) return a.n, 1, "n = " .. a.n end }
indicator { id = "tver_n", title = "Число из аргумента", unit = "count", type = "tver_echo",
  args = { n = 2 } }
configure { tver_n = { n = 7 } }
LUA
o check > /dev/null 2> "$work/err" || fail "check refused a good configure: $(cat "$work/err")"
printf 'id;name;parent;level\ntver;Тверская область;federal;region\n' > "$work/t.csv"
o import territories "$work/t.csv" > /dev/null 2>&1 || fail "territories import"
o indicators --territory tver --month 2024-03 --json > "$work/i.json" 2> "$work/err" \
  || fail "indicators: $(cat "$work/err")"
/usr/bin/python3 - "$work/i.json" <<'PY' || fail "configure on an indicator did not reach compute: $(cat "$work/i.json")"
import json, sys
data = json.load(open(sys.argv[1]))
items = data["indicators"] if isinstance(data, dict) else data
v = next(i for i in items if i["id"] == "tver_n")
assert v["value"] == 7, v
PY
echo "check catches: ok"
