// XLIFF 1.2 (and 1.1) and 2.0/2.1: what pretranslate and analyze need beyond
// the UnitReader/UnitWriter pair that import and export use (format.h).
//
// An XliffDocument is a parsed file kept with its bytes. It lists every
// segment (translated or not) with its source and target mapped to the
// store's inline-code model, lets the caller fill in targets, and writes the
// file back with everything else — skeleton, notes, unknown namespaces,
// attributes, whitespace — byte for byte as it was.
//
//   Result<std::unique_ptr<XliffDocument>> doc = XliffDocument::Open("in.xlf", {});
//   for (size_t i = 0; i < (*doc)->segments().size(); ++i) {
//     const XliffSegment& s = (*doc)->segments()[i];
//     if (!s.translatable || !s.target_empty) continue;
//     (*doc)->Fill(i, FillFromMatch(...));
//   }
//   Status st = (*doc)->Write("out.xlf");
//
// Thread-safety: one document belongs to one thread.
#ifndef TMKIT_FORMATS_XLIFF_H_
#define TMKIT_FORMATS_XLIFF_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tmkit/core/status.h"
#include "tmkit/core/types.h"
#include "tmkit/formats/format.h"

namespace tmkit {

// 2.2 is a draft (namespace ...:document:2.2); it is read like 2.1, its
// new modules kept verbatim.
enum class XliffVersion { k1_2, k2_0, k2_1, k2_2 };

// One segment of the file (XLIFF 1.2: a <trans-unit>, or one <mrk mtype="seg">
// of its <seg-source>; 2.x: one <segment> of a <unit>).
struct XliffSegment {
  std::string id;           // "file-id/unit-id[/segment-id]": unique in the document
  std::string source_lang;  // normalised BCP 47
  std::string target_lang;  // normalised; empty when the file names none
  Segment source;
  Segment target;            // empty when there is no target or it is empty
  bool target_empty = true;  // no <target>, or one without text or codes
  std::string state;         // the target's state as written ("" when none)
  bool translatable = true;  // false under translate="no"
  std::string previous_source;  // the text of the segment before it in the same file (context)
  int line = 0;                 // where the segment starts
};

// How a target was found, for the markup pretranslate writes with it.
struct XliffFill {
  Segment target;
  int score = 0;          // 0..101 (101 context, 100 exact)
  std::string origin;     // where the match came from (file name), may be empty
  Segment match_source;   // the stored source, for 1.2 <alt-trans> and 2.x <mtc:match>
  Segment match_target;   // the stored target beside it (`target` may be adapted); empty: `target`
};

class XliffDocument {
 public:
  virtual ~XliffDocument() = default;

  // Parses `path` (version by namespace and `version`, never by guess). The
  // same errors as OpenReader: "file:line: what was expected, what was found".
  static Result<std::unique_ptr<XliffDocument>> Open(const std::string& path,
                                                     const ReadOptions& options);

  virtual XliffVersion version() const = 0;
  virtual const std::vector<XliffSegment>& segments() const = 0;

  // Gives segment `i` the target of `fill`, with the state and match markup
  // of its score: 100 and 101 are translations (1.2 state="translated" and
  // state-qualifier="exact-match" or "leveraged-tm"; 2.x state="translated"),
  // lower scores are targets for review (1.2 state="needs-review-translation"
  // plus an <alt-trans match-quality="N">; 2.x the segment stays "initial"
  // with an <mtc:match>). kInvalidArgument for a bad index.
  virtual Status Fill(size_t i, const XliffFill& fill) = 0;

  // Writes the document, filled targets included, through a temporary file
  // renamed at the end. The bytes outside the filled segments are the input's.
  virtual Status Write(const std::string& path) const = 0;
};

// The version of an XLIFF file from its root element's namespace and
// `version` attribute; kInvalidInput (naming both) when they disagree or are
// unknown.
Result<XliffVersion> DetectXliffVersion(const std::string& path);

}  // namespace tmkit

#endif  // TMKIT_FORMATS_XLIFF_H_
