// Sentence segmentation: ICU sentence breaks, then tmkit's rules on each
// candidate boundary (abbreviations, initials, numbering, quotes, ellipses,
// URLs), then paragraphs from plain text, Markdown or HTML. See
// doc/segment.md for the rules and the measured accuracy.
#include "tmkit/core/segment.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <utility>

#include "segment_lists.h"
#include "tmkit/core/language.h"
#include "tmkit/core/text.h"

namespace tmkit {
namespace {

using segment_internal::AbbrevKind;
using segment_internal::LanguageData;
using segment_internal::LanguageTables;
using segment_internal::LowerNoSpace;

// ---------------------------------------------------------------------------
// UTF-8 helpers.

int LineOf(std::string_view s, size_t byte) {
  return 1 + static_cast<int>(std::count(s.begin(), s.begin() + std::min(byte, s.size()), '\n'));
}

size_t ColumnOf(std::string_view s, size_t byte) {
  size_t line_start = s.rfind('\n', byte == 0 ? 0 : byte - 1);
  line_start = (line_start == std::string_view::npos || byte == 0) ? 0 : line_start + 1;
  size_t col = 1;
  for (size_t i = line_start; i < byte; ++i) col += (static_cast<uint8_t>(s[i]) & 0xC0) != 0x80;
  return col;
}

std::string Hex(uint8_t b) {
  static const char* kDigits = "0123456789ABCDEF";
  return std::string("0x") + kDigits[b >> 4] + kDigits[b & 15];
}

// ---------------------------------------------------------------------------
// Character classes.

bool IsSpace(UChar32 c) {
  return u_isUWhiteSpace(c) || c == 0xFEFF || c == 0x200B;
}
bool IsLineBreak(UChar32 c) {
  return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 ||
         c == 0x2029;
}
bool IsOpening(UChar32 c) {
  switch (c) {
    case '(': case '[': case '{': case '"': case '\'': case 0xAB: case 0x201E: case 0x201C:
    case 0x2018: case 0x201A: case 0x2039: case 0xBF: case 0xA1: case '`': case 0x300C:
    case 0x300E: case 0xFF08:
      return true;
    default:
      return false;
  }
}
bool IsClosing(UChar32 c) {
  switch (c) {
    case ')': case ']': case '}': case '"': case '\'': case 0xBB: case 0x201D: case 0x2019:
    case 0x203A: case 0x300D: case 0x300F: case 0xFF09: case '`':
      return true;
    default:
      return false;
  }
}
bool IsQuote(UChar32 c) {
  return c == '"' || c == '\'' || c == 0xAB || c == 0xBB || (c >= 0x2018 && c <= 0x201F) ||
         c == 0x2039 || c == 0x203A;
}
bool IsDash(UChar32 c) { return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212; }
bool IsBullet(UChar32 c) {
  switch (c) {
    case 0x2022: case 0x25E6: case 0x25AA: case 0x25AB: case 0x2023: case 0x2043:
    case 0x25CF: case 0x25CB: case 0x25A0: case 0x25A1: case 0x25BA: case 0x25B6:
    case 0x2219: case 0x27A2: case 0x2794: case 0x2713: case 0x2714:
      return true;
    default:
      return false;
  }
}
bool IsTerminal(UChar32 c) {
  return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x3002 || c == 0xFF0E ||
         c == 0xFF01 || c == 0xFF1F || c == 0x203C || c == 0x2047 || c == 0x2048 ||
         c == 0x2049 || c == 0x0964 || c == 0x061F || c == 0x06D4;
}

// ---------------------------------------------------------------------------
// The rule engine on one stretch of text (UTF-16).

struct Span {
  int32_t b = 0, e = 0;
  bool empty() const { return b >= e; }
};

enum class Case { kNone, kLower, kUpper, kDigit, kOther };

// Roman numeral value (1..3999) or 0.
int RomanValue(std::u16string_view s) {
  if (s.empty() || s.size() > 6) return 0;
  auto v = [](char16_t c) -> int {
    switch (c | 0x20) {
      case 'i': return 1;
      case 'v': return 5;
      case 'x': return 10;
      case 'l': return 50;
      case 'c': return 100;
      default: return 0;
    }
  };
  bool lower = s[0] >= 'a';
  int total = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    int a = v(s[i]);
    if (a == 0 || (s[i] >= 'a') != lower) return 0;
    int b = i + 1 < s.size() ? v(s[i + 1]) : 0;
    total += a < b ? -a : a;
  }
  return total > 0 ? total : 0;
}

// A list enumerator token: "1.", "2)", "(a)", "a.", "iv)", "1.)", with an
// optional bullet in front ("•", "⁃9.").
struct Enumerator {
  bool ok = false;
  int style = 0;  // opening paren, closer kind
  // Interpretations: kind (0 number, 1 letter, 2 roman) and value; a letter
  // also keeps its case in `style`.
  int kinds[3] = {-1, -1, -1};
  int values[3] = {0, 0, 0};
  bool bullet = false;
};

class Engine {
 public:
  Engine(const LanguageTables& t, const icu::UnicodeString& u)
      : t_(t), p_(reinterpret_cast<const char16_t*>(u.getBuffer())), n_(u.length()) {}

  // Sentence boundaries (offsets into the text), ICU's candidates filtered.
  std::vector<int32_t> Run(icu::BreakIterator* bi, const icu::UnicodeString& u);

 private:
  UChar32 At(int32_t i) const {
    UChar32 c;
    U16_GET(p_, 0, i, n_, c);
    return c;
  }
  UChar32 Before(int32_t i) const {
    UChar32 c;
    U16_PREV(p_, 0, i, c);
    return c;
  }
  int32_t Fwd(int32_t i) const {
    U16_FWD_1(p_, i, n_);
    return i;
  }
  int32_t Back(int32_t i) const {
    U16_BACK_1(p_, 0, i);
    return i;
  }
  std::u16string_view View(Span s) const {
    return std::u16string_view(p_ + s.b, static_cast<size_t>(s.e - s.b));
  }

  Span PrevToken(int32_t pos, int32_t floor) const;
  Span NextToken(int32_t pos) const;
  Span StripOpening(Span s) const;
  Case CaseOf(Span word) const;
  Case NextCase(Span next) const;
  std::u16string Key(Span word) const;  // lower-case word without outer punctuation
  std::u16string WordKey(Span word) const;  // Key without a possessive 's
  bool IsStarter(Span next) const;
  bool AllCaps(Span next) const;
  bool IsInitialToken(Span s) const;
  bool IsNumberToken(Span s) const;
  Enumerator ParseEnumerator(Span s) const;
  bool KeepBreak(int32_t pos, int32_t sentence_start) const;
  void ScanToken(Span tok, std::vector<int32_t>* forced, std::vector<Span>* no_break) const;
  void Quotations(std::vector<Span>* no_break) const;
  void Brackets(std::vector<Span>* no_break) const;
  void DialogueAndEllipsis(Span tok, Span prev_tok, std::vector<int32_t>* soft) const;

