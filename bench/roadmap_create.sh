#!/usr/bin/env bash
# roadmap create on very large templates (issue 8 §6: 20,000 activities took 27 s, quadratic in
# the plan's size). Generates municipalities with N and 2N activities in a copy of scripts/ and
# times `opora roadmap create` for each: the ratio should stay near 2 (linear), not 4.
#   bench/roadmap_create.sh [opora binary] [activities, default 20000]
set -euo pipefail
opora=${1:-build/opora}; n=${2:-20000}
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp -r "$src/scripts" "$work/scripts"
mkdir -p "$work/scripts/tver"
printf 'package { name = "Тверская область", level = "region" }\n' > "$work/scripts/tver/package.lua"
for size in $((n / 2)) "$n"; do
  /usr/bin/python3 - "$work/scripts/tver/m$size" "$size" <<'PY'
import os, sys
folder, n = sys.argv[1], int(sys.argv[2])
os.makedirs(folder, exist_ok=True)
kinds = ["ежемесячно", "до 10.03.2024", "март 2024", "в течение года"]
acts = "\n".join('      { number = "%d", title = "Мероприятие %d", deadline = "%s", responsible = "Отдел %d" },'
                 % (i, i, kinds[i % 4], i % 7) for i in range(1, n + 1))
open(folder + "/package.lua", "w").write('package { name = "Район %d", level = "municipality" }\nrequire "roadmap"\n' % n)
open(folder + "/roadmap.lua", "w").write('roadmap {\n  id = "big", title = "Большой план", year = 2024,\n'
    '  sections = { { title = "Раздел", activities = {\n' + acts + '\n  } } },\n}\n')
PY
done
export OPORA_SCRIPTS=$work/scripts OPORA_DB=$work/opora.db
"$opora" init > /dev/null 2>&1
for size in $((n / 2)) "$n"; do
  start=$(date +%s.%N)
  "$opora" roadmap create -t "tver/m$size" -y 2024 > /dev/null 2>&1
  end=$(date +%s.%N)
  printf 'roadmap create, %6d activities: %.2f s\n' "$size" "$(echo "$end - $start" | bc)"
done
