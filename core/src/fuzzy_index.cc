#include "fuzzy_index.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <queue>
#include <map>
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
// Buffered postings written at once (sorted) inside a transaction.
constexpr size_t kFlushPostings = 1 << 21;
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
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
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

std::string PostingKey(uint32_t token, uint8_t bucket, std::string_view primary) {
  std::string key = BigEndian32(token);
  key += static_cast<char>(bucket);
  key += primary;
  return key;
}

uint32_t FromBigEndian32(std::string_view s) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4 && i < s.size(); ++i) v = (v << 8) | static_cast<uint8_t>(s[i]);
  return v;
}

std::string TokensKey(uint64_t id, std::string_view primary) {
  return BigEndian64(id) + std::string(primary);
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

// Bucket boundaries: one bucket a length up to 12 tokens, then buckets about
// 15 % wide (the length filter of a 70 % search spans a few of them).
struct Buckets {
  std::array<uint32_t, 257> lo{};  // lo[b] = the shortest length in bucket b
  Buckets() {
    for (uint32_t b = 0; b <= 12; ++b) lo[b] = b;
    for (int b = 13; b <= 256; ++b) {
      uint32_t prev = lo[b - 1];
      uint64_t next = std::max<uint64_t>(prev + 1, static_cast<uint64_t>(std::ceil(prev * 1.15)));
      lo[b] = static_cast<uint32_t>(std::min<uint64_t>(next, UINT32_MAX));
    }
  }
};
const Buckets& BucketTable() {
  static const Buckets table;
  return table;
}

// The ids of the postings of one key (ascending), appended to *out.
int ReadPostings(MDB_cursor* c, const std::string& key, uint64_t hide_from,
                 std::vector<uint64_t>* out) {
  MDB_val k = Val(key), v;
  int rc = mdb_cursor_get(c, &k, &v, MDB_SET_KEY);
  if (rc == MDB_NOTFOUND) return 0;
  if (rc) return rc;
  // DUPFIXED: a page of ids at a time.
  for (rc = mdb_cursor_get(c, &k, &v, MDB_GET_MULTIPLE); rc == 0;
       rc = mdb_cursor_get(c, &k, &v, MDB_NEXT_MULTIPLE)) {
    const char* p = static_cast<const char*>(v.mv_data);
    for (size_t off = 0; off + 8 <= v.mv_size; off += 8) {
      uint64_t id = FromBigEndian64(std::string_view(p + off, 8));
      if (id >= hide_from) return 0;  // ascending: the rest is hidden too
      out->push_back(id);
    }
  }
  return rc == MDB_NOTFOUND ? 0 : rc;
}

// Entries under `key` (0 if none).
int CountPostings(MDB_cursor* c, const std::string& key, uint64_t* count) {
  MDB_val k = Val(key), v;
  int rc = mdb_cursor_get(c, &k, &v, MDB_SET_KEY);
  if (rc == MDB_NOTFOUND) {
    *count = 0;
    return 0;
  }
  if (rc) return rc;
  size_t n = 0;
  rc = mdb_cursor_count(c, &n);
  *count = n;
  return rc;
}

uint64_t PostingHash(std::string_view key, uint64_t id) {
  std::string s(key);
  s += BigEndian64(id);
  return Hash64(s);
}

}  // namespace

std::vector<VariantTokens> UnitTokens(const TranslationUnit& unit) {
  std::vector<VariantTokens> out;
  out.reserve(unit.variants.size());
  for (const Variant& v : unit.variants) {
    out.push_back({v.lang, ScoringTokens(v.segment.text, v.lang)});
  }
  return out;
}

uint8_t LengthBucket(uint32_t n) {
  const Buckets& t = BucketTable();
  // upper_bound over lo[0..256): the last bucket whose lower bound is <= n.
  auto it = std::upper_bound(t.lo.begin(), t.lo.begin() + 256, n);
  return static_cast<uint8_t>((it - t.lo.begin()) - 1);
}

std::pair<uint32_t, uint32_t> BucketLengths(uint8_t bucket) {
  const Buckets& t = BucketTable();
  uint32_t hi = bucket == 255 ? UINT32_MAX : t.lo[bucket + 1] - 1;
  return {t.lo[bucket], hi};
}

