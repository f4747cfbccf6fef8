#!/usr/bin/env bash
# The plugin loader through the CLI: a good plugin's items are listed with their origin; every
# bad plugin is refused with the file and the reason, and the others still load.
set -uo pipefail
opora=$1; src=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
cases=test-plugins   # built by tests/plugins/CMakeLists.txt; the test runs in the build dir
[ -d "$cases/good" ] || { echo "SKIP: test plugins not built in $(pwd)/$cases"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir "$work/p"
cp "$cases"/good/*.so "$cases"/wrong_abi/*.so "$cases"/bad_sizes/*.so "$cases"/throws/*.so \
   "$cases"/no_entry/*.so "$cases"/no_descriptor/*.so "$work/p/"
printf 'not an ELF file\n' > "$work/p/zz_not_a_library.so"
o() { "$opora" --db "$work/t.db" --plugins "$work/p" "$@"; }

o plugins > "$work/out" 2> "$work/err" || fail "plugins exited non-zero"
# `plugins` lists refusals once, in its own output; other commands warn on stderr instead.
grep -q "Плагин не загружен" "$work/err" && fail "plugins printed refusals twice"
o territories > /dev/null 2> "$work/err2"
grep -q "Плагин не загружен: файл плагина wrong_abi.so" "$work/err2" || fail "no refusal warning from other commands"
grep -q "✔ test_good" "$work/out" || fail "good plugin not loaded: $(cat "$work/out")"
# Each refusal names the file and its reason.
while IFS='|' read -r f reason; do
  grep -A1 "✘ .*$f" "$work/out" | grep -q "$reason" || fail "$f not refused with «$reason»: $(cat "$work/out")"
done <<'EOF2'
wrong_abi|собран для SDK версии [0-9]*, а хост поддерживает [0-9]
bad_sizes|ResultRow
throws|ошибка при регистрации
no_entry|нет точки входа
no_descriptor|нет дескриптора
zz_not_a_library|не загружается как разделяемая библиотека
EOF2
o plugins --json > "$work/p.json"
/usr/bin/python3 - "$work/p.json" <<'PY' || fail "plugins --json"
import json, sys
ps = json.load(open(sys.argv[1]))
ok = [p for p in ps if p["loaded"]]
bad = [p for p in ps if not p["loaded"]]
assert len(ok) == 1 and len(bad) == 6, ps
assert all(p["error"] and p["file"].split("/")[-1] in p["error"] for p in bad), bad
PY
o packages --json > "$work/k.json" 2> /dev/null || fail "packages with bad plugins around"
/usr/bin/python3 - "$work/k.json" <<'PY' || fail "good plugin's items missing from packages"
import json, sys
items = json.load(open(sys.argv[1]))["items"]
mine = [i for i in items if i["origin_kind"] == "plugin"]
assert any(i["kind"] == "criterion" for i in mine), mine
assert all(i["origin"].startswith("plugin test_good") for i in mine), mine
# The federal Lua package still loaded beside the plugins.
assert any(i["id"] == "low_results" and i["origin_kind"] == "package" for i in items)
PY
echo "core plugins: ok"
