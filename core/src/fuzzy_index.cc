#include "fuzzy_index.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <queue>
#include <set>
#include <span>

#include "lmdb_util.h"
#include "tmkit/core/fuzzy.h"
#include "tmkit/core/language.h"
#include "tmkit/core/text.h"

namespace tmkit::internal {
namespace {

// LMDB keys are at most 511 bytes: longer tokens (URLs, say) are cut and
// made unique with a hash of the whole.
constexpr size_t kMaxTokenKey = 400;
// Token ids stay below this; ids from here up stand for query tokens that
// are not in the vocabulary (they match nothing).
constexpr uint32_t kUnknownTokenBase = 0xF0000000u;
// Cached vocabulary entries kept across flushes.
constexpr size_t kMaxCache = 1 << 22;
// A search reads at most this many extra postings for the count filter.
constexpr uint64_t kExtraProbeBudget = 20000;

std::string VocabKey(std::string_view token) {
  if (token.size() <= kMaxTokenKey) return std::string(token);
  std::string key(token.substr(0, kMaxTokenKey - 16));
  key += BigEndian64(Hash64(token));
  return key;
}

void PutVarint(uint64_t v, std::string* out) {
  if (v < 0x80) {
    out->push_back(static_cast<char>(v));
    return;
  }
  char buf[10];
  size_t n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  out->append(buf, n);
}

bool GetVarint(std::string_view* in, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && !in->empty(); shift += 7) {
    uint8_t byte = static_cast<uint8_t>(in->front());
    in->remove_prefix(1);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      *v = result;
      return true;
    }
  }
  return false;
}

std::string TokensKey(uint64_t id, std::string_view primary) {
  return BigEndian64(id) + std::string(primary);
}

uint64_t PostingHash(uint32_t token, std::string_view primary, uint64_t id, uint32_t length) {
  std::string s = BigEndian32(token);
  s += primary;
  s += '\0';
  s += BigEndian64(id);
  s += BigEndian32(length);
  return Hash64(s);
}

// One variant of a token record.
struct StoredVariant {
  std::string lang;
  std::vector<uint32_t> ids;
};

bool DecodeTokenRecord(std::string_view record, std::vector<StoredVariant>* out) {
  out->clear();
  while (!record.empty()) {
    uint64_t len = 0, n = 0;
    if (!GetVarint(&record, &len) || len > record.size()) return false;
    StoredVariant v;
    v.lang = std::string(record.substr(0, len));
    record.remove_prefix(len);
    if (!GetVarint(&record, &n) || n > record.size()) return false;
    v.ids.resize(n);
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t id = 0;
      if (!GetVarint(&record, &id) || id >= kUnknownTokenBase) return false;
      v.ids[i] = static_cast<uint32_t>(id);
    }
    out->push_back(std::move(v));
  }
  return true;
}

// Postings blocks hold about this many bytes (a few to a page).
constexpr size_t kBlockBytes = 1000;
// Postings gathered in memory before a segment is written.
constexpr uint64_t kSegmentBufferBytes = 160ull << 20;
// Live segments above which the smallest are merged.
constexpr size_t kMaxSegments = 8;
constexpr size_t kMergeWidth = 4;
// Keys deleted per transaction when collecting segments.
constexpr int kCollectBatch = 50000;

// Segment list (meta "segments", "pending_segments", "dead_segments"):
// (segment u32 BE, postings u64 BE) pairs.
using SegmentList = std::vector<std::pair<uint32_t, uint64_t>>;

int ReadSegments(MDB_txn* txn, MDB_dbi meta, const char* name, SegmentList* out) {
  out->clear();
  MDB_val k = Val(name), v;
  int rc = mdb_get(txn, meta, &k, &v);
  if (rc == MDB_NOTFOUND) return 0;
  if (rc) return rc;
  std::string_view s = View(v);
  if (s.size() % 12) return MDB_CORRUPTED;
  for (size_t i = 0; i < s.size(); i += 12) {
    out->emplace_back(FromBigEndian32(s.substr(i, 4)), FromBigEndian64(s.substr(i + 4, 8)));
  }
  return 0;
}

int WriteSegments(MDB_txn* txn, MDB_dbi meta, const char* name, const SegmentList& list) {
  MDB_val k = Val(name);
  if (list.empty()) {
    int rc = mdb_del(txn, meta, &k, nullptr);
    return rc == MDB_NOTFOUND ? 0 : rc;
  }
  std::string value;
  for (const auto& [seg, n] : list) value += BigEndian32(seg) + BigEndian64(n);
  MDB_val v = Val(value);
  return mdb_put(txn, meta, &k, &v, 0);
}

uint32_t ReadCounter(MDB_txn* txn, MDB_dbi meta, const char* name, int* rc) {
  MDB_val k = Val(name), v;
  *rc = mdb_get(txn, meta, &k, &v);
  if (*rc == MDB_NOTFOUND) {
    *rc = 0;
    return 1;
  }
  return *rc ? 0 : FromBigEndian32(View(v));
}

int WriteCounter(MDB_txn* txn, MDB_dbi meta, const char* name, uint32_t value) {
  std::string enc = BigEndian32(value);
  MDB_val k = Val(name), v = Val(enc);
  return mdb_put(txn, meta, &k, &v, 0);
}

// The key prefix of one list: segment, token, language, NUL.
std::string ListPrefix(uint32_t segment, uint32_t token, std::string_view primary) {
  std::string key = BigEndian32(segment) + BigEndian32(token);
  key += primary;
  key += '\0';
  return key;
}

// A posting: a unit and the length (tokens) of its text.
struct Posting {
  uint64_t id;
  uint32_t length;
};

