#include "tmkit/core/store.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <lmdb.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <unordered_map>

#include "fuzzy_index.h"
#include "term_store.h"
#include "lmdb_util.h"
#include "tmkit/core/date.h"
#include "tmkit/core/language.h"
#include "tmkit/core/text.h"
#include "unit_codec.h"

namespace tmkit {

using internal::BigEndian32;
using internal::BigEndian64;
using internal::Cursor;
using internal::FromBigEndian32;
using internal::FromBigEndian64;
using internal::LmdbError;
using internal::Txn;
using internal::Val;
using internal::View;
using internal::WalkBudget;

namespace {

// A whole-table walk that took more steps than the table holds entries
// (WalkBudget): the tree sends the cursor round in circles.
std::unexpected<Error> EndlessWalk(const std::filesystem::path& dir, std::string_view table) {
  return Corruption("the store file '" + (dir / "data.mdb").string() +
                    "' is damaged: walking its " + std::string(table) +
                    " table does not end (a page is reached again); restore a backup "
                    "(tmkit restore BACKUP-DIR)");
}

constexpr uint64_t kMiB = 1ull << 20;
constexpr const char* kNeedsUpgrade = "the store was written by an older tmkit (schema 1)";
constexpr size_t kFlushEvery = 1 << 18;  // index entries buffered before a sorted flush
constexpr int kMaxMapRetries = 12;
// An import commits its units in batches of about this many record bytes (so
// that LMDB's dirty pages, kept in memory until a commit, stay well under its
// 512 MiB cap); the batches stay hidden until the import's last commit.
// Estimated in pages: unit bytes / page size, plus one page per index entry
// up to the index's leaf pages (a random key dirties at most one leaf).
constexpr uint64_t kBatchPages = (224 * kMiB) / 4096;
constexpr int kDiscardBatch = 50000;
// Units (or index entries) between releases of the map's resident pages.
constexpr uint64_t kReleaseEvery = 1024;  // units removed per transaction when discarding

// Key of the exact index: primary language, NUL, hash of the match key.
std::string ExactKey(std::string_view lang, std::string_view match_key) {
  std::string key = PrimaryLanguage(lang);
  key += '\0';
  key += BigEndian64(Hash64(match_key));
  return key;
}

std::string PairCountKey(std::string_view src, std::string_view tgt) {
  std::string k = "p";
  k += src;
  k += '\t';
  k += tgt;
  return k;
}
std::string LangCountKey(std::string_view lang) { return "l" + std::string(lang); }

std::string EncodeCount(int64_t v) { return BigEndian64(static_cast<uint64_t>(v)); }
int64_t DecodeCount(std::string_view s) { return static_cast<int64_t>(FromBigEndian64(s)); }

// The variant a unit's pairs are counted from: its source language, else the first.
const Variant* SourceVariant(const TranslationUnit& unit) {
  if (unit.variants.empty()) return nullptr;
  if (unit.source_lang != kAllLanguages && !unit.source_lang.empty()) {
    if (const Variant* v = unit.FindVariant(unit.source_lang)) return v;
  }
  return &unit.variants.front();
}

// Count-key deltas a unit contributes (sign = +1 on insert, -1 on delete).
template <typename Map>
void CountUnit(const TranslationUnit& unit, int64_t sign, Map* delta) {
  const Variant* src = SourceVariant(unit);
  std::vector<std::string_view> targets;
  for (const Variant& v : unit.variants) {
    (*delta)[LangCountKey(v.lang)] += sign;
    if (&v != src && v.lang != src->lang &&
        std::find(targets.begin(), targets.end(), v.lang) == targets.end()) {
      targets.push_back(v.lang);
    }
  }
  for (std::string_view t : targets) (*delta)[PairCountKey(src->lang, t)] += sign;
}

// Distinct exact-index keys of a unit.
std::vector<std::string> ExactKeys(const TranslationUnit& unit) {
  std::vector<std::string> keys;
  for (const Variant& v : unit.variants) keys.push_back(ExactKey(v.lang, MatchKey(v.segment.text)));
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::string DedupKey(const TranslationUnit& unit) {
  return BigEndian64(Hash64(internal::DuplicateKey(unit)));
}

template <typename T>
void AppendMissing(const std::vector<T>& from, std::vector<T>* to) {
  for (const T& x : from) {
    if (std::find(to->begin(), to->end(), x) == to->end()) to->push_back(x);
  }
}

// Merges a duplicate into the stored unit: notes and props added, dates widened.
bool MergeInto(const TranslationUnit& incoming, TranslationUnit* stored) {
  TranslationUnit before = *stored;
  AppendMissing(incoming.props, &stored->props);
  AppendMissing(incoming.notes, &stored->notes);
  Provenance& p = stored->provenance;
  const Provenance& q = incoming.provenance;
  if (q.creation_date != kNoDate &&
      (p.creation_date == kNoDate || q.creation_date < p.creation_date)) {
    p.creation_date = q.creation_date;
    if (!q.creation_id.empty()) p.creation_id = q.creation_id;
  }
  if (q.change_date != kNoDate && (p.change_date == kNoDate || q.change_date > p.change_date)) {
    p.change_date = q.change_date;
    if (!q.change_id.empty()) p.change_id = q.change_id;
  }
  return !(before == *stored);
}

// Where open stores' files are mapped, for StoreFileAt (a fault handler):
// fixed slots of atomics, so that a signal handler may read them.
struct MapSlot {
  std::atomic<bool> used{false};
  std::atomic<uintptr_t> lo{0}, hi{0};
  char path[1024] = {};
};
MapSlot g_map_slots[16];
// A node's data size is 32 bits: a read that trusts a damaged one starts in
// the map and can run up to 4 GiB past it.
constexpr uintptr_t kMapSlack = (uintptr_t{1} << 32) + (1 << 20);
// Where LMDB's code is (when it is a shared library): its own reads of
// damaged pages (a garbage flag makes it use a sub-cursor it does not have)
// fault there, at any address.
std::atomic<uintptr_t> g_lmdb_text_lo{0}, g_lmdb_text_hi{0};

// The free space of the filesystem holding `dir`, in bytes (UINT64_MAX if unknown).
uint64_t FreeBytesOf(const std::filesystem::path& dir) {
  struct statvfs vfs;
  if (::statvfs(dir.c_str(), &vfs) != 0) return UINT64_MAX;
  return static_cast<uint64_t>(vfs.f_bavail) * vfs.f_frsize;
}

void FindLmdbCode() {
  static std::once_flag once;
  std::call_once(once, [] {
    Dl_info lmdb{}, ours{};
    if (!dladdr(reinterpret_cast<void*>(&mdb_cursor_get), &lmdb) ||
        !dladdr(reinterpret_cast<void*>(&FreeBytesOf), &ours) || lmdb.dli_fbase == ours.dli_fbase) {
      return;  // linked statically: its code cannot be told from ours
    }
    struct Search {
      uintptr_t target, lo = 0, hi = 0;
    } search{reinterpret_cast<uintptr_t>(&mdb_cursor_get)};
    dl_iterate_phdr(
        [](dl_phdr_info* info, size_t, void* data) -> int {
          auto* s = static_cast<Search*>(data);
          for (int i = 0; i < info->dlpi_phnum; ++i) {
            const ElfW(Phdr)& ph = info->dlpi_phdr[i];
            if (ph.p_type != PT_LOAD || !(ph.p_flags & PF_X)) continue;
            uintptr_t lo = info->dlpi_addr + ph.p_vaddr, hi = lo + ph.p_memsz;
            if (lo <= s->target && s->target < hi) {
              s->lo = lo;
              s->hi = hi;
              return 1;
            }
          }
          return 0;
        },
        &search);
    g_lmdb_text_hi.store(search.hi);
    g_lmdb_text_lo.store(search.lo);
  });
}


std::atomic<const char*> g_damaged_store_advice{
    "run 'tmkit verify', and restore a backup (tmkit restore BACKUP-DIR)"};

}  // namespace

void SetDamagedStoreAdvice(const char* advice) noexcept {
  g_damaged_store_advice.store(advice, std::memory_order_release);
}

const char* DamagedStoreAdvice() noexcept {
  return g_damaged_store_advice.load(std::memory_order_acquire);
}

const char* StoreFileAt(const void* address, const void* code) noexcept {
  auto a = reinterpret_cast<uintptr_t>(address);
  auto pc = reinterpret_cast<uintptr_t>(code);
  uintptr_t lmdb_lo = g_lmdb_text_lo.load(), lmdb_hi = g_lmdb_text_hi.load();
  bool in_lmdb = lmdb_lo != 0 && pc >= lmdb_lo && pc < lmdb_hi;
  const char* any = nullptr;
  for (MapSlot& slot : g_map_slots) {
    if (!slot.used.load(std::memory_order_acquire)) continue;
    uintptr_t lo = slot.lo.load(std::memory_order_acquire);
    uintptr_t hi = slot.hi.load(std::memory_order_acquire);
    if (lo != 0 && a >= lo && a < hi + kMapSlack) return slot.path;
    if (!any) any = slot.path;
  }
  return in_lmdb ? any : nullptr;
}

namespace internal {

void DieOfDamagedStore(const char* file, const char* what, const char* detail) noexcept {
  auto say = [](const char* text) {
    for (size_t n = std::strlen(text); n > 0;) {
      ssize_t w = ::write(STDERR_FILENO, text, n);
      if (w <= 0) return;
      text += w;
      n -= static_cast<size_t>(w);
    }
  };
  say("tmkit: the store at '");
  say(file);
  say("' is damaged (");
  say(what);
  say(detail);
  say("); ");
  say(DamagedStoreAdvice());
  say("\n");
  ::_exit(1);
}

void CheckLongValue(const MDB_val& v) noexcept {
  auto lo = reinterpret_cast<uintptr_t>(v.mv_data);
  for (MapSlot& slot : g_map_slots) {
    if (!slot.used.load(std::memory_order_acquire)) continue;
    uintptr_t map_lo = slot.lo.load(std::memory_order_acquire);
    uintptr_t map_hi = slot.hi.load(std::memory_order_acquire);
    if (lo < map_lo || lo >= map_hi) continue;
    if (v.mv_size > map_hi - lo) DieOfDamagedStore(slot.path, "a record runs past the end of the file", "");
    return;
  }
}

}  // namespace internal

namespace {

Status NormalizeUnit(TranslationUnit* unit) {
  if (unit->variants.empty()) {
    return InvalidInput("the unit has no language variant");
  }
  if (!unit->source_lang.empty()) {
    Result<std::string> src = NormalizeLanguageTag(unit->source_lang);
    if (!src) return std::unexpected(src.error());
    unit->source_lang = *src;
  }
  for (Variant& v : unit->variants) {
    Result<std::string> lang = NormalizeLanguageTag(v.lang);
    if (!lang) return std::unexpected(lang.error());
    if (*lang == kAllLanguages) return InvalidInput("a variant's language cannot be *all*");
    v.lang = *lang;
    if (!IsValidUtf8(v.segment.text)) return InvalidInput("the text is not valid UTF-8");
    NormalizeSegment(&v.segment);
  }
  return {};
}

}  // namespace

Result<PreparedUnit> PrepareUnit(TranslationUnit unit) {
  if (Status s = NormalizeUnit(&unit); !s) return std::unexpected(s.error());
  PreparedUnit prepared;
  prepared.exact_keys = ExactKeys(unit);
  prepared.dedup_key = DedupKey(unit);
  prepared.tokens = internal::UnitTokens(unit);
  prepared.unit = std::move(unit);
  return prepared;
}

class Store::Impl {
 public:
  ~Impl() {
    if (import_lock_fd_ >= 0) ::close(import_lock_fd_);
    if (map_slot_) {
      map_slot_->lo.store(0, std::memory_order_release);
      map_slot_->used.store(false, std::memory_order_release);
    }
    if (env_) mdb_env_close(env_);
  }

  // Records where data.mdb is mapped now (for StoreFileAt). Call after the
  // environment opens and after every change of the map size (which may
  // move the map).
  void NoteMap() const {
    if (!env_) return;
    FindLmdbCode();
    if (!map_slot_) {
      for (MapSlot& slot : g_map_slots) {
        bool expected = false;
        if (slot.used.compare_exchange_strong(expected, true)) {
          std::string file = (path_ / "data.mdb").string();
          std::snprintf(slot.path, sizeof slot.path, "%s", file.c_str());
          map_slot_ = &slot;
          break;
        }
      }
      if (!map_slot_) return;  // more than 16 stores open: faults are not named
    }
    // (me_mapaddr is only set for MDB_FIXEDMAP: the kernel's list of maps says where it is.)
    std::pair<uintptr_t, uintptr_t> range = MapRange();
    map_slot_->lo.store(0, std::memory_order_release);
    map_slot_->hi.store(range.second, std::memory_order_release);
    map_slot_->lo.store(range.first, std::memory_order_release);
  }
  mutable MapSlot* map_slot_ = nullptr;

