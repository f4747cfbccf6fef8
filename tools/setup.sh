#!/usr/bin/env bash
# Installs the Debian packages opora needs (only those missing) and configures + builds it.
#   tools/setup.sh [build-dir] [extra cmake args...]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}; shift || true

packages=(build-essential cmake pkg-config liblua5.4-dev libboost-dev libboost-filesystem-dev
          nlohmann-json3-dev libsqlite3-dev sqlite3 libgtest-dev libbenchmark-dev
          libxlsxwriter-dev libzip-dev libexpat1-dev libsodium-dev libxxhash-dev libcli11-dev libcpp-httplib-dev python3 python3-openpyxl python3-pandas)
# Chromium is used by the HTML report browser test only; it is optional (test skips visibly).
[ "${OPORA_WITH_CHROMIUM:-1}" = 1 ] && packages+=(chromium)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Устанавливаю пакеты: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" != 0 ] && sudo_cmd=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -q
  # Chromium may be unavailable on some mirrors: install it separately so its absence is not fatal.
  core=(); for p in "${missing[@]}"; do [ "$p" != chromium ] && core+=("$p"); done
  [ ${#core[@]} -gt 0 ] && $sudo_cmd apt-get install -y -q --no-install-recommends "${core[@]}"
  if printf '%s\n' "${missing[@]}" | grep -qx chromium; then
    $sudo_cmd apt-get install -y -q --no-install-recommends chromium ||
      echo "ВНИМАНИЕ: chromium не установлен, проверка HTML в браузере будет пропущена" >&2
  fi
fi

cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build" -j"$(nproc)"
