// Store: the embedded translation memory. Start here.
//
// A store is one directory holding an LMDB environment (data.mdb, lock.mdb)
// with these named databases:
//   units    unit id (u64, big-endian) → the unit, checksummed
//   exact    (primary language, hash of match key) → unit ids: exact lookups
//   dedup    hash of a unit's languages and texts → unit ids: duplicate merging
//   origins  origin id → the imported file (path, format, header, props, notes)
//   counts   units per language pair and variants per language (for stats)
//   meta     schema version, next unit id, Unicode version of the match keys
//   vocab, vocab_ids, vocab_fold, postings, tokens
//            the fuzzy index (core/src/fuzzy_index.h): token postings by
//            length, and each unit's token ids
// Indices are written in the same transaction as the units they index.
//
// Guarantees:
// - An Import() is atomic: all of the file becomes visible at once, or none
//   of it. Its units are committed in hidden batches (memory stays bounded);
//   readers ignore them until the last commit; a failed import removes them
//   and one killed half-way is hidden, then removed by the next import.
// - Readers never block and are never blocked (LMDB MVCC): a lookup during a
//   big import sees the store as it was before the import.
// - The memory map grows on demand; MDB_MAP_FULL never reaches the caller.
//   A full disk fails the import with "no space left on device", naming
//   the store's folder, and leaves the store as it was.
// - A store written by a newer schema is refused, never misread; a data.mdb
//   shorter than the pages it uses (truncated) is refused at open.
// - Writes (imports, term imports, deletes) are serialised across processes
//   by a lock file: a second writer waits (SetWaitNotice tells it).
// - Backup() and RestoreStore() copy and swap whole stores safely.
//
// Example:
//   Result<Store> store = Store::Open("/home/me/.local/share/tmkit", {});
//   ImportOptions options{.origin_path = "news.tmx", .origin_format = "tmx"};
//   Result<ImportStats> stats = store->Import(options, [&](UnitSink& sink) -> Status {
//     TranslationUnit tu = ...;
//     return sink.Add(std::move(tu));
//   });
//   Result<std::vector<TranslationUnit>> hits = store->FindByMatchKey("en", MatchKey(text), 10);
//
// Thread-safety: a Store may be shared by threads for reading; writes
// (Import, Delete) are serialised by LMDB across threads and processes (a
// second writer waits for the first).
#ifndef TMKIT_CORE_STORE_H_
#define TMKIT_CORE_STORE_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/core/status.h"
#include "tmkit/core/terms.h"
#include "tmkit/core/types.h"