  // A failed write explained: on a full filesystem LMDB reports ENOSPC, or
  // EIO for a short write; the user needs to hear "no space left on device"
  // and where. `nothing_written`: the store is as it was.
  Error ExplainWriteError(Error e, bool nothing_written) const {
    if (e.code != ErrorCode::kIOError) return e;
    uint64_t free = FreeBytesOf(path_);
    bool full = e.message.find("no space left") != std::string::npos ||
                (free != UINT64_MAX && free < 4 * kMiB);
    if (full && e.message.find("no space left") == std::string::npos) {
      e.message += " (no space left on device)";
    }
    if (full) {
      e.message += "; the filesystem of the store at '" + path_.string() + "' has " +
                   std::to_string(free == UINT64_MAX ? 0 : free / 1024) + " kB free";
    }
    if (nothing_written) {
      e.message += "; nothing was imported, the store is unchanged";
      if (full) e.message += " (free some space, or give another folder with --store, and import again)";
    }
    return e;
  }

  std::filesystem::path path_;
  StoreOptions options_;
  MDB_env* env_ = nullptr;
  MDB_dbi units_ = 0, exact_ = 0, dedup_ = 0, origins_ = 0, counts_ = 0, meta_ = 0;
  // Before-images of units that the pending import merged into: readers see
  // these while the import is pending; a discarded import restores them.
  MDB_dbi undo_ = 0;
  // The fuzzy index (fuzzy_index.h).
  internal::FuzzyTables fuzzy_;
  // The term base (term_store.h).
  internal::TermTables terms_;

  // Transactions hold it shared; changing the map size holds it exclusively
  // (LMDB requires that no transaction of this process is active then).
  mutable std::shared_mutex map_mu_;
  mutable std::pair<uintptr_t, uintptr_t> map_range_{0, 0};  // cached MapRange()
  mutable uint64_t map_range_size_ = 0;                      // map size it was read at
  mutable std::mutex origin_mu_;
  mutable std::unordered_map<uint32_t, std::string> origin_paths_;

  Status OpenEnv();
  // kCorruption if data.mdb is shorter than the pages its meta page uses.
  Status CheckFileSize() const;
  // kIOError if the folder's data.mdb is no longer the file this store has open.
  Status CheckNotReplaced() const;
  Status InitDatabases();
  // Builds the fuzzy index of a schema 1 store (written before it existed).
  Status UpgradeFromSchema1();

  // A read transaction, adopting a map grown by another process.
  Result<Txn> BeginRead(std::shared_lock<std::shared_mutex>* lock) const;

  uint64_t UsedBytes() const {
    MDB_envinfo info;
    MDB_stat st;
    mdb_env_info(env_, &info);
    mdb_env_stat(env_, &st);
    return (static_cast<uint64_t>(info.me_last_pgno) + 1) * st.ms_psize;
  }
  // A walk over the whole store (verify, export) touches every page of
  // data.mdb once. With MDB_NORDAHEAD each page that is not cached is a
  // 4 KiB read of its own; asking the kernel to read the file ahead in large
  // sequential reads is many times faster on a cold cache (doc/reliability.md,
  // Limits). Only when the file fits easily in the memory available: never
  // push out more than it reads in.
  void ReadAheadForWalk() const {
    int fd = -1;
    if (mdb_env_get_fd(env_, &fd) != 0 || fd < 0) return;
    struct stat st;
    if (fstat(fd, &st) != 0) return;
    uint64_t available = 0;
    if (std::FILE* f = std::fopen("/proc/meminfo", "r")) {
      char line[256];
      unsigned long long kb = 0;
      while (std::fgets(line, sizeof line, f)) {
        if (std::sscanf(line, "MemAvailable: %llu kB", &kb) == 1) {
          available = kb * 1024;
          break;
        }
      }
      std::fclose(f);
    }
    if (static_cast<uint64_t>(st.st_size) > available / 2) return;
    // One call for the whole file reads only its first few MB (the kernel
    // caps a single read-ahead); chunk by chunk, the reads are queued in a
    // fraction of a second and go on while the walk starts.
    constexpr off_t kChunk = 8 << 20;
    for (off_t at = 0; at < st.st_size; at += kChunk) {
      if (posix_fadvise(fd, at, kChunk, POSIX_FADV_WILLNEED) != 0) break;
    }
  }
  // Drops this process's resident pages of the map: they stay in the page
  // cache and fault back in if touched again (the map is read-only and
  // shared). Needed often during an import: on a fault the kernel also maps
  // the cached pages around the one touched ("fault-around", about 64 KB,
  // even with MADV_RANDOM), so random B-tree reads inflate the resident set
  // some 16 times faster than the pages actually read.
  void ReleaseResident() const {
    uint64_t size = MapBytes();
    if (size != map_range_size_) {  // (re)mapped: find the new address
      map_range_ = MapRange();
      map_range_size_ = size;
    }
    std::pair<uintptr_t, uintptr_t> range = map_range_;
    if (range.second > range.first) {
      madvise(reinterpret_cast<void*>(range.first), range.second - range.first, MADV_DONTNEED);
    }
  }
  // The address range of data.mdb's mapping in this process, from
  // /proc/self/maps (LMDB does not expose it), or {0, 0}.
  std::pair<uintptr_t, uintptr_t> MapRange() const {
    std::error_code ec;
    std::filesystem::path file = std::filesystem::canonical(path_ / "data.mdb", ec);
    if (ec) return {0, 0};
    std::FILE* maps = std::fopen("/proc/self/maps", "r");
    if (!maps) return {0, 0};
    std::pair<uintptr_t, uintptr_t> range{0, 0};
    const std::string want = " " + file.string();
    char line[4096];
    while (std::fgets(line, sizeof line, maps)) {
      std::string_view l(line);
      if (!l.empty() && l.back() == '\n') l.remove_suffix(1);
      if (!l.ends_with(want)) continue;
      unsigned long lo = 0, hi = 0;
      if (std::sscanf(line, "%lx-%lx", &lo, &hi) == 2 && hi - lo > range.second - range.first) {
        range = {lo, hi};
      }
    }
    std::fclose(maps);
    return range;
  }

  uint64_t MapBytes() const {
    MDB_envinfo info;
    mdb_env_info(env_, &info);
    return info.me_mapsize;
  }
  Status SetMapBytes(uint64_t bytes) {
    std::unique_lock<std::shared_mutex> lock(map_mu_);
    int rc = mdb_env_set_mapsize(env_, bytes);
    NoteMap();
    if (rc) return std::unexpected(LmdbError(rc, "growing the store's map"));
    return {};
  }
  Status EnsureRoom(uint64_t extra) {
    uint64_t need = UsedBytes() + extra + 64 * kMiB;
    uint64_t map = MapBytes();
    if (need <= map) return {};
    while (map < need) map *= 2;
    return SetMapBytes(map);
  }

  Status DecodeStored(MDB_txn* txn, uint64_t id, std::string_view record,
                      TranslationUnit* unit) const;

  // An import in progress, or interrupted by a crash: its units (ids from
  // first_id on) are committed in batches but hidden from every reader until
  // its last commit removes this marker (meta "pending").
  struct Pending {
    uint32_t origin = 0;
    uint64_t first_id = 0;
    uint64_t units = 0;
    bool active() const { return origin != 0; }
    // True if unit `id` belongs to the pending import (hidden).
    bool Hides(uint64_t id) const { return active() && id >= first_id; }
  };
  Result<Pending> ReadPending(MDB_txn* txn) const;
  // While an import is pending, the record readers see for unit `id` is its
  // before-image if the import merged into it. Replaces *v in that case.
  void UseBeforeImage(MDB_txn* txn, const Pending& pending, uint64_t id, MDB_val* v) const {
    if (!pending.active() || id >= pending.first_id) return;
    std::string key = BigEndian64(id);
    MDB_val k = Val(key), before;
    if (mdb_get(txn, undo_, &k, &before) == 0) *v = before;
  }
  // Reads unit `id` as readers see it (hidden if pending, else its
  // before-image if the pending import merged into it); false if absent.
  Result<bool> ReadUnit(MDB_txn* txn, const Pending& pending, uint64_t id,
                        TranslationUnit* unit) const {
    if (pending.Hides(id)) return false;
    std::string key = BigEndian64(id);
    MDB_val k = Val(key), v;
    int rc = mdb_get(txn, units_, &k, &v);
    if (rc == MDB_NOTFOUND) return false;
    if (rc) return std::unexpected(LmdbError(rc, "reading unit " + std::to_string(id)));
    UseBeforeImage(txn, pending, id, &v);
    if (Status s = DecodeStored(txn, id, View(v), unit); !s) return std::unexpected(s.error());
    return true;
  }
  // Removes a pending import's units and marker, in several transactions.
  // REQUIRES: the import lock is held.
  Status DiscardPending();
  // Serialises imports across processes (flock on import.lock in the store).
  Status LockImports();
  void UnlockImports();
  // Holds the import lock until destroyed.
  class ImportLock {
   public:
    explicit ImportLock(Impl* impl) : impl_(impl) {}
    ImportLock(ImportLock&& o) noexcept : impl_(std::exchange(o.impl_, nullptr)) {}
    ImportLock& operator=(ImportLock&&) = delete;
    ~ImportLock() {
      if (impl_) impl_->UnlockImports();
    }

   private:
    Impl* impl_;
  };
  // Takes the import lock (waiting for another process's import) and adopts
  // a map another process grew: the start of every import, of units or terms.
  Result<ImportLock> BeginImport() {
    if (Status s = LockImports(); !s) return std::unexpected(s.error());
    ImportLock lock(this);
    {
      std::unique_lock<std::shared_mutex> exclusive(map_mu_);
      mdb_env_set_mapsize(env_, 0);
      NoteMap();
    }
    if (Status s = CheckNotReplaced(); !s) return std::unexpected(s.error());
    return lock;
  }
  int import_lock_fd_ = -1;
  std::function<void(const std::string&)> wait_notice_;
  Result<std::string> OriginPath(MDB_txn* txn, uint32_t origin_id) const;

  Result<ImportStats> ImportOnce(const ImportOptions& options,
                                 const std::function<Status(UnitSink&)>& produce, bool* map_full);
};

namespace {

std::string EncodePending(uint32_t origin, uint64_t first_id, uint64_t units) {
  return BigEndian32(origin) + BigEndian64(first_id) + BigEndian64(units);
}

// The sink of one import attempt. Units go into batches of write
// transactions, hidden from readers by the "pending" marker until Finish()
// commits the counters, the origin and the next id and removes the marker.
class ImportSession final : public UnitSink {
 public:
  ImportSession(Store::Impl* store, const ImportOptions& options)
      : store_(store), options_(options), fuzzy_(store->fuzzy_) {}

  Status Start() {
    if (Status s = Begin(); !s) return s;
    MDB_val k = Val("next_id"), v;
    int rc = mdb_get(txn_.get(), store_->meta_, &k, &v);
    if (rc == 0) {
      next_id_ = FromBigEndian64(View(v));
    } else if (rc != MDB_NOTFOUND) {
      return Fail(rc, "reading the store's next unit id");
    }
    first_id_ = next_id_;
    Cursor c;
    if ((rc = c.Open(txn_.get(), store_->origins_))) return Fail(rc, "opening the origins table");
    MDB_val ok, ov;
    rc = mdb_cursor_get(c.get(), &ok, &ov, MDB_LAST);
    if (rc == 0) {
      std::string_view key = View(ok);
      uint32_t last = 0;
      for (char ch : key) last = (last << 8) | static_cast<uint8_t>(ch);
      origin_.id = last + 1;
    } else if (rc == MDB_NOTFOUND) {
      origin_.id = 1;
    } else {
      return Fail(rc, "reading the origins table");
    }
    origin_.path = options_.origin_path;
    origin_.format = options_.origin_format;
    origin_.imported_at = NowSeconds();
    return WritePending();
  }

  void SetHeader(std::vector<Attribute> attrs, std::vector<Prop> props,
                 std::vector<Note> notes) override {
    origin_.header_attrs = std::move(attrs);
    origin_.props = std::move(props);
    origin_.notes = std::move(notes);
  }

  Status Add(TranslationUnit unit) override {
    Result<PreparedUnit> prepared = PrepareUnit(std::move(unit));
    if (!prepared) {
      ++stats_.read;
      return std::unexpected(prepared.error());
    }
    return AddPrepared(std::move(*prepared));
  }

