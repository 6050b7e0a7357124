// Concordance (Store::FindPhrase): whole words and contiguous phrases found
// through the fuzzy index, case and accents ignored (AccentFold), Korean by
// syllables; deleted units and the hidden units of unfinished imports are
// never found. The CLI on top (ranking, numbers by value, JSON) is tested in
// tests/cli/concordance_cli_test.cc.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store_fixture.h"
#include "test_util.h"
#include "tmkit/core/fuzzy.h"
#include "tmkit/core/store.h"
#include "tmkit/core/text.h"

namespace tmkit {
namespace {

using testing::Pair;

TranslationUnit EnUk(const std::string& en, const std::string& uk) {
  return Pair("en", en, "uk", uk);
}

// What a phrase search returned.
struct Found {
  std::vector<std::string> texts;  // the matching variants' texts, in the order visited
  std::vector<uint64_t> units;     // their unit ids
  uint64_t total = 0;
  bool exact = true;
};

// Small batches make an import commit (hidden) several times before its end.
constexpr uint64_t kTinyBatches = 64 * 1024;

class ConcordanceTest : public testing::StoreFixture {
 protected:
  void Add(const std::vector<TranslationUnit>& units, const std::string& origin = "t.tmx") {
    StoreFixture::Add(units, {.origin_path = origin});
  }

  // Searches `query`, cut into tokens as `token_lang` (else `lang`, else en)
  // does it, in the variants of `lang` (any when empty).
  Found Find(const std::string& query, const std::string& lang = "",
             const std::string& token_lang = "", size_t limit = 100, size_t max_checked = 20000) {
    return FindIn(*store_, query, lang, token_lang, limit, max_checked);
  }

  static Found FindIn(const Store& store, const std::string& query, const std::string& lang = "",
                      const std::string& token_lang = "", size_t limit = 100,
                      size_t max_checked = 20000) {
    const std::string tl = !token_lang.empty() ? token_lang : !lang.empty() ? lang : "en";
    std::vector<std::string> keys = ScoringTokens(ToNfc(query), tl);
    Found found;
    Status s = store.FindPhrase(
        lang, keys, limit, max_checked,
        [&](const PhraseHit& hit, const TranslationUnit& unit) {
          for (const Variant& v : unit.variants) {
            if (v.lang == hit.lang) {
              found.texts.push_back(v.segment.text);
              break;
            }
          }
          found.units.push_back(hit.unit_id);
        },
        &found.total, &found.exact);
    EXPECT_TRUE(s) << s.error().message;
    return found;
  }

  std::vector<std::string> Texts(const std::string& query, const std::string& lang = "",
                                 const std::string& token_lang = "") {
    return Find(query, lang, token_lang).texts;
  }

