#!/usr/bin/env bash
# pretranslate_bench.sh — `tmkit pretranslate` and `tmkit analyze` on a generated XLIFF 2.1 file
# against a generated en→uk store, with Translate Toolkit's matcher (its pretranslate engine)
# timed on a sample of the same segments against a smaller memory in the same run.
#
# Usage: bench/pretranslate_bench.sh [--units N] [--segments M] [--ttk-units K] [--ttk-sample S]
#   --units N       store size (default 1000000): bench/gen_tmx.py's TMX, imported once and kept
#   --segments M    segments in the XLIFF (default 50000; bench/gen_xliff.py: 40 % exact,
#                   30 % fuzzy, 30 % new)
#   --ttk-units K   memory size for Translate Toolkit (default 25000; it loads the whole TMX
#                   into Python objects, about 5 GB at 1M units)
#   --ttk-sample S  segments Translate Toolkit matches (default 100; 0 skips it)
# Environment: TMKIT_BIN (default <repo>/build/tmkit), TMKIT_BENCH_DIR (default /tmp/tmkit-bench).
# Output: a table and one JSON line starting {"bench": "pretranslate". Nothing is written into
# the repository.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
PY=/usr/bin/python3
TIME=/usr/bin/time
UNITS=1000000
SEGMENTS=50000
TTK_UNITS=25000
TTK_SAMPLE=100

usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
BENCH_NAME=pretranslate_bench
. "$HERE/lib.sh"

while [ $# -gt 0 ]; do
    case "$1" in
        --units) UNITS=$2; shift ;;
        --segments) SEGMENTS=$2; shift ;;
        --ttk-units) TTK_UNITS=$2; shift ;;
        --ttk-sample) TTK_SAMPLE=$2; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
    shift
done
for v in UNITS SEGMENTS TTK_UNITS TTK_SAMPLE; do
    case "${!v}" in ''|*[!0-9]*) die "${v,,} must be a non-negative integer" ;; esac
done

TMKIT_BIN=${TMKIT_BIN:-$REPO/build/tmkit}
BENCH_DIR=$(bench_prepare "$TMKIT_BIN" "${TMKIT_BENCH_DIR:-/tmp/tmkit-bench}")
[ -x "$TIME" ] || apt_install time "/usr/bin/time, for peak RSS"

TMX=$BENCH_DIR/tm_${UNITS}_s1.tmx
[ -s "$TMX" ] || { say "generating $TMX"; "$PY" "$HERE/gen_tmx.py" "$TMX" -n "$UNITS" --seed 1 >/dev/null; }
STORE=$BENCH_DIR/store_${UNITS}_s1
if [ ! -s "$BENCH_DIR/store_${UNITS}_s1.ok" ]; then
    say "importing $TMX into $STORE (once)"
    rm -rf "$STORE"
    "$TMKIT_BIN" --store "$STORE" import "$TMX" >&2
    date > "$BENCH_DIR/store_${UNITS}_s1.ok"
fi
XLF=$BENCH_DIR/pre_${SEGMENTS}.xlf
"$PY" "$HERE/gen_xliff.py" "$TMX" "$XLF" -n "$SEGMENTS" --seed 1 > "$BENCH_DIR/pre_gen.json"
OUT=$BENCH_DIR/pre_${SEGMENTS}.out.xlf

timed() {  # timed LOG COMMAND... → "seconds rss_kb"
    local log=$1; shift
    "$TIME" -f "%e %M" -o "$BENCH_DIR/time.txt" "$@" > "$log" || die "failed: $* (see $log)"
    cat "$BENCH_DIR/time.txt"
}
read -r PRE_S PRE_KB < <(timed "$BENCH_DIR/pre.json" "$TMKIT_BIN" --store "$STORE" -q \
    pretranslate "$XLF" -o "$OUT" --min 75 --json)
read -r ANA_S ANA_KB < <(timed "$BENCH_DIR/ana.json" "$TMKIT_BIN" --store "$STORE" -q \
    analyze "$XLF" --json)
if command -v xmllint >/dev/null; then
    XML_CATALOG_FILES=/work/shared/data/formats/schemas/catalog.xml xmllint --noout --nonet --stream \
        --schema /work/shared/data/formats/schemas/xliff21/xliff21_all_modules.local.xsd "$OUT" 2>/dev/null \
        && VALID=yes || VALID=NO
else
    VALID=unchecked
fi

