// Built-in glossaries (glossaries/include/tmkit/glossaries/builtin.h): the
// readers of the Debian data (.mo, iso-codes JSON, CLDR subdivisions) on
// small files written here, then the places and units glossaries built from
// the machine's ICU and iso-codes, checked with known entries and lower
// bounds (never exact counts, which change with package versions), and found
// by recognition. The rules are in doc/terms.md ("Built-in glossaries").
#include "tmkit/glossaries/builtin.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "test_util.h"
#include "tmkit/glossaries/recognize.h"

namespace tmkit {
namespace {

using testing::TempDir;
using testing::WriteFile;

// --- Helpers -------------------------------------------------------------------

// A little-endian GNU .mo file of these pairs (msgid "" first: the header).
std::string MoFile(std::vector<std::pair<std::string, std::string>> pairs) {
  pairs.insert(pairs.begin(), {"", "Content-Type: text/plain; charset=UTF-8\n"});
  std::sort(pairs.begin(), pairs.end());
  const uint32_t n = static_cast<uint32_t>(pairs.size());
  const uint32_t orig = 28, trans = orig + 8 * n;
  uint32_t data = trans + 8 * n;
  std::string table, strings;
  std::vector<uint32_t> words = {0x950412de, 0, n, orig, trans, 0, 0};
  std::vector<uint32_t> o, t;
  for (const auto& [id, str] : pairs) {
    o.push_back(static_cast<uint32_t>(id.size()));
    o.push_back(data + static_cast<uint32_t>(strings.size()));
    strings += id + '\0';
  }
  for (const auto& [id, str] : pairs) {
    t.push_back(static_cast<uint32_t>(str.size()));
    t.push_back(data + static_cast<uint32_t>(strings.size()));
    strings += str + '\0';
  }
  words.insert(words.end(), o.begin(), o.end());
  words.insert(words.end(), t.begin(), t.end());
  std::string out(words.size() * 4, '\0');
  std::memcpy(out.data(), words.data(), out.size());
  return out + strings;
}

const TermEntry* FindEntry(const BuiltinGlossary& g, const std::string& id) {
  for (const TermEntry& e : g.entries) {
    if (e.entry_id == id) return &e;
  }
  return nullptr;
}

const Term* FindTerm(const TermEntry& e, const std::string& lang, const std::string& text) {
  for (const Term& t : e.terms) {
    if (t.lang == lang && t.text == text) return &t;
  }
  return nullptr;
}

// The first term of a language (the preferred one when there is one).
std::string First(const TermEntry& e, const std::string& lang) {
  for (const Term& t : e.terms) {
    if (t.lang == lang) return t.text;
  }
  return "";
}

bool HasForm(const Term& t, const std::string& form) {
  return std::find(t.forms.begin(), t.forms.end(), form) != t.forms.end();
}

// Built once: the real places and units of this machine.
const BuiltinGlossary& Places() {
  static const BuiltinGlossary g = [] {
    BuiltinOptions o;
    o.langs = {"en", "uk", "ru", "ko"};
    Result<BuiltinGlossary> r = BuildPlaces(o);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return r ? *r : BuiltinGlossary{};
  }();
  return g;
}

const BuiltinGlossary& Units() {
  static const BuiltinGlossary g = [] {
    BuiltinOptions o;
    o.langs = {"en", "uk", "ru", "ko"};
    Result<BuiltinGlossary> r = BuildUnits(o);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return r ? *r : BuiltinGlossary{};
  }();
  return g;
}

bool IsoCodesInstalled() {
  return std::filesystem::exists("/usr/share/iso-codes/json/iso_3166-2.json");
}

std::vector<std::string> Targets(const std::vector<TermHit>& hits) {
  std::vector<std::string> out;
  for (const TermHit& h : hits) out.push_back(h.target);
  return out;
}

// --- Readers -----------------------------------------------------------------------

TEST(BuiltinReadersTest, MoFileGivesMsgidToMsgstrWithoutTheHeader) {
  TempDir dir;
  WriteFile(dir / "x.mo", MoFile({{"Donetska oblast", "Донецька область"}, {"Kyiv", "Київ"}}));
  Result<std::unordered_map<std::string, std::string>> mo = ReadMoFile(dir / "x.mo");
  ASSERT_TRUE(mo.has_value()) << mo.error().message;
  EXPECT_EQ(mo->size(), 2u);
  EXPECT_EQ(mo->at("Donetska oblast"), "Донецька область");
  EXPECT_EQ(mo->at("Kyiv"), "Київ");
}

TEST(BuiltinReadersTest, MoFileMissingIsNotFoundAndGarbageIsCorruption) {
  TempDir dir;
  EXPECT_EQ(ReadMoFile(dir / "none.mo").error().code, ErrorCode::kNotFound);
  WriteFile(dir / "bad.mo", "this is not a catalogue at all");
  Result<std::unordered_map<std::string, std::string>> bad = ReadMoFile(dir / "bad.mo");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kCorruption);
  EXPECT_NE(bad.error().message.find("magic"), std::string::npos) << bad.error().message;
  // A string table pointing past the end of the file.
  std::string mo = MoFile({{"a", "b"}});
  WriteFile(dir / "cut.mo", mo.substr(0, mo.size() - 4));
  Result<std::unordered_map<std::string, std::string>> cut = ReadMoFile(dir / "cut.mo");
  ASSERT_FALSE(cut.has_value());
  EXPECT_EQ(cut.error().code, ErrorCode::kCorruption);
  EXPECT_NE(cut.error().message.find("outside"), std::string::npos) << cut.error().message;
}

TEST(BuiltinReadersTest, IsoCodesJsonGivesTheStringMembersOfEachObject) {
  TempDir dir;
  WriteFile(dir / "s.json",
            "{\n  \"3166-2\": [\n"
            "    {\"code\": \"UA-14\", \"name\": \"Donetska oblast\", \"type\": \"Region\"},\n"
            "    {\"code\": \"KP-01\", \"name\": \"P'y\\u01d2ngyang\", \"n\": 3, \"x\": [1, {\"a\": \"b\"}]}\n"
            "  ],\n  \"other\": {\"k\": [true, null]}\n}\n");
  auto rows = ReadIsoCodesJson(dir / "s.json", "3166-2");
  ASSERT_TRUE(rows.has_value()) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].at("name"), "Donetska oblast");
  EXPECT_EQ((*rows)[1].at("name"), "P'yǒngyang");
  EXPECT_EQ((*rows)[1].count("n"), 0u);
}

