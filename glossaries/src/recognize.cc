// Term recognition: index rows (TermRefsOf), the in-memory source and the
// leftmost-longest matcher. Word keys are in term_keys.cc.
#include "tmkit/glossaries/recognize.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <span>
#include <tuple>

#include "term_keys.h"
#include "tmkit/core/language.h"

namespace tmkit {
namespace {

using internal::KeyLanguage;
using internal::WordSpan;

// Characters that may always separate the words of a term: spaces, hyphens
// (Ростов-на-Дону is also written Ростов на Дону), soft hyphens and other
// invisible format characters.
bool IsFreeSeparator(UChar32 c) {
  return u_isUWhiteSpace(c) || c == '-' || c == 0x2010 || c == 0x2011 || c == 0x00AD ||
         u_charType(c) == U_FORMAT_CHAR;
}

// The characters of a term's gap that are not free separators, as UTF-8.
std::string GapExtras(std::string_view gap) {
  std::string out;
  const auto* p = reinterpret_cast<const uint8_t*>(gap.data());
  const int32_t n = static_cast<int32_t>(gap.size());
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && IsFreeSeparator(c)) continue;
    out.append(gap.substr(start, i - start));
  }
  return out;
}

// True if every character of the text's gap is a free separator or one of
// the term's own (`allowed`).
bool GapFits(std::string_view gap, std::string_view allowed) {
  const auto* p = reinterpret_cast<const uint8_t*>(gap.data());
  const int32_t n = static_cast<int32_t>(gap.size());
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
    if (IsFreeSeparator(c)) continue;
    if (allowed.find(gap.substr(start, i - start)) == std::string_view::npos) return false;
  }
  return true;
}

// True if the two words agree in case letter by letter over their common
// length (US ≠ us; US's = US; Києва = Київ).
bool CaseAgrees(std::string_view a, std::string_view b) {
  const auto* pa = reinterpret_cast<const uint8_t*>(a.data());
  const auto* pb = reinterpret_cast<const uint8_t*>(b.data());
  const int32_t na = static_cast<int32_t>(a.size()), nb = static_cast<int32_t>(b.size());
  int32_t i = 0, j = 0;
  while (i < na && j < nb) {
    UChar32 ca, cb;
    U8_NEXT(pa, i, na, ca);
    U8_NEXT(pb, j, nb, cb);
    if (ca < 0 || cb < 0) return false;
    if (static_cast<bool>(u_isUUppercase(ca)) != static_cast<bool>(u_isUUppercase(cb)) ||
        static_cast<bool>(u_isULowercase(ca)) != static_cast<bool>(u_isULowercase(cb))) {
      return false;
    }
  }
  return true;
}

// Recognition preference among terms of the same length: higher is better.
int StatusRank(TermStatus s) {
  switch (s) {
    case TermStatus::kPreferred: return 3;
    case TermStatus::kAdmitted:
    case TermStatus::kUnspecified: return 2;
    case TermStatus::kDeprecated: return 1;
    case TermStatus::kForbidden: return 0;
  }
  return 2;
}

// Rendering order: lower is better.
int RenderingRank(TermStatus s) {
  switch (s) {
    case TermStatus::kPreferred: return 0;
    case TermStatus::kAdmitted:
    case TermStatus::kUnspecified: return 1;
    case TermStatus::kDeprecated: return 2;
    case TermStatus::kForbidden: return 3;
  }
  return 1;
}

std::vector<std::string> Renderings(const TermEntry& entry, std::string_view tgt_lang) {
  struct Candidate {
    int rank;
    int quality;
    size_t index;
  };
  std::vector<Candidate> found;
  for (size_t i = 0; i < entry.terms.size(); ++i) {
    const Term& t = entry.terms[i];
    if (t.status == TermStatus::kForbidden || t.text.empty()) continue;
    const int quality = LanguageMatchQuality(tgt_lang, t.lang);
    if (quality == 0) continue;
    found.push_back({RenderingRank(t.status), quality, i});
  }
  std::stable_sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
    return std::tie(a.rank, b.quality) < std::tie(b.rank, a.quality);
  });
  // A deprecated term is offered only when the entry has nothing better
  // (Kharkov is not a rendering of Харків next to Kharkiv).
  const bool better = !found.empty() && found.front().rank < RenderingRank(TermStatus::kDeprecated);
  std::vector<std::string> out;
  for (const Candidate& c : found) {
    if (better && c.rank >= RenderingRank(TermStatus::kDeprecated)) break;
    const std::string& text = entry.terms[c.index].text;
    if (std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
  }
  return out;
}

