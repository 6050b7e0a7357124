#!/usr/bin/env bash
# import_bench.sh — TMX import/export throughput, peak RSS and store size of tmkit, with
# Translate Toolkit's TMX parser as the baseline measured in the same run.
#
# Usage: bench/import_bench.sh [N] [--seed S] [--keep] [--validate]
#   N           units in the generated TMX (default 1000000)
#   --seed S    generator seed (default 1); the TMX is reused when N and S match
#   --keep      keep the store and the exported TMX (default: delete them at the end)
#   --validate  also check the exported TMX against the TMX 1.4 DTD (xmllint --stream)
# Environment:
#   TMKIT_BIN        binary to measure (default: <repo>/build/tmkit)
#   TMKIT_BENCH_DIR  scratch directory (default: /tmp/tmkit-bench); must be outside the repo
#   TTK_BASELINE     baseline script (default: /work/shared/bench/ttk_baseline.py)
#
# The tmkit commands measured (contract, see ../shared/DESIGN.md):
#   tmkit --store DIR import FILE.tmx
#   tmkit --store DIR export -o OUT.tmx --format tmx
#   tmkit --store DIR stats --json          -> {"units": …, "store_bytes": …, …}
# Output: a table with the targets beside the figures, the ratios to the baseline, and one
# machine-readable JSON line at the end (starts with {"bench": "import"). Nothing is written
# into the repository.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
PY=/usr/bin/python3
TIME=/usr/bin/time

N=1000000
SEED=${TMKIT_BENCH_SEED:-1}
KEEP=0
VALIDATE=0

usage() { sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
BENCH_NAME=import_bench
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

while [ $# -gt 0 ]; do
    case "$1" in
        --keep) KEEP=1 ;;
        --validate) VALIDATE=1 ;;
        --seed) [ $# -ge 2 ] || die "--seed needs a value"; SEED=$2; shift ;;
        --seed=*) SEED=${1#--seed=} ;;
        -h|--help) usage; exit 0 ;;
        -*) usage >&2; exit 2 ;;
        *) N=$1 ;;
    esac
    shift
done
case "$N" in ''|*[!0-9]*) die "N must be a positive integer, got '$N'" ;; esac
case "$SEED" in ''|*[!0-9]*) die "--seed must be a non-negative integer, got '$SEED'" ;; esac
[ "$N" -gt 0 ] || die "N must be > 0"

TMKIT_BIN=${TMKIT_BIN:-$REPO/build/tmkit}
BENCH_DIR=${TMKIT_BENCH_DIR:-/tmp/tmkit-bench}
TTK_BASELINE=${TTK_BASELINE:-/work/shared/bench/ttk_baseline.py}

# ----------------------------------------------------------------------------- prerequisites
BENCH_DIR=$(bench_prepare "$TMKIT_BIN" "$BENCH_DIR")
[ -x "$TIME" ] || apt_install time "/usr/bin/time, for peak RSS"
"$PY" -c 'import translate.storage.tmx' 2>/dev/null || apt_install python3-translate "Translate Toolkit, the baseline"
[ -f "$TTK_BASELINE" ] || die "baseline script not found: $TTK_BASELINE"
if [ "$VALIDATE" -eq 1 ]; then
    command -v xmllint >/dev/null 2>&1 || apt_install libxml2-utils "xmllint, for --validate"
fi

# ----------------------------------------------------------------------------- data
TMX=$BENCH_DIR/tm_${N}_s${SEED}.tmx
GENJSON=$BENCH_DIR/tm_${N}_s${SEED}.gen.json
if [ -s "$TMX" ]; then
    echo "import_bench: reusing $TMX" >&2
else
    echo "import_bench: generating $TMX ($N units, seed $SEED)" >&2
    "$PY" "$HERE/gen_tmx.py" "$TMX" -n "$N" --seed "$SEED" --stats-json "$GENJSON" --progress >/dev/null
fi
TMX_BYTES=$(stat -c %s "$TMX")
# Warm the page cache so that tmkit and the baseline both read the file from memory.
cat "$TMX" >/dev/null