  Status AddPrepared(PreparedUnit prepared) override {
    ++stats_.read;
    // Pages read through the map (duplicate checks, merges) stay resident
    // until released: let them go every so often.
    if (stats_.read % kReleaseEvery == 0) store_->ReleaseResident();
    bool merged = false;
    if (options_.merge_duplicates) {
      Result<bool> m = TryMerge(prepared.unit, prepared.dedup_key);
      if (!m) return std::unexpected(m.error());
      merged = *m;
    }
    if (merged) {
      ++stats_.merged;
    } else if (Status s = StoreNew(std::move(prepared)); !s) {
      return s;
    }
    uint64_t pages = batch_bytes_ / 4096 + batch_merges_ + std::min(batch_exact_, exact_leaves_) +
                     std::min(batch_dedup_entries_, dedup_leaves_) + fuzzy_.dirty_pages();
    uint64_t limit = options_.batch_bytes ? options_.batch_bytes / 4096 + 1 : kBatchPages;
    if (pages >= limit) return CommitBatch();
    return {};
  }

  // Writes the counters, the origin and the next id, forgets the merged
  // units' before-images, removes the pending marker and commits: the whole
  // import becomes visible at once.
  Result<ImportStats> Finish() {
    // The merged units' before-images are no longer needed. (Deleted entry by
    // entry rather than with mdb_drop, which reads every page at once.)
    {
      Cursor u;
      int rc = u.Open(txn_.get(), store_->undo_);
      if (rc) return Fail(rc, "completing the import");
      MDB_val k, v;
      uint64_t deleted = 0;
      for (rc = mdb_cursor_get(u.get(), &k, &v, MDB_FIRST); rc == 0;
           rc = mdb_cursor_get(u.get(), &k, &v, MDB_FIRST)) {
        if ((rc = mdb_cursor_del(u.get(), 0))) return Fail(rc, "completing the import");
        if (++deleted % kReleaseEvery == 0) store_->ReleaseResident();
      }
      if (rc != MDB_NOTFOUND) return Fail(rc, "completing the import");
    }
    if (Status s = Flush(); !s) return std::unexpected(s.error());
    {
      // The import's postings, and merges of older ones: big merges commit
      // (hidden) batches of their own.
      MDB_txn* raw = txn_.get();
      int rc = fuzzy_.Finish(&raw, [&](MDB_txn** t) -> int {
        if (Status s = CommitBatch(); !s) return MDB_PANIC;  // reported below
        *t = txn_.get();
        return 0;
      });
      if (rc == MDB_PANIC && batch_error_) return std::unexpected(*batch_error_);
      if (rc) return Fail(rc, "writing the fuzzy index");
    }
    for (const auto& [key, delta] : count_delta_) {
      if (delta == 0) continue;
      MDB_val k = Val(key), v;
      int64_t value = 0;
      int rc = mdb_get(txn_.get(), store_->counts_, &k, &v);
      if (rc == 0) {
        value = DecodeCount(View(v));
      } else if (rc != MDB_NOTFOUND) {
        return Fail(rc, "reading counters");
      }
      std::string enc = EncodeCount(value + delta);
      MDB_val nv = Val(enc);
      if ((rc = mdb_put(txn_.get(), store_->counts_, &k, &nv, 0))) {
        return Fail(rc, "writing counters");
      }
    }
    std::string next = BigEndian64(next_id_);
    MDB_val k = Val("next_id"), v = Val(next);
    int rc = mdb_put(txn_.get(), store_->meta_, &k, &v, 0);
    if (rc) return Fail(rc, "writing the next unit id");
    origin_.units = stats_.added;
    std::string okey = BigEndian32(origin_.id), orec;
    internal::EncodeOrigin(origin_, &orec);
    MDB_val ok = Val(okey), ov = Val(orec);
    if ((rc = mdb_put(txn_.get(), store_->origins_, &ok, &ov, 0))) {
      return Fail(rc, "recording the imported file");
    }
    MDB_val pk = Val("pending");
    if ((rc = mdb_del(txn_.get(), store_->meta_, &pk, nullptr))) {
      return Fail(rc, "completing the import");
    }
    if ((rc = txn_.Commit())) {
      return Fail(rc, "committing the import of '" + options_.origin_path + "'");
    }
    stats_.origin_id = origin_.id;
    return stats_;
  }

  bool map_full() const { return map_full_; }
  const OriginInfo& origin() const { return origin_; }

 private:
  std::unexpected<Error> Fail(int rc, const std::string& step) {
    if (rc == MDB_MAP_FULL || rc == MDB_TXN_FULL || rc == MDB_MAP_RESIZED) map_full_ = true;
    return std::unexpected(LmdbError(rc, step));
  }

  Status Begin() {
    MDB_txn* raw = nullptr;
    int rc = mdb_txn_begin(store_->env_, nullptr, 0, &raw);
    if (rc) return Fail(rc, "starting the import of '" + options_.origin_path + "'");
    txn_ = Txn(raw);
    MDB_stat st;
    mdb_stat(raw, store_->exact_, &st);
    exact_leaves_ = st.ms_leaf_pages + st.ms_branch_pages + 1;
    mdb_stat(raw, store_->dedup_, &st);
    dedup_leaves_ = st.ms_leaf_pages + st.ms_branch_pages + 1;
    batch_bytes_ = batch_exact_ = batch_dedup_entries_ = batch_merges_ = 0;
    fuzzy_.ResetPages();
    if ((rc = fuzzy_.Begin(raw))) return Fail(rc, "reading the fuzzy index");
    return {};
  }

  Status WritePending() {
    std::string value = EncodePending(origin_.id, first_id_, stats_.added);
    MDB_val k = Val("pending"), v = Val(value);
    int rc = mdb_put(txn_.get(), store_->meta_, &k, &v, 0);
    if (rc) return Fail(rc, "marking the import as pending");
    return {};
  }

  // Commits the units so far (still hidden) and starts the next transaction.
  Status CommitBatch() {
    Status s = CommitBatchOnce();
    if (!s) batch_error_ = s.error();
    return s;
  }
  Status CommitBatchOnce() {
    if (Status s = Flush(); !s) return s;
    if (Status s = WritePending(); !s) return s;
    int rc = txn_.Commit();
    if (rc) return Fail(rc, "committing part of the import of '" + options_.origin_path + "'");
    store_->ReleaseResident();
    return Begin();
  }

  // Appends a new unit and queues its index entries.
  Status StoreNew(PreparedUnit prepared) {
    const TranslationUnit& unit = prepared.unit;
    uint64_t id = next_id_++;
    record_.clear();
    internal::EncodeUnit(unit, origin_.id, &record_);
    std::string key = BigEndian64(id);
    MDB_val k = Val(key), v = Val(record_);
    int rc = mdb_put(txn_.get(), store_->units_, &k, &v, MDB_APPEND);
    if (rc) return Fail(rc, "storing unit " + std::to_string(id));
    batch_bytes_ += record_.size();
    batch_exact_ += prepared.exact_keys.size();
    ++batch_dedup_entries_;
    for (std::string& ek : prepared.exact_keys) pending_exact_.emplace_back(std::move(ek), id);
    pending_dedup_.emplace_back(prepared.dedup_key, id);
    batch_dedup_.emplace(FromBigEndian64(prepared.dedup_key), id);
    if ((rc = fuzzy_.Add(txn_.get(), id, prepared.tokens))) {
      return Fail(rc, "indexing unit " + std::to_string(id) + " for fuzzy matches");
    }
    CountUnit(unit, +1, &count_delta_);
    ++stats_.added;
    if (pending_exact_.size() >= kFlushEvery) return Flush();
    return {};
  }

  // Looks for a stored unit with the same languages and texts and merges into
  // it. For a unit stored before this import, its before-image is saved in
  // `undo`: readers keep seeing it until the import completes.
  Result<bool> TryMerge(const TranslationUnit& unit, const std::string& dedup) {
    std::vector<uint64_t> candidates;
    auto range = batch_dedup_.equal_range(FromBigEndian64(dedup));
    for (auto it = range.first; it != range.second; ++it) candidates.push_back(it->second);
    Cursor c;
    int rc = c.Open(txn_.get(), store_->dedup_);
    if (rc) return Fail(rc, "opening the duplicate index");
    MDB_val k = Val(dedup), v;
    rc = mdb_cursor_get(c.get(), &k, &v, MDB_SET_KEY);
    while (rc == 0) {
      candidates.push_back(FromBigEndian64(View(v)));
      rc = mdb_cursor_get(c.get(), &k, &v, MDB_NEXT_DUP);
    }
    if (rc != MDB_NOTFOUND) return Fail(rc, "reading the duplicate index");
    if (candidates.empty()) return false;
    std::string wanted = internal::DuplicateKey(unit);
    for (uint64_t id : candidates) {
      std::string key = BigEndian64(id);
      MDB_val uk = Val(key), uv;
      rc = mdb_get(txn_.get(), store_->units_, &uk, &uv);
      if (rc == MDB_NOTFOUND) continue;
      if (rc) return Fail(rc, "reading unit " + std::to_string(id));
      TranslationUnit stored;
      uint32_t origin_id = 0;
      if (Status s = internal::DecodeUnit(View(uv), &stored, &origin_id); !s) {
        return std::unexpected(s.error().WithContext("unit " + std::to_string(id)));
      }
      if (internal::DuplicateKey(stored) != wanted) continue;
      if (MergeInto(unit, &stored)) {
        ++batch_merges_;  // a changed page, and a before-image
        if (id < first_id_) {
          // A unit stored before this import: keep its before-image, which
          // readers see until the import completes (the first image wins).
          // (A copy: LMDB may spill the page `uv` points into during the put.)
          std::string before(View(uv));
          MDB_val bk = Val(key), bv = Val(before);
          rc = mdb_put(txn_.get(), store_->undo_, &bk, &bv, MDB_NOOVERWRITE);
          if (rc && rc != MDB_KEYEXIST) return Fail(rc, "saving unit " + std::to_string(id));
        }
        record_.clear();
        internal::EncodeUnit(stored, origin_id, &record_);
        MDB_val nv = Val(record_);
        if ((rc = mdb_put(txn_.get(), store_->units_, &uk, &nv, 0))) {
          return Fail(rc, "merging into unit " + std::to_string(id));
        }
      }
      return true;
    }
    return false;
  }

  // Writes the buffered index entries in key order (sequential B-tree access).
  Status Flush() {
    std::sort(pending_exact_.begin(), pending_exact_.end());
    size_t written = 0;
    for (const auto& [key, id] : pending_exact_) {
      if (++written % kReleaseEvery == 0) store_->ReleaseResident();
      std::string val = BigEndian64(id);
      MDB_val k = Val(key), v = Val(val);
      int rc = mdb_put(txn_.get(), store_->exact_, &k, &v, MDB_NODUPDATA);
      if (rc && rc != MDB_KEYEXIST) return Fail(rc, "writing the exact-match index");
    }
    pending_exact_.clear();
    std::sort(pending_dedup_.begin(), pending_dedup_.end());
    for (const auto& [key, id] : pending_dedup_) {
      if (++written % kReleaseEvery == 0) store_->ReleaseResident();
      std::string val = BigEndian64(id);
      MDB_val k = Val(key), v = Val(val);
      int rc = mdb_put(txn_.get(), store_->dedup_, &k, &v, MDB_NODUPDATA);
      if (rc && rc != MDB_KEYEXIST) return Fail(rc, "writing the duplicate index");
    }
    pending_dedup_.clear();
    batch_dedup_.clear();
    if (int rc = fuzzy_.Flush(txn_.get())) return Fail(rc, "writing the fuzzy index");
    return {};
  }

