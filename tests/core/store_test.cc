#include "tmkit/core/store.h"

#include <gtest/gtest.h>
#include <lmdb.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "test_util.h"
#include "tmkit/core/lookup.h"
#include "tmkit/core/text.h"

namespace tmkit {
namespace {

using testing::TempDir;

TranslationUnit Unit(const std::string& en, const std::string& uk) {
  TranslationUnit u;
  u.source_lang = "en";
  u.variants.push_back(Variant{.lang = "en", .segment = {en, {}}});
  u.variants.push_back(Variant{.lang = "uk", .segment = {uk, {}}});
  return u;
}

class StoreTest : public ::testing::Test {
 protected:
  Store Open(StoreOptions options = {}) {
    Result<Store> s = Store::Open(dir_.path() / "store", options);
    EXPECT_TRUE(s) << s.error().message;
    return std::move(*s);
  }

  Result<ImportStats> Import(Store& store, const std::vector<TranslationUnit>& units,
                             const std::string& origin = "test.tmx") {
    return store.Import({.origin_path = origin}, [&](UnitSink& sink) -> Status {
      for (const TranslationUnit& u : units) {
        if (Status s = sink.Add(u); !s) return s;
      }
      return {};
    });
  }

  std::vector<TranslationUnit> All(const Store& store) {
    std::vector<TranslationUnit> out;
    EXPECT_TRUE(store.ForEach([&](const TranslationUnit& u) -> Status {
      out.push_back(u);
      return {};
    }));
    return out;
  }

  TempDir dir_;
};

TEST_F(StoreTest, ImportedUnitsReadBackEqual) {
  Store store = Open();
  TranslationUnit u = Unit("Kyiv is the capital.", "Київ — столиця.");
  u.tuid = "t1";
  u.props.push_back({.type = "x-domain", .text = "news"});
  u.notes.push_back({.text = "checked"});
  u.provenance.creation_date = 1022145120;
  u.variants[0].segment.codes.push_back(
      {.kind = CodeKind::kPlaceholder, .element = "ph", .data = {{"<br/>"}}, .offset = 4});
  ASSERT_TRUE(Import(store, {u}));
  std::vector<TranslationUnit> all = All(store);
  ASSERT_EQ(all.size(), 1u);
  u.id = all[0].id;
  u.origin = "test.tmx";
  EXPECT_EQ(all[0], u);
}

TEST_F(StoreTest, TextIsStoredInNfc) {
  Store store = Open();
  ASSERT_TRUE(Import(store, {Unit("Cafe\u0301", "Кафе\u0301")}));
  EXPECT_EQ(All(store)[0].variants[0].segment.text, "Caf\u00e9");
}

TEST_F(StoreTest, LanguageTagsAreNormalised) {
  Store store = Open();
  TranslationUnit u = Unit("a", "b");
  u.variants[0].lang = "EN_us";
  ASSERT_TRUE(Import(store, {u}));
  EXPECT_EQ(All(store)[0].variants[0].lang, "en-US");
}

TEST_F(StoreTest, DuplicatesMergeAndAreCounted) {
  Store store = Open();
  TranslationUnit a = Unit("Rescuers worked through the night.", "Рятувальники працювали всю ніч.");
  TranslationUnit b = a;
  b.notes.push_back({.text = "second file"});
  ASSERT_TRUE(Import(store, {a}));
  Result<ImportStats> stats = Import(store, {b, b, Unit("Other.", "Інше.")});
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->read, 3u);
  EXPECT_EQ(stats->added, 1u);
  EXPECT_EQ(stats->merged, 2u);
  std::vector<TranslationUnit> all = All(store);
  ASSERT_EQ(all.size(), 2u);
  ASSERT_EQ(all[0].notes.size(), 1u);
  EXPECT_EQ(all[0].notes[0].text, "second file");
}

TEST_F(StoreTest, DifferentTranslationsAreNotDuplicates) {
  Store store = Open();
  Result<ImportStats> stats =
      Import(store, {Unit("Kyiv", "Київ"), Unit("Kyiv", "м. Київ"), Unit("kyiv", "Київ")});
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->added, 3u);
  EXPECT_EQ(stats->merged, 0u);
}