TEST(BuiltinReadersTest, IsoCodesJsonCorruptionNamesTheByte) {
  TempDir dir;
  WriteFile(dir / "bad.json", "{\"3166-2\": [{\"code\": \"UA-14\" \"name\": \"x\"}]}");
  auto rows = ReadIsoCodesJson(dir / "bad.json", "3166-2");
  ASSERT_FALSE(rows.has_value());
  EXPECT_EQ(rows.error().code, ErrorCode::kCorruption);
  EXPECT_NE(rows.error().message.find("byte 29"), std::string::npos) << rows.error().message;
  EXPECT_EQ(ReadIsoCodesJson(dir / "none.json", "3166-2").error().code, ErrorCode::kNotFound);
}

TEST(BuiltinReadersTest, CldrSubdivisionsMapToIsoCodesAndSkipAlternatives) {
  TempDir dir;
  WriteFile(dir / "ko.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
            "<ldml><identity><language type=\"ko\"/></identity><localeDisplayNames><subdivisions>\n"
            "<subdivision type=\"ua14\" draft=\"contributed\">도네츠크 주</subdivision>\n"
            "<subdivision type=\"ua14\" alt=\"short\">도네츠크</subdivision>\n"
            "<subdivision type=\"gbeng\">잉글랜드</subdivision>\n"
            "</subdivisions></localeDisplayNames></ldml>\n");
  auto names = ReadCldrSubdivisions(dir / "ko.xml");
  ASSERT_TRUE(names.has_value()) << names.error().message;
  EXPECT_EQ(names->size(), 2u);
  EXPECT_EQ(names->at("UA-14"), "도네츠크 주");
  EXPECT_EQ(names->at("GB-ENG"), "잉글랜드");
  WriteFile(dir / "bad.xml", "<ldml><subdivisions>");
  EXPECT_EQ(ReadCldrSubdivisions(dir / "bad.xml").error().code, ErrorCode::kCorruption);
}

// --- The curated layer ------------------------------------------------------------

