// Sentence segmentation of running text (news and similar prose), per language.
//
// ICU's sentence break iterator does most of the work; tmkit adds what ICU 72
// lacks (../shared/notes/icu.md §1): per-language abbreviation lists (en, uk,
// ru, ko, de, fr; case-insensitive), multi-dot abbreviations (U.S., U.K.,
// Ph.D.), initials (В. Зеленський, J. R. R. Tolkien), `р.`/`г.` after a year
// kept as a sentence end, Korean `-다.` with or without a following space,
// quotes and ellipses. Paragraphs are hard boundaries: a sentence never
// crosses a blank line, a Markdown heading or list item, or an HTML block.
//
// Example:
//   Result<std::vector<Sentence>> s =
//       SegmentDocument("Mr. Lee met Gen. Kim.\n\nThe U.S. Army said so.", "en");
//   // (*s)[0].text == "Mr. Lee met Gen. Kim.", paragraph 0
//   // (*s)[1].text == "The U.S. Army said so.", paragraph 1
//
// Thread-safety: all functions are thread-safe (ICU iterators are per call or
// per thread).
#ifndef TMKIT_CORE_SEGMENT_H_
#define TMKIT_CORE_SEGMENT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/core/status.h"

namespace tmkit {

enum class TextFormat {
  kAuto,      // Markdown or HTML when the content says so, else plain
  kPlain,     // blank lines separate paragraphs; a single line break ends a sentence
              // (list entries, headlines, one item a line) unless the text is wrapped
              // there: a long line followed by a lower-case word, a line the next word
              // would not have fitted on (hard-wrapped prose), a trailing space
              // (format=flowed), or a line ending in `,` `;` or a hyphen
  kMarkdown,  // also: each heading, list item, block quote and table row is a paragraph; markers removed
  kHtml,      // block elements (p, h1-h6, li, td, br, div, ...) are paragraphs; tags removed, entities decoded
};

// One sentence of a document.
struct Sentence {
  std::string text;        // NFC, trimmed, inner whitespace runs folded to one space (a lone
                           // no-break space, as in `6 000`, is kept), markup removed
  uint32_t paragraph = 0;  // 0-based paragraph index in the document
  size_t begin = 0;        // byte span in the input the sentence was taken from
  size_t end = 0;
};

// The sentences of one paragraph of text in language `lang` (a BCP 47 tag):
// no paragraph logic, line breaks are spaces. Empty for blank text.
std::vector<std::string> SplitSentences(std::string_view paragraph, std::string_view lang);

// Paragraphs first, then sentences in each. kInvalidInput for text that is
// not UTF-8 ("byte N: ..."), so that callers can name the file.
Result<std::vector<Sentence>> SegmentDocument(std::string_view text, std::string_view lang,
                                              TextFormat format = TextFormat::kAuto);

// A presegmented document: each non-blank line is one sentence (trimmed), in
// order; a blank line starts a new paragraph and is not a sentence, so
// sentence indices are those of the non-blank lines. kInvalidInput for text
// that is not UTF-8 ("line N: ...").
Result<std::vector<Sentence>> ReadPresegmented(std::string_view text);

// The text of a file for segmenting: UTF-8 (a BOM is dropped) or UTF-16 with a
// BOM (converted). kNotFound / kIOError naming the file; kInvalidInput
// "path:line: ..." for bytes that are not text (invalid UTF-8, NUL bytes).
Result<std::string> LoadTextFile(const std::string& path);

// Parses a --format value for segment/align: "auto", "text", "markdown", "html".
Result<TextFormat> ParseTextFormat(std::string_view name);

}  // namespace tmkit

#endif  // TMKIT_CORE_SEGMENT_H_
