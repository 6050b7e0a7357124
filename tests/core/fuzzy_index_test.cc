// The fuzzy index finds exactly what an exhaustive scan finds, and stays
// consistent through imports, deletes and discarded imports.
#include "fuzzy_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <tuple>

#include "store_fixture.h"
#include "test_util.h"
#include "tmkit/core/fuzzy.h"
#include "tmkit/core/language.h"
#include "tmkit/core/store.h"

namespace tmkit {
namespace {

using testing::Pair;

class FuzzyIndexTest : public testing::StoreFixture {
 protected:
  // (unit id, tag, score) found through the index.
  using Found = std::set<std::tuple<uint64_t, std::string, int>>;
  Found Indexed(const std::string& lang, const std::string& query, int min_score) {
    Found found;
    Status s = store_->FindSimilar(lang, ScoringTokens(query, lang), min_score,
                                   [&](const SimilarHit& hit, const TranslationUnit&) {
                                     found.emplace(hit.unit_id, hit.lang, hit.score);
                                     return true;
                                   });
    EXPECT_TRUE(s) << s.error().message;
    return found;
  }
  // The same by scoring every stored variant.
  Found Scanned(const std::string& lang, const std::string& query, int min_score) {
    Found found;
    std::vector<std::string> q = ScoringTokens(query, lang);
    if (q.empty()) return found;
    Status s = store_->ForEach([&](const TranslationUnit& u) -> Status {
      for (const Variant& v : u.variants) {
        if (!LanguageMatches(lang, v.lang)) continue;
        std::vector<std::string> c = ScoringTokens(v.segment.text, v.lang);
        int score = ScoreFromDistance(TokenEditDistance(q, c), static_cast<int>(q.size()),
                                      static_cast<int>(c.size()));
        if (score >= std::max(min_score, 1)) found.emplace(u.id, v.lang, score);
      }
      return {};
    });
    EXPECT_TRUE(s);
    return found;
  }
  // Runs `change` in a write transaction on the closed store's LMDB
  // environment directly (to damage or age it), and commits.
  template <typename Fn>
  void BehindTheStoresBack(Fn change) {
    MDB_env* env = nullptr;
    ASSERT_EQ(mdb_env_create(&env), 0);
    mdb_env_set_maxdbs(env, 16);
    ASSERT_EQ(mdb_env_open(env, dir_.path().c_str(), MDB_NOTLS, 0644), 0);
    MDB_txn* txn = nullptr;
    ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), 0);
    change(txn);
    ASSERT_EQ(mdb_txn_commit(txn), 0);
    mdb_env_close(env);
  }
  void ExpectConsistent() {
    Result<VerifyReport> report = store_->Verify();
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->ok()) << (report->problems.empty() ? "" : report->problems[0]);
  }
};

// Random sentences over a small vocabulary, so that many are near each other.
class SentenceMaker {
 public:
  explicit SentenceMaker(uint32_t seed) : rng_(seed) {}
  std::string English() {
    static const char* words[] = {"the",      "city",    "army",   "said",   "drones",
                                  "struck",   "Kharkiv", "near",   "border", "officials",
                                  "reported", "night",   "attack", "troops", "moved",
                                  "north",    "11",      "2024",   "Kyiv",   "Donetsk"};
    return Words(words, std::size(words), " ");
  }
  std::string Korean() {
    static const char* words[] = {"평양", "에서", "미사일", "을", "발사",     "했다", "북한", "이",
                                  "군",   "은",   "바다",   "에", "떨어졌다", "23일", "오전"};
    return Words(words, std::size(words), "");
  }
  std::string Edit(const std::string& text) {
    std::string out = text;
    std::uniform_int_distribution<int> kind(0, 2);
    size_t space = out.find(' ', std::uniform_int_distribution<size_t>(0, out.size())(rng_));
    if (space == std::string::npos) return out + " extra";
    switch (kind(rng_)) {
      case 0:
        return out.substr(0, space) + " new" + out.substr(space);
      case 1:
        return out.substr(0, space);
      default:
        return out.substr(space + 1);
    }
  }
  std::mt19937& rng() { return rng_; }

 private:
  std::string Words(const char* const* words, size_t n, const char* sep) {
    std::uniform_int_distribution<int> len(1, 14);
    std::uniform_int_distribution<size_t> pick(0, n - 1);
    std::uniform_int_distribution<int> spaced(0, 2);
    std::string s;
    int count = len(rng_);
    for (int i = 0; i < count; ++i) {
      if (i) s += *sep ? sep : (spaced(rng_) ? " " : "");
      s += words[pick(rng_)];
    }
    return s + ".";
  }
  std::mt19937 rng_;
};