TEST(BuiltinCuratedTest, EveryRowHasAnEnglishNameAKoreanOneAndUniqueKeys) {
  std::set<std::string> keys;
  for (const CuratedPlace& c : CuratedPlaces()) {
    EXPECT_FALSE(c.en.empty()) << c.keys;
    EXPECT_FALSE(c.type.empty()) << c.keys;
    EXPECT_EQ(c.country.size(), 2u) << c.keys;
    std::string first(c.keys.substr(0, c.keys.find(' ')));
    EXPECT_TRUE(keys.insert(first).second) << "duplicate key " << first;
    if (c.type == "oblast") {
      EXPECT_FALSE(c.uk.empty()) << c.keys;
      EXPECT_FALSE(c.ko.empty()) << c.keys;
    }
  }
  EXPECT_GE(CuratedPlaces().size(), 27u + 12u + 17u);
}

// --- Places ------------------------------------------------------------------------

TEST(BuiltinPlacesTest, NeedsLanguages) {
  EXPECT_EQ(BuildPlaces(BuiltinOptions{}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(BuildUnits(BuiltinOptions{}).error().code, ErrorCode::kInvalidArgument);
}

TEST(BuiltinPlacesTest, CountriesComeFromIcuInEveryLanguage) {
  const BuiltinGlossary& g = Places();
  const TermEntry* kp = FindEntry(g, "country:KP");
  ASSERT_NE(kp, nullptr);
  EXPECT_EQ(First(*kp, "en"), "North Korea");
  EXPECT_EQ(First(*kp, "uk"), "Північна Корея");
  EXPECT_EQ(First(*kp, "ko"), "북한");
  const TermEntry* ua = FindEntry(g, "country:UA");
  ASSERT_NE(ua, nullptr);
  EXPECT_EQ(First(*ua, "ru"), "Украина");
  ASSERT_NE(FindTerm(*ua, "en", "Ukraine"), nullptr);
  EXPECT_NE(FindTerm(*ua, "en", "Ukraine")->source.find("Unicode"), std::string::npos);
  // Short forms are there, matched only as written (US, not "us").
  const TermEntry* us = FindEntry(g, "country:US");
  ASSERT_NE(us, nullptr);
  const Term* short_us = FindTerm(*us, "en", "US");
  ASSERT_NE(short_us, nullptr);
  EXPECT_TRUE(short_us->case_sensitive);
  EXPECT_EQ(short_us->status, TermStatus::kAdmitted);
}

TEST(BuiltinPlacesTest, TheCuratedFormWinsAndTheSourcesStayAsAlternatives) {
  const BuiltinGlossary& g = Places();
  const TermEntry* donetsk = FindEntry(g, "UA-14");
  ASSERT_NE(donetsk, nullptr);
  EXPECT_EQ(First(*donetsk, "en"), "Donetsk Oblast");
  EXPECT_EQ(First(*donetsk, "uk"), "Донецька область");
  EXPECT_EQ(First(*donetsk, "ko"), "도네츠크주");
  EXPECT_EQ(FindTerm(*donetsk, "en", "Donetsk Oblast")->status, TermStatus::kPreferred);
  EXPECT_NE(FindTerm(*donetsk, "en", "Donetsk Oblast")->source.find("curated"), std::string::npos);
  ASSERT_NE(FindTerm(*donetsk, "en", "Donetsk Region"), nullptr);
  const Term* ko = FindTerm(*donetsk, "ko", "도네츠크주");
  EXPECT_TRUE(HasForm(*ko, "도네츠크 주"));
  if (IsoCodesInstalled()) {
    const Term* iso = FindTerm(*donetsk, "en", "Donetska oblast");
    ASSERT_NE(iso, nullptr);
    EXPECT_EQ(iso->status, TermStatus::kAdmitted);
    EXPECT_NE(iso->source.find("LGPL"), std::string::npos);
  }
}

TEST(BuiltinPlacesTest, KyivMergesTheIsoCityAndTheTimeZoneAndDeprecatesOldForms) {
  const BuiltinGlossary& g = Places();
  EXPECT_EQ(FindEntry(g, "tz:Europe/Kiev"), nullptr);  // merged into UA-30
  const TermEntry* kyiv = FindEntry(g, "UA-30");
  ASSERT_NE(kyiv, nullptr);
  EXPECT_EQ(First(*kyiv, "en"), "Kyiv");
  EXPECT_EQ(First(*kyiv, "ko"), "키이우");
  const Term* kiev = FindTerm(*kyiv, "en", "Kiev");
  ASSERT_NE(kiev, nullptr);
  EXPECT_EQ(kiev->status, TermStatus::kDeprecated);
  const Term* old_ko = FindTerm(*kyiv, "ko", "키예프");  // ICU's exemplar city
  ASSERT_NE(old_ko, nullptr);
  EXPECT_EQ(old_ko->status, TermStatus::kDeprecated);
  bool has_zone = std::any_of(kyiv->extra.begin(), kyiv->extra.end(), [](const Prop& p) {
    return p.type == "timeZone" && p.text == "Europe/Kiev";
  });
  EXPECT_TRUE(has_zone);
}

TEST(BuiltinPlacesTest, IsoCodesGiveSubdivisionsInUkrainianAndRussian) {
  if (!IsoCodesInstalled()) GTEST_SKIP() << "iso-codes is not installed";
  const BuiltinGlossary& g = Places();
  const TermEntry* mykolaiv = FindEntry(g, "UA-48");
  ASSERT_NE(mykolaiv, nullptr);
  ASSERT_NE(FindTerm(*mykolaiv, "uk", "Миколаївська область"), nullptr);
  // A subdivision no curated row touches: California in Ukrainian.
  const TermEntry* ca = FindEntry(g, "US-CA");
  ASSERT_NE(ca, nullptr);
  EXPECT_EQ(First(*ca, "en"), "California");
  EXPECT_EQ(First(*ca, "uk"), "Каліфорнія");
  // Generic names ("Central", "Western") are left out.
  for (const TermEntry& e : g.entries) {
    for (const Term& t : e.terms) {
      if (t.lang == "en") {
        ASSERT_NE(t.text, "Central") << e.entry_id;
      }
    }
  }
  EXPECT_GE(g.terms_per_lang.at("uk"), 4000u);
  EXPECT_GE(g.terms_per_lang.at("ru"), 2000u);
}

TEST(BuiltinPlacesTest, CountsAreAtLeastWhatTheSourcesHold) {
  const BuiltinGlossary& g = Places();
  EXPECT_GE(g.entries.size(), IsoCodesInstalled() ? 5000u : 600u);
  EXPECT_GE(g.terms_per_lang.at("en"), 700u);
  EXPECT_GE(g.terms_per_lang.at("ko"), 650u);  // 253 countries, ~400 cities, curated
  for (const BuiltinSource& s : g.sources) {
    EXPECT_FALSE(s.license.empty()) << s.name;
    if (s.available) {
      EXPECT_GT(s.entries, 0u) << s.name;
    }
  }
  // Entries are in entry_id order.
  EXPECT_TRUE(std::is_sorted(g.entries.begin(), g.entries.end(),
                             [](const TermEntry& a, const TermEntry& b) { return a.entry_id < b.entry_id; }));
}

TEST(BuiltinPlacesTest, BuildingTwiceGivesIdenticalEntries) {
  BuiltinOptions o;
  o.langs = {"en", "uk", "ru", "ko"};
  Result<BuiltinGlossary> again = BuildPlaces(o);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->entries == Places().entries);
}

TEST(BuiltinPlacesTest, MissingDebianDataIsReportedAndSkipped) {
  struct Collect : Reporter {
    std::vector<std::string> messages;
    void Report(const Problem& p) override { messages.push_back(p.message); }
  } reporter;
  BuiltinOptions o;
  o.langs = {"en", "uk"};
  o.iso_codes_dir = "/nonexistent/iso-codes";
  o.locale_dir = "/nonexistent/locale";
  o.cldr_dir = "/nonexistent/cldr";
  o.reporter = &reporter;
  Result<BuiltinGlossary> g = BuildPlaces(o);
  ASSERT_TRUE(g.has_value()) << g.error().message;
  EXPECT_GE(reporter.messages.size(), 3u);  // 3166-1, 3166-2, CLDR
  const TermEntry* donetsk = FindEntry(*g, "UA-14");  // the curated layer alone
  ASSERT_NE(donetsk, nullptr);
  EXPECT_EQ(First(*donetsk, "en"), "Donetsk Oblast");
  for (const TermEntry& e : g->entries) {
    for (const Term& t : e.terms) ASSERT_TRUE(t.lang == "en" || t.lang == "uk");
  }
  int unavailable = 0;
  for (const BuiltinSource& s : g->sources) unavailable += !s.available;
  EXPECT_EQ(unavailable, 3);
}

TEST(BuiltinPlacesTest, CldrSubdivisionsFromAFixtureGiveKoreanNames) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "subdivisions");
  WriteFile(dir / "subdivisions/ko.xml",
            "<ldml><localeDisplayNames><subdivisions>"
            "<subdivision type=\"ua48\">미콜라이우 주</subdivision>"
            "<subdivision type=\"usca\">캘리포니아 주</subdivision>"
            "</subdivisions></localeDisplayNames></ldml>");
  BuiltinOptions o;
  o.langs = {"en", "ko"};
  o.cldr_dir = dir.path().string();
  Result<BuiltinGlossary> g = BuildPlaces(o);
  ASSERT_TRUE(g.has_value());
  if (IsoCodesInstalled()) {
    const TermEntry* ca = FindEntry(*g, "US-CA");
    ASSERT_NE(ca, nullptr);
    EXPECT_EQ(First(*ca, "ko"), "캘리포니아 주");
  }
  const TermEntry* mykolaiv = FindEntry(*g, "UA-48");
  ASSERT_NE(mykolaiv, nullptr);
  EXPECT_EQ(First(*mykolaiv, "ko"), "미콜라이우주");  // the curated form wins
  EXPECT_NE(FindTerm(*mykolaiv, "ko", "미콜라이우 주"), nullptr);
}