namespace tmkit {

// The schema this build writes and reads.
inline constexpr int kSchemaVersion = 2;

struct StoreOptions {
  bool create_if_missing = true;
  bool read_only = false;
  // Initial size of the memory map. It grows on demand; tests set it small to
  // exercise growth.
  uint64_t initial_map_bytes = 1ull << 30;
};

// A file that units were imported from.
struct OriginInfo {
  uint32_t id = 0;
  std::string path;    // as given to import
  std::string format;  // "tmx", "xliff", "align", ...
  int64_t imported_at = kNoDate;
  uint64_t units = 0;                   // units added by this import (not merged ones)
  std::vector<Attribute> header_attrs;  // the file header's attributes, verbatim
  std::vector<Prop> props;              // header <prop>s
  std::vector<Note> notes;              // header <note>s
  bool operator==(const OriginInfo&) const = default;
};

struct ImportOptions {
  std::string origin_path;
  std::string origin_format = "tmx";
  // Merge a unit whose languages and texts equal a stored one's (the stored
  // unit keeps its id; notes and props are added, dates widened).
  bool merge_duplicates = true;
  // Expected size of the input in bytes, to size the map up front (0: unknown).
  uint64_t size_hint = 0;
  // How much an import writes before committing a (hidden) batch, in bytes of
  // pages it changes; 0: 224 MiB. Bounds memory; tests make it small.
  uint64_t batch_bytes = 0;
};

struct ImportStats {
  uint64_t read = 0;    // units handed to the sink
  uint64_t added = 0;   // new units stored
  uint64_t merged = 0;  // duplicates merged into stored units
  uint32_t origin_id = 0;
};

// The scoring tokens of one variant (fuzzy.h): its language tag and token keys.
struct VariantTokens {
  std::string lang;
  std::vector<std::string> keys;
  std::vector<uint64_t> hashes;  // Hash64 of each key
};

// A unit in the form the store keeps (canonical language tags, NFC text),
// with its index keys computed. Made by PrepareUnit(); the keys are opaque.
struct PreparedUnit {
  TranslationUnit unit;
  std::vector<std::string> exact_keys;
  std::string dedup_key;
  std::vector<VariantTokens> tokens;
};

// Normalises `unit` and computes its index keys. kInvalidInput for a unit
// without variants, a bad language tag or text that is not UTF-8.
// Thread-safe and independent of any store: an importer may prepare units on
// one thread while another adds them (UnitSink::AddPrepared).
Result<PreparedUnit> PrepareUnit(TranslationUnit unit);

// Receives the units of one import. Add() normalises the unit (NFC text,
// canonical language tags) before storing it.
class UnitSink {
 public:
  virtual ~UnitSink() = default;
  // Fails with kInvalidInput if the unit has no variant or a bad language tag,
  // with kIOError/kCorruption if the store fails.
  virtual Status Add(TranslationUnit unit) = 0;
  // As Add(), for a unit made ready by PrepareUnit() (on another thread, say).
  virtual Status AddPrepared(PreparedUnit unit) = 0;
  // Records the file header (attributes, props, notes) with the origin.
  virtual void SetHeader(std::vector<Attribute> attrs, std::vector<Prop> props,
                         std::vector<Note> notes) = 0;
};

// A term base entry with its recognition keys, made by the glossaries
// library (PrepareEntry in tmkit/glossaries/recognize.h): for each term (and
// each of its forms), the word key of its first word. The store keeps the
// keys as given.
struct TermIndexKey {
  uint16_t term = 0;  // index into entry.terms
  // The word keys of the first n words of one shape of the term (its text
  // or a form), joined (JoinTermKeys): every prefix is filed, so that
  // recognition walks the index word by word like a trie.
  std::string word_key;
  bool whole = true;  // the prefix is the whole shape (else a longer term goes on)
};
struct PreparedEntry {
  TermEntry entry;  // languages normalised, texts NFC
  std::vector<TermIndexKey> keys;
  // Filled by FinishPreparing; opaque.
  bool finished = false;
  std::vector<std::string> sort_keys;  // one a term: language, ICU sort key
  std::string dedup_key;
};

// Checks an entry for storing and normalises it (language tags, UTF-8, NFC),
// then computes what only the store knows: each term's alphabetical sort key,
// the entry's duplicate key, and each index key as stored (its word_key then
// starts with the language). kInvalidInput for an entry without terms, a
// bad language tag or text that is not UTF-8. TermSink::Add calls it unless
// it was called before; it is thread-safe, so an importer may call it on
// other threads than the one that adds.
Status FinishPreparing(PreparedEntry* prepared);

// Receives the entries of one term import.
class TermSink {
 public:
  virtual ~TermSink() = default;
  // kInvalidInput for an entry without terms or with a bad language tag.
  virtual Status Add(PreparedEntry entry) = 0;
};

struct TermImportOptions {
  std::string origin_path;
  std::string origin_format = "tbx";
  // Skip an entry whose languages and terms equal a stored entry's.
  bool merge_duplicates = true;
};

struct TermImportStats {
  uint64_t read = 0;
  uint64_t added = 0;
  uint64_t duplicates = 0;
};

// A term filed under a key (Store::FindTermKeys).
struct TermKeyHit {
  uint64_t entry_id = 0;
  uint16_t term = 0;
};

struct LanguagePairCount {
  std::string source;
  std::string target;
  uint64_t units = 0;
};

struct StoreStats {
  std::string path;
  int schema_version = kSchemaVersion;
  std::string unicode_version;
  uint64_t units = 0;
  uint64_t pending_units = 0;  // of an import in progress (or interrupted): not in `units`
  uint64_t origins = 0;
  std::vector<LanguagePairCount> pairs;                     // sorted by count, descending
  std::vector<std::pair<std::string, uint64_t>> languages;  // variants per language
  uint64_t file_bytes = 0;         // disk space data.mdb takes (allocated blocks)
  uint64_t used_bytes = 0;         // pages in use
  uint64_t fuzzy_index_bytes = 0;  // pages of the fuzzy index's tables (part of used_bytes)
  uint64_t map_bytes = 0;          // current map size
  uint64_t term_entries = 0;       // concept entries in the term base
  std::vector<std::pair<std::string, uint64_t>> term_languages;  // terms per language
};

// A variant found by the fuzzy index (Store::FindSimilar).
struct SimilarHit {
  uint64_t unit_id = 0;
  std::string lang;  // the variant's tag
  int distance = 0;  // token edit distance to the query
  int length = 0;    // tokens of the variant
  int score = 0;     // ScoreFromDistance(distance, query tokens, length)
};

// What a fuzzy search read (for benchmarks and tests).
struct SearchCounters {
  uint64_t postings_read = 0;
  uint64_t candidates = 0;  // units that passed the length, prefix and count filters
  uint64_t verified = 0;    // edit distances computed
};

// A variant found by a phrase search (Store::FindPhrase).
struct PhraseHit {
  uint64_t unit_id = 0;
  std::string lang;  // the variant's tag
  int length = 0;    // tokens of the variant
};

struct VerifyReport {
  uint64_t units = 0;
  uint64_t pending_units = 0;  // of an import in progress or interrupted (hidden; not a problem)
  uint64_t index_entries = 0;  // exact-match and duplicate index entries
  uint64_t fuzzy_entries = 0;  // fuzzy index postings and token records
  uint64_t term_entries = 0;   // term base entries checked against their indices
  std::vector<std::string> problems;  // empty when the store is consistent
  bool ok() const { return problems.empty(); }
};

class Store {
 public:
  // Opens (or creates, with create_if_missing) the store in `dir`.
  // Errors: kNotFound (no store and !create_if_missing), kIOError (cannot
  // create or lock the folder), kNotSupported (a newer schema), kCorruption
  // (not an LMDB environment written by tmkit, or a data.mdb shorter than
  // the pages its header says are in use: a truncated file).
  static Result<Store> Open(const std::filesystem::path& dir, const StoreOptions& options);

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  // Runs `produce`; every unit it adds becomes visible together when it
  // returns success, and nothing is stored if it (or a commit) fails. Imports
  // are serialised across processes (a second one waits). If the map fills
  // up, the attempt is discarded, the map grown, and `produce` called again
  // from the start: it must be re-runnable (open its file inside).
  Result<ImportStats> Import(const ImportOptions& options,
                             const std::function<Status(UnitSink&)>& produce);

