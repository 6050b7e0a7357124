#!/usr/bin/env python3
"""Gale & Church (1993) length-based sentence aligner: the baseline of bench/align_bench.sh.

Written for tmkit from the paper: W. A. Gale and K. W. Church, "A Program for Aligning
Sentences in Bilingual Corpora", Computational Linguistics 19(1):75-102, 1993.
Pure Python 3, standard library only.

Model (as in the paper):
  * beads 1-1, 1-0, 0-1, 2-1, 1-2, 2-2 with the paper's priors
        P(1-1) = 0.89, P(1-0) = P(0-1) = 0.0099, P(2-1) = P(1-2) = 0.089, P(2-2) = 0.011
  * lengths in characters (Unicode code points of the line, outer whitespace stripped);
  * delta = (l2 - c*l1) / sqrt(s2 * mean), mean = (l1 + l2/c) / 2  -- the form used by the
    program printed in the paper's appendix (it reduces to the paper's (l2 - l1 c)/sqrt(l1 s2)
    when l2 = c l1 and, unlike it, stays defined for 0-1 beads); c = 1, s2 = 6.8;
  * P(delta | match) = 2 (1 - Phi(|delta|)), bead cost = -log P(delta | match) - log P(bead);
  * dynamic programming for the cheapest sequence of beads.
The paper aligns paragraphs first and sentences within aligned paragraphs. Here, when both
files have the same number of paragraphs (blank lines separate them), each paragraph pair is
aligned on its own; otherwise the paragraph breaks are ignored (--ignore-paragraphs forces that).

Variant (--estimate-c): c = total target characters / total source characters of the document
pair, instead of 1 (tmkit's DESIGN: Korean runs at about 0.54 characters per English one).

Speed: the DP is restricted to a band around the diagonal (i*m/n); when the best path comes
near the band's edge, the band is doubled and the DP rerun, so the result equals the full DP
unless the path wanders outside every tried band (the full matrix is used for small inputs).

Input: two presegmented files, one sentence a line (blank lines = paragraph breaks, not
sentences). Output: vecalign links, one a line, 0-based sentence indices over the whole file:
  [0]:[0, 1]      [3]:[]      []:[4]

Usage: gale_church.py SRC TGT [-o LINKS] [--estimate-c | --c C] [--s2 S2] [--ignore-paragraphs]
"""
import argparse
import math
import sys

PRIORS = {  # (source sentences, target sentences) -> prior probability (paper, Table 5)
    (1, 1): 0.89,
    (1, 0): 0.0099,
    (0, 1): 0.0099,
    (2, 1): 0.089,
    (1, 2): 0.089,
    (2, 2): 0.011,
}
BEADS = list(PRIORS)
SQRT2 = math.sqrt(2.0)


def read_paragraphs(path):
    """Paragraphs of a presegmented file: a list of lists of sentence strings."""
    paras, cur = [], []
    with open(path, encoding='utf-8') as f:
        for line in f:
            s = line.strip()
            if s:
                cur.append(s)
            elif cur:
                paras.append(cur)
                cur = []
    if cur:
        paras.append(cur)
    return paras


def neg_log_pdelta(l1, l2, c, s2):
    """-log P(delta | match) for a bead of l1 source and l2 target characters."""
    if l1 == 0 and l2 == 0:
        return 0.0
    mean = (l1 + l2 / c) / 2.0
    z = abs(c * l1 - l2) / math.sqrt(s2 * mean)
    pd = math.erfc(z / SQRT2)  # = 2 (1 - Phi(z))
    if pd > 1e-300:
        return -math.log(pd)
    # asymptotic tail: erfc(x) ~ exp(-x^2) / (x sqrt(pi))
    x = z / SQRT2
    return x * x + math.log(x * math.sqrt(math.pi))


