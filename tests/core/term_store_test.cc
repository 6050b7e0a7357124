// The term base in the store (core/src/term_store.{h,cc}, Store::ImportTerms
// and friends): records, the recognition keys as given, the alphabetical
// index per language (ICU collation), duplicates, atomic imports, damage.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/store_fixture.h"
#include "term_store.h"
#include "tmkit/core/terms.h"

namespace tmkit {
namespace {

Term T(const std::string& lang, const std::string& text) {
  Term t;
  t.lang = lang;
  t.text = text;
  return t;
}

TermEntry E(std::vector<Term> terms) {
  TermEntry e;
  e.terms = std::move(terms);
  return e;
}

// The entry with every term filed under its lower-cased first word.
PreparedEntry Prepared(TermEntry entry) {
  PreparedEntry p;
  for (size_t i = 0; i < entry.terms.size(); ++i) {
    std::string first = entry.terms[i].text.substr(0, entry.terms[i].text.find(' '));
    for (char& c : first) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    p.keys.push_back({static_cast<uint16_t>(i), first});
  }
  p.entry = std::move(entry);
  return p;
}

class TermStoreTest : public testing::StoreFixture {
 protected:
  Result<TermImportStats> Import(const std::vector<TermEntry>& entries, bool fail_at_end = false) {
    return store_->ImportTerms({.origin_path = "g.tbx"}, [&](TermSink& sink) -> Status {
      for (const TermEntry& e : entries) {
        if (Status s = sink.Add(Prepared(e)); !s) return s;
      }
      if (fail_at_end) return InvalidInput("g.tbx:99: expected </martif>, found the end");
      return {};
    });
  }
  std::vector<std::string> Sorted(const std::string& lang) {
    std::vector<std::string> out;
    Status s = store_->ForEachTermSorted(lang, [&](const TermKeyHit& hit) {
      out.push_back(store_->GetEntry(hit.entry_id)->terms[hit.term].text);
      return true;
    });
    EXPECT_TRUE(s) << s.error().message;
    return out;
  }
};

TEST_F(TermStoreTest, AnEntryComesBackAsItWasImported) {
  TermEntry e = E({T("en", "Donetsk Oblast"), T("uk", "Донецька область"), T("ko", "도네츠크주")});
  e.entry_id = "c1";
  e.subject = "geography";
  e.terms[0].status = TermStatus::kPreferred;
  e.terms[0].part_of_speech = "properNoun";
  e.terms[1].forms = {"Донецької області", "Донецькій області"};
  e.terms[1].extra = {{.type = "grammaticalGender", .text = "feminine"}};
  e.terms[2].note = "CLDR";
  e.provenance.creation_date = 1700000000;
  ASSERT_TRUE(Import({e}));
  Result<TermEntry> got = store_->GetEntry(1);
  ASSERT_TRUE(got) << got.error().message;
  e.id = 1;
  e.origin = "g.tbx";
  EXPECT_EQ(*got, e);
}

TEST_F(TermStoreTest, TermsAreFoundUnderTheirKeysWithTheirLanguage) {
  ASSERT_TRUE(Import({E({T("en", "Donetsk Oblast"), T("uk", "Донецька область")}),
                      E({T("en", "Donetsk"), T("uk", "Донецьк")})}));
  std::vector<TermKeyHit> hits;
  ASSERT_TRUE(store_->FindTermKeys("en-GB", "donetsk", &hits));
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].entry_id, 1u);
  EXPECT_EQ(hits[0].term, 0);
  EXPECT_EQ(hits[1].entry_id, 2u);
  hits.clear();
  ASSERT_TRUE(store_->FindTermKeys("uk", "donetsk", &hits));
  EXPECT_TRUE(hits.empty());
}

