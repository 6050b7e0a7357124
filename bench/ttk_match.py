#!/usr/bin/python3
"""Translate Toolkit's TM matcher on a TMX and a query file, query by query, for lookup_bench.sh.

  ttk_match.py TM.tmx QUERIES.txt OUT.jsonl [--min 75] [--max-length 1000] [--max-candidates 5]
               [--queries N] [--budget S] [--estimate 50] [--src en]

Runs the matcher exactly as /work/shared/bench/ttk_baseline.py does
(tmx.tmxfile.parsefile, then match.matcher(store, max_candidates=5, min_similarity=MIN,
max_length=1000), then matcher.matches(query) per line), and also records each query's best
candidate, so that its answers can be compared with tmkit's.

Which queries: the first N lines of QUERIES.txt (the generator shuffles them, so a prefix is a
fair sample of every kind). With --queries N it runs exactly N (0 = all). Without it, it times the
first --estimate queries, then runs as many more as fit in --budget seconds of matching (the TM
load is not counted), at most all of them.

OUT.jsonl: one line per query run, in order:
  {"i": 0, "ms": 812.4, "error": false, "score": 87, "source": "...", "plain": "...", "tuid": "42"}
  score/source are the best candidate's (null when nothing reaches --min); "source" is Translate
  Toolkit's text (inline codes rendered as their native text, e.g. "<b>"), "plain" the same unit's
  text without inline codes (as tmkit shows it) and "tuid" the TMX tuid.
Translate Toolkit 3.8.4 raises TypeError when two candidates tie on score (heapq compares the
units); ttk_baseline.py counts those as errors. So does this script, and the query's time counts
as measured; afterwards the failed queries are re-run once with a tie-break added, only to learn
their best candidate for the comparison ("error": true, "recovered": true).
stdout: one JSON summary line.
"""
import argparse
import json
import re
import resource
import statistics
import sys
import time

from translate.search import match
from translate.storage import base, tmx

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
INLINE_WITH_TEXT = {"hi", "sub"}     # TMX inline elements whose content is text, not code
PCT = re.compile(r"(\d+)%")


def maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def plain_text(seg):
    """The <seg>'s text without inline codes (the content of bpt/ept/ph/it is code)."""
    parts = [seg.text or ""]
    for child in seg:
        if local(child.tag) in INLINE_WITH_TEXT:
            parts.append(plain_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def unit_index(store, src):
    """{Translate Toolkit source text: (tuid, plain text)} for every unit."""
    out = {}
    for u in store.units:
        plain = None
        node = getattr(u, "xmlelement", None)
        if node is not None:
            for tuv in node:
                if local(tuv.tag) != "tuv":
                    continue
                lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower()
                if lang == src or lang.startswith(src + "-"):
                    for seg in tuv:
                        if local(seg.tag) == "seg":
                            plain = plain_text(seg)
                    break
        out.setdefault(str(u.source), (u.getid(), plain if plain is not None else str(u.source)))
    return out


def best_of(units):
    if not units:
        return None, None
    u = units[0]
    m = PCT.search(u.getnotes() or "")
    return (int(m.group(1)) if m else None), str(u.source)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tmx")
    ap.add_argument("queries")
    ap.add_argument("out")
    ap.add_argument("--min", type=int, default=75)
    ap.add_argument("--max-length", type=int, default=1000)
    ap.add_argument("--max-candidates", type=int, default=5)
    ap.add_argument("--queries", dest="n", type=int, default=None,
                    help="run exactly this many queries (0 = all); default: fill --budget")
    ap.add_argument("--budget", type=float, default=600.0,
                    help="seconds of matching when --queries is not given (default 600)")
    ap.add_argument("--estimate", type=int, default=50,
                    help="queries timed before the budget decides how many run (default 50)")
    ap.add_argument("--src", default="en")
    a = ap.parse_args()

    with open(a.queries, encoding="utf-8") as f:
        queries = [line.rstrip("\n") for line in f]
    total = len(queries)

    t0 = time.perf_counter()
    store = tmx.tmxfile.parsefile(a.tmx)
    parse_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    m = match.matcher(store, max_candidates=a.max_candidates, min_similarity=a.min,
                      max_length=a.max_length)
    init_s = time.perf_counter() - t0
    tm_units = len(store.units)
    print("ttk_match: %d units loaded in %.1f s (+ %.1f s matcher init)" % (tm_units, parse_s, init_s),
          file=sys.stderr)

    if a.n is not None and a.n > 0:
        planned, mode = min(a.n, total), "fixed"
    elif a.n == 0:
        planned, mode = total, "all"
    else:
        planned, mode = min(total, max(1, a.estimate)), "budget"
    results, ms_list, errors = [], [], 0
    estimate = None
    loop_t0 = time.perf_counter()
    i = 0
    while i < planned:
        q = queries[i]
        t = time.perf_counter()
        err = False
        try:
            found = m.matches(q)
        except TypeError:
            found, err = [], True
            errors += 1
        ms = (time.perf_counter() - t) * 1000
        ms_list.append(ms)
        score, source = best_of(found)
        results.append({"i": i, "ms": round(ms, 3), "error": err, "score": score, "source": source})
        i += 1
        if mode == "budget" and i == planned and estimate is None:
            spent = time.perf_counter() - loop_t0
            per_q = spent / i
            more = int(max(0.0, a.budget - spent) / per_q) if per_q > 0 else total
            planned = min(total, i + more)
            estimate = {"queries": i, "s": round(spent, 3), "ms_per_query": round(per_q * 1000, 3),
                        "budget_s": a.budget, "planned": planned}
            print("ttk_match: %.1f ms/query on the first %d; running %d of %d queries (budget %.0f s)"
                  % (per_q * 1000, i, planned, total, a.budget), file=sys.stderr)
    loop_s = time.perf_counter() - loop_t0
    rss = maxrss_mb()

    # Best candidates of the queries that hit the tie bug, with a tie-break (not timed).
    recovered = 0
    if errors:
        base.TranslationUnit.__lt__ = lambda self, other: id(self) < id(other)
        for r in results:
            if r["error"]:
                try:
                    r["score"], r["source"] = best_of(m.matches(queries[r["i"]]))
                    r["recovered"] = True
                    recovered += 1
                except TypeError:
                    r["recovered"] = False

    index = unit_index(store, a.src.lower())
    with open(a.out, "w", encoding="utf-8") as f:
        for r in results:
            tuid, plain = index.get(r["source"], (None, r["source"])) if r["source"] is not None else (None, None)
            r["tuid"], r["plain"] = tuid, plain
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

    ms_sorted = sorted(ms_list)
    n = len(ms_sorted)
    print(json.dumps({
        "tm_units": tm_units, "parse_s": round(parse_s, 3), "init_s": round(init_s, 3),
        "n": n, "of": total, "mode": mode, "estimate": estimate, "loop_s": round(loop_s, 3),
        "queries_per_s": round(n / loop_s, 4) if loop_s > 0 else None,
        "median_ms": round(statistics.median(ms_sorted), 3) if n else None,
        "p95_ms": round(ms_sorted[int(0.95 * (n - 1))], 3) if n else None,
        "mean_ms": round(statistics.fmean(ms_sorted), 3) if n else None,
        "errors": errors, "recovered": recovered, "maxrss_mb": round(rss, 1),
        "min": a.min, "max_length": a.max_length, "max_candidates": a.max_candidates,
    }))


if __name__ == "__main__":
    main()