TEST_F(StoreTest, FailedImportLeavesTheStoreAsItWas) {
  Store store = Open();
  ASSERT_TRUE(Import(store, {Unit("One.", "Один.")}, "first.tmx"));
  Result<ImportStats> failed =
      store.Import({.origin_path = "bad.tmx"}, [&](UnitSink& sink) -> Status {
        for (int i = 0; i < 5000; ++i) {
          if (Status s = sink.Add(Unit("Unit " + std::to_string(i), "Од. " + std::to_string(i)));
              !s) {
            return s;
          }
        }
        return InvalidInput("bad.tmx:9999: the file is truncated");
      });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "bad.tmx:9999: the file is truncated");
  EXPECT_EQ(store.Stats()->units, 1u);
  EXPECT_EQ(store.Origins()->size(), 1u);
  EXPECT_TRUE(store.Verify()->ok());
  // The next import gets fresh ids after the rolled-back ones.
  ASSERT_TRUE(Import(store, {Unit("Two.", "Два.")}, "second.tmx"));
  EXPECT_EQ(store.Stats()->units, 2u);
}

TEST_F(StoreTest, InvalidUnitIsRejected) {
  Store store = Open();
  TranslationUnit empty;
  Result<ImportStats> r = Import(store, {empty});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  TranslationUnit bad_lang = Unit("a", "b");
  bad_lang.variants[1].lang = "not a tag";
  r = Import(store, {bad_lang});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("BCP 47"), std::string::npos);
  EXPECT_EQ(store.Stats()->units, 0u);
}

TEST_F(StoreTest, ExactIndexFindsByMatchKeyAndRegionalTags) {
  Store store = Open();
  TranslationUnit u = Unit("Donetsk Oblast", "Донецька область");
  u.variants[0].lang = "en-US";
  ASSERT_TRUE(Import(store, {u, Unit("Kharkiv", "Харків")}));
  Result<std::vector<TranslationUnit>> hits =
      store.FindByMatchKey("en", MatchKey("DONETSK  oblast"), 10);
  ASSERT_TRUE(hits);
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].variants[1].segment.text, "Донецька область");
  EXPECT_EQ(store.FindByMatchKey("en-GB", MatchKey("Donetsk Oblast"), 10)->size(), 0u);
  // Every variant is indexed: the Ukrainian side finds it too.
  EXPECT_EQ(store.FindByMatchKey("uk", MatchKey("донецька область"), 10)->size(), 1u);
}

TEST_F(StoreTest, DeleteRemovesUnitAndIndexEntries) {
  Store store = Open();
  ASSERT_TRUE(Import(store, {Unit("Alpha.", "Альфа."), Unit("Beta.", "Бета.")}));
  std::vector<TranslationUnit> all = All(store);
  ASSERT_TRUE(store.Delete({all[0].id}));
  EXPECT_EQ(store.Stats()->units, 1u);
  EXPECT_TRUE(store.FindByMatchKey("en", MatchKey("Alpha."), 10)->empty());
  EXPECT_TRUE(store.Verify()->ok()) << store.Verify()->problems[0];
  Status missing = store.Delete({all[1].id, 999});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store.Stats()->units, 1u);  // all or nothing
  // A deleted unit's text can be imported again (the duplicate index forgot it).
  Result<ImportStats> again = Import(store, {Unit("Alpha.", "Альфа.")});
  EXPECT_EQ(again->added, 1u);
}

TEST_F(StoreTest, StatsCountUnitsPerLanguagePair) {
  Store store = Open();
  TranslationUnit tri = Unit("Pyongyang", "Пхеньян");
  tri.variants.push_back(Variant{.lang = "ko", .segment = {"평양", {}}});
  ASSERT_TRUE(Import(store, {tri, Unit("Kyiv", "Київ")}));
  Result<StoreStats> st = store.Stats();
  ASSERT_TRUE(st);
  EXPECT_EQ(st->units, 2u);
  EXPECT_EQ(st->schema_version, kSchemaVersion);
  ASSERT_EQ(st->pairs.size(), 2u);
  EXPECT_EQ(st->pairs[0].source, "en");
  EXPECT_EQ(st->pairs[0].target, "uk");
  EXPECT_EQ(st->pairs[0].units, 2u);
  EXPECT_EQ(st->pairs[1].target, "ko");
  EXPECT_EQ(st->pairs[1].units, 1u);
  EXPECT_GT(st->file_bytes, 0u);
}