  const LanguageTables& t_;
  const char16_t* p_;
  int32_t n_;
};

Span Engine::PrevToken(int32_t pos, int32_t floor) const {
  int32_t e = pos;
  while (e > floor && IsSpace(Before(e))) e = Back(e);
  int32_t b = e;
  while (b > floor && !IsSpace(Before(b)) && e - b < 64) b = Back(b);
  return {b, e};
}

Span Engine::NextToken(int32_t pos) const {
  int32_t b = pos;
  while (b < n_ && IsSpace(At(b))) b = Fwd(b);
  int32_t e = b;
  while (e < n_ && !IsSpace(At(e)) && e - b < 64) e = Fwd(e);
  return {b, e};
}

Span Engine::StripOpening(Span s) const {
  while (s.b < s.e && (IsOpening(At(s.b)) || IsDash(At(s.b)) || IsBullet(At(s.b))))
    s.b = Fwd(s.b);
  return s;
}

Case Engine::CaseOf(Span w) const {
  w = StripOpening(w);
  if (w.empty()) return Case::kNone;
  UChar32 c = At(w.b);
  if (u_isdigit(c)) return Case::kDigit;
  if (u_isupper(c) || u_istitle(c)) return Case::kUpper;
  if (u_islower(c)) {
    // iPhone, eBay: a capital inside reads as a name, not a continuation.
    for (int32_t i = Fwd(w.b); i < w.e; i = Fwd(i)) {
      if (u_isupper(At(i))) return Case::kUpper;
    }
    return Case::kLower;
  }
  if (u_isalpha(c)) return Case::kOther;
  return Case::kNone;
}

// The case of the word after a boundary; a token of dashes or quotes alone
// ("– спросила") is skipped.
Case Engine::NextCase(Span next) const {
  Case c = CaseOf(next);
  if (c == Case::kNone && !next.empty()) {
    Span after = NextToken(next.e);
    Span stripped = StripOpening(next);
    if (stripped.empty() && !after.empty()) return CaseOf(after);
  }
  return c;
}

std::u16string Engine::Key(Span w) const {
  w = StripOpening(w);
  while (w.e > w.b && (u_ispunct(Before(w.e)) && Before(w.e) != '.')) w.e = Back(w.e);
  return LowerNoSpace(View(w));
}

std::u16string Engine::WordKey(Span w) const {
  std::u16string k = Key(w);
  while (!k.empty() && (k.back() == u'.' || u_ispunct(k.back()))) k.pop_back();
  if (k.size() > 2 && k[k.size() - 1] == u's' && (k[k.size() - 2] == u'\'' || k[k.size() - 2] == 0x2019))
    k.resize(k.size() - 2);
  return k;
}

bool Engine::IsStarter(Span next) const {
  Span w = StripOpening(next);
  while (w.e > w.b && u_ispunct(Before(w.e)) && Before(w.e) != '\'') w.e = Back(w.e);
  if (w.empty()) return false;
  return t_.starters.count(LowerNoSpace(View(w))) > 0;
}

bool Engine::AllCaps(Span next) const {
  Span w = StripOpening(next);
  int letters = 0;
  for (int32_t i = w.b; i < w.e; i = Fwd(i)) {
    UChar32 c = At(i);
    if (u_islower(c)) return false;
    if (u_isupper(c)) ++letters;
  }
  return letters >= 2;
}

// "A." / "Н." (a single capital letter and a period).
bool Engine::IsInitialToken(Span s) const {
  s = StripOpening(s);
  if (s.empty() || !u_isupper(At(s.b))) return false;
  int32_t i = Fwd(s.b);
  return i < s.e && At(i) == '.' && (Fwd(i) == s.e || u_ispunct(At(Fwd(i))));
}

bool Engine::IsNumberToken(Span s) const {
  s = StripOpening(s);
  if (s.empty()) return false;
  if (u_isdigit(At(s.b))) return true;
  std::u16string_view v = View(s);
  while (!v.empty() && (v.back() == ',' || v.back() == ')')) v.remove_suffix(1);
  return RomanValue(v) > 0 && v.size() > 1 && v[0] < 'a';  // XX ст., XIX в.
}

Enumerator Engine::ParseEnumerator(Span s) const {
  Enumerator en;
  while (s.b < s.e && IsBullet(At(s.b))) {
    s.b = Fwd(s.b);
    en.bullet = true;
  }
  std::u16string_view v = View(s);
  if (v.empty() || v.size() > 9) return en;
  bool open = v.front() == '(';
  if (open) v.remove_prefix(1);
  int closer = 0;
  if (v.size() >= 2 && v.substr(v.size() - 2) == u".)") {
    closer = 3;
    v.remove_suffix(2);
  } else if (!v.empty() && v.back() == ')') {
    closer = 1;
    v.remove_suffix(1);
  } else if (!v.empty() && v.back() == '.' && !open) {
    closer = 2;
    v.remove_suffix(1);
  }
  if (closer == 0 || v.empty()) return en;
  en.style = (open ? 1 : 0) | (closer << 1);
  int k = 0;
  if (std::all_of(v.begin(), v.end(), [](char16_t c) { return c >= '0' && c <= '9'; })) {
    if (v.size() > 3) return en;
    int value = 0;
    for (char16_t c : v) value = value * 10 + (c - '0');
    en.kinds[k] = 0;
    en.values[k++] = value;
  } else {
    bool ascii_letters = std::all_of(v.begin(), v.end(), [](char16_t c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    });
    if (!ascii_letters) return en;
    if (v.size() == 1) {
      en.kinds[k] = 1;
      en.values[k++] = (v[0] | 0x20) - 'a' + 1;
      en.style |= v[0] < 'a' ? 16 : 0;
    }
    if (int r = RomanValue(v); r > 0) {
      en.kinds[k] = 2;
      en.values[k++] = r;
      en.style |= v[0] < 'a' ? 16 : 0;
    }
    if (k == 0) return en;
  }
  en.ok = true;
  return en;
}

// Whether `b` follows `a` in one numbering scheme; narrows `b` to it.
bool Successor(const Enumerator& a, Enumerator* b) {
  if (a.style != b->style) return false;
  for (int i = 0; i < 3 && a.kinds[i] >= 0; ++i) {
    for (int j = 0; j < 3 && b->kinds[j] >= 0; ++j) {
      if (a.kinds[i] == b->kinds[j] && a.values[i] + 1 == b->values[j]) {
        b->kinds[0] = b->kinds[j];
        b->values[0] = b->values[j];
        b->kinds[1] = b->kinds[2] = -1;
        return true;
      }
    }
  }
  return false;
}

bool Engine::KeepBreak(int32_t pos, int32_t start) const {
  Span prev = PrevToken(pos, start);
  if (prev.empty()) return false;  // nothing before it in this sentence
  Span next = NextToken(pos);
  if (next.empty()) return true;

  // Inside a run without spaces: URLs, e-mail addresses, domain names;
  // "Yahoo!Japan", "!Xũ", "[?][1]". A break stands before a letter of an
  // uncased script (거부했다.그러나) and between a period and a capital
  // (1,000.That); the rest is one word.
  if (prev.e == pos && next.b == pos) {
    std::u16string_view run(p_ + prev.b, static_cast<size_t>(next.e - prev.b));
    if (run.find(u"://") != run.npos || run.find(u"www.") != run.npos ||
        run.find(u'@') != run.npos) {
      return false;
    }
    UChar32 after = At(pos);
    bool uncased_letter = u_isalpha(after) && !u_isupper(after) && !u_islower(after);
    if (!uncased_letter) {
      int32_t k = pos;
      while (k > prev.b && IsClosing(Before(k))) k = Back(k);
      UChar32 term = k > prev.b ? Before(k) : 0;
      if (!(term == '.' && (u_isupper(after) || u_istitle(after)))) return false;
    }
  }
  // "[...]" and "[…]" mark an omission, not an end.
  {
    std::u16string_view pv = View(prev);
    while (!pv.empty() && (pv.back() == '"' || pv.back() == 0x201D || pv.back() == '\'' ||
                           pv.back() == 0x2019 || pv.back() == 0xBB)) {
      pv.remove_suffix(1);
    }
    if (pv.ends_with(u"[...]") || pv.ends_with(u"[\u2026]")) return false;
  }

  // The token's core: closing quotes/brackets after it and openers before it removed.
  Span core = prev;
  bool closed = false;
  while (core.e > core.b && IsClosing(Before(core.e))) {
    core.e = Back(core.e);
    closed = true;
  }
  core = StripOpening(core);
  if (core.empty()) return true;

  const Case next_case = NextCase(next);
  // A sentence does not start with a lower-case word (Yahoo! in ..., alone! he
  // yelled, "...great." she said, ... well, what).
  if (next_case == Case::kLower) return false;

  UChar32 last = Before(core.e);
  // A parenthesis opening with a relative pronoun right after a quoted
  // sentence comments on it and stays with it: `…the house!' (Which was very
  // likely true.)`. Any other parenthesis there is a sentence of its own.
  if (closed && IsTerminal(last) && IsQuote(Before(prev.e)) && At(next.b) == '(' &&
      t_.relatives.count(WordKey(Span{Fwd(next.b), next.e}))) {
    return false;
  }
  // A spaced ellipsis (". . ."): three dots inside a sentence are an omission
  // (`the thing is . . . I didn't mean it`) and so are three dots that open a
  // sentence (`. . . The practice`, after `compounds.`, see Run); four dots
  // are an ellipsis and a period and end the sentence.
  if (core.e - core.b == 1 && last == '.' && !closed) {
    int dots = 1;
    for (Span t = PrevToken(prev.b, start); !t.empty() && View(t) == u"."; t = PrevToken(t.b, start))
      ++dots;
    return dots != 3;
  }
  if (last != '.') return true;  // ! ? … and the rest: ICU's break stands
  // Ellipses end a sentence before a capitalised word.
  std::u16string_view cv = View(core);
  if (cv.size() >= 2 && cv[cv.size() - 2] == '.') return true;
  if (!t_.has_lists) return true;

  // Abbreviations: the token alone, or with one or two short period-ended
  // tokens before it ("т. д.", "z. B.", "и т. д.").
  bool found = false;
  AbbrevKind kind = AbbrevKind::kMaybeEnd;
  bool initial = false;
  {
    std::u16string key = Key(core);
    // An abbreviation written with a space inside: "z. B.", "т. е.".
    if (next.e - next.b <= 4 && Before(next.e) == '.' && core.e - core.b <= 3 &&
        t_.abbreviations.count(key + Key(next))) {
      return false;
    }
    Span t1 = PrevToken(prev.b, start);
    auto short_dotted = [&](Span s) {
      return !s.empty() && s.e - s.b <= 5 && Before(s.e) == '.';
    };
    if (short_dotted(t1)) {
      std::u16string k2 = Key(t1) + key;
      Span t2 = PrevToken(t1.b, start);
      if (short_dotted(t2)) {
        auto it = t_.abbreviations.find(Key(t2) + k2);
        if (it != t_.abbreviations.end()) {
          found = true;
          kind = it->second;
        }
      }
      if (!found) {
        auto it = t_.abbreviations.find(k2);
        if (it != t_.abbreviations.end()) {
          found = true;
          kind = it->second;
        }
      }
    }
    if (!found && t_.year_words.count(key) && IsNumberToken(t1)) {
      // 2023 р. / 1898 г. / XX ст. / 100 м.: a sentence end before a capital.
      found = true;
      kind = AbbrevKind::kMaybeEnd;
    }
    if (!found) {
      auto it = t_.abbreviations.find(key);
      if (it == t_.abbreviations.end()) {
        // "Tuesday.Mr.": the part after a sentence-final period with no space.
        size_t inner = key.rfind(u'.', key.size() >= 2 ? key.size() - 2 : 0);
        if (inner != std::u16string::npos && inner + 2 < key.size() && inner >= 2) {
          it = t_.abbreviations.find(key.substr(inner + 1));
        }
      }
      if (it != t_.abbreviations.end()) {
        found = true;
        kind = it->second;
      }
    }
    if (!found) {
      // Unknown multi-dot abbreviations: letters in groups of 1-3, each
      // followed by a period (I.V., P.O., Л.Н.).
      int dots = 0, run = 0, letters = 0;
      bool shape = true;
      for (int32_t i = core.b; i < core.e && shape; i = Fwd(i)) {
        UChar32 c = At(i);
        if (c == '.') {
          shape = run > 0;
          run = 0;
          ++dots;
        } else if (u_isalpha(c)) {
          shape = ++run <= 3;
          ++letters;
        } else {
          shape = false;
        }
      }
      if (shape && dots >= 2 && letters >= 2) {
        found = true;
        kind = AbbrevKind::kAdjectival;
      } else if (IsInitialToken(core)) {
        found = true;
        initial = true;
      }
    }
    if (!found && u_isdigit(At(core.b)) && !t_.months.empty()) {
      // vom 12. Juni: an ordinal date.
      if (t_.months.count(Key(next))) return false;
    }
  }
  if (!found) return true;
  if (closed) return true;  // the period closes a quotation or a bracket
  if (next_case == Case::kDigit) return false;
  if (next_case != Case::kUpper) {
    return !initial && (kind == AbbrevKind::kMaybeEnd || kind == AbbrevKind::kBeforeNumber);
  }
  if (initial) return !IsInitialToken(next) && IsStarter(next);
  switch (kind) {
    case AbbrevKind::kTitle:
      return false;
    case AbbrevKind::kBeforeNumber:
      return true;
    case AbbrevKind::kMaybeEnd: {
      if (AllCaps(next)) return false;
      // "At 5 a.m. Mr. Smith went": a fronted prepositional phrase of up to
      // four words is no sentence on its own.
      Span first = NextToken(start);
      int words = 0;
      for (Span t = first; !t.empty() && t.b < prev.e && words <= 4; t = NextToken(t.e)) ++words;
      return !(words <= 4 && t_.prepositions.count(WordKey(first)));
    }
    case AbbrevKind::kAdjectival:
      return IsStarter(next);
    case AbbrevKind::kCountry:
      return !t_.country_nouns.count(WordKey(next));
  }
  return true;
}

// Rules inside one whitespace-delimited token: "world.Today" (a missing
// space after a sentence), and reference marks after a sentence end
// ("martyr.[1] The", "(1987).1 According", "gap.11 12 Take").
void Engine::ScanToken(Span tok, std::vector<int32_t>* forced,
                       std::vector<Span>* no_break) const {
  std::u16string_view v = View(tok);
  if (v.find(u"://") != v.npos || v.find(u"www.") != v.npos || v.find(u'@') != v.npos) return;
  // A period between a lower-case word and a capitalised one.
  for (int32_t i = tok.b; i < tok.e; i = Fwd(i)) {
    UChar32 c = At(i);
    if (c != '.' && c != 0xFF0E) continue;
    int32_t a = Fwd(i);
    if (i - tok.b < 2 || a >= tok.e) continue;
    UChar32 b1 = Before(i), b2 = Before(Back(i)), n1 = At(a);
    int32_t a2 = Fwd(a);
    UChar32 n2 = a2 < tok.e ? At(a2) : 0;
    bool left = c == 0xFF0E ? u_isalpha(b1) : (u_islower(b1) && u_isalpha(b2));
    if (left && u_isupper(n1) && (c == 0xFF0E || u_islower(n2))) forced->push_back(a);
  }
  // U+2026 is no sentence terminal for ICU: "He waited… Then he left."
  {
    int32_t k = tok.e;
    while (k > tok.b && IsClosing(Before(k)) && Before(k) != ']') k = Back(k);
    if (k > tok.b && Before(k) == 0x2026 && k - tok.b > 1) {
      Span next = NextToken(tok.e);
      if (!next.empty() && CaseOf(next) == Case::kUpper) forced->push_back(next.b);
    }
  }
  // Reference marks.
  int32_t t = tok.e;
  while (t > tok.b) {
    UChar32 c = Before(t);
    if ((c >= '0' && c <= '9') || c == '[' || c == ']' || c == ',') {
      t = Back(t);
    } else {
      break;
    }
  }
  if (t == tok.e || t - tok.b < 2) return;
  bool digit = false;
  for (int32_t i = t; i < tok.e; ++i) digit |= p_[i] >= '0' && p_[i] <= '9';
  UChar32 term = Before(t);
  if (!digit || !(term == '.' || term == '!' || term == '?')) return;
  UChar32 before = Before(Back(t));
  if (!(u_isalpha(before) || before == ')' || IsClosing(before))) return;
  int32_t mark = Back(t);  // the terminal
  Span last = tok;
  for (Span n = NextToken(last.e); !n.empty(); n = NextToken(last.e)) {
    std::u16string_view nv = View(n);
    bool ref = nv.size() <= 4 && std::all_of(nv.begin(), nv.end(), [](char16_t c) {
                 return (c >= '0' && c <= '9') || c == '[' || c == ']';
               });
    if (!ref) break;
    last = n;
  }
  Span next = NextToken(last.e);
  if (!next.empty() && CaseOf(next) == Case::kUpper) {
    forced->push_back(next.b);
    no_break->push_back(Span{mark, next.b});
  } else {
    no_break->push_back(Span{mark, last.e});
  }
}

// A short bracketed stretch is one unit: no break inside `[16: firma? 13:28]`
// or `(He worked as an engineer.)`. Longer ones (more than kMaxBracket code
// units) are split as usual.
void Engine::Brackets(std::vector<Span>* no_break) const {
  constexpr int32_t kMaxBracket = 100;
  std::vector<std::pair<char16_t, int32_t>> stack;
  for (int32_t i = 0; i < n_; ++i) {
    char16_t c = p_[i];
    if (c == '(' || c == '[') {
      if (stack.size() >= 8) stack.erase(stack.begin());
      stack.emplace_back(c, i);
    } else if ((c == ')' || c == ']') && !stack.empty() &&
               stack.back().first == (c == ')' ? u'(' : u'[')) {
      if (i - stack.back().second <= kMaxBracket) no_break->push_back(Span{stack.back().second, i});
      stack.pop_back();
    }
  }
}

// Boundaries ICU does not propose, in dialogue and before a spaced ellipsis:
//  * a closing quote after a dash, then a capitalised word: the speaker was
//    cut off (`afore she comes, to--" At this moment`);
//  * `?` or `!`, a spaced dash, a capitalised word (`What do you see? - Posted`);
//  * a period attached to a word, then a spaced ellipsis and a capitalised
//    word (`compounds. . . . The practice`): the period ends the sentence and
//    the ellipsis opens the next one.
void Engine::DialogueAndEllipsis(Span tok, Span prev_tok, std::vector<int32_t>* soft) const {
  int32_t k = tok.e;
  bool quoted = false;
  while (k > tok.b && IsClosing(Before(k))) {
    quoted |= IsQuote(Before(k));
    k = Back(k);
  }
  UChar32 last = k > tok.b ? Before(k) : 0;
  if (quoted && IsDash(last)) {
    int32_t d = k;
    while (d > tok.b && IsDash(Before(d))) d = Back(d);
    Span next = NextToken(tok.e);
    if (d > tok.b && u_isalpha(Before(d)) && !next.empty() && CaseOf(next) == Case::kUpper)
      soft->push_back(next.b);
  }
  if ((last == '?' || last == '!') && k - tok.b >= 2) {
    Span dash = NextToken(tok.e);
    bool dashes = !dash.empty() && dash.e - dash.b <= 2;
    for (int32_t i = dash.b; i < dash.e && dashes; i = Fwd(i)) dashes = IsDash(At(i));
    if (dashes) {
      Span word = NextToken(dash.e);
      if (!word.empty() && CaseOf(word) == Case::kUpper) soft->push_back(dash.b);
    }
  }
  if (View(tok) == u"." && !prev_tok.empty() && prev_tok.e - prev_tok.b >= 2 &&
      Before(prev_tok.e) == '.' && u_isalpha(Before(Back(prev_tok.e)))) {
    Span d2 = NextToken(tok.e);
    Span d3 = d2.empty() ? d2 : NextToken(d2.e);
    Span word = d3.empty() ? d3 : NextToken(d3.e);
    if (!word.empty() && View(d2) == u"." && View(d3) == u"." && CaseOf(word) == Case::kUpper)
      soft->push_back(tok.b);
  }
}

// A quotation that closes within the same stretch of text is part of the
// sentence around it: no break inside it ('...stairs! How brave...' thought
// Alice; «К чему ты готовишься? – спросила мама. – Завтра ведь выходной».).
// Apostrophes (don't, dragon’s) are not quotes; very long quotations (more
// than kMaxQuotation code units) are split as usual.
void Engine::Quotations(std::vector<Span>* no_break) const {
  constexpr int32_t kMaxQuotation = 500;
  struct Open {
    UChar32 c;
    int32_t pos;
  };
  std::vector<Open> stack;
  auto closes = [](UChar32 open, UChar32 c) {
    switch (open) {
      case 0xAB: return c == 0xBB;
      case 0x201E: return c == 0x201C || c == 0x201D;
      case 0x201C: return c == 0x201D;
      case 0x2018: return c == 0x2019;
      case 0x201A: return c == 0x2018 || c == 0x2019;
      case '"': return c == '"';
      case '\'': return c == '\'' || c == 0x2019;
      default: return false;
    }
  };
  for (int32_t i = 0; i < n_; i = Fwd(i)) {
    UChar32 c = At(i);
    if (!(c == 0xAB || c == 0xBB || c == '"' || c == '\'' || (c >= 0x2018 && c <= 0x201E)))
      continue;
    UChar32 before = i > 0 ? Before(i) : ' ';
    int32_t a = Fwd(i);
    UChar32 after = a < n_ ? At(a) : ' ';
    // A quote after a dash opens a quotation (`– "Yes`) unless a space follows
    // it (`to--" At this moment`: the speaker was cut off).
    bool open_context = i == 0 || IsSpace(before) || IsOpening(before) ||
                        (IsDash(before) && a < n_ && !IsSpace(after));
    bool apostrophe = (c == '\'' || c == 0x2019) && u_isalpha(before) && u_isalpha(after);
    if (apostrophe) continue;
    if (!stack.empty() && closes(stack.back().c, c) && !open_context) {
      if (i - stack.back().pos <= kMaxQuotation) no_break->push_back(Span{stack.back().pos, i});
      stack.pop_back();
      continue;
    }
    bool opener = c == 0xAB || c == 0x201E || c == 0x201A ||
                  ((c == 0x201C || c == 0x2018 || c == '"' || c == '\'') && open_context &&
                   !IsSpace(after));
    if (opener) {
      if (stack.size() >= 8) stack.erase(stack.begin());
      stack.push_back(Open{c, i});
    }
  }
}

std::vector<int32_t> Engine::Run(icu::BreakIterator* bi, const icu::UnicodeString& u) {
  // ICU's candidates.
  std::vector<int32_t> candidates;
  bi->setText(u);
  for (int32_t pos = bi->next(); pos != icu::BreakIterator::DONE && pos < n_; pos = bi->next()) {
    candidates.push_back(pos);
  }

  // Numbering and bullets: a list item starts a sentence; the period after its
  // number is not a sentence end.
  std::vector<int32_t> forced;
  std::vector<int32_t> soft;   // forced unless inside a no_break span
  std::vector<Span> no_break;  // (b, e]: candidates inside are dropped
  Enumerator last_enum;
  Span last_enum_span;
  bool last_enum_forced = false;
  Span prev_tok;
  for (int32_t i = 0; i < n_;) {
    while (i < n_ && IsSpace(At(i))) i = Fwd(i);
    if (i >= n_) break;
    Span tok{i, i};
    while (tok.e < n_ && !IsSpace(At(tok.e))) tok.e = Fwd(tok.e);
    i = tok.e;
    bool at_start = prev_tok.empty();
    if (!at_start) {
      Span c = prev_tok;
      while (c.e > c.b && IsClosing(Before(c.e))) c.e = Back(c.e);
      at_start = !c.empty() && IsTerminal(Before(c.e));
    }
    bool after_bullet = !prev_tok.empty() && prev_tok.e - prev_tok.b <= 2 &&
                        IsBullet(At(prev_tok.b)) && Fwd(prev_tok.b) == prev_tok.e;
    if (IsBullet(At(tok.b))) {
      if (!prev_tok.empty()) forced.push_back(tok.b);
    }
    if (tok.e - tok.b <= 10) {
      Enumerator en = ParseEnumerator(tok);
      if (en.ok) {
        Span after = NextToken(tok.e);
        Span suppress{tok.b, after.empty() ? tok.e : after.b};
        if (last_enum.ok && Successor(last_enum, &en)) {
          if (!last_enum_forced) {
            if (last_enum_span.b > 0) forced.push_back(last_enum_span.b);
            no_break.push_back(Span{last_enum_span.b, NextToken(last_enum_span.e).b});
          }
          forced.push_back(after_bullet ? prev_tok.b : tok.b);
          no_break.push_back(suppress);
          last_enum = en;
          last_enum_span = tok;
          last_enum_forced = true;
        } else if (at_start || after_bullet || en.bullet ||
                   (last_enum.ok && last_enum_forced && en.style == last_enum.style &&
                    (en.values[0] == 1 || en.values[1] == 1))) {
          // A list starts here; or, after a list of the same style, a new
          // one restarts at 1 / a / i ("2.) The second item 1.) The first").
          // Either becomes a list item when its successor follows.
          if (prev_tok.empty() || after_bullet || en.bullet) no_break.push_back(suppress);
          last_enum = en;
          last_enum_span = after_bullet ? Span{prev_tok.b, tok.e} : tok;
          last_enum_forced = prev_tok.empty() || after_bullet || en.bullet;
        }
      }
    }
    ScanToken(tok, &forced, &no_break);
    DialogueAndEllipsis(tok, prev_tok, &soft);
    prev_tok = tok;
  }
  Quotations(&no_break);
  Brackets(&no_break);
  // Breaks that a quotation or a list marker around them cancels.
  {
    std::vector<Span> spans = no_break;
    std::sort(spans.begin(), spans.end(), [](Span a, Span b) { return a.b < b.b; });
    std::vector<int32_t> reach(spans.size());
    for (size_t k = 0; k < spans.size(); ++k)
      reach[k] = std::max(spans[k].e, k ? reach[k - 1] : spans[k].e);
    for (int32_t pos : soft) {
      auto it = std::lower_bound(spans.begin(), spans.end(), pos,
                                 [](Span a, int32_t p) { return a.b < p; });
      size_t k = static_cast<size_t>(it - spans.begin());
      if (k == 0 || reach[k - 1] < pos) forced.push_back(pos);
    }
  }
  std::sort(forced.begin(), forced.end());
  forced.erase(std::unique(forced.begin(), forced.end()), forced.end());

  std::vector<int32_t> out;
  int32_t start = 0;
  size_t f = 0;
  // Sorted for a linear sweep (no quadratic cost on long lists).
  std::sort(no_break.begin(), no_break.end(), [](Span a, Span b) { return a.b < b.b; });
  size_t nb = 0;
  auto suppressed_fast = [&](int32_t pos) {
    while (nb < no_break.size() && no_break[nb].e < pos) ++nb;
    for (size_t k = nb; k < no_break.size() && no_break[k].b < pos; ++k) {
      if (pos <= no_break[k].e) return true;
    }
    return false;
  };
  for (int32_t pos : candidates) {
    while (f < forced.size() && forced[f] <= pos) {
      if (forced[f] > start) {
        out.push_back(forced[f]);
        start = forced[f];
      }
      ++f;
    }
    if (pos <= start) continue;
    if (suppressed_fast(pos)) continue;
    if (KeepBreak(pos, start)) {
      out.push_back(pos);
      start = pos;
    }
  }
  for (; f < forced.size(); ++f) {
    if (forced[f] > start) {
      out.push_back(forced[f]);
      start = forced[f];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// ICU iterators, one per language and thread.

icu::BreakIterator* SentenceIterator(const std::string& lang, bool has_lists) {
  thread_local std::map<std::string, std::unique_ptr<icu::BreakIterator>> cache;
  auto it = cache.find(lang);
  if (it != cache.end()) return it->second.get();
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc = icu::Locale::forLanguageTag(lang, status);
  if (U_FAILURE(status) || loc.isBogus()) {
    status = U_ZERO_ERROR;
    loc = icu::Locale::getRoot();
  }
  if (!has_lists) {
    // Languages without tmkit lists get ICU's own (CLDR) suppressions.
    UErrorCode ks = U_ZERO_ERROR;
    loc.setKeywordValue("ss", "standard", ks);
  }
  std::unique_ptr<icu::BreakIterator> bi(icu::BreakIterator::createSentenceInstance(loc, status));
  if (U_FAILURE(status) || !bi) {
    status = U_ZERO_ERROR;
    bi.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
  }
  return cache.emplace(lang, std::move(bi)).first->second.get();
}

// Byte spans [b, e) of the sentences of `text` (whitespace trimmed). Line
// breaks count as spaces.
std::vector<std::pair<size_t, size_t>> SentenceSpans(std::string_view text, std::string_view lang) {
  std::vector<std::pair<size_t, size_t>> spans;
  if (text.empty()) return spans;
  // UTF-16 copy with line breaks as spaces, and a map back to byte offsets.
  icu::UnicodeString u;
  std::vector<uint32_t> to_byte;
  {
    const auto* p = reinterpret_cast<const uint8_t*>(text.data());
    int32_t n = static_cast<int32_t>(text.size());
    UChar* buf = u.getBuffer(n + 1);
    to_byte.reserve(text.size() + 1);
    int32_t i = 0, j = 0;
    while (i < n) {
      int32_t start = i;
      UChar32 c;
      U8_NEXT(p, i, n, c);
      if (c < 0) c = 0xFFFD;
      if (IsLineBreak(c) || c == '\t') c = ' ';
      if (c > 0xFFFF) {
        buf[j++] = U16_LEAD(c);
        buf[j++] = U16_TRAIL(c);
        to_byte.push_back(start);
        to_byte.push_back(start);
      } else {
        buf[j++] = static_cast<UChar>(c);
        to_byte.push_back(start);
      }
    }
    u.releaseBuffer(j);
    to_byte.push_back(static_cast<uint32_t>(text.size()));
  }
  std::string primary = PrimaryLanguage(lang);
  const LanguageTables& tables = LanguageData(primary);
  std::string tag = lang.empty() ? std::string("und") : std::string(lang);
  icu::BreakIterator* bi = SentenceIterator(tag, tables.has_lists);
  Engine engine(tables, u);
  std::vector<int32_t> bounds = engine.Run(bi, u);
  bounds.push_back(u.length());
  const char16_t* p = reinterpret_cast<const char16_t*>(u.getBuffer());
  int32_t begin = 0;
  for (int32_t end : bounds) {
    int32_t b = begin, e = end;
    while (b < e && (u_isUWhiteSpace(p[b]) || p[b] == 0xFEFF || p[b] == 0x200B)) ++b;
    while (e > b && (u_isUWhiteSpace(p[e - 1]) || p[e - 1] == 0xFEFF || p[e - 1] == 0x200B)) --e;
    if (e > b) spans.emplace_back(to_byte[b], to_byte[e]);
    begin = end;
  }
  return spans;
}

// NFC, trimmed, each whitespace run folded to one space, except that a lone
// no-break space (U+00A0, U+2007, U+202F: `6 000`, `20 %`) is kept as it is.
std::string CleanSentence(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t n = static_cast<int32_t>(s.size()), i = 0;
  std::string out;
  out.reserve(s.size());
  int32_t run_b = -1, run_e = 0;
  int run_len = 0;
  UChar32 run_c = 0;
  auto flush = [&]() {
    if (run_b < 0) return;
    if (!out.empty()) {
      if (run_len == 1 && (run_c == 0xA0 || run_c == 0x2007 || run_c == 0x202F)) {
        out.append(s.substr(static_cast<size_t>(run_b), static_cast<size_t>(run_e - run_b)));
      } else {
        out.push_back(' ');
      }
    }
    run_b = -1;
    run_len = 0;
  };
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && (u_isUWhiteSpace(c) || c == 0xFEFF || c == 0x200B)) {
      if (run_b < 0) run_b = start;
      run_e = i;
      run_c = c;
      ++run_len;
      continue;
    }
    flush();
    out.append(s.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
  }
  return ToNfc(out);  // a trailing run is dropped
}

// ---------------------------------------------------------------------------
// Documents: pieces of text that sentences never cross, with a map back to
// the input bytes.

struct Piece {
  std::string text;
  std::vector<uint32_t> src_begin, src_end;  // per byte of text
  uint32_t paragraph = 0;
};

class PieceBuilder {
 public:
  // Bytes copied from the input at `src`.
  void Copy(std::string_view bytes, size_t src) {
    for (size_t i = 0; i < bytes.size(); ++i) {
      cur_.text.push_back(bytes[i]);
      cur_.src_begin.push_back(static_cast<uint32_t>(src + i));
      cur_.src_end.push_back(static_cast<uint32_t>(src + i + 1));
      if (!content_ && !IsAsciiSpace(bytes[i])) content_ = true;
    }
  }
  // Bytes standing for the input range [b, e) (a decoded entity).
  void Mapped(std::string_view bytes, size_t b, size_t e) {
    for (char c : bytes) {
      cur_.text.push_back(c);
      cur_.src_begin.push_back(static_cast<uint32_t>(b));
      cur_.src_end.push_back(static_cast<uint32_t>(e));
      if (!content_ && !IsAsciiSpace(c)) content_ = true;
    }
  }
  void TrimTrailingSpace() {
    while (!cur_.text.empty() && (cur_.text.back() == ' ' || cur_.text.back() == '\t')) {
      cur_.text.pop_back();
      cur_.src_begin.pop_back();
      cur_.src_end.pop_back();
    }
  }
  void Space(size_t b, size_t e) {
    if (!cur_.text.empty() && cur_.text.back() != ' ') Mapped(" ", b, e);
  }
  // A sentence boundary inside the paragraph.
  void Chunk() {
    if (content_) {
      cur_.paragraph = paragraph_;
      pieces_.push_back(std::move(cur_));
      para_content_ = true;
    }
    cur_ = Piece();
    content_ = false;
  }
  void Paragraph() {
    Chunk();
    if (para_content_) ++paragraph_;
    para_content_ = false;
  }
  std::vector<Piece> Finish() {
    Paragraph();
    return std::move(pieces_);
  }

 private:
  static bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
  std::vector<Piece> pieces_;
  Piece cur_;
  bool content_ = false, para_content_ = false;
  uint32_t paragraph_ = 0;
};

struct Line {
  size_t b = 0, e = 0;  // without the line break
};

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  size_t b = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      lines.push_back({b, i});
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      b = i + 1;
    }
  }
  if (b < text.size()) lines.push_back({b, text.size()});
  return lines;
}

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; });
}

