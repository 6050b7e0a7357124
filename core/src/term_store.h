// The term base's tables (private to tmkit_core; reached through Store).
//
// Tables, in the store's LMDB environment:
//   term_entries  entry id (u64 BE) → the entry (EncodeEntry), with a checksum
//   term_keys     primary language | 0 | joined word keys of a prefix of a
//                 term → kind (0 whole term, 1 a longer term goes on) | entry
//                 id (u64 BE) | term index (u16 BE)   (DUPSORT, DUPFIXED: the
//                 whole terms sort first, so a lookup stops at the first
//                 "longer" value). The recogniser walks it like a trie; the
//                 keys are computed by the glossaries library (PrepareEntry)
//   term_sort     primary language | 0 | ICU collation key of the term |
//                 entry id | term index → "": the terms of a language in
//                 the language's alphabetical order; the collator version is
//                 kept in meta "collator|<lang>" and the language's part is
//                 rebuilt when it changes (a new ICU)
//   term_dedup    Hash64 of the entry's sorted (language, text) pairs → id
// Counters in meta: "term_next" (next id), "term_entries", "term_lang|<tag>".
#ifndef TMKIT_CORE_TERM_STORE_H_
#define TMKIT_CORE_TERM_STORE_H_

#include <lmdb.h>

#include <cstdint>
#include <functional>
#include <tuple>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sorted_runs.h"
#include "tmkit/core/status.h"
#include "tmkit/core/store.h"
#include "tmkit/core/terms.h"

namespace tmkit::internal {

struct TermTables {
  MDB_dbi entries = 0, keys = 0, sort = 0, dedup = 0, meta = 0;
};

std::string EncodeEntry(const TermEntry& entry);
// kCorruption naming the entry when the bytes are not what EncodeEntry wrote.
Status DecodeEntry(uint64_t id, std::string_view record, TermEntry* entry);

// Writes one import's entries in one write transaction. Records go in at
// once; index keys, duplicate keys and counters are kept in memory and
// written in key order by Finish. Begin, then Put for each entry, then Finish
// before committing; LMDB return codes throughout.
class TermWriter {
 public:
  TermWriter(MDB_txn* txn, const TermTables& t) : txn_(txn), t_(t) {}
  TermWriter(const TermWriter&) = delete;
  TermWriter& operator=(const TermWriter&) = delete;

  int Begin();
  // *added false (and nothing written) when an equal entry is stored or was
  // put before in this import and `merge` is set.
  // Takes the prepared keys (they are moved out of `prepared`).
  int Put(PreparedEntry& prepared, bool merge, bool* added);
  int Finish();

 private:
  MDB_txn* txn_;
  const TermTables& t_;
  uint64_t next_id_ = 1;
  // One recognition index record: the key, then the fields of its 11-byte
  // value (kind, id, term: byte order is field order).
  struct KeyRecord {
    // The key's first 16 bytes, big-endian, zero-padded: most keys are
    // ordered by these alone.
    uint64_t head[2] = {0, 0};
    std::string key;
    uint8_t kind = 0;  // 0: the whole term; 1: a longer term goes on
    uint64_t id = 0;
    uint16_t term = 0;
    bool operator==(const KeyRecord& o) const {
      return head[0] == o.head[0] && head[1] == o.head[1] && kind == o.kind && id == o.id &&
             term == o.term && key == o.key;
    }
    bool operator<(const KeyRecord& o) const {
      if (head[0] != o.head[0]) return head[0] < o.head[0];
      if (head[1] != o.head[1]) return head[1] < o.head[1];
      if (key.size() != o.key.size() || key.size() > 16) {
        if (key.size() <= 16 && o.key.size() <= 16) return key.size() < o.key.size();
        if (int c = key.compare(o.key)) return c < 0;
      }
      return std::tie(kind, id, term) < std::tie(o.kind, o.id, o.term);
    }
  };
  SortedRuns<KeyRecord> keys_;
  SortedRuns<std::string> sort_keys_;
  std::unordered_map<std::string, uint64_t> dedup_;
  std::vector<std::pair<std::string, int64_t>> lang_counts_;
  int64_t added_ = 0;
};

// Rebuilds the sort keys of every language whose collator version changed
// (or that has none recorded).
int RefreshSortIndex(MDB_txn* txn, const TermTables& t);

// Calls `fn` with every whole term (entry id, term index) under `key`; sets
// *longer when a longer term goes on from it, and with `and_longer` calls
// `fn` with those too.
int FindKeys(MDB_txn* txn, const TermTables& t, std::string_view lang, std::string_view key,
             const std::function<void(uint64_t, uint16_t)>& fn, bool* longer,
             bool and_longer = false);

// The terms of a language in alphabetical order: (entry id, term index).
int ForEachSorted(MDB_txn* txn, const TermTables& t, std::string_view lang,
                  const std::function<bool(uint64_t, uint16_t)>& fn);

uint64_t ReadCounter(MDB_txn* txn, MDB_dbi meta, std::string_view name);

// Checks the term base: every record decodes, every key and sort key names
// a stored entry's term, the counters and the duplicate index match the
// records. Problems go to `problem` and the entries read to `*entries`;
// returns 0, or the LMDB error that stopped a walk (a table that cannot be read
// is damaged too, never a shorter table).
int VerifyTerms(MDB_txn* txn, const TermTables& t,
                const std::function<void(std::string)>& problem, uint64_t* entries);

}  // namespace tmkit::internal

#endif  // TMKIT_CORE_TERM_STORE_H_
