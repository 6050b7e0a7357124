#!/usr/bin/env python3
"""Helpers of bench/align_bench.sh: score an aligner that segments the text itself against a
gold alignment made over another (reference) segmentation.

The problem. The gold sets count *reference* sentences (NTREX: one line = one sentence pair;
the sample article: the hand segmentation in *.sent.txt). When tmkit aligns running text
(`tmkit align` without --presegmented) its links count *tmkit's* sentences, which may split a
reference sentence in two (215 NTREX Korean lines hold two sentences) or join two of them.

The mapping (subcommand `map`):
  1. Reference spans. Each reference sentence is located in the running-text file that tmkit
     read, in order, ignoring whitespace (the sentence's non-space characters must appear as a
     run of the file's non-space characters, after the previous sentence's end). This gives the
     byte span of every reference sentence in that file.
  2. tmkit spans. `tmkit segment FILE --lang L --json` gives each tmkit sentence's byte span
     [begin, end) in the same file; the aligner uses the same segmenter, so tmkit sentence k of
     `segment` is sentence k of `align --links`.
  3. Each tmkit sentence maps to every reference sentence its span overlaps by at least one
     non-space character (usually exactly one; two when tmkit missed a boundary).
  4. Each tmkit link (S, T) becomes (union of the mapped source references, union of the mapped
     target references).
  5. Duplicates and overlaps are merged: two mapped links that share a reference sentence on
     either side are joined into one link (connected components), e.g. tmkit's
     [0]:[0] + [1]:[1] where tmkit's target sentences 0 and 1 are both in reference line 0 gives
     [0, 1]:[0] -- the finest alignment over reference sentences that agrees with tmkit's
     links. So a reference sentence is in at most one link, as in an aligner's own output.
     Links empty on both sides are dropped; a reference sentence that no link covers is added
     as a 1-0 or 0-1 link.
  The merged links are scored with align-score.py against the original gold. Lax F1 is the
  main figure (a tmkit split of a reference sentence still counts when its pieces are linked to
  the right place); strict F1 is reported too (it also penalises a segmentation that differs
  from the reference).

Subcommands:
  join IN OUT                 one reference sentence a line -> one paragraph, lines joined with
                              a single space (blank lines dropped); OUT ends with a newline
  map --src-ref F --src-text F --src-seg F.json --tgt-ref F --tgt-text F --tgt-seg F.json
      --links F [-o OUT]      tmkit links over tmkit's sentences -> links over reference
                              sentences (see above); prints a one-line JSON summary on stderr
                              with --stats
  sents SEG.json TEXT OUT     tmkit's sentences written one a line (blank line between
                              paragraphs), so that the Gale-Church baseline can align exactly
                              tmkit's segmentation
  table RESULTS.jsonl         the benchmark's summary table and final JSON line
Standard library only (Debian's /usr/bin/python3).
"""
import argparse
import ast
import bisect
import json
import re
import sys

VEC_RE = re.compile(r'^\s*(\[[^\]]*\])\s*:\s*(\[[^\]]*\])')


# ----------------------------------------------------------------------------- reading
def read_ref(path):
    """Reference sentences: non-blank lines of a presegmented file, stripped."""
    with open(path, encoding='utf-8') as f:
        return [l.strip() for l in f if l.strip()]


def read_links(path):
    links = []
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            m = VEC_RE.match(line)
            if not m:
                raise ValueError('%s:%d: expected a link like [0]:[0, 1], found %r'
                                 % (path, n, line.strip()[:60]))
            links.append((tuple(ast.literal_eval(m.group(1))),
                          tuple(ast.literal_eval(m.group(2)))))
    return links


def read_seg(path):
    """tmkit segment --json: list of (begin, end, paragraph) byte spans."""
    with open(path, encoding='utf-8') as f:
        doc = json.load(f)
    out = []
    for n, s in enumerate(doc.get('sentences', [])):
        b = s.get('begin', s.get('start'))
        e = s.get('end')
        if not isinstance(b, int) or not isinstance(e, int) or e < b:
            raise ValueError('%s: sentence %d has no byte span (begin/end)' % (path, n))
        out.append((b, e, s.get('paragraph', 0)))
    return out


