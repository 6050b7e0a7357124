// QA checks on a segment pair: terms (recognition on both sides) and
// numbers (placeables and number words, compared by value).
#include "tmkit/glossaries/qa.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

#include "term_keys.h"
#include "tmkit/core/language.h"
#include "tmkit/core/placeables.h"
#include "tmkit/core/text.h"

// The aligner's number and month words (core/src/align_clues.h), internal to
// tmkit_core, which this library links: declared here exactly as there so
// that QA and alignment read "six", "тис." and "1만2천" alike. Keep in step
// with that header (a change there fails the link, not silently).
namespace tmkit::align_internal {
int MonthOf(std::string_view folded, std::string_view lang);
int SpelledNumber(std::string_view folded, std::string_view lang);
double ScaleWord(std::string_view folded);
double KoreanNumber(std::string_view word);
}  // namespace tmkit::align_internal

namespace tmkit {
namespace {

// --- Terms -------------------------------------------------------------------

int ApprovedRank(TermStatus s) {
  switch (s) {
    case TermStatus::kPreferred: return 0;
    case TermStatus::kAdmitted:
    case TermStatus::kUnspecified: return 1;
    case TermStatus::kDeprecated: return 2;
    case TermStatus::kForbidden: return 3;
  }
  return 1;
}

// The entry's terms in `lang` that may be used, best first (what to write
// instead of a forbidden term).
std::vector<std::string> Approved(const TermEntry& entry, std::string_view lang) {
  std::vector<const Term*> terms;
  for (const Term& t : entry.terms) {
    if (t.status != TermStatus::kForbidden && !t.text.empty() && LanguageMatches(lang, t.lang)) {
      terms.push_back(&t);
    }
  }
  std::stable_sort(terms.begin(), terms.end(), [](const Term* a, const Term* b) {
    return ApprovedRank(a->status) < ApprovedRank(b->status);
  });
  std::vector<std::string> out;
  for (const Term* t : terms) {
    if (std::find(out.begin(), out.end(), t->text) == out.end()) out.push_back(t->text);
  }
  return out;
}

// The readings of every word of a text (TextWordKeys), for the fallback
// check of a rendering that recognition did not pick (another term
// overlapping it won the leftmost-longest choice).
std::vector<std::vector<std::string>> Readings(std::string_view text, std::string_view lang) {
  std::vector<internal::WordSpan> spans;
  internal::SplitWords(text, lang, &spans);
  const internal::KeyLanguage kl = internal::KeyLanguageOf(lang);
  std::vector<std::vector<std::string>> out(spans.size());
  for (size_t i = 0; i < spans.size(); ++i) {
    internal::TextKeys(text.substr(spans[i].begin, spans[i].end - spans[i].begin), kl, &out[i]);
  }
  return out;
}

// True if some non-forbidden term of `entry` in `lang` (its text or a form)
// occurs in the words whose readings are `words`, word keys in a row.
bool EntryInWords(const TermEntry& entry, std::string_view lang,
                  const std::vector<std::vector<std::string>>& words) {
  for (size_t ti = 0; ti < entry.terms.size(); ++ti) {
    const Term& t = entry.terms[ti];
    if (t.status == TermStatus::kForbidden || !LanguageMatches(lang, t.lang)) continue;
    for (const TermRef& ref : TermRefsOf(entry, ti)) {
      const size_t m = ref.keys.size();
      for (size_t i = 0; i + m <= words.size(); ++i) {
        bool all = true;
        for (size_t j = 0; j < m && all; ++j) {
          const std::vector<std::string>& r = words[i + j];
          all = std::find(r.begin(), r.end(), ref.keys[j]) != r.end();
        }
        if (all) return true;
      }
    }
  }
  return false;
}

std::string Quoted(std::string_view s) { return "\u201C" + std::string(s) + "\u201D"; }

std::string QuotedList(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += i + 1 == items.size() ? " or " : ", ";
    out += Quoted(items[i]);
  }
  return out;
}

// --- Numbers -----------------------------------------------------------------

bool IsWordChar(UChar32 c) {
  if (u_isalnum(c)) return true;
  const int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

bool IsApostrophe(UChar32 c) { return c == '\'' || c == 0x2019 || c == 0x02BC; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A run of letters, digits and marks; an apostrophe between letters and a
// '.' or ',' between digits stay inside (Кам'янське, 1.5억).
struct Token {
  size_t begin = 0, end = 0;  // bytes
  bool has_digit = false;
  bool has_letter = false;
};

std::vector<Token> Tokens(std::string_view text) {
  std::vector<Token> out;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  auto peek = [&](int32_t at) -> UChar32 {
    if (at >= n) return -1;
    UChar32 c;
    U8_NEXT(s, at, n, c);
    return c;
  };
  Token current;
  bool in = false;
  UChar32 last = -1;
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    bool word = c >= 0 && IsWordChar(c);
    if (!word && in && c >= 0) {
      const UChar32 next = peek(i);
      if (IsApostrophe(c) && last >= 0 && u_isalpha(last) && next >= 0 && u_isalpha(next)) {
        word = true;
      } else if ((c == '.' || c == ',') && last >= 0 && u_isdigit(last) && next >= 0 &&
                 u_isdigit(next)) {
        word = true;
      }
    }
    if (word) {
      if (!in) {
        current = Token{};
        current.begin = static_cast<size_t>(start);
        in = true;
      }
      current.end = static_cast<size_t>(i);
      if (u_isdigit(c)) current.has_digit = true;
      if (u_isalpha(c)) current.has_letter = true;
    } else if (in) {
      out.push_back(current);
      in = false;
    }
    last = c;
  }
  if (in) out.push_back(current);
  return out;
}

// A multiplier written onto a number: $2.8bn, £5m, 300k (m and k only after
// a currency sign, where they cannot be metres).
double AttachedScale(std::string_view text, size_t begin, size_t end) {
  std::string_view rest = text.substr(end);
  size_t letters = 0;
  while (letters < rest.size() && rest[letters] >= 'a' && rest[letters] <= 'z') ++letters;
  if (letters < rest.size() && static_cast<unsigned char>(rest[letters]) >= 0x80) return 1;
  if (letters < rest.size() && ((rest[letters] >= 'A' && rest[letters] <= 'Z') ||
                                IsDigit(rest[letters]))) {
    return 1;
  }
  const std::string_view suffix = rest.substr(0, letters);
  if (suffix == "bn") return 1e9;
  if (suffix == "tn" || suffix == "trn") return 1e12;
  if (suffix == "mn") return 1e6;
  if (suffix != "m" && suffix != "k") return 1;
  const std::string_view before = text.substr(0, begin);
  bool currency = false;
  for (std::string_view sign : {"$", "\u00A3", "\u20AC", "\u00A5", "\u20B4", "\u20BD"}) {
    currency = currency || before.ends_with(sign);
  }
  return currency ? (suffix == "m" ? 1e6 : 1e3) : 1;
}

enum class AtomKind : uint8_t { kNumber, kMonth, kTime };

// One value of a text: a number (also a percentage, a day, a year), a month
// or a time of day (minutes since midnight). Soft atoms (number and month
// words) only excuse a missing value; they are never missing themselves.
struct Atom {
  AtomKind kind = AtomKind::kNumber;
  double value = 0;
  std::string shown;  // as written
  bool soft = false;
  bool used = false;
  int group = -1;     // the date it is a part of (an index), -1 if none
  std::string part;   // of a date: "day", "month", "year"
};

Atom MakeAtom(AtomKind kind, double value, std::string shown, bool soft = false) {
  Atom a;
  a.kind = kind;
  a.value = value;
  a.shown = std::move(shown);
  a.soft = soft;
  return a;
}

bool SameValue(const Atom& a, const Atom& b) {
  if (a.kind != b.kind) return false;
  const double scale = std::max({1.0, std::fabs(a.value), std::fabs(b.value)});
  return std::fabs(a.value - b.value) <= 1e-9 * scale;
}

// Number and month words the aligner does not list: one (digits 1 are
// common: "1 person", "one of").
int OneWord(std::string_view folded, std::string_view lang) {
  static constexpr std::pair<std::string_view, std::string_view> kOnes[] = {
      {"en", "one"},    {"en", "first"},  {"uk", "один"},   {"uk", "одна"},  {"uk", "одне"},
      {"uk", "одного"}, {"uk", "одній"},  {"uk", "одну"},   {"uk", "одним"}, {"uk", "перший"},
      {"uk", "перша"},  {"uk", "перше"},  {"ru", "один"},   {"ru", "одна"},  {"ru", "одно"},
      {"ru", "одного"}, {"ru", "одной"},  {"ru", "одну"},   {"ru", "одним"}, {"ru", "первый"},
      {"ru", "первая"}, {"ru", "первое"}, {"ko", "\uD55C"}, {"ko", "\uCCAB"}};
  const std::string primary = PrimaryLanguage(lang);
  for (auto [l, word] : kOnes) {
    if (l == primary && word == folded) return 1;
  }
  return 0;
}

std::vector<Atom> Atoms(std::string_view text, std::string_view lang) {
  std::vector<Atom> atoms;
  const std::vector<Token> tokens = Tokens(text);
  auto surface = [&](size_t b, size_t e) { return std::string(text.substr(b, e - b)); };

  // Korean myriad numbers (1만2천 = 12,000), which the placeables read as parts.
  std::vector<std::pair<size_t, size_t>> myriads;
  for (const Token& t : tokens) {
    if (!t.has_digit || !t.has_letter) continue;
    const std::string_view word = text.substr(t.begin, t.end - t.begin);
    if (double value = align_internal::KoreanNumber(word); value > 0) {
      atoms.push_back(MakeAtom(AtomKind::kNumber, value, std::string(word)));
      myriads.emplace_back(t.begin, t.end);
    }
  }

  const std::vector<Placeable> places = FindPlaceables(text, lang);
  for (const Placeable& p : places) {
    const bool inside = std::any_of(myriads.begin(), myriads.end(), [&](auto span) {
      return p.begin < span.second && p.end > span.first;
    });
    if (inside) continue;
    std::string shown = surface(p.begin, p.end);
    switch (p.kind) {
      case PlaceableKind::kNumber:
      case PlaceableKind::kPercent: {
        const std::string_view after = text.substr(p.end);
        // 3월 / 3月 is March.
        if (after.starts_with("\uC6D4") || after.starts_with("\u6708")) {
          atoms.push_back(MakeAtom(AtomKind::kMonth, p.value, shown + std::string(after.substr(0, 3))));
          break;
        }
        double value = p.value;
        if (double attached = AttachedScale(text, p.begin, p.end); attached != 1) {
          value *= attached;
          size_t e = p.end;
          while (e < text.size() && text[e] >= 'a' && text[e] <= 'z') ++e;
          shown = surface(p.begin, e);
        } else if (p.kind == PlaceableKind::kNumber) {
          // 12 тис., 1.5 million, 2,8 млрд.
          auto next = std::find_if(tokens.begin(), tokens.end(),
                                   [&](const Token& t) { return t.begin >= p.end; });
          if (next != tokens.end() && next->has_letter && !next->has_digit &&
              text.substr(p.end, next->begin - p.end).find_first_not_of(" \u00A0") ==
                  std::string_view::npos) {
            const std::string_view word = text.substr(next->begin, next->end - next->begin);
            if (double scale = align_internal::ScaleWord(AccentFold(MatchKey(word)));
                scale > 0) {
              value *= scale;
              shown = surface(p.begin, next->end);
            }
          }
        }
        atoms.push_back(MakeAtom(AtomKind::kNumber, value, shown));
        break;
      }
      case PlaceableKind::kDate:
      {
        const int group = static_cast<int>(&p - places.data());
        auto add = [&](AtomKind kind, int value, const char* part) {
          if (value <= 0) return;
          atoms.push_back(MakeAtom(kind, double(value), shown));
          atoms.back().group = group;
          atoms.back().part = part;
        };
        add(AtomKind::kNumber, p.day, "day");
        add(AtomKind::kMonth, p.month, "month");
        add(AtomKind::kNumber, p.year, "year");
        break;
      }
      case PlaceableKind::kTime:
        atoms.push_back(MakeAtom(AtomKind::kTime, double(p.hour * 60 + std::max(p.minute, 0)), shown));
        break;
    }
  }

  for (const Token& t : tokens) {
    const std::string_view word = text.substr(t.begin, t.end - t.begin);
    if (t.has_digit) {
      // Numbers inside words that the placeables leave alone: 1930s, 125th, 21st.
      if (!t.has_letter || !IsDigit(text[t.begin])) continue;
      const bool covered = std::any_of(places.begin(), places.end(), [&](const Placeable& p) {
        return p.begin < t.end && p.end > t.begin;
      });
      const bool myriad = std::any_of(myriads.begin(), myriads.end(),
                                      [&](auto span) { return span.first == t.begin; });
      size_t digits = t.begin;
      while (digits < t.end && IsDigit(text[digits])) ++digits;
      const std::string_view suffix = text.substr(digits, t.end - digits);
      if (covered || myriad || suffix.size() > 3 || suffix.starts_with("\uC6D4") ||
          suffix.starts_with("\u6708")) {
        continue;
      }
      if (suffix.starts_with(".") || suffix.starts_with(",")) continue;
      atoms.push_back(MakeAtom(AtomKind::kNumber,
                       std::strtod(std::string(text.substr(t.begin, digits - t.begin)).c_str(),
                                   nullptr),
                       std::string(word)));
      continue;
    }
    // Number and month words: soft.
    const std::string folded = AccentFold(MatchKey(word));
    if (int n = align_internal::SpelledNumber(folded, lang); n > 0) {
      atoms.push_back(MakeAtom(AtomKind::kNumber, double(n), std::string(word), true));
    } else if (int one = OneWord(folded, lang); one > 0) {
      atoms.push_back(MakeAtom(AtomKind::kNumber, double(one), std::string(word), true));
    }
    if (int month = align_internal::MonthOf(folded, lang); month > 0) {
      atoms.push_back(MakeAtom(AtomKind::kMonth, double(month), std::string(word), true));
    }
  }
  return atoms;
}

// Pairs the hard atoms of `a` with those of `b` (same kind and value), then
// lets a soft atom of the other side (or, for a time, a number equal to its
// hour) stand in for what is left.
void MatchAtoms(std::vector<Atom>* a, std::vector<Atom>* b) {
  for (Atom& x : *a) {
    if (x.soft) continue;
    for (Atom& y : *b) {
      if (!y.soft && !y.used && SameValue(x, y)) {
        x.used = y.used = true;
        break;
      }
    }
  }
  auto excuse = [](std::vector<Atom>* mine, std::vector<Atom>* other) {
    for (Atom& x : *mine) {
      if (x.soft || x.used) continue;
      for (Atom& y : *other) {
        if (y.used) continue;
        bool fits = y.soft && SameValue(x, y);
        // 15:00 = "at 3 pm" read as a number, "о 15-й".
        if (!fits && x.kind == AtomKind::kTime && y.kind == AtomKind::kNumber) {
          const int minutes = static_cast<int>(x.value);
          fits = minutes % 60 == 0 &&
                 (y.value == minutes / 60 || y.value == (minutes / 60 + 11) % 12 + 1);
        }
        if (fits) {
          x.used = y.used = true;
          break;
        }
      }
    }
  };
  excuse(a, b);
  excuse(b, a);
}

// What is left of `atoms`, as written; a date that is only partly left
// names the parts ("October 23, 2024 (day)").
std::vector<std::string> Unmatched(const std::vector<Atom>& atoms) {
  std::vector<std::string> out;
  std::vector<int> shown_groups;
  for (const Atom& x : atoms) {
    if (x.soft || x.used) continue;
    if (x.group < 0) {
      out.push_back(x.shown);
      continue;
    }
    const bool whole = std::none_of(atoms.begin(), atoms.end(), [&](const Atom& y) {
      return y.group == x.group && y.used;
    });
    if (!whole) {
      out.push_back(x.shown + " (" + x.part + ")");
    } else if (std::find(shown_groups.begin(), shown_groups.end(), x.group) ==
               shown_groups.end()) {
      shown_groups.push_back(x.group);
      out.push_back(x.shown);
    }
  }
  return out;
}

}  // namespace

std::string_view QaKindName(QaKind kind) {
  switch (kind) {
    case QaKind::kTermMissing: return "term-missing";
    case QaKind::kForbiddenTerm: return "forbidden-term";
    case QaKind::kNumberMismatch: return "number-mismatch";
  }
  return "unknown";
}

std::vector<QaProblem> CheckNumbers(std::string_view source, std::string_view target,
                                    std::string_view src_lang, std::string_view tgt_lang) {
  std::vector<Atom> a = Atoms(source, src_lang);
  std::vector<Atom> b = Atoms(target, tgt_lang);
  MatchAtoms(&a, &b);
  QaProblem p;
  p.kind = QaKind::kNumberMismatch;
  p.source_only = Unmatched(a);
  p.target_only = Unmatched(b);
  if (p.source_only.empty() && p.target_only.empty()) return {};
  auto list = [](const std::vector<std::string>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    return out;
  };
  if (!p.source_only.empty()) p.detail = "only in the source: " + list(p.source_only);
  if (!p.target_only.empty()) {
    p.detail += std::string(p.detail.empty() ? "" : "; ") + "only in the target: " +
                list(p.target_only);
  }
  return {std::move(p)};
}

Result<std::vector<QaProblem>> CheckPair(std::string_view source, std::string_view target,
                                         std::string_view src_lang, std::string_view tgt_lang,
                                         const TermSource& terms) {
  Result<std::vector<TermHit>> src_hits = FindTerms(source, src_lang, tgt_lang, terms);
  if (!src_hits) return std::unexpected(src_hits.error());
  // The target in its own language: entry ids to meet the source's terms,
  // and for a forbidden term the approved ones of its language (targets).
  Result<std::vector<TermHit>> tgt_hits = FindTerms(target, tgt_lang, tgt_lang, terms);
  if (!tgt_hits) return std::unexpected(tgt_hits.error());

  std::vector<QaProblem> problems;
  std::vector<uint64_t> checked;
  std::optional<std::vector<std::vector<std::string>>> target_words;
  for (const TermHit& h : *src_hits) {
    if (h.forbidden) {
      QaProblem p;
      p.kind = QaKind::kForbiddenTerm;
      p.side = QaSide::kSource;
      p.term = h.source;
      p.base_term = h.term;
      p.entry_id = h.entry_id;
      p.start = h.start;
      p.end = h.end;
      Result<TermEntry> entry = terms.Entry(h.entry_id);
      if (entry) {
        p.renderings = Approved(*entry, src_lang);
      } else if (entry.error().code != ErrorCode::kNotFound) {
        return std::unexpected(entry.error());
      }
      p.detail = Quoted(h.source) + " is a forbidden term (" + std::string(src_lang) + ")";
      if (!p.renderings.empty()) p.detail += "; use " + QuotedList(p.renderings);
      problems.push_back(std::move(p));
    }
    if (h.targets.empty() ||
        std::find(checked.begin(), checked.end(), h.entry_id) != checked.end()) {
      continue;
    }
    checked.push_back(h.entry_id);
    bool present = false, forbidden_there = false;
    for (const TermHit& t : *tgt_hits) {
      if (t.entry_id != h.entry_id) continue;
      (t.forbidden ? forbidden_there : present) = true;
    }
    // A forbidden rendering is reported as such below, with what to use.
    if (present || forbidden_there) continue;
    Result<TermEntry> entry = terms.Entry(h.entry_id);
    if (!entry && entry.error().code != ErrorCode::kNotFound) {
      return std::unexpected(entry.error());
    }
    if (entry) {
      if (!target_words) target_words = Readings(target, tgt_lang);
      if (EntryInWords(*entry, tgt_lang, *target_words)) continue;
    }
    QaProblem p;
    p.kind = QaKind::kTermMissing;
    p.side = QaSide::kSource;
    p.term = h.source;
    p.base_term = h.term;
    p.renderings = h.targets;
    p.entry_id = h.entry_id;
    p.start = h.start;
    p.end = h.end;
    p.detail = Quoted(h.source) + ": the target has none of " + QuotedList(h.targets);
    problems.push_back(std::move(p));
  }
  for (const TermHit& t : *tgt_hits) {
    if (!t.forbidden) continue;
    QaProblem p;
    p.kind = QaKind::kForbiddenTerm;
    p.side = QaSide::kTarget;
    p.term = t.source;
    p.base_term = t.term;
    p.renderings = t.targets;
    p.entry_id = t.entry_id;
    p.start = t.start;
    p.end = t.end;
    p.detail = Quoted(t.source) + " in the target is a forbidden term (" + std::string(tgt_lang) +
               ")";
    if (!p.renderings.empty()) p.detail += "; use " + QuotedList(p.renderings);
    problems.push_back(std::move(p));
  }
  for (QaProblem& p : CheckNumbers(source, target, src_lang, tgt_lang)) {
    problems.push_back(std::move(p));
  }
  return problems;
}

}  // namespace tmkit