TEST_F(StoreTest, MapGrowsOnDemand) {
  // A 1 MiB map cannot hold this import; it must grow, never report MDB_MAP_FULL.
  Store store = Open({.initial_map_bytes = 1 << 20});
  std::vector<TranslationUnit> units;
  for (int i = 0; i < 20000; ++i) {
    units.push_back(Unit("Sentence number " + std::to_string(i) + " about the front line.",
                         "Речення номер " + std::to_string(i) + " про лінію фронту."));
  }
  Result<ImportStats> stats = Import(store, units);
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->added, 20000u);
  EXPECT_TRUE(store.Verify()->ok());
}

TEST_F(StoreTest, ReaderIsNotBlockedByARunningImport) {
  Store store = Open();
  ASSERT_TRUE(Import(store, {Unit("Before the import.", "До імпорту.")}));
  std::atomic<bool> importing{false}, release{false};
  std::thread writer([&] {
    Result<ImportStats> r = store.Import({.origin_path = "big.tmx"}, [&](UnitSink& sink) -> Status {
      for (int i = 0; i < 2000; ++i) {
        if (Status s = sink.Add(Unit("Big " + std::to_string(i), "Великий")); !s) return s;
      }
      importing = true;
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      return {};
    });
    EXPECT_TRUE(r);
  });
  while (!importing) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // The import holds its write transaction open: a lookup still runs and sees the old store.
  auto start = std::chrono::steady_clock::now();
  Result<std::vector<Match>> m =
      Lookup(store, Segment{"Before the import.", {}}, {.source_lang = "en", .target_lang = "uk"});
  ASSERT_TRUE(m);
  ASSERT_EQ(m->size(), 1u);
  EXPECT_EQ(store.Stats()->units, 1u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  release = true;
  writer.join();
  EXPECT_EQ(store.Stats()->units, 2001u);
}

TEST_F(StoreTest, ReopenedStoreKeepsUnitsAndOrigins) {
  {
    Store store = Open();
    ASSERT_TRUE(Import(store, {Unit("Kept.", "Збережено.")}, "kept.tmx"));
  }
  Store store = Open({.read_only = true});
  std::vector<TranslationUnit> all = All(store);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].origin, "kept.tmx");
  EXPECT_EQ((*store.Origins())[0].path, "kept.tmx");
}

TEST_F(StoreTest, MissingStoreIsNotFoundWithAHint) {
  Result<Store> s = Store::Open(dir_.path() / "nothing", {.create_if_missing = false});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
  EXPECT_NE(s.error().message.find("tmkit import"), std::string::npos);
}

TEST_F(StoreTest, NonLmdbFileIsReportedAsNotAStore) {
  std::filesystem::create_directories(dir_.path() / "store");
  testing::WriteFile((dir_.path() / "store" / "data.mdb").string(), std::string(8192, 'x'));
  Result<Store> s = Store::Open(dir_.path() / "store", {});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kCorruption);
}

TEST_F(StoreTest, BackupIsAConsistentStoreOfItsOwn) {
  Store store = Open();
  ASSERT_TRUE(Import(store, {Unit("Backed up.", "Резервна копія.")}));
  ASSERT_TRUE(store.Backup(dir_.path() / "copy"));
  Result<Store> copy = Store::Open(dir_.path() / "copy", {.read_only = true});
  ASSERT_TRUE(copy) << copy.error().message;
  EXPECT_EQ(All(*copy).size(), 1u);
  EXPECT_TRUE(copy->Verify()->ok());
  EXPECT_FALSE(store.Backup(dir_.path() / "copy"));  // not empty
}

std::vector<TranslationUnit> ManyUnits(int n, const std::string& tag) {
  std::vector<TranslationUnit> units;
  for (int i = 0; i < n; ++i) {
    units.push_back(Unit(tag + " sentence number " + std::to_string(i) + " from the front.",
                         tag + " речення номер " + std::to_string(i) + " з фронту."));
  }
  return units;
}

// Small batches make an import commit (hidden) several times before its end.
constexpr uint64_t kTinyBatches = 64 * 1024;

