#!/usr/bin/env bash
# lookup_bench.sh — tmkit lookup latency, throughput, index size and build time on generated en→uk
# stores, with Translate Toolkit's matcher measured on the same data in the same run, the
# agreement between the two, and tmkit's recall against an exhaustive scan.
#
# Usage: bench/lookup_bench.sh [--sizes N,N,...] [options]
#   --sizes LIST        store sizes in units (default 100000,1000000); each gets its own TMX and
#                       1,000 queries from gen_tmx.py (reused when present); 10000000 works too
#                       (~6 GB of TMX, ~8 GB of store) but is never run by default
#   --main N            size whose figures are checked against the targets (default: largest)
#   --seed S            generator seed (default 1)
#   --min M / --max K   lookup --min and --max (defaults 75 and 5); the exhaustive scan and
#                       Translate Toolkit use the same threshold
#   --single N          queries timed as one process each (`tmkit lookup TEXT`) (default 200)
#   --ttk-size N        size where Translate Toolkit runs on many queries (default 100000 if
#                       listed, else the smallest size)
#   --ttk-queries N     Translate Toolkit queries there (default: time 50, then as many as fit
#                       in --ttk-budget)
#   --ttk-budget S      seconds of Translate Toolkit matching at --ttk-size (default 600)
#   --ttk-sample N      Translate Toolkit queries at the main size, if it is not --ttk-size
#                       (default 30; 0 skips it)
#   --no-ttk            no Translate Toolkit at all
#   --no-recall         no exhaustive scan (no recall figures)
#   --keep              keep the stores and every step's output
# Environment:
#   TMKIT_BIN        binary to measure (default: <repo>/build/tmkit; copied at the start, so a
#                    rebuild during the run does not change what is measured)
#   TMKIT_CORE_LIB   libtmkit_core.a for the exhaustive scan (default: <repo>/build/core/…)
#   TMKIT_CORE_INCLUDE  its headers (default: <repo>/core/include); set both when TMKIT_BIN is
#                    built from another tree, so that the scan reads the store the same way
#   TMKIT_BENCH_DIR  scratch directory (default: /tmp/tmkit-bench); must be outside the repo
#
# Commands measured (contract: ../shared/DESIGN.md):
#   tmkit --store DIR import FILE.tmx                                   (index build time)
#   tmkit --store DIR stats --json                                      (units, used_bytes,
#                                                    index_bytes or fuzzy_index_bytes if given)
#   tmkit --store DIR lookup --src en --tgt uk --json --min M --max K -- TEXT   (one process a query)
#   tmkit --store DIR lookup --file Q.txt --src en --tgt uk --json --min M --max K  (JSON lines)
# Output: per-size tables, the targets at the main size, the Translate Toolkit ratios and
# agreement, how the cost grows with the size, and one JSON line at the end (starts with
# {"bench": "lookup"). Nothing is written into the repository.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
PY=/usr/bin/python3
TIME=/usr/bin/time

SIZES=100000,1000000
MAIN=
SEED=${TMKIT_BENCH_SEED:-1}
MIN=75
MAX=5
SINGLE=200
TTK_SIZE=
TTK_QUERIES=
TTK_BUDGET=600
TTK_SAMPLE=30
NO_TTK=0
NO_RECALL=0
KEEP=0

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }
BENCH_NAME=lookup_bench
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_val() { [ "$2" -ge 2 ] || die "$1 needs a value"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) need_val "$1" $#; SIZES=$2; shift ;;
        --main) need_val "$1" $#; MAIN=$2; shift ;;
        --seed) need_val "$1" $#; SEED=$2; shift ;;
        --min) need_val "$1" $#; MIN=$2; shift ;;
        --max) need_val "$1" $#; MAX=$2; shift ;;
        --single) need_val "$1" $#; SINGLE=$2; shift ;;
        --ttk-size) need_val "$1" $#; TTK_SIZE=$2; shift ;;
        --ttk-queries) need_val "$1" $#; TTK_QUERIES=$2; shift ;;
        --ttk-budget) need_val "$1" $#; TTK_BUDGET=$2; shift ;;
        --ttk-sample) need_val "$1" $#; TTK_SAMPLE=$2; shift ;;
        --no-ttk) NO_TTK=1 ;;
        --no-recall) NO_RECALL=1 ;;
        --keep) KEEP=1 ;;
        --*=*) set -- "${1%%=*}" "${1#*=}" "${@:2}"; continue ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
    shift
done

is_uint() { case "$1" in ''|*[!0-9]*) return 1 ;; esac; }
SIZE_LIST=$(echo "$SIZES" | tr ',' '\n' | sed '/^$/d' | sort -n -u)
[ -n "$SIZE_LIST" ] || die "--sizes is empty"
for n in $SIZE_LIST; do is_uint "$n" && [ "$n" -gt 0 ] || die "--sizes: '$n' is not a positive integer"; done
for v in SEED MIN MAX SINGLE TTK_BUDGET TTK_SAMPLE; do is_uint "${!v}" || die "${v,,} must be a non-negative integer, got '${!v}'"; done
[ "$MIN" -le 100 ] || die "--min must be 0..100"
[ "$MAX" -ge 1 ] || die "--max must be >= 1"
[ -z "$TTK_QUERIES" ] || is_uint "$TTK_QUERIES" || die "--ttk-queries must be a non-negative integer"
WIDE_MIN=$(( MIN > 10 ? MIN - 10 : 0 ))
LARGEST=$(echo "$SIZE_LIST" | tail -n 1)
SMALLEST=$(echo "$SIZE_LIST" | head -n 1)
MAIN=${MAIN:-$LARGEST}
echo "$SIZE_LIST" | grep -qx "$MAIN" || die "--main $MAIN is not one of --sizes"
if [ -z "$TTK_SIZE" ]; then
    if echo "$SIZE_LIST" | grep -qx 100000; then TTK_SIZE=100000; else TTK_SIZE=$SMALLEST; fi
fi
echo "$SIZE_LIST" | grep -qx "$TTK_SIZE" || die "--ttk-size $TTK_SIZE is not one of --sizes"

TMKIT_SRC_BIN=${TMKIT_BIN:-$REPO/build/tmkit}
CORE_LIB=${TMKIT_CORE_LIB:-$REPO/build/core/libtmkit_core.a}
CORE_INCLUDE=${TMKIT_CORE_INCLUDE:-$REPO/core/include}
BENCH_DIR=${TMKIT_BENCH_DIR:-/tmp/tmkit-bench}

# ----------------------------------------------------------------------------- prerequisites
BENCH_DIR=$(bench_prepare "$TMKIT_SRC_BIN" "$BENCH_DIR")
[ -x "$TIME" ] || apt_install time "/usr/bin/time, for peak RSS"
if [ "$NO_TTK" -eq 0 ]; then
    "$PY" -c 'import translate.search.match, translate.storage.tmx' 2>/dev/null \
        || apt_install python3-translate "Translate Toolkit, the baseline"
