// Value types of the glossary library: a term found in a text.
//
// The term base that produces them (import, recognition, built-in places and
// units) is the glossary issue's work; lookups already report `terms` in
// their JSON with this shape (DESIGN.md), empty until a term base exists.
#ifndef TMKIT_GLOSSARIES_TERM_H_
#define TMKIT_GLOSSARIES_TERM_H_

#include <string>

namespace tmkit {

// A glossary term found in a text, with its approved rendering.
struct TermHit {
  std::string source;  // the term as found in the text
  std::string target;  // the approved rendering in the target language
  int start = 0;       // code-point offsets into the text
  int end = 0;
  bool operator==(const TermHit&) const = default;
};

}  // namespace tmkit

#endif  // TMKIT_GLOSSARIES_TERM_H_
