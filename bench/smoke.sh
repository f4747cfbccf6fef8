#!/usr/bin/env bash
# CI's tiny run of the benchmark harness: it runs end to end and opora, SQL and pandas agree.
set -euo pipefail
opora=$1; src=$2
/usr/bin/python3 -c "import pandas" 2> /dev/null || { echo "SKIP: python3-pandas не установлен"; exit 77; }
OPORA_BIN=$opora bash "$src/bench/run.sh" --smoke --schools 300 --years 3
