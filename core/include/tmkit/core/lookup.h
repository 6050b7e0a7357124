// Lookups: the best prior renderings of a text, scored per DESIGN.md.
//
// This version finds exact matches through the store's exact-match index:
// 100 when the text (with whitespace folded) and the inline codes are the
// same; 99 when only case, inline codes or character width differ (same match
// key), with the reasons in Match::penalties. Fuzzy matches come with the
// fuzzy index.
//
// Thread-safety: as Store (concurrent lookups are fine).
#ifndef TMKIT_CORE_LOOKUP_H_
#define TMKIT_CORE_LOOKUP_H_

#include <string>
#include <string_view>
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

}  // namespace tmkit

#endif  // TMKIT_CORE_LOOKUP_H_
