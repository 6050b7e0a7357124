#!/usr/bin/env bash
# align_bench.sh — sentence-alignment quality and speed of `tmkit align`, with the Gale & Church
# (1993) length-based aligner (bench/gale_church.py) run on the same data in the same run.
#
# Usage: bench/align_bench.sh [--tmkit PATH] [--out DIR] [--quick]
#   --tmkit PATH   binary to measure (default: $TMKIT_BIN, else <repo>/build/tmkit; copied into
#                  the output directory first, so a rebuild during the run changes nothing)
#   --out DIR      output directory (default: a new directory under $TMKIT_BENCH_DIR, which
#                  defaults to /tmp/tmkit-bench); must be outside the repository. It keeps every
#                  link file, log and score, and results.jsonl; nothing else is written
#   --quick        a quick check: 10 NTREX documents per language instead of all, no Text+Berg
#                  dev, the large pair replicated 2x instead of 10x (~1 min)
# Environment: TMKIT_ALIGN_DATA (default <repo>/../shared/data/align),
#              TMKIT_ALIGN_SCORE (default <repo>/../shared/tools/align-score.py)
#
# Sets (gold in vecalign format; scored with align-score.py: strict and lax P/R/F1, micro-averaged):
#   textberg-test      Text+Berg de-fr test0..6, presegmented (Sennrich & Volk 2010)
#   textberg-dev       Text+Berg de-fr dev, presegmented
#   ntrex-en-XX        NTREX-128 even documents, en-uk / en-ru / en-ko, presegmented (1-1 gold)
#   ntrex-reseg-en-XX  the same documents with each side's lines joined by a space into one
#                      paragraph, aligned as running text (no --presegmented); tmkit's sentences
#                      (from `tmkit segment --json`) are mapped back to the original lines by
#                      bench/align_eval.py (see its docstring) and scored against the same gold.
#                      The Gale-Church columns align tmkit's own sentences, mapped the same way
#   sample-en-XX       data/sample/zaporizhzhia-article, en-uk / en-ko, hand-segmented
#                      (*.sent.txt, presegmented) and as running text (sample-text-en-XX, mapped)
#   ntrex-en-uk-big    all NTREX en-uk documents concatenated, replicated 10x (~10,000 pairs),
#                      presegmented; the speed run, also scored (its gold is 1-1)
# Systems: tmkit; Gale-Church with c = 1 (the paper); Gale-Church with c = target/source
# characters of the document pair (--estimate-c).
#
# Commands measured (contract: ../shared/DESIGN.md):
#   tmkit --store DIR align SRC TGT --src L --tgt L --presegmented --links F
#   tmkit --store DIR align SRC TGT --src L --tgt L --links F              (running text)
#   tmkit segment FILE --lang L --json            ({"sentences": [{"text","paragraph","begin","end"}]})
# DIR is a fresh store in the output directory (TMKIT_STORE and XDG_DATA_HOME point there too),
# so the user's store is never touched.
#
# Output: one table (set, gold links, tmkit / G&C strict and lax F1, ratio), the published
# Text+Berg figures (quoted, not run), the speed table (s per 1,000 sentence pairs, peak RSS),
# and one JSON line starting with {"bench": "align". Exit 1 if any run failed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
PY=/usr/bin/python3
TIME=/usr/bin/time

TMKIT_SRC_BIN=${TMKIT_BIN:-$REPO/build/tmkit}
OUT=
QUICK=0

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }
BENCH_NAME=align_bench
. "$HERE/lib.sh"
need_val() { [ "$2" -ge 2 ] || die "$1 needs a value"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --tmkit) need_val "$1" $#; TMKIT_SRC_BIN=$2; shift ;;
        --out) need_val "$1" $#; OUT=$2; shift ;;
        --quick) QUICK=1 ;;
        --*=*) set -- "${1%%=*}" "${1#*=}" "${@:2}"; continue ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
    shift
done

DATA=${TMKIT_ALIGN_DATA:-$REPO/../shared/data/align}
SCORE=${TMKIT_ALIGN_SCORE:-$REPO/../shared/tools/align-score.py}
TB=$DATA/textberg-defr
NT=$DATA/ntrex128-even
SAMPLE=$REPO/data/sample/zaporizhzhia-article
GC=$HERE/gale_church.py
EVAL=$HERE/align_eval.py