// Decodes the entries of one block (block 0 begins with the list's size).
bool DecodeBlock(std::string_view block, bool first, uint64_t* list_size,
                 std::vector<Posting>* out) {
  uint64_t v = 0;
  if (first && !GetVarint(&block, list_size)) return false;
  uint64_t id = 0;
  bool start = true;
  while (!block.empty()) {
    uint64_t len = 0;
    if (!GetVarint(&block, &v) || !GetVarint(&block, &len)) return false;
    id = start ? v : id + v;
    start = false;
    out->push_back({id, static_cast<uint32_t>(std::min<uint64_t>(len, UINT32_MAX))});
  }
  return true;
}

// Calls fn(postings of one block) for each block of the list at `prefix`.
template <typename Fn>
int ForEachBlock(MDB_cursor* c, const std::string& prefix, Fn fn) {
  std::string start = prefix + BigEndian32(0);
  MDB_val k = Val(start), v;
  int rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
  for (; rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
    std::string_view key = View(k);
    if (!key.starts_with(prefix) || key.size() != prefix.size() + 4) break;
    bool first = FromBigEndian32(key.substr(prefix.size())) == 0;
    if (int r = fn(View(v), first)) return r;
  }
  return rc == MDB_NOTFOUND ? 0 : rc;
}

// The size of the list at `prefix` (from its first block), 0 if none.
int ListSize(MDB_cursor* c, const std::string& prefix, uint64_t* size) {
  *size = 0;
  std::string start = prefix + BigEndian32(0);
  MDB_val k = Val(start), v;
  int rc = mdb_cursor_get(c, &k, &v, MDB_SET_KEY);
  if (rc == MDB_NOTFOUND) return 0;
  if (rc) return rc;
  std::string_view block = View(v);
  return GetVarint(&block, size) ? 0 : MDB_CORRUPTED;
}

// Appends an encoded posting to a list being built, starting a block when full.
void AppendPosting(std::vector<std::string>* blocks, uint64_t* last_id, uint64_t id,
                   uint32_t length) {
  if (blocks->empty() || blocks->back().size() >= kBlockBytes) {
    blocks->emplace_back();
    PutVarint(id, &blocks->back());  // a block starts with an absolute id
  } else {
    PutVarint(id - *last_id, &blocks->back());
  }
  PutVarint(length, &blocks->back());
  *last_id = id;
}

// Writes one list's blocks at the end of the postings table.
int AppendList(MDB_cursor* c, const std::string& prefix, uint64_t count,
               const std::vector<std::string_view>& blocks, uint64_t* bytes) {
  std::string value;
  for (size_t b = 0; b < blocks.size(); ++b) {
    std::string key = prefix + BigEndian32(static_cast<uint32_t>(b));
    value.clear();
    if (b == 0) PutVarint(count, &value);
    value += blocks[b];
    MDB_val k = Val(key), v = Val(value);
    if (int rc = mdb_cursor_put(c, &k, &v, MDB_APPEND)) return rc;
    *bytes += key.size() + value.size() + 8;
  }
  return 0;
}

}  // namespace

