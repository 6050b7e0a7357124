// Lookups: the best prior renderings of a text, scored per DESIGN.md and
// doc/scoring.md.
//
// Candidates come from the exact-match index (same match key) and the fuzzy
// index (Store::FindSimilar: every stored text whose token score reaches the
// minimum). Each is then scored as a translator reads it:
//   101  the same text, and the previous segment (LookupOptions::previous)
//        matches the unit's recorded context (prop x-context-pre or prev)
//   100  the same text (whitespace aside) and the same inline codes
//   ≤99  the token score (fuzzy.h), capped at 99 for any other difference,
//        minus one point for each penalty:
//          case          only case or character width differ
//          codes         the inline codes differ
//          placeables    numbers, dates or times differ; the target was adapted
//          multiple-translations   the same source has other translations here
//          alignment     the unit comes from an automatic alignment
//                        (LookupOptions::alignment_penalty points)
// A placeable that differs but cannot be placed in the target counts as a
// word difference instead (the target is shown unadapted).
//
// Thread-safety: a Matcher may be used by several threads at once.
#ifndef TMKIT_CORE_LOOKUP_H_
#define TMKIT_CORE_LOOKUP_H_

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tmkit/core/status.h"
#include "tmkit/core/store.h"
#include "tmkit/core/types.h"

namespace tmkit {

struct LookupOptions {
  std::string source_lang;  // REQUIRED: language of the query
  std::string target_lang;  // REQUIRED: language wanted
  int min_score = 70;       // matches below are dropped
  size_t max_results = 5;
  std::string previous;                // the segment before the query, for 101 context matches
  int alignment_penalty = 1;           // points off units imported from an alignment
  bool adapt = true;                   // rewrite placeables in targets
  SearchCounters* counters = nullptr;  // filled when given (benchmarks)
};

// Matches for `query`, best first (score, then exact language tag, then most
// recent). Each stored target variant is its own match, so a source with
// several translations shows them all. kInvalidArgument for a bad language
// tag or empty query.
Result<std::vector<Match>> Lookup(const Store& store, const Segment& query,
                                  const LookupOptions& options);

// The score of an exact-key candidate (100 or 99) and the reasons for any
// penalty. REQUIRES: MatchKey(query.text) == MatchKey(candidate.text).
int ScoreExact(const Segment& query, const Segment& candidate, std::vector<std::string>* penalties);

// The word-by-word difference of `source` to `query` (both NFC, in `lang`).
std::vector<DiffPart> DiffToQuery(std::string_view query, std::string_view source,
                                  std::string_view lang);

}  // namespace tmkit

#endif  // TMKIT_CORE_LOOKUP_H_
