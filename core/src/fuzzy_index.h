// The fuzzy index: token postings that find every stored text within a fuzzy
// score of a query without scanning the store (private to tmkit_core).
//
// Tables (in the store's LMDB environment, written in the same transactions
// as the units they index):
//   vocab      token key (NFKC case fold) → token id (u32 BE)
//   vocab_ids  token id → token key (for verify)
//   vocab_fold accent fold of a token key (AccentFold) → token ids (DUPSORT),
//              for accent-insensitive concordance
//   tokens     unit id (u64 BE) | primary language → for each variant in that
//              language: its tag and token ids (varints)
//   postings   segment (u32 BE) | token id (u32 BE) | primary language | 0 |
//              block (u32 BE) → (unit id, length) pairs, ids ascending,
//              delta-coded varints; block 0 starts with the list's size
// The postings are a log-structured index: an import writes its postings,
// sorted in memory, as new segments appended at the end of the table (no
// page of an older segment is touched, so an import costs the same in a
// store of 10 k or 10 M units), and the segments listed in meta "segments"
// are the live ones. When there are too many, the smallest are merged into
// one. A deleted unit loses its token record; its postings are skipped by
// searches (they find no record) and dropped when their segment is merged.
//
// Search (SearchSimilar), for a query of q tokens and a minimum score θ:
// 1. Length filter: a text of n tokens can score θ only if
//    θ·q/100 ≤ n ≤ 100·q/θ; each posting carries its text's length.
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
#include <functional>
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

// Adds units to the index during an import. Token records are written as
// units come; postings are gathered in memory and written as segments when
// the buffer is full and at Finish(). Call Flush() before every commit.
class FuzzyIndexWriter {
 public:
  explicit FuzzyIndexWriter(const FuzzyTables& tables) : t_(tables) {}

  // Reads the counters. Call at the start of each transaction.
  int Begin(MDB_txn* txn);
  // Indexes unit `id` (greater than every id indexed before).
  int Add(MDB_txn* txn, uint64_t id, const std::vector<VariantTokens>& variants);
  // Writes the new vocabulary and the counters.
  int Flush(MDB_txn* txn);
  // Writes the last segment and makes this import's segments live, merging
  // segments when there are too many. `commit` commits the transaction and
  // starts the next one (bounded memory for big merges).
  int Finish(MDB_txn** txn, const std::function<int(MDB_txn**)>& commit);
  // Pages the writes dirtied since ResetPages(), estimated.
  uint64_t dirty_pages() const { return dirty_pages_; }
  void ResetPages() { dirty_pages_ = 0; }

 private:
  // The postings of one token in one language gathered for the next segment:
  // (id delta, length) varints.
  struct List {
    uint32_t token = 0;
    uint16_t lang = 0;
    uint64_t count = 0;
    uint64_t last_id = 0;
    std::string bytes;             // blocks of postings, each starting with an absolute id
    std::vector<uint32_t> starts;  // where each block starts in `bytes`
  };
  // A token seen in this import: its id and its lists, by language index.
  struct Entry {
    uint32_t id = 0;
    std::vector<std::pair<uint16_t, uint32_t>> lists;
  };
  int TokenEntry(MDB_txn* txn, const std::string& key, uint64_t hash, uint32_t* entry);
  int WriteSegment(MDB_txn* txn);

  FuzzyTables t_;
  uint32_t next_token_ = 1;
  std::unordered_map<uint64_t, uint32_t> cache_;  // Hash64 of a token key → entries_ index
  std::vector<Entry> entries_;
  std::vector<std::pair<std::string, uint32_t>> new_tokens_;
  std::vector<std::string> langs_;  // primary languages seen, by index
  std::vector<List> lists_;
  uint64_t buffered_bytes_ = 0;
  std::vector<std::pair<uint32_t, uint64_t>> written_;  // this import's segments, sizes
  std::string record_;
  uint64_t dirty_pages_ = 0;
};

// Removes unit `id`'s token record (its postings are skipped from then on).
int RemoveFromFuzzyIndex(MDB_txn* txn, const FuzzyTables& tables, uint64_t id);

// Deletes the segments of an unfinished import and those that merges
// replaced, in transactions of bounded size. REQUIRES: no import running.
int CollectSegments(MDB_env* env, const FuzzyTables& tables);

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
                                            uint64_t hide_from, size_t max_checked, uint64_t* total,
                                            bool* exact);

// Consistency of the index against the units (for Verify): `expected` is
// UnitTokens() of every stored unit, given one at a time.
class FuzzyIndexChecker {
 public:
  explicit FuzzyIndexChecker(const FuzzyTables& tables) : t_(tables) {}
  // Compares a unit's stored token record with its texts' tokens. A hidden
  // unit (of a pending import) has a record but no live postings yet.
  void CheckUnit(MDB_txn* txn, uint64_t id, const std::vector<VariantTokens>& expected, bool hidden,
                 std::vector<std::string>* problems);
  // Compares the postings table with what the token records imply, and
  // looks for token records of units that do not exist. `progress` gets the
  // postings blocks read so far and their number.
  void Finish(MDB_txn* txn, std::vector<std::string>* problems, uint64_t* entries,
              const std::function<void(uint64_t done, uint64_t total)>& progress);

 private:
  const std::string* TokenText(MDB_txn* txn, uint32_t id);
  FuzzyTables t_;
  uint64_t expected_sum_ = 0, expected_count_ = 0, records_ = 0;
  std::unordered_map<uint32_t, std::string> texts_;
  std::vector<bool> live_;  // by unit id: has a token record
};

}  // namespace tmkit::internal

#endif  // TMKIT_CORE_FUZZY_INDEX_H_