std::string IndexKey(std::string_view lang, std::string_view joined_keys) {
  std::string key = PrimaryLanguage(lang);
  key.push_back('\0');
  key.append(joined_keys);
  return key;
}

}  // namespace

std::string JoinTermKeys(std::span<const std::string> keys) {
  std::string out;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out.push_back('\x1f');
    out.append(keys[i]);
  }
  return out;
}

Status TermSource::Walk(std::string_view lang, std::span<const std::string> keys,
                        std::vector<TermRef>* out, bool* longer) const {
  *longer = false;
  if (keys.empty()) return {};
  std::vector<TermRef> all;
  if (Status s = Candidates(lang, keys[0], &all); !s) return s;
  for (TermRef& r : all) {
    if (r.keys.size() < keys.size() || !std::equal(keys.begin(), keys.end(), r.keys.begin())) {
      continue;
    }
    if (r.keys.size() > keys.size()) {
      *longer = true;
    } else {
      out->push_back(std::move(r));
    }
  }
  return {};
}

std::vector<TermRef> TermRefsOf(const TermEntry& entry, size_t term) {
  std::vector<TermRef> out;
  if (term >= entry.terms.size()) return out;
  const Term& t = entry.terms[term];
  const KeyLanguage kl = internal::KeyLanguageOf(t.lang);
  std::vector<WordSpan> spans;
  auto push_unique = [&](TermRef r) {
    for (const TermRef& o : out) {
      if (o.keys == r.keys && o.gaps == r.gaps && o.words == r.words) return;
    }
    out.push_back(std::move(r));
  };
  auto add = [&](std::string_view surface, int16_t form) {
    internal::SplitWords(surface, t.lang, &spans);
    if (spans.empty()) return;
    TermRef r;
    r.entry_id = entry.id;
    r.term = static_cast<uint16_t>(term);
    r.form = form;
    r.lang = t.lang;
    r.status = t.status;
    r.case_sensitive = t.case_sensitive;
    bool any_gap = false;
    std::vector<std::string> gaps;
    for (size_t i = 0; i < spans.size(); ++i) {
      std::string_view word = surface.substr(spans[i].begin, spans[i].end - spans[i].begin);
      r.keys.push_back(internal::WordKey(word, kl));
      if (t.case_sensitive) r.words.emplace_back(word);
      if (i > 0) {
        gaps.push_back(
            GapExtras(surface.substr(spans[i - 1].end, spans[i].begin - spans[i - 1].end)));
        any_gap |= !gaps.back().empty();
      }
    }
    if (any_gap) r.gaps = std::move(gaps);
    // Korean writes many names both spaced and solid (도네츠크 주, 도네츠크주).
    TermRef joined;
    const bool join = kl == KeyLanguage::kKorean && spans.size() > 1 && !any_gap;
    if (join) {
      std::string solid;
      for (const WordSpan& s : spans) solid.append(surface.substr(s.begin, s.end - s.begin));
      joined = r;
      joined.keys = {internal::WordKey(solid, kl)};
      joined.words.clear();
      if (t.case_sensitive) joined.words = {solid};
    }
    push_unique(std::move(r));
    if (join) push_unique(std::move(joined));
  };
  add(t.text, -1);
  for (size_t f = 0; f < t.forms.size() && f < 0x7FFF; ++f) {
    add(t.forms[f], static_cast<int16_t>(f));
  }
  return out;
}

