#!/usr/bin/env bash
# The snapshot cache (issue 10 §1), through the real CLI on the demo store: a run after an
# import never reads a stale cache (import, identify, import a change that flips a school's
# verdict, identify again: the new verdict); identify --json, a report and indicators are the
# same with the cache, without it (OPORA_SNAPSHOT_CACHE=off) and with it rebuilt; a damaged
# cache is rebuilt; a cache that cannot be written never fails the command.
. "$2/tests/e2e/lib/demo_store.bash" "$@"
cache=$OPORA_DB.snapshot

# The whole output of each command compared (the report's generation time left out).
outputs() {  # outputs DIR
  mkdir -p "$1"
  "$opora" identify -t chebarkul -y 2022 --json > "$1/identify.json" 2>"$1/identify.err" || fail "identify ($1)"
  "$opora" identify -t chelyabinsk -y 2023 --json > "$1/region.json" 2>>"$1/identify.err" || fail "identify region ($1)"
  "$opora" identify -t federal -y 2022 --json > "$1/federal.json" 2>>"$1/identify.err" || fail "identify federal ($1)"
  "$opora" report -t chebarkul -m 2023-03 -f json 2>"$1/report.err" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("generated_at",None); print(json.dumps(d,ensure_ascii=False,sort_keys=True))' \
    > "$1/report.json" || fail "report ($1)"
  "$opora" indicators -t chebarkul -m 2023-03 --json > "$1/indicators.json" 2>"$1/indicators.err" || fail "indicators ($1)"
  "$opora" indicators -t chebarkul -m 2023-03 > "$1/indicators.txt" 2>>"$1/indicators.err" || fail "indicators text ($1)"
}
same() {  # same DIR1 DIR2
  for f in identify.json region.json federal.json report.json indicators.json indicators.txt; do
    cmp -s "$1/$f" "$2/$f" || fail "$f differs between $1 and $2: $(diff "$1/$f" "$2/$f" | head -5)"
  done
}

rm -f "$cache"
outputs "$work/built"                       # the first run builds the cache
[ -s "$cache" ] || fail "no cache file after identify"
inode=$(stat -c %i "$cache")
outputs "$work/cached"                      # later runs map it
[ "$(stat -c %i "$cache")" = "$inode" ] || fail "a current cache was rebuilt"
OPORA_SNAPSHOT_CACHE=off outputs "$work/off"
rm -f "$cache"; outputs "$work/rebuilt"
same "$work/cached" "$work/off"; same "$work/built" "$work/off"; same "$work/rebuilt" "$work/off"
[ -s "$work/off/report.json" ] && grep -q '"schools"' "$work/off/identify.json" || fail "empty outputs"

# Writes to other tables (a saved run, a plan) leave the data version, and the cache, as they were.
inode=$(stat -c %i "$cache")
"$opora" identify -t chebarkul -y 2022 --save >/dev/null || fail "identify --save"
"$opora" roadmap create -t chebarkul -y 2024 >/dev/null 2>&1
"$opora" identify -t chebarkul -y 2022 --json >/dev/null || fail "identify after --save"
[ "$(stat -c %i "$cache")" = "$inode" ] || fail "a saved run or a plan invalidated the cache"

