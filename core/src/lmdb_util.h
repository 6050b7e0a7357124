// Small RAII helpers over LMDB and the one place its error codes become
// messages (private to tmkit_core; no LMDB type crosses a public header).
#ifndef TMKIT_CORE_LMDB_UTIL_H_
#define TMKIT_CORE_LMDB_UTIL_H_

#include <lmdb.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "tmkit/core/status.h"
#include "tmkit/core/store.h"

namespace tmkit::internal {

// An Error for LMDB return code `rc`, naming the step that failed
// ("committing the import of corpus.tmx: no space left on device").
inline Error LmdbError(int rc, std::string_view step) {
  std::string what;
  ErrorCode code = ErrorCode::kIOError;
  switch (rc) {
    case ENOSPC:
      what = "no space left on device";
      break;
    case EACCES:
    case EPERM:
      what = "permission denied on the store folder";
      break;
    case EAGAIN:
      what = "the store is locked by another process that cannot share it";
      break;
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
    case MDB_INVALID:
    case MDB_BAD_TXN:
      code = ErrorCode::kCorruption;
      what = std::string(mdb_strerror(rc)) + "; the store is damaged: " + DamagedStoreAdvice();
      break;
    case MDB_VERSION_MISMATCH:
      code = ErrorCode::kNotSupported;
      what = "the store was written by an incompatible LMDB version";
      break;
    case MDB_READERS_FULL:
      what = "too many processes are reading the store at once; try again";
      break;
    default:
      what = mdb_strerror(rc);
  }
  return Error{code, std::string(step) + ": " + what};
}

inline MDB_val Val(std::string_view s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }
// Ends the process with "the store at FILE is damaged (WHAT DETAIL); run
// 'tmkit verify', and restore a backup": for damage LMDB cannot report as an
// error (its assertions; a value running past the map). The only place the
// library writes to stderr. Async-signal-safe.
[[noreturn]] void DieOfDamagedStore(const char* file, const char* what, const char* detail) noexcept;

// LMDB does not check a node's size against its page: in a damaged page a
// garbage size (up to 4 GiB) makes a value run past the end of the map.
// Values longer than a page are checked against the store's map
// (DieOfDamagedStore if they run past it); shorter ones cannot go far.
void CheckLongValue(const MDB_val& v) noexcept;

inline std::string_view View(const MDB_val& v) {
  if (v.mv_size > 4096) CheckLongValue(v);
  return std::string_view(static_cast<const char*>(v.mv_data), v.mv_size);
}

// Big-endian so that keys sort numerically under memcmp.
inline std::string BigEndian64(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 7; i >= 0; --i) {
    s[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  return s;
}
inline uint64_t FromBigEndian64(std::string_view s) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < s.size(); ++i) v = (v << 8) | static_cast<uint8_t>(s[i]);
  return v;
}
inline std::string BigEndian32(uint32_t v) {
  std::string s(4, '\0');
  for (int i = 3; i >= 0; --i) {
    s[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  return s;
}
// Bounds a walk over a whole table. A damaged tree can send MDB_NEXT back to
// pages it has visited (a walk that never ends, or takes forever); a sound
// table is walked in as many steps as it holds entries.
class WalkBudget {
 public:
  WalkBudget(MDB_txn* txn, MDB_dbi dbi) {
    MDB_stat st;
    if (mdb_stat(txn, dbi, &st) == 0) {
      entries_ = st.ms_entries;
      left_ = entries_ + 1;
    }
  }
  // The entries the table holds, as its header says (0 if it cannot be read).
  uint64_t entries() const { return entries_; }
  // False once the walk has taken more steps than the table holds entries.
  bool Step() {
    if (left_ == 0) {
      exceeded_ = true;
      return false;
    }
    --left_;
    return true;
  }
  bool exceeded() const { return exceeded_; }

 private:
  uint64_t entries_ = 0;
  uint64_t left_ = 0;
  bool exceeded_ = false;
};

inline uint32_t FromBigEndian32(std::string_view s) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4 && i < s.size(); ++i) v = (v << 8) | static_cast<uint8_t>(s[i]);
  return v;
}

// Aborts on destruction unless committed or released.
class Txn {
 public:
  Txn() = default;
  explicit Txn(MDB_txn* txn) : txn_(txn) {}
  Txn(Txn&& o) noexcept : txn_(o.txn_) { o.txn_ = nullptr; }
  Txn& operator=(Txn&& o) noexcept {
    if (this != &o) {
      Abort();
      txn_ = o.txn_;
      o.txn_ = nullptr;
    }
    return *this;
  }
  ~Txn() { Abort(); }
  MDB_txn* get() const { return txn_; }
  void Abort() {
    if (txn_) mdb_txn_abort(txn_);
    txn_ = nullptr;
  }
  int Commit() {
    int rc = mdb_txn_commit(txn_);
    txn_ = nullptr;
    return rc;
  }

 private:
  MDB_txn* txn_ = nullptr;
};

class Cursor {
 public:
  Cursor() = default;
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  ~Cursor() {
    if (cursor_) mdb_cursor_close(cursor_);
  }
  int Open(MDB_txn* txn, MDB_dbi dbi) { return mdb_cursor_open(txn, dbi, &cursor_); }
  MDB_cursor* get() const { return cursor_; }

 private:
  MDB_cursor* cursor_ = nullptr;
};

}  // namespace tmkit::internal

#endif  // TMKIT_CORE_LMDB_UTIL_H_