size_t SkipSpaces(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

UChar32 FirstChar(std::string_view s) {
  if (s.empty()) return 0;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(p, i, static_cast<int32_t>(s.size()), c);
  return c;
}

UChar32 LastChar(std::string_view s) {
  if (s.empty()) return 0;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = static_cast<int32_t>(s.size());
  UChar32 c;
  U8_PREV(p, 0, i, c);
  return c;
}

// True if the line starts a list item: a bullet, "- ", "* ", "1. ", "2) ",
// "(a) ", "iv) " followed by text.
bool StartsListItem(std::string_view line) {
  size_t i = SkipSpaces(line, 0);
  std::string_view s = line.substr(i);
  if (s.empty()) return false;
  UChar32 c = FirstChar(s);
  if (IsBullet(c)) return true;
  if ((c == '-' || c == '*' || c == '+' || c == 0x2013 || c == 0x2014) && s.size() > 1) {
    size_t len = U8_LENGTH(c);
    return len < s.size() && (s[len] == ' ' || s[len] == '\t');
  }
  size_t sp = s.find_first_of(" \t");
  std::string_view tok = s.substr(0, sp);
  if (tok.size() > 6 || sp == std::string_view::npos) return false;
  bool open = tok.front() == '(';
  std::string_view body = tok.substr(open ? 1 : 0);
  if (body.empty()) return false;
  char close = body.back();
  if (close != '.' && close != ')') return false;
  body.remove_suffix(1);
  if (!body.empty() && body.back() == '.') body.remove_suffix(1);
  if (body.empty() || (open && close != ')')) return false;
  if (std::all_of(body.begin(), body.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    return body.size() <= 3;
  if (body.size() == 1 && std::isalpha(static_cast<unsigned char>(body[0]))) return true;
  std::u16string b16(body.begin(), body.end());
  return RomanValue(b16) > 0;
}

// Display columns of a line: East Asian wide and full-width characters
// (Hangul, CJK) count 2, combining marks 0.
size_t Columns(std::string_view s, bool code_points = false) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t n = static_cast<int32_t>(s.size()), i = 0;
  size_t cols = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      ++cols;
      continue;
    }
    if (u_getCombiningClass(c) > 0) continue;
    int w = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    cols += (!code_points && (w == U_EA_WIDE || w == U_EA_FULLWIDTH)) ? 2 : 1;
  }
  return cols;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Hard wrapping happens at some width between these (e-mail 72-80 columns,
// text from PDFs up to ~150); a longer line is an unwrapped paragraph.
constexpr size_t kMinWrapColumns = 40;
constexpr size_t kMaxWrapColumns = 160;

// What one plain-text paragraph (lines between blank lines) says about
// wrapping, measured in display columns; tools that wrap by characters are
// covered by the same measures in code points (`cp_width`, `cp_evidence`).
struct WrapInfo {
  bool flowed = false;    // trailing spaces mark wrapped lines (its longest line >= 60)
  size_t width = 0;       // the wrap width: the widest line of at most kMaxWrapColumns
  bool evidence = false;  // at least two lines (the last one aside) near that width
  size_t cp_width = 0;
  bool cp_evidence = false;
};

void MeasureWidth(const std::vector<size_t>& cols, size_t* width, bool* evidence) {
  for (size_t c : cols) {
    if (c <= kMaxWrapColumns) *width = std::max(*width, c);
  }
  int near = 0;
  for (size_t k = 0; k + 1 < cols.size(); ++k) {
    if (cols[k] <= *width && cols[k] * 10 >= *width * 7) ++near;
  }
  *evidence = near >= 2 && *width >= kMinWrapColumns;
}

WrapInfo MeasureWrap(const std::vector<size_t>& cols, const std::vector<size_t>& cps) {
  WrapInfo w;
  w.flowed = !cols.empty() && *std::max_element(cols.begin(), cols.end()) >= 60;
  MeasureWidth(cols, &w.width, &w.evidence);
  MeasureWidth(cps, &w.cp_width, &w.cp_evidence);
  return w;
}

// "." / "!" / "?" alone at the start of a line: the end of the previous line's
// sentence, joined to its last word without a space (`pricing\n.`).
bool StartsWithLoneTerminal(std::string_view next) {
  std::string_view n = next.substr(SkipSpaces(next, 0));
  size_t i = 0;
  while (i < n.size() && (n[i] == '.' || n[i] == '!' || n[i] == '?')) ++i;
  if (i == 0 || i > 3) return false;
  if (i < n.size() && n[i] != ' ' && n[i] != '\t') return false;
  size_t j = SkipSpaces(n, i);
  return j >= n.size() || n[j] != '.';
}

// A word broken after its hyphen (`front-\nline`, `Jae-\nwon`): the two
// lines join without a space and the hyphen stays.
bool HyphenWrap(std::string_view line, std::string_view next) {
  std::string_view l = TrimRight(line);
  if (l.size() < 2 || l.back() != '-') return false;
  UChar32 before = LastChar(l.substr(0, l.size() - 1));
  UChar32 after = FirstChar(next.substr(SkipSpaces(next, 0)));
  return u_isalpha(before) && u_isalpha(after) && !StartsListItem(next);
}

// In a paragraph that shows a wrap width, whether the first word of `next`
// would not have fitted on `line`: the break is the wrap.
bool WrappedBefore(std::string_view line, std::string_view next, const WrapInfo& wrap) {
  std::string_view l = TrimRight(line);
  std::string_view n = next.substr(SkipSpaces(next, 0));
  std::string_view word = n.substr(0, n.find_first_of(" \t"));
  size_t cols = Columns(l), cps = Columns(l, true);
  return (wrap.evidence && cols <= wrap.width && cols + 1 + Columns(word) > wrap.width) ||
         (wrap.cp_evidence && cps <= wrap.cp_width && cps + 1 + Columns(word, true) > wrap.cp_width);
}

// A line that starts with a number ("23. ", "2) "): a list item, or in
// wrapped prose the rest of a date (`on Oct.\n23.`); the sentence rules then
// tell them apart (a list needs consecutive numbers).
bool StartsNumber(std::string_view line) {
  size_t i = SkipSpaces(line, 0);
  return i < line.size() && line[i] >= '0' && line[i] <= '9';
}

// Whether a single line break between `line` and `next` (in one plain-text
// paragraph) ends a sentence. It does, unless the text is wrapped at that
// point: see doc/segment.md, "Paragraphs and line breaks".
bool HardLineBreak(std::string_view line, std::string_view next, const WrapInfo& wrap) {
  if (StartsListItem(next) && !(StartsNumber(next) && WrappedBefore(line, next, wrap))) return true;
  std::string_view n = next.substr(SkipSpaces(next, 0));
  // The first letter of the next line, after opening brackets and quotes.
  UChar32 first = 0;
  {
    const auto* p = reinterpret_cast<const uint8_t*>(n.data());
    int32_t len = static_cast<int32_t>(n.size()), i = 0;
    while (i < len) {
      U8_NEXT(p, i, len, first);
      if (!IsOpening(first)) break;
    }
  }
  bool trailing_space = !line.empty() && (line.back() == ' ' || line.back() == '\t');
  std::string_view l = TrimRight(line);
  if (l.empty()) return false;
  std::string_view core = l;
  while (!core.empty() && IsClosing(LastChar(core))) core.remove_suffix(U8_LENGTH(LastChar(core)));
  UChar32 last = LastChar(core.empty() ? l : core);
  // Punctuation that cannot end a sentence: the line goes on.
  if (last == ',' || last == ';' || IsDash(last) || last == '(' || last == '/' || last == '&' ||
      last == '[' || (IsOpening(LastChar(l)) && !IsClosing(LastChar(l)))) {
    return false;
  }
  size_t cols = Columns(l);
  const bool lower = u_islower(first);
  // format=flowed (RFC 3676) and text taken from PDFs: a trailing space marks
  // a wrapped line.
  if (trailing_space && cols <= kMaxWrapColumns && (wrap.flowed || lower)) return false;
  // Hard-wrapped prose: a long line (near the wrap width, or an unwrapped
  // paragraph) followed by a lower-case word, or a line after which the next
  // word would not have fitted in a paragraph that shows a wrap width.
  bool long_line = cols >= kMinWrapColumns && (cols > wrap.width || cols * 10 >= wrap.width * 7);
  if (long_line && lower) return false;
  // A line without an end, then a lower-case line that ends a sentence: one
  // sentence broken in two (`This is a sentence\ncut off in the middle.`). A
  // lower-case line without an end is a list entry (`features\ncontact manager`).
  if (lower && !IsTerminal(last)) {
    std::string_view nc = TrimRight(n);
    while (!nc.empty() && IsClosing(LastChar(nc))) nc.remove_suffix(U8_LENGTH(LastChar(nc)));
    if (!nc.empty() && IsTerminal(LastChar(nc))) return false;
  }
  if (WrappedBefore(line, next, wrap)) return false;
  // A short line (a list entry, a headline, a title) or a deliberate end.
  return true;
}

void ParsePlain(std::string_view text, size_t offset, PieceBuilder* out) {
  std::vector<Line> lines = SplitLines(text);
  auto line_at = [&](size_t k) { return text.substr(lines[k].b, lines[k].e - lines[k].b); };
  size_t i = 0;
  while (i < lines.size()) {
    if (IsBlank(line_at(i))) {
      out->Paragraph();
      ++i;
      continue;
    }
    size_t j = i;
    std::vector<size_t> cols, cps;
    while (j < lines.size() && !IsBlank(line_at(j))) {
      cols.push_back(Columns(TrimRight(line_at(j))));
      cps.push_back(Columns(TrimRight(line_at(j)), true));
      ++j;
    }
    WrapInfo wrap = MeasureWrap(cols, cps);
    for (size_t k = i; k < j; ++k) {
      std::string_view l = line_at(k);
      size_t lead = SkipSpaces(l, 0);
      out->Copy(l.substr(lead), offset + lines[k].b + lead);
      if (k + 1 < j) {
        std::string_view next = line_at(k + 1);
        if (StartsWithLoneTerminal(next) || HyphenWrap(l, next)) {
          out->TrimTrailingSpace();
        } else if (HardLineBreak(l, next, wrap)) {
          out->Chunk();
        } else {
          out->Space(offset + lines[k].e, offset + lines[k + 1].b);
        }
      }
    }
    out->Paragraph();
    i = j;
  }
}

// ---------------------------------------------------------------------------
// HTML.

bool IsBlockTag(std::string_view name) {
  static const char* kBlocks[] = {
      "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
      "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
      "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html",
      "legend", "li", "main", "menu", "nav", "ol", "option", "p", "pre", "section", "summary",
      "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul"};
  for (const char* b : kBlocks) {
    if (name == b) return true;
  }
  return false;
}

bool IsRawTextTag(std::string_view name) {
  return name == "script" || name == "style" || name == "noscript" || name == "template" ||
         name == "svg" || name == "math";
}

// The UTF-8 of a named or numeric character reference (without & and ;), or "".
std::string DecodeEntity(std::string_view name) {
  if (name.empty()) return "";
  UChar32 c = -1;
  if (name[0] == '#') {
    std::string digits(name.substr(1));
    int base = 10;
    if (!digits.empty() && (digits[0] == 'x' || digits[0] == 'X')) {
      base = 16;
      digits.erase(0, 1);
    }
    if (digits.empty() || digits.size() > 7) return "";
    char* end = nullptr;
    long v = std::strtol(digits.c_str(), &end, base);
    if (*end != '\0') return "";
    c = (v <= 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) ? 0xFFFD : static_cast<UChar32>(v);
  } else {
    static const std::pair<const char*, UChar32> kNamed[] = {
        {"amp", '&'},       {"lt", '<'},         {"gt", '>'},        {"quot", '"'},
        {"apos", '\''},     {"nbsp", 0xA0},      {"ndash", 0x2013},  {"mdash", 0x2014},
        {"hellip", 0x2026}, {"laquo", 0xAB},     {"raquo", 0xBB},    {"lsquo", 0x2018},
        {"rsquo", 0x2019},  {"ldquo", 0x201C},   {"rdquo", 0x201D},  {"bdquo", 0x201E},
        {"sbquo", 0x201A},  {"copy", 0xA9},      {"reg", 0xAE},      {"trade", 0x2122},
        {"deg", 0xB0},      {"middot", 0xB7},    {"bull", 0x2022},   {"euro", 0x20AC},
        {"pound", 0xA3},    {"yen", 0xA5},       {"cent", 0xA2},     {"sect", 0xA7},
        {"times", 0xD7},    {"minus", 0x2212},   {"thinsp", 0x2009}, {"ensp", 0x2002},
        {"emsp", 0x2003},   {"shy", 0xAD},       {"zwsp", 0x200B},   {"numero", 0x2116},
        {"eacute", 0xE9},   {"egrave", 0xE8},    {"agrave", 0xE0},   {"uuml", 0xFC},
        {"ouml", 0xF6},     {"auml", 0xE4},      {"szlig", 0xDF},    {"ccedil", 0xE7},
        {"Uuml", 0xDC},     {"Ouml", 0xD6},      {"Auml", 0xC4},     {"Eacute", 0xC9}};
    for (const auto& [n, v] : kNamed) {
      if (name == n) c = v;
    }
    if (c < 0) return "";
  }
  if (c == 0xAD) return "";  // soft hyphen: invisible
  std::string out;
  char buf[4];
  int32_t len = 0;
  U8_APPEND_UNSAFE(reinterpret_cast<uint8_t*>(buf), len, c);
  out.assign(buf, static_cast<size_t>(len));
  return out;
}

void ParseHtml(std::string_view text, PieceBuilder* out) {
  size_t i = 0;
  const size_t n = text.size();
  auto lower = [](std::string_view s) {
    std::string r(s);
    for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return r;
  };
  while (i < n) {
    char c = text[i];
    if (c == '<') {
      if (text.compare(i, 4, "<!--") == 0) {
        size_t end = text.find("-->", i + 4);
        i = end == std::string_view::npos ? n : end + 3;
        continue;
      }
      if (text.compare(i, 9, "<![CDATA[") == 0) {
        size_t end = text.find("]]>", i + 9);
        size_t stop = end == std::string_view::npos ? n : end;
        out->Copy(text.substr(i + 9, stop - i - 9), i + 9);
        i = end == std::string_view::npos ? n : end + 3;
        continue;
      }
      size_t j = i + 1;
      bool closing = j < n && text[j] == '/';
      if (closing) ++j;
      size_t name_b = j;
      while (j < n && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '-' ||
                       text[j] == ':'))
        ++j;
      bool is_tag = j > name_b || (i + 1 < n && (text[i + 1] == '!' || text[i + 1] == '?'));
      if (!is_tag) {  // a lone "<" in text
        out->Copy(text.substr(i, 1), i);
        ++i;
        continue;
      }
      std::string name = lower(text.substr(name_b, j - name_b));
      // The end of the tag, quotes respected.
      char quote = 0;
      while (j < n && (quote || text[j] != '>')) {
        if (quote) {
          if (text[j] == quote) quote = 0;
        } else if (text[j] == '"' || text[j] == '\'') {
          quote = text[j];
        }
        ++j;
      }
      i = j < n ? j + 1 : n;
      if (!closing && IsRawTextTag(name)) {
        std::string close = "</" + name;
        size_t k = i;
        while (k < n) {
          size_t found = text.find("</", k);
          if (found == std::string_view::npos) {
            k = n;
            break;
          }
          if (lower(text.substr(found, close.size())) == close) {
            k = found;
            break;
          }
          k = found + 2;
        }
        size_t end = text.find('>', k);
        i = end == std::string_view::npos ? n : end + 1;
        continue;
      }
      if (IsBlockTag(name)) out->Paragraph();
      continue;
    }
    if (c == '&') {
      size_t semi = text.find(';', i + 1);
      if (semi != std::string_view::npos && semi - i <= 10) {
        std::string decoded = DecodeEntity(text.substr(i + 1, semi - i - 1));
        if (!decoded.empty() || text.substr(i + 1, semi - i - 1) == "shy") {
          if (decoded == "\xC2\xA0") {
            out->Space(i, semi + 1);
          } else {
            out->Mapped(decoded, i, semi + 1);
          }
          i = semi + 1;
          continue;
        }
      }
      out->Copy(text.substr(i, 1), i);
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      out->Space(i, i + 1);
      ++i;
      continue;
    }
    size_t j = i;
    while (j < n && text[j] != '<' && text[j] != '&' && text[j] != ' ' && text[j] != '\t' &&
           text[j] != '\n' && text[j] != '\r' && text[j] != '\f')
      ++j;
    out->Copy(text.substr(i, j - i), i);
    i = j;
  }
}

// ---------------------------------------------------------------------------
// Markdown.

// Copies Markdown inline text with its markup removed: emphasis markers,
// code backticks, links [text](url) and images ![alt](src), inline HTML
// tags and backslash escapes.
void MarkdownInline(std::string_view text, size_t offset, std::string_view s, size_t s_at,
                    PieceBuilder* out) {
  (void)text;
  size_t i = 0;
  const size_t n = s.size();
  auto word_char = [&](size_t k) {
    return k < n && !(s[k] == ' ' || s[k] == '\t' ||
                      std::ispunct(static_cast<unsigned char>(s[k])));
  };
  while (i < n) {
    char c = s[i];
    if (c == '\\' && i + 1 < n && std::ispunct(static_cast<unsigned char>(s[i + 1]))) {
      out->Copy(s.substr(i + 1, 1), offset + s_at + i + 1);
      i += 2;
      continue;
    }
    if (c == '!' && i + 1 < n && s[i + 1] == '[') {
      ++i;  // the image's alt text is read like a link's text
      continue;
    }
    if (c == '[') {
      size_t close = s.find(']', i + 1);
      if (close != std::string_view::npos && close + 1 < n &&
          (s[close + 1] == '(' || s[close + 1] == '[')) {
        char end_ch = s[close + 1] == '(' ? ')' : ']';
        size_t end = s.find(end_ch, close + 2);
        if (end != std::string_view::npos) {
          MarkdownInline(text, offset, s.substr(i + 1, close - i - 1), s_at + i + 1, out);
          i = end + 1;
          continue;
        }
      }
    }
    if (c == '*' || c == '~' || c == '`') {
      ++i;
      continue;
    }
    if (c == '_') {
      // Emphasis only at a word edge (snake_case stays).
      bool inner = i > 0 && word_char(i - 1) && word_char(i + 1);
      if (!inner) {
        ++i;
        continue;
      }
    }
    if (c == '<') {
      size_t end = s.find('>', i + 1);
      if (end != std::string_view::npos && i + 1 < n &&
          (std::isalpha(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '/')) {
        std::string_view inner = s.substr(i + 1, end - i - 1);
        if (inner.find("://") != std::string_view::npos || inner.find('@') != std::string_view::npos) {
          out->Copy(inner, offset + s_at + i + 1);  // autolink
        }
        i = end + 1;
        continue;
      }
    }
    out->Copy(s.substr(i, 1), offset + s_at + i);
    ++i;
  }
}

void ParseMarkdown(std::string_view text, PieceBuilder* out) {
  std::vector<Line> lines = SplitLines(text);
  bool in_fence = false;
  std::string fence;
  bool in_paragraph = false;
  for (size_t k = 0; k < lines.size(); ++k) {
    std::string_view line = text.substr(lines[k].b, lines[k].e - lines[k].b);
    size_t at = lines[k].b;
    size_t lead = SkipSpaces(line, 0);
    std::string_view s = line.substr(lead);
    if (in_fence) {
      if (s.rfind(fence, 0) == 0) in_fence = false;
      continue;
    }
    if (s.rfind("```", 0) == 0 || s.rfind("~~~", 0) == 0) {
      out->Paragraph();
      in_paragraph = false;
      in_fence = true;
      fence = std::string(s.substr(0, 3));
      continue;
    }
    // Block quotes: markers removed, the rest read as usual.
    while (!s.empty() && s[0] == '>') {
      size_t skip = 1 + (s.size() > 1 && s[1] == ' ' ? 1 : 0);
      lead += skip;
      s = line.substr(lead);
      size_t more = SkipSpaces(s, 0);
      lead += more;
      s = line.substr(lead);
    }
    if (IsBlank(s)) {
      out->Paragraph();
      in_paragraph = false;
      continue;
    }
    // Thematic breaks and setext underlines.
    if (s.size() >= 3 && (s[0] == '-' || s[0] == '=' || s[0] == '*' || s[0] == '_')) {
      char m = s[0];
      bool rule = std::all_of(s.begin(), s.end(), [m](char c) { return c == m || c == ' '; });
      if (rule) {
        out->Paragraph();
        in_paragraph = false;
        continue;
      }
    }
    // ATX headings.
    if (s[0] == '#') {
      size_t h = 0;
      while (h < s.size() && s[h] == '#') ++h;
      if (h <= 6 && (h == s.size() || s[h] == ' ' || s[h] == '\t')) {
        std::string_view body = s.substr(h);
        size_t bl = SkipSpaces(body, 0);
        body = body.substr(bl);
        while (!body.empty() && (body.back() == '#' || body.back() == ' ')) body.remove_suffix(1);
        out->Paragraph();
        MarkdownInline(text, 0, body, at + lead + h + bl, out);
        out->Paragraph();
        in_paragraph = false;
        continue;
      }
    }
    // Tables: each row a paragraph, each cell a sentence boundary.
    if (s[0] == '|') {
      bool separator = std::all_of(s.begin(), s.end(), [](char c) {
        return c == '|' || c == '-' || c == ':' || c == ' ' || c == '\t';
      });
      out->Paragraph();
      in_paragraph = false;
      if (separator) continue;
      size_t cell = 1;
      while (cell <= s.size()) {
        size_t bar = s.find('|', cell);
        if (bar == std::string_view::npos) bar = s.size();
        MarkdownInline(text, 0, s.substr(cell, bar - cell), at + lead + cell, out);
        out->Chunk();
        cell = bar + 1;
      }
      out->Paragraph();
      continue;
    }
    // List items: a paragraph each, marker removed.
    size_t marker = 0;
    if ((s[0] == '-' || s[0] == '*' || s[0] == '+') && s.size() > 1 &&
        (s[1] == ' ' || s[1] == '\t')) {
      marker = 2;
    } else {
      size_t d = 0;
      while (d < s.size() && d < 9 && std::isdigit(static_cast<unsigned char>(s[d]))) ++d;
      if (d > 0 && d + 1 < s.size() && (s[d] == '.' || s[d] == ')') &&
          (s[d + 1] == ' ' || s[d + 1] == '\t')) {
        marker = d + 2;
      }
    }
    if (marker > 0) {
      out->Paragraph();
      size_t skip = SkipSpaces(s, marker);
      MarkdownInline(text, 0, s.substr(skip), at + lead + skip, out);
      in_paragraph = true;
      continue;
    }
    if (in_paragraph) out->Space(lines[k - 1].e, at + lead);
    // A hard line break (two trailing spaces or a backslash) ends a sentence
    // only where plain text would (the sentence rules decide otherwise).
    std::string_view body = s;
    if (!body.empty() && body.back() == '\\') body.remove_suffix(1);
    MarkdownInline(text, 0, body, at + lead, out);
    in_paragraph = true;
  }
}

// ---------------------------------------------------------------------------
// Format detection.

bool LooksLikeHtml(std::string_view text) {
  static const char* kTags[] = {"html", "body", "head", "p", "div", "span", "br", "h1", "h2",
                                "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "tr", "td",
                                "em", "strong", "b", "i", "a", "blockquote", "section",
                                "article", "title", "meta"};
  size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  std::string_view head = text.substr(start, 15);
  std::string lower_head(head);
  for (char& c : lower_head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower_head.rfind("<!doctype html", 0) == 0 || lower_head.rfind("<html", 0) == 0)
    return true;
  int tags = 0;
  for (size_t i = text.find('<'); i != std::string_view::npos && tags < 2;
       i = text.find('<', i + 1)) {
    size_t j = i + 1;
    if (j < text.size() && text[j] == '/') ++j;
    size_t b = j;
    while (j < text.size() && std::isalnum(static_cast<unsigned char>(text[j]))) ++j;
    if (j == b || j >= text.size() || !(text[j] == '>' || text[j] == ' ' || text[j] == '/'))
      continue;
    std::string name(text.substr(b, j - b));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* t : kTags) {
      if (name == t) {
        ++tags;
        break;
      }
    }
  }
  return tags >= 2;
}

bool LooksLikeMarkdown(std::string_view text) {
  for (const Line& l : SplitLines(text)) {
    std::string_view s = text.substr(l.b, l.e - l.b);
    s = s.substr(SkipSpaces(s, 0));
    if (s.rfind("```", 0) == 0) return true;
    if (!s.empty() && s[0] == '#') {
      size_t h = 0;
      while (h < s.size() && s[h] == '#') ++h;
      if (h <= 6 && h < s.size() && s[h] == ' ') return true;
    }
    if (s.size() >= 3 && std::all_of(s.begin(), s.end(), [](char c) { return c == '='; }))
      return true;
    size_t link = s.find("](");
    if (link != std::string_view::npos && s.find('[') < link && s.find(')', link) != s.npos)
      return true;
    size_t bold = s.find("**");
    if (bold != std::string_view::npos && s.find("**", bold + 3) != std::string_view::npos)
      return true;
  }
  return false;
}

TextFormat Detect(std::string_view text) {
  if (LooksLikeHtml(text)) return TextFormat::kHtml;
  if (LooksLikeMarkdown(text)) return TextFormat::kMarkdown;
  return TextFormat::kPlain;
}

}  // namespace