TTK_RATE=""
if [ "$TTK_SAMPLE" -gt 0 ]; then
    "$PY" -c 'import translate.search.match' 2>/dev/null || apt_install python3-translate "the baseline"
    TTK_TMX=$BENCH_DIR/tm_${TTK_UNITS}_s1.tmx
    [ -s "$TTK_TMX" ] || "$PY" "$HERE/gen_tmx.py" "$TTK_TMX" -n "$TTK_UNITS" --seed 1 >/dev/null
    "$PY" -c "
import sys, xml.etree.ElementTree as ET
n = int(sys.argv[2]); out = open(sys.argv[3], 'w')
for _, el in ET.iterparse(sys.argv[1]):
    if el.tag.endswith('source'):
        out.write(''.join(el.itertext()).replace('\n', ' ') + '\n'); n -= 1
        if n == 0: break
" "$XLF" "$TTK_SAMPLE" "$BENCH_DIR/pre_sample.txt"
    "$PY" /work/shared/bench/ttk_baseline.py match "$TTK_TMX" "$BENCH_DIR/pre_sample.txt" --min 75 \
        > "$BENCH_DIR/ttk.json" || die "the Translate Toolkit baseline failed"
    TTK_RATE=$("$PY" -c "import json; d = json.load(open('$BENCH_DIR/ttk.json')); print('%.1f' % (1000.0 / max(d['median_ms'], 1e-6)))")
    # tmkit on the same small memory, for the like-for-like ratio.
    SMALL=$BENCH_DIR/store_${TTK_UNITS}_s1
    [ -s "$BENCH_DIR/store_${TTK_UNITS}_s1.ok" ] || { rm -rf "$SMALL"; "$TMKIT_BIN" --store "$SMALL" -q import "$TTK_TMX" >/dev/null && date > "$BENCH_DIR/store_${TTK_UNITS}_s1.ok"; }
    read -r SMALL_S _ < <(timed "$BENCH_DIR/pre_small.json" "$TMKIT_BIN" --store "$SMALL" -q \
        pretranslate "$XLF" -o "$BENCH_DIR/pre_small.out.xlf" --min 75 --json)
fi

"$PY" - "$BENCH_DIR" "$SEGMENTS" "$UNITS" "$PRE_S" "$PRE_KB" "$ANA_S" "$ANA_KB" "$VALID" \
      "${TTK_RATE:-}" "${SMALL_S:-}" "$TTK_UNITS" "$(nproc)" <<'PYEOF'
import json, sys
d, seg, units, pre_s, pre_kb, ana_s, ana_kb, valid, ttk_rate, small_s, ttk_units, cores = sys.argv[1:]
seg, pre_s, ana_s = int(seg), float(pre_s), float(ana_s)
pre = json.load(open(d + "/pre.json"))
ana = json.load(open(d + "/ana.json"))["files"][0]
print(f"\npretranslate {seg:,} XLIFF 2.1 segments against {int(units):,} units ({cores} cores)")
print(f"  tmkit pretranslate: {pre_s:.1f} s, {seg / pre_s:,.0f} segments/s (target >= 500), "
      f"peak {int(pre_kb) / 1024:.0f} MB; output valid against the 2.1 schema: {valid}")
print(f"    filled: {pre['context'] + pre['exact']:,} translated, {pre['fuzzy']:,} fuzzy for review, "
      f"{pre['left_empty']:,} left empty; {pre['adapted']:,} adapted")
print(f"  tmkit analyze: {ana_s:.1f} s, {seg / ana_s:,.0f} segments/s, peak {int(ana_kb) / 1024:.0f} MB")
for b in ana["bands"]:
    print(f"    {b['name']:<12} {b['segments']:>8,} segments {b['words']:>10,} words")
out = {"bench": "pretranslate", "segments": seg, "units": int(units), "pretranslate_s": pre_s,
       "segments_per_s": seg / pre_s, "peak_mb": int(pre_kb) / 1024, "analyze_s": ana_s,
       "valid": valid}
if ttk_rate:
    small = float(small_s)
    print(f"  at {int(ttk_units):,} units: tmkit {seg / small:,.0f} segments/s; Translate Toolkit's matcher "
          f"{float(ttk_rate):,.1f} segments/s (median over a sample) -> ratio {seg / small / float(ttk_rate):,.0f}x")
    out.update({"small_units": int(ttk_units), "small_segments_per_s": seg / small,
                "ttk_segments_per_s": float(ttk_rate)})
print(json.dumps(out))
PYEOF
