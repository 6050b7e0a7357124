// The HTML report of `tmkit align --report F.html`: both texts side by side,
// one row a link, for a translator to check an alignment the way CAT tools'
// alignment editors show it (Trados' green/amber/red connection quality,
// memoQ's alignment editor).
//
// The page is self-contained (inline CSS, no script, no font, image or any
// other resource fetched) and well-formed XML as well as HTML5, so that any
// XML parser can read it. It shows: a header with both files, their
// languages and sentence counts, the links by type (1-1, 2-1, ...),
// unaligned sentences, flagged links, mean confidence, length ratio and the
// time taken, and a legend; then a plain table, one row a link: link number
// (and its 0-based vecalign form "[3]:[3, 4]", as --links writes it), source
// sentences, link type and confidence, target sentences, flags as badges and
// the evidence. Sentence numbers on the page count from 1. A link is flagged
// when it has any flag. Confidence bands: green >= 0.9, amber 0.5-0.9, red
// < 0.5. A checkbox shows only flagged links (CSS only); each flagged row
// links to the previous and next flagged row. Paragraph starts carry a ¶.
//
// Rendering is linear in the size of the texts (10,000 links: ~9 MB of HTML
// in a few tens of milliseconds) and the page stays light in a browser: one
// fixed-layout table, no script, no per-row work. Print-friendly (toolbar
// and jump links hidden, colours kept, rows not split across pages).
//
// Thread-safety: RenderAlignReport is a pure function.
#ifndef TMKIT_CLI_ALIGN_REPORT_H_
#define TMKIT_CLI_ALIGN_REPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "tmkit/core/align.h"
#include "tmkit/core/segment.h"

namespace tmkit::cli {

struct AlignReportInput {
  std::string src_path, tgt_path, src_lang, tgt_lang;
  const std::vector<Sentence>* src = nullptr;  // null: no sentences
  const std::vector<Sentence>* tgt = nullptr;
  const Alignment* alignment = nullptr;        // null: no links
  double seconds = 0;                          // time the alignment took
};

// The report page (UTF-8). Every text from the input is escaped (<, &,
// quotes; bytes that are not UTF-8 and characters XML cannot carry become
// U+FFFD). A link naming a sentence index beyond the texts shows it as
// missing instead of failing.
std::string RenderAlignReport(const AlignReportInput& input);

// The confidence band's CSS class: "hi" (>= 0.9), "mid" (0.5-0.9), "lo" (< 0.5).
std::string_view ConfidenceBand(double confidence);

}  // namespace tmkit::cli

#endif  // TMKIT_CLI_ALIGN_REPORT_H_