def _dp(L1, L2, c, s2, width):
    """Banded DP. Returns (beads [(di, dj)] in order, touched_edge)."""
    n, m = len(L1), len(L2)
    P1 = [0] * (n + 1)
    for i, v in enumerate(L1):
        P1[i + 1] = P1[i] + v
    P2 = [0] * (m + 1)
    for j, v in enumerate(L2):
        P2[j + 1] = P2[j] + v
    pen = {b: -math.log(p) for b, p in PRIORS.items()}
    beads = [(b[0], b[1], pen[b]) for b in BEADS]
    INF = float('inf')
    lo = [0] * (n + 1)
    hi = [0] * (n + 1)
    for i in range(n + 1):
        ctr = i * m / n if n else 0
        lo[i] = max(0, int(ctr) - width)
        hi[i] = min(m, int(math.ceil(ctr)) + width)
    lo[n], hi[n] = min(lo[n], m), m  # the end cell is always inside
    lo[0] = 0
    cost = []
    back = []
    cache = {}
    for i in range(n + 1):
        a, b = lo[i], hi[i]
        row = [INF] * (b - a + 1)
        brow = [-1] * (b - a + 1)
        for j in range(a, b + 1):
            if i == 0 and j == 0:
                row[0] = 0.0
                continue
            best, bk = INF, -1
            for k, (di, dj, p) in enumerate(beads):
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                if pj < lo[pi] or pj > hi[pi]:
                    continue
                prev = cost[pi][pj - lo[pi]] if pi < i else row[pj - a]
                if prev == INF:
                    continue
                l1 = P1[i] - P1[pi]
                l2 = P2[j] - P2[pj]
                key = (l1, l2)
                d = cache.get(key)
                if d is None:
                    d = neg_log_pdelta(l1, l2, c, s2)
                    cache[key] = d
                v = prev + d + p
                if v < best:
                    best, bk = v, k
            row[j - a] = best
            brow[j - a] = bk
        cost.append(row)
        back.append(brow)
    out = []
    i, j = n, m
    touched = False
    while i > 0 or j > 0:
        if (j - lo[i] <= 1 and lo[i] > 0) or (hi[i] - j <= 1 and hi[i] < m):
            touched = True
        k = back[i][j - lo[i]]
        if k < 0:
            raise RuntimeError('no path (band too narrow)')
        di, dj, _ = beads[k]
        out.append((di, dj))
        i, j = i - di, j - dj
    out.reverse()
    return out, touched


def align_block(L1, L2, c, s2):
    """Beads [(di, dj)] for one block of sentence lengths."""
    n, m = len(L1), len(L2)
    if n == 0 or m == 0:
        return [(1, 0)] * n + [(0, 1)] * m
    if n * m <= 250000:
        width = max(n, m)
    else:
        width = max(30, abs(n - m) + int(math.sqrt(max(n, m))))
    while True:
        try:
            beads, touched = _dp(L1, L2, c, s2, width)
        except RuntimeError:
            beads, touched = None, True
        if not touched or width >= max(n, m):
            if beads is None:
                raise RuntimeError('alignment failed')
            return beads
        width *= 2


def align(src_paras, tgt_paras, c=1.0, s2=6.8, ignore_paragraphs=False):
    """Links [(src ids), (tgt ids)] over global sentence indices."""
    if ignore_paragraphs or len(src_paras) != len(tgt_paras):
        src_paras = [[s for p in src_paras for s in p]]
        tgt_paras = [[s for p in tgt_paras for s in p]]
    links = []
    i0 = j0 = 0
    for sp, tp in zip(src_paras, tgt_paras):
        L1 = [len(s) for s in sp]
        L2 = [len(s) for s in tp]
        i, j = i0, j0
        for di, dj in align_block(L1, L2, c, s2):
            links.append((tuple(range(i, i + di)), tuple(range(j, j + dj))))
            i += di
            j += dj
        i0 += len(sp)
        j0 += len(tp)
    return links


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('src')
    ap.add_argument('tgt')
    ap.add_argument('-o', '--out', help='links file (default: stdout)')
    g = ap.add_mutually_exclusive_group()
    g.add_argument('--estimate-c', action='store_true',
                   help='c = target chars / source chars of this document pair (default c=1)')
    g.add_argument('--c', type=float, default=1.0, help='expected target chars per source char')
    ap.add_argument('--s2', type=float, default=6.8, help='variance per character (paper: 6.8)')
    ap.add_argument('--ignore-paragraphs', action='store_true',
                    help='align the whole file as one block even when paragraph counts agree')
    a = ap.parse_args()
    try:
        sp, tp = read_paragraphs(a.src), read_paragraphs(a.tgt)
    except (OSError, UnicodeDecodeError) as e:
        print('gale_church.py: %s' % e, file=sys.stderr)
        return 1
    c = a.c
    if a.estimate_c:
        n1 = sum(len(s) for p in sp for s in p)
        n2 = sum(len(s) for p in tp for s in p)
        c = n2 / n1 if n1 and n2 else 1.0
    if c <= 0 or a.s2 <= 0:
        print('gale_church.py: c and s2 must be positive', file=sys.stderr)
        return 2
    links = align(sp, tp, c, a.s2, a.ignore_paragraphs)
    text = ''.join('%s:%s\n' % (list(x), list(y)) for x, y in links)
    if a.out:
        with open(a.out, 'w', encoding='utf-8') as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
