#include "term_store.h"

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "lmdb_util.h"
#include "tmkit/core/language.h"
#include "tmkit/core/text.h"

namespace tmkit::internal {
namespace {

constexpr uint8_t kRecordVersion = 1;
constexpr size_t kMaxKeyPart = 400;  // LMDB keys are at most 511 bytes

// --- Record encoding: varint lengths, fields in a fixed order, a checksum. ---

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}
void PutString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}
void PutI64(std::string* out, int64_t v) { out->append(BigEndian64(static_cast<uint64_t>(v))); }
void PutProps(std::string* out, const std::vector<Prop>& props) {
  PutVarint(out, props.size());
  for (const Prop& p : props) {
    PutString(out, p.type);
    PutString(out, p.text);
    PutString(out, p.lang);
    PutString(out, p.encoding);
  }
}
void PutProvenance(std::string* out, const Provenance& p) {
  PutI64(out, p.creation_date);
  PutI64(out, p.change_date);
  PutString(out, p.creation_id);
  PutString(out, p.change_id);
}

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return Fail();
      auto b = static_cast<unsigned char>(in_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    return Fail();
  }
  std::string String() {
    uint64_t n = Varint();
    if (!ok_ || n > in_.size() - pos_) return Fail(), std::string();
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  int64_t I64() {
    if (in_.size() - pos_ < 8) return static_cast<int64_t>(Fail());
    int64_t v = static_cast<int64_t>(FromBigEndian64(in_.substr(pos_, 8)));
    pos_ += 8;
    return v;
  }
  uint8_t Byte() {
    if (pos_ >= in_.size()) return static_cast<uint8_t>(Fail());
    return static_cast<uint8_t>(in_[pos_++]);
  }
  // A count of items that each take at least one byte.
  uint64_t Count() {
    uint64_t n = Varint();
    if (n > in_.size() - pos_) return Fail();
    return n;
  }
  std::vector<Prop> Props() {
    std::vector<Prop> props(Count());
    for (Prop& p : props) {
      p.type = String();
      p.text = String();
      p.lang = String();
      p.encoding = String();
    }
    return props;
  }
  Provenance Prov() {
    Provenance p;
    p.creation_date = I64();
    p.change_date = I64();
    p.creation_id = String();
    p.change_id = String();
    return p;
  }
  bool AtEnd() const { return pos_ == in_.size(); }

 private:
  uint64_t Fail() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

std::string BigEndian16(uint16_t v) {
  return std::string{static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)};
}

std::string KeyPrefix(std::string_view lang) { return PrimaryLanguage(lang) + '\0'; }

// One collator per language per thread (ICU collators are not thread-safe).
icu::Collator* CollatorFor(const std::string& primary) {
  thread_local std::unordered_map<std::string, std::unique_ptr<icu::Collator>> cache;
  auto it = cache.find(primary);
  if (it != cache.end()) return it->second.get();
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Collator> c(icu::Collator::createInstance(icu::Locale(primary.c_str()), status));
  if (U_FAILURE(status)) c.reset();
  if (c) c->setStrength(icu::Collator::SECONDARY);  // case-insensitive, accents count
  return cache.emplace(primary, std::move(c)).first->second.get();
}

std::string CollatorVersion(const std::string& primary) {
  icu::Collator* c = CollatorFor(primary);
  if (!c) return "none";
  UVersionInfo v;
  c->getVersion(v);
  return std::string(reinterpret_cast<const char*>(v), U_MAX_VERSION_LENGTH);
}