std::vector<VariantTokens> UnitTokens(const TranslationUnit& unit) {
  std::vector<VariantTokens> out;
  out.reserve(unit.variants.size());
  for (const Variant& v : unit.variants) {
    VariantTokens t{v.lang, ScoringTokens(v.segment.text, v.lang), {}};
    t.hashes.reserve(t.keys.size());
    for (const std::string& key : t.keys) t.hashes.push_back(Hash64(key));
    out.push_back(std::move(t));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Writer

int FuzzyIndexWriter::Begin(MDB_txn* txn) {
  int rc = 0;
  next_token_ = ReadCounter(txn, t_.meta, "next_token", &rc);
  return rc;
}

int FuzzyIndexWriter::TokenEntry(MDB_txn* txn, const std::string& key, uint64_t hash,
                                 uint32_t* entry) {
  // Keyed by the 64-bit hash the preparing thread computed (two different
  // tokens with the same hash are not expected in any store: 2^-64 a pair).
  auto it = cache_.find(hash);
  if (it != cache_.end()) {
    *entry = it->second;
    return 0;
  }
  std::string vkey = VocabKey(key);
  MDB_val k = Val(vkey), v;
  int rc = mdb_get(txn, t_.vocab, &k, &v);
  uint32_t id = 0;
  if (rc == 0) {
    id = FromBigEndian32(View(v));
  } else if (rc == MDB_NOTFOUND) {
    if (next_token_ >= kUnknownTokenBase) return MDB_MAP_FULL;  // 4 billion tokens
    id = next_token_++;
    new_tokens_.emplace_back(vkey, id);
  } else {
    return rc;
  }
  *entry = static_cast<uint32_t>(entries_.size());
  entries_.push_back({id, {}});
  cache_.emplace(hash, *entry);
  return 0;
}

int FuzzyIndexWriter::Add(MDB_txn* txn, uint64_t id, const std::vector<VariantTokens>& variants) {
  // Variants grouped by primary language, in key order (the token records are appended).
  std::vector<std::pair<std::string, const VariantTokens*>> order;
  order.reserve(variants.size());
  for (const VariantTokens& v : variants) order.emplace_back(PrimaryLanguage(v.lang), &v);
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<uint32_t> refs;  // entries_ indices
  for (size_t i = 0; i < order.size();) {
    const std::string& primary = order[i].first;
    auto lang_it = std::find(langs_.begin(), langs_.end(), primary);
    const size_t lang = lang_it - langs_.begin();
    if (lang_it == langs_.end()) langs_.push_back(primary);
    if (lang >= 0xFFFF) return MDB_BAD_VALSIZE;  // 65,535 primary languages
    record_.clear();
    for (; i < order.size() && order[i].first == primary; ++i) {
      const VariantTokens& v = *order[i].second;
      refs.clear();
      for (size_t j = 0; j < v.keys.size(); ++j) {
        uint64_t hash = j < v.hashes.size() ? v.hashes[j] : Hash64(v.keys[j]);
        uint32_t e = 0;
        if (int rc = TokenEntry(txn, v.keys[j], hash, &e)) return rc;
        refs.push_back(e);
      }
      PutVarint(v.lang.size(), &record_);
      record_ += v.lang;
      PutVarint(refs.size(), &record_);
      for (uint32_t e : refs) PutVarint(entries_[e].id, &record_);
      const uint32_t length = static_cast<uint32_t>(refs.size());
      std::sort(refs.begin(), refs.end());
      refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
      for (uint32_t e : refs) {
        Entry& entry = entries_[e];
        uint32_t li = UINT32_MAX;
        for (const auto& [l, index] : entry.lists) {
          if (l == lang) li = index;
        }
        if (li == UINT32_MAX) {
          li = static_cast<uint32_t>(lists_.size());
          lists_.push_back({entry.id, static_cast<uint16_t>(lang), 0, 0, {}, {}});
          lists_.back().bytes.reserve(16);
          entry.lists.emplace_back(static_cast<uint16_t>(lang), li);
          buffered_bytes_ += sizeof(List) + 16;
        }
        List& list = lists_[li];
        size_t before = list.bytes.size();
        if (list.starts.empty() || before - list.starts.back() >= kBlockBytes) {
          list.starts.push_back(static_cast<uint32_t>(before));  // a block: absolute id
          list.last_id = 0;
        }
        PutVarint(id - list.last_id, &list.bytes);
        PutVarint(length, &list.bytes);
        list.last_id = id;
        ++list.count;
        buffered_bytes_ += list.bytes.size() - before;
      }
    }
    std::string key = TokensKey(id, primary);
    MDB_val k = Val(key), v = Val(record_);
    int rc = mdb_put(txn, t_.tokens, &k, &v, MDB_APPEND);
    if (rc == MDB_KEYEXIST)
      rc = mdb_put(txn, t_.tokens, &k, &v, 0);  // an id reused after a discard
    if (rc) return rc;
    dirty_pages_ += (record_.size() + key.size() + 16) / 4096 + ((id & 63) == 0);
  }
  if (buffered_bytes_ >= kSegmentBufferBytes) return WriteSegment(txn);
  return 0;
}

int FuzzyIndexWriter::WriteSegment(MDB_txn* txn) {
  if (lists_.empty()) return 0;
  int rc = 0;
  uint32_t segment = ReadCounter(txn, t_.meta, "next_segment", &rc);
  if (rc) return rc;
  if ((rc = WriteCounter(txn, t_.meta, "next_segment", segment + 1))) return rc;
  // Lists in key order: token, then language.
  std::vector<uint32_t> order(lists_.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (lists_[a].token != lists_[b].token) return lists_[a].token < lists_[b].token;
    return langs_[lists_[a].lang] < langs_[lists_[b].lang];
  });
  Cursor c;
  if ((rc = c.Open(txn, t_.postings))) return rc;
  uint64_t bytes = 0, postings = 0;
  std::vector<std::string_view> blocks;
  for (uint32_t i : order) {
    const List& list = lists_[i];
    blocks.clear();
    std::string_view all = list.bytes;
    for (size_t b = 0; b < list.starts.size(); ++b) {
      size_t end = b + 1 < list.starts.size() ? list.starts[b + 1] : all.size();
      blocks.push_back(all.substr(list.starts[b], end - list.starts[b]));
    }
    std::string prefix = ListPrefix(segment, list.token, langs_[list.lang]);
    if ((rc = AppendList(c.get(), prefix, list.count, blocks, &bytes))) return rc;
    postings += list.count;
  }
  dirty_pages_ += bytes / 4096 + 1;
  lists_.clear();
  for (Entry& e : entries_) e.lists.clear();
  buffered_bytes_ = 0;
  written_.emplace_back(segment, postings);
  // Until the import completes, its segments are only known as pending.
  return WriteSegments(txn, t_.meta, "pending_segments", written_);
}

int FuzzyIndexWriter::Flush(MDB_txn* txn) {
  if (new_tokens_.empty()) return 0;
  int rc = 0;
  std::sort(new_tokens_.begin(), new_tokens_.end());
  for (const auto& [key, id] : new_tokens_) {
    std::string idkey = BigEndian32(id);
    MDB_val k = Val(key), v = Val(idkey);
    if ((rc = mdb_put(txn, t_.vocab, &k, &v, 0))) return rc;
  }
  for (const auto& [key, id] : new_tokens_) {
    std::string fold = VocabKey(AccentFold(key)), idkey = BigEndian32(id);
    MDB_val k = Val(fold), v = Val(idkey);
    rc = mdb_put(txn, t_.vocab_fold, &k, &v, MDB_NODUPDATA);
    if (rc && rc != MDB_KEYEXIST) return rc;
  }
  std::sort(new_tokens_.begin(), new_tokens_.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  for (const auto& [key, id] : new_tokens_) {
    std::string idkey = BigEndian32(id);
    MDB_val k = Val(idkey), v = Val(key);
    rc = mdb_put(txn, t_.vocab_ids, &k, &v, MDB_APPEND);
    if (rc == MDB_KEYEXIST) rc = mdb_put(txn, t_.vocab_ids, &k, &v, 0);
    if (rc) return rc;
  }
  dirty_pages_ += new_tokens_.size() * 96 / 4096 + 1;
  new_tokens_.clear();
  if (cache_.size() > kMaxCache && lists_.empty()) {  // all written: LMDB has them
    cache_.clear();
    entries_.clear();
  }
  return WriteCounter(txn, t_.meta, "next_token", next_token_);
}

namespace {

// Merges segments into a new one (each list's postings in id order).
int MergeSegments(MDB_txn** txn, const FuzzyTables& t, const SegmentList& inputs,
                  const std::function<int(MDB_txn**)>& commit, uint64_t* dirty_pages,
                  std::pair<uint32_t, uint64_t>* merged) {
  int rc = 0;
  uint32_t segment = ReadCounter(*txn, t.meta, "next_segment", &rc);
  if (rc) return rc;
  if ((rc = WriteCounter(*txn, t.meta, "next_segment", segment + 1))) return rc;
  *merged = {segment, 0};
  // The merged segment is pending (removed if the import fails) until published.
  SegmentList pending;
  if ((rc = ReadSegments(*txn, t.meta, "pending_segments", &pending))) return rc;
  pending.push_back(*merged);
  if ((rc = WriteSegments(*txn, t.meta, "pending_segments", pending))) return rc;
  // Position after the last key read in each input; lists are read in key order.
  std::vector<std::string> next(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) next[i] = BigEndian32(inputs[i].first);
  std::vector<Posting> postings;
  std::vector<std::string> blocks;
  uint64_t bytes = 0;
  while (true) {
    if (bytes / 4096 > (192ull << 20) / 4096) {  // keep a transaction's dirty pages bounded
      *dirty_pages += bytes / 4096;
      bytes = 0;
      if ((rc = commit(txn))) return rc;
    }
    Cursor c;
    if ((rc = c.Open(*txn, t.postings))) return rc;
    // The smallest list (token | language) at the inputs' positions.
    std::string smallest;
    bool any = false;
    for (size_t i = 0; i < inputs.size(); ++i) {
      MDB_val k = Val(next[i]), v;
      rc = mdb_cursor_get(c.get(), &k, &v, MDB_SET_RANGE);
      if (rc == MDB_NOTFOUND) continue;
      if (rc) return rc;
      std::string_view key = View(k);
      if (!key.starts_with(next[i].substr(0, 4)) || key.size() < 13) continue;
      std::string_view list = key.substr(4, key.size() - 8);  // token | lang | NUL
      if (!any || list < smallest) smallest = std::string(list);
      any = true;
    }
    if (!any) break;
    postings.clear();
    for (size_t i = 0; i < inputs.size(); ++i) {
      std::string prefix = BigEndian32(inputs[i].first) + smallest;
      rc = ForEachBlock(c.get(), prefix, [&](std::string_view block, bool first) {
        uint64_t size = 0;
        return DecodeBlock(block, first, &size, &postings) ? 0 : MDB_CORRUPTED;
      });
      if (rc) return rc;
      next[i] = prefix + std::string(4, '\xff');
    }
    std::stable_sort(postings.begin(), postings.end(),
                     [](const Posting& a, const Posting& b) { return a.id < b.id; });
    blocks.clear();
    uint64_t last = 0;
    for (const Posting& p : postings) AppendPosting(&blocks, &last, p.id, p.length);
    std::vector<std::string_view> views(blocks.begin(), blocks.end());
    if ((rc = AppendList(c.get(), BigEndian32(segment) + smallest, postings.size(), views,
                         &bytes))) {
      return rc;
    }
    merged->second += postings.size();
  }
  *dirty_pages += bytes / 4096;
  return 0;
}

}  // namespace

int FuzzyIndexWriter::Finish(MDB_txn** txn, const std::function<int(MDB_txn**)>& commit) {
  int rc = WriteSegment(*txn);
  if (rc) return rc;
  if ((rc = Flush(*txn))) return rc;
  SegmentList live, dead;
  if ((rc = ReadSegments(*txn, t_.meta, "segments", &live))) return rc;
  if ((rc = ReadSegments(*txn, t_.meta, "dead_segments", &dead))) return rc;
  live.insert(live.end(), written_.begin(), written_.end());
  // Too many segments: merge the smallest (tiered, so that a posting is
  // rewritten about log(units) times over the store's life).
  while (live.size() > kMaxSegments) {
    std::stable_sort(live.begin(), live.end(),
                     [](const auto& a, const auto& b) { return a.second < b.second; });
    SegmentList inputs(live.begin(), live.begin() + kMergeWidth);
    std::pair<uint32_t, uint64_t> merged;
    if ((rc = MergeSegments(txn, t_, inputs, commit, &dirty_pages_, &merged))) return rc;
    live.erase(live.begin(), live.begin() + kMergeWidth);
    live.push_back(merged);
    dead.insert(dead.end(), inputs.begin(), inputs.end());
  }
  std::sort(live.begin(), live.end());
  if ((rc = WriteSegments(*txn, t_.meta, "segments", live))) return rc;
  if ((rc = WriteSegments(*txn, t_.meta, "dead_segments", dead))) return rc;
  written_.clear();
  return WriteSegments(*txn, t_.meta, "pending_segments", {});
}

int RemoveFromFuzzyIndex(MDB_txn* txn, const FuzzyTables& t, uint64_t id) {
  const std::string prefix = BigEndian64(id);
  while (true) {
    Cursor c;
    int rc = c.Open(txn, t.tokens);
    if (rc) return rc;
    MDB_val k = Val(prefix), v;
    rc = mdb_cursor_get(c.get(), &k, &v, MDB_SET_RANGE);
    if (rc == MDB_NOTFOUND) return 0;
    if (rc) return rc;
    if (!View(k).starts_with(prefix)) return 0;
    if ((rc = mdb_cursor_del(c.get(), 0))) return rc;
  }
}

int CollectSegments(MDB_env* env, const FuzzyTables& t) {
  while (true) {
    MDB_txn* raw = nullptr;
    int rc = mdb_txn_begin(env, nullptr, 0, &raw);
    if (rc) return rc;
    Txn txn(raw);
    SegmentList pending, dead;
    if ((rc = ReadSegments(raw, t.meta, "pending_segments", &pending)) ||
        (rc = ReadSegments(raw, t.meta, "dead_segments", &dead))) {
      return rc;
    }
    dead.insert(dead.end(), pending.begin(), pending.end());
    if (dead.empty()) return 0;
    // Delete from the last listed segment, a batch of keys a transaction.
    const std::string prefix = BigEndian32(dead.back().first);
    int deleted = 0;
    bool finished = false;
    {
      Cursor c;
      if ((rc = c.Open(raw, t.postings))) return rc;
      MDB_val k = Val(prefix), v;
      for (rc = mdb_cursor_get(c.get(), &k, &v, MDB_SET_RANGE);
           rc == 0 && View(k).starts_with(prefix) && deleted < kCollectBatch;
           rc = mdb_cursor_get(c.get(), &k, &v, MDB_GET_CURRENT)) {
        if ((rc = mdb_cursor_del(c.get(), 0))) return rc;
        ++deleted;
      }
      if (rc && rc != MDB_NOTFOUND && rc != EINVAL) return rc;
      finished = deleted < kCollectBatch;
    }
    if (finished) {
      // This segment is gone: take it off its list.
      uint32_t seg = dead.back().first;
      std::erase_if(pending, [&](const auto& s) { return s.first == seg; });
      SegmentList d2;
      ReadSegments(raw, t.meta, "dead_segments", &d2);
      std::erase_if(d2, [&](const auto& s) { return s.first == seg; });
      if ((rc = WriteSegments(raw, t.meta, "pending_segments", pending)) ||
          (rc = WriteSegments(raw, t.meta, "dead_segments", d2))) {
        return rc;
      }
    }
    if ((rc = txn.Commit())) return rc;
  }
}

// ---------------------------------------------------------------------------
// Search

namespace {

// The query's tokens as ids; tokens not in the vocabulary get ids of their own
// from kUnknownTokenBase up (they match nothing). Returns the count of those.
int QueryIds(MDB_txn* txn, const FuzzyTables& t, const std::vector<std::string>& query,
             std::vector<uint32_t>* ids, int* unknown) {
  std::unordered_map<std::string, uint32_t> seen;
  ids->clear();
  *unknown = 0;
  for (const std::string& token : query) {
    auto it = seen.find(token);
    if (it != seen.end()) {
      ids->push_back(it->second);
      if (it->second >= kUnknownTokenBase) ++*unknown;
      continue;
    }
    std::string vkey = VocabKey(token);
    MDB_val k = Val(vkey), v;
    int rc = mdb_get(txn, t.vocab, &k, &v);
    uint32_t id;
    if (rc == 0) {
      id = FromBigEndian32(View(v));
    } else if (rc == MDB_NOTFOUND) {
      id = kUnknownTokenBase + static_cast<uint32_t>(seen.size());
      ++*unknown;
    } else {
      return rc;
    }
    seen.emplace(token, id);
    ids->push_back(id);
  }
  return 0;
}

}  // namespace

Result<std::vector<SimilarHit>> SearchSimilar(MDB_txn* txn, const FuzzyTables& t,
                                              std::string_view lang,
                                              const std::vector<std::string>& query, int min_score,
                                              uint64_t hide_from, SearchCounters* counters) {
  std::vector<SimilarHit> hits;
  min_score = std::clamp(min_score, 1, 100);
  const int q = static_cast<int>(query.size());
  if (q == 0) return hits;
  const std::string primary = PrimaryLanguage(lang);
  std::vector<uint32_t> qids;
  int unknown = 0;
  if (int rc = QueryIds(txn, t, query, &qids, &unknown)) {
    return std::unexpected(LmdbError(rc, "reading the fuzzy index"));
  }
  // At most D query tokens are destroyed in any match (doc/scoring.md).
  const int D = MaxDistanceFor(min_score, q, q);
  const int need = D - unknown + 1;  // known positions to probe
  if (need <= 0) return hits;
  const uint32_t lmin = static_cast<uint32_t>((min_score * q + 99) / 100);
  const uint32_t lmax = static_cast<uint32_t>(100 * q / min_score);
  SegmentList segments;
  int rc = ReadSegments(txn, t.meta, "segments", &segments);
  if (rc) return std::unexpected(LmdbError(rc, "reading the fuzzy index"));

  Cursor c;
  if ((rc = c.Open(txn, t.postings)))
    return std::unexpected(LmdbError(rc, "reading the fuzzy index"));
  struct Probe {
    uint32_t id;
    int multiplicity;
    uint64_t df;
  };
  std::vector<Probe> probes;
  {
    std::vector<uint32_t> sorted = qids;
    std::sort(sorted.begin(), sorted.end());
    for (size_t i = 0; i < sorted.size();) {
      size_t j = i;
      while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
      if (sorted[i] < kUnknownTokenBase) {
        Probe p{sorted[i], static_cast<int>(j - i), 0};
        for (const auto& [seg, size] : segments) {
          uint64_t n = 0;
          if ((rc = ListSize(c.get(), ListPrefix(seg, p.id, primary), &n))) {
            return std::unexpected(LmdbError(rc, "reading the fuzzy index"));
          }
          p.df += n;
        }
        probes.push_back(p);
      }
      i = j;
    }
  }
  std::sort(probes.begin(), probes.end(), [](const Probe& a, const Probe& b) {
    return a.df != b.df ? a.df < b.df : a.id < b.id;
  });
  // The rarest tokens covering `need` positions, then cheap extra ones for the count filter.
  int positions = 0;
  uint64_t cost = 0;
  size_t chosen = 0;
  for (; chosen < probes.size() && positions < need; ++chosen) {
    positions += probes[chosen].multiplicity;
    cost += probes[chosen].df;
  }
  if (positions < need) return hits;  // cannot happen: need <= known positions
  uint64_t extra_budget = std::max(kExtraProbeBudget, cost);
  while (chosen < probes.size() && probes[chosen].df <= extra_budget) {
    extra_budget -= probes[chosen].df;
    positions += probes[chosen].multiplicity;
    ++chosen;
  }
  // Candidates must share at least this many probed positions.
  const int min_hits = positions - D + unknown;

  // Merge the probed lists (each ascending) counting probed positions per unit.
  struct Run {
    std::vector<uint64_t> ids;
    int weight;
  };
  std::vector<Run> runs;
  std::vector<Posting> block;
  for (size_t i = 0; i < chosen; ++i) {
    for (const auto& [seg, size] : segments) {
      Run run{{}, probes[i].multiplicity};
      rc = ForEachBlock(c.get(), ListPrefix(seg, probes[i].id, primary),
                        [&](std::string_view data, bool first) {
                          block.clear();
                          uint64_t n = 0;
                          if (!DecodeBlock(data, first, &n, &block)) return MDB_CORRUPTED;
                          for (const Posting& p : block) {
                            if (p.length >= lmin && p.length <= lmax && p.id < hide_from)
                              run.ids.push_back(p.id);
                          }
                          if (counters) counters->postings_read += block.size();
                          return 0;
                        });
      if (rc == MDB_CORRUPTED) {
        return Corruption("the fuzzy index is damaged; run 'tmkit verify'");
      }
      if (rc) return std::unexpected(LmdbError(rc, "reading the fuzzy index"));
      if (!run.ids.empty()) runs.push_back(std::move(run));
    }
  }
  std::vector<uint64_t> candidates;
  {
    using Head = std::pair<uint64_t, size_t>;  // id, run
    std::priority_queue<Head, std::vector<Head>, std::greater<Head>> heap;
    std::vector<size_t> pos(runs.size(), 0);
    for (size_t r = 0; r < runs.size(); ++r) heap.emplace(runs[r].ids[0], r);
    while (!heap.empty()) {
      uint64_t id = heap.top().first;
      int count = 0;
      while (!heap.empty() && heap.top().first == id) {
        size_t r = heap.top().second;
        heap.pop();
        count += runs[r].weight;
        if (++pos[r] < runs[r].ids.size()) heap.emplace(runs[r].ids[pos[r]], r);
      }
      if (count >= min_hits) candidates.push_back(id);
    }
  }
  if (counters) counters->candidates += candidates.size();

  // Verify each candidate's variants in the query's language.
  std::vector<StoredVariant> variants;
  for (uint64_t id : candidates) {
    std::string key = TokensKey(id, primary);
    MDB_val k = Val(key), v;
    rc = mdb_get(txn, t.tokens, &k, &v);
    if (rc == MDB_NOTFOUND) continue;
    if (rc) return std::unexpected(LmdbError(rc, "reading the fuzzy index"));
    if (!DecodeTokenRecord(View(v), &variants)) {
      return Corruption("the fuzzy index entry of unit " + std::to_string(id) +
                        " is damaged; run 'tmkit verify'");
    }
    for (const StoredVariant& sv : variants) {
      if (!LanguageMatches(lang, sv.lang)) continue;
      const int n = static_cast<int>(sv.ids.size());
      if (n < static_cast<int>(lmin) || n > static_cast<int>(lmax)) continue;
      const int bound = MaxDistanceFor(min_score, q, n);
      if (counters) ++counters->verified;
      int d = EditDistance<uint32_t>(qids, sv.ids, bound);
      if (d > bound) continue;
      hits.push_back({id, sv.lang, d, n, ScoreFromDistance(d, q, n)});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const SimilarHit& a, const SimilarHit& b) {
    return a.score != b.score ? a.score > b.score : a.unit_id < b.unit_id;
  });
  return hits;
}

namespace {

// Calls fn(list prefix) for each list of token `id` in segment `seg`, in
// language `primary` (in every language when empty).
template <typename Fn>
int ForEachList(MDB_cursor* c, uint32_t seg, uint32_t id, std::string_view primary, Fn fn) {
  if (!primary.empty()) return fn(ListPrefix(seg, id, primary));
  const std::string token = BigEndian32(seg) + BigEndian32(id);
  std::string at = token;
  while (true) {
    MDB_val k = Val(at), v;
    int rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
    if (rc == MDB_NOTFOUND) return 0;
    if (rc) return rc;
    std::string_view key = View(k);
    if (!key.starts_with(token) || key.size() < 13) return 0;
    std::string prefix(key.substr(0, key.size() - 4));
    if ((rc = fn(prefix))) return rc;
    at = prefix + std::string(4, '\xff');
  }
}

// True if `ids` contains a run matching `accepted` position by position.
bool ContainsPhrase(const std::vector<uint32_t>& ids,
                    const std::vector<std::vector<uint32_t>>& accepted) {
  const size_t n = ids.size(), m = accepted.size();
  for (size_t start = 0; start + m <= n; ++start) {
    size_t i = 0;
    while (i < m && std::binary_search(accepted[i].begin(), accepted[i].end(), ids[start + i])) ++i;
    if (i == m) return true;
  }
  return false;
}

}  // namespace

Result<std::vector<PhraseHit>> SearchPhrase(MDB_txn* txn, const FuzzyTables& t,
                                            std::string_view lang,
                                            const std::vector<std::string>& phrase, size_t limit,
                                            uint64_t hide_from, size_t max_checked, uint64_t* total,
                                            bool* exact) {
  std::vector<PhraseHit> out;
  *total = 0;
  *exact = true;
  if (phrase.empty()) return out;
  auto fail = [](int rc) {
    return std::unexpected(LmdbError(rc, "reading the concordance index"));
  };
  const std::string primary = lang.empty() ? std::string() : PrimaryLanguage(lang);
  // Each phrase position accepts every token with the same accent fold.
  std::vector<std::vector<uint32_t>> accepted(phrase.size());
  {
    Cursor c;
    int rc = c.Open(txn, t.vocab_fold);
    if (rc) return fail(rc);
    for (size_t i = 0; i < phrase.size(); ++i) {
      std::string fkey = VocabKey(AccentFold(phrase[i]));
      MDB_val k = Val(fkey), v;
      for (rc = mdb_cursor_get(c.get(), &k, &v, MDB_SET_KEY); rc == 0;
           rc = mdb_cursor_get(c.get(), &k, &v, MDB_NEXT_DUP)) {
        accepted[i].push_back(FromBigEndian32(View(v)));
      }
      if (rc != MDB_NOTFOUND) return fail(rc);
      std::sort(accepted[i].begin(), accepted[i].end());
      accepted[i].erase(std::unique(accepted[i].begin(), accepted[i].end()), accepted[i].end());
      if (accepted[i].empty()) return out;  // a word the store has never seen
    }
  }
  SegmentList segments;
  int rc = ReadSegments(txn, t.meta, "segments", &segments);
  if (rc) return fail(rc);
  Cursor c;
  if ((rc = c.Open(txn, t.postings))) return fail(rc);
  // The position with the fewest postings gives the candidates.
  size_t rarest = 0;
  uint64_t rarest_df = UINT64_MAX;
  for (size_t i = 0; i < phrase.size(); ++i) {
    uint64_t df = 0;
    for (uint32_t id : accepted[i]) {
      for (const auto& [seg, size] : segments) {
        rc = ForEachList(c.get(), seg, id, primary, [&](const std::string& prefix) {
          uint64_t n = 0;
          int r = ListSize(c.get(), prefix, &n);
          df += n;
          return r;
        });
        if (rc) return fail(rc);
      }
    }
    if (df < rarest_df) {
      rarest_df = df;
      rarest = i;
    }
  }
  std::vector<uint64_t> candidates;
  std::vector<Posting> block;
  for (uint32_t id : accepted[rarest]) {
    for (const auto& [seg, size] : segments) {
      rc = ForEachList(c.get(), seg, id, primary, [&](const std::string& prefix) {
        return ForEachBlock(c.get(), prefix, [&](std::string_view data, bool first) {
          block.clear();
          uint64_t n = 0;
          if (!DecodeBlock(data, first, &n, &block)) return MDB_CORRUPTED;
          for (const Posting& p : block) {
            if (p.id < hide_from) candidates.push_back(p.id);
          }
          return 0;
        });
      });
      if (rc) return fail(rc);
    }
  }
  std::sort(candidates.begin(), candidates.end(), std::greater<uint64_t>());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  // Check the candidates, newest first.
  Cursor tc;
  if ((rc = tc.Open(txn, t.tokens))) return fail(rc);
  std::vector<StoredVariant> variants;
  size_t checked = 0;
  for (uint64_t id : candidates) {
    if (checked == max_checked) {
      // Estimate the rest from the share found so far.
      *exact = false;
      *total = *total * candidates.size() / std::max<size_t>(checked, 1);
      break;
    }
    ++checked;
    const std::string prefix = BigEndian64(id);
    std::string start = prefix + primary;
    MDB_val k = Val(start), v;
    for (rc = mdb_cursor_get(tc.get(), &k, &v, MDB_SET_RANGE); rc == 0;
         rc = mdb_cursor_get(tc.get(), &k, &v, MDB_NEXT)) {
      std::string_view key = View(k);
      if (!key.starts_with(prefix)) break;
      if (!primary.empty() && key.substr(8) != primary) break;
      if (!DecodeTokenRecord(View(v), &variants)) {
        return Corruption("the fuzzy index entry of unit " + std::to_string(id) +
                          " is damaged; run 'tmkit verify'");
      }
      for (const StoredVariant& sv : variants) {
        if (!lang.empty() && !LanguageMatches(lang, sv.lang)) continue;
        if (!ContainsPhrase(sv.ids, accepted)) continue;
        ++*total;
        if (out.size() < limit) out.push_back({id, sv.lang, static_cast<int>(sv.ids.size())});
      }
    }
    if (rc && rc != MDB_NOTFOUND) return fail(rc);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Checker

const std::string* FuzzyIndexChecker::TokenText(MDB_txn* txn, uint32_t id) {
  auto it = texts_.find(id);
  if (it != texts_.end()) return &it->second;
  if (texts_.size() > kMaxCache) texts_.clear();
  std::string key = BigEndian32(id);
  MDB_val k = Val(key), v;
  if (mdb_get(txn, t_.vocab_ids, &k, &v) != 0) return nullptr;
  return &texts_.emplace(id, std::string(View(v))).first->second;
}

void FuzzyIndexChecker::CheckUnit(MDB_txn* txn, uint64_t id,
                                  const std::vector<VariantTokens>& expected, bool hidden,
                                  std::vector<std::string>* problems) {
  std::map<std::string, std::vector<const VariantTokens*>> by_lang;
  for (const VariantTokens& v : expected) by_lang[PrimaryLanguage(v.lang)].push_back(&v);
  std::vector<StoredVariant> stored;
  for (const auto& [primary, wanted] : by_lang) {
    ++records_;
    std::string key = TokensKey(id, primary);
    MDB_val k = Val(key), v;
    if (mdb_get(txn, t_.tokens, &k, &v) != 0) {
      problems->push_back("unit " + std::to_string(id) + " is missing from the fuzzy index (" +
                          primary + ")");
      continue;
    }
    if (!DecodeTokenRecord(View(v), &stored)) {
      problems->push_back("the fuzzy index entry of unit " + std::to_string(id) + " is damaged");
      continue;
    }
    bool same = stored.size() == wanted.size();
    for (size_t i = 0; same && i < stored.size(); ++i) {
      same = stored[i].lang == wanted[i]->lang && stored[i].ids.size() == wanted[i]->keys.size();
      for (size_t j = 0; same && j < stored[i].ids.size(); ++j) {
        const std::string* text = TokenText(txn, stored[i].ids[j]);
        same = text && *text == VocabKey(wanted[i]->keys[j]);
      }
    }
    if (!same) {
      problems->push_back("the fuzzy index entry of unit " + std::to_string(id) +
                          " does not match its text (" + primary + ")");
      continue;
    }
    if (hidden) continue;  // its postings are not live yet
    if (live_.size() <= id) live_.resize(std::max<size_t>(id + 1, live_.size() * 2));
    live_[id] = true;
    for (StoredVariant& sv : stored) {
      const uint32_t length = static_cast<uint32_t>(sv.ids.size());
      std::sort(sv.ids.begin(), sv.ids.end());
      sv.ids.erase(std::unique(sv.ids.begin(), sv.ids.end()), sv.ids.end());
      for (uint32_t tid : sv.ids) {
        expected_sum_ += PostingHash(tid, primary, id, length);
        ++expected_count_;
      }
    }
  }
}

void FuzzyIndexChecker::Finish(MDB_txn* txn, std::vector<std::string>* problems, uint64_t* entries,
                               const std::function<void(uint64_t done, uint64_t total)>& progress) {
  MDB_stat st;
  mdb_stat(txn, t_.tokens, &st);
  *entries += st.ms_entries;
  if (st.ms_entries != records_) {
    problems->push_back("the fuzzy index has " + std::to_string(st.ms_entries) +
                        " token records, expected " + std::to_string(records_));
  }
  SegmentList segments;
  if (ReadSegments(txn, t_.meta, "segments", &segments) != 0) {
    problems->push_back("the fuzzy index's segment list is damaged");
    return;
  }
  Cursor c;
  if (c.Open(txn, t_.postings) != 0) {
    problems->push_back("the fuzzy index's postings cannot be read");
    return;
  }
  // The postings of live units must be exactly those the token records give
  // (compared by count and a sum of hashes); those of deleted units are skipped.
  uint64_t sum = 0, count = 0, stale = 0;
  uint64_t blocks = 0;
  WalkBudget budget(txn, t_.postings);  // a damaged tree must not keep the walk going forever
  std::vector<Posting> block;
  for (const auto& [seg, size] : segments) {
    const std::string prefix = BigEndian32(seg);
    MDB_val k = Val(prefix), v;
    int rc;
    for (rc = mdb_cursor_get(c.get(), &k, &v, MDB_SET_RANGE); rc == 0;
         rc = mdb_cursor_get(c.get(), &k, &v, MDB_NEXT)) {
      std::string_view key = View(k);
      if (!key.starts_with(prefix) || !budget.Step()) break;
      if (blocks++ % 4096 == 0) progress(blocks - 1, budget.entries());
      if (key.size() < 13 || key[key.size() - 5] != '\0') {
        problems->push_back("the fuzzy index has a malformed postings key");
        return;
      }
      uint32_t token = FromBigEndian32(key.substr(4, 4));
      std::string_view primary = key.substr(8, key.size() - 13);
      bool first = FromBigEndian32(key.substr(key.size() - 4)) == 0;
      block.clear();
      uint64_t n = 0;
      if (!DecodeBlock(View(v), first, &n, &block)) {
        problems->push_back("the fuzzy index has a damaged postings block");
        return;
      }
      for (const Posting& p : block) {
        if (p.id < live_.size() && live_[p.id]) {
          sum += PostingHash(token, primary, p.id, p.length);
          ++count;
        } else {
          ++stale;
        }
      }
    }
    if (budget.exceeded()) {
      problems->push_back(
          "the fuzzy index's postings table is damaged: walking it does not end (a page is "
          "reached again)");
      return;
    }
    if (rc && rc != MDB_NOTFOUND) {
      problems->push_back(std::string("the fuzzy index's postings cannot be read: ") +
                          mdb_strerror(rc));
      return;
    }
  }
  *entries += count + stale;
  if (count != expected_count_ || sum != expected_sum_) {
    problems->push_back("the fuzzy index's postings (" + std::to_string(count) +
                        ") do not match its token records (" + std::to_string(expected_count_) +
                        " expected)");
  }
}

}  // namespace tmkit::internal
