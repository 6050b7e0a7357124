// Fuzzy scores as DESIGN.md defines them.
//
//   score = floor(100 × (1 − d / max(|a|, |b|)))
//
// where a and b are the token sequences of the two match keys (MatchKey in
// text.h: NFKC case fold, whitespace folded, codes removed) and d their edit
// distance (insert, delete, substitute; each costs 1). Tokens are the ICU
// word-break segments that are words (letters, numbers, kana, ideographs):
// spaces and punctuation are not tokens. For scripts written without spaces
// between words, and for Korean, whose space-separated eojeol carry particles
// (평양에서 vs 평양), each character other than spaces and punctuation is a
// token. 100 is reserved for identical match keys: any other pair (a comma
// more, say) scores 99 at most. Worked examples: doc/scoring.md.
//
// Thread-safety: all functions are thread-safe.
#ifndef TMKIT_CORE_FUZZY_H_
#define TMKIT_CORE_FUZZY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tmkit {

// How a language's text is cut into tokens for scoring.
enum class TokenUnit { kWord, kCharacter };

// kCharacter for Korean, Japanese, Chinese, Thai, Lao, Khmer, Burmese and
// Tibetan (by primary language subtag), kWord otherwise.
TokenUnit TokenUnitFor(std::string_view lang);

// The tokens of `match_key` (REQUIRES: a MatchKey() result), in order.
std::vector<std::string> ScoringTokens(std::string_view match_key, std::string_view lang);

// Edit distance between two token sequences. With `bound` ≥ 0, the result is
// exact when it is ≤ bound and some value > bound otherwise (a banded
// computation, O(bound × length) instead of O(length²)).
int TokenEditDistance(const std::vector<std::string>& a, const std::vector<std::string>& b,
                      int bound = -1);

// The fuzzy score (0..100) of two texts in language `lang` (see above).
int FuzzyScore(std::string_view a, std::string_view b, std::string_view lang);

}  // namespace tmkit

#endif  // TMKIT_CORE_FUZZY_H_
