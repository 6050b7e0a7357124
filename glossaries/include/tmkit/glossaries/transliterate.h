// Transliteration suggestions: a Latin rendering for a name the term base
// does not know. A romanisation is never an approved translation (news writes
// "Zelensky", "Kim Jong Un", not "Zelenskyi", "Gimjeongeun"): whatever shows it
// must label it a suggestion, and a term base hit always wins.
//
//   Romanize("Запоріжжя", "uk")  → "Zaporizhzhia"  (KMU Resolution 55, 2010)
//   Romanize("Щёлково", "ru")    → "Shchelkovo"    (BGN/PCGN, ASCII-ised)
//   Romanize("평양", "ko")        → "Pyeongyang"    (ICU Hangul-Latin, RR-like)
//
//   std::vector<TermHit> hits = *FindTerms(text, "uk", "en", base);
//   for (const NameSuggestion& s : SuggestNames(text, "uk", "en", hits))
//     // s.source "Зеленського", s.target "Zelenskyi", s.as_written "Zelenskoho",
//     // s.start/s.end code points, s.suggestion == true
//
// Schemes, by the source language's primary subtag (doc/terms.md,
// "Transliteration suggestions"):
//   uk  the official national romanisation (Cabinet of Ministers Resolution 55
//       of 27 January 2010), a table in transliterate.cc: Київ → Kyiv,
//       Юрій Їжакевич → Yurii Yizhakevych, Згурівка → Zghurivka;
//   ru  ICU "Russian-Latin/BGN", then diacritics, primes (ʹ ʺ) and the BGN
//       separator dot (·) dropped: Щёлково → Shchelkovo, Подъячев → Podyachev;
//   ko  ICU "Hangul-Latin" (Revised Romanisation-like), the syllable hyphens
//       removed, each word capitalised: 김정은 → Gimjeongeun;
//   any other non-Latin text: ICU "Any-Latin; Latin-ASCII" (Αθήνα → Athena).
// Latin text (and Latin parts of a mixed text) is returned as written.
//
// Thread-safety: the functions are thread-safe; the ICU transliterators are
// built once per thread and kept.
#ifndef TMKIT_GLOSSARIES_TRANSLITERATE_H_
#define TMKIT_GLOSSARIES_TRANSLITERATE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/glossaries/term.h"

namespace tmkit {

// Scheme names, as RomanizationScheme returns them.
inline constexpr std::string_view kSchemeUkrainianNational = "uk-Latn/KMU2010";
inline constexpr std::string_view kSchemeRussianBgn = "ru-Latn/BGN-ASCII";
inline constexpr std::string_view kSchemeHangul = "ko-Latn/Hangul-Latin";
inline constexpr std::string_view kSchemeAnyLatin = "Any-Latin/ASCII";

// `text` in Latin letters, by the scheme of `from_lang` (a BCP 47 tag; only its
// primary subtag matters) for the script it is written in: Cyrillic under uk
// or ru, Hangul (any language), any other non-Latin script Any-Latin;
// Latin-ASCII (also Cyrillic under a language other than uk and ru). Spaces,
// punctuation, digits and Latin letters are kept as written. Case is kept:
// a capitalised word comes out title case (Щорс → Shchors), an all-caps word
// all caps (ЩОРС → SHCHORS); Korean words are capitalised.
// Never fails: should ICU be unable to build a transliterator, the text it
// would have handled is returned unchanged. REQUIRES: valid UTF-8 (invalid
// bytes come out as U+FFFD).
std::string Romanize(std::string_view text, std::string_view from_lang);

// The scheme Romanize applies to text of `from_lang` in that language's own
// script: kSchemeUkrainianNational (uk), kSchemeRussianBgn (ru), kSchemeHangul
// (ko), kSchemeAnyLatin (anything else).
std::string_view RomanizationScheme(std::string_view from_lang);

// True when `lang` (BCP 47) is written in Latin script by default (ICU likely
// subtags: en, de, pl, tr, az, sr-Latn; not uk, ru, ko, sr, el, zh).
bool IsLatinScriptLanguage(std::string_view lang);

// A name found in a text that no glossary hit covers, with a suggested Latin
// rendering. Shaped like TermHit (source, target, offsets) so the two can be
// listed together; `suggestion` is always true: it is a transliteration, not
// an approved rendering.
struct NameSuggestion {
  std::string source;      // the name as written in the text (one or more words)
  std::string target;      // the suggested rendering: the romanised base form when an
                           // inflected surname/adjective ending was restored
                           // (Зеленського → Zelenskyi), else as_written
  std::string as_written;  // Romanize(source): the surface, inflection and all
  std::string scheme;      // RomanizationScheme(src_lang)
  int start = 0;           // code-point offsets into the text: [start, end)
  int end = 0;
  size_t byte_start = 0;   // the same span in UTF-8 bytes
  size_t byte_end = 0;
  bool suggestion = true;  // always true: show it as "suggested", never as a term

  bool operator==(const NameSuggestion&) const = default;
};

// The names of `text` (language `src_lang`) not covered by `known` (the hits
// FindTerms returned for the same text; their code-point offsets are used),
// each with a Latin rendering for `tgt_lang`, in text order, never
// overlapping each other or a known hit.
//
// Returns nothing when `tgt_lang` is not a Latin-script language
// (IsLatinScriptLanguage), or `src_lang` is not uk or ru. Korean has no
// capital letters to tell names by, so ko texts get no automatic suggestions:
// romanise a selection with Romanize(selection, "ko") instead.
//
// uk/ru: a name is a run of capitalised words (Володимир Зеленський,
// Івано-Франківськ, Ростов-на-Дону, В. Зеленський) separated by spaces, a
// hyphen, or the period of an initial. Not names: all-caps words (ЗСУ, США:
// abbreviations belong in the glossary), one-letter words that are not an
// initial, capitalised function words (У, На, До, Та, …), Latin words, and the
// first word of a sentence unless the text capitalises the same word
// mid-sentence elsewhere or a hyphen ties it to the next word (Заява
// Зеленського → Зеленського; Юлія Тимошенко opening a sentence → Тимошенко).
// Inflection: words with an ending whose base form is certain, that of an
// adjectival surname or place (uk -ського/-ському/-ським → -ський,
// -ської/-ській/-ською → -ська, -енка/-енку/-енком/-енкові → -енко; ru
// -ского/-скому/-ским → -ский, -скую → -ская; -цьк-/-зьк-, -цк- alike), are
// romanised in the base form in `target`; other words keep their surface form
// (Маріуполя → Mariupolia). `as_written` is always the romanised surface.
// REQUIRES: valid UTF-8; `known` offsets into this same text.
std::vector<NameSuggestion> SuggestNames(std::string_view text, std::string_view src_lang,
                                         std::string_view tgt_lang,
                                         const std::vector<TermHit>& known);

}  // namespace tmkit

#endif  // TMKIT_GLOSSARIES_TRANSLITERATE_H_