PreparedEntry PrepareEntry(TermEntry entry) {
  PreparedEntry prepared;
  prepared.entry = std::move(entry);
  const size_t n = std::min<size_t>(prepared.entry.terms.size(), 0xFFFF);
  for (size_t ti = 0; ti < n; ++ti) {
    for (const TermRef& r : TermRefsOf(prepared.entry, ti)) {
      // Every prefix of the shape's keys, so that the index can be walked
      // word by word (TermIndexKey::whole marks the shape's own key).
      for (size_t len = 1; len <= r.keys.size(); ++len) {
        TermIndexKey key{static_cast<uint16_t>(ti),
                         JoinTermKeys(std::span<const std::string>(r.keys.data(), len)),
                         len == r.keys.size()};
        bool seen = false;
        for (const TermIndexKey& k : prepared.keys) {
          seen |= k.term == key.term && k.word_key == key.word_key && k.whole == key.whole;
        }
        if (!seen) prepared.keys.push_back(std::move(key));
      }
    }
  }
  return prepared;
}

// --- MemoryTermSource ---

MemoryTermSource::MemoryTermSource(std::vector<TermEntry> entries) {
  entries_.reserve(entries.size());
  by_id_.reserve(entries.size());
  for (TermEntry& e : entries) Add(std::move(e));
}

uint64_t MemoryTermSource::Add(TermEntry entry) {
  if (entry.id == 0 || by_id_.contains(entry.id)) {
    while (by_id_.contains(next_id_)) ++next_id_;
    entry.id = next_id_;
  }
  next_id_ = std::max(next_id_, entry.id + 1);
  const uint64_t id = entry.id;
  for (size_t ti = 0; ti < entry.terms.size() && ti <= 0xFFFF; ++ti) {
    for (TermRef& r : TermRefsOf(entry, ti)) {
      const auto at = static_cast<uint32_t>(refs_.size());
      const std::span<const std::string> keys(r.keys);
      by_first_[IndexKey(r.lang, keys[0])].push_back(at);
      for (size_t p = 1; p < keys.size(); ++p) {
        by_prefix_[IndexKey(r.lang, JoinTermKeys(keys.first(p)))].longer = true;
      }
      by_prefix_[IndexKey(r.lang, JoinTermKeys(keys))].refs.push_back(at);
      refs_.push_back(std::move(r));
    }
  }
  by_id_.emplace(id, entries_.size());
  entries_.push_back(std::move(entry));
  return id;
}

Status MemoryTermSource::Candidates(std::string_view lang, std::string_view first_key,
                                    std::vector<TermRef>* out) const {
  auto it = by_first_.find(IndexKey(lang, first_key));
  if (it == by_first_.end()) return {};
  for (uint32_t at : it->second) out->push_back(refs_[at]);
  return {};
}

Status MemoryTermSource::Walk(std::string_view lang, std::span<const std::string> keys,
                              std::vector<TermRef>* out, bool* longer) const {
  *longer = false;
  if (keys.empty()) return {};
  auto it = by_prefix_.find(IndexKey(lang, JoinTermKeys(keys)));
  if (it == by_prefix_.end()) return {};
  for (uint32_t at : it->second.refs) out->push_back(refs_[at]);
  *longer = it->second.longer;
  return {};
}

Result<TermEntry> MemoryTermSource::Entry(uint64_t id) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return NotFound("no term entry with id " + std::to_string(id));
  return entries_[it->second];
}

// --- Recognition ---

