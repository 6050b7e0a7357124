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
. scripts/apt.sh
install_missing "${packages[@]}"

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${TMKIT_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build build -j "$(nproc)"