TEST(BuiltinPlacesTest, RecognitionFindsNewsFormsInEachLanguage) {
  MemoryTermSource source(Places().entries);
  struct Case {
    const char* text;
    const char* src;
    const char* tgt;
    std::vector<std::string> targets;
  };
  const Case cases[] = {
      {"Shelling hit Donetsk Oblast and Kharkiv.", "en", "uk", {"Донецька область", "Харків"}},
      {"Обстріли в Донецькій області та Харкові.", "uk", "en", {"Donetsk Oblast", "Kharkiv"}},
      {"평양에서", "ko", "en", {"Pyongyang"}},
      {"Удары по Киеву и Запорожью.", "ru", "ko", {"키이우", "자포리자"}},
      {"Kyiv and Zaporizhzhia Oblast", "en", "ko", {"키이우", "자포리자주"}},
      // Ukrainian cases: locative, instrumental, genitive, dative.
      {"Ракети влучили у Львові, Луганській області та під Бахмутом.", "uk", "en",
       {"Lviv", "Luhansk Oblast", "Bakhmut"}},
      {"Жителі Херсона і Миколаєва, Одеської області", "uk", "en",
       {"Kherson", "Mykolaiv", "Odesa Oblast"}},
      // Russian cases, and Russian names to their Ukrainian forms.
      {"В Харьковской области и Донецке", "ru", "en", {"Kharkiv Oblast", "Donetsk"}},
      {"Киев, Харьков, Одесса, Николаев, Днепр", "ru", "uk",
       {"Київ", "Харків", "Одеса", "Миколаїв", "Дніпро"}},
      // Korean particles: 에서, 의, 는.
      {"서울에서 키이우의 도네츠크주에서 러시아는", "ko", "en",
       {"Seoul", "Kyiv", "Donetsk Oblast", "Russia"}},
      // English possessives; the longest name wins (North Korea, not Korea).
      {"Ukraine's air force said Russia's troops near Pokrovsk", "en", "uk",
       {"Україна", "Росія", "Покровськ"}},
      {"Seoul and Pyongyang, North Korea's capital, and Kursk Oblast", "en", "ko",
       {"서울", "평양", "북한", "쿠르스크주"}},
      // Common nouns that are also place names (turkey, china) are not places.
      {"He ate turkey from china in the Donbas", "en", "uk", {"Донбас"}},
  };
  for (const Case& c : cases) {
    Result<std::vector<TermHit>> hits = FindTerms(c.text, c.src, c.tgt, source);
    ASSERT_TRUE(hits.has_value()) << c.text;
    EXPECT_EQ(Targets(*hits), c.targets) << c.text;
  }
  // Proper nouns written with a capital are matched as written.
  Result<std::vector<TermHit>> turkey = FindTerms("a roast turkey", "en", "uk", source);
  ASSERT_TRUE(turkey.has_value());
  EXPECT_TRUE(turkey->empty());
}