WORK=$(mktemp -d "$BENCH_DIR/run_${N}_s${SEED}.XXXXXX")
STORE=$WORK/store
EXPORT=$WORK/export.tmx
OK=0
cleanup() {
    if [ "$OK" -eq 1 ] && [ "$KEEP" -eq 0 ]; then
        rm -rf -- "$WORK"
    elif [ "$OK" -eq 0 ]; then
        echo "import_bench: failed; logs and partial results kept in $WORK" >&2
    fi
}
trap cleanup EXIT

# run_timed LABEL CMD... : runs CMD with stdout/stderr to $WORK/LABEL.{out,err};
# sets WALL (seconds, from the monotonic-enough wall clock) and RSS_KB (peak, /usr/bin/time %M).
run_timed() {
    local label=$1 t0 t1 rc=0
    shift
    t0=$(date +%s%N)
    "$TIME" -f '%e %M' -o "$WORK/$label.time" "$@" >"$WORK/$label.out" 2>"$WORK/$label.err" || rc=$?
    t1=$(date +%s%N)
    if [ "$rc" -ne 0 ]; then
        echo "import_bench: $label failed (exit $rc): $*" >&2
        tail -n 20 "$WORK/$label.err" >&2
        exit 1
    fi
    WALL=$(awk -v ns="$((t1 - t0))" 'BEGIN { printf "%.3f", ns / 1e9 }')
    RSS_KB=$(awk 'END { print $2 }' "$WORK/$label.time")
}

# ----------------------------------------------------------------------------- machine
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM_KB=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
TMKIT_VERSION=$("$TMKIT_BIN" --version 2>/dev/null | head -n 1 || true)
TTK_VERSION=$("$PY" -c 'from translate import __version__ as v; print(v.sver)' 2>/dev/null || echo '?')
GIT_REV=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo none)
if [ -n "$(git -C "$REPO" status --porcelain 2>/dev/null | head -n 1)" ]; then GIT_REV="$GIT_REV+dirty"; fi

# ----------------------------------------------------------------------------- measure
echo "import_bench: tmkit import ($N units) ..." >&2
run_timed import "$TMKIT_BIN" --store "$STORE" import "$TMX"
IMPORT_S=$WALL; IMPORT_RSS_KB=$RSS_KB

run_timed stats "$TMKIT_BIN" --store "$STORE" stats --json
STATS_JSON=$(cat "$WORK/stats.out")
STORE_DU=$(du -s -B1 "$STORE" | cut -f1)            # allocated bytes (LMDB files may be sparse)
STORE_APPARENT=$(du -sb "$STORE" | cut -f1)

echo "import_bench: tmkit export ..." >&2
run_timed export "$TMKIT_BIN" --store "$STORE" export -o "$EXPORT" --format tmx
EXPORT_S=$WALL; EXPORT_RSS_KB=$RSS_KB
[ -s "$EXPORT" ] || die "export exited 0 but wrote nothing to $EXPORT"
EXPORT_BYTES=$(stat -c %s "$EXPORT")
EXPORT_TUS=$(grep -c '<tu[ >]' "$EXPORT" || true)

EXPORT_VALID=null
if [ "$VALIDATE" -eq 1 ]; then
    echo "import_bench: validating the export against tmx14.dtd ..." >&2
    if xmllint --noout --nonet --stream --dtdvalid /work/shared/data/formats/schemas/tmx/tmx14.dtd \
            "$EXPORT" >"$WORK/validate.out" 2>"$WORK/validate.err"; then
        EXPORT_VALID=true
    else
        EXPORT_VALID=false
        grep -v 'failed to load external entity' "$WORK/validate.err" | head -n 5 >&2 || true
    fi
fi

echo "import_bench: baseline: Translate Toolkit TMX parse ..." >&2
run_timed ttk "$PY" "$TTK_BASELINE" parse "$TMX"
TTK_S=$WALL; TTK_RSS_KB=$RSS_KB
TTK_JSON=$(tail -n 1 "$WORK/ttk.out")
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ----------------------------------------------------------------------------- report
export N SEED TMX TMX_BYTES GENJSON STATS_JSON STORE_DU STORE_APPARENT IMPORT_S IMPORT_RSS_KB EXPORT_S \
    EXPORT_RSS_KB EXPORT_BYTES EXPORT_TUS EXPORT_VALID TTK_S TTK_RSS_KB TTK_JSON CPU_MODEL MEM_KB \
    LOAD_START LOAD_END TMKIT_VERSION TTK_VERSION GIT_REV TMKIT_BIN
