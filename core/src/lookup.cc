#include "tmkit/core/lookup.h"

#include <algorithm>

#include "tmkit/core/language.h"
#include "tmkit/core/text.h"

namespace tmkit {
namespace {

// Codes compared by what a translator sees: kind, type and position.
bool SameCodes(const Segment& a, const Segment& b) {
  if (a.codes.size() != b.codes.size()) return false;
  for (size_t i = 0; i < a.codes.size(); ++i) {
    const InlineCode& x = a.codes[i];
    const InlineCode& y = b.codes[i];
    if (x.kind != y.kind || x.offset != y.offset || x.data != y.data) return false;
  }
  return true;
}

}  // namespace

int ScoreExact(const Segment& query, const Segment& candidate,
               std::vector<std::string>* penalties) {
  std::string q = FoldWhitespace(query.text);
  std::string c = FoldWhitespace(candidate.text);
  if (q != c) {
    // Same match key: the difference is case or a compatibility form (width, ligature).
    if (ToNfc(q) != ToNfc(c)) {
      bool case_only = MatchKey(q) == MatchKey(c);
      penalties->push_back(case_only ? "case" : "text");
    }
  }
  if (!query.codes.empty() || !candidate.codes.empty()) {
    // Compare code positions relative to the whitespace-folded texts only when
    // the texts are identical; otherwise the count and kinds are what matter.
    bool same = q == c && query.text == candidate.text
                    ? SameCodes(query, candidate)
                    : query.codes.size() == candidate.codes.size();
    if (!same) penalties->push_back("codes");
  }
  return penalties->empty() ? 100 : 99;
}

Result<std::vector<Match>> Lookup(const Store& store, const Segment& query,
                                  const LookupOptions& options) {
  Result<std::string> src = NormalizeLanguageTag(options.source_lang);
  if (!src) return std::unexpected(Error{ErrorCode::kInvalidArgument, src.error().message});
  Result<std::string> tgt = NormalizeLanguageTag(options.target_lang);
  if (!tgt) return std::unexpected(Error{ErrorCode::kInvalidArgument, tgt.error().message});
  if (!IsValidUtf8(query.text)) return InvalidArgument("the query is not valid UTF-8");
  Segment q = query;
  NormalizeSegment(&q);
  std::string key = MatchKey(q.text);
  if (key.empty()) return InvalidArgument("the query is empty");

  // Enough candidates to fill max_results even when some lack the target language.
  Result<std::vector<TranslationUnit>> units =
      store.FindByMatchKey(*src, key, std::max<size_t>(options.max_results * 20, 100));
  if (!units) return std::unexpected(units.error());

  struct Ranked {
    Match match;
    int lang_quality;
  };
  std::vector<Ranked> ranked;
  for (const TranslationUnit& unit : *units) {
    // The best source variant of this unit for the query.
    const Variant* source = nullptr;
    int source_quality = 0;
    for (const Variant& v : unit.variants) {
      int quality = LanguageMatchQuality(*src, v.lang);
      if (quality > source_quality && MatchKey(v.segment.text) == key) {
        source = &v;
        source_quality = quality;
      }
    }
    if (!source) continue;
    for (const Variant& v : unit.variants) {
      if (&v == source) continue;
      int tq = LanguageMatchQuality(*tgt, v.lang);
      if (tq == 0) continue;
      Match m;
      m.score = ScoreExact(q, source->segment, &m.penalties);
      m.unit_id = unit.id;
      m.source = source->segment;
      m.target = v.segment;
      m.source_lang = source->lang;
      m.target_lang = v.lang;
      m.origin = unit.origin;
      const Provenance& p = v.provenance.change_date != kNoDate ? v.provenance : unit.provenance;
      m.date = p.change_date != kNoDate ? p.change_date : p.creation_date;
      if (m.score < options.min_score) continue;
      ranked.push_back({std::move(m), source_quality + tq});
    }
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.match.score != b.match.score) return a.match.score > b.match.score;
    if (a.lang_quality != b.lang_quality) return a.lang_quality > b.lang_quality;
    return a.match.date > b.match.date;
  });
  std::vector<Match> out;
  for (Ranked& r : ranked) {
    if (out.size() >= options.max_results) break;
    out.push_back(std::move(r.match));
  }
  return out;
}

}  // namespace tmkit