def nonspace_index(data):
    """For UTF-8 bytes: (string of the non-space characters, their byte offsets, byte ends)."""
    text = data.decode('utf-8')
    chars, begins, ends = [], [], []
    pos = 0
    for ch in text:
        n = len(ch.encode('utf-8'))
        if not ch.isspace():
            chars.append(ch)
            begins.append(pos)
            ends.append(pos + n)
        pos += n
    return ''.join(chars), begins, ends


def ref_spans(ref, data, path='text'):
    """Byte span of each reference sentence in the running text (in order, whitespace ignored)."""
    stream, begins, ends = nonspace_index(data)
    spans = []
    pos = 0
    for k, s in enumerate(ref):
        key = ''.join(s.split())
        i = stream.find(key, pos)
        if i < 0:
            raise ValueError('%s: reference sentence %d not found after byte %d: %r'
                             % (path, k, begins[pos] if pos < len(begins) else len(data), s[:60]))
        spans.append((begins[i], ends[i + len(key) - 1]))
        pos = i + len(key)
    return spans, begins


def seg_to_ref(seg, spans, nonspace_begins):
    """For each tmkit sentence, the reference sentences it overlaps by >= 1 non-space char."""
    ref_ends = [re_ for _, re_ in spans]
    out = []
    for b, e, _ in seg:
        hit = []
        for k in range(bisect.bisect_right(ref_ends, b), len(spans)):
            rb, re_ = spans[k]
            if rb >= e:
                break
            lo, hi = max(b, rb), min(e, re_)
            if lo >= hi:
                continue
            # at least one non-space character starts inside [lo, hi)
            i = bisect.bisect_left(nonspace_begins, lo)
            if i < len(nonspace_begins) and nonspace_begins[i] < hi:
                hit.append(k)
        out.append(hit)
    return out