std::string SortKey(const std::string& primary, std::string_view text) {
  icu::Collator* c = CollatorFor(primary);
  if (!c) return std::string(text.substr(0, kMaxKeyPart));
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  uint8_t buf[kMaxKeyPart];
  int32_t n = c->getSortKey(u, buf, sizeof buf);
  n = std::min<int32_t>(n, static_cast<int32_t>(sizeof buf));
  // The key ends with a 0 byte; keep it as the separator before the id.
  return std::string(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

std::string SortPrefix(const std::string& primary, std::string_view text) {
  return primary + '\0' + SortKey(primary, text);
}

std::string SortRecordKey(const std::string& primary, std::string_view text, uint64_t id,
                          uint16_t term) {
  return SortPrefix(primary, text) + BigEndian64(id) + BigEndian16(term);
}

std::string DedupKey(const TermEntry& entry) {
  std::vector<std::string> parts;
  for (const Term& t : entry.terms) parts.push_back(t.lang + '\0' + t.text);
  std::sort(parts.begin(), parts.end());
  std::string all;
  for (const std::string& p : parts) all += p + '\x01';
  return BigEndian64(Hash64(all));
}

int AddCounter(MDB_txn* txn, MDB_dbi meta, const std::string& name, int64_t delta) {
  uint64_t v = ReadCounter(txn, meta, name) + static_cast<uint64_t>(delta);
  std::string value = BigEndian64(v);
  MDB_val k = Val(name), d = Val(value);
  return mdb_put(txn, meta, &k, &d, 0);
}

int PutSortKeys(MDB_txn* txn, const TermTables& t, uint64_t id, const TermEntry& entry,
                const std::string* only_primary) {
  for (size_t i = 0; i < entry.terms.size(); ++i) {
    std::string primary = PrimaryLanguage(entry.terms[i].lang);
    if (only_primary && primary != *only_primary) continue;
    std::string key = SortRecordKey(primary, entry.terms[i].text, id, static_cast<uint16_t>(i));
    MDB_val k = Val(key), v = Val("");
    if (int rc = mdb_put(txn, t.sort, &k, &v, 0)) return rc;
  }
  return 0;
}

}  // namespace

uint64_t ReadCounter(MDB_txn* txn, MDB_dbi meta, std::string_view name) {
  MDB_val k = Val(name), v;
  if (mdb_get(txn, meta, &k, &v) != 0 || v.mv_size != 8) return 0;
  return FromBigEndian64(View(v));
}

std::string EncodeEntry(const TermEntry& e) {
  std::string out(1, static_cast<char>(kRecordVersion));
  PutString(&out, e.entry_id);
  PutString(&out, e.subject);
  PutString(&out, e.definition);
  PutString(&out, e.note);
  PutProvenance(&out, e.provenance);
  PutProps(&out, e.extra);
  PutString(&out, e.origin);
  PutVarint(&out, e.terms.size());
  for (const Term& t : e.terms) {
    PutString(&out, t.lang);
    PutString(&out, t.text);
    PutVarint(&out, t.forms.size());
    for (const std::string& f : t.forms) PutString(&out, f);
    out.push_back(t.case_sensitive ? 1 : 0);
    PutString(&out, t.part_of_speech);
    out.push_back(static_cast<char>(t.status));
    PutString(&out, t.definition);
    PutString(&out, t.context);
    PutString(&out, t.note);
    PutString(&out, t.source);
    PutProps(&out, t.extra);
  }
  out.append(BigEndian64(Hash64(out)));
  return out;
}

Status DecodeEntry(uint64_t id, std::string_view record, TermEntry* e) {
  auto damaged = [&](const std::string& why) {
    return Corruption("term entry " + std::to_string(id) + " is damaged (" + why +
                      "); restore a backup (tmkit backup) or re-import its glossary");
  };
  if (record.size() < 9) return damaged("too short");
  std::string_view body = record.substr(0, record.size() - 8);
  if (FromBigEndian64(record.substr(record.size() - 8)) != Hash64(body)) {
    return damaged("checksum mismatch");
  }
  Reader r(body);
  if (r.Byte() != kRecordVersion) return damaged("unknown record version");
  *e = TermEntry{};
  e->id = id;
  e->entry_id = r.String();
  e->subject = r.String();
  e->definition = r.String();
  e->note = r.String();
  e->provenance = r.Prov();
  e->extra = r.Props();
  e->origin = r.String();
  e->terms.resize(r.Count());
  for (Term& t : e->terms) {
    t.lang = r.String();
    t.text = r.String();
    t.forms.resize(r.Count());
    for (std::string& f : t.forms) f = r.String();
    t.case_sensitive = r.Byte() != 0;
    t.part_of_speech = r.String();
    uint8_t status = r.Byte();
    if (status > static_cast<uint8_t>(TermStatus::kForbidden)) return damaged("bad status");
    t.status = static_cast<TermStatus>(status);
    t.definition = r.String();
    t.context = r.String();
    t.note = r.String();
    t.source = r.String();
    t.extra = r.Props();
  }
  if (!r.ok() || !r.AtEnd()) return damaged("truncated record");
  return {};
}

namespace {

// The primary languages that have terms, from the counters.
int TermLanguages(MDB_txn* txn, const TermTables& t, std::vector<std::string>* languages) {
  MDB_cursor* c = nullptr;
  if (int rc = mdb_cursor_open(txn, t.meta, &c)) return rc;
  const std::string prefix = "term_lang|";
  MDB_val k = Val(prefix), v;
  int rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
  for (; rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
    std::string_view name = View(k);
    if (!name.starts_with(prefix)) break;
    std::string primary = PrimaryLanguage(name.substr(prefix.size()));
    if (std::find(languages->begin(), languages->end(), primary) == languages->end()) {
      languages->push_back(primary);
    }
  }
  mdb_cursor_close(c);
  return rc == MDB_NOTFOUND ? 0 : rc;
}

// Drops one language's sort keys and writes them anew with today's collator.
int RebuildSortKeys(MDB_txn* txn, const TermTables& t, const std::string& primary) {
  MDB_cursor* c = nullptr;
  if (int rc = mdb_cursor_open(txn, t.sort, &c)) return rc;
  std::string prefix = primary + '\0';
  MDB_val sk = Val(prefix), sv;
  int rc = mdb_cursor_get(c, &sk, &sv, MDB_SET_RANGE);
  while (rc == 0 && View(sk).starts_with(prefix)) {
    if ((rc = mdb_cursor_del(c, 0))) break;
    rc = mdb_cursor_get(c, &sk, &sv, MDB_GET_CURRENT);
  }
  mdb_cursor_close(c);
  if (rc && rc != MDB_NOTFOUND && rc != EINVAL) return rc;
  if ((rc = mdb_cursor_open(txn, t.entries, &c))) return rc;
  MDB_val ek, ev;
  for (rc = mdb_cursor_get(c, &ek, &ev, MDB_FIRST); rc == 0;
       rc = mdb_cursor_get(c, &ek, &ev, MDB_NEXT)) {
    TermEntry entry;
    uint64_t id = FromBigEndian64(View(ek));
    if (!DecodeEntry(id, View(ev), &entry)) continue;  // verify reports it
    if ((rc = PutSortKeys(txn, t, id, entry, &primary))) break;
  }
  mdb_cursor_close(c);
  return rc == MDB_NOTFOUND ? 0 : rc;
}

std::string CollatorMetaKey(const std::string& primary) { return "collator|" + primary; }

}  // namespace

int RefreshSortIndex(MDB_txn* txn, const TermTables& t) {
  std::vector<std::string> languages;
  if (int rc = TermLanguages(txn, t, &languages)) return rc;
  for (const std::string& primary : languages) {
    std::string name = CollatorMetaKey(primary);
    std::string version = CollatorVersion(primary);
    MDB_val k = Val(name), v;
    if (mdb_get(txn, t.meta, &k, &v) == 0 && View(v) == version) continue;
    if (int rc = RebuildSortKeys(txn, t, primary)) return rc;
    MDB_val vv = Val(version);
    if (int rc = mdb_put(txn, t.meta, &k, &vv, 0)) return rc;
  }
  return 0;
}

int TermWriter::Begin() {
  // Existing sort keys made by another collator are rebuilt first, so that
  // every key of a language is current once this import has written its own.
  if (int rc = RefreshSortIndex(txn_, t_)) return rc;
  next_id_ = std::max<uint64_t>(ReadCounter(txn_, t_.meta, "term_next"), 1);
  return 0;
}

int TermWriter::Put(PreparedEntry& prepared, bool merge, bool* added) {
  *added = false;
  const TermEntry& entry = prepared.entry;
  const std::string& dedup = prepared.dedup_key;
  if (merge) {
    if (dedup_.count(dedup)) return 0;
    MDB_val dk = Val(dedup), dv;
    if (int rc = mdb_get(txn_, t_.dedup, &dk, &dv); rc == 0) return 0;
    else if (rc != MDB_NOTFOUND) return rc;
  }
  const uint64_t id = next_id_++;
  std::string key = BigEndian64(id);
  std::string record = EncodeEntry(entry);
  MDB_val k = Val(key), v = Val(record);
  if (int rc = mdb_put(txn_, t_.entries, &k, &v, MDB_APPEND)) return rc;
  for (size_t i = 0; i < prepared.keys.size(); ++i) {
    std::string& sk = prepared.keys[i].word_key;  // prefixed by FinishPreparing
    if (sk.empty()) continue;
    KeyRecord r;
    char head[16] = {};
    std::memcpy(head, sk.data(), std::min<size_t>(sk.size(), 16));
    r.head[0] = FromBigEndian64(std::string_view(head, 8));
    r.head[1] = FromBigEndian64(std::string_view(head + 8, 8));
    r.key = std::move(sk);
    r.id = id;
    r.term = prepared.keys[i].term;
    r.kind = prepared.keys[i].whole ? 0 : 1;
    keys_.Add(std::move(r));
  }
  for (size_t i = 0; i < entry.terms.size(); ++i) {
    sort_keys_.Add(prepared.sort_keys[i] + key + BigEndian16(static_cast<uint16_t>(i)));
    auto it = std::find_if(lang_counts_.begin(), lang_counts_.end(),
                           [&](const auto& c) { return c.first == entry.terms[i].lang; });
    if (it == lang_counts_.end()) {
      lang_counts_.emplace_back(entry.terms[i].lang, 1);
    } else {
      ++it->second;
    }
  }
  ++added_;
  dedup_.emplace(dedup, id);
  *added = true;
  return 0;
}

namespace {

// Puts sorted records into `dbi`; into an empty table they are appended
// (MDB_APPEND / MDB_APPENDDUP: no search, pages filled in order). Equal
// neighbours are written once.
template <typename Record, typename KeyOf, typename ValueOf>
int PutSorted(MDB_txn* txn, MDB_dbi dbi, const std::vector<Record>& records, KeyOf key_of,
              ValueOf value_of, bool dupsort) {
  MDB_stat st;
  if (int rc = mdb_stat(txn, dbi, &st)) return rc;
  const unsigned flags = st.ms_entries != 0 ? (dupsort ? MDB_NODUPDATA : 0u)
                                            : (dupsort ? MDB_APPENDDUP : MDB_APPEND);
  MDB_cursor* c = nullptr;
  if (int rc = mdb_cursor_open(txn, dbi, &c)) return rc;
  int rc = 0;
  for (size_t i = 0; i < records.size() && rc == 0; ++i) {
    if (i > 0 && records[i] == records[i - 1]) continue;
    std::string_view key = key_of(records[i]);
    std::string value = value_of(records[i]);
    MDB_val k{key.size(), const_cast<char*>(key.data())};
    MDB_val v{value.size(), value.data()};
    rc = mdb_cursor_put(c, &k, &v, flags);
    if (rc == MDB_KEYEXIST && dupsort) rc = 0;  // the same key for the same term
  }
  mdb_cursor_close(c);
  return rc;
}

}  // namespace

int TermWriter::Finish() {
  // Index records go in key order: B-tree pages fill one after another
  // instead of being touched at random.
  // The two merges run side by side.
  std::vector<std::string> sort_keys;
  std::thread merger([&] { sort_keys = sort_keys_.Take(); });
  std::vector<KeyRecord> keys = keys_.Take();
  merger.join();
  if (int rc = PutSorted(
          txn_, t_.keys, keys, [](const KeyRecord& r) -> std::string_view { return r.key; },
          [](const KeyRecord& r) {
            return std::string(1, static_cast<char>(r.kind)) + BigEndian64(r.id) +
                   BigEndian16(r.term);
          },
          true)) {
    return rc;
  }
  if (int rc = PutSorted(
          txn_, t_.sort, sort_keys, [](const std::string& r) -> std::string_view { return r; },
          [](const std::string&) { return std::string(); }, false)) {
    return rc;
  }
  using KeyValue = std::pair<std::string, std::string>;
  std::vector<KeyValue> dedup;
  dedup.reserve(dedup_.size());
  for (const auto& [dk, id] : dedup_) dedup.emplace_back(dk, BigEndian64(id));
  std::sort(dedup.begin(), dedup.end());
  if (int rc = PutSorted(
          txn_, t_.dedup, dedup, [](const KeyValue& r) -> std::string_view { return r.first; },
          [](const KeyValue& r) { return r.second; }, false)) {
    return rc;
  }
  std::string next = BigEndian64(next_id_);
  MDB_val nk = Val("term_next"), nv = Val(next);
  if (int rc = mdb_put(txn_, t_.meta, &nk, &nv, 0)) return rc;
  if (int rc = AddCounter(txn_, t_.meta, "term_entries", added_)) return rc;
  for (const auto& [lang, n] : lang_counts_) {
    if (int rc = AddCounter(txn_, t_.meta, "term_lang|" + lang, n)) return rc;
  }
  // A language new to the base has only keys written just now: record the
  // collator that made them.
  std::vector<std::string> languages;
  if (int rc = TermLanguages(txn_, t_, &languages)) return rc;
  for (const std::string& primary : languages) {
    std::string name = CollatorMetaKey(primary);
    MDB_val k = Val(name), v;
    if (mdb_get(txn_, t_.meta, &k, &v) == 0) continue;
    std::string version = CollatorVersion(primary);
    MDB_val vv = Val(version);
    if (int rc = mdb_put(txn_, t_.meta, &k, &vv, 0)) return rc;
  }
  return 0;
}

int FindKeys(MDB_txn* txn, const TermTables& t, std::string_view lang, std::string_view word_key,
             const std::function<void(uint64_t, uint16_t)>& fn, bool* longer, bool and_longer) {
  if (longer) *longer = false;
  std::string key = KeyPrefix(lang) + std::string(word_key.substr(0, kMaxKeyPart));
  MDB_cursor* c = nullptr;
  if (int rc = mdb_cursor_open(txn, t.keys, &c)) return rc;
  MDB_val k = Val(key), v;
  int rc = mdb_cursor_get(c, &k, &v, MDB_SET);
  for (; rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT_DUP)) {
    std::string_view val = View(v);
    if (val.size() != 11) continue;
    if (val[0] != '\0') {  // the whole terms come first: the rest go on
      if (longer) *longer = true;
      if (!and_longer) break;
    }
    uint16_t term = static_cast<uint16_t>((static_cast<unsigned char>(val[9]) << 8) |
                                          static_cast<unsigned char>(val[10]));
    fn(FromBigEndian64(val.substr(1, 8)), term);
  }
  mdb_cursor_close(c);
  return rc == MDB_NOTFOUND ? 0 : rc;
}

