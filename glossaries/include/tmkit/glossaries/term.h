// Value types of the glossary library: a term found in a text.
//
// Recognition (recognize.h: FindTerms) produces them; lookups report them in
// their JSON `terms` (DESIGN.md: {"source", "target"}), `term find --json`
// adds `start` and `end`.
//
// Thread-safety: plain values.
#ifndef TMKIT_GLOSSARIES_TERM_H_
#define TMKIT_GLOSSARIES_TERM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "tmkit/core/terms.h"

namespace tmkit {

// A glossary term found in a text, with its approved rendering.
struct TermHit {
  std::string source;  // the term as found in the text (its surface, inflected as written)
  std::string target;  // the approved rendering in the target language, in the form the
                       // base gives it (targets[0]); empty when the entry has none
  int start = 0;       // code-point offsets into the text: [start, end)
  int end = 0;

  uint64_t entry_id = 0;     // TermEntry::id of the entry the term belongs to
  std::string term;          // the matched source term as the base writes it (Term::text)
  TermStatus status = TermStatus::kUnspecified;  // the matched source term's status
  bool forbidden = false;    // the source term is forbidden: the text should not use it
  // Every rendering of the entry in the target language, best first:
  // preferred, then admitted and unspecified (file order within each; an
  // exact language tag before a prefix match); deprecated terms only when
  // the entry has no other. Forbidden terms are never renderings.
  std::vector<std::string> targets;
  size_t byte_start = 0;  // the same span in UTF-8 bytes
  size_t byte_end = 0;

  bool operator==(const TermHit&) const = default;
};

}  // namespace tmkit

#endif  // TMKIT_GLOSSARIES_TERM_H_