TEST_F(FuzzyIndexTest, FindsExactlyWhatAnExhaustiveScanFinds) {
  SentenceMaker make(7);
  std::vector<TranslationUnit> units;
  for (int i = 0; i < 1500; ++i) {
    units.push_back(Pair("en", make.English(), "ko", make.Korean()));
  }
  Add(units);
  // A second import, and deletes: the index follows.
  std::vector<TranslationUnit> more;
  for (int i = 0; i < 300; ++i) more.push_back(Pair("en-GB", make.English(), "ko", make.Korean()));
  Add(more);
  ASSERT_TRUE(store_->Delete({3, 50, 51, 700, 1600}));

  int compared = 0, nonempty = 0;
  const int thresholds[] = {1, 30, 50, 70, 75, 85, 95, 100};
  for (int i = 0; i < 200; ++i) {
    bool korean = i % 4 == 3;
    std::string lang = korean ? "ko" : (i % 5 == 0 ? "en-GB" : "en");
    std::string query;
    if (i % 2 == 0) {  // an edited copy of a stored sentence
      const TranslationUnit& u =
          units[std::uniform_int_distribution<size_t>(0, units.size() - 1)(make.rng())];
      query = make.Edit(u.variants[korean ? 1 : 0].segment.text);
    } else {
      query = korean ? make.Korean() : make.English();
    }
    int min_score = thresholds[i % std::size(thresholds)];
    Found scanned = Scanned(lang, query, min_score);
    Found indexed = Indexed(lang, query, min_score);
    EXPECT_EQ(indexed, scanned) << "query '" << query << "' in " << lang << " at " << min_score;
    ++compared;
    nonempty += !scanned.empty();
  }
  EXPECT_EQ(compared, 200);
  EXPECT_GT(nonempty, 100);  // the comparison is not vacuous
}

TEST_F(FuzzyIndexTest, ManySmallImportsAreMergedAndStillFoundExactly) {
  // Each import writes a segment; past eight, the smallest are merged.
  SentenceMaker make(11);
  std::vector<TranslationUnit> all;
  for (int i = 0; i < 30; ++i) {
    std::vector<TranslationUnit> units;
    for (int j = 0; j < 20; ++j) units.push_back(Pair("en", make.English(), "ko", make.Korean()));
    Add(units, {.origin_path = "part" + std::to_string(i) + ".tmx"});
    all.insert(all.end(), units.begin(), units.end());
    if (i == 12) {
      ASSERT_TRUE(store_->Delete({5, 6, 7, 100}));
    }
  }
  ExpectConsistent();
  int nonempty = 0;
  for (int i = 0; i < 60; ++i) {
    std::string query = make.Edit(all[i * 7 % all.size()].variants[0].segment.text);
    Found scanned = Scanned("en", query, 60);
    EXPECT_EQ(Indexed("en", query, 60), scanned) << query;
    nonempty += !scanned.empty();
  }
  EXPECT_GT(nonempty, 30);
}

TEST_F(FuzzyIndexTest, UnknownWordsCountAgainstTheMatch) {
  Add({Pair("en", "Drones struck Kharkiv at night.", "uk", "Дрони атакували Харків уночі.")});
  // One unknown word of five: 80.
  EXPECT_EQ(Indexed("en", "Drones struck Lviv at night.", 70), (Found{{1, "en", 80}}));
  // Three of five: nothing at 70 (and no work).
  EXPECT_TRUE(Indexed("en", "Missiles struck Lviv at dawn.", 70).empty());
}

TEST_F(FuzzyIndexTest, DeletedUnitsAreNotFound) {
  Add({Pair("en", "Drones struck Kharkiv at night.", "uk", "Дрони атакували Харків уночі."),
       Pair("en", "Drones struck Kyiv at night.", "uk", "Дрони атакували Київ уночі.")});
  ASSERT_TRUE(store_->Delete({1}));
  EXPECT_EQ(Indexed("en", "Drones struck Kharkiv at night.", 50), (Found{{2, "en", 80}}));
  ExpectConsistent();
}

TEST_F(FuzzyIndexTest, TargetSideIsIndexedToo) {
  Add({Pair("en", "Drones struck Kharkiv at night.", "uk", "Дрони атакували Харків уночі.")});
  EXPECT_EQ(Indexed("uk", "Дрони атакували Харків.", 70), (Found{{1, "uk", 75}}));
}

TEST_F(FuzzyIndexTest, ReimportingAfterDeleteIndexesAgain) {
  TranslationUnit u = Pair("en", "The army moved north.", "uk", "Армія рушила на північ.");
  Add({u});
  ASSERT_TRUE(store_->Delete({1}));
  Add({u}, {.origin_path = "again.tmx"});
  EXPECT_EQ(Indexed("en", "The army moved north.", 100), (Found{{2, "en", 100}}));
  ExpectConsistent();
}

