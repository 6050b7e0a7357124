// TBX constants shared by the reader and the writer (private to tmkit_formats):
// namespaces, the TBX-Basic data categories with their element, the levels
// where TBX-Basic allows them, and their picklists (v2 2008 and v3 2019).
// doc/formats/tbx.md describes the mapping these tables drive.
#ifndef TMKIT_FORMATS_TBX_FORMAT_H_
#define TMKIT_FORMATS_TBX_FORMAT_H_

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

namespace tmkit::tbx {

inline constexpr std::string_view kNamespaceV3 = "urn:iso:std:iso:30042:ed-2";
// Pre-final v3 drafts (TRG package history, older LTAC DCT samples).
inline constexpr std::string_view kNamespaceV3Draft = "urn:iso:std:iso:30042:ed:3.0";

// Where a data category sits (bit mask).
enum Level : unsigned { kConcept = 1, kLang = 2, kTerm = 4 };

// A note that carries data TBX-Basic has no place for starts with
// <ph type="x-tmkit:NAME"/>, then "NAME: text" (readable by any tool).
inline constexpr std::string_view kNotePrefix = "x-tmkit:";
inline constexpr std::string_view kFormName = "form";                    // Term::forms
inline constexpr std::string_view kCaseSensitiveName = "caseSensitive";  // Term::case_sensitive
// A partOfSpeech value outside the picklist, written as "other"/"noun" natively.
inline constexpr std::string_view kPartOfSpeechName = "partOfSpeech";
// The type of an extra that holds a transacGrp: "origination|2010-04-17|Tommy".
inline constexpr std::string_view kTransactionType = "transactionType";

struct Category {
  std::string_view element;  // admin, descrip, termNote, ref, xref, transac, transacNote
  std::string_view type;
  unsigned levels;  // where TBX-Basic allows it
};

// TBX-Basic (2008 XCS and 2019 DCA Schematron agree on the set).
inline constexpr Category kBasicCategories[] = {
    {"admin", "customerSubset", kConcept | kTerm},
    {"admin", "projectSubset", kConcept | kTerm},
    {"admin", "source", kConcept | kLang | kTerm},
    {"descrip", "subjectField", kConcept},
    {"descrip", "context", kTerm},
    {"descrip", "definition", kConcept | kLang},
    {"termNote", "administrativeStatus", kTerm},
    {"termNote", "partOfSpeech", kTerm},
    {"termNote", "geographicalUsage", kTerm},
    {"termNote", "grammaticalGender", kTerm},
    {"termNote", "termLocation", kTerm},
    {"termNote", "termType", kTerm},
    {"ref", "crossReference", kConcept | kTerm},
    {"xref", "externalCrossReference", kConcept | kLang | kTerm},
    {"xref", "xGraphic", kConcept | kLang},
    {"transac", "transactionType", kConcept | kLang | kTerm},
    {"transacNote", "responsibility", kConcept | kLang | kTerm},
};

// Categories of the full TBX (and common in files) that are not TBX-Basic,
// with the element a DCT file would stand for.
inline constexpr Category kOtherCategories[] = {
    {"termNote", "normativeAuthorization", kTerm},
    {"termNote", "grammaticalNumber", kTerm},
    {"termNote", "usageNote", kTerm},
    {"termNote", "register", kTerm},
    {"termNote", "pronunciation", kTerm},
    {"descrip", "explanation", kConcept | kLang | kTerm},
    {"descrip", "example", kConcept | kLang | kTerm},
    {"descrip", "subjectField", kConcept},
    {"ref", "relatedConcept", kConcept | kTerm},
    {"ref", "relatedTerm", kConcept | kTerm},
};

inline const Category* FindBasic(std::string_view element, std::string_view type) {
  for (const Category& c : kBasicCategories) {
    if (c.element == element && c.type == type) return &c;
  }
  return nullptr;
}

// The element a DCT module element named `type` stands for ("partOfSpeech" →
// termNote); "descrip" for a name in no table.
inline std::string_view ElementForCategory(std::string_view type) {
  for (const Category& c : kBasicCategories) {
    if (c.type == type) return c.element;
  }
  for (const Category& c : kOtherCategories) {
    if (c.type == type) return c.element;
  }
  return "descrip";
}

inline constexpr std::string_view kAdminStatusValues[] = {
    "admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts",
    "preferredTerm-admn-sts"};
inline constexpr std::string_view kPartOfSpeechV3[] = {"adjective", "noun", "other", "verb",
                                                       "adverb"};
inline constexpr std::string_view kPartOfSpeechV2[] = {"noun",   "verb",       "adjective",
                                                       "adverb", "properNoun", "other"};
inline constexpr std::string_view kGenderValues[] = {"masculine", "feminine", "neuter", "other"};
inline constexpr std::string_view kTermTypeValues[] = {
    "fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"};
inline constexpr std::string_view kTransactionValues[] = {"origination", "modification"};
inline constexpr std::string_view kTermLocationValues[] = {
    "checkBox",    "comboBox",    "comboBoxElement", "dialogBox",  "groupBox",
    "informativeMessage", "interactiveMessage", "menuItem", "progressBar", "pushButton",
    "radioButton", "slider",      "spinBox",         "tab",        "tableText",
    "textBox",     "toolTip",     "user-definedType"};

template <size_t N>
bool In(const std::string_view (&list)[N], std::string_view value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

template <size_t N>
std::string Join(const std::string_view (&list)[N]) {
  std::string out;
  for (size_t i = 0; i < N; ++i) {
    if (i > 0) out += i + 1 == N ? " or " : ", ";
    out += list[i];
  }
  return out;
}

}  // namespace tmkit::tbx

#endif  // TMKIT_FORMATS_TBX_FORMAT_H_