  Store::Impl* store_;
  Txn txn_;
  const ImportOptions& options_;
  OriginInfo origin_;
  ImportStats stats_;
  uint64_t next_id_ = 1;
  uint64_t first_id_ = 1;     // the first id of this import (hidden until Finish)
  uint64_t batch_bytes_ = 0;  // unit bytes since the last commit
  uint64_t batch_exact_ = 0, batch_dedup_entries_ = 0;  // index entries since then
  uint64_t batch_merges_ = 0;                           // units merged into since then
  uint64_t exact_leaves_ = 1, dedup_leaves_ = 1;        // pages of the indices at its start
  std::string record_;
  std::vector<std::pair<std::string, uint64_t>> pending_exact_;
  std::vector<std::pair<std::string, uint64_t>> pending_dedup_;
  std::unordered_multimap<uint64_t, uint64_t> batch_dedup_;
  std::unordered_map<std::string, int64_t> count_delta_;
  internal::FuzzyIndexWriter fuzzy_;
  std::optional<Error> batch_error_;
  bool map_full_ = false;
};

}  // namespace

Status Store::Impl::UpgradeFromSchema1() {
  // In transactions of a few thousand units; an interrupted upgrade starts
  // again at the next open (re-adding a unit's entries is harmless).
  constexpr uint64_t kUnitsPerTxn = 20000;
  if (Status s = EnsureRoom(UsedBytes()); !s) return s;
  std::shared_lock<std::shared_mutex> lock(map_mu_);
  if (int rc = internal::CollectSegments(env_, fuzzy_)) {  // of an interrupted upgrade
    return std::unexpected(LmdbError(rc, "upgrading the store"));
  }
  uint64_t next = 0;
  internal::FuzzyIndexWriter writer(fuzzy_);
  while (true) {
    MDB_txn* raw = nullptr;
    int rc = mdb_txn_begin(env_, nullptr, 0, &raw);
    if (rc) return std::unexpected(LmdbError(rc, "upgrading the store"));
    Txn txn(raw);
    if ((rc = writer.Begin(raw))) return std::unexpected(LmdbError(rc, "upgrading the store"));
    bool done = false;
    {
      Cursor c;
      if ((rc = c.Open(raw, units_))) return std::unexpected(LmdbError(rc, "upgrading the store"));
      std::string start = BigEndian64(next);
      MDB_val k = Val(start), v;
      uint64_t n = 0;
      for (rc = mdb_cursor_get(c.get(), &k, &v, MDB_SET_RANGE); rc == 0 && n < kUnitsPerTxn;
           rc = mdb_cursor_get(c.get(), &k, &v, MDB_NEXT), ++n) {
        uint64_t id = FromBigEndian64(View(k));
        next = id + 1;
        TranslationUnit unit;
        uint32_t origin_id = 0;
        if (!internal::DecodeUnit(View(v), &unit, &origin_id)) continue;  // verify reports it
        if ((rc = writer.Add(raw, id, internal::UnitTokens(unit)))) break;
      }
      done = rc == MDB_NOTFOUND;
      if (rc && rc != MDB_NOTFOUND) return std::unexpected(LmdbError(rc, "upgrading the store"));
    }
    if ((rc = writer.Flush(raw))) return std::unexpected(LmdbError(rc, "upgrading the store"));
    if (done) {
      rc = writer.Finish(&raw, [&](MDB_txn** t) -> int {
        if (int r = txn.Commit()) return r;
        MDB_txn* fresh = nullptr;
        if (int r = mdb_txn_begin(env_, nullptr, 0, &fresh)) return r;
        txn = Txn(fresh);
        if (int r = writer.Begin(fresh)) return r;
        *t = fresh;
        return 0;
      });
      if (rc) return std::unexpected(LmdbError(rc, "upgrading the store"));
      raw = txn.get();
      std::string schema = std::to_string(kSchemaVersion);
      MDB_val sk = Val("schema"), sv = Val(schema);
      if ((rc = mdb_put(raw, meta_, &sk, &sv, 0))) {
        return std::unexpected(LmdbError(rc, "upgrading the store"));
      }
    }
    if ((rc = txn.Commit())) return std::unexpected(LmdbError(rc, "upgrading the store"));
    ReleaseResident();
    if (done) return {};
  }
}

Status Store::Impl::OpenEnv() {
  int rc = mdb_env_create(&env_);
  if (rc) return std::unexpected(LmdbError(rc, "creating the store environment"));
  mdb_env_set_maxdbs(env_, 32);
  mdb_env_set_maxreaders(env_, 254);
  uint64_t map = std::max<uint64_t>(options_.initial_map_bytes, 1 * kMiB);
  std::error_code ec;
  uint64_t existing = std::filesystem::file_size(path_ / "data.mdb", ec);
  if (!ec) map = std::max(map, existing + existing / 2);
  mdb_env_set_mapsize(env_, map);
  // An assertion inside LMDB fails only on a damaged page (LMDB would
  // abort): end with a message and exit 1 instead, like the CLI's fault
  // handler. The one place the library writes to stderr, as it cannot return.
  mdb_env_set_assert(env_, [](MDB_env* env, const char* what) {
    const char* file = "data.mdb";
    if (const char* path = nullptr; mdb_env_get_path(env, &path) == 0 && path) file = path;
    internal::DieOfDamagedStore(file, "LMDB: ", what);
  });
  unsigned flags = MDB_NOTLS | MDB_NORDAHEAD;
  if (options_.read_only) flags |= MDB_RDONLY;
  rc = mdb_env_open(env_, path_.c_str(), flags, 0644);
  if (rc) {
    if (rc == MDB_INVALID) {
      return Corruption("the data.mdb in '" + path_.string() +
                        "' is not an LMDB store (or is damaged)");
    }
    return std::unexpected(LmdbError(rc, "opening the store at '" + path_.string() + "'"));
  }
  NoteMap();
  return CheckFileSize();
}

Status Store::Impl::CheckFileSize() const {
  // LMDB trusts its meta page: pages past the end of a truncated file would
  // be read through the map and kill the process (SIGBUS).
  MDB_envinfo info;
  MDB_stat st;
  mdb_filehandle_t fd;
  struct stat file;
  if (mdb_env_info(env_, &info) != 0 || mdb_env_stat(env_, &st) != 0 ||
      mdb_env_get_fd(env_, &fd) != 0 || ::fstat(fd, &file) != 0) {
    return {};  // nothing to compare: LMDB reports what it cannot read
  }
  uint64_t need = (static_cast<uint64_t>(info.me_last_pgno) + 1) * st.ms_psize;
  uint64_t size = static_cast<uint64_t>(file.st_size);
  if (size < need) {
    return Corruption("the store file '" + (path_ / "data.mdb").string() + "' is truncated: " +
                      std::to_string(size) + " bytes, but its pages up to " +
                      std::to_string(info.me_last_pgno) + " need " + std::to_string(need) +
                      " bytes; restore it from a backup (tmkit restore BACKUP-DIR)");
  }
  return {};
}

Status Store::Impl::CheckNotReplaced() const {
  // `tmkit restore` swaps the store's folder: a writer that opened the old
  // one and then waited must not write into it.
  mdb_filehandle_t fd;
  struct stat open_file, named;
  if (mdb_env_get_fd(env_, &fd) != 0 || ::fstat(fd, &open_file) != 0) return {};
  if (::stat((path_ / "data.mdb").c_str(), &named) != 0 || named.st_ino != open_file.st_ino ||
      named.st_dev != open_file.st_dev) {
    return IOError("the store at '" + path_.string() +
                   "' was replaced (tmkit restore) while this command waited; run it again");
  }
  return {};
}

Status Store::Impl::InitDatabases() {
  std::shared_lock<std::shared_mutex> lock(map_mu_);
  MDB_txn* raw = nullptr;
  bool ro = options_.read_only;
  int rc = mdb_txn_begin(env_, nullptr, ro ? MDB_RDONLY : 0, &raw);
  if (rc == MDB_MAP_RESIZED) {
    mdb_env_set_mapsize(env_, 0);
    NoteMap();
    rc = mdb_txn_begin(env_, nullptr, ro ? MDB_RDONLY : 0, &raw);
  }
  if (rc) return std::unexpected(LmdbError(rc, "opening the store"));
  Txn txn(raw);
  unsigned create = ro ? 0 : MDB_CREATE;
  struct {
    const char* name;
    MDB_dbi* dbi;
    unsigned flags;
    int since_schema;  // tables added later are missing from older stores
  } dbs[] = {
      {"meta", &meta_, 0, 1},
      {"units", &units_, 0, 1},
      {"exact", &exact_, MDB_DUPSORT | MDB_DUPFIXED, 1},
      {"dedup", &dedup_, MDB_DUPSORT | MDB_DUPFIXED, 1},
      {"origins", &origins_, 0, 1},
      {"counts", &counts_, 0, 1},
      {"undo", &undo_, 0, 1},
      {"vocab", &fuzzy_.vocab, 0, 2},
      {"vocab_ids", &fuzzy_.vocab_ids, 0, 2},
      {"vocab_fold", &fuzzy_.vocab_fold, MDB_DUPSORT | MDB_DUPFIXED, 2},
      {"postings", &fuzzy_.postings, 0, 2},
      {"tokens", &fuzzy_.tokens, 0, 2},
      // The term base came later within schema 2: a store without these
      // tables gets them from its next writable open (as an upgrade).
      {"term_entries", &terms_.entries, 0, 2},
      {"term_keys", &terms_.keys, MDB_DUPSORT | MDB_DUPFIXED, 2},
      {"term_sort", &terms_.sort, 0, 2},
      {"term_dedup", &terms_.dedup, 0, 2},
  };
  for (auto& db : dbs) {
    rc = mdb_dbi_open(raw, db.name, db.flags | create, db.dbi);
    if (rc == MDB_NOTFOUND && db.since_schema > 1) {
      // Read-only, and a store older than this table: Open() upgrades it.
      return NotSupported(kNeedsUpgrade);
    }
    if (rc == MDB_NOTFOUND) {
      return Corruption("'" + path_.string() +
                        "' is an LMDB environment but not a tmkit store (no '" + db.name +
                        "' table)");
    }
    if (rc == MDB_INCOMPATIBLE) {
      return Corruption("'" + path_.string() + "' is not a tmkit store (table '" + db.name +
                        "' has other flags)");
    }
    if (rc) return std::unexpected(LmdbError(rc, std::string("opening table ") + db.name));
  }
  fuzzy_.meta = meta_;
  terms_.meta = meta_;
  MDB_val k = Val("schema"), v;
  rc = mdb_get(raw, meta_, &k, &v);
  if (rc == MDB_NOTFOUND) {
    MDB_stat st;
    mdb_stat(raw, units_, &st);
    if (st.ms_entries > 0) {
      return Corruption("the store at '" + path_.string() + "' has units but no schema version");
    }
    if (ro) {  // an empty store: nothing to read, but keep the table handles
      if ((rc = txn.Commit())) return std::unexpected(LmdbError(rc, "opening the store"));
      return {};
    }
    std::string schema = std::to_string(kSchemaVersion);
    std::string unicode = UnicodeVersion();
    MDB_val sv = Val(schema);
    MDB_val uk = Val("unicode"), uv = Val(unicode);
    if ((rc = mdb_put(raw, meta_, &k, &sv, 0)) || (rc = mdb_put(raw, meta_, &uk, &uv, 0))) {
      return std::unexpected(LmdbError(rc, "initialising the store"));
    }
    if ((rc = txn.Commit())) return std::unexpected(LmdbError(rc, "initialising the store"));
    return {};
  }
  if (rc) return std::unexpected(LmdbError(rc, "reading the store's schema version"));
  int schema = std::atoi(std::string(View(v)).c_str());
  if (schema > kSchemaVersion) {
    return NotSupported("the store at '" + path_.string() + "' has schema version " +
                        std::to_string(schema) + ", written by a newer tmkit; this tmkit reads " +
                        "schema " + std::to_string(kSchemaVersion) + " (upgrade tmkit)");
  }
  if (schema < 1) {
    return Corruption("the store at '" + path_.string() + "' has an invalid schema version");
  }
  if (schema == 1) {
    if (ro) return NotSupported(kNeedsUpgrade);
    if ((rc = txn.Commit())) return std::unexpected(LmdbError(rc, "opening the store"));
    return UpgradeFromSchema1();
  }
  // Committing (also a read-only transaction) keeps the table handles open.
  if ((rc = txn.Commit())) return std::unexpected(LmdbError(rc, "opening the store"));
  return {};
}

Result<Txn> Store::Impl::BeginRead(std::shared_lock<std::shared_mutex>* lock) const {
  *lock = std::shared_lock<std::shared_mutex>(map_mu_);
  MDB_txn* raw = nullptr;
  int rc = mdb_txn_begin(env_, nullptr, MDB_RDONLY, &raw);
  if (rc == MDB_MAP_RESIZED) {
    lock->unlock();
    {
      std::unique_lock<std::shared_mutex> exclusive(map_mu_);
      mdb_env_set_mapsize(env_, 0);
      NoteMap();
    }
    lock->lock();
    rc = mdb_txn_begin(env_, nullptr, MDB_RDONLY, &raw);
  }
  if (rc) return std::unexpected(LmdbError(rc, "starting a read of the store"));
  return Txn(raw);
}

Result<std::string> Store::Impl::OriginPath(MDB_txn* txn, uint32_t origin_id) const {
  {
    std::lock_guard<std::mutex> g(origin_mu_);
    auto it = origin_paths_.find(origin_id);
    if (it != origin_paths_.end()) return it->second;
  }
  std::string key = BigEndian32(origin_id);
  MDB_val k = Val(key), v;
  int rc = mdb_get(txn, origins_, &k, &v);
  if (rc == MDB_NOTFOUND) return std::string();
  if (rc) return std::unexpected(LmdbError(rc, "reading the origins table"));
  OriginInfo origin;
  if (Status s = internal::DecodeOrigin(View(v), &origin); !s) {
    return std::unexpected(s.error().WithContext("origin " + std::to_string(origin_id)));
  }
  std::lock_guard<std::mutex> g(origin_mu_);
  origin_paths_[origin_id] = origin.path;
  return origin.path;
}

Status Store::Impl::DecodeStored(MDB_txn* txn, uint64_t id, std::string_view record,
                                 TranslationUnit* unit) const {
  uint32_t origin_id = 0;
  if (Status s = internal::DecodeUnit(record, unit, &origin_id); !s) {
    return std::unexpected(s.error().WithContext("unit " + std::to_string(id)));
  }
  unit->id = id;
  Result<std::string> origin = OriginPath(txn, origin_id);
  if (!origin) return std::unexpected(origin.error());
  unit->origin = *origin;
  return {};
}

Result<ImportStats> Store::Impl::ImportOnce(const ImportOptions& options,
                                            const std::function<Status(UnitSink&)>& produce,
                                            bool* map_full) {
  std::shared_lock<std::shared_mutex> lock(map_mu_);
  const std::string step = "importing '" + options.origin_path + "'";
  ImportSession session(this, options);
  if (Status s = session.Start(); !s) {
    *map_full = session.map_full();
    return std::unexpected(s.error().WithContext(step));
  }
  Status produced = produce(session);
  *map_full = session.map_full();
  if (!produced) return std::unexpected(produced.error());
  Result<ImportStats> stats = session.Finish();
  *map_full = session.map_full();
  if (!stats) return std::unexpected(stats.error().WithContext(step));
  std::lock_guard<std::mutex> g(origin_mu_);
  origin_paths_[session.origin().id] = session.origin().path;
  return stats;
}

Result<Store::Impl::Pending> Store::Impl::ReadPending(MDB_txn* txn) const {
  MDB_val k = Val("pending"), v;
  int rc = mdb_get(txn, meta_, &k, &v);
  if (rc == MDB_NOTFOUND) return Pending{};
  if (rc) return std::unexpected(LmdbError(rc, "reading the store's import marker"));
  std::string_view value = View(v);
  if (value.size() != 20) return Corruption("the store's import marker is damaged");
  Pending p;
  for (char c : value.substr(0, 4)) p.origin = (p.origin << 8) | static_cast<uint8_t>(c);
  p.first_id = FromBigEndian64(value.substr(4, 8));
  p.units = FromBigEndian64(value.substr(12, 8));
  if (p.origin == 0) return Corruption("the store's import marker is damaged");
  return p;
}

Status Store::Impl::DiscardPending() {
  std::shared_lock<std::shared_mutex> lock(map_mu_);
  while (true) {
    MDB_txn* raw = nullptr;
    int rc = mdb_txn_begin(env_, nullptr, 0, &raw);
    if (rc) return std::unexpected(LmdbError(rc, "removing an unfinished import"));
    Txn txn(raw);
    Result<Pending> pending = ReadPending(raw);
    if (!pending) return std::unexpected(pending.error());
    if (!pending->active()) return {};
    // Remove the import's units from the highest id down, with their index entries.
    // (Cursors live in a block that ends before the commit, which frees them.)
    MDB_val k, v;
    int removed = 0;
    bool done = false;
    {
      Cursor c;
      if ((rc = c.Open(raw, units_)))
        return std::unexpected(LmdbError(rc, "removing an unfinished import"));
      for (rc = mdb_cursor_get(c.get(), &k, &v, MDB_LAST); removed < kDiscardBatch;
           rc = mdb_cursor_get(c.get(), &k, &v, MDB_LAST)) {
        if (rc == MDB_NOTFOUND || FromBigEndian64(View(k)) < pending->first_id) {
          done = true;
          break;
        }
        if (rc) return std::unexpected(LmdbError(rc, "removing an unfinished import"));
        std::string key(View(k));
        TranslationUnit unit;
        uint32_t origin_id = 0;
        if (internal::DecodeUnit(View(v), &unit, &origin_id)) {
          for (const std::string& ek : ExactKeys(unit)) {
            MDB_val ik = Val(ek), iv = Val(key);
            mdb_del(raw, exact_, &ik, &iv);
          }
          std::string dk = DedupKey(unit);
          MDB_val ik = Val(dk), iv = Val(key);
          mdb_del(raw, dedup_, &ik, &iv);
        }
        if ((rc = internal::RemoveFromFuzzyIndex(raw, fuzzy_, FromBigEndian64(key)))) {
          return std::unexpected(LmdbError(rc, "removing an unfinished import"));
        }
        if ((rc = mdb_cursor_del(c.get(), 0))) {
          return std::unexpected(LmdbError(rc, "removing an unfinished import"));
        }
        ++removed;
      }
      if (done) {
        // Put back the units it had merged into, as they were before it.
        Cursor u;
        if ((rc = u.Open(raw, undo_)))
          return std::unexpected(LmdbError(rc, "removing an unfinished import"));
        for (rc = mdb_cursor_get(u.get(), &k, &v, MDB_FIRST); rc == 0 && removed < kDiscardBatch;
             rc = mdb_cursor_get(u.get(), &k, &v, MDB_FIRST)) {
          std::string key(View(k)), before(View(v));
          MDB_val uk = Val(key), uv;
          if (mdb_get(raw, units_, &uk, &uv) == 0) {  // unless deleted since
            MDB_val bv = Val(before);
            if ((rc = mdb_put(raw, units_, &uk, &bv, 0))) {
              return std::unexpected(
                  LmdbError(rc, "restoring unit " + std::to_string(FromBigEndian64(key))));
            }
          }
          if ((rc = mdb_cursor_del(u.get(), 0))) {
            return std::unexpected(LmdbError(rc, "removing an unfinished import"));
          }
          ++removed;
        }
        if (rc != MDB_NOTFOUND) done = false;  // more to restore in the next transaction
      }
    }
    if (done) {
      MDB_val pk = Val("pending");
      if ((rc = mdb_del(raw, meta_, &pk, nullptr))) {
        return std::unexpected(LmdbError(rc, "removing an unfinished import"));
      }
    }
    if ((rc = txn.Commit())) return std::unexpected(LmdbError(rc, "removing an unfinished import"));
    if (done) break;
  }
  // Its fuzzy index segments (and any that merges left behind).
  if (int rc = internal::CollectSegments(env_, fuzzy_)) {
    return std::unexpected(LmdbError(rc, "removing an unfinished import"));
  }
  return {};
}

Status Store::Impl::LockImports() {
  if (import_lock_fd_ < 0) {
    std::string lock_path = (path_ / "import.lock").string();
    import_lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (import_lock_fd_ < 0) {
      return IOError("cannot open '" + lock_path + "': " + std::strerror(errno));
    }
  }
  if (::flock(import_lock_fd_, LOCK_EX | LOCK_NB) == 0) return {};
  if (errno == EWOULDBLOCK && wait_notice_) {
    wait_notice_("another tmkit process is writing to the store at '" + path_.string() +
                     "' (an import or a delete); waiting for it to finish");
  }
  while (::flock(import_lock_fd_, LOCK_EX) != 0) {
    if (errno != EINTR)
      return IOError(std::string("cannot lock the store for an import: ") + std::strerror(errno));
  }
  return {};
}

void Store::Impl::UnlockImports() {
  if (import_lock_fd_ >= 0) ::flock(import_lock_fd_, LOCK_UN);
}

// ---------------------------------------------------------------------------

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

const std::filesystem::path& Store::path() const { return impl_->path_; }

void Store::SetWaitNotice(std::function<void(const std::string&)> notice) {
  impl_->wait_notice_ = std::move(notice);
}

Result<Store> Store::Open(const std::filesystem::path& dir, const StoreOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->path_ = dir;
  impl->options_ = options;
  std::error_code ec;
  bool exists = std::filesystem::exists(dir / "data.mdb", ec);
  if (!exists) {
    if (!options.create_if_missing || options.read_only) {
      return NotFound("no store at '" + dir.string() +
                      "'; import a file first (tmkit import FILE) or give --store DIR");
    }
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      return IOError("cannot create the store folder '" + dir.string() + "': " + ec.message());
    }
  }
  if (Status s = impl->OpenEnv(); !s) return std::unexpected(s.error());
  Status init = impl->InitDatabases();
  if (!init && options.read_only && init.error().message == kNeedsUpgrade) {
    // An older store: upgrade it (a writable open does), then open it read-only.
    impl.reset();  // LMDB allows one open of an environment per process
    StoreOptions writable = options;
    writable.read_only = false;
    writable.create_if_missing = false;
    if (Result<Store> upgraded = Open(dir, writable); !upgraded) {
      return std::unexpected(upgraded.error());
    }
    return Open(dir, options);
  }
  if (!init) return std::unexpected(init.error());
  return Store(std::move(impl));
}

Result<ImportStats> Store::Import(const ImportOptions& options,
                                  const std::function<Status(UnitSink&)>& produce) {
  if (impl_->options_.read_only) return InvalidArgument("the store was opened read-only");
  // One import at a time (a second one waits); an import that a crash
  // interrupted is removed first.
  Result<Impl::ImportLock> lock = impl_->BeginImport();
  if (!lock) return std::unexpected(lock.error());
  if (Status s = impl_->EnsureRoom(options.size_hint * 2); !s) return std::unexpected(s.error());
  if (Status s = impl_->DiscardPending(); !s) return std::unexpected(s.error());
  for (int attempt = 0;; ++attempt) {
    bool map_full = false;
    Result<ImportStats> stats = impl_->ImportOnce(options, produce, &map_full);
    if (stats) {
      // Segments that merges replaced: a failure here leaves them for the next import.
      std::shared_lock<std::shared_mutex> lock(impl_->map_mu_);
      internal::CollectSegments(impl_->env_, impl_->fuzzy_);
      return stats;
    }
    // Remove the batches this attempt committed: the store is as it was.
    if (map_full && attempt < kMaxMapRetries) {
      if (Status s = impl_->SetMapBytes(impl_->MapBytes() * 2); !s)
        return std::unexpected(s.error());
    }
    if (Status s = impl_->DiscardPending(); !s) {
      stats = std::unexpected(impl_->ExplainWriteError(stats.error(), /*nothing_written=*/false));
      return std::unexpected(Error{stats.error().code,
                                   stats.error().message +
                                       " (its partial units are hidden and "
                                       "will be removed by the next import: " +
                                       s.error().message + ")",
                                   stats.error().skippable});
    }
    if (!map_full || attempt >= kMaxMapRetries) {
      return std::unexpected(impl_->ExplainWriteError(stats.error(), /*nothing_written=*/true));
    }
  }
}

Result<TranslationUnit> Store::Get(uint64_t id) const {
  std::shared_lock<std::shared_mutex> lock;
  Result<Txn> txn = impl_->BeginRead(&lock);
  if (!txn) return std::unexpected(txn.error());
  Result<Impl::Pending> pending = impl_->ReadPending(txn->get());
  if (!pending) return std::unexpected(pending.error());
  std::string key = BigEndian64(id);
  MDB_val k = Val(key), v;
  int rc = pending->Hides(id) ? MDB_NOTFOUND : mdb_get(txn->get(), impl_->units_, &k, &v);
  if (rc == MDB_NOTFOUND) return NotFound("no unit with id " + std::to_string(id));
  if (rc) return std::unexpected(LmdbError(rc, "reading unit " + std::to_string(id)));
  impl_->UseBeforeImage(txn->get(), *pending, id, &v);
  TranslationUnit unit;
  if (Status s = impl_->DecodeStored(txn->get(), id, View(v), &unit); !s) {
    return std::unexpected(s.error());
  }
  return unit;
}

namespace {

// Collects one term import's entries in one write transaction.
class TermSinkImpl final : public TermSink {
 public:
  TermSinkImpl(MDB_txn* txn, const internal::TermTables& tables, const TermImportOptions& options,
               TermImportStats* stats)
      : writer_(txn, tables), options_(options), stats_(stats) {}