"$PY" - <<'EOF'
import json, os, platform, subprocess, time
e = os.environ
n = int(e["N"])
try:
    stats = json.loads(e["STATS_JSON"])
except ValueError:
    raise SystemExit("import_bench: `stats --json` did not print JSON: %r" % e["STATS_JSON"][:200])
try:
    ttk = json.loads(e["TTK_JSON"])
except ValueError:
    raise SystemExit("import_bench: baseline did not print JSON: %r" % e["TTK_JSON"][:200])
gen = {}
if os.path.exists(e["GENJSON"]):
    with open(e["GENJSON"], encoding="utf-8") as f:
        gen = json.load(f)
MB = 1024 * 1024
imp_s, exp_s, ttk_s = float(e["IMPORT_S"]), float(e["EXPORT_S"]), float(e["TTK_S"])
imp_rss, exp_rss, ttk_rss = (int(e[k]) / 1024 for k in ("IMPORT_RSS_KB", "EXPORT_RSS_KB", "TTK_RSS_KB"))
units = stats.get("units")
store_bytes = stats.get("store_bytes")
exported = int(e["EXPORT_TUS"])
imp_ups = n / imp_s
exp_ups = (units if isinstance(units, int) and units > 0 else n) / exp_s
ttk_ups = ttk.get("units", n) / ttk_s            # same wall-clock method as tmkit
TARGET_IMPORT_UPS, TARGET_RSS_MB, TARGET_EXPORT_UPS = 100000, 500, 200000

def mark(ok):
    return "ok" if ok else "MISSED"

warnings = []
if units != n:
    warnings.append("stats reports %r units, the TMX has %d" % (units, n))
if exported != n:
    warnings.append("the export holds %d <tu> elements, the TMX has %d" % (exported, n))
if e["EXPORT_VALID"] == "false":
    warnings.append("the export does NOT validate against tmx14.dtd")

print()
print("tmkit import/export benchmark  %s" % time.strftime("%Y-%m-%d %H:%M:%S %Z"))
print("machine : %s cores, %s, %.1f GiB RAM, Linux %s; load %s -> %s"
      % (os.cpu_count(), e["CPU_MODEL"], int(e["MEM_KB"]) / MB, platform.release(),
         e["LOAD_START"], e["LOAD_END"]))
print("binary  : %s (%s), repo %s" % (e["TMKIT_BIN"], e["TMKIT_VERSION"] or "version unknown", e["GIT_REV"]))
print("data    : %s  %d units, %.1f MB, seed %s%s"
      % (e["TMX"], n, int(e["TMX_BYTES"]) / MB, e["SEED"],
         ", avg source %.1f words / %.0f chars" % (gen["avg_src_words"], gen["avg_src_chars"]) if gen else ""))
print("baseline: Translate Toolkit %s, tmx.tmxfile.parsefile (lxml), nothing persisted" % e["TTK_VERSION"])
print()
rows = [
    ("tmkit import", "%.2f s" % imp_s, "%.0f units/s" % imp_ups, "%.0f MB" % imp_rss,
     "%s >= %d units/s, %s RSS < %d MB" % (mark(imp_ups >= TARGET_IMPORT_UPS), TARGET_IMPORT_UPS,
                                          mark(imp_rss < TARGET_RSS_MB), TARGET_RSS_MB)),
    ("tmkit export", "%.2f s" % exp_s, "%.0f units/s" % exp_ups, "%.0f MB" % exp_rss,
     "%s >= %d units/s, %s RSS < %d MB" % (mark(exp_ups >= TARGET_EXPORT_UPS), TARGET_EXPORT_UPS,
                                          mark(exp_rss < TARGET_RSS_MB), TARGET_RSS_MB)),
    ("TTK parse (baseline)", "%.2f s" % ttk_s, "%.0f units/s" % ttk_ups, "%.0f MB" % ttk_rss,
     "process wall time, as for tmkit"),
    ("  of which parsefile", "%.2f s" % ttk.get("parse_s", 0), "%.0f units/s" % ttk.get("units_per_s", 0), "", "self-timed"),
]
w = [max(len(r[i]) for r in rows + [("step", "wall", "rate", "peak RSS", "target")]) for i in range(5)]
fmt = "%-{0}s  %{1}s  %{2}s  %{3}s  %s".format(*w[:4])
print(fmt % ("step", "wall", "rate", "peak RSS", "target"))
for r in rows:
    print(fmt % r)