fi

WORK=$(mktemp -d "$BENCH_DIR/lookup_run.XXXXXX")
OK=0
cleanup() {
    if [ "$OK" -eq 1 ] && [ "$KEEP" -eq 0 ]; then
        rm -rf -- "$WORK"
    elif [ "$OK" -eq 1 ]; then
        echo "lookup_bench: kept $WORK" >&2
    else
        echo "lookup_bench: failed; logs and partial results kept in $WORK (remove it when done)" >&2
    fi
}
trap cleanup EXIT

BIN=$WORK/tmkit
cp "$TMKIT_SRC_BIN" "$BIN"

# run_timed DIR LABEL CMD... : stdout/stderr to DIR/LABEL.{out,err}; sets WALL (s) and RSS_KB.
run_timed() {
    local dir=$1 label=$2 t0 t1 rc=0
    shift 2
    t0=$(date +%s%N)
    "$TIME" -f '%e %M' -o "$dir/$label.time" "$@" >"$dir/$label.out" 2>"$dir/$label.err" || rc=$?
    t1=$(date +%s%N)
    if [ "$rc" -ne 0 ]; then
        echo "lookup_bench: $label failed (exit $rc): $*" >&2
        tail -n 5 "$dir/$label.err" >&2 || true
        exit 1
    fi
    WALL=$(awk -v ns="$((t1 - t0))" 'BEGIN { printf "%.6f", ns / 1e9 }')
    RSS_KB=$(awk 'END { print $2 }' "$dir/$label.time")
}

# ----------------------------------------------------------------------------- exhaustive scan
# A small program linked against tmkit_core: it scores every stored unit against each query with
# tmkit's own MatchKey() and ScoringTokens() (of the NFC text, as the lookup tokenizes)
# and DESIGN.md's formula (exact, banded edit distance
# over interned tokens; checked against tmkit::FuzzyScore), so recall is measured against the
# definition of the score, not against another implementation's idea of it.
SCAN=
if [ "$NO_RECALL" -eq 0 ]; then
    if [ ! -f "$CORE_LIB" ]; then
        say "WARNING: $CORE_LIB not found: no exhaustive scan, no recall figures (build first or set TMKIT_CORE_LIB)"
    elif ! command -v c++ >/dev/null 2>&1; then
        say "WARNING: no C++ compiler: no exhaustive scan, no recall figures"
    else
        cat >"$WORK/tmkit_scan.cc" <<'CPP'
// tmkit_scan STORE QUERIES OUT SRC TGT MIN KEEP THREADS LIMIT
// OUT: one line per query: {"i": 0, "ms": 1.2, "best": 87, "n": 3, "hits": [[unit_id, score], ...]}
// (every unit scoring >= MIN, best first, at most KEEP listed; n counts them all).
// stdout: one JSON summary (units, text bytes, load and scan seconds).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "tmkit/core/fuzzy.h"
#include "tmkit/core/store.h"
#include "tmkit/core/text.h"
#include "tmkit/core/types.h"