  int Begin() { return last_rc_ = writer_.Begin(); }
  int Finish() { return last_rc_ = writer_.Finish(); }

  Status Add(PreparedEntry prepared) override {
    ++stats_->read;
    if (!prepared.finished) {
      if (Status s = FinishPreparing(&prepared); !s) return s;
    }
    prepared.entry.origin = options_.origin_path;
    bool added = false;
    if (int rc = writer_.Put(prepared, options_.merge_duplicates, &added)) {
      last_rc_ = rc;
      return std::unexpected(LmdbError(rc, "storing a term entry"));
    }
    if (added) {
      ++stats_->added;
    } else {
      ++stats_->duplicates;
    }
    return {};
  }
  int last_rc() const { return last_rc_; }

 private:
  internal::TermWriter writer_;
  const TermImportOptions& options_;
  TermImportStats* stats_;
  int last_rc_ = 0;
};

}  // namespace

Result<TermImportStats> Store::ImportTerms(const TermImportOptions& options,
                                           const std::function<Status(TermSink&)>& produce) {
  if (impl_->options_.read_only) return InvalidArgument("the store was opened read-only");
  Result<Impl::ImportLock> lock = impl_->BeginImport();
  if (!lock) return std::unexpected(lock.error());
  for (int attempt = 0;; ++attempt) {
    if (Status s = impl_->EnsureRoom(16 * kMiB); !s) return std::unexpected(s.error());
    TermImportStats stats;
    int rc = 0;
    Status produced;
    {
      std::shared_lock<std::shared_mutex> lock(impl_->map_mu_);
      MDB_txn* raw = nullptr;
      if ((rc = mdb_txn_begin(impl_->env_, nullptr, 0, &raw))) {
        return std::unexpected(LmdbError(rc, "starting a term import"));
      }
      Txn txn(raw);
      TermSinkImpl sink(raw, impl_->terms_, options, &stats);
      rc = sink.Begin();
      if (!rc) {
        produced = produce(sink);
        rc = sink.last_rc();
      }
      if (produced && !rc) rc = sink.Finish();
      if (produced && !rc) rc = txn.Commit();  // else the Txn aborts: nothing stored
    }
    if (rc == MDB_MAP_FULL && attempt < kMaxMapRetries) {
      if (Status s = impl_->SetMapBytes(impl_->MapBytes() * 2); !s) return std::unexpected(s.error());
      continue;
    }
    if (!produced && rc != MDB_MAP_FULL) return std::unexpected(produced.error());
    if (rc) {
      // (The term command adds that nothing was imported.)
      return std::unexpected(impl_->ExplainWriteError(
          LmdbError(rc, "committing the term import of '" + options.origin_path + "'"),
          /*nothing_written=*/false));
    }
    return stats;
  }
}

Result<TermEntry> Store::GetEntry(uint64_t id) const {
  std::shared_lock<std::shared_mutex> lock;
  Result<Txn> txn = impl_->BeginRead(&lock);
  if (!txn) return std::unexpected(txn.error());
  std::string key = BigEndian64(id);
  MDB_val k = Val(key), v;
  int rc = mdb_get(txn->get(), impl_->terms_.entries, &k, &v);
  if (rc == MDB_NOTFOUND) return NotFound("no term entry with id " + std::to_string(id));
  if (rc) return std::unexpected(LmdbError(rc, "reading term entry " + std::to_string(id)));
  TermEntry entry;
  if (Status s = internal::DecodeEntry(id, View(v), &entry); !s) return std::unexpected(s.error());
  return entry;
}

Status Store::ForEachEntry(const std::function<Status(const TermEntry&)>& fn) const {
  std::shared_lock<std::shared_mutex> lock;
  Result<Txn> txn = impl_->BeginRead(&lock);
  if (!txn) return std::unexpected(txn.error());
  Cursor c;
  int rc = c.Open(txn->get(), impl_->terms_.entries);
  if (rc) return std::unexpected(LmdbError(rc, "reading the term base"));
  MDB_val k, v;
  for (rc = mdb_cursor_get(c.get(), &k, &v, MDB_FIRST); rc == 0;
       rc = mdb_cursor_get(c.get(), &k, &v, MDB_NEXT)) {
    TermEntry entry;
    if (Status s = internal::DecodeEntry(FromBigEndian64(View(k)), View(v), &entry); !s) return s;
    if (Status s = fn(entry); !s) return s;
  }
  if (rc != MDB_NOTFOUND) return std::unexpected(LmdbError(rc, "reading the term base"));
  return {};
}

Status Store::FindTermKeys(std::string_view lang, std::string_view key,
                           std::vector<TermKeyHit>* out, bool* longer, bool and_longer) const {
  std::shared_lock<std::shared_mutex> lock;
  Result<Txn> txn = impl_->BeginRead(&lock);
  if (!txn) return std::unexpected(txn.error());
  int rc = internal::FindKeys(
      txn->get(), impl_->terms_, lang, key,
      [&](uint64_t id, uint16_t term) { out->push_back({id, term}); }, longer, and_longer);
  if (rc) return std::unexpected(LmdbError(rc, "reading the term index"));
  return {};
}

Status Store::ForEachTermSorted(std::string_view lang,
                                const std::function<bool(const TermKeyHit&)>& fn) const {
  std::shared_lock<std::shared_mutex> lock;
  Result<Txn> txn = impl_->BeginRead(&lock);
  if (!txn) return std::unexpected(txn.error());
  int rc = internal::ForEachSorted(txn->get(), impl_->terms_, lang,
                                   [&](uint64_t id, uint16_t term) { return fn({id, term}); });
  if (rc) return std::unexpected(LmdbError(rc, "reading the term sort index"));
  return {};
}

Status Store::Delete(const std::vector<uint64_t>& ids) {
  if (impl_->options_.read_only) return InvalidArgument("the store was opened read-only");
  Result<Impl::ImportLock> import_lock = impl_->BeginImport();  // writes are serialised
  if (!import_lock) return std::unexpected(import_lock.error());
  if (Status s = impl_->EnsureRoom(ids.size() * 1024); !s) return s;
  std::shared_lock<std::shared_mutex> lock(impl_->map_mu_);
  MDB_txn* raw = nullptr;
  int rc = mdb_txn_begin(impl_->env_, nullptr, 0, &raw);
  if (rc) return std::unexpected(LmdbError(rc, "starting a delete"));
  Txn txn(raw);
  Result<Impl::Pending> pending = impl_->ReadPending(raw);
  if (!pending) return std::unexpected(pending.error());
  std::map<std::string, int64_t> delta;
  for (uint64_t id : ids) {
    std::string key = BigEndian64(id);
    MDB_val k = Val(key), v;
    rc = pending->Hides(id) ? MDB_NOTFOUND : mdb_get(raw, impl_->units_, &k, &v);
    if (rc == MDB_NOTFOUND)
      return NotFound("no unit with id " + std::to_string(id) + "; nothing deleted");
    if (rc) return std::unexpected(LmdbError(rc, "reading unit " + std::to_string(id)));
    TranslationUnit unit;
    uint32_t origin_id = 0;
    if (Status s = internal::DecodeUnit(View(v), &unit, &origin_id); !s) {
      return std::unexpected(s.error().WithContext("unit " + std::to_string(id)));
    }
    for (const std::string& ek : ExactKeys(unit)) {
      MDB_val ik = Val(ek), iv = Val(key);
      rc = mdb_del(raw, impl_->exact_, &ik, &iv);
      if (rc && rc != MDB_NOTFOUND)
        return std::unexpected(LmdbError(rc, "updating the exact-match index"));
    }
    std::string dk = DedupKey(unit);
    MDB_val ik = Val(dk), iv = Val(key);
    rc = mdb_del(raw, impl_->dedup_, &ik, &iv);
    if (rc && rc != MDB_NOTFOUND)
      return std::unexpected(LmdbError(rc, "updating the duplicate index"));
    if ((rc = internal::RemoveFromFuzzyIndex(raw, impl_->fuzzy_, id))) {
      return std::unexpected(LmdbError(rc, "updating the fuzzy index"));
    }
    CountUnit(unit, -1, &delta);
    if ((rc = mdb_del(raw, impl_->units_, &k, nullptr))) {
      return std::unexpected(LmdbError(rc, "deleting unit " + std::to_string(id)));
    }
  }
  for (const auto& [key, d] : delta) {
    MDB_val k = Val(key), v;
    int64_t value = 0;
    rc = mdb_get(raw, impl_->counts_, &k, &v);
    if (rc == 0) value = DecodeCount(View(v));
    value += d;
    if (value <= 0) {
      rc = mdb_del(raw, impl_->counts_, &k, nullptr);
      if (rc && rc != MDB_NOTFOUND) return std::unexpected(LmdbError(rc, "updating counters"));
    } else {
      std::string enc = EncodeCount(value);
      MDB_val nv = Val(enc);
      if ((rc = mdb_put(raw, impl_->counts_, &k, &nv, 0))) {
        return std::unexpected(LmdbError(rc, "updating counters"));
      }
    }
  }
  if ((rc = txn.Commit())) return std::unexpected(LmdbError(rc, "committing the delete"));
  return {};
}

Result<std::vector<TranslationUnit>> Store::FindByMatchKey(std::string_view lang,
                                                           std::string_view match_key,
                                                           size_t limit) const {
  std::shared_lock<std::shared_mutex> lock;
  Result<Txn> txn = impl_->BeginRead(&lock);
  if (!txn) return std::unexpected(txn.error());
  Result<Impl::Pending> pending = impl_->ReadPending(txn->get());
  if (!pending) return std::unexpected(pending.error());
  std::vector<TranslationUnit> out;
  Cursor c;
  int rc = c.Open(txn->get(), impl_->exact_);
  if (rc) return std::unexpected(LmdbError(rc, "reading the exact-match index"));
  std::string key = ExactKey(lang, match_key);
  MDB_val k = Val(key), v;
  rc = mdb_cursor_get(c.get(), &k, &v, MDB_SET_KEY);
  for (; rc == 0 && out.size() < limit; rc = mdb_cursor_get(c.get(), &k, &v, MDB_NEXT_DUP)) {
    uint64_t id = FromBigEndian64(View(v));
    if (pending->Hides(id)) continue;
    std::string ukey = BigEndian64(id);
    MDB_val uk = Val(ukey), uv;
    int urc = mdb_get(txn->get(), impl_->units_, &uk, &uv);
    if (urc == 0) {
      impl_->UseBeforeImage(txn->get(), *pending, id, &uv);
      TranslationUnit unit;
      if (Status s = impl_->DecodeStored(txn->get(), id, View(uv), &unit); !s) {
        return std::unexpected(s.error());
      }
      bool hit = false;
      for (const Variant& var : unit.variants) {
        if (LanguageMatches(lang, var.lang) && MatchKey(var.segment.text) == match_key) hit = true;
      }
      if (hit) out.push_back(std::move(unit));
    } else if (urc != MDB_NOTFOUND) {
      return std::unexpected(LmdbError(urc, "reading unit " + std::to_string(id)));
    }
  }
  if (rc && rc != MDB_NOTFOUND)
    return std::unexpected(LmdbError(rc, "reading the exact-match index"));
  return out;
}

namespace {

// Runs `search` (hits of unit ids) in one read snapshot, hiding a pending
// import's units, and visits each hit with its unit (as readers see it)
// until `visit` returns false.
template <typename Hit, typename Search, typename Visit>
Status VisitHits(const Store::Impl& impl, Search search, Visit visit) {
  std::shared_lock<std::shared_mutex> lock;
  Result<Txn> txn = impl.BeginRead(&lock);
  if (!txn) return std::unexpected(txn.error());
  Result<Store::Impl::Pending> pending = impl.ReadPending(txn->get());
  if (!pending) return std::unexpected(pending.error());
  uint64_t hide_from = pending->active() ? pending->first_id : UINT64_MAX;
  Result<std::vector<Hit>> hits = search(txn->get(), hide_from);
  if (!hits) return std::unexpected(hits.error());
  TranslationUnit unit;
  for (const Hit& hit : *hits) {
    Result<bool> found = impl.ReadUnit(txn->get(), *pending, hit.unit_id, &unit);
    if (!found) return std::unexpected(found.error());
    if (*found && !visit(hit, unit)) break;
  }
  return {};
}

}  // namespace

Status Store::FindSimilar(
    std::string_view lang, const std::vector<std::string>& tokens, int min_score,
    const std::function<bool(const SimilarHit&, const TranslationUnit&)>& visit,
    SearchCounters* counters) const {
  return VisitHits<SimilarHit>(
      *impl_,
      [&](MDB_txn* txn, uint64_t hide_from) {
        return internal::SearchSimilar(txn, impl_->fuzzy_, lang, tokens, min_score, hide_from,
                                       counters);
      },
      visit);
}

Status Store::FindPhrase(std::string_view lang, const std::vector<std::string>& tokens,
                         size_t limit, size_t max_checked,
                         const std::function<void(const PhraseHit&, const TranslationUnit&)>& visit,
                         uint64_t* total, bool* exact) const {
  return VisitHits<PhraseHit>(
      *impl_,
      [&](MDB_txn* txn, uint64_t hide_from) {
        return internal::SearchPhrase(txn, impl_->fuzzy_, lang, tokens, limit, hide_from,
                                      max_checked, total, exact);
      },
      [&](const PhraseHit& hit, const TranslationUnit& unit) {
        visit(hit, unit);
        return true;
      });
}

Status Store::ForEach(const std::function<Status(const TranslationUnit&)>& fn) const {
  std::shared_lock<std::shared_mutex> lock;
  Result<Txn> txn = impl_->BeginRead(&lock);
  if (!txn) return std::unexpected(txn.error());
  Cursor c;
  int rc = c.Open(txn->get(), impl_->units_);
  if (rc) return std::unexpected(LmdbError(rc, "reading units"));
  MDB_val k, v;
  TranslationUnit unit;
  Result<Impl::Pending> pending = impl_->ReadPending(txn->get());
  if (!pending) return std::unexpected(pending.error());
  impl_->ReadAheadForWalk();
  uint64_t scanned = 0;
  WalkBudget budget(txn->get(), impl_->units_);
  for (rc = mdb_cursor_get(c.get(), &k, &v, MDB_FIRST); rc == 0 && budget.Step();
       rc = mdb_cursor_get(c.get(), &k, &v, MDB_NEXT)) {
    uint64_t id = FromBigEndian64(View(k));
    if (pending->Hides(id)) {  // ids are in order: the rest is the pending import
      rc = MDB_NOTFOUND;
      break;
    }
    MDB_val visible = v;
    impl_->UseBeforeImage(txn->get(), *pending, id, &visible);
    if (Status s = impl_->DecodeStored(txn->get(), id, View(visible), &unit); !s) return s;
    if (Status s = fn(unit); !s) return s;
    // A full scan would otherwise keep the whole store resident.
    if (++scanned % kReleaseEvery == 0) impl_->ReleaseResident();
  }
  if (budget.exceeded()) return EndlessWalk(impl_->path_, "units");
  if (rc != MDB_NOTFOUND) return std::unexpected(LmdbError(rc, "reading units"));
  return {};
}

Result<std::vector<OriginInfo>> Store::Origins() const {
  std::shared_lock<std::shared_mutex> lock;
  Result<Txn> txn = impl_->BeginRead(&lock);
  if (!txn) return std::unexpected(txn.error());
  std::vector<OriginInfo> out;
  Cursor c;
  int rc = c.Open(txn->get(), impl_->origins_);
  if (rc) return std::unexpected(LmdbError(rc, "reading the origins table"));
  MDB_val k, v;
  WalkBudget budget(txn->get(), impl_->origins_);
  for (rc = mdb_cursor_get(c.get(), &k, &v, MDB_FIRST); rc == 0 && budget.Step();
       rc = mdb_cursor_get(c.get(), &k, &v, MDB_NEXT)) {
    OriginInfo origin;
    if (Status s = internal::DecodeOrigin(View(v), &origin); !s) return std::unexpected(s.error());
    out.push_back(std::move(origin));
  }
  if (budget.exceeded()) return EndlessWalk(impl_->path_, "origins");
  if (rc != MDB_NOTFOUND) return std::unexpected(LmdbError(rc, "reading the origins table"));
  return out;
}

Result<StoreStats> Store::Stats() const {
  std::shared_lock<std::shared_mutex> lock;
  Result<Txn> txn = impl_->BeginRead(&lock);
  if (!txn) return std::unexpected(txn.error());
  StoreStats stats;
  stats.path = impl_->path_.string();
  Result<Impl::Pending> pending = impl_->ReadPending(txn->get());
  if (!pending) return std::unexpected(pending.error());
  MDB_stat st;
  mdb_stat(txn->get(), impl_->units_, &st);
  stats.units = st.ms_entries - std::min<uint64_t>(st.ms_entries, pending->units);
  stats.pending_units = pending->units;
  mdb_stat(txn->get(), impl_->origins_, &st);
  stats.origins = st.ms_entries;
  MDB_val k = Val("unicode"), v;
  if (mdb_get(txn->get(), impl_->meta_, &k, &v) == 0) stats.unicode_version = View(v);
  Cursor c;
  int rc = c.Open(txn->get(), impl_->counts_);
  if (rc) return std::unexpected(LmdbError(rc, "reading counters"));
  for (rc = mdb_cursor_get(c.get(), &k, &v, MDB_FIRST); rc == 0;
       rc = mdb_cursor_get(c.get(), &k, &v, MDB_NEXT)) {
    std::string_view key = View(k);
    int64_t n = DecodeCount(View(v));
    if (n <= 0) continue;
    if (key.starts_with("p")) {
      size_t tab = key.find('\t');
      if (tab == std::string_view::npos) continue;
      stats.pairs.push_back({std::string(key.substr(1, tab - 1)), std::string(key.substr(tab + 1)),
                             static_cast<uint64_t>(n)});
    } else if (key.starts_with("l")) {
      stats.languages.emplace_back(std::string(key.substr(1)), static_cast<uint64_t>(n));
    }
  }
  if (rc != MDB_NOTFOUND) return std::unexpected(LmdbError(rc, "reading counters"));
  std::stable_sort(stats.pairs.begin(), stats.pairs.end(),
                   [](const auto& a, const auto& b) { return a.units > b.units; });
  struct stat file;
  if (::stat((impl_->path_ / "data.mdb").c_str(), &file) == 0) {
    stats.file_bytes = static_cast<uint64_t>(file.st_blocks) * 512;
  }
  stats.used_bytes = impl_->UsedBytes();
  for (MDB_dbi dbi : {impl_->fuzzy_.vocab, impl_->fuzzy_.vocab_ids, impl_->fuzzy_.vocab_fold,
                      impl_->fuzzy_.postings, impl_->fuzzy_.tokens}) {
    // (vocab_fold's duplicate sub-pages are not counted: it is a small table.)
    MDB_stat fs;
    if (mdb_stat(txn->get(), dbi, &fs) == 0) {
      stats.fuzzy_index_bytes +=
          (fs.ms_branch_pages + fs.ms_leaf_pages + fs.ms_overflow_pages) * fs.ms_psize;
    }
  }
  stats.map_bytes = impl_->MapBytes();
  stats.term_entries = internal::ReadCounter(txn->get(), impl_->meta_, "term_entries");
  {
    Cursor tc;
    if ((rc = tc.Open(txn->get(), impl_->meta_))) return std::unexpected(LmdbError(rc, "reading counters"));
    std::string prefix = "term_lang|";
    MDB_val tk = Val(prefix), tv;
    for (rc = mdb_cursor_get(tc.get(), &tk, &tv, MDB_SET_RANGE); rc == 0;
         rc = mdb_cursor_get(tc.get(), &tk, &tv, MDB_NEXT)) {
      std::string_view key = View(tk);
      if (!key.starts_with(prefix)) break;
      if (tv.mv_size == 8) {
        stats.term_languages.emplace_back(std::string(key.substr(prefix.size())),
                                          FromBigEndian64(View(tv)));
      }
    }
    if (rc && rc != MDB_NOTFOUND) return std::unexpected(LmdbError(rc, "reading counters"));
  }
  return stats;
}

Result<VerifyReport> Store::Verify(const VerifyProgress& progress) const {
  std::shared_lock<std::shared_mutex> lock;
  Result<Txn> txn = impl_->BeginRead(&lock);
  if (!txn) return std::unexpected(txn.error());
  MDB_txn* t = txn->get();
  VerifyReport report;
  auto problem = [&](std::string p) {
    if (report.problems.size() < 1000) report.problems.push_back(std::move(p));
  };
  uint64_t expected_exact = 0, expected_dedup = 0, max_id = 0;
  std::map<std::string, int64_t> counts;
  std::set<uint32_t> origin_ids;
  internal::FuzzyIndexChecker fuzzy(impl_->fuzzy_);
  Cursor units, exact, dedup;
  int rc;
  if ((rc = units.Open(t, impl_->units_)) || (rc = exact.Open(t, impl_->exact_)) ||
      (rc = dedup.Open(t, impl_->dedup_))) {
    return std::unexpected(LmdbError(rc, "verifying the store"));
  }
  Result<Impl::Pending> pending = impl_->ReadPending(t);
  if (!pending) return std::unexpected(pending.error());
  impl_->ReadAheadForWalk();
  uint64_t seen = 0;
  MDB_val k, v;
  WalkBudget units_budget(t, impl_->units_);
  for (rc = mdb_cursor_get(units.get(), &k, &v, MDB_FIRST); rc == 0 && units_budget.Step();
       rc = mdb_cursor_get(units.get(), &k, &v, MDB_NEXT)) {
    if (seen % (16 * kReleaseEvery) == 0) impl_->ReleaseResident();
    if (progress && seen % 1024 == 0) progress("units", seen, units_budget.entries());
    ++seen;
    ++report.units;
    if (k.mv_size != 8) {
      problem("a unit key has " + std::to_string(k.mv_size) + " bytes, expected 8");
      continue;
    }
    uint64_t id = FromBigEndian64(View(k));
    bool hidden = pending->Hides(id);
    if (!hidden) max_id = std::max(max_id, id);
    TranslationUnit unit;
    uint32_t origin_id = 0;
    if (Status s = internal::DecodeUnit(View(v), &unit, &origin_id); !s) {
      problem("unit " + std::to_string(id) + ": " + s.error().message);
      continue;
    }
    if (hidden) {
      // A unit of the import in progress (or interrupted): indexed, not yet counted.
      ++report.pending_units;
      --report.units;
      if (origin_id != pending->origin) {
        problem("unit " + std::to_string(id) +
                " is past the pending import's first id but "
                "belongs to another origin");
      }
    } else {
      origin_ids.insert(origin_id);
      CountUnit(unit, +1, &counts);
    }
    std::string idkey = BigEndian64(id);
    for (const std::string& ek : ExactKeys(unit)) {
      ++expected_exact;
      MDB_val ik = Val(ek), iv = Val(idkey);
      if (mdb_cursor_get(exact.get(), &ik, &iv, MDB_GET_BOTH) != 0) {
        problem("unit " + std::to_string(id) + " is missing from the exact-match index");
      }
    }
    std::vector<std::string> fuzzy_problems;
    fuzzy.CheckUnit(t, id, internal::UnitTokens(unit), hidden, &fuzzy_problems);
    for (std::string& p : fuzzy_problems) problem(std::move(p));
    ++expected_dedup;
    std::string dk = DedupKey(unit);
    MDB_val ik = Val(dk), iv = Val(idkey);
    if (mdb_cursor_get(dedup.get(), &ik, &iv, MDB_GET_BOTH) != 0) {
      problem("unit " + std::to_string(id) + " is missing from the duplicate index");
    }
  }
  // A walk that does not end cannot be checked further.
  if (units_budget.exceeded()) return EndlessWalk(impl_->path_, "units");
  if (rc != MDB_NOTFOUND) return std::unexpected(LmdbError(rc, "verifying units"));
  // Reverse direction: every index entry must point at a unit that has it.
  // `produces` says whether the unit's texts make the entry's key.
  auto check_backwards = [&](MDB_cursor* index, const char* name, auto produces) -> Status {
    MDB_val ik, iv;
    int irc;
    WalkBudget budget(t, mdb_cursor_dbi(index));
    for (irc = mdb_cursor_get(index, &ik, &iv, MDB_FIRST); irc == 0 && budget.Step();
         irc = mdb_cursor_get(index, &ik, &iv, MDB_NEXT)) {
      uint64_t id = FromBigEndian64(View(iv));
      std::string ukey = BigEndian64(id);
      MDB_val uk = Val(ukey), uv;
      if (mdb_get(t, impl_->units_, &uk, &uv) != 0) {
        problem(std::string("the ") + name + " index points at unit " + std::to_string(id) +
                ", which does not exist");
        continue;
      }
      TranslationUnit unit;
      uint32_t origin_id;
      if (!internal::DecodeUnit(View(uv), &unit, &origin_id)) continue;
      if (!produces(unit, View(ik))) {
        problem(std::string("the ") + name + " index has an entry for unit " + std::to_string(id) +
                " that its texts do not produce");
      }
    }
    if (budget.exceeded()) return EndlessWalk(impl_->path_, std::string(name) + " index");
    if (irc != MDB_NOTFOUND) return std::unexpected(LmdbError(irc, "verifying the indexes"));
    return {};
  };
  MDB_stat st;
  mdb_stat(t, impl_->exact_, &st);
  report.index_entries = st.ms_entries;
  if (st.ms_entries != expected_exact) {
    Status s = check_backwards(exact.get(), "exact-match",
                               [](const TranslationUnit& unit, std::string_view key) {
                                 std::vector<std::string> keys = ExactKeys(unit);
                                 return std::find(keys.begin(), keys.end(), key) != keys.end();
                               });
    if (!s) return std::unexpected(s.error());
  }
  mdb_stat(t, impl_->dedup_, &st);
  report.index_entries += st.ms_entries;
  if (st.ms_entries != expected_dedup) {
    problem("the duplicate index has " + std::to_string(st.ms_entries) + " entries, expected " +
            std::to_string(expected_dedup));
    Status s = check_backwards(
        dedup.get(), "duplicate",
        [](const TranslationUnit& unit, std::string_view key) { return DedupKey(unit) == key; });
    if (!s) return std::unexpected(s.error());
  }
  // Before-images of merged units exist only while an import is pending.
  mdb_stat(t, impl_->undo_, &st);
  if (!pending->active() && st.ms_entries != 0) {
    problem("the undo table holds " + std::to_string(st.ms_entries) +
            " before-images but no import is pending");
  }
  // The fuzzy index's vocabulary: token key -> id and id -> key agree, and
  // the accent-folded keys name known ids.
  {
    MDB_stat vs, is;
    mdb_stat(t, impl_->fuzzy_.vocab, &vs);
    mdb_stat(t, impl_->fuzzy_.vocab_ids, &is);
    if (vs.ms_entries != is.ms_entries) {
      problem("the fuzzy index's vocabulary has " + std::to_string(vs.ms_entries) +
              " tokens but " + std::to_string(is.ms_entries) + " token ids");
    }
    Cursor vc, fc;
    if ((rc = vc.Open(t, impl_->fuzzy_.vocab)) || (rc = fc.Open(t, impl_->fuzzy_.vocab_fold))) {
      return std::unexpected(LmdbError(rc, "verifying the fuzzy index"));
    }
    uint64_t bad = 0;
    std::string example;
    WalkBudget vocab_budget(t, impl_->fuzzy_.vocab);
    for (rc = mdb_cursor_get(vc.get(), &k, &v, MDB_FIRST); rc == 0 && vocab_budget.Step();
         rc = mdb_cursor_get(vc.get(), &k, &v, MDB_NEXT)) {
      MDB_val ik = v, iv;
      if (v.mv_size != 4 || mdb_get(t, impl_->fuzzy_.vocab_ids, &ik, &iv) != 0 ||
          View(iv) != View(k)) {
        if (bad++ == 0) example = std::string(View(k));
      }
    }
    if (vocab_budget.exceeded()) return EndlessWalk(impl_->path_, "fuzzy vocabulary");
    if (rc != MDB_NOTFOUND) return std::unexpected(LmdbError(rc, "verifying the fuzzy index"));
    if (bad) {
      problem("the fuzzy index's vocabulary has " + std::to_string(bad) +
              " tokens whose id does not name them back (e.g. '" + example + "')");
    }
    bad = 0;
    WalkBudget fold_budget(t, impl_->fuzzy_.vocab_fold);
    for (rc = mdb_cursor_get(fc.get(), &k, &v, MDB_FIRST); rc == 0 && fold_budget.Step();
         rc = mdb_cursor_get(fc.get(), &k, &v, MDB_NEXT)) {
      MDB_val ik = v, iv;
      if (v.mv_size != 4 || mdb_get(t, impl_->fuzzy_.vocab_ids, &ik, &iv) != 0) ++bad;
    }
    if (fold_budget.exceeded()) return EndlessWalk(impl_->path_, "accent-folded vocabulary");
    if (rc != MDB_NOTFOUND) return std::unexpected(LmdbError(rc, "verifying the fuzzy index"));
    if (bad) {
      problem("the fuzzy index's accent-folded vocabulary has " + std::to_string(bad) +
              " entries naming no token");
    }
  }
  {
    std::vector<std::string> fuzzy_problems;
    // Called every few thousand postings blocks: also the moment to let the
    // pages read so far go (they are not read again).
    fuzzy.Finish(t, &fuzzy_problems, &report.fuzzy_entries, [&](uint64_t done, uint64_t total) {
      impl_->ReleaseResident();
      if (progress) progress("fuzzy index", done, total);
    });
    for (std::string& p : fuzzy_problems) problem(std::move(p));
  }
  // Counters.
  Cursor cc;
  if ((rc = cc.Open(t, impl_->counts_)))
    return std::unexpected(LmdbError(rc, "verifying counters"));
  std::map<std::string, int64_t> stored;
  WalkBudget counts_budget(t, impl_->counts_);
  for (rc = mdb_cursor_get(cc.get(), &k, &v, MDB_FIRST); rc == 0 && counts_budget.Step();
       rc = mdb_cursor_get(cc.get(), &k, &v, MDB_NEXT)) {
    int64_t n = DecodeCount(View(v));
    if (n != 0) stored[std::string(View(k))] = n;
  }
  if (counts_budget.exceeded()) return EndlessWalk(impl_->path_, "counters");
  if (rc != MDB_NOTFOUND) return std::unexpected(LmdbError(rc, "verifying counters"));
  std::erase_if(counts, [](const auto& kv) { return kv.second == 0; });
  if (stored != counts) {
    // Name the first counter that differs: "p" pairs, "l" languages.
    auto describe = [](const std::string& key) {
      if (key.starts_with("p")) {
        std::string pair = key.substr(1);
        if (size_t tab = pair.find('\t'); tab != std::string::npos) pair.replace(tab, 1, " -> ");
        return "the counter of the pair " + pair;
      }
      return "the counter of language " + key.substr(key.empty() ? 0 : 1);
    };
    std::set<std::string> keys;
    for (const auto& kv : stored) keys.insert(kv.first);
    for (const auto& kv : counts) keys.insert(kv.first);
    for (const std::string& key : keys) {
      int64_t have = stored.count(key) ? stored[key] : 0;
      int64_t want = counts.count(key) ? counts[key] : 0;
      if (have != want) {
        problem("the per-language counters do not match the units: " + describe(key) + " is " +
                std::to_string(have) + ", the units give " + std::to_string(want));
        break;
      }
    }
  }
  // Meta and origins.
  MDB_val mk = Val("next_id"), mv;
  if (report.units > 0) {
    if (mdb_get(t, impl_->meta_, &mk, &mv) != 0 || FromBigEndian64(View(mv)) <= max_id) {
      problem("the next unit id is not above the highest stored id");
    }
  }
  // Every origin record decodes (export and stats read them all), and every
  // origin a unit names is recorded.
  std::set<uint32_t> recorded;
  {
    Cursor oc;
    if ((rc = oc.Open(t, impl_->origins_))) {
      return std::unexpected(LmdbError(rc, "verifying the origins"));
    }
    WalkBudget origins_budget(t, impl_->origins_);
    for (rc = mdb_cursor_get(oc.get(), &k, &v, MDB_FIRST); rc == 0 && origins_budget.Step();
         rc = mdb_cursor_get(oc.get(), &k, &v, MDB_NEXT)) {
      if (k.mv_size != 4) {
        problem("an origin key has " + std::to_string(k.mv_size) + " bytes, expected 4");
        continue;
      }
      uint32_t oid = FromBigEndian32(View(k));
      recorded.insert(oid);
      OriginInfo origin;
      if (Status s = internal::DecodeOrigin(View(v), &origin); !s) {
        problem("origin " + std::to_string(oid) + ": " + s.error().message);
      }
    }
    if (origins_budget.exceeded()) return EndlessWalk(impl_->path_, "origins");
    if (rc != MDB_NOTFOUND) return std::unexpected(LmdbError(rc, "verifying the origins"));
  }
  for (uint32_t oid : origin_ids) {
    if (!recorded.contains(oid)) {
      problem("units refer to origin " + std::to_string(oid) + ", which is not recorded");
    }
  }
  // The term base.
  if (int trc = internal::VerifyTerms(t, impl_->terms_, problem, &report.term_entries)) {
    return std::unexpected(LmdbError(trc, "checking the term base"));
  }
  return report;
}

Status Store::Backup(const std::filesystem::path& dir) const {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return IOError("cannot create '" + dir.string() + "': " + ec.message());
  if (!std::filesystem::is_empty(dir, ec)) {
    return InvalidArgument("the backup folder '" + dir.string() + "' is not empty");
  }
  std::shared_lock<std::shared_mutex> lock(impl_->map_mu_);
  int rc = mdb_env_copy2(impl_->env_, dir.c_str(), MDB_CP_COMPACT);
  if (rc) return std::unexpected(LmdbError(rc, "backing up the store to '" + dir.string() + "'"));
  return {};
}

namespace {

// "2026-11-26 14:03:09" -> "20261126-140309", local time.
std::string TimeStamp() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
  return buf;
}

// Opens `dir` read-only and verifies it; kCorruption naming the first problem.
// `what` names the store ("the backup"); errors from opening it already
// name its folder, the others get it added.
Result<uint64_t> VerifiedUnits(const std::filesystem::path& dir, std::string what) {
  StoreOptions options;
  options.create_if_missing = false;
  options.read_only = true;
  Result<Store> store = Store::Open(dir, options);
  if (!store) return std::unexpected(store.error().WithContext(what));
  what += " at '" + dir.string() + "'";
  Result<VerifyReport> report = store->Verify();
  if (!report) return std::unexpected(report.error().WithContext(what));
  if (!report->ok()) {
    return Corruption(what + " is damaged (" + report->problems.front() +
                      (report->problems.size() > 1
                           ? "; and " + std::to_string(report->problems.size() - 1) + " more"
                           : std::string()) +
                      ")");
  }
  return report->units;
}

}  // namespace