// --- Units -------------------------------------------------------------------------

TEST(BuiltinUnitsTest, EveryIcuUnitWithPluralFormsAndCases) {
  const BuiltinGlossary& g = Units();
  EXPECT_GE(g.entries.size(), 150u);
  const TermEntry* km = FindEntry(g, "unit:kilometer");
  ASSERT_NE(km, nullptr);
  const Term* uk = FindTerm(*km, "uk", "кілометр");
  ASSERT_NE(uk, nullptr);
  EXPECT_EQ(uk->status, TermStatus::kPreferred);
  for (const char* form : {"кілометри", "кілометрів", "кілометра", "кілометрами", "кілометрах"}) {
    EXPECT_TRUE(HasForm(*uk, form)) << form;
  }
  const Term* ru = FindTerm(*km, "ru", "километр");
  ASSERT_NE(ru, nullptr);
  for (const char* form : {"километров", "километрах", "километрами"}) {
    EXPECT_TRUE(HasForm(*ru, form)) << form;
  }
  const Term* en = FindTerm(*km, "en", "kilometer");
  ASSERT_NE(en, nullptr);
  for (const char* form : {"kilometers", "kilometre", "kilometres"}) EXPECT_TRUE(HasForm(*en, form)) << form;
  EXPECT_NE(FindTerm(*km, "ko", "킬로미터"), nullptr);
  const Term* symbol = FindTerm(*km, "uk", "км");
  ASSERT_NE(symbol, nullptr);
  EXPECT_EQ(symbol->status, TermStatus::kAdmitted);
  EXPECT_TRUE(symbol->case_sensitive);
  // Patterns: {0} where the number goes.
  bool many = std::any_of(uk->extra.begin(), uk->extra.end(), [](const Prop& p) {
    return p.type == "pattern-many" && p.text == "{0} кілометрів";
  });
  EXPECT_TRUE(many);
}