namespace {
using Clock = std::chrono::steady_clock;

struct Corpus {
  std::vector<uint64_t> ids, key_hash;
  std::vector<uint32_t> off{0};  // tokens of unit u: tok[off[u] .. off[u+1])
  std::vector<int32_t> tok;
  std::vector<std::vector<uint32_t>> by_len;  // unit indexes by token count
  std::unordered_map<std::string, int32_t> vocab;
  uint64_t src_bytes = 0, tgt_bytes = 0, skipped = 0;
};

// Edit distance of a and b if it is <= bound, else bound + 1 (only |i - j| <= bound computed).
int Banded(const int32_t* a, int m, const int32_t* b, int n, int bound, std::vector<int>& p,
           std::vector<int>& q) {
  if (std::abs(m - n) > bound) return bound + 1;
  const int inf = bound + 1;
  if (static_cast<int>(p.size()) < n + 2) {
    p.resize(n + 2);
    q.resize(n + 2);
  }
  int hi_prev = std::min(n, bound);
  for (int j = 0; j <= hi_prev; ++j) p[j] = j;
  for (int i = 1; i <= m; ++i) {
    const int lo = std::max(1, i - bound), hi = std::min(n, i + bound);
    if (hi > hi_prev) p[hi] = inf;
    q[lo - 1] = (lo == 1 && i <= bound) ? i : inf;
    int row_min = q[lo - 1];
    for (int j = lo; j <= hi; ++j) {
      int v = p[j - 1] + (a[i - 1] != b[j - 1] ? 1 : 0);
      v = std::min(v, p[j] + 1);
      v = std::min(v, q[j - 1] + 1);
      v = std::min(v, inf);
      q[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > bound) return inf;
    std::swap(p, q);
    hi_prev = hi;
  }
  return std::min(p[n], inf);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 10) {
    std::cerr << "usage: tmkit_scan STORE QUERIES OUT SRC TGT MIN KEEP THREADS LIMIT\n";
    return 2;
  }
  const std::string store_dir = argv[1], qpath = argv[2], out_path = argv[3], src = argv[4],
                    tgt = argv[5];
  const int min_score = std::atoi(argv[6]);
  const size_t keep = std::strtoul(argv[7], nullptr, 10);
  const int threads = std::max(1, std::atoi(argv[8]));
  const long limit = std::atol(argv[9]);

  auto t0 = Clock::now();
  tmkit::StoreOptions so;
  so.create_if_missing = false;
  so.read_only = true;
  auto store = tmkit::Store::Open(store_dir, so);
  if (!store) {
    std::cerr << "tmkit_scan: " << store.error().ToString() << "\n";
    return 1;
  }
  Corpus c;
  auto st = store->ForEach([&](const tmkit::TranslationUnit& u) -> tmkit::Status {
    const tmkit::Variant* s = u.FindVariant(src);
    const tmkit::Variant* t = u.FindVariant(tgt);
    if (s == nullptr || t == nullptr || s == t) {
      ++c.skipped;
      return {};
    }
    c.src_bytes += s->segment.text.size();
    c.tgt_bytes += t->segment.text.size();
    std::string key = tmkit::MatchKey(s->segment.text);
    c.ids.push_back(u.id);
    c.key_hash.push_back(tmkit::Hash64(key));
    // Tokens of the text itself (placeables are read before case folding).
    for (const std::string& tk : tmkit::ScoringTokens(s->segment.text, src)) {
      auto [it, added] = c.vocab.emplace(tk, static_cast<int32_t>(c.vocab.size()));
      c.tok.push_back(it->second);
    }
    c.off.push_back(static_cast<uint32_t>(c.tok.size()));
    return {};
  });
  if (!st) {
    std::cerr << "tmkit_scan: " << st.error().ToString() << "\n";
    return 1;
  }
  for (uint32_t u = 0; u < c.ids.size(); ++u) {
    size_t len = c.off[u + 1] - c.off[u];
    if (c.by_len.size() <= len) c.by_len.resize(len + 1);
    c.by_len[len].push_back(u);
  }
  const double load_s = std::chrono::duration<double>(Clock::now() - t0).count();

  std::vector<std::string> queries;
  {
    std::ifstream in(qpath);
    std::string line;
    while (std::getline(in, line)) {
      if (limit > 0 && static_cast<long>(queries.size()) >= limit) break;
      queries.push_back(line);
    }
  }
  // Tokens unknown to the store get negative ids: they never equal a stored token.
  std::vector<std::vector<int32_t>> qtok(queries.size());
  std::vector<uint64_t> qhash(queries.size());
  std::unordered_map<std::string, int32_t> unknown;
  for (size_t i = 0; i < queries.size(); ++i) {
    std::string key = tmkit::MatchKey(queries[i]);
    qhash[i] = tmkit::Hash64(key);
    for (const std::string& tk : tmkit::ScoringTokens(tmkit::ToNfc(queries[i]), src)) {
      auto it = c.vocab.find(tk);
      if (it != c.vocab.end()) {
        qtok[i].push_back(it->second);
      } else {
        auto [u, added] = unknown.emplace(tk, -1 - static_cast<int32_t>(unknown.size()));
        qtok[i].push_back(u->second);
      }
    }
  }

  std::vector<std::string> lines(queries.size());
  std::atomic<size_t> next{0};
  auto t1 = Clock::now();
  auto work = [&]() {
    std::vector<int> p, q;
    std::vector<std::pair<int, uint64_t>> hits;
    for (size_t i; (i = next.fetch_add(1)) < queries.size();) {
      auto qs = Clock::now();
      hits.clear();
      const std::vector<int32_t>& a = qtok[i];
      const int m = static_cast<int>(a.size());
      for (size_t n = 0; n < c.by_len.size(); ++n) {
        const int L = std::max(m, static_cast<int>(n));
        const int bound = L * (100 - min_score) / 100;  // score >= MIN  <=>  d <= bound
        if (L > 0 && std::abs(m - static_cast<int>(n)) > bound) continue;
        for (uint32_t u : c.by_len[n]) {
          int score;
          if (c.key_hash[u] == qhash[i]) {
            score = 100;
          } else if (L == 0) {
            score = 99;
          } else {
            int d = Banded(a.data(), m, c.tok.data() + c.off[u], static_cast<int>(n), bound, p, q);
            if (d > bound) continue;
            score = std::min(99, 100 * (L - d) / L);
          }
          if (score >= min_score) hits.emplace_back(score, c.ids[u]);
        }
      }
      std::sort(hits.begin(), hits.end(), [](const auto& x, const auto& y) {
        return x.first != y.first ? x.first > y.first : x.second < y.second;
      });
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - qs).count();
      std::string o = "{\"i\": " + std::to_string(i) + ", \"ms\": " + std::to_string(ms) +
                      ", \"best\": " + (hits.empty() ? "null" : std::to_string(hits[0].first)) +
                      ", \"n\": " + std::to_string(hits.size()) + ", \"hits\": [";
      for (size_t k = 0; k < hits.size() && k < keep; ++k) {
        if (k) o += ", ";
        o += "[" + std::to_string(hits[k].second) + ", " + std::to_string(hits[k].first) + "]";
      }
      lines[i] = o + "]}";
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work);
  for (auto& th : pool) th.join();
  const double scan_s = std::chrono::duration<double>(Clock::now() - t1).count();

  std::ofstream out(out_path);
  for (const std::string& l : lines) out << l << "\n";
  out.close();
  if (!out) {
    std::cerr << "tmkit_scan: cannot write " << out_path << "\n";
    return 1;
  }
  std::cout << "{\"units\": " << c.ids.size() << ", \"skipped\": " << c.skipped
            << ", \"src_text_bytes\": " << c.src_bytes << ", \"tgt_text_bytes\": " << c.tgt_bytes
            << ", \"tokens\": " << c.tok.size() << ", \"vocab\": " << c.vocab.size()
            << ", \"load_s\": " << load_s << ", \"queries\": " << queries.size()
            << ", \"threads\": " << threads << ", \"scan_s\": " << scan_s << "}\n";
  return 0;
}
CPP
        say "compiling the exhaustive scan against $CORE_LIB ..."
        if c++ -std=c++23 -O2 -I"$CORE_INCLUDE" "$WORK/tmkit_scan.cc" "$CORE_LIB" \
                -licui18n -licuuc -licudata -llmdb -pthread -o "$WORK/tmkit_scan" 2>"$WORK/tmkit_scan.build.err"; then
            SCAN=$WORK/tmkit_scan
        else
            say "WARNING: the exhaustive scan did not build (see below): no recall figures"
            head -n 10 "$WORK/tmkit_scan.build.err" >&2 || true
        fi
    fi
fi

# ----------------------------------------------------------------------------- machine
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM_KB=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
TMKIT_VERSION=$("$BIN" --version 2>/dev/null | head -n 1 || true)
TTK_VERSION=$("$PY" -c 'from translate import __version__ as v; print(v.sver)' 2>/dev/null || echo '?')
GIT_REV=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo none)
if [ -n "$(git -C "$REPO" status --porcelain 2>/dev/null | head -n 1)" ]; then GIT_REV="$GIT_REV+dirty"; fi

# ----------------------------------------------------------------------------- per size
# Single-query driver: one process per query for an evenly spread sample, timed from Python
# (fork/exec + store open + lookup + JSON), plus `tmkit --version` as the bare process cost.
single_driver() {  # single_driver STORE QUERIES OUT.jsonl SAMPLE
    "$PY" - "$BIN" "$@" "$MIN" "$MAX" <<'EOF'
import json, subprocess, sys, time
bin_, store, qfile, out, sample, mn, mx = sys.argv[1:8]
qs = [l.rstrip("\n") for l in open(qfile, encoding="utf-8")]
sample = min(int(sample), len(qs))
idx = sorted(set(int(k * len(qs) / sample) for k in range(sample))) if sample else []
def run(argv):
    t = time.perf_counter()
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return (time.perf_counter() - t) * 1000, p
base = [bin_, "--store", store, "lookup", "--src", "en", "--tgt", "uk", "--json", "--min", mn, "--max", mx, "--"]
first_ms, p = run(base + [qs[0]])                      # the first lookup after the import
if p.returncode != 0:
    sys.exit("lookup_bench: `tmkit lookup` failed (exit %d): %s" % (p.returncode, p.stderr.decode()[-500:]))
with open(out, "w", encoding="utf-8") as f:
    for i in idx:
        ms, p = run(base + [qs[i]])
        if p.returncode != 0:
            sys.exit("lookup_bench: `tmkit lookup` failed (exit %d) on query %d: %s"
                     % (p.returncode, i + 1, p.stderr.decode()[-500:]))
        f.write(json.dumps({"i": i, "ms": ms, "out": json.loads(p.stdout)}, ensure_ascii=False) + "\n")
    # The floor under these figures: starting a process on this machine, and tmkit doing nothing.
    true_ms = [run(["/bin/true"])[0] for _ in range(30)]
    version_ms = [run([bin_, "--version"])[0] for _ in range(30)]
    f.write(json.dumps({"first_ms": first_ms, "true_ms": true_ms, "version_ms": version_ms}) + "\n")
EOF
}

