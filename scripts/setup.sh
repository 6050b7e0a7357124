#!/usr/bin/env bash
# Installs what tmkit needs on Debian 12 (only the missing packages), then
# configures and builds into build/. Idempotent; run as root or with sudo.
#   scripts/setup.sh            build dependencies + the test tools
#   TMKIT_BUILD_TYPE=Debug scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  # build
  g++ cmake ninja-build pkg-config
  libicu-dev liblmdb-dev libtinyxml2-dev libcli11-dev libgtest-dev
  iso-codes
  # tests: schema validation, real consumers of our files
  libxml2-utils omegat default-jre-headless python3-translate
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${TMKIT_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build build -j "$(nproc)"
