#!/usr/bin/env bash
# The hardening job (CI runs it after scripts/test.sh; issue 7, doc/reliability.md):
#   1. one clang-16 build in build-harden/ with AddressSanitizer,
#      UndefinedBehaviorSanitizer and libFuzzer's coverage instrumentation;
#   2. the whole test suite under the sanitizers (any report fails the test:
#      ASan aborts, UBSan halts on the first error, LeakSanitizer is on);
#   3. every fuzz target for a short, repeatable run (scripts/fuzz.sh --fresh
#      --seed 1; seeds from ../shared/data/formats/samples).
#   scripts/harden.sh                   all three, 60 s a fuzz target
#   scripts/harden.sh --fuzz-seconds N  N seconds a fuzz target (0: no fuzzing)
# Installs clang-16 and libclang-rt-16-dev when missing (Debian 12 packages).
set -euo pipefail
cd "$(dirname "$0")/.."

fuzz_seconds=60
while (($#)); do
  case "$1" in
    --fuzz-seconds) fuzz_seconds="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "harden.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

. scripts/apt.sh
install_missing clang-16 libclang-rt-16-dev

# The runtime options every sanitized process inherits (tmkit run by the CLI
# tests, the fuzzers). Recoverable UBSan checks halt at the first report.
export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

build=build-harden
start=$SECONDS
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-16 \
  -DTMKIT_SANITIZE=ON -DTMKIT_FUZZ=ON -DTMKIT_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" >/dev/null
cmake --build "$build" -j "$(nproc)"
echo "harden: sanitizer build took $((SECONDS - start)) s" >&2

# Each sanitized process is about three times slower: the kill and
# byte-flip loops (tests/cli/crash_safety_test.cc, faults_test.cc) run fewer
# rounds here, on a 50,000-unit file instead of 200,000. They take the same
# paths as in scripts/test.sh's full run.
start=$SECONDS
TMKIT_CRASH_ROUNDS=${TMKIT_CRASH_ROUNDS:-3} TMKIT_CRASH_UNITS=${TMKIT_CRASH_UNITS:-50000} \
  TMKIT_FLIP_ROUNDS=${TMKIT_FLIP_ROUNDS:-50} \
  ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
echo "harden: the test suite under ASan+UBSan took $((SECONDS - start)) s" >&2

if ((fuzz_seconds > 0)); then
  # A gate must be repeatable: from the seeds alone, with a fixed random seed,
  # each target takes the same path as on a developer's machine
  # (`scripts/fuzz.sh --fresh --seed 1`), only as far as the time allows.
  # Long exploring runs are the developers' (tests/fuzz/README.md).
  scripts/fuzz.sh --seconds "$fuzz_seconds" --build "$build" --no-build --fresh --seed 1
fi
