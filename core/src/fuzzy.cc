#include "tmkit/core/fuzzy.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>
#include <memory>

#include "tmkit/core/language.h"
#include "tmkit/core/text.h"

namespace tmkit {
namespace {

bool IsSpace(UChar32 c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// One word break iterator per language and thread (creating one is costly).
icu::BreakIterator* WordBreaker(std::string_view lang) {
  thread_local std::map<std::string, std::unique_ptr<icu::BreakIterator>> cache;
  std::string key = PrimaryLanguage(lang);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second.get();
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> bi(
      icu::BreakIterator::createWordInstance(icu::Locale(key.c_str()), status));
  if (U_FAILURE(status)) bi.reset();
  return cache.emplace(key, std::move(bi)).first->second.get();
}

}  // namespace

TokenUnit TokenUnitFor(std::string_view lang) {
  static constexpr std::string_view kCharacterLanguages[] = {"ko", "ja", "zh", "yue", "wuu", "th",
                                                             "lo", "km", "my", "bo",  "dz"};
  std::string primary = PrimaryLanguage(lang);
  for (std::string_view l : kCharacterLanguages) {
    if (primary == l) return TokenUnit::kCharacter;
  }
  return TokenUnit::kWord;
}

std::vector<std::string> ScoringTokens(std::string_view key, std::string_view lang) {
  std::vector<std::string> tokens;
  if (TokenUnitFor(lang) == TokenUnit::kCharacter) {
    const auto* p = reinterpret_cast<const uint8_t*>(key.data());
    int32_t i = 0, n = static_cast<int32_t>(key.size());
    while (i < n) {
      int32_t start = i;
      UChar32 c;
      U8_NEXT(p, i, n, c);
      if (!IsSpace(c) && !u_ispunct(c)) tokens.emplace_back(key.substr(start, i - start));
    }
    return tokens;
  }
  icu::BreakIterator* bi = WordBreaker(lang);
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, key.data(), static_cast<int64_t>(key.size()), &status);
  if (!bi || U_FAILURE(status)) {
    utext_close(ut);
    tokens.emplace_back(key);
    return tokens;
  }
  bi->setText(ut, status);
  int32_t start = bi->first();
  for (int32_t end = bi->next(); end != icu::BreakIterator::DONE; start = end, end = bi->next()) {
    // Words, numbers, kana, ideographs; not spaces or punctuation.
    if (bi->getRuleStatus() >= UBRK_WORD_NONE_LIMIT)
      tokens.emplace_back(key.substr(start, end - start));
  }
  // The iterator keeps a pointer to the UText: detach it before closing.
  bi->setText(icu::UnicodeString());
  utext_close(ut);
  return tokens;
}

int TokenEditDistance(const std::vector<std::string>& a, const std::vector<std::string>& b,
                      int bound) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (bound < 0) bound = std::max(n, m);
  if (std::abs(n - m) > bound) return bound + 1;
  const int kInf = bound + 1;
  // Row i holds distances for b[0..j) within the band |i - j| <= bound.
  std::vector<int> prev(m + 1, kInf), cur(m + 1, kInf);
  for (int j = 0; j <= std::min(m, bound); ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    int lo = std::max(1, i - bound), hi = std::min(m, i + bound);
    std::fill(cur.begin(), cur.end(), kInf);
    if (i <= bound) cur[0] = i;
    int row_min = cur[0];
    for (int j = lo; j <= hi; ++j) {
      int best = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      best = std::min(best, prev[j] + 1);
      best = std::min(best, cur[j - 1] + 1);
      cur[j] = std::min(best, kInf);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > bound) return kInf;  // every path already costs more
    std::swap(prev, cur);
  }
  return std::min(prev[m], kInf);
}

int FuzzyScore(std::string_view a, std::string_view b, std::string_view lang) {
  std::string ka = MatchKey(a), kb = MatchKey(b);
  if (ka == kb) return 100;
  std::vector<std::string> ta = ScoringTokens(ka, lang), tb = ScoringTokens(kb, lang);
  const int n = static_cast<int>(std::max(ta.size(), tb.size()));
  if (n == 0) return 99;  // keys differ only in what tokens drop
  int d = TokenEditDistance(ta, tb);
  int score = 100 * (n - d) / n;
  return std::min(std::max(score, 0), 99);
}

}  // namespace tmkit
