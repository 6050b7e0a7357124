// Sentence alignment of a document pair (an article and its translation).
//
// A dynamic program over beads (1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 1-3, 3-1) in a
// band around the diagonal, scoring each bead with every clue a translator
// uses: a length model whose ratio and spread are estimated for this pair,
// numbers and dates compared by value, identical tokens and names, names
// across scripts (Буданов ↔ Budanov, 평양 ↔ Pyongyang), the store's units
// and glossary pairs as a dictionary, punctuation, and paragraph boundaries.
// A forward-backward pass gives each link its posterior probability, its
// confidence. See doc/align.md.
//
// Example:
//   Result<std::vector<Sentence>> en = SegmentDocument(english, "en");
//   Result<std::vector<Sentence>> uk = SegmentDocument(ukrainian, "uk");
//   Result<Alignment> a = AlignSentences(*en, *uk, {.src_lang = "en", .tgt_lang = "uk"});
//   for (const AlignLink& link : a->links) std::cout << FormatVecalignLink(link) << "\n";
//
// Thread-safety: AlignSentences is thread-safe; the store is only read.
#ifndef TMKIT_CORE_ALIGN_H_
#define TMKIT_CORE_ALIGN_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tmkit/core/segment.h"
#include "tmkit/core/status.h"

namespace tmkit {

class Store;

struct AlignOptions {
  std::string src_lang;  // BCP 47 tags
  std::string tgt_lang;
  // Units of this store with both languages are a dictionary: a source
  // sentence whose fuzzy match (≥ 70) has a target is evidence for target
  // sentences sharing its words. May be null.
  const Store* store = nullptr;
  // The glossary concepts a sentence mentions (the term base: concept ids and
  // how the sentence writes each term), for a text in a language; a concept
  // found on both sides of a link is evidence for it. Empty: no glossary.
  // The command passes the term base's recognition (glossaries library:
  // FindTerms), which tolerates inflection (Донецькій області).
  struct Concept {
    uint64_t id = 0;
    std::string written;
  };
  std::function<std::vector<Concept>(std::string_view text, std::string_view lang)> concepts;
};

// One link: source sentences ↔ target sentences (indices ascending and
// contiguous; one side empty for 1-0 / 0-1).
struct AlignLink {
  std::vector<uint32_t> src;
  std::vector<uint32_t> tgt;
  double confidence = 0;  // 0–1: posterior probability of this link
  // Why a person should look at it: "unaligned" (1-0/0-1), "uncertain"
  // (confidence < 0.5), "numbers" (a number or date on one side only),
  // "length" (length far from the pair's ratio).
  std::vector<std::string> flags;
  // Clues that matched, as a person reads them: "37", "Kharkiv ↔ Харків".
  std::vector<std::string> evidence;
};

struct Alignment {
  std::vector<AlignLink> links;  // in document order; every sentence in exactly one link
  double length_ratio = 1;       // target characters per source character, this pair
  uint32_t band = 0;             // half-width of the search band used (sentences)
};

// Aligns `src` with `tgt`. Paragraph numbers of the sentences are anchors.
// kInvalidArgument for an unknown language tag.
Result<Alignment> AlignSentences(const std::vector<Sentence>& src, const std::vector<Sentence>& tgt,
                                 const AlignOptions& options);

// "[0]:[0, 1]", "[]:[3]" (vecalign format, as the gold sets in ../shared/data/align).
std::string FormatVecalignLink(const AlignLink& link);

}  // namespace tmkit

#endif  // TMKIT_CORE_ALIGN_H_
