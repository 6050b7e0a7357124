#!/usr/bin/python3
"""Sentence segmentation accuracy: tmkit segment against plain ICU, same run.

Reads every case of ../shared/data/align/segmentation/*.jsonl (the
pragmatic_segmenter spec files: {"text", "expected": [sentences], "desc"}),
and counts a case as correct when the sentences are exactly the expected ones
(after folding whitespace runs to one space and trimming, on both sides: the
spec's expected strings are already folded).

How a case is fed:
  * tmkit: the case's text is written to `tmkit segment - --lang L` on
    standard input exactly as stored (newlines included), with the default
    --format auto, as a user would run it. Empty lines of the output
    (paragraph separators) are dropped; every other line is a sentence.
    pragmatic_segmenter reads a single newline mostly as a sentence boundary
    (lists, headlines) and sometimes as a wrapped line; tmkit applies its own
    documented line-break rules (doc/segment.md), nothing case-specific.
  * ICU baseline: PyICU's BreakIterator.createSentenceInstance(Locale(L))
    over the same text, each piece trimmed and whitespace-folded, empty
    pieces dropped. ICU treats every newline as a hard break (UAX #29 SB4).
    This is the plain ICU 72 a project without its own rules would get.

Two columns per system:
  * all cases;
  * segmentation cases: those whose expected sentences spell the input text,
    i.e. the input and the concatenated expected sentences are equal once all
    whitespace is removed. The other cases ask for text rewriting (collapsing
    dot runs, dropping page numbers or markup, joining letters, turning
    backticks into quotes), which no segmenter that keeps the text can match.
    The output says how many cases each language excludes.

Usage: /usr/bin/python3 bench/segment_accuracy.py [--tmkit build/tmkit]
       [--data ../shared/data/align/segmentation] [--failures]
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fold(s):
    return re.sub(r"\s+", " ", s).strip()


def load_icu():
    try:
        import icu  # noqa: F401
        return icu
    except ImportError:
        pass
    # Debian: python3-icu. Install it the way bench/lib.sh does (root only).
    if os.geteuid() == 0 and os.path.exists("/usr/bin/apt-get"):
        print("segment_accuracy: installing python3-icu (the ICU baseline)", file=sys.stderr)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        rc = subprocess.call(["apt-get", "install", "-y", "-q", "python3-icu"],
                             stdout=sys.stderr, stderr=sys.stderr, env=env)
        if rc != 0:
            subprocess.call(["apt-get", "update", "-q"], stdout=sys.stderr, stderr=sys.stderr)
            subprocess.call(["apt-get", "install", "-y", "-q", "python3-icu"],
                            stdout=sys.stderr, stderr=sys.stderr, env=env)
        try:
            import icu  # noqa: F401
            return icu
        except ImportError:
            pass
    else:
        print("segment_accuracy: for the ICU baseline: sudo apt-get install python3-icu",
              file=sys.stderr)
    return None


def icu_split(icu, text, lang):
    bi = icu.BreakIterator.createSentenceInstance(icu.Locale(lang))
    u = icu.UnicodeString(text)
    bi.setText(u)
    out, start = [], 0
    for end in bi:
        piece = fold(str(u[start:end]))
        if piece:
            out.append(piece)
        start = end
    return out


def spells_input(text, expected):
    """True if the expected sentences are the input cut into pieces (all
    whitespace removed on both sides), i.e. the case tests segmentation only."""
    return re.sub(r"\s+", "", text) == re.sub(r"\s+", "", "".join(expected))


def tmkit_split(binary, text, lang):
    r = subprocess.run([binary, "segment", "-", "--lang", lang], input=text.encode("utf-8"),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        return None, r.stderr.decode("utf-8", "replace").strip()
    lines = r.stdout.decode("utf-8").split("\n")
    return [fold(l) for l in lines if fold(l)], None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tmkit", default=os.path.join(REPO, "build", "tmkit"))
    ap.add_argument("--data", default=os.path.join(REPO, "..", "shared", "data", "align",
                                                    "segmentation"))
    ap.add_argument("--failures", action="store_true", help="print every case tmkit gets wrong")
    args = ap.parse_args()
    if not os.access(args.tmkit, os.X_OK):
        sys.exit("segment_accuracy: no executable at %s (build it first)" % args.tmkit)
    files = sorted(glob.glob(os.path.join(args.data, "*.jsonl")))
    if not files:
        sys.exit("segment_accuracy: no *.jsonl under %s" % args.data)
    icu = load_icu()
    per_lang = {}
    failures = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                case = json.loads(line)
                lang = case.get("lang") or os.path.basename(path).split(".")[-2]
                expected = [fold(s) for s in case["expected"] if fold(s)]
                seg = spells_input(case["text"], expected)
                got, err = tmkit_split(args.tmkit, case["text"], lang)
                # all cases: n, tmkit ok, ICU ok; then the same on segmentation cases
                stats = per_lang.setdefault(lang, [0, 0, 0, 0, 0, 0])
                ok = got == expected
                base = icu is not None and icu_split(icu, case["text"], lang) == expected
                for k, v in enumerate((True, ok, base)):
                    stats[k] += v
                    if seg:
                        stats[3 + k] += v
                if not ok:
                    failures.append((lang, case.get("desc", ""), case["text"], expected,
                                     got if got is not None else ["ERROR: " + err], seg))
    print("Sentence segmentation, exact-match share of cases (%s)" % os.path.relpath(args.data))
    print("seg = segmentation cases: the expected sentences spell the input (all whitespace "
          "removed);")
    print("      the excluded ones ask for text rewriting (excluded = cases - seg cases)")
    print("%-6s %6s %9s %9s %8s | %9s %8s %9s %9s %8s" %
          ("lang", "cases", "tmkit %", "ICU %", "diff", "seg cases", "excluded", "tmkit %",
           "ICU %", "diff"))

    def pct(a, b):
        return 100.0 * a / b if b else 0.0

    def row(name, st):
        n, ok, base, sn, sok, sbase = st
        if icu is None:
            print("%-6s %6d %9.1f %9s %8s | %9d %8d %9.1f %9s %8s" %
                  (name, n, pct(ok, n), "-", "-", sn, n - sn, pct(sok, sn), "-", "-"))
        else:
            print("%-6s %6d %9.1f %9.1f %+8.1f | %9d %8d %9.1f %9.1f %+8.1f" %
                  (name, n, pct(ok, n), pct(base, n), pct(ok - base, n), sn, n - sn,
                   pct(sok, sn), pct(sbase, sn), pct(sok - sbase, sn)))

    total = [0] * 6
    for lang in sorted(per_lang, key=lambda l: (-per_lang[l][0], l)):
        row(lang, per_lang[lang])
        total = [a + b for a, b in zip(total, per_lang[lang])]
    row("all", total)
    if icu is None:
        print("baseline unavailable (install python3-icu)")
    if args.failures:
        for lang, desc, text, expected, got, seg in failures:
            print("\n[%s] %s%s\n  text:     %r\n  expected: %r\n  tmkit:    %r" %
                  (lang, desc, "" if seg else "  (rewriting case: not in seg)", text[:300],
                   expected, got))


if __name__ == "__main__":
    main()