TEST_F(StoreTest, FailureAfterCommittedBatchesLeavesTheStoreAsItWas) {
  Store store = Open();
  ASSERT_TRUE(Import(store, {Unit("Kept.", "Збережено.")}, "first.tmx"));
  std::vector<TranslationUnit> units = ManyUnits(5000, "Lost");
  Result<ImportStats> failed = store.Import(
      {.origin_path = "bad.tmx", .batch_bytes = kTinyBatches}, [&](UnitSink& sink) -> Status {
        for (const TranslationUnit& u : units) {
          if (Status s = sink.Add(u); !s) return s;
        }
        return InvalidInput("bad.tmx:40000: the file ends inside <tu>");
      });
  ASSERT_FALSE(failed);
  Result<StoreStats> st = store.Stats();
  EXPECT_EQ(st->units, 1u);
  EXPECT_EQ(st->pending_units, 0u);
  EXPECT_EQ(store.Origins()->size(), 1u);
  Result<VerifyReport> report = store.Verify();
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->index_entries, 3u);  // 2 exact + 1 dedup: nothing of bad.tmx is left
  EXPECT_TRUE(store.FindByMatchKey("en", MatchKey(units[0].variants[0].segment.text), 5)->empty());
}

// verify tells how far it is: the units first, then the fuzzy index, each
// counting up to its total.
TEST_F(StoreTest, VerifyReportsProgressOverTheUnitsThenTheFuzzyIndex) {
  Store store = Open();
  ASSERT_TRUE(Import(store, ManyUnits(5000, "Progress")));
  std::vector<std::string> parts;
  uint64_t units_total = 0, last_done = 0;
  Result<VerifyReport> report =
      store.Verify([&](std::string_view part, uint64_t done, uint64_t total) {
        if (parts.empty() || parts.back() != part) {
          parts.emplace_back(part);
          last_done = 0;
        }
        EXPECT_LE(done, total) << part;
        EXPECT_GE(done, last_done) << part;
        last_done = done;
        if (part == "units") units_total = total;
      });
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(parts, (std::vector<std::string>{"units", "fuzzy index"}));
  EXPECT_EQ(units_total, 5000u);
}

TEST_F(StoreTest, CommittedBatchesStayHiddenUntilTheImportEnds) {
  Store store = Open();
  ASSERT_TRUE(Import(store, {Unit("Before.", "До.")}));
  std::vector<TranslationUnit> units = ManyUnits(4000, "Later");
  std::atomic<bool> halfway{false}, release{false};
  std::thread writer([&] {
    Result<ImportStats> r = store.Import(
        {.origin_path = "big.tmx", .batch_bytes = kTinyBatches}, [&](UnitSink& sink) -> Status {
          for (const TranslationUnit& u : units) {
            if (Status s = sink.Add(u); !s) return s;
          }
          halfway = true;
          while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
          return {};
        });
    EXPECT_TRUE(r) << r.error().message;
  });
  while (!halfway) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // Batches are committed, yet no reader sees them.
  Result<StoreStats> st = store.Stats();
  EXPECT_EQ(st->units, 1u);
  EXPECT_GT(st->pending_units, 0u);
  EXPECT_TRUE(store.FindByMatchKey("en", MatchKey(units[0].variants[0].segment.text), 5)->empty());
  size_t seen = 0;
  Status each = store.ForEach([&](const TranslationUnit&) -> Status {
    ++seen;
    return {};
  });
  EXPECT_TRUE(each) << each.error().message;
  EXPECT_EQ(seen, 1u);
  EXPECT_TRUE(store.Verify()->ok());
  release = true;
  writer.join();
  EXPECT_EQ(store.Stats()->units, 4001u);
  EXPECT_EQ(store.Stats()->pending_units, 0u);
  EXPECT_EQ(store.FindByMatchKey("en", MatchKey(units[0].variants[0].segment.text), 5)->size(), 1u);
}

