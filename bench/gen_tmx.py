#!/usr/bin/python3
"""Write a realistic, deterministic en->uk TMX 1.4 of N units plus a query set, for tmkit benchmarks.

Usage:
  /usr/bin/python3 bench/gen_tmx.py OUT.tmx [-n 1000000] [--seed 1] [--queries 1000]
                                    [--stats-json FILE] [--ntrex DIR] [--mo-dir DIR]

Writes, streaming (never more than one buffer of units in memory):
  OUT.tmx                 TMX 1.4, UTF-8, <!DOCTYPE tmx SYSTEM "tmx14.dtd">, srclang="en"
  OUT.queries.txt         one English query a line (plain text, no inline codes)
  OUT.queries.tsv         id, kind, unit_kind, tuid, query, original (header row first)
and prints a JSON summary on stdout (also to --stats-json FILE when given).
The same seed, N, generator version and source data give byte-identical output.

Where the text comes from (all read at run time, nothing is copied into the repository):
  * News sentence pairs: NTREX-128, the even-numbered documents kept in
    /work/shared/data/align/ntrex128-even/{eng,ukr}/NNN.txt (line k of eng = line k of ukr;
    document ids in index.tsv). 1,007 professionally translated sentences, avg 21 words.
    Licence: CC BY-SA 4.0 (Microsoft, Federmann et al. 2022, WMT19 sources).
  * Software UI pairs: the gettext catalogs /usr/share/locale/uk/LC_MESSAGES/*.mo of the installed
    Debian packages (licences of the respective packages: mostly GPL/LGPL), parsed directly
    from the .mo binary format. Context prefixes are dropped, plural entries give their first
    form, untranslated/identical/multi-line entries and sources shorter than 2 chars are skipped.
    The set therefore depends on the installed packages; its fingerprint ("pool_sha1") is
    printed and stored in the header so that runs on different machines can be told apart.

How units are made (real text, recombined so that every unit's source is unique, compared as
NFKC + case fold + folded whitespace, the way tmkit builds match keys):
  ui     one UI string (each used once)                                   ~5 words
  ui2    two UI full sentences joined with a space (en+en, uk+uk, same order), biased to short ones
  news   one news sentence: first every original once, then variants whose numbers are changed
         (at most --max-variants per sentence, to keep near-duplicate clusters realistic)
  news2  two news sentences joined (neighbours in a document first, then any two), numbers
         sometimes changed, biased to shorter pairs
At 1M units (seed 1) this gives ui 5.5%, ui2 65.5%, news 0.4%, news2 28.6% of the units (news is
51% of the source words), 19.4 words / 120 chars per source on average, 603 MB, ~45 s.
The real pools are small (806 news sentences after hold-out, 54,887 UI strings, 2,751 of them
full sentences), so at 1M every news sentence occurs in ~700 joined units: realistic tokens and
lengths, but far more partial overlap than a real memory of that size.
A number is only changed when the same value occurs exactly once in the English and once in the
Ukrainian sentence; the new value keeps the English and Ukrainian plural category and is written
per language: 11,000 / 2.5 in English, 11<U+00A0>000 / 2,5 in Ukrainian (4-digit numbers and
years ungrouped, as in the NTREX references). Kinds whose pool runs out fall back to ui2/news2.
About 5% of units carry inline codes (<bpt>/<ept> bold or italic around a shared token or the
whole segment, <ph> line break between joined sentences, <ph> image); some carry props, notes,
usagecount/lastusagedate; every unit has tuid, creationdate, creationid, changedate.

Queries (default 1,000; half held out, half edited copies of stored sources):
  heldout-news / heldout-ui   sentences removed from the pools before generation, so they are
                              never written to the TMX (40% news, 60% UI)
  edit-word / edit-number / edit-clause
                              a stored source (sampled uniformly over the TMX) with one word
                              replaced, one number changed, or one comma-delimited clause dropped
No query is identical (as a match key) to any stored source.

Only the Python standard library is used. Run with /usr/bin/python3 (any Python >= 3.9 works).
"""
import argparse
import glob
import hashlib
import json
import os
import random
import re
import struct
import sys
import time
import unicodedata

GEN_VERSION = "1"
DEFAULT_NTREX = "/work/shared/data/align/ntrex128-even"
DEFAULT_MO_DIR = "/usr/share/locale/uk/LC_MESSAGES"
NBSP = "\u00a0"

