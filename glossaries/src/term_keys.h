// Word keys for term recognition (private to tmkit_glossaries): the language
// families that have inflection rules, folding, stemming, and ICU word
// splitting shared by terms and texts. The public face is recognize.h
// (TermWordKey, TextWordKeys).
#ifndef TMKIT_GLOSSARIES_TERM_KEYS_H_
#define TMKIT_GLOSSARIES_TERM_KEYS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tmkit::internal {

enum class KeyLanguage : uint8_t { kOther, kEnglish, kUkrainian, kRussian, kKorean };

// By the primary subtag of `lang`: en, uk, ru, ko; anything else kOther.
KeyLanguage KeyLanguageOf(std::string_view lang);

// NFKC case fold + AccentFold, apostrophes (’ ʼ ‘) → '. One word.
std::string FoldWord(std::string_view word);

// TermWordKey with the language resolved.
std::string WordKey(std::string_view word, KeyLanguage lang);

// TextWordKeys with the language resolved; *out is cleared first.
void TextKeys(std::string_view word, KeyLanguage lang, std::vector<std::string>* out);

// A word of a text: its bytes [begin, end).
struct WordSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
};

// The words of `text` (ICU word break for `lang`: letters, numbers, kana,
// ideographs; not spaces or punctuation), in order.
void SplitWords(std::string_view text, std::string_view lang, std::vector<WordSpan>* out);

}  // namespace tmkit::internal

#endif  // TMKIT_GLOSSARIES_TERM_KEYS_H_