// ---------------------------------------------------------------------------
// Writer

int FuzzyIndexWriter::Begin(MDB_txn* txn) {
  MDB_val k = Val("next_token"), v;
  int rc = mdb_get(txn, t_.meta, &k, &v);
  if (rc == MDB_NOTFOUND) {
    next_token_ = 1;
    return 0;
  }
  if (rc) return rc;
  next_token_ = FromBigEndian32(View(v));
  return 0;
}

int FuzzyIndexWriter::TokenId(MDB_txn* txn, const std::string& key, uint32_t* id) {
  auto it = cache_.find(key);
  if (it != cache_.end()) {
    *id = it->second;
    return 0;
  }
  std::string vkey = VocabKey(key);
  MDB_val k = Val(vkey), v;
  int rc = mdb_get(txn, t_.vocab, &k, &v);
  if (rc == 0) {
    *id = FromBigEndian32(View(v));
  } else if (rc == MDB_NOTFOUND) {
    if (next_token_ >= kUnknownTokenBase) return MDB_MAP_FULL;  // 4 billion tokens
    *id = next_token_++;
    new_tokens_.emplace_back(vkey, *id);
  } else {
    return rc;
  }
  cache_.emplace(key, *id);
  return 0;
}

int FuzzyIndexWriter::Add(MDB_txn* txn, uint64_t id, const std::vector<VariantTokens>& variants) {
  // Variants grouped by primary language, in key order (the token records are appended).
  std::vector<std::pair<std::string, const VariantTokens*>> order;
  order.reserve(variants.size());
  for (const VariantTokens& v : variants) order.emplace_back(PrimaryLanguage(v.lang), &v);
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<uint32_t> ids;
  for (size_t i = 0; i < order.size();) {
    const std::string& primary = order[i].first;
    record_.clear();
    size_t first_posting = postings_.size();
    for (; i < order.size() && order[i].first == primary; ++i) {
      const VariantTokens& v = *order[i].second;
      ids.clear();
      for (const std::string& key : v.keys) {
        uint32_t tid = 0;
        if (int rc = TokenId(txn, key, &tid)) return rc;
        ids.push_back(tid);
      }
      PutVarint(v.lang.size(), &record_);
      record_ += v.lang;
      PutVarint(ids.size(), &record_);
      for (uint32_t tid : ids) PutVarint(tid, &record_);
      uint8_t bucket = LengthBucket(static_cast<uint32_t>(ids.size()));
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      for (uint32_t tid : ids) postings_.emplace_back(PostingKey(tid, bucket, primary), id);
    }
    // Two variants of one language may share postings.
    std::sort(postings_.begin() + first_posting, postings_.end());
    postings_.erase(std::unique(postings_.begin() + first_posting, postings_.end()),
                    postings_.end());
    std::string key = TokensKey(id, primary);
    MDB_val k = Val(key), v = Val(record_);
    int rc = mdb_put(txn, t_.tokens, &k, &v, MDB_APPEND);
    if (rc == MDB_KEYEXIST) rc = mdb_put(txn, t_.tokens, &k, &v, 0);  // an id reused after a discard
    if (rc) return rc;
    dirty_pages_ += (record_.size() + key.size() + 16) / 4096 + ((id & 63) == 0);
  }
  if (postings_.size() >= kFlushPostings) return Flush(txn);
  return 0;
}