Result<std::vector<TermHit>> FindTerms(std::string_view text, std::string_view src_lang,
                                       std::string_view tgt_lang, const TermSource& source) {
  std::vector<TermHit> hits;
  const KeyLanguage kl = internal::KeyLanguageOf(src_lang);
  std::vector<WordSpan> spans;
  internal::SplitWords(text, src_lang, &spans);
  const size_t n = spans.size();
  if (n == 0) return hits;

  std::vector<std::vector<std::string>> keys(n);
  for (size_t i = 0; i < n; ++i) {
    internal::TextKeys(text.substr(spans[i].begin, spans[i].end - spans[i].begin), kl, &keys[i]);
  }
  auto word = [&](size_t i) {
    return text.substr(spans[i].begin, spans[i].end - spans[i].begin);
  };

  // Code-point offsets of every word's start and end.
  std::vector<int> cp_begin(n), cp_end(n);
  {
    size_t pos = 0;
    int cp = 0;
    auto advance = [&](size_t to) {
      for (; pos < to; ++pos) cp += (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80;
      return cp;
    };
    for (size_t i = 0; i < n; ++i) {
      cp_begin[i] = advance(spans[i].begin);
      cp_end[i] = advance(spans[i].end);
    }
  }

  // (words, -alternative readings used, status rank, -entry id, -term, -form)
  using Score = std::tuple<size_t, int, int, int64_t, int, int>;
  std::vector<TermRef> candidates;
  std::vector<std::string> path;  // the readings chosen for words i, i+1, …
  std::vector<std::pair<uint64_t, Result<TermEntry>>> entries;  // fetched this call
  for (size_t i = 0; i < n;) {
    bool found = false;
    Score best_score{};
    TermRef best;
    // Checks the TermRefs whose keys are `path` (words i .. i+m-1).
    auto consider = [&](size_t m, int alternatives) {
      for (TermRef& r : candidates) {
        if (r.keys.size() != m || !LanguageMatches(src_lang, r.lang)) continue;
        if (!r.gaps.empty() && r.gaps.size() + 1 != m) continue;
        if (r.case_sensitive && r.words.size() != m) continue;
        bool ok = true;
        for (size_t j = 1; j < m && ok; ++j) {
          std::string_view gap =
              text.substr(spans[i + j - 1].end, spans[i + j].begin - spans[i + j - 1].end);
          ok = GapFits(gap, r.gaps.empty() ? std::string_view() : r.gaps[j - 1]);
        }
        if (ok && r.case_sensitive) {
          for (size_t j = 0; j < m && ok; ++j) ok = CaseAgrees(word(i + j), r.words[j]);
        }
        if (!ok) continue;
        Score score{m, -alternatives, StatusRank(r.status), -static_cast<int64_t>(r.entry_id),
                    -static_cast<int>(r.term), -static_cast<int>(r.form)};
        if (!found || score > best_score) {
          found = true;
          best_score = score;
          best = std::move(r);
        }
      }
    };
    // Depth-first over the readings of words i, i+1, …, while terms go on.
    Status status;
    auto walk = [&](auto&& self, size_t depth, int alternatives) -> void {
      const size_t w = i + depth;
      for (size_t k = 0; k < keys[w].size() && status; ++k) {
        path.resize(depth);
        path.push_back(keys[w][k]);
        const int alt = alternatives + (k > 0);
        candidates.clear();
        bool longer = false;
        status = source.Walk(src_lang, path, &candidates, &longer);
        if (!status) return;
        consider(depth + 1, alt);
        if (longer && w + 1 < n) self(self, depth + 1, alt);
      }
    };
    walk(walk, 0, 0);
    if (!status) return std::unexpected(status.error());
    if (!found) {
      ++i;
      continue;
    }
    const size_t last = i + best.keys.size() - 1;
    TermHit hit;
    hit.byte_start = spans[i].begin;
    hit.byte_end = spans[last].end;
    hit.source = std::string(text.substr(hit.byte_start, hit.byte_end - hit.byte_start));
    hit.start = cp_begin[i];
    hit.end = cp_end[last];
    hit.entry_id = best.entry_id;
    hit.status = best.status;
    hit.forbidden = best.status == TermStatus::kForbidden;
    auto cached = std::find_if(entries.begin(), entries.end(),
                               [&](const auto& e) { return e.first == best.entry_id; });
    if (cached == entries.end()) {
      entries.emplace_back(best.entry_id, source.Entry(best.entry_id));
      cached = entries.end() - 1;
    }
    const Result<TermEntry>& entry = cached->second;
    if (entry) {
      if (best.term < entry->terms.size()) hit.term = entry->terms[best.term].text;
      hit.targets = Renderings(*entry, tgt_lang);
      if (!hit.targets.empty()) hit.target = hit.targets.front();
    } else if (entry.error().code != ErrorCode::kNotFound) {
      return std::unexpected(entry.error());
    }
    hits.push_back(std::move(hit));
    i = last + 1;
  }
  return hits;
}

}  // namespace tmkit