measure_size() {  # measure_size N
    local n=$1 d tmx q store nq
    d=$WORK/n$n
    mkdir -p "$d"
    tmx=$BENCH_DIR/tm_${n}_s${SEED}.tmx
    q=$BENCH_DIR/tm_${n}_s${SEED}.queries.txt
    if [ -s "$tmx" ] && [ -s "$q" ] && [ -s "$BENCH_DIR/tm_${n}_s${SEED}.queries.tsv" ]; then
        say "[$n] reusing $tmx"
    else
        say "[$n] generating $tmx ($n units, seed $SEED) ..."
        "$PY" "$HERE/gen_tmx.py" "$tmx" -n "$n" --seed "$SEED" \
            --stats-json "$BENCH_DIR/tm_${n}_s${SEED}.gen.json" --progress >/dev/null
    fi
    nq=$(wc -l <"$q")
    {
        echo "n=$n"; echo "tmx=$tmx"; echo "queries=$q"; echo "nq=$nq"
        echo "tmx_bytes=$(stat -c %s "$tmx")"
        echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
    } >"$d/meta"
    cat "$tmx" >/dev/null                                # warm page cache: import reads from RAM

    store=$d/store
    say "[$n] import (index build) ..."
    run_timed "$d" import "$BIN" --store "$store" import "$tmx"
    echo "import_s=$WALL" >>"$d/meta"; echo "import_rss_kb=$RSS_KB" >>"$d/meta"
    run_timed "$d" stats "$BIN" --store "$store" stats --json
    echo "du_bytes=$(du -s -B1 "$store" | cut -f1)" >>"$d/meta"
    echo "du_apparent=$(du -sb "$store" | cut -f1)" >>"$d/meta"
    find "$store" -type f -exec cat {} + >/dev/null      # warm: lookups read the store from RAM

    say "[$n] $SINGLE single lookups, one process each ..."
    single_driver "$store" "$q" "$d/single.jsonl" "$SINGLE"

    say "[$n] lookup --file ($nq queries) ..."
    run_timed "$d" batch "$BIN" --store "$store" lookup --file "$q" --src en --tgt uk --json --timings --min "$MIN" --max "$MAX"
    echo "batch_s=$WALL" >>"$d/meta"; echo "batch_rss_kb=$RSS_KB" >>"$d/meta"
    [ "$(wc -l <"$d/batch.out")" -eq "$nq" ] || die "[$n] lookup --file printed $(wc -l <"$d/batch.out") lines for $nq queries"

    if [ -n "$SCAN" ]; then
        # A second, wider run (--min MIN-10 --max 50) tells a unit the index did not find from one
        # whose penalties (placeables, codes) put it under --min or that --max cut off.
        say "[$n] lookup --file --min $WIDE_MIN --max 50 (for recall) ..."
        run_timed "$d" batch_wide "$BIN" --store "$store" lookup --file "$q" --src en --tgt uk --json --min "$WIDE_MIN" --max 50
        say "[$n] exhaustive scan (reference for recall) ..."
        run_timed "$d" scan "$SCAN" "$store" "$q" "$d/scan.jsonl" en uk "$WIDE_MIN" 1000 "$(nproc)" 0
    fi

    # Translate Toolkit: many queries at TTK_SIZE, a sample at the main size.
    local tq=
    if [ "$NO_TTK" -eq 0 ]; then
        if [ "$n" -eq "$TTK_SIZE" ]; then tq=${TTK_QUERIES:-budget}
        elif [ "$n" -eq "$MAIN" ] && [ "$TTK_SAMPLE" -gt 0 ]; then tq=$TTK_SAMPLE
        fi
    fi
    if [ -n "$tq" ]; then
        # Translate Toolkit keeps the whole TMX in RAM: ~5 GB per million units (measured).
        local need_kb avail_kb
        need_kb=$(( n / 1000 * 5200 + 200000 ))
        avail_kb=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
        if [ "$need_kb" -gt $(( avail_kb * 8 / 10 )) ]; then
            say "[$n] skipping Translate Toolkit: it would need ~$((need_kb / 1048576)) GB of RAM, $((avail_kb / 1048576)) GB available"
            echo "ttk_skipped=memory" >>"$d/meta"
        else
            local targs=()
            if [ "$tq" = budget ]; then targs=(--budget "$TTK_BUDGET"); else targs=(--queries "$tq"); fi
            say "[$n] Translate Toolkit matcher (${targs[*]}) ..."
            run_timed "$d" ttk "$PY" "$HERE/ttk_match.py" "$tmx" "$q" "$d/ttk.jsonl" --min "$MIN" "${targs[@]}"
            echo "ttk_s=$WALL" >>"$d/meta"; echo "ttk_rss_kb=$RSS_KB" >>"$d/meta"
            local k
            k=$(wc -l <"$d/ttk.jsonl")
            head -n "$k" "$q" >"$d/ttk_queries.txt"
            say "[$n] tmkit lookup --file on the same $k queries ..."
            run_timed "$d" batch_ttkq "$BIN" --store "$store" lookup --file "$d/ttk_queries.txt" --src en --tgt uk --json --min "$MIN" --max "$MAX"
            echo "batch_ttkq_s=$WALL" >>"$d/meta"; echo "batch_ttkq_n=$k" >>"$d/meta"
        fi
    fi
    echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$d/meta"
    [ "$KEEP" -eq 1 ] || rm -rf -- "$store"              # a 10M store is ~8 GB
}

for n in $SIZE_LIST; do
    measure_size "$n"
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ----------------------------------------------------------------------------- report
export WORK SIZES="$(echo $SIZE_LIST)" MAIN TTK_SIZE SEED MIN MAX SINGLE CPU_MODEL MEM_KB LOAD_START LOAD_END \
    TMKIT_VERSION TTK_VERSION GIT_REV TMKIT_SRC_BIN BENCH_DIR HAVE_SCAN="${SCAN:+1}"
"$PY" - <<'EOF'
import json, math, os, platform, statistics, sys, time, unicodedata, re
e = os.environ
MB = 1024 * 1024
MIN, MAX = int(e["MIN"]), int(e["MAX"])
AGREE_MIN = 75
sizes = [int(x) for x in e["SIZES"].split()]
main_n, ttk_n = int(e["MAIN"]), int(e["TTK_SIZE"])
T = {"median_ms": 5.0, "p95_ms": 25.0, "batch_qps": 300.0, "index_vs_text": 2.0, "recall": 1.0}
WS = re.compile(r"\s+")
def key(s):
    return WS.sub(" ", unicodedata.normalize("NFKC", s).casefold()).strip() if s is not None else None
