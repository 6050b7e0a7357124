#!/usr/bin/env bash
# limits_bench.sh — the size limits of doc/reliability.md: a TMX of N units (10 M by default,
# a 7 GB file) imported into an empty store, then every command that walks or searches the
# whole store, with wall time and peak RSS for each. Nothing is compared: this checks that
# each step works at this size (exit 0, the right unit counts) and shows how cost grows.
#
# Usage: bench/limits_bench.sh [N] [--seed S] [--queries FILE] [--keep] [--store DIR]
#   N              units in the generated TMX (default 10000000; about 710 bytes a unit)
#   --seed S       generator seed (default 1); the TMX is reused when N and S match
#   --queries F    English queries, one a line (default: the generator's query file for
#                  N and S, else any tm_*.queries.txt in the scratch directory); 200 are used
#   --keep         keep the store and the export (default: delete them at the end)
#   --store DIR    a store into which this TMX was already imported (kept by --keep): skip
#                  the import and measure the rest on it (it is left in place)
# Environment:
#   TMKIT_BIN        binary to measure (default: <repo>/build/tmkit)
#   TMKIT_BENCH_DIR  scratch directory (default: /tmp/tmkit-bench); must be outside the repo;
#                    needs about 3 × the TMX's size free (TMX, store, export)
#
# Steps (each must exit 0): import; stats --json (units must equal the TMX's <tu> count); lookup --file of 200
# queries on one thread (per-query milliseconds from --timings); one cold `lookup` process;
# concordance of a common word; verify; export to TMX (its <tu> count must equal N). verify and
# export start from a cold page cache (the store file's pages are dropped first).
# Output: a table, then one JSON line starting with {"bench": "limits".
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
PY=/usr/bin/python3
TIME=/usr/bin/time
BENCH_NAME=limits_bench
. "$HERE/lib.sh"

N=10000000
SEED=1
KEEP=0
QUERIES=""
REUSE=""
while [ $# -gt 0 ]; do
    case "$1" in
        --keep) KEEP=1 ;;
        --seed) [ $# -ge 2 ] || die "--seed needs a value"; SEED=$2; shift ;;
        --queries) [ $# -ge 2 ] || die "--queries needs a file"; QUERIES=$2; shift ;;
        --store) [ $# -ge 2 ] || die "--store needs a folder"; REUSE=$(realpath "$2"); shift ;;
        -h|--help) sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) N=$1 ;;
    esac
    shift
done
case "$N" in ''|*[!0-9]*) die "N must be a positive integer, got '$N'" ;; esac

TMKIT_BIN=${TMKIT_BIN:-$REPO/build/tmkit}
BENCH_DIR=$(bench_prepare "$TMKIT_BIN" "${TMKIT_BENCH_DIR:-/tmp/tmkit-bench}")
[ -x "$TIME" ] || apt_install time "/usr/bin/time, for peak RSS"

TMX=$BENCH_DIR/tm_${N}_s${SEED}.tmx
if [ -s "$TMX" ]; then
    say "reusing $TMX"
else
    say "generating $TMX ($N units, seed $SEED)"
    "$PY" "$HERE/gen_tmx.py" "$TMX" -n "$N" --seed "$SEED" --progress >/dev/null
fi
if [ -z "$QUERIES" ]; then
    QUERIES=$BENCH_DIR/tm_${N}_s${SEED}.queries.txt
    [ -s "$QUERIES" ] || QUERIES=$(ls "$BENCH_DIR"/tm_*.queries.txt 2>/dev/null | head -n 1)
fi
[ -n "$QUERIES" ] && [ -s "$QUERIES" ] || die "no query file: pass --queries FILE"
TMX_BYTES=$(stat -c %s "$TMX")
# The generator may write a few units fewer than asked (a pool ran out): count them.
TMX_UNITS=$(grep -c '<tu[ >]' "$TMX")

WORK=$(mktemp -d "$BENCH_DIR/limits_${N}_s${SEED}.XXXXXX")
STORE=${REUSE:-$WORK/store}
OK=0
cleanup() {
    if [ "$OK" -eq 1 ] && [ "$KEEP" -eq 0 ]; then
        rm -rf -- "$WORK"
    elif [ "$OK" -eq 0 ]; then
        say "failed; logs kept in $WORK"
    fi
}
trap cleanup EXIT
head -n 200 "$QUERIES" >"$WORK/queries.txt"

# step LABEL CMD...: runs CMD (stdout/stderr to $WORK/LABEL.{out,err}); records wall s, peak RSS.
declare -A WALL RSS
step() {
    local label=$1 t0 t1 rc=0
    shift
    say "$label ..."
    t0=$(date +%s%N)
    "$TIME" -f '%e %M' -o "$WORK/$label.time" "$@" >"$WORK/$label.out" 2>"$WORK/$label.err" || rc=$?
    t1=$(date +%s%N)
    if [ "$rc" -ne 0 ]; then
        say "$label failed (exit $rc): $*"
        tail -n 20 "$WORK/$label.err" >&2
        exit 1
    fi
    WALL[$label]=$(awk -v ns="$((t1 - t0))" 'BEGIN { printf "%.2f", ns / 1e9 }')
    RSS[$label]=$(awk 'END { printf "%d", $2 / 1024 }' "$WORK/$label.time")
}
TM=("$TMKIT_BIN" --store "$STORE")