TEST_F(StoreTest, MergesIntoOlderUnitsShowOnlyWhenTheImportCompletes) {
  Store store = Open();
  TranslationUnit x = Unit("Rescuers worked through the night.", "Рятувальники працювали всю ніч.");
  ASSERT_TRUE(Import(store, {x}, "first.tmx"));
  uint64_t id = All(store)[0].id;
  TranslationUnit noted = x;
  noted.notes.push_back({.text = "checked by the desk"});
  std::vector<TranslationUnit> units = ManyUnits(3000, "Filler");
  units.insert(units.begin() + 10, noted);
  auto run = [&](bool fail) {
    std::atomic<bool> halfway{false}, release{false};
    std::thread writer([&] {
      (void)store.Import({.origin_path = "second.tmx", .batch_bytes = kTinyBatches},
                         [&](UnitSink& sink) -> Status {
                           for (const TranslationUnit& u : units) {
                             if (Status s = sink.Add(u); !s) return s;
                           }
                           halfway = true;
                           while (!release)
                             std::this_thread::sleep_for(std::chrono::milliseconds(1));
                           if (fail) return InvalidInput("second.tmx:9: broken");
                           return {};
                         });
    });
    while (!halfway) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    // The merge is committed in a batch, but readers still see the unit as it was.
    EXPECT_TRUE(store.Get(id)->notes.empty());
    Result<std::vector<TranslationUnit>> hits =
        store.FindByMatchKey("en", MatchKey(x.variants[0].segment.text), 5);
    ASSERT_EQ(hits->size(), 1u);
    EXPECT_TRUE((*hits)[0].notes.empty());
    EXPECT_TRUE(All(store)[0].notes.empty());
    release = true;
    writer.join();
  };
  run(/*fail=*/true);
  EXPECT_TRUE(store.Get(id)->notes.empty());  // restored
  EXPECT_TRUE(store.Verify()->ok());
  run(/*fail=*/false);
  ASSERT_EQ(store.Get(id)->notes.size(), 1u);
  EXPECT_EQ(store.Get(id)->notes[0].text, "checked by the desk");
  EXPECT_EQ(store.Stats()->units, 3001u);
  EXPECT_TRUE(store.Verify()->ok());
}

TEST_F(StoreTest, KilledImportIsHiddenThenRemovedByTheNextImport) {
  {
    Store store = Open();
    ASSERT_TRUE(Import(store, {Unit("Kept.", "Збережено.")}));
  }
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child imports in small batches, then hangs until it is killed.
    Result<Store> s = Store::Open(dir_.path() / "store", {});
    if (!s) _exit(3);
    std::vector<TranslationUnit> units = ManyUnits(4000, "Killed");
    (void)s->Import({.origin_path = "killed.tmx", .batch_bytes = kTinyBatches},
                    [&](UnitSink& sink) -> Status {
                      for (const TranslationUnit& u : units) {
                        if (Status st = sink.Add(u); !st) return st;
                      }
                      testing::WriteFile((dir_.path() / "ready").string(), "1");
                      while (true) pause();
                    });
    _exit(4);
  }
  while (!std::filesystem::exists(dir_.path() / "ready")) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  Store store = Open();
  Result<StoreStats> st = store.Stats();
  EXPECT_EQ(st->units, 1u);
  EXPECT_GT(st->pending_units, 0u);
  Result<VerifyReport> report = store.Verify();
  EXPECT_TRUE(report->ok()) << report->problems[0];
  EXPECT_GT(report->pending_units, 0u);
  ASSERT_TRUE(Import(store, {Unit("Next.", "Наступне.")}, "next.tmx"));
  st = store.Stats();
  EXPECT_EQ(st->units, 2u);
  EXPECT_EQ(st->pending_units, 0u);
  report = store.Verify();
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->pending_units, 0u);
  EXPECT_EQ(report->index_entries, 6u);
}

// Rewrites one value in a named table of the store's LMDB environment, as a
// newer tmkit or a damaged disk would leave it.
void Tamper(const std::filesystem::path& dir, const char* table, const std::string& key,
            const std::function<void(std::string*)>& edit) {
  MDB_env* env = nullptr;
  ASSERT_EQ(mdb_env_create(&env), 0);
  mdb_env_set_maxdbs(env, 16);
  ASSERT_EQ(mdb_env_open(env, dir.c_str(), 0, 0644), 0);
  MDB_txn* txn = nullptr;
  ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), 0);
  MDB_dbi dbi;
  ASSERT_EQ(mdb_dbi_open(txn, table, 0, &dbi), 0);
  MDB_val k{key.size(), const_cast<char*>(key.data())}, v;
  ASSERT_EQ(mdb_get(txn, dbi, &k, &v), 0);
  std::string value(static_cast<char*>(v.mv_data), v.mv_size);
  edit(&value);
  MDB_val nv{value.size(), value.data()};
  ASSERT_EQ(mdb_put(txn, dbi, &k, &nv, 0), 0);
  ASSERT_EQ(mdb_txn_commit(txn), 0);
  mdb_env_close(env);
}

