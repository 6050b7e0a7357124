// Terminology value types: concept entries with terms in any number of
// languages (the model of TBX: ISO 30042 concept entry / language section /
// term section), as glossary files are read into them and the term base
// keeps them.
//
//   TermEntry e;
//   e.subject = "geography";
//   e.terms.push_back({.lang = "en", .text = "Donetsk Oblast", .part_of_speech = "properNoun",
//                      .status = TermStatus::kPreferred});
//   e.terms.push_back({.lang = "uk", .text = "Донецька область",
//                      .forms = {"Донецької області", "Донецькій області"}});
//   e.terms.push_back({.lang = "en", .text = "Donetsk Region", .status = TermStatus::kAdmitted});
//
// Thread-safety: plain values.
#ifndef TMKIT_CORE_TERMS_H_
#define TMKIT_CORE_TERMS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/core/types.h"

namespace tmkit {

// How a term may be used (TBX administrativeStatus / normativeAuthorization).
enum class TermStatus : uint8_t {
  kUnspecified = 0,
  kPreferred = 1,   // preferredTerm-admn-sts: use this one
  kAdmitted = 2,    // admittedTerm-admn-sts: acceptable
  kDeprecated = 3,  // deprecatedTerm-admn-sts: avoid
  kForbidden = 4,   // supersededTerm-admn-sts / "forbidden": never use (QA flags it)
};

// "preferred", "admitted", "deprecated", "forbidden", "" for kUnspecified.
std::string_view TermStatusName(TermStatus status);
// Reads a status as files write it, case-insensitively: the names above,
// TBX picklist values ("preferredTerm-admn-sts", "deprecatedTerm-admn-sts",
// "supersededTerm-admn-sts", "admittedTerm-admn-sts", v2's "standardizedTerm"
// as preferred), MateCat's forbidden flag ("yes", "true", "1" → forbidden via
// the caller). nullopt when unknown.
std::optional<TermStatus> ParseTermStatus(std::string_view text);

// One term: a designation of the concept in one language.
struct Term {
  std::string lang;  // normalised BCP 47 tag
  std::string text;  // NFC, as the term base writes it (its dictionary form)
  // Other forms a text may use that recognition should also find, when the
  // language's own rules would not (irregular plurals, inflected forms):
  // "Донецькій області". NFC.
  std::vector<std::string> forms;
  bool case_sensitive = false;  // match only as written (US, not us)
  std::string part_of_speech;   // noun, verb, adjective, adverb, properNoun, other; or as read
  TermStatus status = TermStatus::kUnspecified;
  std::string definition;  // the concept's definition in this language (TBX langSec level)
  std::string context;     // an example of use
  std::string note;
  std::string source;  // where the term comes from (TBX admin type="source")
  // Any other data category, kept for the round trip: {type, text}; the
  // type is the TBX data category name ("geographicalUsage", "termType").
  std::vector<Prop> extra;
  bool operator==(const Term&) const = default;
};

// One concept with its terms, in file order.
struct TermEntry {
  uint64_t id = 0;        // the store's id; 0 until stored
  std::string entry_id;   // the file's own id (TBX conceptEntry/@id, termEntry/@id), may be empty
  std::string subject;    // subjectField
  std::string definition; // language-neutral definition (concept level), rare
  std::string note;
  Provenance provenance;  // created / changed (TBX transactionGrp), with who
  std::vector<Term> terms;
  std::vector<Prop> extra;  // other concept-level data categories, {type, text}
  std::string origin;       // the file it was imported from (set by the store)
  bool operator==(const TermEntry&) const = default;

  // The terms of a language matching `lang` (LanguageMatches), in order.
  std::vector<const Term*> TermsIn(std::string_view lang) const;
};

}  // namespace tmkit

#endif  // TMKIT_CORE_TERMS_H_