int ForEachSorted(MDB_txn* txn, const TermTables& t, std::string_view lang,
                  const std::function<bool(uint64_t, uint16_t)>& fn) {
  std::string prefix = KeyPrefix(lang);
  MDB_cursor* c = nullptr;
  if (int rc = mdb_cursor_open(txn, t.sort, &c)) return rc;
  MDB_val k = Val(prefix), v;
  int rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
  for (; rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
    std::string_view key = View(k);
    if (!key.starts_with(prefix) || key.size() < prefix.size() + 10) break;
    std::string_view tail = key.substr(key.size() - 10);
    uint16_t term = static_cast<uint16_t>((static_cast<unsigned char>(tail[8]) << 8) |
                                          static_cast<unsigned char>(tail[9]));
    if (!fn(FromBigEndian64(tail.substr(0, 8)), term)) break;
  }
  mdb_cursor_close(c);
  return rc == MDB_NOTFOUND ? 0 : rc;
}

int VerifyTerms(MDB_txn* txn, const TermTables& t,
                const std::function<void(std::string)>& problem, uint64_t* entries) {
  *entries = 0;
  // Every walk is bounded (WalkBudget): a damaged tree must not keep it going forever.
  auto step = [&](WalkBudget& budget, const char* table) {
    if (budget.Step()) return true;
    problem(std::string("the term base's ") + table +
            " table is damaged: walking it does not end (a page is reached again)");
    return false;
  };
  // A walk ends at the table's end (MDB_NOTFOUND) or at its budget (a problem,
  // above); any other code is an error that stopped it.
  int rc = 0;
  auto walk_failed = [&](const WalkBudget& budget) {
    return !budget.exceeded() && rc != MDB_NOTFOUND;
  };
  // The records: each decodes; terms per entry and per language.
  std::unordered_map<uint64_t, size_t> terms_of;
  std::unordered_map<uint64_t, std::string> dedup_of;  // the duplicate key each entry gives
  std::map<std::string, uint64_t> per_language;
  // Languages whose sort keys were made by today's collator: their keys can be recomputed.
  std::map<std::string, bool> collator_current;
  uint64_t missing_sort = 0;
  std::string missing_sort_example;
  uint64_t total_terms = 0;
  MDB_cursor* c = nullptr;
  if ((rc = mdb_cursor_open(txn, t.entries, &c))) return rc;
  MDB_val k, v;
  WalkBudget entries_budget(txn, t.entries);
  for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0 && step(entries_budget, "entries");
       rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
    uint64_t id = FromBigEndian64(View(k));
    TermEntry entry;
    if (Status s = DecodeEntry(id, View(v), &entry); !s) {
      problem(s.error().message);
      terms_of[id] = 0;
      continue;
    }
    terms_of[id] = entry.terms.size();
    dedup_of[id] = DedupKey(entry);
    total_terms += entry.terms.size();
    for (const Term& term : entry.terms) ++per_language[term.lang];
    for (size_t i = 0; i < entry.terms.size(); ++i) {
      std::string primary = PrimaryLanguage(entry.terms[i].lang);
      auto current = collator_current.find(primary);
      if (current == collator_current.end()) {
        std::string name = CollatorMetaKey(primary);
        MDB_val ck = Val(name), cv;
        bool same = mdb_get(txn, t.meta, &ck, &cv) == 0 && View(cv) == CollatorVersion(primary);
        current = collator_current.emplace(primary, same).first;
      }
      if (!current->second) continue;  // rebuilt by the next term import
      std::string sk = SortRecordKey(primary, entry.terms[i].text, id, static_cast<uint16_t>(i));
      MDB_val sk_val = Val(sk), sv;
      if (mdb_get(txn, t.sort, &sk_val, &sv) != 0 && missing_sort++ == 0) {
        missing_sort_example = "'" + entry.terms[i].text + "' of entry " + std::to_string(id);
      }
    }
  }
  mdb_cursor_close(c);
  if (walk_failed(entries_budget)) return rc;
  if (missing_sort) {
    problem("the alphabetical index is missing " + std::to_string(missing_sort) + " terms (e.g. " +
            missing_sort_example + ")");
  }
  auto names_a_term = [&](uint64_t id, uint16_t term) {
    auto it = terms_of.find(id);
    return it != terms_of.end() && term < it->second;
  };
  // Recognition keys: each names a stored term.
  uint64_t bad_keys = 0;
  if ((rc = mdb_cursor_open(txn, t.keys, &c))) return rc;
  WalkBudget keys_budget(txn, t.keys);
  for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0 && step(keys_budget, "keys");
       rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
    std::string_view val = View(v);
    if (val.size() != 11 ||
        !names_a_term(FromBigEndian64(val.substr(1, 8)),
                      static_cast<uint16_t>((static_cast<unsigned char>(val[9]) << 8) |
                                            static_cast<unsigned char>(val[10])))) {
      ++bad_keys;
    }
  }
  mdb_cursor_close(c);
  if (walk_failed(keys_budget)) return rc;
  if (bad_keys) problem(std::to_string(bad_keys) + " term index keys name no stored term");
  // Sort keys: one a term, each naming it.
  uint64_t sort_keys = 0, bad_sort = 0;
  if ((rc = mdb_cursor_open(txn, t.sort, &c))) return rc;
  WalkBudget sort_budget(txn, t.sort);
  for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0 && step(sort_budget, "sort");
       rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
    std::string_view key = View(k);
    ++sort_keys;
    if (key.size() < 10) {
      ++bad_sort;
      continue;
    }
    std::string_view tail = key.substr(key.size() - 10);
    if (!names_a_term(FromBigEndian64(tail.substr(0, 8)),
                      static_cast<uint16_t>((static_cast<unsigned char>(tail[8]) << 8) |
                                            static_cast<unsigned char>(tail[9])))) {
      ++bad_sort;
    }
  }
  mdb_cursor_close(c);
  if (walk_failed(sort_budget)) return rc;
  if (bad_sort) problem(std::to_string(bad_sort) + " alphabetical index keys name no stored term");
  if (sort_keys != total_terms) {
    problem("the alphabetical index has " + std::to_string(sort_keys) + " keys for " +
            std::to_string(total_terms) + " terms");
  }
  // Counters and the duplicate index.
  if (ReadCounter(txn, t.meta, "term_entries") != terms_of.size()) {
    problem("the term entry counter does not match the " + std::to_string(terms_of.size()) +
            " entries stored");
  }
  for (const auto& [lang, n] : per_language) {
    if (ReadCounter(txn, t.meta, "term_lang|" + lang) != n) {
      problem("the term counter of " + lang + " does not match the terms stored");
    }
  }
  MDB_stat st;
  if (mdb_stat(txn, t.dedup, &st) == 0 && st.ms_entries != terms_of.size()) {
    problem("the term duplicate index has " + std::to_string(st.ms_entries) + " keys for " +
            std::to_string(terms_of.size()) + " entries");
  }
  // Each duplicate key names an entry that gives it.
  if ((rc = mdb_cursor_open(txn, t.dedup, &c))) return rc;
  uint64_t bad_dedup = 0;
  std::string bad_dedup_example;
  WalkBudget dedup_budget(txn, t.dedup);
  for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0 && step(dedup_budget, "dedup");
       rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
    uint64_t id = v.mv_size == 8 ? FromBigEndian64(View(v)) : 0;
    auto it = dedup_of.find(id);
    if (it == dedup_of.end() || it->second != View(k)) {
      if (bad_dedup++ == 0) bad_dedup_example = std::to_string(id);
    }
  }
  mdb_cursor_close(c);
  if (walk_failed(dedup_budget)) return rc;
  if (bad_dedup) {
    problem("the term duplicate index has " + std::to_string(bad_dedup) +
            " keys that name no stored entry with those terms (e.g. one for entry " +
            bad_dedup_example + ")");
  }
  *entries = terms_of.size();
  return 0;
}

}  // namespace tmkit::internal