  // Many units whose English says "zeppelin" (a word no other unit has).
  static std::vector<TranslationUnit> Zeppelins(int n) {
    std::vector<TranslationUnit> units;
    for (int i = 0; i < n; ++i) {
      units.push_back(EnUk("A zeppelin flew over district " + std::to_string(i) + " of Kyiv.",
                           "Цепелін пролетів над районом " + std::to_string(i) + " Києва."));
    }
    return units;
  }
};

using Lines = std::vector<std::string>;

// --- Words in each script -----------------------------------------------------

TEST_F(ConcordanceTest, FindsAnEnglishWordWhateverItsCase) {
  Add({EnUk("Drones attacked Kharkiv overnight.", "Дрони атакували Харків уночі."),
       EnUk("The city was quiet.", "Місто було тихим.")});
  EXPECT_EQ(Texts("kharkiv"), (Lines{"Drones attacked Kharkiv overnight."}));
  EXPECT_EQ(Texts("KHARKIV"), (Lines{"Drones attacked Kharkiv overnight."}));
}

TEST_F(ConcordanceTest, FindsAUkrainianWordWhateverItsCase) {
  Add({EnUk("A drone attack on Kharkiv.", "Атака дронів на Харків."),
       EnUk("Drones flew.", "Дрони летіли.")});
  EXPECT_EQ(Texts("ДРОНІВ"), (Lines{"Атака дронів на Харків."}));
  EXPECT_EQ(Texts("дронів", "uk"), (Lines{"Атака дронів на Харків."}));
}

TEST_F(ConcordanceTest, FindsAKoreanWordInsideAnEojeolBySyllables) {
  Add({Pair("ko", "평양에서 미사일을 발사했다.", "en", "A missile was launched from Pyongyang."),
       Pair("ko", "서울은 조용했다.", "en", "Seoul was quiet.")});
  EXPECT_EQ(Texts("평양", "ko"), (Lines{"평양에서 미사일을 발사했다."}));
  EXPECT_EQ(Texts("평양", "", "ko"), (Lines{"평양에서 미사일을 발사했다."}));
}

// --- Whole words and phrases ----------------------------------------------------

TEST_F(ConcordanceTest, MatchesWholeWordsOnly) {
  Add({EnUk("An air-raid warning sounded.", "Пролунала повітряна тривога."),
       EnUk("She received an award.", "Вона отримала нагороду."),
       EnUk("The war goes on.", "Війна триває.")});
  EXPECT_EQ(Texts("war"), (Lines{"The war goes on."}));
}

TEST_F(ConcordanceTest, FindsAContiguousPhraseInOrder) {
  Add({EnUk("Shelling hit Donetsk Oblast at night.", "Обстріл влучив у Донецьку область."),
       EnUk("The Oblast of Donetsk was shelled.", "Донецьку область обстріляли.")});
  EXPECT_EQ(Texts("Donetsk Oblast"), (Lines{"Shelling hit Donetsk Oblast at night."}));
}

TEST_F(ConcordanceTest, DoesNotFindThePhraseOutOfOrderOrApart) {
  Add({EnUk("The Oblast of Donetsk was shelled.", "Донецьку область обстріляли."),
       EnUk("Donetsk and the whole Oblast.", "Донецьк і вся область.")});
  Found found = Find("Donetsk Oblast");
  EXPECT_TRUE(found.texts.empty());
  EXPECT_EQ(found.total, 0u);
}

TEST_F(ConcordanceTest, AWordTheStoreHasNeverSeenFindsNothing) {
  Add({EnUk("The war goes on.", "Війна триває.")});
  Found found = Find("zeppelin");
  EXPECT_TRUE(found.texts.empty());
  EXPECT_EQ(found.total, 0u);
  EXPECT_TRUE(found.exact);
}

// --- Accents (AccentFold) -------------------------------------------------------

TEST_F(ConcordanceTest, AnUnaccentedQueryFindsAnAccentedWord) {
  Add({EnUk("A café opened in Lviv.", "У Львові відкрилася кав'ярня.")});
  EXPECT_EQ(Texts("cafe"), (Lines{"A café opened in Lviv."}));
}

TEST_F(ConcordanceTest, AnAccentedQueryFindsAnUnaccentedWord) {
  Add({EnUk("The cafe closed.", "Кав'ярня закрилася.")});
  EXPECT_EQ(Texts("café"), (Lines{"The cafe closed."}));
}

TEST_F(ConcordanceTest, AQueryWithoutTheStressMarkFindsAStressedWord) {
  Add({EnUk("The people decide.", "Наро\u0301д вирішує.")});
  EXPECT_EQ(Texts("народ", "uk"), (Lines{"Наро\u0301д вирішує."}));
}

TEST_F(ConcordanceTest, AStressedQueryFindsTheWordWithoutTheStressMark) {
  Add({EnUk("The people decide.", "Народ вирішує.")});
  EXPECT_EQ(Texts("наро\u0301д", "uk"), (Lines{"Народ вирішує."}));
}

TEST_F(ConcordanceTest, YoIsFoldedToYe) {
  Add({Pair("en", "A fir tree.", "ru", "Ёлка в лесу.")});
  EXPECT_EQ(Texts("елка", "ru"), (Lines{"Ёлка в лесу."}));
}

TEST_F(ConcordanceTest, ShortIIsNotFoldedToI) {
  Add({EnUk("This is our land.", "Це наш край.")});
  EXPECT_TRUE(Texts("краи", "uk").empty());
  EXPECT_EQ(Texts("край", "uk"), (Lines{"Це наш край."}));
}

TEST_F(ConcordanceTest, YiIsNotFoldedToI) {
  Add({EnUk("These lands are rich.", "Ці краї багаті.")});
  EXPECT_TRUE(Texts("краі", "uk").empty());  // і (U+0456) for ї
  EXPECT_EQ(Texts("краї", "uk"), (Lines{"Ці краї багаті."}));
}

TEST_F(ConcordanceTest, ShortUIsNotFoldedToU) {
  Add({Pair("en", "The truth.", "be", "Праўда перамагае.")});
  EXPECT_TRUE(Texts("прауда", "be").empty());
  EXPECT_EQ(Texts("праўда", "be"), (Lines{"Праўда перамагае."}));
}

TEST_F(ConcordanceTest, AStressMarkOnYiIsIgnoredButItsDiaeresisKept) {
  Add({EnUk("These lands are rich.", "Ці краї\u0301 багаті.")});
  EXPECT_EQ(Texts("краї", "uk"), (Lines{"Ці краї\u0301 багаті."}));
  EXPECT_TRUE(Texts("краі", "uk").empty());
}

// --- Languages ------------------------------------------------------------------

TEST_F(ConcordanceTest, LangRestrictsTheSearchToThatSide) {
  Add({EnUk("NATO leaders met.", "Лідери NATO зустрілися.")});
  EXPECT_EQ(Texts("NATO", "uk"), (Lines{"Лідери NATO зустрілися."}));
  EXPECT_EQ(Texts("NATO", "en"), (Lines{"NATO leaders met."}));
  EXPECT_EQ(Find("NATO").texts.size(), 2u);
}

TEST_F(ConcordanceTest, LangFindsRegionalVariantsOfTheLanguage) {
  Add({Pair("en-GB", "The colour of the flag.", "uk", "Колір прапора.")});
  EXPECT_EQ(Texts("colour", "en"), (Lines{"The colour of the flag."}));
  EXPECT_TRUE(Texts("colour", "uk").empty());
}

// --- What is not found ----------------------------------------------------------

TEST_F(ConcordanceTest, DeletedUnitsAreNotFound) {
  Add({EnUk("The war goes on.", "Війна триває."), EnUk("A war ended.", "Війна закінчилася.")});
  ASSERT_TRUE(store_->Delete({1}));
  Found found = Find("war");
  EXPECT_EQ(found.texts, (Lines{"A war ended."}));
  EXPECT_EQ(found.total, 1u);
}

TEST_F(ConcordanceTest, UnitsOfAnImportInProgressAreNotFound) {
  Add({EnUk("A zeppelin was seen over Kyiv.", "Над Києвом бачили цепелін.")});
  std::vector<TranslationUnit> units = Zeppelins(1000);
  std::atomic<bool> halfway{false}, release{false};
  std::thread writer([&] {
    Result<ImportStats> r = store_->Import(
        {.origin_path = "big.tmx", .batch_bytes = kTinyBatches}, [&](UnitSink& sink) -> Status {
          for (const TranslationUnit& u : units) {
            if (Status s = sink.Add(u); !s) return s;
          }
          halfway = true;
          while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
          return InvalidInput("big.tmx:1005: the file ends inside <tu>");
        });
    EXPECT_FALSE(r);
  });
  while (!halfway) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_GT(store_->Stats()->pending_units, 0u) << "no batch was committed: nothing is hidden";
  Found found = Find("zeppelin");
  Found district = Find("district");  // only in the pending units
  release = true;
  writer.join();
  EXPECT_EQ(found.texts, (Lines{"A zeppelin was seen over Kyiv."}));
  EXPECT_EQ(found.total, 1u);
  EXPECT_TRUE(district.texts.empty());
  EXPECT_EQ(district.total, 0u);
}

TEST_F(ConcordanceTest, UnitsOfAFailedImportAreNotFound) {
  Add({EnUk("A zeppelin was seen over Kyiv.", "Над Києвом бачили цепелін.")});
  std::vector<TranslationUnit> units = Zeppelins(1000);
  Result<ImportStats> r = store_->Import(
      {.origin_path = "bad.tmx", .batch_bytes = kTinyBatches}, [&](UnitSink& sink) -> Status {
        for (const TranslationUnit& u : units) {
          if (Status s = sink.Add(u); !s) return s;
        }
        return InvalidInput("bad.tmx:1005: the file ends inside <tu>");
      });
  ASSERT_FALSE(r);
  Found found = Find("zeppelin");
  EXPECT_EQ(found.texts, (Lines{"A zeppelin was seen over Kyiv."}));
  EXPECT_EQ(found.total, 1u);
  EXPECT_TRUE(Find("district").texts.empty());
  EXPECT_EQ(Find("district").total, 0u);
}

TEST_F(ConcordanceTest, UnitsOfAKilledImportAreNotFound) {
  Add({EnUk("A zeppelin was seen over Kyiv.", "Над Києвом бачили цепелін.")});
  store_.reset();
  testing::TempDir signals;  // outside the store folder
  const std::filesystem::path ready = signals.path() / "ready";
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child imports in small batches, then hangs until it is killed.
    Result<Store> s = Store::Open(dir_.path(), {});
    if (!s) _exit(3);
    std::vector<TranslationUnit> units = Zeppelins(1000);
    (void)s->Import({.origin_path = "killed.tmx", .batch_bytes = kTinyBatches},
                    [&](UnitSink& sink) -> Status {
                      for (const TranslationUnit& u : units) {
                        if (Status st = sink.Add(u); !st) return st;
                      }
                      testing::WriteFile(ready.string(), "1");
                      while (true) pause();
                    });
    _exit(4);
  }
  while (!std::filesystem::exists(ready)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  Result<Store> s = Store::Open(dir_.path(), {});
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_GT(s->Stats()->pending_units, 0u) << "the killed import left nothing hidden";
  Found found = FindIn(*s, "zeppelin");
  EXPECT_EQ(found.texts, (Lines{"A zeppelin was seen over Kyiv."}));
  EXPECT_EQ(found.total, 1u);
  EXPECT_TRUE(FindIn(*s, "district").texts.empty());
}

// --- Counting and order ---------------------------------------------------------

TEST_F(ConcordanceTest, TheTotalCountsEveryHitWhileTheLimitBoundsTheVisits) {
  Add(Zeppelins(7));
  Found found = Find("zeppelin", "en", "", /*limit=*/3);
  EXPECT_EQ(found.texts.size(), 3u);
  EXPECT_EQ(found.total, 7u);
  EXPECT_TRUE(found.exact);
}

TEST_F(ConcordanceTest, HitsComeNewestFirst) {
  Add({EnUk("The first zeppelin.", "Перший цепелін.")}, "a.tmx");
  Add({EnUk("The second zeppelin.", "Другий цепелін.")}, "b.tmx");
  Add({EnUk("The third zeppelin.", "Третій цепелін.")}, "c.tmx");
  Found found = Find("zeppelin");
  EXPECT_EQ(found.units, (std::vector<uint64_t>{3, 2, 1}));
}

TEST_F(ConcordanceTest, PastMaxCheckedTheTotalIsAnEstimate) {
  Add(Zeppelins(10));
  Found found = Find("zeppelin", "en", "", /*limit=*/100, /*max_checked=*/4);
  EXPECT_FALSE(found.exact);
  EXPECT_EQ(found.texts.size(), 4u);
  EXPECT_EQ(found.total, 10u);  // 4 found in 4 checked, of 10 candidates
}

// The index knows a number's kind only ("\x01N"); the CLI checks the value.
TEST_F(ConcordanceTest, NumbersMatchByKindInTheIndex) {
  Add({EnUk("About 11,000 troops moved.", "Близько 11 000 військових перекинули.")});
  EXPECT_EQ(Texts("12 troops", "en"), (Lines{"About 11,000 troops moved."}));
  EXPECT_TRUE(Texts("12 soldiers", "en").empty());
}

}  // namespace
}  // namespace tmkit