std::string UnitKey(uint64_t id) {
  std::string k(8, '\0');
  for (int i = 7; i >= 0; --i, id >>= 8) k[i] = static_cast<char>(id & 0xff);
  return k;
}

TEST_F(StoreTest, NewerSchemaIsRefusedNotMisread) {
  { Store store = Open(); }
  Tamper(dir_.path() / "store", "meta", "schema", [](std::string* v) { *v = "99"; });
  Result<Store> s = Store::Open(dir_.path() / "store", {});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kNotSupported);
  EXPECT_NE(s.error().message.find("schema version 99"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("upgrade tmkit"), std::string::npos);
}

TEST_F(StoreTest, FlippedByteInAUnitIsReportedAsDamaged) {
  uint64_t id = 0;
  {
    Store store = Open();
    ASSERT_TRUE(Import(store, {Unit("Intact.", "Ціле."), Unit("Damaged.", "Пошкоджене.")}));
    id = All(store)[1].id;
  }
  Tamper(dir_.path() / "store", "units", UnitKey(id), [](std::string* v) { (*v)[3] ^= 0x20; });
  Store store = Open({.read_only = true});
  Result<TranslationUnit> unit = store.Get(id);
  ASSERT_FALSE(unit);
  EXPECT_EQ(unit.error().code, ErrorCode::kCorruption);
  EXPECT_NE(unit.error().message.find("unit " + std::to_string(id)), std::string::npos);
  Result<VerifyReport> report = store.Verify();
  ASSERT_TRUE(report);
  ASSERT_FALSE(report->ok());
  EXPECT_NE(report->problems[0].find("checksum"), std::string::npos) << report->problems[0];
}


// --- verify checks every index ------------------------------------------------

// A store with units, a merge-free import of a second file and a term base,
// then one index entry changed directly through LMDB: verify must report it
// and name what is inconsistent.
class VerifyIndexTest : public StoreTest {
 protected:
  void SetUp() override {
    Store store = Open();
    ASSERT_TRUE(Import(store, {Unit("The bridge in Kharkiv was repaired.", "Міст у Харкові відремонтували."),
                               Unit("Rescuers worked through the night.", "Рятувальники працювали всю ніч."),
                               Unit("Schools reopened in Odesa.", "Школи знову відкрилися в Одесі.")}));
    ASSERT_TRUE(Import(store, {Unit("Power was restored in Lviv.", "Світло повернули у Львові.")},
                       "second.tmx"));
    Result<TermImportStats> terms =
        store.ImportTerms({.origin_path = "places.tbx"}, [](TermSink& sink) -> Status {
          for (auto [en, uk] : {std::pair{"Kharkiv", "Харків"}, std::pair{"Odesa", "Одеса"}}) {
            PreparedEntry p;
            p.entry.terms = {Term{.lang = "en", .text = en}, Term{.lang = "uk", .text = uk}};
            p.keys = {TermIndexKey{.term = 0, .word_key = ToLower(en), .whole = true}};
            if (Status s = sink.Add(std::move(p)); !s) return s;
          }
          return {};
        });
    ASSERT_TRUE(terms) << terms.error().message;
    Result<VerifyReport> report = store.Verify();
    ASSERT_TRUE(report);
    ASSERT_TRUE(report->ok()) << report->problems[0];
  }
  static std::string ToLower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  // Runs `edit` in a write transaction on `table` of the store's environment.
  void Edit(const char* table, const std::function<void(MDB_txn*, MDB_dbi)>& edit) {
    std::filesystem::path dir = dir_.path() / "store";
    MDB_env* env = nullptr;
    ASSERT_EQ(mdb_env_create(&env), 0);
    mdb_env_set_maxdbs(env, 32);
    mdb_env_set_mapsize(env, 1ull << 30);
    ASSERT_EQ(mdb_env_open(env, dir.c_str(), 0, 0644), 0);
    MDB_txn* txn = nullptr;
    ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), 0);
    MDB_dbi dbi;
    ASSERT_EQ(mdb_dbi_open(txn, table, 0, &dbi), 0) << table;
    edit(txn, dbi);
    ASSERT_EQ(mdb_txn_commit(txn), 0);
    mdb_env_close(env);
  }
  // Deletes the first record (the first value of the first key) of `table`.
  void DeleteFirst(const char* table) {
    Edit(table, [](MDB_txn* txn, MDB_dbi dbi) {
      MDB_cursor* c = nullptr;
      ASSERT_EQ(mdb_cursor_open(txn, dbi, &c), 0);
      MDB_val k, v;
      ASSERT_EQ(mdb_cursor_get(c, &k, &v, MDB_FIRST), 0);
      ASSERT_EQ(mdb_cursor_del(c, 0), 0);
      mdb_cursor_close(c);
    });
  }
  void Put(const char* table, const std::string& key, const std::string& value) {
    Edit(table, [&](MDB_txn* txn, MDB_dbi dbi) {
      MDB_val k{key.size(), const_cast<char*>(key.data())};
      MDB_val v{value.size(), const_cast<char*>(value.data())};
      ASSERT_EQ(mdb_put(txn, dbi, &k, &v, 0), 0);
    });
  }
  // Adds `value` to the value of the first key (an 8-byte counter, big-endian).
  void Bump(const char* table, const std::string& key) {
    Edit(table, [&](MDB_txn* txn, MDB_dbi dbi) {
      MDB_cursor* c = nullptr;
      ASSERT_EQ(mdb_cursor_open(txn, dbi, &c), 0);
      MDB_val k{key.size(), const_cast<char*>(key.data())}, v;
      ASSERT_EQ(mdb_cursor_get(c, &k, &v, key.empty() ? MDB_FIRST : MDB_SET_KEY), 0);
      std::string kk(static_cast<char*>(k.mv_data), k.mv_size);
      std::string value(static_cast<char*>(v.mv_data), v.mv_size);
      value.back() = static_cast<char>(value.back() + 1);
      MDB_val nk{kk.size(), kk.data()}, nv{value.size(), value.data()};
      mdb_cursor_close(c);
      ASSERT_EQ(mdb_put(txn, dbi, &nk, &nv, 0), 0);
    });
  }
  // The problems verify reports, joined.
  std::string Problems() {
    Store store = Open({.read_only = true});
    Result<VerifyReport> report = store.Verify();
    EXPECT_TRUE(report) << report.error().message;
    if (!report) return "";
    std::string all;
    for (const std::string& p : report->problems) all += p + "\n";
    return all;
  }
};