  // Term base: runs `produce`; every entry it adds becomes visible together
  // when it returns success (one transaction), nothing if it fails. Imports
  // (of units or terms) are serialised across processes.
  Result<TermImportStats> ImportTerms(const TermImportOptions& options,
                                      const std::function<Status(TermSink&)>& produce);

  // The entry with this id; kNotFound if there is none.
  Result<TermEntry> GetEntry(uint64_t id) const;

  // Every entry in id order, in one snapshot; stops at `fn`'s first error.
  Status ForEachEntry(const std::function<Status(const TermEntry&)>& fn) const;

  // The terms whose whole shape is filed under `key` for a language matching
  // `lang` (its primary language is the key; callers check the full tag),
  // and in *longer whether some longer term goes on from it. Reads the
  // whole terms only: cost does not grow with how many terms share a prefix.
  // With `and_longer`, the terms that go on from `key` are appended too.
  Status FindTermKeys(std::string_view lang, std::string_view key, std::vector<TermKeyHit>* out,
                      bool* longer = nullptr, bool and_longer = false) const;

  // The terms of a language in the language's alphabetical order (ICU
  // collation), until `fn` returns false.
  Status ForEachTermSorted(std::string_view lang,
                           const std::function<bool(const TermKeyHit&)>& fn) const;

  // The unit with this id; kNotFound if there is none.
  Result<TranslationUnit> Get(uint64_t id) const;

  // Deletes these units and their index entries in one transaction.
  // kNotFound (and nothing deleted) if an id does not exist. Waits for a
  // running import (writes are serialised).
  Status Delete(const std::vector<uint64_t>& ids);

  // Units having a variant in a language matching `lang` (LanguageMatches)
  // whose text has this match key, at most `limit`, in id order.
  Result<std::vector<TranslationUnit>> FindByMatchKey(std::string_view lang,
                                                      std::string_view match_key,
                                                      size_t limit) const;

  // Fuzzy search: calls `visit` for every variant in a language matching
  // `lang` whose scoring tokens (fuzzy.h) score ≥ min_score (1–100) against
  // `tokens`, best first (then oldest), with its unit, until `visit` returns
  // false. Uses the fuzzy index (no scan); finds exactly what a scan would.
  Status FindSimilar(std::string_view lang, const std::vector<std::string>& tokens, int min_score,
                     const std::function<bool(const SimilarHit&, const TranslationUnit&)>& visit,
                     SearchCounters* counters = nullptr) const;