TEST_F(FuzzyIndexTest, FailedImportLeavesTheIndexAsItWas) {
  Add({Pair("en", "The army moved north.", "uk", "Армія рушила на північ.")});
  Result<ImportStats> r =
      store_->Import({.origin_path = "bad.tmx", .batch_bytes = 4096}, [&](UnitSink& sink) {
        for (int i = 0; i < 200; ++i) {
          Status s = sink.Add(Pair("en", "The army moved north " + std::to_string(i) + " times.",
                                   "uk", "Армія рушила."));
          if (!s) return s;
        }
        return Status(InvalidInput("bad.tmx:9: broken"));
      });
  ASSERT_FALSE(r);
  EXPECT_EQ(Indexed("en", "The army moved north.", 50), (Found{{1, "en", 100}}));
  ExpectConsistent();
}

TEST_F(FuzzyIndexTest, SchemaOneStoreIsUpgradedWhenOpened) {
  Add({Pair("en", "The army moved north.", "uk", "Армія рушила на північ."),
       Pair("en", "The army moved south.", "uk", "Армія рушила на південь.")});
  // Make it a schema 1 store: no fuzzy tables, schema "1".
  store_.reset();
  BehindTheStoresBack([](MDB_txn* txn) {
    for (const char* name : {"vocab", "vocab_ids", "vocab_fold", "postings", "tokens"}) {
      MDB_dbi dbi;
      ASSERT_EQ(mdb_dbi_open(txn, name, 0, &dbi), 0);
      ASSERT_EQ(mdb_drop(txn, dbi, 1), 0);
    }
    MDB_dbi meta;
    ASSERT_EQ(mdb_dbi_open(txn, "meta", 0, &meta), 0);
    for (const char* key : {"next_token", "next_segment", "segments"}) {
      MDB_val k{strlen(key), const_cast<char*>(key)};
      mdb_del(txn, meta, &k, nullptr);
    }
    MDB_val k{6, const_cast<char*>("schema")}, v{1, const_cast<char*>("1")};
    ASSERT_EQ(mdb_put(txn, meta, &k, &v, 0), 0);
  });
  // A read-only open upgrades it (as `tmkit lookup` would).
  Result<Store> ro = Store::Open(dir_.path(), {.create_if_missing = false, .read_only = true});
  ASSERT_TRUE(ro) << ro.error().message;
  store_.emplace(std::move(*ro));
  EXPECT_EQ(Indexed("en", "The army moved north.", 70), (Found{{1, "en", 100}, {2, "en", 75}}));
  ExpectConsistent();
}

TEST_F(FuzzyIndexTest, LookupsDuringAnImportDoNotSeeItsUnits) {
  Add({Pair("en", "The army moved north.", "uk", "Армія рушила на північ.")});
  Found during;
  Result<ImportStats> r =
      store_->Import({.origin_path = "big.tmx", .batch_bytes = 4096}, [&](UnitSink& sink) {
        for (int i = 0; i < 300; ++i) {
          Status s = sink.Add(Pair("en", "The army moved north " + std::to_string(i) + " times.",
                                   "uk", "Армія рушила."));
          if (!s) return s;
        }
        // Batches of this import are committed (hidden) by now.
        during = Indexed("en", "The army moved north.", 50);
        return Status{};
      });
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(during, (Found{{1, "en", 100}}));
  EXPECT_EQ(Indexed("en", "The army moved north.", 50).size(), 301u);
}

TEST_F(FuzzyIndexTest, VerifyNoticesAPostingThatIsMissing) {
  Add({Pair("en", "The army moved north.", "uk", "Армія рушила на північ.")});
  ExpectConsistent();
  // Remove the token record of unit 1 behind the store's back.
  store_.reset();
  BehindTheStoresBack([](MDB_txn* txn) {
    MDB_dbi tokens;
    ASSERT_EQ(mdb_dbi_open(txn, "tokens", 0, &tokens), 0);
    MDB_cursor* c = nullptr;
    ASSERT_EQ(mdb_cursor_open(txn, tokens, &c), 0);
    MDB_val k, v;
    ASSERT_EQ(mdb_cursor_get(c, &k, &v, MDB_FIRST), 0);
    ASSERT_EQ(mdb_cursor_del(c, 0), 0);
    mdb_cursor_close(c);
  });
  Reopen();
  Result<VerifyReport> report = store_->Verify();
  ASSERT_TRUE(report);
  ASSERT_FALSE(report->ok());
  EXPECT_NE(report->problems[0].find("missing from the fuzzy index"), std::string::npos)
      << report->problems[0];
}

}  // namespace
}  // namespace tmkit