// ---------------------------------------------------------------------------
// Public API.

std::vector<std::string> SplitSentences(std::string_view paragraph, std::string_view lang) {
  std::vector<std::string> out;
  if (FirstInvalidUtf8(paragraph) != std::string_view::npos) return out;
  for (const auto& [b, e] : SentenceSpans(paragraph, lang)) {
    std::string s = CleanSentence(paragraph.substr(b, e - b));
    if (!s.empty()) out.push_back(std::move(s));
  }
  return out;
}

// True if `text` (UTF-8) holds a letter of any script.
static bool HasLetter(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c >= 0 && u_isalpha(c)) return true;
  }
  return false;
}

Result<std::vector<Sentence>> SegmentDocument(std::string_view text, std::string_view lang,
                                              TextFormat format) {
  if (size_t bad = FirstInvalidUtf8(text); bad != std::string_view::npos) {
    return InvalidInput("byte " + std::to_string(bad) + " (line " +
                        std::to_string(LineOf(text, bad)) + "): expected UTF-8 text, found byte " +
                        Hex(static_cast<uint8_t>(text[bad])));
  }
  if (format == TextFormat::kAuto) format = Detect(text);
  PieceBuilder builder;
  switch (format) {
    case TextFormat::kHtml:
      ParseHtml(text, &builder);
      break;
    case TextFormat::kMarkdown:
      ParseMarkdown(text, &builder);
      break;
    default:
      ParsePlain(text, 0, &builder);
      break;
  }
  std::vector<Piece> pieces = builder.Finish();
  std::vector<Sentence> out;
  uint32_t last_para = UINT32_MAX, dense = 0;
  for (const Piece& piece : pieces) {
    // A block without a letter (a page number, a rule of slashes or dashes,
    // a lone bullet) holds nothing to translate: it is not a sentence.
    if (!HasLetter(piece.text)) continue;
    for (const auto& [b, e] : SentenceSpans(piece.text, lang)) {
      std::string s = CleanSentence(std::string_view(piece.text).substr(b, e - b));
      if (s.empty()) continue;
      if (piece.paragraph != last_para) {
        if (last_para != UINT32_MAX) ++dense;
        last_para = piece.paragraph;
      }
      Sentence sentence;
      sentence.text = std::move(s);
      sentence.paragraph = dense;
      sentence.begin = piece.src_begin[b];
      sentence.end = piece.src_end[e - 1];
      out.push_back(std::move(sentence));
    }
  }
  return out;
}

