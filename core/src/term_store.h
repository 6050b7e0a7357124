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
#include <string>
#include <string_view>
#include <vector>

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

// Adds one prepared entry in `txn`: its record, keys, sort keys, dedup key
// and counters. *added false (and nothing written) when an equal entry is
// stored and `merge` is set.
int PutEntry(MDB_txn* txn, const TermTables& t, const PreparedEntry& prepared, bool merge,
             bool* added);

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
// records. Problems go to `problem`; returns the entries read (or an LMDB
// error code as a negative number).
int64_t VerifyTerms(MDB_txn* txn, const TermTables& t,
                    const std::function<void(std::string)>& problem);

}  // namespace tmkit::internal

#endif  // TMKIT_CORE_TERM_STORE_H_