# Staleness: a school of the country that low_results does not flag gets two failing works in 2021 and 2022.
login=$(python3 - "$work/cached/federal.json" <<'PY'
import json, sys
for s in json.load(open(sys.argv[1]))["schools"]:
    if "low_results" not in s["categories"]:
        print(s["login"]); break
PY
)
[ -n "$login" ] || fail "no unflagged school in the demo"
flagged() { python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(any(s["login"] == sys.argv[2] and "low_results" in s["categories"] for s in d["schools"]))' "$1" "$login"; }
[ "$(flagged "$work/cached/federal.json")" = False ] || fail "precondition"
cat > "$work/change.csv" <<CSV
login;procedure;year;grade;subject;participants;m2;m3;m4;m5;mean_score
$login;ВПР;2021;5;Математика;20;15;3;2;0;
$login;ВПР;2021;5;Русский язык;20;15;3;2;0;
$login;ВПР;2022;5;Математика;20;15;3;2;0;
$login;ВПР;2022;5;Русский язык;20;15;3;2;0;
CSV
"$opora" import results "$work/change.csv" >/dev/null || fail "import of the change"
"$opora" identify -t federal -y 2022 --json > "$work/after.json" || fail "identify after the import"
[ "$(flagged "$work/after.json")" = True ] || fail "stale verdict after the import: $login not flagged"
[ "$(stat -c %i "$cache")" != "$inode" ] || fail "the stale cache was not replaced"
OPORA_SNAPSHOT_CACHE=off "$opora" identify -t federal -y 2022 --json > "$work/after-off.json"
cmp -s "$work/after.json" "$work/after-off.json" || fail "after the import: cache and store differ"

# The same through XLSX (another importer, same store path): the change undone.
/usr/bin/python3 - "$work/undo.xlsx" "$login" <<'PY' || fail "xlsx not written"
import sys
from openpyxl import Workbook
wb = Workbook(); ws = wb.active
ws.append(["login", "procedure", "year", "grade", "subject", "participants", "m2", "m3", "m4", "m5", "mean_score"])
for year in (2021, 2022):
    for subject in ("Математика", "Русский язык"):
        ws.append([sys.argv[2], "ВПР", year, 5, subject, 20, 0, 3, 2, 15, None])
wb.save(sys.argv[1])
PY
"$opora" import results "$work/undo.xlsx" >/dev/null || fail "import xlsx"
"$opora" identify -t federal -y 2022 --json > "$work/undo.json" || fail "identify after xlsx"
[ "$(flagged "$work/undo.json")" = False ] || fail "stale verdict after the xlsx import"

# A damaged cache is rebuilt and the outputs do not change.
outputs "$work/base"
head -c 1000 "$cache" > "$work/trunc" && cp "$work/trunc" "$cache"
outputs "$work/truncated"; same "$work/base" "$work/truncated"
[ "$(stat -c %s "$cache")" -gt 1000 ] || fail "a truncated cache was not rebuilt"
size=$(stat -c %s "$cache")
printf '\x7f' | dd of="$cache" bs=1 seek=$((size - 9)) conv=notrunc status=none
outputs "$work/corrupt"; same "$work/base" "$work/corrupt"
printf 'XXXX' | dd of="$cache" bs=1 seek=0 conv=notrunc status=none
outputs "$work/foreign"; same "$work/base" "$work/foreign"
head -c 4 "$cache" | grep -q OPOR || fail "a foreign file was not rebuilt"

# A cache that cannot be written: the command works from the store, with a one-line notice.
rm -f "$cache"; mkdir -p "$cache/x"
outputs "$work/unwritable"; same "$work/base" "$work/unwritable"
grep -q "кэш снимка данных не записан" "$work/unwritable/identify.err" ||
  fail "no notice: $(cat "$work/unwritable/identify.err")"
[ "$(grep -c . "$work/unwritable/indicators.err")" -le 2 ] || fail "notice repeated"
ls "$work" | grep -q '\.tmp\.' && fail "a temporary file left behind"
rm -rf "$cache"

# A store in a folder the user may not write (root ignores modes: run as nobody): without a
# cache the command reads the store and says so once; a current cache there is read.
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
  ro="$work/ro"; mkdir "$ro"; cp "$OPORA_DB" "$ro/t.db"
  sqlite3 "$ro/t.db" 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null; rm -f "$ro/t.db-wal" "$ro/t.db-shm"
  chmod 755 "$work" "$ro"; chmod 644 "$ro/t.db"; chmod -R a+rX "$work"
  as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
  if as_nobody test -x "$opora" && as_nobody test -r "$ro/t.db" && as_nobody test -r "$OPORA_SCRIPTS/federal"; then
    OPORA_DB=$ro/t.db "$opora" identify -t federal -y 2022 --json > "$work/ro-root.json" || fail "identify (root)"
    rm -f "$ro/t.db.snapshot" "$ro"/t.db-*
    as_nobody env OPORA_DB="$ro/t.db" "$opora" identify -t federal -y 2022 --json > "$work/ro.json" 2> "$work/ro.err" ||
      fail "identify in a read-only folder: $(cat "$work/ro.err")"
    cmp -s "$work/ro.json" "$work/ro-root.json" || fail "read-only folder: other output"
    grep -q "нет права записи в каталог" "$work/ro.err" || fail "read-only folder notice: $(cat "$work/ro.err")"
    [ -e "$ro/t.db.snapshot" ] && fail "a cache written into a read-only folder"
    OPORA_DB=$ro/t.db "$opora" identify -t federal -y 2022 --json > /dev/null || fail "identify (root, builds)"
    rm -f "$ro"/t.db-wal "$ro"/t.db-shm; chmod 644 "$ro/t.db.snapshot"
    as_nobody env OPORA_DB="$ro/t.db" "$opora" identify -t federal -y 2022 --json > "$work/ro2.json" 2> "$work/ro2.err" ||
      fail "identify with a cache in a read-only folder: $(cat "$work/ro2.err")"
    cmp -s "$work/ro2.json" "$work/ro-root.json" || fail "read-only folder with a cache: other output"
    [ -s "$work/ro2.err" ] && fail "a current cache in a read-only folder was not read: $(cat "$work/ro2.err")"
  else
    echo "skip read-only folder case: nobody cannot reach the build" >&2
  fi
fi
echo OK