Result<std::vector<Sentence>> ReadPresegmented(std::string_view text) {
  if (size_t bad = FirstInvalidUtf8(text); bad != std::string_view::npos) {
    return InvalidInput("line " + std::to_string(LineOf(text, bad)) + ": expected UTF-8 text, found byte " +
                        Hex(static_cast<uint8_t>(text[bad])) + " (column " +
                        std::to_string(ColumnOf(text, bad)) + ")");
  }
  std::vector<Sentence> out;
  uint32_t paragraph = 0;
  bool blank_since = false;
  for (const Line& l : SplitLines(text)) {
    std::string_view line = text.substr(l.b, l.e - l.b);
    size_t b = 0, e = line.size();
    while (b < e && (line[b] == ' ' || line[b] == '\t' || line[b] == '\f')) ++b;
    while (e > b && (line[e - 1] == ' ' || line[e - 1] == '\t' || line[e - 1] == '\f')) --e;
    std::string s = CleanSentence(line.substr(b, e - b));
    if (s.empty()) {
      blank_since = true;
      continue;
    }
    if (blank_since && !out.empty()) ++paragraph;
    blank_since = false;
    out.push_back(Sentence{std::move(s), paragraph, l.b + b, l.b + e});
  }
  return out;
}

Result<std::string> LoadTextFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return NotFound(path + ": no such file (check the path)");
  }
  if (std::filesystem::is_directory(path, ec)) {
    return InvalidInput(path + ": expected a text file, found a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return IOError(path + ": cannot open: " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return IOError(path + ": cannot read: " + std::strerror(errno));
  std::string data = ss.str();

  // UTF-16 with a byte-order mark.
  if (data.size() >= 2 && ((static_cast<uint8_t>(data[0]) == 0xFF && static_cast<uint8_t>(data[1]) == 0xFE) ||
                           (static_cast<uint8_t>(data[0]) == 0xFE && static_cast<uint8_t>(data[1]) == 0xFF))) {
    bool little = static_cast<uint8_t>(data[0]) == 0xFF;
    if (data.size() % 2 != 0) {
      return InvalidInput(path + ":1: expected UTF-16 text (it starts with a UTF-16 byte-order mark), found an odd number of bytes");
    }
    std::u16string units;
    units.reserve(data.size() / 2 - 1);
    for (size_t i = 2; i + 1 < data.size(); i += 2) {
      uint8_t a = static_cast<uint8_t>(data[i]), b = static_cast<uint8_t>(data[i + 1]);
      units.push_back(static_cast<char16_t>(little ? (a | (b << 8)) : ((a << 8) | b)));
    }
    int line = 1;
    for (size_t i = 0; i < units.size(); ++i) {
      char16_t c = units[i];
      if (c == '\n') ++line;
      if (c == 0) return InvalidInput(path + ":" + std::to_string(line) + ": expected text, found a NUL character (a binary file?)");
      if (U16_IS_LEAD(c) && i + 1 < units.size() && U16_IS_TRAIL(units[i + 1])) {
        ++i;
      } else if (U16_IS_SURROGATE(c)) {
        return InvalidInput(path + ":" + std::to_string(line) +
                            ": expected UTF-16 text, found an unpaired surrogate");
      }
    }
    icu::UnicodeString u(false, reinterpret_cast<const UChar*>(units.data()),
                         static_cast<int32_t>(units.size()));
    std::string utf8;
    u.toUTF8String(utf8);
    return utf8;
  }
  if (data.size() >= 3 && data.compare(0, 3, "\xEF\xBB\xBF") == 0) data.erase(0, 3);
  if (size_t nul = data.find('\0'); nul != std::string::npos) {
    return InvalidInput(path + ":" + std::to_string(LineOf(data, nul)) +
                        ": expected text, found a NUL byte (a binary file, or UTF-16 without a "
                        "byte-order mark?)");
  }
  if (size_t bad = FirstInvalidUtf8(data); bad != std::string_view::npos) {
    return InvalidInput(path + ":" + std::to_string(LineOf(data, bad)) +
                        ": expected UTF-8 text, found byte " + Hex(static_cast<uint8_t>(data[bad])) +
                        " (column " + std::to_string(ColumnOf(data, bad)) +
                        "); if the file is in another encoding, convert it first, e.g. "
                        "iconv -f WINDOWS-1251 -t UTF-8 " + path + " > out.txt");
  }
  return data;
}

Result<TextFormat> ParseTextFormat(std::string_view name) {
  if (name == "auto") return TextFormat::kAuto;
  if (name == "text" || name == "plain" || name == "txt") return TextFormat::kPlain;
  if (name == "markdown" || name == "md") return TextFormat::kMarkdown;
  if (name == "html" || name == "htm") return TextFormat::kHtml;
  return InvalidArgument("--format: expected auto, text, markdown or html, found '" +
                         std::string(name) + "'");
}

}  // namespace tmkit
