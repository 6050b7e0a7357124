#include "tmkit/core/fuzzy.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

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

// The match-key form of one token: ASCII is lower-cased in place, anything
// else goes through ICU's NFKC case fold (as MatchKey does for whole texts).
std::string TokenKey(std::string_view token) {
  bool ascii = true;
  for (char c : token) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    std::string key(token);
    for (char& c : key) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return key;
  }
  // Hangul syllables are their own fold, and basic Cyrillic folds to its
  // lower case: skip ICU for these (most Korean, Ukrainian and Russian words).
  std::string key;
  key.reserve(token.size());
  const auto* p = reinterpret_cast<const uint8_t*>(token.data());
  const int32_t n = static_cast<int32_t>(token.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0x0410 && c <= 0x042F) {
      c += 0x20;  // А..Я
    } else if (c >= 0x0400 && c <= 0x040F) {
      c += 0x50;  // Ѐ..Џ (Є, І, Ї, Ў among them)
    } else if (c == 0x0490) {
      c = 0x0491;  // Ґ
    } else if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    } else if (!((c >= 0x0430 && c <= 0x045F) || c == 0x0491 || c == 0x2019 || c == 0x02BC ||
                 (c >= 0xAC00 && c <= 0xD7A3))) {
      return MatchKey(token);  // anything else: ICU
    }
    char buf[4];
    int32_t len = 0;
    U8_APPEND_UNSAFE(buf, len, c);
    key.append(buf, len);
  }
  return key;
}

const char* PlaceableMarker(PlaceableKind kind) {
  switch (kind) {
    case PlaceableKind::kNumber:
      return "\x01N";
    case PlaceableKind::kPercent:
      return "\x01P";
    case PlaceableKind::kDate:
      return "\x01D";
    case PlaceableKind::kTime:
      return "\x01T";
  }
  return "\x01?";
}

// Appends the placeable tokens that start before `before` (and advances *next).
void EmitPlaceables(const std::vector<Placeable>& placeables, size_t before, size_t* next,
                    std::vector<Token>* tokens) {
  while (*next < placeables.size() && placeables[*next].begin < before) {
    const Placeable& p = placeables[*next];
    tokens->push_back({static_cast<uint32_t>(p.begin), static_cast<uint32_t>(p.end),
                       PlaceableMarker(p.kind), static_cast<int>(*next)});
    ++*next;
  }
}

// True if [begin, end) overlaps a placeable; *from is a cursor that only moves forward.
bool InPlaceable(const std::vector<Placeable>& placeables, size_t begin, size_t end, size_t* from) {
  while (*from < placeables.size() && placeables[*from].end <= begin) ++*from;
  return *from < placeables.size() && placeables[*from].begin < end;
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

std::vector<Token> Tokenize(std::string_view text, std::string_view lang,
                            std::vector<Placeable>* found) {
  std::vector<Placeable> local;
  std::vector<Placeable>& placeables = found ? *found : local;
  placeables = FindPlaceables(text, lang);
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 4 + 1);
  size_t next = 0, overlap = 0;
  if (TokenUnitFor(lang) == TokenUnit::kCharacter) {
    const auto* p = reinterpret_cast<const uint8_t*>(text.data());
    int32_t i = 0, n = static_cast<int32_t>(text.size());
    while (i < n) {
      int32_t start = i;
      UChar32 c;
      U8_NEXT(p, i, n, c);
      if (IsSpace(c) || u_ispunct(c)) continue;
      if (InPlaceable(placeables, start, i, &overlap)) continue;
      // A default-ignorable character (soft hyphen, ZWJ) folds to nothing:
      // it is no token (and an empty key is no index key).
      std::string key = TokenKey(text.substr(start, i - start));
      if (key.empty()) continue;
      EmitPlaceables(placeables, start, &next, &tokens);
      tokens.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(i), std::move(key), -1});
    }
    EmitPlaceables(placeables, text.size() + 1, &next, &tokens);
    return tokens;
  }
  icu::BreakIterator* bi = WordBreaker(lang);
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (!bi || U_FAILURE(status)) {
    utext_close(ut);
    if (std::string key = TokenKey(text); !key.empty())
      tokens.push_back({0, static_cast<uint32_t>(text.size()), std::move(key), -1});
    return tokens;
  }
  bi->setText(ut, status);
  int32_t start = bi->first();
  for (int32_t end = bi->next(); end != icu::BreakIterator::DONE; start = end, end = bi->next()) {
    // Words, numbers, kana, ideographs; not spaces or punctuation.
    if (bi->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    if (InPlaceable(placeables, start, end, &overlap)) continue;
    std::string key = TokenKey(text.substr(start, end - start));
    if (key.empty()) continue;
    EmitPlaceables(placeables, start, &next, &tokens);
    tokens.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(end), std::move(key), -1});
  }
  EmitPlaceables(placeables, text.size() + 1, &next, &tokens);
  // The iterator keeps a pointer to the UText: detach it before closing.
  bi->setText(icu::UnicodeString());
  utext_close(ut);
  return tokens;
}

std::vector<std::string> ScoringTokens(std::string_view text, std::string_view lang) {
  std::vector<Token> tokens = Tokenize(text, lang);
  std::vector<std::string> keys;
  keys.reserve(tokens.size());
  for (Token& t : tokens) keys.push_back(std::move(t.key));
  return keys;
}

int FuzzyScore(std::string_view a, std::string_view b, std::string_view lang) {
  if (MatchKey(a) == MatchKey(b)) return 100;
  std::vector<std::string> ta = ScoringTokens(ToNfc(a), lang), tb = ScoringTokens(ToNfc(b), lang);
  const int n = static_cast<int>(ta.size()), m = static_cast<int>(tb.size());
  if (n == 0 && m == 0) return 99;  // the texts differ only in what tokens drop
  return std::min(ScoreFromDistance(TokenEditDistance(ta, tb), n, m), 99);
}

}  // namespace tmkit