def pct(xs, p):      # the same rank rule as ttk_baseline.py
    xs = sorted(xs)
    return xs[int(p * (len(xs) - 1))] if xs else None
def med(xs):
    return statistics.median(xs) if xs else None
def jl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]
def uid(m):
    for k in ("unit", "unit_id", "id"):
        if k in m:
            return m[k]
    return None
TIMING_KEYS = ("elapsed_ms", "ms", "time_ms", "latency_ms", "took_ms")
def timing(rec):
    for k in TIMING_KEYS:
        if isinstance(rec.get(k), (int, float)):
            return float(rec[k])
    return None
def f(x, fmt="%.1f", none="–"):
    return none if x is None else fmt % x
def ratio(a, b):
    return a / b if a is not None and b not in (None, 0) else None

warnings = []
R = {}
for n in sizes:
    d = os.path.join(e["WORK"], "n%d" % n)
    meta = dict(l.rstrip("\n").split("=", 1) for l in open(os.path.join(d, "meta"), encoding="utf-8"))
    r = {"units": n, "tmx": meta["tmx"], "tmx_bytes": int(meta["tmx_bytes"]),
         "load": [meta["load_start"], meta.get("load_end")]}
    tsv = meta["queries"][:-4] + ".tsv"
    kinds, originals = [], []
    with open(tsv, encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            c = line.rstrip("\n").split("\t")
            kinds.append(c[1]); originals.append(c[5] if len(c) > 5 else "")
    nq = int(meta["nq"])
    if len(kinds) != nq:
        warnings.append("[%d] queries.tsv has %d rows, queries.txt %d lines" % (n, len(kinds), nq))
    gen = {}
    gp = meta["tmx"][:-4] + ".gen.json"
    if os.path.exists(gp):
        gen = json.load(open(gp, encoding="utf-8"))
    # -- import, store, index
    stats = json.loads(open(os.path.join(d, "stats.out"), encoding="utf-8").read())
    imp_s = float(meta["import_s"])
    if stats.get("units") != n:
        warnings.append("[%d] stats reports %r units, the TMX has %d" % (n, stats.get("units"), n))
    scan_sum = None
    if os.path.exists(os.path.join(d, "scan.out")):
        scan_sum = json.loads(open(os.path.join(d, "scan.out")).read().strip().splitlines()[-1])
    text_bytes = scan_sum["src_text_bytes"] + scan_sum["tgt_text_bytes"] if scan_sum else None
    idx_b = stats.get("index_bytes", stats.get("fuzzy_index_bytes"))
    r["build"] = {"import_s": imp_s, "units_per_s": round(n / imp_s), "peak_rss_mb": round(int(meta["import_rss_kb"]) / 1024, 1)}
    r["size"] = {"store_bytes": stats.get("store_bytes"), "used_bytes": stats.get("used_bytes"),
                 "index_bytes": idx_b, "du_bytes": int(meta["du_bytes"]),
                 "du_bytes_per_unit": round(int(meta["du_bytes"]) / n, 1),
                 "used_bytes_per_unit": round(stats["used_bytes"] / n, 1) if stats.get("used_bytes") else None,
                 "index_bytes_per_unit": round(idx_b / n, 1) if isinstance(idx_b, (int, float)) else None,
                 "text_bytes": text_bytes,
                 "text_bytes_per_unit": round(text_bytes / n, 1) if text_bytes else None,
                 "index_vs_text": round(idx_b / text_bytes, 3) if isinstance(idx_b, (int, float)) and text_bytes else None,
                 "used_vs_text": round(stats["used_bytes"] / text_bytes, 3) if stats.get("used_bytes") and text_bytes else None}
    # -- single lookups, one process each
    sl = jl(os.path.join(d, "single.jsonl"))
    head, sl = sl[-1], sl[:-1]
    sms = [x["ms"] for x in sl]
    r["single"] = {"n": len(sms), "median_ms": med(sms), "p95_ms": pct(sms, 0.95), "max_ms": max(sms) if sms else None,
                   "first_lookup_ms": head["first_ms"], "bin_true_ms": med(head["true_ms"]),
                   "tmkit_version_ms": med(head["version_ms"]),
                   "by_kind_median_ms": {k_: med([x["ms"] for x in sl if kinds[x["i"]] == k_]) for k_ in sorted(set(kinds))},
                   "slowest": [{"query": x["i"] + 1, "kind": kinds[x["i"]], "ms": round(x["ms"], 1), "words": len(x["out"]["query"].split()),
                                "matches": len(x["out"]["matches"])} for x in sorted(sl, key=lambda y: -y["ms"])[:3]]}
    # -- batch
    batch = jl(os.path.join(d, "batch.out"))
    bs = float(meta["batch_s"])
    inproc = [timing(x) for x in batch]
    have_inproc = all(x is not None for x in inproc) and inproc
    r["batch"] = {"n": len(batch), "s": bs, "queries_per_s": round(len(batch) / bs, 1), "mean_ms": 1000 * bs / len(batch),
                  "peak_rss_mb": round(int(meta["batch_rss_kb"]) / 1024, 1),
                  "inproc_median_ms": med(inproc) if have_inproc else None,
                  "inproc_p95_ms": pct(inproc, 0.95) if have_inproc else None}
    for x in sl:        # one process per query must answer as lookup --file does
        b = batch[x["i"]]
        if [(m.get("score"), m.get("source")) for m in x["out"]["matches"]] != [(m.get("score"), m.get("source")) for m in b["matches"]]:
            warnings.append("[%d] query %d: `lookup TEXT` and `lookup --file` disagree" % (n, x["i"] + 1))
            break
    best = [b["matches"][0] if b["matches"] else None for b in batch]
    # -- per kind: what tmkit finds
    per_kind = {}
    for i, k in enumerate(kinds[:len(batch)]):
        pk = per_kind.setdefault(k, {"n": 0, "tmkit_hit": 0, "tmkit_original": 0, "scan_hit": 0})
        pk["n"] += 1
        if best[i] is not None and best[i]["score"] >= MIN:
            pk["tmkit_hit"] += 1
            if originals[i] and key(best[i]["source"]) == key(originals[i]):
                pk["tmkit_original"] += 1
    # -- recall against the exhaustive scan (it lists every unit scoring >= MIN-10, by the formula)
    r["recall"] = None
    if scan_sum:
        scan = jl(os.path.join(d, "scan.jsonl"))
        wide = jl(os.path.join(d, "batch_wide.out"))
        sc = [x["ms"] for x in scan]
        q_with = best_ok = k_den = k_shown = k_found = k_found_below = 0
        no_id = False
        missed_best, missed_k = [], []
        def take(want, pool):          # how many of `want` (scores) a multiset `pool` covers
            pool, hit = list(pool), 0
            for w_ in want:
                if w_ in pool:
                    pool.remove(w_); hit += 1
            return hit
        for i, s in enumerate(scan):
            hits = [(u, v) for u, v in s["hits"] if v >= MIN]
            sbest = hits[0][1] if hits else None
            if sbest is not None:
                per_kind[kinds[i]]["scan_hit"] += 1
            raw = {u: v for u, v in s["hits"]}
            main_ids = [uid(m_) for m_ in batch[i]["matches"]]
            wide_m = wide[i]["matches"]
            if any(x is None for x in main_ids) or any(uid(m_) is None for m_ in wide_m):
                no_id = True         # no unit ids: fall back to tmkit's own scores
                got_main = [m_["score"] for m_ in batch[i]["matches"]]
                got_wide = [m_["score"] for m_ in wide_m]
                below_min = []
            else:
                got_main = [raw[u] for u in main_ids if u in raw]
                got_wide = [raw[uid(m_)] for m_ in wide_m if uid(m_) in raw]
                below_min = [raw[uid(m_)] for m_ in wide_m if uid(m_) in raw and m_["score"] < MIN]
            if sbest is None:
                continue
            q_with += 1
            if got_main and max(got_main) >= sbest:
                best_ok += 1
            elif len(missed_best) < 5:
                missed_best.append({"query": i + 1, "kind": kinds[i], "scan_best": sbest,
                                    "tmkit_best_by_formula": max(got_main) if got_main else None})
            want = [v for _, v in hits[:MAX]]
            k_den += len(want)
            k_shown += take(want, got_main)
            fw = take(want, got_wide)
            k_found += fw
            k_found_below += min(take(want, below_min), fw - take(want, got_main)) if fw > take(want, got_main) else 0
            if fw < len(want) and len(missed_k) < 5:
                missed_k.append({"query": i + 1, "kind": kinds[i], "scan_top": hits[:MAX],
                                 "tmkit_wide": [[uid(m_), m_["score"], raw.get(uid(m_))] for m_ in wide_m[:MAX + 2]]})
        r["recall"] = {"queries_with_match": q_with, "best_found": best_ok,
                       "recall_best": round(best_ok / q_with, 4) if q_with else None,
                       "recall_at_max_shown": round(k_shown / k_den, 4) if k_den else None,
                       "recall_at_max_retrieved": round(k_found / k_den, 4) if k_den else None,
                       "top_k_scores": k_den, "top_k_shown": k_shown, "top_k_retrieved": k_found,
                       "top_k_retrieved_under_min": k_found_below,
                       "by_score_only": no_id, "wide_min": max(0, MIN - 10),
                       "scan_median_ms": med(sc), "scan_p95_ms": pct(sc, 0.95),
                       "scan_load_s": scan_sum["load_s"], "scan_threads": scan_sum["threads"],
                       "missed_best_examples": missed_best, "missed_top_k_examples": missed_k}
        if no_id:
            warnings.append("[%d] lookup JSON has no unit id: recall compares tmkit's own scores" % n)
    r["per_kind"] = per_kind
    # -- Translate Toolkit, agreement, ratios
    r["ttk"] = None
    if os.path.exists(os.path.join(d, "ttk.jsonl")):
        ttk_sum = json.loads(open(os.path.join(d, "ttk.out")).read().strip().splitlines()[-1])
        tres = jl(os.path.join(d, "ttk.jsonl"))
        k = len(tres)
        sub = jl(os.path.join(d, "batch_ttkq.out"))
        sub_s = float(meta["batch_ttkq_s"])
        both = same = listed = only_ttk = only_tmkit = neither = 0
        for i, t in enumerate(tres):
            b = best[i]
            tb = t["score"] is not None and t["score"] >= AGREE_MIN
            mb = b is not None and b["score"] >= AGREE_MIN
            if tb and mb:
                both += 1
                if key(b["source"]) == key(t["plain"]):
                    same += 1
                if any(key(m["source"]) == key(t["plain"]) for m in batch[i]["matches"]):
                    listed += 1
            elif tb:
                only_ttk += 1
            elif mb:
                only_tmkit += 1
            else:
                neither += 1
            pk = per_kind[kinds[i]]
            pk["ttk_n"] = pk.get("ttk_n", 0) + 1
            if t["score"] is not None and t["score"] >= MIN:
                pk["ttk_hit"] = pk.get("ttk_hit", 0) + 1
                if originals[i] and key(t["plain"]) == key(originals[i]):
                    pk["ttk_original"] = pk.get("ttk_original", 0) + 1
        tmk_mean = 1000 * sub_s / len(sub)
        tmk_med = med(inproc[:k]) if have_inproc else None
        ttk_e2e = float(meta["ttk_s"])
        r["ttk"] = {"queries": k, "of": nq, "self": ttk_sum, "process_s": ttk_e2e,
                    "peak_rss_mb": round(int(meta["ttk_rss_kb"]) / 1024, 1),
                    "median_ms": ttk_sum["median_ms"], "p95_ms": ttk_sum["p95_ms"], "mean_ms": ttk_sum["mean_ms"],
                    "tmkit_same_queries": {"file_s": sub_s, "mean_ms": tmk_mean, "inproc_median_ms": tmk_med},
                    "ratio_mean_per_query": ratio(ttk_sum["mean_ms"], tmk_mean),
                    "ratio_median_inproc": ratio(ttk_sum["median_ms"], tmk_med),
                    "ratio_median_vs_tmkit_process": ratio(ttk_sum["median_ms"], r["single"]["median_ms"]),
                    "ratio_end_to_end": ratio(ttk_e2e, sub_s),
                    "agreement": {"threshold": AGREE_MIN, "both": both, "same_best": same,
                                  "ttk_best_in_tmkit_list": listed, "only_ttk": only_ttk,
                                  "only_tmkit": only_tmkit, "neither": neither,
                                  "share_same": round(same / both, 4) if both else None}}
        if ttk_sum.get("errors"):
            warnings.append("[%d] Translate Toolkit raised TypeError (its tie bug) on %d of %d queries; "
                            "their time counts, their best match comes from a re-run with a tie-break"
                            % (n, ttk_sum["errors"], k))
    R[n] = r

# ---------------------------------------------------------------------------- print
print()
print("tmkit lookup benchmark  %s" % time.strftime("%Y-%m-%d %H:%M:%S %Z"))
print("machine : %s cores, %s, %.1f GiB RAM, Linux %s; load %s -> %s"
      % (os.cpu_count(), e["CPU_MODEL"], int(e["MEM_KB"]) / MB, platform.release(), e["LOAD_START"], e["LOAD_END"]))
print("binary  : %s (%s), repo %s" % (e["TMKIT_SRC_BIN"], e["TMKIT_VERSION"] or "version unknown", e["GIT_REV"]))
print("data    : gen_tmx.py seed %s, en->uk; %s; lookups --min %d --max %d"
      % (e["SEED"], ", ".join("%s units %.0f MB" % (format(n, ","), R[n]["tmx_bytes"] / MB) for n in sizes), MIN, MAX))
print("baseline: Translate Toolkit %s, translate.search.match.matcher (character Levenshtein, in RAM)" % e["TTK_VERSION"])
inproc_any = any(R[n]["batch"]["inproc_median_ms"] is not None for n in sizes)
print()
print("Per size (single = one `tmkit lookup TEXT` process per query, %s of them, fork/exec and store open included;" % e["SINGLE"])
print("batch = `lookup --file` with all queries in one process%s):" % (", in-process times from its JSON" if inproc_any else "; the JSON has no per-query time, so only its mean"))
hdr = ("units", "build s", "B/unit du", "B/unit idx", "single med", "single p95", "batch q/s", "batch ms/q",
       "in-proc med", "in-proc p95", "scan ms/q", "recall best", "shown@%d" % MAX, "found@%d" % MAX)
rows = []
for n in sizes:
    r = R[n]; rc = r["recall"] or {}
    rows.append((format(n, ","), f(r["build"]["import_s"], "%.2f"), f(r["size"]["du_bytes_per_unit"], "%.0f"),
                 f(r["size"]["index_bytes_per_unit"], "%.0f"), f(r["single"]["median_ms"], "%.2f"),
                 f(r["single"]["p95_ms"], "%.2f"), f(r["batch"]["queries_per_s"], "%.0f"), f(r["batch"]["mean_ms"], "%.3f"),
                 f(r["batch"]["inproc_median_ms"], "%.3f"), f(r["batch"]["inproc_p95_ms"], "%.3f"),
                 f(rc.get("scan_median_ms"), "%.2f"), f(100 * rc["recall_best"] if rc.get("recall_best") is not None else None, "%.1f%%"),
                 f(100 * rc["recall_at_max_shown"] if rc.get("recall_at_max_shown") is not None else None, "%.1f%%"),
                 f(100 * rc["recall_at_max_retrieved"] if rc.get("recall_at_max_retrieved") is not None else None, "%.1f%%")))
w = [max(len(x[i]) for x in rows + [hdr]) for i in range(len(hdr))]
for x in [hdr] + rows:
    print("  " + "  ".join(c.rjust(w[i]) for i, c in enumerate(x)))
for n in sizes:
    r = R[n]
    print("  %s: first lookup after import %.1f ms; process floor: /bin/true %.1f ms, `tmkit --version` %.1f ms; "
          "store %s in use; units' text (en+uk) %s B/unit; %s"
          % (format(n, ","), r["single"]["first_lookup_ms"], r["single"]["bin_true_ms"], r["single"]["tmkit_version_ms"],
             "%.0f B/unit" % r["size"]["used_bytes_per_unit"] if r["size"]["used_bytes_per_unit"] else "?",
             f(r["size"]["text_bytes_per_unit"], "%.0f", "?"),
             "index_bytes %s" % f(r["size"]["index_bytes_per_unit"], "%.0f B/unit") if r["size"]["index_bytes"] is not None
             else "stats has no index_bytes / fuzzy_index_bytes"))
    if r["single"]["slowest"]:
        print("  %s: single median by kind: %s; slowest: %s"
              % (format(n, ","), ", ".join("%s %s" % (k_, f(v, "%.1f ms")) for k_, v in r["single"]["by_kind_median_ms"].items()),
                 ", ".join("q%d %s (%d words, %d matches) %.0f ms" % (x["query"], x["kind"], x["words"], x["matches"], x["ms"])
                           for x in r["single"]["slowest"])))
    rc = r["recall"]
    if rc:
        print("  %s: recall: the exhaustive scan has a match >= %d for %d queries, tmkit's list has one as good for %d%s; "
              "of their top-%d scores (%d), tmkit shows %d and finds %d with --min %d --max 50 (%d of those under --min after penalties)"
              % (format(n, ","), MIN, rc["queries_with_match"], rc["best_found"],
                 " (missed e.g. %s)" % ", ".join("q%d %s %s vs %s" % (x["query"], x["kind"], x["scan_best"], x["tmkit_best_by_formula"])
                                                for x in rc["missed_best_examples"][:3]) if rc["missed_best_examples"] else "",
                 MAX, rc["top_k_scores"], rc["top_k_shown"], rc["top_k_retrieved"], rc["wide_min"], rc["top_k_retrieved_under_min"]))
        for x in rc["missed_top_k_examples"][:3]:
            print("    not found: q%d %s: scan top [unit, score] %s; tmkit --min %d [unit, shown, by formula] %s"
                  % (x["query"], x["kind"], x["scan_top"], rc["wide_min"], x["tmkit_wide"]))

print()
print("What is found (share of queries with a best match >= %d; 'orig' = the best match is the unit the query was edited from):" % MIN)
for n in sizes:
    r = R[n]
    print("  %s units:" % format(n, ","))
    for k, pk in sorted(r["per_kind"].items()):
        s = "    %-13s %4d q  exhaustive %6s  tmkit %5.1f%%" % (
            k, pk["n"], "%.1f%%" % (100 * pk["scan_hit"] / pk["n"]) if r["recall"] else "–", 100 * pk["tmkit_hit"] / pk["n"])
        if k.startswith("edit"):
            s += " (orig %5.1f%%)" % (100 * pk["tmkit_original"] / pk["n"])
        if pk.get("ttk_n"):
            s += "   TTK %5.1f%% of %d" % (100 * pk.get("ttk_hit", 0) / pk["ttk_n"], pk["ttk_n"])
            if k.startswith("edit"):
                s += " (orig %5.1f%%)" % (100 * pk.get("ttk_original", 0) / pk["ttk_n"])
        print(s)

m = R[main_n]
print()
print("Targets at %s units:" % format(main_n, ","))
lat_med = m["batch"]["inproc_median_ms"] if m["batch"]["inproc_median_ms"] is not None else m["single"]["median_ms"]
lat_p95 = m["batch"]["inproc_p95_ms"] if m["batch"]["inproc_p95_ms"] is not None else m["single"]["p95_ms"]
lat_src = "in-process (lookup --file JSON)" if m["batch"]["inproc_median_ms"] is not None else "one process per query"
idx_ratio = m["size"]["index_vs_text"]
rec = (m["recall"] or {}).get("recall_best")
rec_k = (m["recall"] or {}).get("recall_at_max_retrieved")
def mark(v, ok):
    return "n/a" if v is None else ("ok" if ok else "MISSED")
targets = [
    ("latency median", "%s ms (%s)" % (f(lat_med, "%.2f"), lat_src), "<= 5 ms", mark(lat_med, lat_med is not None and lat_med <= T["median_ms"])),
    ("latency p95", "%s ms (%s)" % (f(lat_p95, "%.2f"), lat_src), "<= 25 ms", mark(lat_p95, lat_p95 is not None and lat_p95 <= T["p95_ms"])),
    ("lookup --file", "%s q/s" % f(m["batch"]["queries_per_s"], "%.0f"), ">= 300 q/s", mark(1, m["batch"]["queries_per_s"] >= T["batch_qps"])),
    ("index size", ("%s x units' text" % f(idx_ratio, "%.2f")) if idx_ratio is not None else
        "unknown: stats has no index_bytes / fuzzy_index_bytes (whole store in use: %s x text)" % f(m["size"]["used_vs_text"], "%.2f", "?"),
        "<= 2 x text", mark(idx_ratio, idx_ratio is not None and idx_ratio <= T["index_vs_text"])),
    ("recall vs exhaustive", "%s best match, %s of the top-%d scores found" % (f(100 * rec if rec is not None else None, "%.1f%%"),
        f(100 * rec_k if rec_k is not None else None, "%.1f%%"), MAX),
        "100%", mark(rec, rec is not None and rec >= T["recall"] and rec_k is not None and rec_k >= T["recall"])),
    ("index build (import)", "%.2f s, %s units/s, peak RSS %.0f MB" % (m["build"]["import_s"], format(m["build"]["units_per_s"], ","), m["build"]["peak_rss_mb"]), "", ""),
]
w = [max(len(t[i]) for t in targets) for i in range(4)]
for t in targets:
    print("  %-*s  %-*s  %-*s  %s" % (w[0], t[0], w[1], t[1], w[2], t[2], t[3]))

print()
print("Translate Toolkit (same TMX, same queries: the first K of the shuffled 1,000):")
any_ttk = False
for n in sizes:
    t = R[n]["ttk"]
    if not t:
        continue
    any_ttk = True
    a = t["agreement"]
    print("  %s units, K=%d: TTK load %.1f s + matcher init %.1f s, %.1f ms/query median, %.1f p95, %.1f mean, peak RSS %.0f MB%s"
          % (format(n, ","), t["queries"], t["self"]["parse_s"], t["self"]["init_s"], t["median_ms"], t["p95_ms"], t["mean_ms"],
             t["peak_rss_mb"], " (estimate %.0f ms/q on %d, budget %.0f s)" % (t["self"]["estimate"]["ms_per_query"],
             t["self"]["estimate"]["queries"], t["self"]["estimate"]["budget_s"]) if t["self"].get("estimate") else ""))
    print("    tmkit on the same K: lookup --file %.3f s (process start included) = %.3f ms/query mean"
          % (t["tmkit_same_queries"]["file_s"], t["tmkit_same_queries"]["mean_ms"]))
    print("    ratios TTK/tmkit: mean per query (TTK's matching loop vs tmkit's whole lookup --file run, each / K) %s; "
          "median, in-process %s; TTK median vs one tmkit process per query %s; "
          "end to end for K queries (TTK's process incl. loading the TMX vs lookup --file) %s"
          % (f(t["ratio_mean_per_query"], "%.0fx"), f(t["ratio_median_inproc"], "%.0fx", "n/a (no in-process times)"),
             f(t["ratio_median_vs_tmkit_process"], "%.1fx"), f(t["ratio_end_to_end"], "%.1fx")))
    print("    agreement: both best >= %d on %d of %d queries; same unit %d (%s); TTK's best among tmkit's %d: %d; "
          "only TTK %d, only tmkit %d, neither %d"
          % (a["threshold"], a["both"], t["queries"], a["same_best"], f(100 * a["share_same"] if a["share_same"] is not None else None, "%.1f%%"),
             MAX, a["ttk_best_in_tmkit_list"], a["only_ttk"], a["only_tmkit"], a["neither"]))
if not any_ttk:
    print("  not run")

growth = []
if len(sizes) > 1:
    print()
    print("Growth (cost ratio between sizes, and the exponent k in cost ~ units^k):")
    def g(a, b):
        return None if a in (None, 0) or b is None else b / a
    for lo, hi in zip(sizes, sizes[1:]):
        a, b = R[lo], R[hi]
        fu = hi / lo
        items = [("build time", a["build"]["import_s"], b["build"]["import_s"]),
                 ("store B/unit", a["size"]["du_bytes_per_unit"], b["size"]["du_bytes_per_unit"]),
                 ("single median", a["single"]["median_ms"], b["single"]["median_ms"]),
                 ("single p95", a["single"]["p95_ms"], b["single"]["p95_ms"]),
                 ("batch ms/query", a["batch"]["mean_ms"], b["batch"]["mean_ms"]),
                 ("in-proc median", a["batch"]["inproc_median_ms"], b["batch"]["inproc_median_ms"]),
                 ("exhaustive scan ms/q", (a["recall"] or {}).get("scan_median_ms"), (b["recall"] or {}).get("scan_median_ms"))]
        out = {}
        parts = []
        for name, x, y in items:
            gr = g(x, y)
            if gr is None:
                continue
            k = math.log(gr) / math.log(fu) if gr > 0 else None
            out[name] = {"from": x, "to": y, "ratio": round(gr, 3), "exponent": round(k, 2) if k is not None else None}
            parts.append("%s x%.2f (k=%s)" % (name, gr, f(k, "%.2f")))
        growth.append({"from_units": lo, "to_units": hi, "units_ratio": fu, "costs": out})
        print("  %s -> %s units (x%g): %s" % (format(lo, ","), format(hi, ","), fu, "; ".join(parts)))

for w_ in warnings:
    print("WARNING : " + w_)
print()
result = {
    "bench": "lookup", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "machine": {"nproc": os.cpu_count(), "cpu": e["CPU_MODEL"], "mem_kb": int(e["MEM_KB"]),
                "kernel": platform.release(), "load_start": e["LOAD_START"], "load_end": e["LOAD_END"]},
    "tmkit": {"bin": e["TMKIT_SRC_BIN"], "version": e["TMKIT_VERSION"], "git": e["GIT_REV"]},
    "params": {"seed": int(e["SEED"]), "min": MIN, "max": MAX, "single_sample": int(e["SINGLE"]),
               "sizes": sizes, "main": main_n, "ttk_size": ttk_n, "ttk_version": e["TTK_VERSION"],
               "exhaustive_scan": bool(e.get("HAVE_SCAN"))},
    "sizes": {str(n): R[n] for n in sizes},
    "targets": {"at_units": main_n, "median_ms": T["median_ms"], "p95_ms": T["p95_ms"], "batch_qps": T["batch_qps"],
                "index_vs_text": T["index_vs_text"], "recall": T["recall"], "latency_from": lat_src,
                "met": {"median": lat_med is not None and lat_med <= T["median_ms"],
                        "p95": lat_p95 is not None and lat_p95 <= T["p95_ms"],
                        "batch": m["batch"]["queries_per_s"] >= T["batch_qps"],
                        "index": None if idx_ratio is None else idx_ratio <= T["index_vs_text"],
                        "recall": None if rec is None else (rec >= T["recall"] and rec_k is not None and rec_k >= T["recall"])}},
    "growth": growth,
    "warnings": warnings,
}
print(json.dumps(result, ensure_ascii=False))
EOF
OK=1