if [ -n "$REUSE" ]; then
    [ -f "$REUSE/data.mdb" ] || die "no store in $REUSE"
    WALL[import]="-"; RSS[import]="-"
else
    step import "${TM[@]}" import "$TMX"
fi
step stats "${TM[@]}" stats --json
UNITS=$("$PY" -c 'import json,sys; print(json.load(sys.stdin)["units"])' <"$WORK/stats.out")
STORE_BYTES=$("$PY" -c 'import json,sys; print(json.load(sys.stdin)["store_bytes"])' <"$WORK/stats.out")
[ "$UNITS" -eq "$TMX_UNITS" ] || die "the store holds $UNITS units, the TMX $TMX_UNITS"
step lookup_file "${TM[@]}" lookup --file "$WORK/queries.txt" --src en --tgt uk --threads 1 --json --timings
read -r P50 P95 PMAX FOUND < <("$PY" - "$WORK/lookup_file.out" <<'EOF'
import json, sys
ms, found = [], 0
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    ms.append(r["ms"])
    found += bool(r.get("matches"))
ms.sort()
q = lambda p: ms[min(len(ms) - 1, int(p * len(ms)))]
print(f"{q(0.5):.1f} {q(0.95):.1f} {ms[-1]:.1f} {found}")
EOF
)
step lookup_cold "${TM[@]}" lookup "$(head -n 1 "$WORK/queries.txt")" --src en --tgt uk
step concordance "${TM[@]}" concordance "government" --lang en --max 20
# The walks over the whole store are measured from a cold page cache, as after a reboot: the
# store file's cached pages are dropped first (posix_fadvise DONTNEED: no root needed).
drop_cache() {
    "$PY" -c 'import os, sys; fd = os.open(sys.argv[1], os.O_RDONLY); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)' "$STORE/data.mdb"
}
drop_cache
step verify "${TM[@]}" verify
drop_cache
step export "${TM[@]}" export -o "$WORK/export.tmx" --format tmx
EXPORTED=$(grep -c '<tu[ >]' "$WORK/export.tmx")
[ "$EXPORTED" -eq "$TMX_UNITS" ] || die "the export holds $EXPORTED units, the TMX $TMX_UNITS"
rm -f "$WORK/export.tmx"

CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
GIT_REV=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo none)
printf '\n%s units, TMX %.2f GB, store %.2f GB; %s, %d cores; tmkit %s\n' "$TMX_UNITS" \
    "$(awk -v b="$TMX_BYTES" 'BEGIN { print b / 1e9 }')" \
    "$(awk -v b="$STORE_BYTES" 'BEGIN { print b / 1e9 }')" "$CPU_MODEL" "$(nproc)" "$GIT_REV"
printf '%-40s %10s %10s  %s\n' step "wall s" "peak MB" note
printf '%-40s %10s %10s  %s\n' "import" "${WALL[import]}" "${RSS[import]}" \
    "$(awk -v n="$TMX_UNITS" -v s="${WALL[import]}" 'BEGIN { if (s > 0) printf "%d units/s", n / s; else print "(imported before)" }')"
printf '%-40s %10s %10s\n' "stats" "${WALL[stats]}" "${RSS[stats]}"
printf '%-40s %10s %10s  %s\n' "lookup --file (200 queries, 1 thread)" "${WALL[lookup_file]}" \
    "${RSS[lookup_file]}" "p50 $P50 ms, p95 $P95 ms, max $PMAX ms; $FOUND with matches"
printf '%-40s %10s %10s\n' "lookup (one cold process)" "${WALL[lookup_cold]}" "${RSS[lookup_cold]}"
printf '%-40s %10s %10s\n' "concordance" "${WALL[concordance]}" "${RSS[concordance]}"
printf '%-40s %10s %10s\n' "verify (cold cache)" "${WALL[verify]}" "${RSS[verify]}"
printf '%-40s %10s %10s  %s\n' "export (TMX, cold cache)" "${WALL[export]}" "${RSS[export]}" \
    "$(awk -v n="$TMX_UNITS" -v s="${WALL[export]}" 'BEGIN { printf "%d units/s", n / s }')"
printf '{"bench": "limits", "units": %d, "tmx_bytes": %d, "store_bytes": %d, "import_s": "%s", "import_rss_mb": "%s", "lookup_p50_ms": %s, "lookup_p95_ms": %s, "lookup_cold_s": %s, "concordance_s": %s, "verify_s": %s, "verify_rss_mb": %d, "export_s": %s, "export_rss_mb": %d, "rev": "%s"}\n' \
    "$TMX_UNITS" "$TMX_BYTES" "$STORE_BYTES" "${WALL[import]}" "${RSS[import]}" "$P50" "$P95" \
    "${WALL[lookup_cold]}" "${WALL[concordance]}" "${WALL[verify]}" "${RSS[verify]}" \
    "${WALL[export]}" "${RSS[export]}" "$GIT_REV"
OK=1