std::string U32(uint32_t v) {
  std::string s(4, '\0');
  for (int i = 3; i >= 0; --i, v >>= 8) s[i] = static_cast<char>(v & 0xff);
  return s;
}

// export and stats read every origin record: verify decodes them all too.
TEST_F(VerifyIndexTest, DamagedOriginRecordIsNamed) {
  Bump("origins", "");
  EXPECT_NE(Problems().find("origin 1: "), std::string::npos) << Problems();
}

TEST_F(VerifyIndexTest, MissingExactMatchEntryIsNamed) {
  DeleteFirst("exact");
  EXPECT_NE(Problems().find("is missing from the exact-match index"), std::string::npos)
      << Problems();
}

TEST_F(VerifyIndexTest, ExactMatchEntryOfAMissingUnitIsNamed) {
  Put("exact", std::string("en") + '\0' + UnitKey(12345), UnitKey(999));
  EXPECT_NE(Problems().find("the exact-match index points at unit 999, which does not exist"),
            std::string::npos)
      << Problems();
}

TEST_F(VerifyIndexTest, MissingDuplicateEntryIsNamed) {
  DeleteFirst("dedup");
  EXPECT_NE(Problems().find("is missing from the duplicate index"), std::string::npos)
      << Problems();
}

TEST_F(VerifyIndexTest, DuplicateEntryOfAnotherUnitsTextsIsNamed) {
  Put("dedup", UnitKey(42), UnitKey(1));
  EXPECT_NE(Problems().find("the duplicate index has an entry for unit 1 that its texts do not produce"),
            std::string::npos)
      << Problems();
}

TEST_F(VerifyIndexTest, MissingFuzzyTokenRecordIsNamed) {
  DeleteFirst("tokens");
  EXPECT_NE(Problems().find("is missing from the fuzzy index"), std::string::npos) << Problems();
}

TEST_F(VerifyIndexTest, MissingFuzzyPostingsAreNamed) {
  DeleteFirst("postings");
  EXPECT_NE(Problems().find("the fuzzy index's postings"), std::string::npos) << Problems();
}

