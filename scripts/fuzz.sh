#!/usr/bin/env bash
# Builds tmkit's libFuzzer targets (clang 16, ASan + UBSan) and runs each for
# N seconds, two at a time, seeded from ../shared/data/formats/samples and
# tests/fuzz/seeds. Prints one line a target and exits 1 if any found a crash,
# leak or timeout. See tests/fuzz/README.md.
#
#   scripts/fuzz.sh [--seconds N] [--build DIR] [--jobs J] [--no-build] [--fresh]
#                    [--seed S] [target...]
#
#   --seconds N  how long each target runs (default 60)
#   --build DIR  the clang build folder (default build-harden in the repo);
#                corpora, logs and crash artifacts go to DIR/fuzz/
#   --jobs J     targets run at once (default 2)
#   --no-build   run the binaries already in DIR (CI builds in its own step)
#   --fresh      start from the seeds alone in a throw-away corpus, as CI does
#                (a grown corpus can steer away from bugs a fresh one finds)
#   --seed S     libFuzzer's random seed (default: a new one each run)
#   target       tmx xliff12 xliff2 tbx tbx2008 glossary_csv tsv_units segment
#                placeables query (default: all)
#
# A working corpus DIR/fuzz/corpus/<target> is kept between runs (and grows);
# nothing is written into ../shared or the current folder.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=60
build="$repo/build-harden"
jobs=2
do_build=1
fresh=0
seed=
targets=()
all_targets=(tmx xliff12 xliff2 tbx tbx2008 glossary_csv tsv_units segment placeables query)

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --seconds=*) seconds=${1#*=}; shift ;;
    --build) build=$2; shift 2 ;;
    --build=*) build=${1#*=}; shift ;;
    --jobs) jobs=$2; shift 2 ;;
    --jobs=*) jobs=${1#*=}; shift ;;
    --no-build) do_build=0; shift ;;
    --fresh) fresh=1; shift ;;
    --seed) seed=$2; shift 2 ;;
    --seed=*) seed=${1#*=}; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $t "* ]] || { echo "fuzz.sh: no target '$t' (${all_targets[*]})" >&2; exit 2; }
done
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || { echo "fuzz.sh: --seconds needs a positive number" >&2; exit 2; }
[[ $build = /* ]] || build="$PWD/$build"

shared="$repo/../shared/data/formats"
fuzz_src="$repo/tests/fuzz"
work="$build/fuzz"

# --- Build -------------------------------------------------------------------
command -v clang++-16 >/dev/null || { echo "fuzz.sh: clang++-16 is missing (apt-get install clang-16 libclang-rt-16-dev)" >&2; exit 1; }
if [[ $do_build = 1 && ! -f "$build/build.ninja" ]]; then
  cmake -S "$repo" -B "$build" -G Ninja -DTMKIT_FUZZ=ON -DTMKIT_SANITIZE=ON \
    -DCMAKE_CXX_COMPILER=clang++-16 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" >/dev/null
fi
build_targets=()
for t in "${targets[@]}"; do build_targets+=("fuzz_$t"); done
if [[ $do_build = 1 ]]; then
  cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target "${build_targets[@]}"
fi
for t in "${targets[@]}"; do
  [[ -x "$build/tests/fuzz/fuzz_$t" ]] || { echo "fuzz.sh: $build/tests/fuzz/fuzz_$t is not built" >&2; exit 1; }
done

# --- Seed corpora ---------------------------------------------------------------
# The sample files of each format, from the shared lists (valid, invalid and
# tolerant files alike: broken inputs are good seeds).
list_samples() {  # regex over the listed paths, then an optional content test
  local pattern=$1 content=${2:-}
  cat "$shared/lists/valid.txt" "$shared/lists/invalid.txt" "$shared/lists/tolerant.txt" |
    grep -E "$pattern" | while read -r rel; do
      local f="$shared/$rel"
      [[ -f $f ]] || continue
      if [[ -z $content ]] || grep -q -E "$content" "$f" 2>/dev/null; then echo "$f"; fi
    done
}
seeds_for() {
  case "$1" in
    tmx) list_samples '\.tmx$' ;;
    xliff12) list_samples '\.(xlf|xliff)$' 'xliff:document:1\.[12]|version="1\.[12]"' ;;
    xliff2) list_samples '\.(xlf|xliff)$' 'xliff:document:2\.' ;;
    tbx) list_samples '\.tbx$' '<tbx[ >]' ;;
    tbx2008) list_samples '\.tbx$' '<martif' ;;
    glossary_csv) list_samples '\.(csv|tsv|tab|txt|utf8)$' '.' | grep -E '/glossar' || true ;;
    tsv_units) list_samples '\.(tsv)$' ;;
    segment) list_samples 'lisa-tmx-compliance-kit/ImportTest.*\.txt$' ;;
    placeables|query) ;;
  esac
}
declare -A max_len=([tmx]=32768 [xliff12]=32768 [xliff2]=32768 [tbx]=65536 [tbx2008]=65536
                    [glossary_csv]=16384 [tsv_units]=16384 [segment]=8192 [placeables]=2048
                    [query]=1024)
declare -A dict=([tmx]=tmx [xliff12]=xliff [xliff2]=xliff [tbx]=tbx [tbx2008]=tbx
                 [glossary_csv]=csv [tsv_units]=csv)

mkdir -p "$work/artifacts" "$work/logs"
# The targets' scratch files (rewritten every input) go to memory when it can.
tmp_root=/dev/shm
[[ -d $tmp_root && -w $tmp_root ]] || tmp_root="$work"
scratch=$(mktemp -d "$tmp_root/tmkit-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
corpus_root="$work/corpus"
[[ $fresh = 0 ]] || corpus_root="$scratch/corpus"

prepare_corpus() {
  local t=$1 corpus="$corpus_root/$1" f
  mkdir -p "$corpus"
  while read -r f; do
    [[ -n $f ]] || continue
    local rel=${f#"$shared/samples/"}
    cp -f "$f" "$corpus/seed-${rel//\//_}"
  done < <(seeds_for "$t")
  for f in "$fuzz_src/seeds/$t"/* "$fuzz_src/regressions/$t"/*; do
    [[ -f $f ]] && cp -f "$f" "$corpus/"
  done
  return 0
}

run_target() {
  local t=$1 log="$work/logs/$1.log" bin="$build/tests/fuzz/fuzz_$1"
  local args=("-max_total_time=$seconds" "-max_len=${max_len[$t]}" -timeout=10 -rss_limit_mb=2048
              -print_final_stats=1 "-artifact_prefix=$work/artifacts/$t-")
  [[ -n ${dict[$t]:-} ]] && args+=("-dict=$fuzz_src/dicts/${dict[$t]}.dict")
  [[ -z $seed ]] || args+=("-seed=$seed")
  mkdir -p "$scratch/$t"
  # Leaks are reported at exit; the whole run is one process.
  TMPDIR="$scratch/$t" ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" \
    UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
    nice -n 10 "$bin" "${args[@]}" "$corpus_root/$t" >"$log" 2>&1 || true
}

summary_line() {
  local t=$1 log="$work/logs/$1.log"
  local execs speed cov ft status artifact corpus_n
  execs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | awk '{print $2}' | tail -1)
  speed=$(grep -oE 'stat::average_exec_per_sec: +[0-9]+' "$log" | awk '{print $2}' | tail -1)
  local last
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
  cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$last")
  corpus_n=$(find "$corpus_root/$t" -type f | wc -l)
  artifact=$(grep -oE "(Test unit written to|artifact_prefix.*; Test unit written to) [^ ]+" "$log" |
             awk '{print $NF}' | tail -1 || true)
  if [[ -n $artifact ]]; then
    local kind=CRASH
    grep -q 'ERROR: libFuzzer: timeout' "$log" && kind=TIMEOUT
    grep -q 'ERROR: LeakSanitizer' "$log" && kind=LEAK
    grep -q 'ERROR: libFuzzer: out-of-memory' "$log" && kind=OOM
    status="$kind $artifact"
  elif grep -q 'Done [0-9]* runs in' "$log"; then
    status=ok
  else
    status="FAILED (see $log)"
  fi
  printf '%-13s %5ss  execs %10s  %7s/s  cov %6s  ft %7s  corpus %6s  %s\n' \
    "$t" "$seconds" "${execs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "$corpus_n" "$status"
}

for t in "${targets[@]}"; do prepare_corpus "$t"; done
echo "fuzz.sh: ${#targets[@]} target(s), ${seconds}s each, $jobs at a time; logs in $work/logs" >&2

# Run `jobs` targets at a time.
running=0
for t in "${targets[@]}"; do
  run_target "$t" &
  running=$((running + 1))
  if [[ $running -ge $jobs ]]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

# A finding on a machine that is thrown away afterwards (CI) must still be
# reproducible: print the report and the input itself, base64-encoded.
show_finding() {
  local t=$1 artifact=$2 log="$work/logs/$1.log"
  echo "--- $t: the report (from $log) ---"
  sed -n '/invariant broken\|==ERROR\|ERROR: libFuzzer\|runtime error:/,/^SUMMARY/p' "$log" | head -60
  if [[ -f $artifact ]]; then
    local size
    size=$(stat -c %s "$artifact")
    echo "--- $t: the input, $size bytes, base64 (to replay: base64 -d > input," \
      "then $build/tests/fuzz/fuzz_$t input) ---"
    head -c 65536 "$artifact" | base64
  fi
  echo "--- end of $t ---"
}

found=0
findings=()
for t in "${targets[@]}"; do
  line=$(summary_line "$t")
  echo "$line"
  if [[ $line != *" ok" ]]; then
    found=1
    findings+=("$t ${line##* }")
  fi
done
for f in "${findings[@]}"; do show_finding ${f}; done
exit $found
