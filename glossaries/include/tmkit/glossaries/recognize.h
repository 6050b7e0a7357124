// Term recognition: every glossary term in a running text, tolerant of case
// and inflection, never inside another word. The rules are in doc/terms.md
// ("Recognition").
//
//   MemoryTermSource base(entries);          // or a store-backed TermSource
//   Result<std::vector<TermHit>> hits =
//       FindTerms("Обстріли в Донецькій області тривають.", "uk", "en", base);
//   // hits->at(0): source "Донецькій області", term "Донецька область",
//   //              target "Donetsk Oblast", start 10, end 27 (code points)
//
// How a term and a text meet. Both are cut into words with the ICU word
// break iterator (a Korean eojeol, particles included, is one word). Each
// word of a term gets one *key* (TermWordKey): NFKC case fold, accents folded
// (AccentFold: ё → е, é → e; й, ї kept), apostrophes unified, then the
// language's inflection removed (uk/ru case endings, English plural and
// possessive). A word of a text gets that key and, when its ending is
// ambiguous, a few more readings (TextWordKeys: Києвом → київ, 평양에서 → 평양,
// churches → church). A term matches a run of text words when each of its
// keys is among the readings of the word at its place, the words are
// separated only by spaces, hyphens or the term's own punctuation, and, for a
// case-sensitive term, the letters agree in case.
//
// The source of terms is an interface (TermSource) so that the LMDB term base
// can serve candidates by (language, first word key) without loading every
// entry; MemoryTermSource is the in-memory implementation (tests, benchmarks,
// small glossaries).
//
// Thread-safety: the free functions are thread-safe. MemoryTermSource is
// safe for concurrent readers once built (Add is not).
#ifndef TMKIT_GLOSSARIES_RECOGNIZE_H_
#define TMKIT_GLOSSARIES_RECOGNIZE_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tmkit/core/status.h"
#include "tmkit/core/store.h"
#include "tmkit/core/terms.h"
#include "tmkit/glossaries/term.h"

namespace tmkit {

// --- Word keys -------------------------------------------------------------

// The key of one word of a term in language `lang` (a BCP 47 tag; only its
// primary subtag matters): the form under which the term is indexed.
//   uk  Донецька, область, Києва, Харкова  → донецьк, област, київ, харків
//   ru  Донецкая, области                  → донецк, област
//   en  Oblasts, Kyiv's, cities            → oblast, kyiv, city
//   ko  평양 → 평양 (a term is written without particles: only folded)
// Other languages: folded only. REQUIRES: valid UTF-8, one word (no spaces).
std::string TermWordKey(std::string_view word, std::string_view lang);

// The readings of one word of a text: TermWordKey(word, lang) first, then the
// keys of other analyses of an ambiguous ending (uk Києвом → київ, районів →
// райін; ru Харьковом → харьков; en churches → church, movies → movie;
// ko 평양에서 → 평양, 함경북도에서는 → 함경북도), without duplicates.
std::vector<std::string> TextWordKeys(std::string_view word, std::string_view lang);

// --- Index rows --------------------------------------------------------------

// One searchable shape of a term: its text or one of its forms, as word keys.
// A TermSource hands these out by (language, keys[0]).
struct TermRef {
  uint64_t entry_id = 0;
  uint16_t term = 0;  // index into TermEntry::terms
  int16_t form = -1;  // -1: the term's text; otherwise an index into Term::forms
  std::string lang;   // the term's language tag
  TermStatus status = TermStatus::kUnspecified;
  bool case_sensitive = false;
  std::vector<std::string> keys;  // TermWordKey of each word, in order; never empty
  // What may separate word i and i+1 besides spaces and hyphens: the term's
  // own punctuation there ("." in "St. Petersburg", "&" in "Procter &
  // Gamble"). Empty when no gap has any (the common case); otherwise
  // keys.size() - 1 strings.
  std::vector<std::string> gaps;
  // The words as written (NFC), for case-sensitive terms only (else empty).
  std::vector<std::string> words;
  bool operator==(const TermRef&) const = default;
};

// Every TermRef of term `term` of `entry` (its text, each form, and for a
// Korean term of several words the same words written together: 도네츠크 주
// → 도네츠크주), identical shapes once. Terms without a word (only
// punctuation) have none. entry.id is copied into each.
std::vector<TermRef> TermRefsOf(const TermEntry& entry, size_t term);

// The keys the term base files `entry` under: for each term, the first word
// key of each of its TermRefs (for Store::ImportTerms, whose FindTermKeys
// finds entries by one word key).
PreparedEntry PrepareEntry(TermEntry entry);

// --- Sources of terms ----------------------------------------------------------

// Where recognition finds terms. An implementation may read lazily: the
// LMDB term base files entries under their first word keys (PrepareEntry)
// and builds TermRefs with TermRefsOf from the entries it reads
// (StoreTermSource, term_base.h).
//
// Recognition walks the source like a trie (Walk): it asks for the terms
// whose word keys are exactly the readings chosen so far, and extends the
// sequence with the next word's readings only while some term goes on. The
// default Walk is built on Candidates (it fetches the terms starting with
// keys[0] at each step); a source whose first words are shared by thousands
// of terms (Ministry, Національний) should override it, as MemoryTermSource
// does, so that a word costs one lookup per word matched, not one visit per
// term that starts with it.
class TermSource {
 public:
  virtual ~TermSource() = default;