namespace tmkit {

Status FinishPreparing(PreparedEntry* prepared) {
  TermEntry& entry = prepared->entry;
  if (entry.terms.empty()) {
    return InvalidInput("a term entry without terms" +
                        (entry.entry_id.empty() ? std::string() : " (" + entry.entry_id + ")"));
  }
  if (entry.terms.size() > 60000) return ResourceLimit("a term entry with more than 60,000 terms");
  prepared->sort_keys.clear();
  prepared->sort_keys.reserve(entry.terms.size());
  for (Term& t : entry.terms) {
    Result<std::string> tag = NormalizeLanguageTag(t.lang);
    if (!tag) return std::unexpected(tag.error());
    t.lang = *tag;
    if (!IsValidUtf8(t.text)) return InvalidInput("a term that is not UTF-8");
    t.text = ToNfc(t.text);
    for (std::string& f : t.forms) f = ToNfc(f);
    prepared->sort_keys.push_back(internal::SortPrefix(PrimaryLanguage(t.lang), t.text));
  }
  // The index keys as stored: the language, then the word keys.
  std::vector<std::string> prefixes(entry.terms.size());
  for (TermIndexKey& ik : prepared->keys) {
    if (ik.term >= entry.terms.size() || ik.word_key.empty()) {
      ik.word_key.clear();
      continue;
    }
    std::string& prefix = prefixes[ik.term];
    if (prefix.empty()) prefix = internal::KeyPrefix(entry.terms[ik.term].lang);
    if (ik.word_key.size() > internal::kMaxKeyPart) ik.word_key.resize(internal::kMaxKeyPart);
    ik.word_key.insert(0, prefix);
  }
  prepared->dedup_key = internal::DedupKey(entry);
  prepared->finished = true;
  return {};
}

}  // namespace tmkit
