#!/usr/bin/env bash
# Installs what is missing, builds, and runs `opora demo` on the embedded synthetic data.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
OPORA_WITH_CHROMIUM=0 "$here/tools/setup.sh" "$here/build"
cd "$here"
exec ./build/opora --db "${OPORA_DB:-demo-out/opora.db}" demo --out demo-out "$@"