  // Appends to *out every TermRef whose language has the primary language of
  // `lang` and whose keys[0] is `first_key` (the caller checks the full tag
  // with LanguageMatches). An error (a damaged store) ends the recognition.
  virtual Status Candidates(std::string_view lang, std::string_view first_key,
                            std::vector<TermRef>* out) const = 0;

  // Appends to *out every TermRef as Candidates does whose keys equal `keys`,
  // and sets *longer to whether some such term has `keys` as a proper prefix
  // of its keys. REQUIRES: !keys.empty().
  virtual Status Walk(std::string_view lang, std::span<const std::string> keys,
                      std::vector<TermRef>* out, bool* longer) const;

  // The entry with this id: kNotFound when there is none (the hit is then
  // reported without renderings).
  virtual Result<TermEntry> Entry(uint64_t id) const = 0;
};

// `keys` joined by U+001F (no key contains it): the sequence as one string,
// whose prefixes on a separator are the sequence's prefixes.
std::string JoinTermKeys(std::span<const std::string> keys);

// An in-memory TermSource: hash tables from (primary language, first key)
// and from (primary language, joined keys of every prefix) to TermRefs.
// About 2.5 KB a three-language entry.
class MemoryTermSource final : public TermSource {
 public:
  MemoryTermSource() = default;
  // Entries with id 0 get the next free id (1, 2, …), in order.
  explicit MemoryTermSource(std::vector<TermEntry> entries);

  // Adds one entry (id 0: the next free id) and returns its id. An entry
  // whose id is taken replaces nothing: it gets a fresh id.
  uint64_t Add(TermEntry entry);

  size_t size() const { return entries_.size(); }

  Status Candidates(std::string_view lang, std::string_view first_key,
                    std::vector<TermRef>* out) const override;
  Status Walk(std::string_view lang, std::span<const std::string> keys,
              std::vector<TermRef>* out, bool* longer) const override;
  Result<TermEntry> Entry(uint64_t id) const override;

 private:
  struct Node {
    std::vector<uint32_t> refs;  // into refs_: terms with exactly these keys
    bool longer = false;         // some term goes on
  };
  std::vector<TermEntry> entries_;
  std::unordered_map<uint64_t, size_t> by_id_;
  std::vector<TermRef> refs_;
  // primary language, '\0', first key → refs_ indices
  std::unordered_map<std::string, std::vector<uint32_t>> by_first_;
  // primary language, '\0', JoinTermKeys(prefix) → Node
  std::unordered_map<std::string, Node> by_prefix_;
  uint64_t next_id_ = 1;
};

// --- Recognition -------------------------------------------------------------

// Every term of `source` in language `src_lang` found in `text`, in text
// order: at each word, the longest term starting there (most words; then one
// matched by its first reading rather than an alternative analysis; then the
// better status: preferred, admitted/unspecified, deprecated, forbidden; then
// the lower entry id) is taken and the search goes on after it, so hits never
// overlap (leftmost-longest). Each hit carries the entry's renderings in
// `tgt_lang` (TermHit::targets) and, for a forbidden source term, forbidden =
// true. Offsets are code points (start, end) and bytes (byte_start,
// byte_end) into `text`.
// Errors: those of `source`. REQUIRES: `text` valid UTF-8 (invalid bytes are
// read as U+FFFD and never match).
Result<std::vector<TermHit>> FindTerms(std::string_view text, std::string_view src_lang,
                                       std::string_view tgt_lang, const TermSource& source);

}  // namespace tmkit

#endif  // TMKIT_GLOSSARIES_RECOGNIZE_H_
