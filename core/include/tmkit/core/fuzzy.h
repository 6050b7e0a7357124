// Fuzzy scores as DESIGN.md defines them.
//
//   score = floor(100 × (1 − d / max(|a|, |b|)))
//
// where a and b are the token sequences of the two texts and d their edit
// distance (insert, delete, substitute; each costs 1). Tokens are the ICU
// word-break segments that are words (letters, numbers, kana, ideographs),
// each in its match-key form (NFKC case fold); spaces and punctuation are not
// tokens. For scripts written without spaces between words, and for Korean,
// whose space-separated eojeol carry particles (평양에서 vs 평양), each
// character other than spaces and punctuation is a token. A placeable (a
// number, percentage, date or time: placeables.h) is one token standing for
// its kind, so that 11 and 12 do not differ as words: the lookup adapts them
// instead. 100 is reserved for identical match keys: any other pair (a comma
// more, say) scores 99 at most. Worked examples: doc/scoring.md.
//
// Thread-safety: all functions are thread-safe.
#ifndef TMKIT_CORE_FUZZY_H_
#define TMKIT_CORE_FUZZY_H_

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/core/placeables.h"

namespace tmkit {

// How a language's text is cut into tokens for scoring.
enum class TokenUnit { kWord, kCharacter };

// kCharacter for Korean, Japanese, Chinese, Thai, Lao, Khmer, Burmese and
// Tibetan (by primary language subtag), kWord otherwise.
TokenUnit TokenUnitFor(std::string_view lang);

// A token of a text: where it is, and what is compared.
struct Token {
  uint32_t begin = 0;  // byte offsets in the text
  uint32_t end = 0;
  // The NFKC case fold of the token's text; for a placeable, a marker of its
  // kind ("\x01N" number, "\x01P" percentage, "\x01D" date, "\x01T" time).
  std::string key;
  int placeable = -1;  // index into the placeables found, or -1
};

// The tokens of `text` (NFC) in language `lang`, in order. The placeables
// found are stored in *placeables when given.
std::vector<Token> Tokenize(std::string_view text, std::string_view lang,
                            std::vector<Placeable>* placeables = nullptr);

// The keys of Tokenize(text, lang).
std::vector<std::string> ScoringTokens(std::string_view text, std::string_view lang);

// Edit distance between two sequences. With `bound` ≥ 0, the result is exact
// when it is ≤ bound and bound + 1 otherwise (a banded computation,
// O(bound × length) instead of O(length²)).
template <typename T>
int EditDistance(std::span<const T> a, std::span<const T> b, int bound = -1) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (bound < 0) bound = std::max(n, m);
  if (std::abs(n - m) > bound) return bound + 1;
  const int kInf = bound + 1;
  // Row i holds distances for b[0..j) within the band |i - j| <= bound.
  std::vector<int> prev(m + 1, kInf), cur(m + 1, kInf);
  for (int j = 0; j <= std::min(m, bound); ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    const int lo = std::max(1, i - bound), hi = std::min(m, i + bound);
    cur[lo - 1] = kInf;
    if (i <= bound) cur[0] = i;
    int row_min = lo == 1 ? cur[0] : kInf;
    for (int j = lo; j <= hi; ++j) {
      int best = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      best = std::min(best, prev[j] + 1);
      best = std::min(best, cur[j - 1] + 1);
      cur[j] = std::min(best, kInf);
      row_min = std::min(row_min, cur[j]);
    }
    if (hi < m) cur[hi + 1] = kInf;
    if (row_min > bound) return kInf;  // every path already costs more
    std::swap(prev, cur);
  }
  return std::min(prev[m], kInf);
}

inline int TokenEditDistance(const std::vector<std::string>& a, const std::vector<std::string>& b,
                             int bound = -1) {
  return EditDistance<std::string>(a, b, bound);
}

// floor(100 × (1 − d / max(n, m))) for sequences of n and m tokens (0 when both are empty).
inline int ScoreFromDistance(int d, int n, int m) {
  const int longest = std::max(n, m);
  if (longest == 0) return 0;
  return std::max(0, 100 * (longest - d) / longest);
}

// The largest distance that still scores `min_score` for sequences of n and m tokens.
inline int MaxDistanceFor(int min_score, int n, int m) {
  return (100 - min_score) * std::max(n, m) / 100;
}

// The fuzzy score (0..100) of two texts in language `lang` (see above).
int FuzzyScore(std::string_view a, std::string_view b, std::string_view lang);

}  // namespace tmkit

#endif  // TMKIT_CORE_FUZZY_H_
