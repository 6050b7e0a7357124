// Per-language data for the sentence segmenter (private to tmkit_core):
// abbreviations with what may follow them, words that commonly start a
// sentence, and month names. See doc/segment.md for how each is used.
//
// Thread-safety: LanguageData() builds each table once (function-local
// statics) and returns immutable data.
#ifndef TMKIT_CORE_SRC_SEGMENT_LISTS_H_
#define TMKIT_CORE_SRC_SEGMENT_LISTS_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace tmkit::segment_internal {

// What an abbreviation's final period means before the next word.
enum class AbbrevKind {
  // Never ends a sentence before a word: titles and words that need a
  // complement (Mr., Gen., St., vs., e.g., ген., z. B.).
  kTitle,
  // Ends the sentence before a capitalised word (etc., Inc., a.m., тис.);
  // continues before a lower-case word, a number or an all-caps acronym.
  kMaybeEnd,
  // Continues before a number only (No. 5, p. 55, ст. 5, Nr. 3); otherwise it
  // is read as a sentence end.
  kBeforeNumber,
  // Usually an adjective or name part (U.S. Army, L.F. Rothschild): continues
  // unless the next word is one that typically starts a sentence (The, He ...).
  kAdjectival,
  // A country or union (U.S., U.K., U.N., E.U.): often the last word of a
  // sentence ("at the U.N. Pyongyang has ..."). Before a capitalised word it
  // continues only when that word is one such names modify (`country_nouns`:
  // Army, Senate, Government, Embassy, dollar ...); never ends before a
  // lower-case word, a number or an uncased letter.
  kCountry,
};

struct LanguageTables {
  // Lower-case, spaces removed ("т.д." for "т. д."), with the final period.
  std::unordered_map<std::u16string, AbbrevKind> abbreviations;
  // Lower-case words that commonly begin a sentence (closed-class words).
  std::unordered_set<std::u16string> starters;
  // Lower-case month names (German "vom 12. Juni": an ordinal, not an end).
  std::unordered_set<std::u16string> months;
  // Abbreviations that, after a number, end the sentence before a
  // capitalised word (2023 р. Потім / 1898 г. В / 100 м. Далі): years, centuries, units.
  std::unordered_set<std::u16string> year_words;
  // Lower-case nouns a kCountry abbreviation modifies (army, senate, embassy).
  std::unordered_set<std::u16string> country_nouns;
  // Lower-case relative pronouns (which, who; який; который): a parenthesis
  // opening with one after a closing quote comments on the quoted sentence.
  std::unordered_set<std::u16string> relatives;
  // Lower-case prepositions that open a fronted adverbial ("At 5 a.m. Mr.
  // Smith went"): a sentence is never that phrase alone.
  std::unordered_set<std::u16string> prepositions;
  bool has_lists = false;  // false: ICU defaults plus the universal rules
};

// The tables for a primary language subtag ("en", "uk"); an empty table set
// for languages without lists. Korean uses the English tables (English
// abbreviations appear in Korean news; Hangul has no case).
const LanguageTables& LanguageData(std::string_view primary_language);

// Lower-cases a UTF-16 string (root locale) and removes spaces.
std::u16string LowerNoSpace(std::u16string_view s);

}  // namespace tmkit::segment_internal

#endif  // TMKIT_CORE_SRC_SEGMENT_LISTS_H_