print()
du = int(e["STORE_DU"])
print("store   : du %.1f MB = %.0f bytes/unit (apparent %.1f MB); stats store_bytes %s%s"
      % (du / MB, du / n, int(e["STORE_APPARENT"]) / MB, store_bytes,
         " = %.0f bytes/unit" % (store_bytes / n) if isinstance(store_bytes, (int, float)) else ""))
print("export  : %.1f MB, %d <tu>%s" % (int(e["EXPORT_BYTES"]) / MB, exported,
      {"true": ", valid (tmx14.dtd)", "false": ", INVALID (tmx14.dtd)"}.get(e["EXPORT_VALID"], "")))
print("ratios  : import speed tmkit/TTK = %.3gx; peak RSS tmkit/TTK = %.3gx (import), %.3gx (export)"
      % (imp_ups / ttk_ups, imp_rss / ttk_rss, exp_rss / ttk_rss))
for w_ in warnings:
    print("WARNING : " + w_)
print()
result = {
    "bench": "import", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "machine": {"nproc": os.cpu_count(), "cpu": e["CPU_MODEL"], "mem_kb": int(e["MEM_KB"]),
                "kernel": platform.release(), "load_start": e["LOAD_START"], "load_end": e["LOAD_END"]},
    "tmkit": {"bin": e["TMKIT_BIN"], "version": e["TMKIT_VERSION"], "git": e["GIT_REV"]},
    "data": {"tmx": e["TMX"], "units": n, "bytes": int(e["TMX_BYTES"]), "seed": int(e["SEED"]),
             "avg_src_words": gen.get("avg_src_words"), "pool_sha1": gen.get("pool_sha1")},
    "import": {"s": imp_s, "units_per_s": round(imp_ups), "peak_rss_mb": round(imp_rss, 1)},
    "export": {"s": exp_s, "units_per_s": round(exp_ups), "peak_rss_mb": round(exp_rss, 1),
               "bytes": int(e["EXPORT_BYTES"]), "tus": exported,
               "valid": {"true": True, "false": False}.get(e["EXPORT_VALID"])},
    "store": {"units": units, "store_bytes": store_bytes, "du_bytes": du,
              "du_apparent_bytes": int(e["STORE_APPARENT"]),
              "du_bytes_per_unit": round(du / n, 1),
              "store_bytes_per_unit": round(store_bytes / n, 1) if isinstance(store_bytes, (int, float)) else None},
    "baseline_ttk_parse": {"version": e["TTK_VERSION"], "s": ttk_s, "units_per_s": round(ttk_ups),
                           "peak_rss_mb": round(ttk_rss, 1), "self_reported": ttk},
    "ratios": {"import_speed_vs_ttk": round(imp_ups / ttk_ups, 3),
               "import_rss_vs_ttk": round(imp_rss / ttk_rss, 3),
               "export_rss_vs_ttk": round(exp_rss / ttk_rss, 3)},
    "targets": {"import_units_per_s": TARGET_IMPORT_UPS, "peak_rss_mb": TARGET_RSS_MB,
                "export_units_per_s": TARGET_EXPORT_UPS,
                "met": {"import_speed": imp_ups >= TARGET_IMPORT_UPS, "import_rss": imp_rss < TARGET_RSS_MB,
                        "export_speed": exp_ups >= TARGET_EXPORT_UPS, "export_rss": exp_rss < TARGET_RSS_MB}},
    "warnings": warnings,
}
print(json.dumps(result, ensure_ascii=False))
EOF
OK=1