TEST_F(TermStoreTest, EachLanguageIsSortedByItsOwnAlphabet) {
  // Ukrainian: г < ґ < д < е < є < ж < и < і < ї < й; case ignored.
  ASSERT_TRUE(Import({E({T("uk", "їжак")}), E({T("uk", "Ґанок")}), E({T("uk", "іній")}),
                      E({T("uk", "єнот")}), E({T("uk", "гора")}), E({T("uk", "Ейфорія")}),
                      E({T("en", "zebra")}), E({T("en", "Apple")})}));
  EXPECT_EQ(Sorted("uk"),
            (std::vector<std::string>{"гора", "Ґанок", "Ейфорія", "єнот", "іній", "їжак"}));
  EXPECT_EQ(Sorted("en"), (std::vector<std::string>{"Apple", "zebra"}));
}

TEST_F(TermStoreTest, TheSameEntryImportedTwiceIsStoredOnce) {
  TermEntry e = E({T("en", "Kyiv"), T("uk", "Київ")});
  ASSERT_TRUE(Import({e}));
  Result<TermImportStats> again = Import({e, E({T("en", "Kharkiv"), T("uk", "Харків")})});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->added, 1u);
  EXPECT_EQ(again->duplicates, 1u);
  Result<StoreStats> stats = store_->Stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->term_entries, 2u);
}

TEST_F(TermStoreTest, AFailedImportStoresNothing) {
  Result<TermImportStats> r = Import({E({T("en", "Kyiv"), T("uk", "Київ")})}, /*fail_at_end=*/true);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("g.tbx:99"), std::string::npos);
  EXPECT_EQ(store_->GetEntry(1).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->Stats()->term_entries, 0u);
}

TEST_F(TermStoreTest, AnEntryWithoutTermsOrWithABadLanguageIsRefused) {
  EXPECT_EQ(Import({E({})}).error().code, ErrorCode::kInvalidInput);
  EXPECT_FALSE(Import({E({T("e n", "x")})}));
  EXPECT_EQ(store_->Stats()->term_entries, 0u);
}

TEST_F(TermStoreTest, ABigImportGrowsTheMap) {
  testing::TempDir dir;
  StoreOptions options;
  options.initial_map_bytes = 1 << 20;
  Result<Store> small = Store::Open(dir.path(), options);
  ASSERT_TRUE(small);
  Result<TermImportStats> r = small->ImportTerms({}, [&](TermSink& sink) -> Status {
    for (int i = 0; i < 20000; ++i) {
      TermEntry e = E({T("en", "term number " + std::to_string(i)),
                       T("uk", "термін номер " + std::to_string(i))});
      if (Status s = sink.Add(Prepared(e)); !s) return s;
    }
    return {};
  });
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->added, 20000u);
  EXPECT_EQ(small->Stats()->term_entries, 20000u);
}

TEST_F(TermStoreTest, VerifyChecksTheTermBase) {
  ASSERT_TRUE(Import({E({T("en", "Kyiv"), T("uk", "Київ")}), E({T("en", "Kharkiv")})}));
  Result<VerifyReport> report = store_->Verify();
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->ok()) << report->problems.front();
  EXPECT_EQ(report->term_entries, 2u);
}

TEST(TermRecordTest, ADamagedRecordIsReportedNotMisread) {
  TermEntry e = E({T("en", "Kyiv"), T("uk", "Київ")});
  std::string record = internal::EncodeEntry(e);
  TermEntry back;
  ASSERT_TRUE(internal::DecodeEntry(7, record, &back));
  EXPECT_EQ(back.terms, e.terms);
  for (size_t at : {size_t{0}, record.size() / 2, record.size() - 1}) {
    std::string bad = record;
    bad[at] = static_cast<char>(bad[at] ^ 0x20);
    Status s = internal::DecodeEntry(7, bad, &back);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kCorruption);
    EXPECT_NE(s.error().message.find("term entry 7"), std::string::npos);
  }
  EXPECT_FALSE(internal::DecodeEntry(7, record.substr(0, 5), &back));
}

}  // namespace
}  // namespace tmkit