# ----------------------------------------------------------------------------- prerequisites
case "$TMKIT_SRC_BIN" in /*) ;; *) TMKIT_SRC_BIN=$(realpath -m "$TMKIT_SRC_BIN") ;; esac
if [ -n "$OUT" ]; then
    OUT=$(bench_prepare "$TMKIT_SRC_BIN" "$OUT")
else
    base=$(bench_prepare "$TMKIT_SRC_BIN" "${TMKIT_BENCH_DIR:-/tmp/tmkit-bench}")
    OUT=$(mktemp -d "$base/align_run.XXXXXX")
fi
[ -f "$SCORE" ] || die "scorer not found: $SCORE (set TMKIT_ALIGN_SCORE)"
[ -d "$TB" ] && [ -d "$NT" ] || die "alignment data not found under $DATA (set TMKIT_ALIGN_DATA)"
[ -x "$TIME" ] || apt_install time "/usr/bin/time, for peak RSS"
"$TMKIT_SRC_BIN" align --help >/dev/null 2>&1 \
    || die "$TMKIT_SRC_BIN has no working 'align' command (tmkit align --help failed)"
"$TMKIT_SRC_BIN" segment --help >/dev/null 2>&1 \
    || die "$TMKIT_SRC_BIN has no working 'segment' command (tmkit segment --help failed)"

BIN=$OUT/tmkit
cp "$TMKIT_SRC_BIN" "$BIN"
STORE=$OUT/store
export TMKIT_STORE=$STORE XDG_DATA_HOME=$OUT/xdg
mkdir -p "$OUT/logs" "$OUT/links" "$OUT/text" "$OUT/lists"
RESULTS=$OUT/results.jsonl
: >"$RESULTS"
FAILED=0
say "output directory: $OUT"

# ----------------------------------------------------------------------------- helpers
# run_timed LABEL CMD... : stdout/stderr to logs/LABEL.{out,err}; /usr/bin/time -v to
# logs/LABEL.time; sets WALL (s), RSS_KB and RC (never exits).
run_timed() {
    local label=$1 t0 t1
    shift
    RC=0
    t0=$(date +%s%N)
    "$TIME" -v -o "$OUT/logs/$label.time" "$@" >"$OUT/logs/$label.out" 2>"$OUT/logs/$label.err" || RC=$?
    t1=$(date +%s%N)
    WALL=$(awk -v ns="$((t1 - t0))" 'BEGIN { printf "%.6f", ns / 1e9 }')
    RSS_KB=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$OUT/logs/$label.time")
    RSS_KB=${RSS_KB:-0}
    if [ "$RC" -ne 0 ]; then
        warn "FAILED ($RC): $label: $*" "$(tail -n 3 "$OUT/logs/$label.err" | sed 's/^/    /')"
    fi
}

# warn MESSAGE [DETAIL] : to stderr, but only the first 5 messages of each set (CUR_SET).
declare -A WARNED
CUR_SET=setup
warn() {
    local n=$(( ${WARNED[$CUR_SET]:-0} + 1 ))
    WARNED[$CUR_SET]=$n
    if [ "$n" -le 5 ]; then
        say "$1"
        [ -z "${2:-}" ] || printf '%s\n' "$2" >&2
    elif [ "$n" -eq 6 ]; then
        say "$CUR_SET: more failures; see $OUT/logs"
    fi
}
fail_doc() {  # fail_doc SET SYSTEM
    FAILED=$((FAILED + 1))
    SET_FAIL[$1.$2]=$(( ${SET_FAIL[$1.$2]:-0} + 1 ))
}

# Per-set accumulators: gold and test file lists, failures, time, pairs.
declare -A T_WALL T_PAIRS T_RSS SET_FAIL
add_time() {  # add_time KEY WALL PAIRS RSS
    T_WALL[$1]=$(awk -v a="${T_WALL[$1]:-0}" -v b="$2" 'BEGIN { printf "%.6f", a + b }')
    T_PAIRS[$1]=$(( ${T_PAIRS[$1]:-0} + $3 ))
    [ "${T_RSS[$1]:-0}" -ge "$4" ] || T_RSS[$1]=$4
}
nsent() { grep -c '[^[:space:]]' "$1" || true; }

# align_one SET SYSTEM NAME SRC TGT SL TL MODE [nolist] : writes links/SET/SYSTEM/NAME.links and
# lists it for scoring (unless nolist). MODE: pre (presegmented) or text (running text; tmkit
# only). On failure the links file is left empty, so every gold link of the document counts as
# missed; sets RC.
align_one() {
    local set=$1 sys=$2 name=$3 src=$4 tgt=$5 sl=$6 tl=$7 mode=$8 nolist=${9:-}
    local dir=$OUT/links/$set/$sys links label
    mkdir -p "$dir"
    links=$dir/$name.links
    label=$set.$sys.$name
    rm -f -- "$links"
    case "$sys/$mode" in
        tmkit/pre) run_timed "$label" "$BIN" --store "$STORE" align "$src" "$tgt" --src "$sl" --tgt "$tl" --presegmented --links "$links" ;;
        tmkit/text) run_timed "$label" "$BIN" --store "$STORE" align "$src" "$tgt" --src "$sl" --tgt "$tl" --links "$links" ;;
        gc/pre) run_timed "$label" "$PY" "$GC" "$src" "$tgt" -o "$links" ;;
        gc-c/pre) run_timed "$label" "$PY" "$GC" --estimate-c "$src" "$tgt" -o "$links" ;;
        *) die "internal: no $sys/$mode" ;;
    esac
    if [ "$RC" -eq 0 ] && [ ! -f "$links" ]; then
        warn "FAILED: $label: exit 0 but no links file was written"
        RC=1
    fi
    if [ "$RC" -ne 0 ]; then
        : >"$links"
        fail_doc "$set" "$sys"
    fi
    [ -n "$nolist" ] || echo "$links" >>"$OUT/lists/$set.$sys.test"
}

# score_set SET SYSTEM : scores the listed test files against lists/SET.gold; one JSON line.
score_set() {
    local set=$1 sys=$2 gl=$OUT/lists/$1.gold tl=$OUT/lists/$1.$2.test
    local -a g t
    mapfile -t g <"$gl"
    mapfile -t t <"$tl"
    if "$PY" "$SCORE" --json --types -g "${g[@]}" -t "${t[@]}" >"$OUT/logs/score.$set.$sys.json" \
        2>"$OUT/logs/score.$set.$sys.err"; then
        "$PY" - "$OUT/logs/score.$set.$sys.json" "$set" "$sys" "${#g[@]}" "${SET_FAIL[$set.$sys]:-0}" >>"$RESULTS" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
r.update({"set": sys.argv[2], "system": sys.argv[3], "docs": int(sys.argv[4]), "failed": int(sys.argv[5])})
print(json.dumps(r))
EOF
    else
        say "scoring $set/$sys failed: $(tail -n 1 "$OUT/logs/score.$set.$sys.err")"
        FAILED=$((FAILED + 1))
        printf '{"set": "%s", "system": "%s", "docs": %d, "error": true}\n' "$set" "$sys" "${#g[@]}" >>"$RESULTS"
    fi
}

# run_pre_set SET SL TL TIMEKEY GOLD:SRC:TGT... : presegmented set, all three systems.
run_pre_set() {
    local set=$1 sl=$2 tl=$3 tkey=$4 item gold src tgt name n sys
    shift 4
    : >"$OUT/lists/$set.gold"
    for sys in tmkit gc gc-c; do : >"$OUT/lists/$set.$sys.test"; done
    CUR_SET=$set
    say "$set: $# document pair(s)"
    for item in "$@"; do
        IFS=: read -r gold src tgt <<<"$item"
        name=$(basename "$gold")
        name=${name%.*}
        echo "$gold" >>"$OUT/lists/$set.gold"
        n=$(nsent "$src")
        for sys in tmkit gc gc-c; do
            align_one "$set" "$sys" "$name" "$src" "$tgt" "$sl" "$tl" pre
            [ -z "$tkey" ] || add_time "$sys: $tkey" "$WALL" "$n" "$RSS_KB"
        done
    done
    for sys in tmkit gc gc-c; do score_set "$set" "$sys"; done
}

# run_text_set SET SL TL GOLD:SRCREF:TGTREF:SRCTEXT:TGTTEXT... : running-text set. tmkit
# segments and aligns the running text; its links are mapped to the reference sentences. The
# Gale-Church variants align tmkit's sentences (written one a line) and are mapped the same way.
# A document whose segmentation, alignment or mapping fails gets an empty links file.
run_text_set() {
    local set=$1 sl=$2 tl=$3 item gold sref tref stext ttext name sys d sseg tseg segok raw mapped
    shift 3
    : >"$OUT/lists/$set.gold"
    for sys in tmkit gc gc-c; do : >"$OUT/lists/$set.$sys.test"; done
    CUR_SET=$set
    say "$set: $# document pair(s), running text"
    d=$OUT/text/$set
    mkdir -p "$d"
    for item in "$@"; do
        IFS=: read -r gold sref tref stext ttext <<<"$item"
        name=$(basename "$gold")
        name=${name%.*}
        echo "$gold" >>"$OUT/lists/$set.gold"
        sseg=$d/$name.src.seg.json
        tseg=$d/$name.tgt.seg.json
        segok=1
        run_timed "$set.segment.$name.src" "$BIN" segment "$stext" --lang "$sl" --json
        if [ "$RC" -eq 0 ]; then cp "$OUT/logs/$set.segment.$name.src.out" "$sseg"; else segok=0; fi
        run_timed "$set.segment.$name.tgt" "$BIN" segment "$ttext" --lang "$tl" --json
        if [ "$RC" -eq 0 ]; then cp "$OUT/logs/$set.segment.$name.tgt.out" "$tseg"; else segok=0; fi
        if [ "$segok" -eq 1 ] \
            && ! { "$PY" "$EVAL" sents "$sseg" "$stext" "$d/$name.src.sents" \
                   && "$PY" "$EVAL" sents "$tseg" "$ttext" "$d/$name.tgt.sents"; } 2>>"$OUT/logs/$set.eval.err"; then
            warn "$set/$name: unreadable 'tmkit segment --json' output ($(tail -n 1 "$OUT/logs/$set.eval.err"))"
            segok=0
        fi
        for sys in tmkit gc gc-c; do
            raw=$OUT/links/$set/$sys/$name.raw.links
            mapped=$OUT/links/$set/$sys/$name.links
            mkdir -p "$OUT/links/$set/$sys"
            : >"$mapped"
            echo "$mapped" >>"$OUT/lists/$set.$sys.test"
            if [ "$sys" = tmkit ]; then
                align_one "$set" tmkit "$name.raw" "$stext" "$ttext" "$sl" "$tl" text nolist
            elif [ "$segok" -eq 1 ]; then
                align_one "$set" "$sys" "$name.raw" "$d/$name.src.sents" "$d/$name.tgt.sents" "$sl" "$tl" pre nolist
            fi
            if [ "$segok" -eq 0 ]; then  # no mapping without tmkit's sentences
                [ "$sys" = tmkit ] && [ "$RC" -ne 0 ] || fail_doc "$set" "$sys"
                continue
            fi
            [ "$RC" -eq 0 ] || continue  # counted by align_one
            if ! "$PY" "$EVAL" map --src-ref "$sref" --tgt-ref "$tref" \
                --src-text "$stext" --tgt-text "$ttext" --src-seg "$sseg" --tgt-seg "$tseg" \
                --links "$raw" -o "$mapped" --stats 2>>"$OUT/logs/$set.$sys.map.jsonl"; then
                warn "$set/$sys/$name: mapping failed: $(tail -n 1 "$OUT/logs/$set.$sys.map.jsonl")"
                : >"$mapped"
                fail_doc "$set" "$sys"
            fi
        done
    done
    for sys in tmkit gc gc-c; do score_set "$set" "$sys"; done
}

# ----------------------------------------------------------------------------- machine
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
GIT_REV=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo none)
if [ -n "$(git -C "$REPO" status --porcelain 2>/dev/null | head -n 1)" ]; then GIT_REV="$GIT_REV+dirty"; fi
TMKIT_VERSION=$("$BIN" --version 2>/dev/null | head -n 1 || true)
echo "align_bench: $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(nproc) CPU ($CPU_MODEL)  load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "align_bench: tmkit $TMKIT_SRC_BIN (${TMKIT_VERSION:-?}), git $GIT_REV; data $DATA"

# ----------------------------------------------------------------------------- 1. Text+Berg
items=()
for n in 0 1 2 3 4 5 6; do items+=("$TB/test$n.defr:$TB/test$n.de:$TB/test$n.fr"); done
run_pre_set textberg-test de fr "" "${items[@]}"
if [ "$QUICK" -eq 0 ]; then
    run_pre_set textberg-dev de fr "" "$TB/dev.defr:$TB/dev.de:$TB/dev.fr"
fi

# ----------------------------------------------------------------------------- 2. NTREX presegmented
mapfile -t DOCS < <(cd "$NT/eng" && ls -- *.txt | sed 's/\.txt$//' | sort)
[ "${#DOCS[@]}" -gt 0 ] || die "no NTREX documents in $NT/eng"
[ "$QUICK" -eq 0 ] || DOCS=("${DOCS[@]:0:10}")
declare -A LDIR=([uk]=ukr [ru]=rus [ko]=kor)
for tl in uk ru ko; do
    items=()
    for d in "${DOCS[@]}"; do items+=("$NT/gold/$d.gold:$NT/eng/$d.txt:$NT/${LDIR[$tl]}/$d.txt"); done
    run_pre_set "ntrex-en-$tl" en "$tl" "NTREX presegmented, one process a document" "${items[@]}"
done

# ----------------------------------------------------------------------------- 3. NTREX re-segmented
J=$OUT/text/joined
mkdir -p "$J"
for d in "${DOCS[@]}"; do
    for l in eng ukr rus kor; do
        [ -s "$J/$d.$l.txt" ] || "$PY" "$EVAL" join "$NT/$l/$d.txt" "$J/$d.$l.txt"
    done
done
for tl in uk ru ko; do
    items=()
    for d in "${DOCS[@]}"; do
        items+=("$NT/gold/$d.gold:$NT/eng/$d.txt:$NT/${LDIR[$tl]}/$d.txt:$J/$d.eng.txt:$J/$d.${LDIR[$tl]}.txt")
    done
    run_text_set "ntrex-reseg-en-$tl" en "$tl" "${items[@]}"
done

# ----------------------------------------------------------------------------- 4. sample article
for tl in uk ko; do
    if [ -f "$SAMPLE.en-$tl.gold" ] && [ -f "$SAMPLE.$tl.sent.txt" ]; then
        run_pre_set "sample-en-$tl" en "$tl" "" "$SAMPLE.en-$tl.gold:$SAMPLE.en.sent.txt:$SAMPLE.$tl.sent.txt"
        run_text_set "sample-text-en-$tl" en "$tl" \
            "$SAMPLE.en-$tl.gold:$SAMPLE.en.sent.txt:$SAMPLE.$tl.sent.txt:$SAMPLE.en.txt:$SAMPLE.$tl.txt"
    else
        say "WARNING: $SAMPLE.en-$tl.gold or its sentences missing: no sample-en-$tl rows"
    fi
done

# ----------------------------------------------------------------------------- 5. large pair (speed)
REP=10
[ "$QUICK" -eq 0 ] || REP=2
BIG=$OUT/text/big
mkdir -p "$BIG"
: >"$BIG/one.en"
: >"$BIG/one.uk"
for d in $(cd "$NT/eng" && ls -- *.txt | sed 's/\.txt$//' | sort); do
    grep '[^[:space:]]' "$NT/eng/$d.txt" >>"$BIG/one.en"
    grep '[^[:space:]]' "$NT/ukr/$d.txt" >>"$BIG/one.uk"
done
[ "$(wc -l <"$BIG/one.en")" -eq "$(wc -l <"$BIG/one.uk")" ] || die "NTREX en and uk line counts differ"
: >"$BIG/big.en"
: >"$BIG/big.uk"
for _ in $(seq "$REP"); do cat "$BIG/one.en" >>"$BIG/big.en"; cat "$BIG/one.uk" >>"$BIG/big.uk"; done
NBIG=$(wc -l <"$BIG/big.en")
awk '{ printf "[%d]:[%d]\n", NR - 1, NR - 1 }' "$BIG/big.en" >"$BIG/big.gold"
say "large pair: $NBIG sentence pairs (NTREX en-uk x$REP)"
BIGSET=ntrex-en-uk-big
CUR_SET=$BIGSET
: >"$OUT/lists/$BIGSET.gold"
echo "$BIG/big.gold" >"$OUT/lists/$BIGSET.gold"
for sys in tmkit gc gc-c; do
    : >"$OUT/lists/$BIGSET.$sys.test"
    align_one "$BIGSET" "$sys" big "$BIG/big.en" "$BIG/big.uk" en uk pre
    [ "$RC" -ne 0 ] || add_time "$sys: one pair of $NBIG sentences, presegmented" "$WALL" "$NBIG" "$RSS_KB"
    score_set "$BIGSET" "$sys"
done

# ----------------------------------------------------------------------------- summary
for key in "${!T_WALL[@]}"; do
    sys=${key%%: *}
    what=${key#*: }
    printf '{"kind": "speed", "system": "%s", "what": "%s", "wall": %s, "pairs": %d, "rss_kb": %d}\n' \
        "$sys" "$what" "${T_WALL[$key]}" "${T_PAIRS[$key]}" "${T_RSS[$key]:-0}" >>"$RESULTS"
done
EXTRA=$(printf '{"git": "%s", "quick": %s, "failed_runs": %d, "out": "%s"}' "$GIT_REV" \
    "$([ "$QUICK" -eq 1 ] && echo true || echo false)" "$FAILED" "$OUT")
"$PY" "$EVAL" table "$RESULTS" --json-extra "$EXTRA"
echo "align_bench: links, logs and scores in $OUT" >&2
if [ "$FAILED" -gt 0 ]; then
    say "$FAILED run(s) failed; see $OUT/logs"
    exit 1
fi
