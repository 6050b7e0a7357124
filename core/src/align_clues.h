// Lexical clues for sentence alignment: the words of a sentence that can be
// recognised in its translation (internal to tmkit_core; see align.h).
#ifndef TMKIT_CORE_ALIGN_CLUES_H_
#define TMKIT_CORE_ALIGN_CLUES_H_

#include <string>
#include <string_view>
#include <vector>

namespace tmkit::align_internal {

// One word of running text: a maximal run of letters, digits and marks
// (apostrophes inside a word kept).
struct Word {
  size_t begin = 0, end = 0;  // bytes
  int script = 0;             // UScriptCode of its first letter (0: common, e.g. digits only)
  bool capitalised = false;   // first letter upper or title case
  bool has_upper = false;     // any upper-case letter
  bool has_digit = false;
  bool has_letter = false;
  int length = 0;  // code points
};

std::vector<Word> SplitWords(std::string_view text);

// The consonant skeleton of a name, the same for its renderings in Latin,
// Cyrillic and Hangul: vowels dropped, consonants mapped to eight classes
// (B = b p f v ф в п б ㅂ ㅍ, K = k g c q ㄱ ㅋ, T = t d ㄷ ㅌ, S = s z j ts ch
// sh ж ш ч ц ㅅ ㅈ ㅊ, R = l r ㄹ, M, N, H = h kh х ㅎ), repeats collapsed.
//   Budanov / Буданов / 부다노프 → "BTNB";  Pyongyang / 평양 → "BNKNK";
//   Donetsk / Донецьк / 도네츠크 → "TNSK".
// `lang` decides ambiguous letters (г is H in uk and be, K in ru). Empty for a
// word in another script.
std::string NameSkeleton(std::string_view word, std::string_view lang);

// The month (1–12) a word names in language `lang` (`folded`: NFKC case
// fold, accents removed): ICU's month names and abbreviations in every
// context (березень, березня; März), inflected forms by their stem in uk, ru
// and other inflecting languages (березні, марте), and `3월` / `3月`. 0 if none.
int MonthOf(std::string_view folded, std::string_view lang);

// The value of a number word (two, дві, двох, двоє, zwei, 두; third, третій)
// for 2–12, the numbers news writes in words; 0 if none.
int SpelledNumber(std::string_view folded, std::string_view lang);

// The multiplier a scale word gives the number before it: thousand, тис.,
// тисячі, млн, million, мільярдів, Mrd. → 1e3, 1e6, 1e9; 0 if none.
double ScaleWord(std::string_view folded);

// A number written with Korean myriad units at the start of a word:
// 1만2천 → 12000, 2천500 → 2500, 1.5억 → 150000000 (counters and particles
// after it ignored). 0 if the word does not start so.
double KoreanNumber(std::string_view word);

}  // namespace tmkit::align_internal

#endif  // TMKIT_CORE_ALIGN_CLUES_H_