Result<RestoreResult> RestoreStore(const std::filesystem::path& backup_in,
                                   const std::filesystem::path& dir_in) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path backup = fs::absolute(backup_in, ec);
  const fs::path dir = fs::absolute(dir_in, ec).lexically_normal();
  const std::string unchanged = "; the store at '" + dir.string() + "' was left as it was";
  if (!fs::exists(backup / "data.mdb", ec)) {
    return NotFound("no backup at '" + backup.string() + "' (no data.mdb there)" + unchanged);
  }
  const bool exists = fs::exists(dir / "data.mdb", ec);
  if (exists && fs::equivalent(backup, dir, ec)) {
    return InvalidArgument("the backup '" + backup.string() + "' is the store itself");
  }
  // 1. The backup is sound.
  Result<uint64_t> units = VerifiedUnits(backup, "the backup");
  if (!units) {
    Error e = units.error();
    e.message += unchanged;
    return std::unexpected(e);
  }
  // 2. No writer on the current store until the swap is done (a writer
  // that waits for this lock then sees the folder replaced: CheckNotReplaced).
  int lock_fd = -1;
  struct LockCloser {
    int* fd;
    ~LockCloser() {
      if (*fd >= 0) ::close(*fd);
    }
  } closer{&lock_fd};
  if (exists) {
    std::string lock_path = (dir / "import.lock").string();
    lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd < 0) return IOError("cannot open '" + lock_path + "': " + std::strerror(errno));
    if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK) {
        return IOError("another tmkit process is writing to the store at '" + dir.string() +
                       "' (an import or a delete); restore when it has finished" + unchanged);
      }
      return IOError("cannot lock the store at '" + dir.string() + "': " + std::strerror(errno));
    }
  }
  // 3. A compacted copy next to the store, verified again.
  fs::path parent = dir.parent_path();
  fs::create_directories(parent, ec);
  if (ec) return IOError("cannot create '" + parent.string() + "': " + ec.message());
  std::string tmpl = (parent / ("." + dir.filename().string() + ".restore-XXXXXX")).string();
  if (!mkdtemp(tmpl.data())) {
    return IOError("cannot write in '" + parent.string() + "': " + std::strerror(errno) +
                   unchanged);
  }
  const fs::path temp = tmpl;
  struct TempRemover {
    const fs::path* path;
    bool keep = false;
    ~TempRemover() {
      std::error_code ignored;
      if (!keep) fs::remove_all(*path, ignored);
    }
  } remover{&temp};
  {
    StoreOptions options;
    options.create_if_missing = false;
    options.read_only = true;
    Result<Store> from = Store::Open(backup, options);
    if (!from) return std::unexpected(from.error());
    if (Status s = from->Backup(temp); !s) {
      Error e = s.error();
      e.message += unchanged;
      return std::unexpected(e);
    }
  }
  Result<uint64_t> copied = VerifiedUnits(temp, "the copy of the backup");
  if (!copied) {
    Error e = copied.error();
    e.message += unchanged;
    return std::unexpected(e);
  }
  if (*copied != *units) {
    return Corruption("the copy of the backup holds " + std::to_string(*copied) +
                      " units, the backup " + std::to_string(*units) + unchanged);
  }
  fs::remove(temp / "lock.mdb", ec);  // made by the check; the store makes its own
  {
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::chmod(temp.c_str(), 0777 & ~mask);  // mkdtemp made it 0700
  }
  // 4. Swap, atomically: at every moment `dir` is the old store or the new one.
  RestoreResult result;
  result.units = *units;
  if (exists) {
    if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) != 0) {
      return IOError("cannot swap '" + temp.string() + "' and '" + dir.string() +
                     "': " + std::strerror(errno) + unchanged);
    }
    fs::path kept = dir.string() + ".before-restore-" + TimeStamp();
    for (int n = 2; fs::exists(kept, ec); ++n) {
      kept = dir.string() + ".before-restore-" + TimeStamp() + "-" + std::to_string(n);
    }
    if (std::rename(temp.c_str(), kept.c_str()) != 0) {
      // The store is restored; the old one stays under the temporary name.
      kept = temp;
    }
    remover.keep = true;
    result.kept = kept;
  } else {
    if (std::rename(temp.c_str(), dir.c_str()) != 0) {
      return IOError("cannot rename '" + temp.string() + "' to '" + dir.string() +
                     "': " + std::strerror(errno));
    }
    remover.keep = true;
  }
  if (int pfd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); pfd >= 0) {
    ::fsync(pfd);
    ::close(pfd);
  }
  return result;
}

std::filesystem::path DefaultStorePath() {
  if (const char* s = std::getenv("TMKIT_STORE"); s && *s) return s;
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) {
    return std::filesystem::path(x) / "tmkit";
  }
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : ".") / ".local" / "share" / "tmkit";
}

}  // namespace tmkit
