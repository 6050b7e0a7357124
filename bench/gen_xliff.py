#!/usr/bin/python3
"""Write an XLIFF 2.1 file of N segments drawn from a generated TMX, for pretranslate benchmarks.

Usage:
  /usr/bin/python3 bench/gen_xliff.py TM.tmx OUT.xlf [-n 50000] [--seed 1] [--units 200000]

The TMX is the one bench/gen_tmx.py writes (en->uk). The first --units units are read; from
their English sources the file gets, in a fixed random order:
  40 %  exact   a source as it is (a 100 % match exists)
  30 %  fuzzy   a source with one word dropped and, when it has a number, the number changed
  30 %  new     a source's words shuffled (little or nothing to match at 75 %)
Each segment is one <unit><segment> with a <source> only (srcLang en, trgLang uk), so every
segment is a candidate for pre-translation. The same inputs and seed give the same file.
Prints a JSON summary on stdout.
"""
import argparse, json, random, re, sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

ap = argparse.ArgumentParser()
ap.add_argument("tmx")
ap.add_argument("out")
ap.add_argument("-n", type=int, default=50000)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--units", type=int, default=200000)
a = ap.parse_args()

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
sources = []
for _, el in ET.iterparse(a.tmx, events=("end",)):
    if el.tag != "tu":
        continue
    for tuv in el.findall("tuv"):
        if (tuv.get(XML_LANG) or tuv.get("lang") or "").lower().startswith("en"):
            seg = tuv.find("seg")
            text = "".join(seg.itertext()) if seg is not None else ""
            if len(text.split()) >= 3:
                sources.append(text)
            break
    el.clear()
    if len(sources) >= a.units:
        break
if not sources:
    sys.exit("gen_xliff.py: no English sources in " + a.tmx)

rng = random.Random(a.seed)
kinds = {"exact": 0, "fuzzy": 0, "new": 0}
with open(a.out, "w", encoding="utf-8") as out:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" '
              'srcLang="en" trgLang="uk">\n <file id="f1">\n')
    for i in range(a.n):
        src = rng.choice(sources)
        r = rng.random()
        words = src.split()
        if r < 0.4:
            kind, text = "exact", src
        elif r < 0.7:
            kind = "fuzzy"
            del words[rng.randrange(len(words))]
            text = " ".join(words)
            text = re.sub(r"\d+", lambda m: str(int(m.group()) + 7), text, count=1)
        else:
            kind = "new"
            rng.shuffle(words)
            text = " ".join(words)
        kinds[kind] += 1
        out.write('  <unit id="u%d"><segment id="s%d"><source>%s</source></segment></unit>\n'
                  % (i + 1, i + 1, escape(text)))
    out.write(" </file>\n</xliff>\n")
print(json.dumps({"segments": a.n, "pool": len(sources), **kinds}))
