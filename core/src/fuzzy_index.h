// The fuzzy index: token postings that find every stored text within a fuzzy
// score of a query without scanning the store (private to tmkit_core).
//
// Tables (in the store's LMDB environment, written in the same transactions
// as the units they index):
//   vocab      token key (NFKC case fold) → token id (u32 BE)
//   vocab_ids  token id → token key (for verify)
//   vocab_fold accent fold of a token key (AccentFold) → token ids (DUPSORT),
//              for accent-insensitive concordance
//   postings   token id (u32 BE) | length bucket (u8) | primary language
//              → unit ids (u64 BE, DUPSORT | DUPFIXED, ascending)
//   tokens     unit id (u64 BE) | primary language → for each variant in that
//              language: its tag and token ids (varints)
// A unit's ids only ever grow (ids are never reused), so the postings of an
// import are appended at the end of each list: an import dirties the last
// page of each list it touches, not the whole list.
//
// Search (SearchSimilar), for a query of q tokens and a minimum score θ:
// 1. Length filter: a text of n tokens can score θ only if
//    θ·q/100 ≤ n ≤ 100·q/θ; postings are keyed by length bucket, so only the
//    buckets in that range are read.
// 2. Prefix filter: an edit script within the score destroys (deletes or
//    substitutes) at most D = ⌊(100 − θ)·q/100⌋ of the query's tokens (proof
//    in doc/scoring.md), so every match shares a token with any D + 1 query
//    positions. The rarest tokens are probed (unknown tokens are destroyed in
//    every candidate and so lower the number of positions needed).
// 3. Count filter: with p probed positions, a candidate sharing fewer than
//    p − D of them cannot match; extra cheap probes make this filter bite.
// 4. Verification: the banded edit distance over token ids (fuzzy.h).
// The result equals an exhaustive scan's for every text scoring ≥ θ
// (tests/core/fuzzy_index_test.cc checks this on random stores).
#ifndef TMKIT_CORE_FUZZY_INDEX_H_
#define TMKIT_CORE_FUZZY_INDEX_H_

#include <lmdb.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "tmkit/core/status.h"
#include "tmkit/core/store.h"
#include "tmkit/core/types.h"

namespace tmkit::internal {

struct FuzzyTables {
  MDB_dbi vocab = 0, vocab_ids = 0, vocab_fold = 0, postings = 0, tokens = 0, meta = 0;
};

// The tokens of every variant of `unit` (texts NFC). Thread-safe.
std::vector<VariantTokens> UnitTokens(const TranslationUnit& unit);

// The length bucket of a text of n tokens, and the lengths a bucket holds.
uint8_t LengthBucket(uint32_t n);
std::pair<uint32_t, uint32_t> BucketLengths(uint8_t bucket);

// Adds units to the index during one write transaction at a time. Postings
// are buffered and written sorted by Flush(), which the owner calls before
// every commit; the vocabulary cache survives commits but not an abort.
class FuzzyIndexWriter {
 public:
  explicit FuzzyIndexWriter(const FuzzyTables& tables) : t_(tables) {}

  // Reads the next token id. Call at the start of each transaction.
  int Begin(MDB_txn* txn);
  // Indexes unit `id` (greater than every id indexed before).
  int Add(MDB_txn* txn, uint64_t id, const std::vector<VariantTokens>& variants);
  // Writes the buffered postings and new vocabulary, in key order.
  int Flush(MDB_txn* txn);
  // Pages the flushed writes dirtied since ResetPages(), estimated.
  uint64_t dirty_pages() const { return dirty_pages_; }
  void ResetPages() { dirty_pages_ = 0; }
  size_t buffered() const { return postings_.size(); }

 private:
  int TokenId(MDB_txn* txn, const std::string& key, uint32_t* id);

  FuzzyTables t_;
  uint32_t next_token_ = 1;
  std::unordered_map<std::string, uint32_t> cache_;
  std::vector<std::pair<std::string, uint32_t>> new_tokens_;
  std::vector<std::pair<std::string, uint64_t>> postings_;  // key, unit id
  std::string record_;
  uint64_t dirty_pages_ = 0;
};

// Removes unit `id`'s entries (tokens and postings). MDB_NOTFOUND is not an
// error (nothing indexed).
int RemoveFromFuzzyIndex(MDB_txn* txn, const FuzzyTables& tables, uint64_t id);

// Every variant in a language matching `lang` whose tokens score ≥ min_score
// (1–100) against `query` (token keys), skipping unit ids ≥ hide_from.
// Sorted by score, best first, then by id.
Result<std::vector<SimilarHit>> SearchSimilar(MDB_txn* txn, const FuzzyTables& tables,
                                              std::string_view lang,
                                              const std::vector<std::string>& query, int min_score,
                                              uint64_t hide_from, SearchCounters* counters);

// Variants in a language matching `lang` (any language when empty) whose
// tokens contain `phrase` (token keys) contiguously, accents ignored
// (AccentFold), newest (highest id) first, at most `limit`, skipping ids ≥
// hide_from. *total gets the number of variants found (all of them, not
// just the first `limit`) — or, when more than `max_checked` units would
// have to be checked, an estimate, with *exact false.
Result<std::vector<PhraseHit>> SearchPhrase(MDB_txn* txn, const FuzzyTables& tables,
                                            std::string_view lang,
                                            const std::vector<std::string>& phrase, size_t limit,
                                            uint64_t hide_from, size_t max_checked,
                                            uint64_t* total, bool* exact);

// Consistency of the index against the units (for Verify): `expected` is
// UnitTokens() of every stored unit, given one at a time.
class FuzzyIndexChecker {
 public:
  explicit FuzzyIndexChecker(const FuzzyTables& tables) : t_(tables) {}
  // Compares a unit's stored token record with its texts' tokens.
  void CheckUnit(MDB_txn* txn, uint64_t id, const std::vector<VariantTokens>& expected,
                 std::vector<std::string>* problems);
  // Compares the postings table with what the token records imply, and
  // looks for token records of units that do not exist.
  void Finish(MDB_txn* txn, std::vector<std::string>* problems, uint64_t* entries);

 private:
  const std::string* TokenText(MDB_txn* txn, uint32_t id);
  FuzzyTables t_;
  uint64_t expected_sum_ = 0, expected_count_ = 0, records_ = 0;
  std::unordered_map<uint32_t, std::string> texts_;
  std::unordered_set<uint64_t> seen_;
};

}  // namespace tmkit::internal

#endif  // TMKIT_CORE_FUZZY_INDEX_H_