  // Concordance: calls `visit` for the variants in a language matching `lang`
  // (any when empty) whose tokens contain `tokens` contiguously, accents
  // ignored, newest first, at most `limit`. Checks at most `max_checked`
  // units; *total gets the number of variants found (an estimate, with
  // *exact false, if there were more units to check).
  Status FindPhrase(std::string_view lang, const std::vector<std::string>& tokens, size_t limit,
                    size_t max_checked,
                    const std::function<void(const PhraseHit&, const TranslationUnit&)>& visit,
                    uint64_t* total, bool* exact) const;

  // Calls `fn` for every unit in id order, in one consistent snapshot. Stops at
  // the first error `fn` returns and returns it.
  Status ForEach(const std::function<Status(const TranslationUnit&)>& fn) const;

  // The imported files.
  Result<std::vector<OriginInfo>> Origins() const;

  Result<StoreStats> Stats() const;

  // Checks every unit record and index entry against each other (both ways)
  // and the counters; problems are listed, not repaired. `progress`, if
  // given, is called now and then with the part being checked ("units",
  // "fuzzy index") and how far it is (`done` of `total`).
  using VerifyProgress = std::function<void(std::string_view part, uint64_t done, uint64_t total)>;
  Result<VerifyReport> Verify(const VerifyProgress& progress = {}) const;

  // Writes a compacted, consistent copy of the store into `dir` (created if
  // missing, must be empty). Readers and writers may run meanwhile.
  Status Backup(const std::filesystem::path& dir) const;

  const std::filesystem::path& path() const;

  // `notice` is called with a one-line message when a write (import, term
  // import, delete) has to wait for another process's write to the same
  // store (writes are serialised); the write then waits for it.
  void SetWaitNotice(std::function<void(const std::string&)> notice);

  // Opaque; public only so that store.cc's helpers can name it.
  class Impl;

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// What RestoreStore did.
struct RestoreResult {
  uint64_t units = 0;  // units of the restored store (as stats counts them)
  // Where the store that was replaced now is (renamed, not deleted: remove it
  // once the restored store is checked); empty if there was none.
  std::filesystem::path kept;
};

// Replaces the store in `dir` (or creates it) with a copy of the store in
// `backup` (a folder written by Store::Backup, or any store). The current
// store is never touched before the copy is proven good:
// 1. the backup is opened read-only and verified (kCorruption naming its
//    first problem if it is damaged);
// 2. the current store's writers are excluded (kIOError at once, nothing
//    changed, if an import, term import or delete is running);
// 3. the backup is copied (compacted) into a new folder next to `dir`,
//    which is opened and verified again;
// 4. the copy and `dir` are swapped with one atomic rename, and the old
//    store is kept under `dir` + ".before-restore-YYYYMMDD-HHMMSS".
// Readers that had the old store open keep reading it until they close it.
Result<RestoreResult> RestoreStore(const std::filesystem::path& backup,
                                   const std::filesystem::path& dir);

// For a SIGSEGV/SIGBUS handler: the data.mdb of the open store that a fault
// at `address`, by the instruction at `code`, comes from, or nullptr. LMDB
// keeps no page checksums: in a damaged data.mdb, a garbage node size makes
// a read run from the map up to 4 GiB past it (the faulting address tells
// the store), and a garbage node flag can make LMDB itself follow a null
// pointer (`code` inside LMDB's library while a store is open tells it).
// The handler can then name the file instead of crashing.
// Async-signal-safe; the string stays valid until the store is closed.
const char* StoreFileAt(const void* address, const void* code = nullptr) noexcept;

// What "the store is damaged" messages (LMDB's errors, and those written from
// a fault: StoreFileAt's handler, LMDB's assertions) tell the user to do. By
// default "run 'tmkit verify', and restore a backup (...)"; `verify` itself
// says only the second part. `advice` must outlive the process's use of the
// store (a string literal). Async-signal-safe to read.
void SetDamagedStoreAdvice(const char* advice) noexcept;
const char* DamagedStoreAdvice() noexcept;

// The default store folder: $TMKIT_STORE, else $XDG_DATA_HOME/tmkit, else
// ~/.local/share/tmkit.
std::filesystem::path DefaultStorePath();

}  // namespace tmkit

#endif  // TMKIT_CORE_STORE_H_