# Probability of each unit kind before capacity fallbacks (ui -> ui2, news -> news2).
MIX = (("ui", 0.06), ("news", 0.04), ("news2", 0.25), ("ui2", 0.65))
INLINE_RATE = 0.05

CTRL = re.compile(r"[\x00-\x1f\x7f\ufffe\uffff]")
WS = re.compile(r"\s+")


# --------------------------------------------------------------------------- sources

def read_mo(path):
    """Return [(msgid bytes, msgstr bytes)] from a GNU .mo file (either byte order)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 20:
        raise ValueError("%s: too short for a .mo file" % path)
    magic = struct.unpack("<I", data[:4])[0]
    if magic == 0x950412DE:
        e = "<"
    elif magic == 0xDE120495:
        e = ">"
    else:
        raise ValueError("%s: not a .mo file (magic %08x)" % (path, magic))
    _rev, n, orig_off, trans_off = struct.unpack(e + "4I", data[4:20])
    out = []
    for i in range(n):
        ln, off = struct.unpack(e + "2I", data[orig_off + 8 * i: orig_off + 8 * i + 8])
        msgid = data[off: off + ln]
        ln, off = struct.unpack(e + "2I", data[trans_off + 8 * i: trans_off + 8 * i + 8])
        out.append((msgid, data[off: off + ln]))
    return out


def load_ui(mo_dir):
    """Unique (by match key) en->uk UI string pairs: [(en, uk, catalog)], sorted by file order."""
    pairs, seen = [], set()
    for path in sorted(glob.glob(os.path.join(mo_dir, "*.mo"))):
        catalog = os.path.basename(path)[:-3]
        try:
            entries = read_mo(path)
        except (OSError, ValueError, struct.error) as exc:
            print("gen_tmx: skipping %s: %s" % (path, exc), file=sys.stderr)
            continue
        charset = "utf-8"
        for k, v in entries:
            if k == b"":
                m = re.search(rb"charset=([-\w]+)", v)
                if m:
                    charset = m.group(1).decode("ascii")
        for k, v in entries:
            if k == b"":
                continue
            k = k.split(b"\x04")[-1].split(b"\0")[0]   # drop msgctxt, take msgid (singular)
            v = v.split(b"\0")[0]                       # first plural form
            try:
                en, uk = k.decode(charset), v.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
            if en.endswith("\n") and uk.endswith("\n"):
                en, uk = en[:-1], uk[:-1]
            en, uk = en.strip(" "), uk.strip(" ")
            if len(en) < 2 or not uk.strip() or en == uk:
                continue
            if CTRL.search(en) or CTRL.search(uk):
                continue
            key = match_key(en)
            if key in seen:
                continue
            seen.add(key)
            pairs.append((en, uk, catalog))
    return pairs


def load_news(ntrex_dir):
    """[(en, uk, docid)] from NTREX per-document files, de-duplicated by match key."""
    docids = {}
    idx = os.path.join(ntrex_dir, "index.tsv")
    if os.path.exists(idx):
        with open(idx, encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 2 and cols[0] != "n":
                    docids[cols[0]] = cols[1]
    out, seen = [], set()
    for path in sorted(glob.glob(os.path.join(ntrex_dir, "eng", "*.txt"))):
        n = os.path.basename(path)[:-4]
        upath = os.path.join(ntrex_dir, "ukr", n + ".txt")
        with open(path, encoding="utf-8") as f:
            en = f.read().splitlines()
        with open(upath, encoding="utf-8") as f:
            uk = f.read().splitlines()
        if len(en) != len(uk):
            print("gen_tmx: skipping %s: %d English vs %d Ukrainian lines" % (n, len(en), len(uk)),
                  file=sys.stderr)
            continue
        for e, u in zip(en, uk):
            e, u = e.strip(), u.strip()
            if not e or not u or CTRL.search(e) or CTRL.search(u):
                continue
            key = match_key(e)
            if key in seen:
                continue
            seen.add(key)
            out.append((e, u, docids.get(n, "ntrex-" + n)))
    return out


# --------------------------------------------------------------------------- helpers

def match_key(s):
    return WS.sub(" ", unicodedata.normalize("NFKC", s).casefold()).strip()


def key_hash(s):
    return int.from_bytes(hashlib.blake2b(match_key(s).encode("utf-8"), digest_size=8).digest(), "big")


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def esc_attr(s):
    return esc(s).replace('"', "&quot;")


def tmx_date(t):
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(t))


# --------------------------------------------------------------------------- numbers

# A number token not glued to letters, other numbers, ranges (1950-53), times (7.55, 15:00) or
# fractions; en groups with commas, uk with no-break spaces.
EN_NUM = re.compile(r"(?<![\w.,\-\u2013/:])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w]|[.,:/\-\u2013]\d)")
UK_NUM = re.compile(r"(?<![\w.,\-\u2013/:\u00a0\u202f])(\d{1,3}(?:[\u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?"
                    r"(?![\w]|[.:/\-\u2013]\d|[\u00a0\u202f]\d)")


def _numbers(rx, s):
    out = []
    for m in rx.finditer(s):
        ip = re.sub(r"\D", "", m.group(1))
        fp = m.group(2) or ""
        if len(ip) > 1 and ip.startswith("0"):
            continue                    # phone numbers, codes: leave alone
        out.append(((int(ip), fp), m.start(), m.end(), m.group(1)))
    return out


def is_year(v, frac, tok):
    return not frac and len(tok) == 4 and 1900 <= v <= 2030


def en_cat(v, frac):
    return "one" if (v == 1 and not frac) else "other"


def uk_cat(v, frac):
    if frac:
        return "other"
    if v % 10 == 1 and v % 100 != 11:
        return "one"
    if 2 <= v % 10 <= 4 and not 12 <= v % 100 <= 14:
        return "few"
    return "many"


def fmt_en(v, frac, grouped):
    s = "{:,}".format(v) if grouped else str(v)
    return s + "." + frac if frac else s


def fmt_uk(v, frac):
    s = str(v)
    if len(s) >= 5:
        s = "{:,}".format(v).replace(",", NBSP)
    return s + "," + frac if frac else s


MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
         r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
MONTH_BEFORE = re.compile(MONTH + r"\.? $")
MONTH_AFTER = re.compile(r"^(?:st|nd|rd|th)? (?:of )?" + MONTH + r"\b")


def is_day(s, a, b, v):
    return 1 <= v <= 31 and bool(MONTH_BEFORE.search(s[max(0, a - 12):a]) or MONTH_AFTER.match(s[b:b + 16]))


class Slot:
    __slots__ = ("v", "frac", "year", "en_grouped", "day")

    def __init__(self, v, frac, year, en_grouped, day=False):
        self.v, self.frac, self.year, self.en_grouped, self.day = v, frac, year, en_grouped, day

    def draw(self, rng):
        """A plausible new (value, frac): same plural categories, same magnitude and roundness
        (32 -> 16..51, 3,000 -> 1,000..4,000, 2.8 -> 1.4..5.6, years within -30/+12), or None."""
        for _ in range(40):
            frac = self.frac
            if self.year:
                v = rng.randint(max(1900, self.v - 30), min(2030, self.v + 12))
            elif frac:
                scale = 10 ** len(frac)
                x = self.v * scale + int(frac)
                v, f = divmod(rng.randint(max(1, x // 2), max(x * 2, x + 5)), scale)
                frac = str(f).zfill(len(frac))
            elif self.day:
                v = rng.randint(1, 28)
            elif self.v < 10:
                v = rng.randint(2, 9)
            else:
                s = str(self.v)
                unit = 10 ** min(len(s) - len(s.rstrip("0")), len(s) - 1)
                lo = max(1, self.v // 2 // unit)
                v = rng.randint(lo, max(lo + 1, self.v * 16 // 10 // unit)) * unit
            if (v, frac) == (self.v, self.frac):
                continue
            if en_cat(v, frac) != en_cat(self.v, self.frac) or uk_cat(v, frac) != uk_cat(self.v, self.frac):
                continue
            return v, frac
        return None

    def fmt(self, v, frac):
        grouped = self.en_grouped or (not self.year and len(str(v)) >= 5)
        en = fmt_en(v, frac, grouped and not self.year)
        uk = str(v) if self.year else fmt_uk(v, frac)
        return en, uk


class Pair:
    """A real sentence pair; variable numbers (if any) are cut out as slots."""
    __slots__ = ("en", "uk", "origin", "en_parts", "uk_parts", "uk_order", "slots", "words", "used")

    def __init__(self, en, uk, origin):
        self.en, self.uk, self.origin = en, uk, origin
        self.words = len(en.split())
        self.used = 0
        self.slots = []
        self.en_parts = self.uk_parts = self.uk_order = None
        a, b = _numbers(EN_NUM, en), _numbers(UK_NUM, uk)
        ca, cb = {}, {}
        for x in a:
            ca[x[0]] = ca.get(x[0], 0) + 1
        for x in b:
            cb[x[0]] = cb.get(x[0], 0) + 1
        keep = [x for x in a if ca[x[0]] == 1 and cb.get(x[0]) == 1]
        slots, en_spans, uk_spans = [], [], []
        for val, s, e, tok in keep:
            v, frac = val
            slot = Slot(v, frac, is_year(v, frac, tok), "," in tok, is_day(en, s, e, v))
            if en_cat(v, frac) == "one":
                continue
            uk_hit = next(x for x in b if x[0] == val)
            slots.append(slot)
            en_spans.append((s, e))
            uk_spans.append((uk_hit[1], uk_hit[2], len(slots) - 1))
        if not slots:
            return
        self.slots = slots
        self.en_parts = _cut(en, en_spans)
        uk_spans.sort()
        self.uk_parts = _cut(uk, [(s, e) for s, e, _ in uk_spans])
        self.uk_order = [i for _, _, i in uk_spans]

    def vary(self, rng):
        """(en, uk) with every variable number redrawn (at least one changed), or None."""
        vals = []
        changed = False
        for slot in self.slots:
            nv = slot.draw(rng) if (rng.random() < 0.7 or not changed) else None
            if nv is None:
                nv = (slot.v, slot.frac)
            else:
                changed = True
            vals.append(slot.fmt(*nv))
        if not changed:
            return None
        en = [self.en_parts[0]]
        for i, (e, _) in enumerate(vals):
            en.append(e)
            en.append(self.en_parts[i + 1])
        uk = [self.uk_parts[0]]
        for j, i in enumerate(self.uk_order):
            uk.append(vals[i][1])
            uk.append(self.uk_parts[j + 1])
        return "".join(en), "".join(uk)


def _cut(s, spans):
    parts, pos = [], 0
    for a, b in spans:
        parts.append(s[pos:a])
        pos = b
    parts.append(s[pos:])
    return parts


# --------------------------------------------------------------------------- query edits

WORD = re.compile(r"[A-Za-z][a-z'\-]{2,}")
CLAUSE = re.compile(r"^[\w'’\- ]+$")   # one plain clause: no quotes, no sentence end
STOP = {"the", "and", "for", "that", "with", "this", "from", "are", "was", "were", "has", "have",
        "not", "but", "you", "his", "her", "its", "they", "their"}


def edit_word(s, rng, vocab):
    cands = [m for m in WORD.finditer(s) if m.group(0).lower() not in STOP]
    if len(s.split()) < 4 or not cands:
        return None
    m = rng.choice(cands)
    for _ in range(20):
        w = rng.choice(vocab)
        if w != m.group(0).lower():
            break
    else:
        return None
    if m.group(0)[0].isupper():
        w = w[0].upper() + w[1:]
    return s[:m.start()] + w + s[m.end():]


def edit_number(s, rng):
    nums = [x for x in _numbers(EN_NUM, s)]
    if not nums:
        return None
    (v, frac), a, b, tok = rng.choice(nums)
    slot = Slot(v, frac, is_year(v, frac, tok), "," in tok, is_day(s, a, b, v))
    for _ in range(20):
        nv = slot.draw(rng)
        if nv is not None:
            return s[:a] + slot.fmt(*nv)[0] + s[b:]
    return None


def edit_clause(s, rng):
    """Drop one comma-delimited clause of >= 2 words, keeping >= 4 words."""
    cuts = [m.start() for m in re.finditer(r", ", s)]
    if not cuts:
        return None
    total = len(s.split())
    options = []
    bounds = [-2] + cuts + [len(s)]
    for i in range(1, len(bounds) - 1):         # never the first clause: the rest would dangle
        a, b = bounds[i] + 2, bounds[i + 1]
        if i == len(bounds) - 2:                # final clause: keep the closing punctuation
            m = re.search(r"[.!?\"'»”]*$", s[a:b])
            b -= len(m.group(0))
        clause = s[a:b]
        n = len(clause.split())
        if not CLAUSE.match(clause) or n < 2 or total - n < 4 or n > total // 2 + 1:
            continue
        options.append(s[:a - 2] + s[b:])
    return rng.choice(options) if options else None


# --------------------------------------------------------------------------- generator

USERS = ["olena.kovalenko", "ihor.shevchuk", "marta.bondar", "andriy.melnyk", "oksana.tk",
         "translator02", "reviewer.kyiv", "mt-postedit"]
NEWS_PROJECTS = ["news-desk", "wire-2019", "world-weekly", "sport-feed", "business-daily"]
NOTES = ["Checked against the published article.", "Numbers verified by the editor.",
         "Client-approved wording.", "Name spelling per style guide.",
         "Imported from legacy memory.", "Review pending."]
COMMON = re.compile(r"(?<![\w\-])([A-Za-z][\w'’.\-]{2,}|\d[\d,.]*\d|\d)(?![\w\-])")


class Generator:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random("gen:%d" % args.seed)
        self.keys = set()
        self.counts = {k: 0 for k, _ in MIX}
        self.kind_words = {k: 0 for k, _ in MIX}
        self.inline = 0
        self.src_words = self.src_chars = self.tgt_chars = 0

    # -- pools -------------------------------------------------------------
    def load(self):
        a = self.args
        news = load_news(a.ntrex)
        ui = load_ui(a.mo_dir)
        if not news or not ui:
            sys.exit("gen_tmx: no source text (news: %d pairs from %s, UI: %d pairs from %s)"
                     % (len(news), a.ntrex, len(ui), a.mo_dir))
        h = hashlib.sha1()
        for e, u, o in news + ui:
            h.update(("%s\t%s\t%s\n" % (e, u, o)).encode("utf-8"))
        self.pool_sha1 = h.hexdigest()
        hr = random.Random("holdout:%d" % a.seed)
        n_held = a.queries // 2
        n_news = min(len(news) // 5, round(n_held * 0.4))
        n_ui = min(len(ui) // 5, n_held - n_news)
        held_news = set(hr.sample(range(len(news)), n_news))
        held_ui = set(hr.sample(range(len(ui)), n_ui))
        self.heldout = ([("heldout-news", news[i][0]) for i in sorted(held_news)]
                        + [("heldout-ui", ui[i][0]) for i in sorted(held_ui)])
        self.news = [Pair(e, u, o) for i, (e, u, o) in enumerate(news) if i not in held_news]
        self.ui = [Pair(e, u, o) for i, (e, u, o) in enumerate(ui) if i not in held_ui]
        self.pool_sizes = {"news_pairs": len(news), "ui_pairs": len(ui),
                           "heldout_news": n_news, "heldout_ui": n_ui}
        # ui2 draws from UI strings that are full sentences in both languages
        full = re.compile(r"^[A-Z][^%\n]*[a-z)][.!?]$")
        full_uk = re.compile(r"^[A-ZА-ЯІЇЄҐ«\"'][^%\n]*[.!?]$")
        self.ui_sent = [p for p in self.ui if p.words >= 3 and full.match(p.en) and full_uk.match(p.uk)]
        if len(self.ui_sent) < 2:
            self.ui_sent = list(self.ui)
        self.ui_short = [p for p in self.ui_sent if p.words <= 8] or self.ui_sent
        self.news_short = [p for p in self.news if p.words <= 16] or self.news
        self.news_docs = {}
        for i, p in enumerate(self.news):
            self.news_docs.setdefault(p.origin, []).append(i)
        self.adjacent = [(d[j], d[j + 1]) for d in self.news_docs.values() for j in range(len(d) - 1)]
        self.rng.shuffle(self.adjacent)
        self.ui_order = list(range(len(self.ui)))
        self.rng.shuffle(self.ui_order)
        self.news_order = list(range(len(self.news)))
        self.rng.shuffle(self.news_order)
        self.news_var = [p for p in self.news if p.slots]
        seen = {}
        for p in self.news + self.ui:           # replacement words: lower-case words seen twice
            for w in WORD.findall(p.en):
                if len(w) >= 4 and w.islower():
                    seen[w] = seen.get(w, 0) + 1
        self.vocab = sorted(w for w, c in seen.items() if c >= 2)

    # -- unit kinds --------------------------------------------------------
    def _take(self, en_parts, uk_parts, kind, origin):
        en = " ".join(en_parts)
        k = key_hash(en)
        if k in self.keys:
            return None
        self.keys.add(k)
        return en_parts, uk_parts, kind, origin

    def unit_ui(self):
        while self.ui_order:
            p = self.ui[self.ui_order.pop()]
            u = self._take([p.en], [p.uk], "ui", p.origin)
            if u:
                return u
        return None

    def unit_ui2(self):
        rng, pool = self.rng, self.ui_sent
        for attempt in range(200):
            short = attempt < 100 and rng.random() < 0.8     # bias to short sentences
            a = rng.choice(self.ui_short if short else pool)
            b = rng.choice(self.ui_short if short else pool)
            if a is b:
                continue
            u = self._take([a.en, b.en], [a.uk, b.uk], "ui2", a.origin)
            if u:
                return u
        return None

    def _news_text(self, p, vary):
        if vary and p.slots:
            v = p.vary(self.rng)
            if v:
                return v
        return p.en, p.uk

    def unit_news(self):
        while self.news_order:
            p = self.news[self.news_order.pop()]
            u = self._take([p.en], [p.uk], "news", p.origin)
            if u:
                return u
        rng, cap = self.rng, self.args.max_variants
        for _ in range(30):
            if not self.news_var:
                return None
            i = rng.randrange(len(self.news_var))
            p = self.news_var[i]
            v = p.vary(rng)
            if v is None:
                continue
            u = self._take([v[0]], [v[1]], "news", p.origin)
            if u:
                p.used += 1
                if p.used >= cap:
                    self.news_var[i] = self.news_var[-1]
                    self.news_var.pop()
                return u
        return None

    def unit_news2(self):
        rng = self.rng
        while self.adjacent:
            i, j = self.adjacent.pop()
            a, b = self.news[i], self.news[j]
            u = self._take([a.en, b.en], [a.uk, b.uk], "news2", a.origin)
            if u:
                return u
        for attempt in range(200):
            a = rng.choice(self.news)
            if rng.random() < 0.4:                       # same document: reads like a paragraph
                b = self.news[rng.choice(self.news_docs[a.origin])]
            else:
                b = rng.choice(self.news_short if attempt < 100 else self.news)
            if a is b:
                continue
            if rng.random() < 0.5:
                a, b = b, a
            vary = rng.random() < 0.3
            ae, au = self._news_text(a, vary)
            be, bu = self._news_text(b, vary)
            u = self._take([ae, be], [au, bu], "news2", a.origin)
            if u:
                return u
        return None

    def next_unit(self):
        r = self.rng.random()
        for kind, w in MIX:
            if r < w:
                break
            r -= w
        order = {"ui": ("ui", "ui2"), "ui2": ("ui2", "news2"),
                 "news": ("news", "news2"), "news2": ("news2", "ui2")}[kind]
        for k in order:
            u = getattr(self, "unit_" + k)()
            if u:
                return u
        raise SystemExit("gen_tmx: could not find a new unique unit; the pools are exhausted")

    # -- XML ---------------------------------------------------------------
    def segs(self, en_parts, uk_parts, kind):
        """XML-escaped <seg> content for en and uk, with inline codes for ~5% of units."""
        rng = self.rng
        if rng.random() >= INLINE_RATE:
            return esc(" ".join(en_parts)), esc(" ".join(uk_parts)), False
        en, uk = " ".join(en_parts), " ".join(uk_parts)
        r = rng.random()
        if len(en_parts) == 2 and r < 0.35:            # line break between joined sentences
            ph = '<ph x="1" type="lb">&lt;br/&gt;</ph>'
            return (esc(en_parts[0]) + " " + ph + esc(en_parts[1]),
                    esc(uk_parts[0]) + " " + ph + esc(uk_parts[1]), True)
        if r < 0.75:                                     # bold a token both sides share
            uk_tokens = set(m.group(1) for m in COMMON.finditer(uk))
            shared = [m for m in COMMON.finditer(en) if m.group(1) in uk_tokens]
            if shared:
                m = rng.choice(shared)
                tok = m.group(1)
                mu = next(x for x in COMMON.finditer(uk) if x.group(1) == tok)
                b = '<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>'
                e = '<ept i="1">&lt;/b&gt;</ept>'
                return (esc(en[:m.start(1)]) + b + esc(tok) + e + esc(en[m.end(1):]),
                        esc(uk[:mu.start(1)]) + b + esc(tok) + e + esc(uk[mu.end(1):]), True)
        if r < 0.9:                                      # italic around the whole segment
            b = '<bpt i="1" x="1" type="italic">&lt;i&gt;</bpt>'
            e = '<ept i="1">&lt;/i&gt;</ept>'
            return b + esc(en) + e, b + esc(uk) + e, True
        img = '<ph x="1" type="image">&lt;img src="icons/%s.png"/&gt;</ph>' % ("warn" if kind.startswith("ui") else "photo")
        return img + esc(en), img + esc(uk), True

    def tu_xml(self, n, unit):
        en_parts, uk_parts, kind, origin = unit
        rng = self.rng
        tuid = str(n)
        created = 1420070400 + rng.randrange(10 * 365 * 86400)          # 2015-01-01 .. 2024
        changed = created + (rng.randrange(400 * 86400) if rng.random() < 0.4 else 0)
        attrs = ['tuid="%s"' % tuid, 'creationdate="%s"' % tmx_date(created),
                 'creationid="%s"' % rng.choice(USERS), 'changedate="%s"' % tmx_date(changed)]
        if rng.random() < 0.1:
            attrs.append('usagecount="%d"' % rng.randint(1, 40))
            attrs.append('lastusagedate="%s"' % tmx_date(changed + rng.randrange(200 * 86400)))
        inner = []
        r = rng.random()
        if r < 0.12:
            if kind.startswith("news"):
                inner.append('<prop type="x-project">%s</prop>' % rng.choice(NEWS_PROJECTS))
                inner.append('<prop type="x-document">%s</prop>' % esc(origin))
            else:
                inner.append('<prop type="x-project">%s</prop>' % esc(origin))
            inner.append('<prop type="x-domain">%s</prop>' % ("news" if kind.startswith("news") else "software"))
        if rng.random() < 0.015:
            inner.append("<note>%s</note>" % esc(rng.choice(NOTES)))
        en_seg, uk_seg, coded = self.segs(en_parts, uk_parts, kind)
        if coded:
            self.inline += 1
        uk_attr = ""
        if changed != created and rng.random() < 0.5:
            uk_attr = ' changeid="%s" changedate="%s"' % (rng.choice(USERS), tmx_date(changed))
        en = " ".join(en_parts)
        self.counts[kind] += 1
        words = len(en.split())
        self.src_words += words
        self.kind_words[kind] += words
        self.src_chars += len(en)
        self.tgt_chars += sum(len(x) for x in uk_parts) + len(uk_parts) - 1
        return ('    <tu %s>\n%s      <tuv xml:lang="en"><seg>%s</seg></tuv>\n'
                '      <tuv xml:lang="uk"%s><seg>%s</seg></tuv>\n    </tu>\n'
                % (" ".join(attrs), "".join("      %s\n" % x for x in inner), en_seg, uk_attr, uk_seg))

    def header(self):
        a = self.args
        date = tmx_date(1735689600 + a.seed % 86400)   # fixed, so output is reproducible
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
                '<tmx version="1.4">\n'
                '  <header creationtool="tmkit-bench-gen_tmx" creationtoolversion="%s" segtype="sentence"'
                ' o-tmf="tmkit-bench" adminlang="en" srclang="en" datatype="plaintext"'
                ' creationdate="%s" creationid="gen_tmx">\n'
                '    <prop type="x-bench-units">%d</prop>\n'
                '    <prop type="x-bench-seed">%d</prop>\n'
                '    <prop type="x-bench-pool-sha1">%s</prop>\n'
                '    <note>Synthetic benchmark memory recombined from NTREX-128 (CC BY-SA 4.0) news'
                ' sentences and gettext UI catalogs; see bench/README.md.</note>\n'
                '  </header>\n  <body>\n' % (GEN_VERSION, date, a.units, a.seed, self.pool_sha1))

    # -- run ---------------------------------------------------------------
    def run(self):
        a = self.args
        t0 = time.perf_counter()
        self.load()
        n_edit = a.queries - len(self.heldout)
        qr = random.Random("queries:%d" % a.seed)
        watch = set(qr.sample(range(a.units), min(a.units, max(8 * n_edit, n_edit))))
        sampled = []
        tmp = a.out + ".part"
        with open(tmp, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as f:
            f.write(self.header())
            buf = []
            for i in range(a.units):
                unit = self.next_unit()
                buf.append(self.tu_xml(i + 1, unit))
                if i in watch:
                    sampled.append((str(i + 1), unit[2], " ".join(unit[0])))
                if len(buf) >= 2000:
                    f.write("".join(buf))
                    buf.clear()
                if a.progress and (i + 1) % 100000 == 0:
                    print("gen_tmx: %d units, %.1f s" % (i + 1, time.perf_counter() - t0), file=sys.stderr)
            f.write("".join(buf))
            f.write("  </body>\n</tmx>\n")
        queries = self.make_queries(sampled, n_edit, qr)
        base = a.out[:-4] if a.out.endswith(".tmx") else a.out
        with open(base + ".queries.txt.part", "w", encoding="utf-8", newline="\n") as ft, \
                open(base + ".queries.tsv.part", "w", encoding="utf-8", newline="\n") as fv:
            fv.write("id\tkind\tunit_kind\ttuid\tquery\toriginal\n")
            for n, (kind, ukind, tuid, q, orig) in enumerate(queries, 1):
                ft.write(q + "\n")
                fv.write("%d\t%s\t%s\t%s\t%s\t%s\n" % (n, kind, ukind, tuid, q, orig))
        os.replace(base + ".queries.txt.part", base + ".queries.txt")
        os.replace(base + ".queries.tsv.part", base + ".queries.tsv")
        os.replace(tmp, a.out)                      # last: the TMX exists only when all is done
        secs = time.perf_counter() - t0
        kinds = {}
        for q in queries:
            kinds[q[0]] = kinds.get(q[0], 0) + 1
        n = a.units
        return {
            "tmx": a.out, "units": n, "seed": a.seed, "generator_version": GEN_VERSION,
            "bytes": os.path.getsize(a.out), "seconds": round(secs, 2),
            "units_per_s": round(n / secs), "units_by_kind": self.counts,
            "avg_src_words": round(self.src_words / n, 2),
            "avg_src_words_by_kind": {k: round(self.kind_words[k] / max(1, c), 1) for k, c in self.counts.items()}, "avg_src_chars": round(self.src_chars / n, 1),
            "avg_tgt_chars": round(self.tgt_chars / n, 1), "inline_code_units": self.inline,
            "queries": len(queries), "queries_by_kind": kinds,
            "queries_txt": base + ".queries.txt", "queries_tsv": base + ".queries.tsv",
            "pool": self.pool_sizes, "pool_sha1": self.pool_sha1,
            "max_variants_per_news_sentence": a.max_variants,
        }

    def make_queries(self, sampled, n_edit, qr):
        """Held-out sentences plus edited copies of sampled stored sources (word/number/clause)."""
        out = []
        used = set()

        def fresh(q):
            if not q or "\t" in q or "\n" in q:
                return False
            k = key_hash(q)
            if k in self.keys or k in used:
                return False
            used.add(k)
            return True

        for kind, q in self.heldout:
            if fresh(q):
                out.append((kind, "-", "", q, ""))
        qr.shuffle(sampled)
        quota = {"edit-number": n_edit // 3, "edit-clause": n_edit // 3}
        quota["edit-word"] = n_edit - quota["edit-number"] - quota["edit-clause"]
        edits = {"edit-number": lambda s: edit_number(s, qr),
                 "edit-clause": lambda s: edit_clause(s, qr),
                 "edit-word": lambda s: edit_word(s, qr, self.vocab)}
        left = sampled
        for kind in ("edit-number", "edit-clause"):
            rest = []
            for tuid, ukind, src in left:
                if quota[kind] > 0:
                    q = edits[kind](src)
                    if q and fresh(q):
                        out.append((kind, ukind, tuid, q, src))
                        quota[kind] -= 1
                        continue
                rest.append((tuid, ukind, src))
            left = rest
        quota["edit-word"] += quota["edit-number"] + quota["edit-clause"]
        for tuid, ukind, src in left:
            if quota["edit-word"] <= 0:
                break
            q = edit_word(src, qr, self.vocab)
            if q and fresh(q):
                out.append(("edit-word", ukind, tuid, q, src))
                quota["edit-word"] -= 1
        qr.shuffle(out)
        return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="output TMX path (queries go beside it)")
    ap.add_argument("-n", "--units", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--queries", type=int, default=1000, help="number of queries (half held out)")
    ap.add_argument("--max-variants", type=int, default=64,
                    help="max number-changed variants of one news sentence (default 64)")
    ap.add_argument("--ntrex", default=DEFAULT_NTREX)
    ap.add_argument("--mo-dir", default=DEFAULT_MO_DIR)
    ap.add_argument("--stats-json", help="also write the summary JSON here")
    ap.add_argument("--progress", action="store_true", help="progress lines on stderr")
    a = ap.parse_args()
    if a.units < 1 or a.queries < 0:
        ap.error("--units must be >= 1 and --queries >= 0")
    d = os.path.dirname(os.path.abspath(a.out))
    os.makedirs(d, exist_ok=True)
    stats = Generator(a).run()
    js = json.dumps(stats, ensure_ascii=False)
    print(js)
    if a.stats_json:
        with open(a.stats_json, "w", encoding="utf-8") as f:
            f.write(js + "\n")


if __name__ == "__main__":
    main()