# ----------------------------------------------------------------------------- mapping
def map_links(links, smap, tmap, n_src, n_tgt):
    """tmkit links -> merged links over reference sentences (docstring, steps 4-5)."""
    mapped = []
    for s, t in links:
        for k in list(s) + list(t):
            if k < 0:
                raise ValueError('negative sentence index in links')
        try:
            ms = sorted({r for k in s for r in smap[k]})
            mt = sorted({r for k in t for r in tmap[k]})
        except IndexError:
            raise ValueError('a link names sentence %r:%r beyond the %d/%d sentences of '
                             'tmkit segment' % (list(s), list(t), len(smap), len(tmap)))
        if ms or mt:
            mapped.append((ms, mt))
    # union-find over mapped links, joined through shared reference sentences
    parent = list(range(len(mapped)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    owner_s, owner_t = {}, {}
    for i, (ms, mt) in enumerate(mapped):
        for r in ms:
            if r in owner_s:
                parent[find(i)] = find(owner_s[r])
            else:
                owner_s[r] = i
        for r in mt:
            if r in owner_t:
                parent[find(i)] = find(owner_t[r])
            else:
                owner_t[r] = i
    groups = {}
    for i, (ms, mt) in enumerate(mapped):
        g = groups.setdefault(find(i), (set(), set()))
        g[0].update(ms)
        g[1].update(mt)
    out = [(sorted(a), sorted(b)) for a, b in groups.values()]
    covered_s = {r for a, _ in out for r in a}
    covered_t = {r for _, b in out for r in b}
    out += [([r], []) for r in range(n_src) if r not in covered_s]
    out += [([], [r]) for r in range(n_tgt) if r not in covered_t]

    # order by position: the first source sentence, or for 0-1 links the target's neighbourhood
    out.sort(key=lambda l: (min(l[0]) if l[0] else _tgt_anchor(l[1][0], out),
                            min(l[1]) if l[1] else -1))
    return out


def _tgt_anchor(t, links):
    """Sort key for a 0-1 link: just before the source of the link holding target t+1."""
    best = None
    for a, b in links:
        if a and b and min(b) > t:
            if best is None or min(b) < best[0]:
                best = (min(b), min(a))
    return (best[1] - 0.5) if best else float('inf')


def cmd_map(a):
    sref, tref = read_ref(a.src_ref), read_ref(a.tgt_ref)
    with open(a.src_text, 'rb') as f:
        sdata = f.read()
    with open(a.tgt_text, 'rb') as f:
        tdata = f.read()
    sspans, snb = ref_spans(sref, sdata, a.src_text)
    tspans, tnb = ref_spans(tref, tdata, a.tgt_text)
    sseg, tseg = read_seg(a.src_seg), read_seg(a.tgt_seg)
    smap = seg_to_ref(sseg, sspans, snb)
    tmap = seg_to_ref(tseg, tspans, tnb)
    links = read_links(a.links)
    out = map_links(links, smap, tmap, len(sref), len(tref))
    text = ''.join('%s:%s\n' % (list(x), list(y)) for x, y in out)
    if a.out:
        with open(a.out, 'w', encoding='utf-8') as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if a.stats:
        st = {
            'ref_src': len(sref), 'ref_tgt': len(tref),
            'tmkit_src': len(sseg), 'tmkit_tgt': len(tseg),
            'src_split': sum(1 for r in range(len(sref)) if sum(r in m for m in smap) > 1),
            'tgt_split': sum(1 for r in range(len(tref)) if sum(r in m for m in tmap) > 1),
            'src_joined': sum(1 for m in smap if len(m) > 1),
            'tgt_joined': sum(1 for m in tmap if len(m) > 1),
            'tmkit_links': len(links), 'mapped_links': len(out),
        }
        print(json.dumps(st), file=sys.stderr)
    return 0


def cmd_join(a):
    ref = read_ref(a.inp)
    with open(a.out, 'w', encoding='utf-8') as f:
        f.write(' '.join(ref) + '\n')
    return 0


def cmd_sents(a):
    seg = read_seg(a.seg)
    with open(a.text, 'rb') as f:
        data = f.read()
    lines, prev = [], None
    for b, e, p in seg:
        s = ' '.join(data[b:e].decode('utf-8', 'replace').split())
        if not s:
            s = '.'  # keep the index: an empty line would read as a paragraph break
        if prev is not None and p != prev:
            lines.append('')
        lines.append(s)
        prev = p
    with open(a.out, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    return 0


# ----------------------------------------------------------------------------- summary table
def fmt(x, nd=3):
    return ('%.*f' % (nd, x)) if isinstance(x, (int, float)) else 'n/a'


def cmd_table(a):
    rows = []
    with open(a.results, encoding='utf-8') as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
    speed = {}
    sets = []
    res = {}
    for r in rows:
        if r.get('kind') == 'speed':
            speed[r['system']] = speed.get(r['system'], {})
            speed[r['system']][r['what']] = r
            continue
        if r['set'] not in sets:
            sets.append(r['set'])
        res[(r['set'], r['system'])] = r
    systems = ['tmkit', 'gc', 'gc-c']
    W = 22
    print()
    print('Alignment quality: F1 (strict / lax), micro-averaged over the documents of a set; '
          'ratio = tmkit F1 / the better Gale-Church F1')
    hdr = '%-*s %5s %6s | %-13s | %-13s | %-13s | %-13s' % (
        W, 'set', 'docs', 'gold', 'tmkit', 'G&C c=1', 'G&C c=est', 'ratio')
    print(hdr)
    print('%-*s %5s %6s | %-13s | %-13s | %-13s | %-13s' % (
        W, '', '', 'links', 'strict   lax', 'strict   lax', 'strict   lax', 'strict   lax'))
    print('-' * len(hdr))
    summary = {}
    for s in sets:
        cells = []
        docs = gold = None
        f1 = {}
        for sy in systems:
            r = res.get((s, sy))
            if r is None:
                cells.append('%-13s' % '-')
                continue
            docs = r.get('docs', docs)
            gold = r.get('n_gold_links', gold)
            if r.get('error'):
                cells.append('%-13s' % ('error'))
                continue
            mark = '*' if r.get('failed') else ' '
            f1[sy] = (r['f1_strict'], r['f1_lax'])
            cells.append('%s %s%s' % (fmt(r['f1_strict']), fmt(r['f1_lax']), mark))
        ratio = '-'
        gcs = [f1[k] for k in ('gc', 'gc-c') if k in f1]
        if 'tmkit' in f1 and gcs:
            bs = max(g[0] for g in gcs)
            bl = max(g[1] for g in gcs)
            ratio = '%-8s %s' % ('%.2f' % (f1['tmkit'][0] / bs) if bs else '-',
                                 '%.2f' % (f1['tmkit'][1] / bl) if bl else '-')
        print('%-*s %5s %6s | %-13s | %-13s | %-13s | %-13s' % (
            W, s, docs if docs is not None else '', gold if gold is not None else '',
            cells[0], cells[1], cells[2], ratio))
        summary[s] = {sy: {'f1_strict': round(v[0], 4), 'f1_lax': round(v[1], 4)}
                      for sy, v in f1.items()}
    print('-' * len(hdr))
    print('Published figures on Text+Berg test (strict F1, quoted from the issue, not run here):')
    for name, v in (('hunalign, no dictionary (measured by the project\'s authors)', 0.751),
                    ('Gale-Church', 0.68), ('Bleualign with MT', 0.81),
                    ('vecalign with embeddings', 0.90)):
        print('  %-62s %.3f' % (name, v))
    if any(r.get('failed') for r in res.values()):
        print('* some documents failed (see the log); they count as unaligned')
    if speed:
        print()
        print('Speed: seconds per 1,000 sentence pairs (source sentences); wall time of the '
              'processes, start-up included')
        print('%-56s %7s %8s %8s %9s' % ('run', 'pairs', 'wall s', 's/1000', 'peak RSS'))
        for sy in systems:
            for what, r in sorted(speed.get(sy, {}).items()):
                per = r['wall'] / r['pairs'] * 1000 if r['pairs'] else float('nan')
                rss = ('%.0f MB' % (r['rss_kb'] / 1024)) if r.get('rss_kb') else 'n/a'
                print('%-56s %7d %8.2f %8.3f %9s' % ('%s: %s' % (sy, what), r['pairs'],
                                                       r['wall'], per, rss))
                summary.setdefault('speed', {}).setdefault(sy, {})[what] = {
                    'pairs': r['pairs'], 'wall_s': round(r['wall'], 3),
                    's_per_1000': round(per, 4), 'peak_rss_kb': r.get('rss_kb')}
        for what in sorted(set(w for sy in speed for w in speed[sy])):
            t = speed.get('tmkit', {}).get(what)
            for g in ('gc', 'gc-c'):
                b = speed.get(g, {}).get(what)
                if t and b and t['wall'] > 0:
                    print('  %s: Gale-Church (%s) wall / tmkit wall = %.1f'
                          % (what, g, b['wall'] / t['wall']))
    if a.json_extra:
        summary.update(json.loads(a.json_extra))
    print()
    print(json.dumps(dict({'bench': 'align'}, **summary), sort_keys=False))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest='cmd', required=True)
    p = sub.add_parser('join')
    p.add_argument('inp')
    p.add_argument('out')
    p = sub.add_parser('map')
    for side in ('src', 'tgt'):
        p.add_argument('--%s-ref' % side, required=True, help='reference sentences, one a line')
        p.add_argument('--%s-text' % side, required=True, help='the running text tmkit read')
        p.add_argument('--%s-seg' % side, required=True, help='tmkit segment --json output')
    p.add_argument('--links', required=True, help='tmkit align --links output')
    p.add_argument('-o', '--out')
    p.add_argument('--stats', action='store_true')
    p = sub.add_parser('sents')
    p.add_argument('seg')
    p.add_argument('text')
    p.add_argument('out')
    p = sub.add_parser('table')
    p.add_argument('results')
    p.add_argument('--json-extra', help='JSON object merged into the final line')
    a = ap.parse_args()
    try:
        return {'join': cmd_join, 'map': cmd_map, 'sents': cmd_sents, 'table': cmd_table}[a.cmd](a)
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as e:
        print('align_eval.py %s: %s' % (a.cmd, e), file=sys.stderr)
        return 1


if __name__ == '__main__':
    sys.exit(main())
