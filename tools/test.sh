#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite through ctest.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/tools/setup.sh" "$here/build"
# The browser test of the web workplace drives Debian's Chromium through playwright-core, pinned
# in tests/web/package-lock.json (no browser is downloaded). Without npm it is reported skipped.
if ! command -v npm >/dev/null 2>&1; then
  sudo_cmd=""; [ "$(id -u)" != 0 ] && sudo_cmd=sudo
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends nodejs npm ||
    echo "ВНИМАНИЕ: npm не установлен, проверка в браузере будет пропущена" >&2
fi
if command -v npm >/dev/null 2>&1; then
  (cd "$here/tests/web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) ||
    echo "ВНИМАНИЕ: playwright-core не установлен, проверка в браузере будет пропущена" >&2
fi
cd "$here/build"
ctest --output-on-failure -j"$(nproc)" --timeout 600