int FuzzyIndexWriter::Flush(MDB_txn* txn) {
  int rc = 0;
  if (!new_tokens_.empty()) {
    std::sort(new_tokens_.begin(), new_tokens_.end());
    for (const auto& [key, id] : new_tokens_) {
      std::string idkey = BigEndian32(id);
      MDB_val k = Val(key), v = Val(idkey);
      if ((rc = mdb_put(txn, t_.vocab, &k, &v, 0))) return rc;
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
    for (const auto& [key, id] : new_tokens_) {
      std::string fold = VocabKey(AccentFold(key)), idkey = BigEndian32(id);
      MDB_val k = Val(fold), v = Val(idkey);
      rc = mdb_put(txn, t_.vocab_fold, &k, &v, MDB_NODUPDATA);
      if (rc && rc != MDB_KEYEXIST) return rc;
    }
    dirty_pages_ += new_tokens_.size() * 96 / 4096 + 1;
    new_tokens_.clear();
    std::string next = BigEndian32(next_token_);
    MDB_val k = Val("next_token"), v = Val(next);
    if ((rc = mdb_put(txn, t_.meta, &k, &v, 0))) return rc;
  }
  if (!postings_.empty()) {
    std::sort(postings_.begin(), postings_.end());
    Cursor c;
    if ((rc = c.Open(txn, t_.postings))) return rc;
    uint64_t distinct = 0;
    const std::string* last = nullptr;
    for (const auto& [key, id] : postings_) {
      if (!last || *last != key) ++distinct;
      last = &key;
      std::string idv = BigEndian64(id);
      MDB_val k = Val(key), v = Val(idv);
      // Ids grow, so a posting goes at the end of its list.
      rc = mdb_cursor_put(c.get(), &k, &v, MDB_APPENDDUP);
      if (rc == MDB_KEYEXIST) rc = mdb_cursor_put(c.get(), &k, &v, MDB_NODUPDATA);
      if (rc && rc != MDB_KEYEXIST) return rc;
    }
    MDB_stat st;
    mdb_stat(txn, t_.postings, &st);
    uint64_t tree_pages = st.ms_leaf_pages + st.ms_branch_pages + 1;
    // Each list touched dirties its last page (and the tree's leaf holding it).
    dirty_pages_ += std::min(distinct, tree_pages) + distinct / 8 + postings_.size() * 8 / 4096;
    postings_.clear();
  }
  if (cache_.size() > kMaxCache) cache_.clear();  // all flushed: LMDB has them
  return 0;
}

int RemoveFromFuzzyIndex(MDB_txn* txn, const FuzzyTables& t, uint64_t id) {
  const std::string prefix = BigEndian64(id);
  std::vector<StoredVariant> variants;
  while (true) {
    Cursor c;
    int rc = c.Open(txn, t.tokens);
    if (rc) return rc;
    MDB_val k = Val(prefix), v;
    rc = mdb_cursor_get(c.get(), &k, &v, MDB_SET_RANGE);
    if (rc == MDB_NOTFOUND) return 0;
    if (rc) return rc;
    std::string_view key = View(k);
    if (!key.starts_with(prefix)) return 0;
    std::string primary(key.substr(8));
    if (DecodeTokenRecord(View(v), &variants)) {
      for (StoredVariant& sv : variants) {
        uint8_t bucket = LengthBucket(static_cast<uint32_t>(sv.ids.size()));
        std::sort(sv.ids.begin(), sv.ids.end());
        sv.ids.erase(std::unique(sv.ids.begin(), sv.ids.end()), sv.ids.end());
        for (uint32_t tid : sv.ids) {
          std::string pk = PostingKey(tid, bucket, primary);
          MDB_val pkv = Val(pk), pv = Val(prefix);
          rc = mdb_del(txn, t.postings, &pkv, &pv);
          if (rc && rc != MDB_NOTFOUND) return rc;
        }
      }
    }
    if ((rc = mdb_cursor_del(c.get(), 0))) return rc;
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
  const uint8_t bmin = LengthBucket(lmin), bmax = LengthBucket(lmax);

  Cursor c;
  int rc = c.Open(txn, t.postings);
  if (rc) return std::unexpected(LmdbError(rc, "reading the fuzzy index"));
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
        for (int b = bmin; b <= bmax; ++b) {
          uint64_t n = 0;
          if ((rc = CountPostings(c.get(), PostingKey(p.id, static_cast<uint8_t>(b), primary),
                                  &n))) {
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
  for (size_t i = 0; i < chosen; ++i) {
    for (int b = bmin; b <= bmax; ++b) {
      Run run{{}, probes[i].multiplicity};
      if ((rc = ReadPostings(c.get(), PostingKey(probes[i].id, static_cast<uint8_t>(b), primary),
                             hide_from, &run.ids))) {
        return std::unexpected(LmdbError(rc, "reading the fuzzy index"));
      }
      if (counters) counters->postings_read += run.ids.size();
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

// Calls fn(key, cursor) for every postings key of token `id` (any bucket) in
// language `primary` (any when empty).
template <typename Fn>
int ForEachPostingKey(MDB_cursor* c, uint32_t id, std::string_view primary, Fn fn) {
  const std::string prefix = BigEndian32(id);
  MDB_val k = Val(prefix), v;
  int rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
  for (; rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT_NODUP)) {
    std::string_view key = View(k);
    if (!key.starts_with(prefix)) return 0;
    if (!primary.empty() && key.substr(5) != primary) continue;
    std::string copy(key);
    if ((rc = fn(copy))) return rc;
    // fn moved the cursor: put it back on this key.
    MDB_val back = Val(copy);
    if ((rc = mdb_cursor_get(c, &back, &v, MDB_SET_KEY))) return rc;
  }
  return rc == MDB_NOTFOUND ? 0 : rc;
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
                                            uint64_t hide_from, size_t max_checked,
                                            uint64_t* total, bool* exact) {
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
  Cursor c;
  int rc = c.Open(txn, t.postings);
  if (rc) return fail(rc);
  // The position with the fewest postings gives the candidates.
  size_t rarest = 0;
  uint64_t rarest_df = UINT64_MAX;
  for (size_t i = 0; i < phrase.size(); ++i) {
    uint64_t df = 0;
    for (uint32_t id : accepted[i]) {
      rc = ForEachPostingKey(c.get(), id, primary, [&](const std::string&) {
        size_t n = 0;
        int r = mdb_cursor_count(c.get(), &n);
        df += n;
        return r;
      });
      if (rc) return fail(rc);
    }
    if (df < rarest_df) {
      rarest_df = df;
      rarest = i;
    }
  }
  std::vector<uint64_t> candidates;
  for (uint32_t id : accepted[rarest]) {
    rc = ForEachPostingKey(c.get(), id, primary, [&](const std::string& key) {
      return ReadPostings(c.get(), key, hide_from, &candidates);
    });
    if (rc) return fail(rc);
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
                                  const std::vector<VariantTokens>& expected,
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
    for (StoredVariant& sv : stored) {
      uint8_t bucket = LengthBucket(static_cast<uint32_t>(sv.ids.size()));
      std::sort(sv.ids.begin(), sv.ids.end());
      sv.ids.erase(std::unique(sv.ids.begin(), sv.ids.end()), sv.ids.end());
      for (uint32_t tid : sv.ids) seen_.insert(PostingHash(PostingKey(tid, bucket, primary), id));
    }
    for (uint64_t h : seen_) {
      expected_sum_ += h;
      ++expected_count_;
    }
    seen_.clear();
  }
}

void FuzzyIndexChecker::Finish(MDB_txn* txn, std::vector<std::string>* problems,
                               uint64_t* entries) {
  MDB_stat st;
  mdb_stat(txn, t_.tokens, &st);
  if (st.ms_entries != records_) {
    problems->push_back("the fuzzy index has " + std::to_string(st.ms_entries) +
                        " token records, expected " + std::to_string(records_));
  }
  uint64_t sum = 0, count = 0;
  Cursor c;
  if (c.Open(txn, t_.postings) != 0) {
    problems->push_back("the fuzzy index's postings cannot be read");
    return;
  }
  MDB_val k, v;
  int rc;
  for (rc = mdb_cursor_get(c.get(), &k, &v, MDB_FIRST); rc == 0;
       rc = mdb_cursor_get(c.get(), &k, &v, MDB_NEXT)) {
    sum += PostingHash(View(k), FromBigEndian64(View(v)));
    ++count;
  }
  *entries += count + st.ms_entries;
  if (rc != MDB_NOTFOUND) {
    problems->push_back("the fuzzy index's postings cannot be read: " +
                        std::string(mdb_strerror(rc)));
  } else if (count != expected_count_ || sum != expected_sum_) {
    problems->push_back("the fuzzy index's postings (" + std::to_string(count) +
                        ") do not match its token records (" + std::to_string(expected_count_) +
                        " expected)");
  }
}

}  // namespace tmkit::internal
