// Quality assurance of a translation: the checks `tmkit check` runs on each
// source/target segment pair.
//
//   MemoryTermSource base(entries);            // or StoreTermSource(store)
//   Result<std::vector<QaProblem>> problems = CheckPair(
//       "Shelling in Donetsk Oblast killed 6.", "Обстріл у Донецькій області вбив сімох.",
//       "en", "uk", base);
//   // one problem: kNumberMismatch, source_only {"6"} (сімох is 7)
//
// Three kinds of problem:
//  - term-missing: a glossary term of the source whose entry has renderings
//    in the target language, none of which the target uses. The target is
//    searched with the same recognition as the source (FindTerms in the
//    target language), so an inflected rendering counts: "Donetsk Oblast"
//    is satisfied by "у Донецькій області". Reported once per entry per pair.
//  - forbidden-term: a term whose status is forbidden, found in the source
//    or in the target (QaProblem::side), with the approved terms of its
//    entry in that language.
//  - number-mismatch: the numbers, dates and times of the two sides differ
//    (as multisets of values, one problem per pair listing what each side
//    has that the other lacks). Values are compared, not spellings: 11,000
//    (en) = 11 000 (uk) = 11 тис. = 1만1천 (ko); $2.8bn = 2,8 млрд;
//    "October 23, 2024" = "23 жовтня 2024 року" (a date compares as its day,
//    month and year, so a date read as a date on one side only still
//    matches); 3:00 PM = 15:00; a percentage compares as its number. A value
//    written in digits on one side is also satisfied by the same value in
//    words on the other: six = 6, березні = 3월 (the aligner's number and
//    month words, 1–12 and month names); values written in words on both
//    sides are not compared.
//
// Thread-safety: CheckPair is as thread-safe as the TermSource it reads
// (StoreTermSource: one per thread).
#ifndef TMKIT_GLOSSARIES_QA_H_
#define TMKIT_GLOSSARIES_QA_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/core/status.h"
#include "tmkit/glossaries/recognize.h"

namespace tmkit {

enum class QaKind : uint8_t {
  kTermMissing,     // a source term's approved rendering is not in the target
  kForbiddenTerm,   // a forbidden term is used (in the source or the target)
  kNumberMismatch,  // a number, date or time is on one side only
};
inline constexpr QaKind kAllQaKinds[] = {QaKind::kTermMissing, QaKind::kForbiddenTerm,
                                        QaKind::kNumberMismatch};

// "term-missing", "forbidden-term", "number-mismatch".
std::string_view QaKindName(QaKind kind);

enum class QaSide : uint8_t { kSource, kTarget };

// One problem found in a segment pair.
struct QaProblem {
  QaKind kind = QaKind::kTermMissing;
  // Where the term was found (term-missing: always the source).
  // number-mismatch: kSource.
  QaSide side = QaSide::kSource;

  // Terms. `term`: the words as found in the text (inflected as written);
  // `base_term`: the term as the term base writes it; `renderings`:
  // term-missing: the entry's approved renderings in the target language,
  // best first; forbidden-term: the entry's approved terms in the language
  // of `side` (what to write instead), possibly none. [start, end): code
  // points into the text of `side`.
  std::string term;
  std::string base_term;
  std::vector<std::string> renderings;
  uint64_t entry_id = 0;
  int start = 0;
  int end = 0;

  // number-mismatch: the values each side has and the other lacks, as
  // written ("11,000", "October 23 (day)").
  std::vector<std::string> source_only;
  std::vector<std::string> target_only;

  // One line for people: `"Donetsk Oblast": the target has none of
  // "Донецька область"`.
  std::string detail;

  bool operator==(const QaProblem&) const = default;
};

// Runs every check on one pair: `source` in `src_lang`, its translation
// `target` in `tgt_lang` (plain NFC text, no markup), with the terms of
// `terms`. Problems come in the order: term problems of the source in text
// order, forbidden terms of the target in text order, then the number
// mismatch (at most one).
// Errors: those of `terms` (a damaged store). REQUIRES: valid UTF-8.
Result<std::vector<QaProblem>> CheckPair(std::string_view source, std::string_view target,
                                         std::string_view src_lang, std::string_view tgt_lang,
                                         const TermSource& terms);

// Only the number check (no term base needed): the number-mismatch problem
// of the pair, or an empty vector when the values agree.
std::vector<QaProblem> CheckNumbers(std::string_view source, std::string_view target,
                                    std::string_view src_lang, std::string_view tgt_lang);

}  // namespace tmkit

#endif  // TMKIT_GLOSSARIES_QA_H_
