#!/usr/bin/env bash
# term_import_bench.sh — `tmkit term import` throughput on a generated term base (TBX v3,
# TBX 2008 and CSV of the same entries), with Translate Toolkit's TBX reader as the
# baseline measured in the same run (it only parses: no index, no store).
#
# Usage: bench/term_import_bench.sh [N] [--runs R]
#   N         entries (default 100000): distinct concepts in en, uk and ko, as term_bench makes them
#   --runs R  runs per format (default 3); the median is reported
# Environment:
#   TMKIT_BIN        binary to measure (default: <repo>/build/tmkit)
#   TERM_BENCH_BIN   generator (default: <repo>/build/bench/term_bench)
#   TMKIT_BENCH_DIR  scratch directory (default: /tmp/tmkit-bench); must be outside the repo
#
# The command measured: tmkit --store DIR term import FILE (a fresh store each run).
# Output: a table (seconds, entries/s, peak RSS, ratio to the baseline) and one JSON line
# starting {"bench": "term_import". Nothing is written into the repository.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
PY=/usr/bin/python3
TIME=/usr/bin/time
N=100000
RUNS=3

usage() { sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
BENCH_NAME=term_import_bench
. "$HERE/lib.sh"

while [ $# -gt 0 ]; do
    case "$1" in
        --runs) [ $# -ge 2 ] || die "--runs needs a value"; RUNS=$2; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) usage >&2; exit 2 ;;
        *) N=$1 ;;
    esac
    shift
done
case "$N" in ''|*[!0-9]*) die "N must be a positive integer, got '$N'" ;; esac
case "$RUNS" in ''|*[!0-9]*|0) die "--runs must be a positive integer, got '$RUNS'" ;; esac

TMKIT_BIN=${TMKIT_BIN:-$REPO/build/tmkit}
TERM_BENCH_BIN=${TERM_BENCH_BIN:-$REPO/build/bench/term_bench}
[ -x "$TERM_BENCH_BIN" ] || die "no generator at $TERM_BENCH_BIN (cmake --build build --target term_bench)"
BENCH_DIR=$(bench_prepare "$TMKIT_BIN" "${TMKIT_BENCH_DIR:-/tmp/tmkit-bench}")
[ -x "$TIME" ] || apt_install time "/usr/bin/time, for peak RSS"
"$PY" -c 'import translate.storage.tbx' 2>/dev/null || apt_install python3-translate "Translate Toolkit, the baseline"

DIR=$BENCH_DIR/term-import-$N
mkdir -p "$DIR"
for ext in tbx tbx2008 csv; do
    [ -s "$DIR/g.$ext" ] || "$TERM_BENCH_BIN" --entries "$N" --write "$DIR/g.$ext" >&2
done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# One timed run: prints "seconds rss_kb".
run_tmkit() {  # run_tmkit FILE
    rm -rf "$DIR/store"
    "$TIME" -f "%e %M" -o "$DIR/time.txt" "$TMKIT_BIN" --store "$DIR/store" term import "$1" >/dev/null \
        || die "tmkit term import $1 failed"
    cat "$DIR/time.txt"
}
run_ttk() {
    "$TIME" -f "%e %M" -o "$DIR/time.txt" "$PY" -c "
import sys
from translate.storage import tbx
store = tbx.tbxfile.parsefile(sys.argv[1])
n = sum(1 for u in store.units if u.source)
assert n == int(sys.argv[2]), n
" "$DIR/g.tbx2008" "$N" || die "the Translate Toolkit baseline failed"
    cat "$DIR/time.txt"
}

declare -A SEC RSS
measure() {  # measure NAME COMMAND...
    local name=$1; shift
    local times=() rss=()
    for _ in $(seq "$RUNS"); do
        read -r t m < <("$@")
        times+=("$t"); rss+=("$m")
    done
    SEC[$name]=$(printf '%s\n' "${times[@]}" | median)
    RSS[$name]=$(printf '%s\n' "${rss[@]}" | median)
    say "$name: ${times[*]} s"
}
measure ttk run_ttk
measure tbx run_tmkit "$DIR/g.tbx"
measure tbx2008 run_tmkit "$DIR/g.tbx2008"
measure csv run_tmkit "$DIR/g.csv"
"$TMKIT_BIN" --store "$DIR/store" verify >/dev/null || die "verify failed after the CSV import"

rate() { awk -v n="$N" -v s="$1" 'BEGIN {printf "%.0f", n / s}'; }
printf '\nterm import of %s entries (en, uk, ko), median of %s runs, %s cores\n' "$N" "$RUNS" "$(nproc)"
printf '%-34s %8s %12s %9s %10s\n' "what" "seconds" "entries/s" "RSS MB" "vs TTK"
row() {  # row LABEL KEY
    printf '%-34s %8.2f %12s %9.0f %9.2fx\n' "$1" "${SEC[$2]}" "$(rate "${SEC[$2]}")" \
        "$(awk -v k="${RSS[$2]}" 'BEGIN {print k / 1024}')" \
        "$(awk -v a="${SEC[ttk]}" -v b="${SEC[$2]}" 'BEGIN {print a / b}')"
}
row "Translate Toolkit: parse TBX 2008" ttk
row "tmkit term import TBX v3" tbx
row "tmkit term import TBX 2008" tbx2008
row "tmkit term import CSV" csv
printf 'target: >= 50,000 entries/s\n'
printf '{"bench": "term_import", "entries": %s, "runs": %s, "ttk_s": %s, "tbx_s": %s, "tbx2008_s": %s, "csv_s": %s}\n' \
    "$N" "$RUNS" "${SEC[ttk]}" "${SEC[tbx]}" "${SEC[tbx2008]}" "${SEC[csv]}"
rm -rf "$DIR/store"
