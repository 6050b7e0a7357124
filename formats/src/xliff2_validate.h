// tmkit's own XLIFF 2.0/2.1/2.2 validator. Private to tmkit_formats.
//
// Import runs no XSD or Schematron engine, so this checks in code both what
// the OASIS schemas express (required attributes, allowed children and their
// order, enumerated values, NMTOKEN ids, where extensions may appear) and the
// rules no schema checks (BCP 47 well-formedness, inherited xml:lang against
// srcLang/trgLang, xml:space agreement, id uniqueness per scope, <sc>/<ec> and
// <sm>/<em> pairing, dataRef targets, fragment identifiers, copyOf, editing
// hints, and the mtc/gls/mda/res/ctr/slr/val/fs module constraints). The rules
// and the test-suite files that exercise each are in
// doc/formats/xliff2-validation.md.
//
// Streaming: one pass with XmlPullParser; memory is bounded by the element
// depth and the ids/codes of one <unit> (plus the unit ids of one <file>, for
// subFlows references).
//
// Thread-safety: a free function with no shared state.
#ifndef TMKIT_FORMATS_XLIFF2_VALIDATE_H_
#define TMKIT_FORMATS_XLIFF2_VALIDATE_H_

#include <string>

#include "tmkit/core/status.h"

namespace tmkit::internal {

// Checks an XLIFF 2.0/2.1/2.2 file against the rules of the specification
// that tmkit enforces (see doc/formats/xliff2-validation.md). {} when the
// file passes; kInvalidInput "file:line: <what rule>: expected …, found …" for
// the first problem (malformed XML too, with the parser's message); kIOError
// when the file cannot be opened. A root that is not an XLIFF 2 <xliff> is
// kInvalidInput. Streaming: memory bounded by the element depth and the ids of
// one unit/file.
Status ValidateXliff2(const std::string& path);

// The same, for a document in memory; `name` is used in messages.
Status ValidateXliff2Text(const std::string& text, const std::string& name);

// True if `tag` is a well-formed BCP 47 language tag (RFC 5646 section 2.1
// syntax, including the grandfathered tags); case-insensitive. Validity
// against the IANA registry is not checked.
bool IsWellFormedBcp47(const std::string& tag);

}  // namespace tmkit::internal

#endif  // TMKIT_FORMATS_XLIFF2_VALIDATE_H_