TEST_F(VerifyIndexTest, VocabularyIdWithoutItsTokenIsNamed) {
  DeleteFirst("vocab_ids");
  std::string p = Problems();
  EXPECT_NE(p.find("the fuzzy index's vocabulary has"), std::string::npos) << p;
  EXPECT_NE(p.find("whose id does not name them back"), std::string::npos) << p;
}

TEST_F(VerifyIndexTest, AccentFoldedEntryNamingNoTokenIsNamed) {
  Put("vocab_fold", "zzz", U32(0xFFFFFF));
  EXPECT_NE(Problems().find("accent-folded vocabulary has 1 entries naming no token"),
            std::string::npos)
      << Problems();
}

TEST_F(VerifyIndexTest, WrongLanguageCounterIsNamed) {
  Bump("counts", "len");
  EXPECT_NE(Problems().find("the counter of language en is 5, the units give 4"), std::string::npos)
      << Problems();
}

TEST_F(VerifyIndexTest, WrongPairCounterIsNamed) {
  Bump("counts", std::string("pen\tuk"));
  EXPECT_NE(Problems().find("the counter of the pair en -> uk is 5, the units give 4"),
            std::string::npos)
      << Problems();
}

TEST_F(VerifyIndexTest, NextIdBelowTheUnitsIsNamed) {
  Put("meta", "next_id", UnitKey(2));
  EXPECT_NE(Problems().find("the next unit id is not above the highest stored id"),
            std::string::npos)
      << Problems();
}

TEST_F(VerifyIndexTest, MissingOriginIsNamed) {
  DeleteFirst("origins");
  EXPECT_NE(Problems().find("units refer to origin 1, which is not recorded"), std::string::npos)
      << Problems();
}

TEST_F(VerifyIndexTest, LeftoverBeforeImageIsNamed) {
  Put("undo", UnitKey(1), "x");
  EXPECT_NE(Problems().find("the undo table holds 1 before-images but no import is pending"),
            std::string::npos)
      << Problems();
}

TEST_F(VerifyIndexTest, TermKeyNamingNoTermIsNamed) {
  Put("term_keys", std::string("en") + '\0' + "nowhere", std::string(1, '\0') + UnitKey(77) + "\0\0");
  EXPECT_NE(Problems().find("1 term index keys name no stored term"), std::string::npos)
      << Problems();
}

TEST_F(VerifyIndexTest, MissingAlphabeticalKeyIsNamed) {
  DeleteFirst("term_sort");
  std::string p = Problems();
  EXPECT_NE(p.find("the alphabetical index is missing 1 terms"), std::string::npos) << p;
  EXPECT_NE(p.find("the alphabetical index has 3 keys for 4 terms"), std::string::npos) << p;
}

TEST_F(VerifyIndexTest, TermDuplicateKeyOfNoEntryIsNamed) {
  Put("term_dedup", UnitKey(5), UnitKey(1));
  std::string p = Problems();
  EXPECT_NE(p.find("the term duplicate index has 1 keys that name no stored entry"),
            std::string::npos)
      << p;
}

TEST_F(VerifyIndexTest, WrongTermCounterIsNamed) {
  Bump("meta", "term_entries");
  EXPECT_NE(Problems().find("the term entry counter does not match the 2 entries stored"),
            std::string::npos)
      << Problems();
}

// A data.mdb cut short (a copy that ran out of space, a bad disk) is refused
// at open, not read past its end.
TEST_F(StoreTest, TruncatedFileIsRefusedAtOpen) {
  {
    Store store = Open();
    std::vector<TranslationUnit> units;
    for (int i = 0; i < 300; ++i) units.push_back(Unit("Sentence " + std::to_string(i) + ".", "Речення."));
    ASSERT_TRUE(Import(store, units));
  }
  std::filesystem::path file = dir_.path() / "store" / "data.mdb";
  uintmax_t size = std::filesystem::file_size(file);
  std::filesystem::resize_file(file, size - 4096);
  Result<Store> s = Store::Open(dir_.path() / "store", {.read_only = true});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kCorruption);
  EXPECT_NE(s.error().message.find("is truncated: " + std::to_string(size - 4096) + " bytes"),
            std::string::npos)
      << s.error().message;
}

}  // namespace
}  // namespace tmkit