TEST(BuiltinUnitsTest, KoreanUnitsKeepTheirPatterns) {
  const TermEntry* kmh = FindEntry(Units(), "unit:kilometer-per-hour");
  ASSERT_NE(kmh, nullptr);
  bool found = false;
  for (const Term& t : kmh->terms) {
    if (t.lang != "ko") continue;
    for (const Prop& p : t.extra) found |= p.text == "시속 {0}킬로미터";
  }
  EXPECT_TRUE(found);
}

TEST(BuiltinUnitsTest, SingleLetterAndWordLikeSymbolsAreNotTerms) {
  const TermEntry* m = FindEntry(Units(), "unit:meter");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(FindTerm(*m, "en", "m"), nullptr);
  EXPECT_EQ(FindTerm(*m, "uk", "м"), nullptr);
  const TermEntry* inch = FindEntry(Units(), "unit:inch");
  ASSERT_NE(inch, nullptr);
  EXPECT_EQ(FindTerm(*inch, "en", "in"), nullptr);
}

TEST(BuiltinUnitsTest, RecognitionFindsInflectedAndBritishForms) {
  MemoryTermSource source(Units().entries);
  struct Case {
    const char* text;
    const char* src;
    const char* tgt;
    std::string target;
  };
  const Case cases[] = {
      {"30 kilometres", "en", "uk", "кілометр"},
      {"за 30 кілометрів від фронту", "uk", "en", "kilometer"},
      {"в 5 километрах", "ru", "uk", "кілометр"},
  };
  for (const Case& c : cases) {
    Result<std::vector<TermHit>> hits = FindTerms(c.text, c.src, c.tgt, source);
    ASSERT_TRUE(hits.has_value()) << c.text;
    ASSERT_EQ(hits->size(), 1u) << c.text;
    EXPECT_EQ(hits->at(0).target, c.target) << c.text;
  }
}

TEST(BuiltinUnitsTest, BuildingTwiceGivesIdenticalEntries) {
  BuiltinOptions o;
  o.langs = {"en", "uk", "ru", "ko"};
  Result<BuiltinGlossary> again = BuildUnits(o);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->entries == Units().entries);
}

}  // namespace
}  // namespace tmkit
