// Term recognition (glossaries/include/tmkit/glossaries/recognize.h): word
// keys per language, then FindTerms on a small news glossary, as tables of
// text → expected hits. The rules are in doc/terms.md ("Recognition").
#include "tmkit/glossaries/recognize.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace tmkit {
namespace {

// --- Word keys ---------------------------------------------------------------

struct KeyGroup {
  const char* lang;
  std::vector<const char*> words;  // all meet under the first word's key
};

// Every inflected form's readings include the key of the dictionary form.
TEST(RecognizeKeysTest, InflectedFormsMeetTheDictionaryForm) {
  const KeyGroup groups[] = {
      // Ukrainian adjectives and nouns
      {"uk", {"Донецька", "Донецької", "Донецькій", "Донецьку", "Донецькою"}},
      {"uk", {"Донецький", "Донецького", "Донецькому", "Донецьким", "Донецьких", "Донецькими"}},
      {"uk", {"область", "області", "областю", "областей", "областям", "областях", "областями"}},
      {"uk", {"Україна", "України", "Україні", "Україну", "Україною"}},
      {"uk", {"Запоріжжя", "Запоріжжі", "Запоріжжям"}},
      // Ukrainian і ~ о/е/є alternation in the last syllable
      {"uk", {"Київ", "Києва", "Києві", "Києву", "Києвом"}},
      {"uk", {"Харків", "Харкова", "Харкові", "Харкову", "Харковом"}},
      {"uk", {"Львів", "Львова", "Львові", "Львовом"}},
      {"uk", {"Миколаїв", "Миколаєва", "Миколаєві"}},
      {"uk", {"Ірпінь", "Ірпеня", "Ірпені", "Ірпенем"}},
      {"uk", {"Маріуполь", "Маріуполя", "Маріуполі", "Маріуполем"}},
      {"uk", {"район", "району", "районі", "районом", "районів"}},
      {"uk", {"Андрій", "Андрія", "Андрію", "Андрієм"}},
      {"uk", {"Росія", "Росії", "Росію", "Росією"}},
      {"uk", {"Кам'янське", "Кам’янського", "Камʼянському"}},
      // Russian (ы/и after velars, ё folded to е)
      {"ru", {"Донецкая", "Донецкой", "Донецкую", "Донецкою"}},
      {"ru", {"Донецкий", "Донецкого", "Донецкому", "Донецким", "Донецких", "Донецкими"}},
      {"ru", {"Новый", "Нового", "Новым", "Новых", "Новые", "Новыми"}},
      {"ru", {"область", "области", "областью", "областей", "областям", "областях"}},
      {"ru", {"Москва", "Москвы", "Москве", "Москву", "Москвой"}},
      {"ru", {"Киев", "Киева", "Киеве", "Киеву", "Киевом"}},
      {"ru", {"Харьков", "Харькова", "Харькове", "Харьковом"}},
      {"ru", {"Андрей", "Андрея", "Андрею", "Андреем"}},
      {"ru", {"Запорожье", "Запорожья", "Запорожью", "Запорожьем"}},
      {"ru", {"Орёл", "Орел"}},
      // English plurals and possessives
      {"en", {"Oblast", "Oblasts", "Oblast's", "Oblast’s", "oblasts'"}},
      {"en", {"city", "cities", "city's"}},
      {"en", {"house", "houses"}},
      {"en", {"church", "churches"}},
      {"en", {"movie", "movies"}},
      {"en", {"hero", "heroes"}},
      {"en", {"Congress", "Congresses"}},
      {"en", {"Ministry", "Ministries", "ministry's"}},
      // Korean particles (the term is written without them)
      {"ko", {"평양", "평양에서", "평양의", "평양은", "평양을", "평양으로", "평양에서는", "평양까지"}},
      {"ko", {"북한", "북한이", "북한과", "북한의", "북한에", "북한과의"}},
      {"ko", {"러시아", "러시아는", "러시아가", "러시아를", "러시아와", "러시아로"}},
      {"ko", {"서울", "서울로", "서울에서"}},
      {"ko", {"함경북도", "함경북도에서", "함경북도에서는", "함경북도의"}},
      {"ko", {"nato", "NATO는", "NATO가"}},
  };
  for (const KeyGroup& g : groups) {
    const std::string key = TermWordKey(g.words[0], g.lang);
    for (const char* w : g.words) {
      std::vector<std::string> readings = TextWordKeys(w, g.lang);
      ASSERT_FALSE(readings.empty());
      EXPECT_EQ(readings[0], TermWordKey(w, g.lang)) << w;
      EXPECT_NE(std::find(readings.begin(), readings.end(), key), readings.end())
          << g.lang << ": " << w << " does not meet " << g.words[0] << " (" << key << ")";
    }
  }
}

struct KeyCase {
  const char* lang;
  const char* word;
  const char* key;
};

TEST(RecognizeKeysTest, Keys) {
  const KeyCase cases[] = {
      {"uk", "Донецька", "донецьк"},  {"uk", "область", "област"}, {"uk", "Києва", "київ"},
      {"uk", "Харкова", "харків"},    {"uk", "США", "сша"},        {"uk", "ЄС", "єс"},
      {"uk", "Крим", "крим"},         {"uk-UA", "Донецькій", "донецьк"},
      {"ru", "Донецкой", "донецк"},   {"ru", "Ёлкино", "елкин"},
      {"en", "Kyiv's", "kyiv"},       {"en", "Kyiv’s", "kyiv"},    {"en", "Oblasts", "oblast"},
      {"en", "cities", "city"},       {"en", "US", "us"},          {"en", "bus", "bus"},
      {"en", "gas", "gas"},           {"en", "Congress", "congress"},
      {"en-GB", "Ministries", "ministry"},
      {"ko", "평양", "평양"},           {"ko", "평양에서", "평양에서"},  // particles: TextWordKeys only
      {"de", "Straße", "strasse"},    {"fr", "Élysée", "elysee"},  {"fr", "Élysées", "elysees"},
      {"zz", "ÉCOLE", "ecole"},
  };
  for (const KeyCase& c : cases) EXPECT_EQ(TermWordKey(c.word, c.lang), c.key) << c.word;
}

// Readings that must not appear: they would put terms inside other words.
TEST(RecognizeKeysTest, NoFalseReadings) {
  struct Case {
    const char* lang;
    const char* word;
    const char* not_key;
  } cases[] = {
      {"ko", "두바이", "두바"},       // 이 follows a consonant only
      {"ko", "러시아", "러시"},       // 아 is not a particle
      {"ko", "인과", "인도"},
      {"uk", "ріс", "рос"},           // no alternation in three-letter stems
      {"uk", "Київстар", "київ"},
      {"uk", "Харків", "харк"},       // only an alternative reading, never the key
      {"en", "Kyivstar", "kyiv"},
      {"en", "news", "news"},         // (news → new: both sides agree)
  };
  for (const Case& c : cases) {
    if (std::string(c.word) == "Харків") {
      EXPECT_NE(TermWordKey(c.word, c.lang), c.not_key);
      continue;
    }
    std::vector<std::string> readings = TextWordKeys(c.word, c.lang);
    EXPECT_EQ(std::find(readings.begin(), readings.end(), c.not_key), readings.end())
        << c.lang << ": " << c.word;
  }
}

TEST(RecognizeKeysTest, OtherLanguagesAreFoldedOnly) {
  EXPECT_EQ(TextWordKeys("Häuser", "de"), std::vector<std::string>{"hauser"});
  EXPECT_EQ(TextWordKeys("Kyivs", "pl"), std::vector<std::string>{"kyivs"});
}

// --- A news glossary -----------------------------------------------------------

Term T(const char* lang, const char* text, TermStatus status = TermStatus::kUnspecified) {
  Term t;
  t.lang = lang;
  t.text = text;
  t.status = status;
  return t;
}

TermEntry E(uint64_t id, std::vector<Term> terms) {
  TermEntry e;
  e.id = id;
  e.terms = std::move(terms);
  return e;
}

constexpr TermStatus kPreferred = TermStatus::kPreferred;
constexpr TermStatus kAdmitted = TermStatus::kAdmitted;
constexpr TermStatus kDeprecated = TermStatus::kDeprecated;
constexpr TermStatus kForbidden = TermStatus::kForbidden;

std::vector<TermEntry> NewsGlossary() {
  std::vector<TermEntry> g;
  g.push_back(E(1, {T("en", "Donetsk Oblast", kPreferred), T("en", "Donetsk Region", kAdmitted),
                    T("uk", "Донецька область"), T("ru", "Донецкая область"),
                    T("ko", "도네츠크 주")}));
  g.push_back(E(2, {T("en", "Donetsk"), T("uk", "Донецьк"), T("ru", "Донецк"),
                    T("ko", "도네츠크")}));
  g.push_back(E(3, {T("en", "Kyiv", kPreferred), T("en", "Kiev", kForbidden), T("uk", "Київ"),
                    T("ru", "Киев"), T("ko", "키예프", kDeprecated),
                    T("ko", "키이우", kPreferred)}));
  g.push_back(E(4, {T("en", "Kharkiv"), T("uk", "Харків"), T("ru", "Харьков"),
                    T("ko", "하르키우")}));
  g.push_back(E(5, {T("en", "Pyongyang"), T("uk", "Пхеньян"), T("ko", "평양")}));
  Term us = T("en", "US");
  us.case_sensitive = true;
  g.push_back(E(6, {us, T("uk", "США"), T("ko", "미국")}));
  g.push_back(E(7, {T("en", "Kyivstar"), T("uk", "Київстар")}));
  g.push_back(E(8, {T("en", "Zaporizhzhia Nuclear Power Plant"),
                    T("uk", "Запорізька атомна електростанція"), T("uk", "ЗАЕС")}));
  g.push_back(E(9, {T("en", "St. Petersburg"), T("uk", "Санкт-Петербург")}));
  g.push_back(E(10, {T("en-GB", "Ministry of Defence"), T("en-US", "Department of Defense"),
                     T("uk", "Міністерство оборони")}));
  g.push_back(E(11, {T("en", "North Korea"), T("uk", "Північна Корея"), T("ko", "북한")}));
  g.push_back(E(12, {T("en", "Gyeonggi Province"), T("ko", "경기도")}));
  g.push_back(E(13, {T("en", "India"), T("ko", "인도")}));
  Term orel = T("ru", "Орёл");
  orel.forms = {"Орла", "Орле", "Орлу", "Орлом"};  // the fleeting vowel: beyond the rules
  g.push_back(E(14, {T("en", "Oryol"), orel}));
  g.push_back(E(15, {T("en", "Rostov-on-Don"), T("ru", "Ростов-на-Дону")}));
  g.push_back(E(16, {T("en", "Procter & Gamble"), T("uk", "Procter & Gamble")}));
  g.push_back(E(17, {T("en", "Kherson"), T("uk", "Херсон"), T("ru", "Херсон")}));
  g.push_back(E(18, {T("en", "Russia"), T("uk", "Росія"), T("ru", "Россия"),
                     T("ko", "러시아")}));
  return g;
}

struct FindCase {
  const char* text;
  const char* expected;  // Found()'s form; "" for no hit
};

class RecognizeTest : public ::testing::Test {
 protected:
  RecognizeTest() : base_(NewsGlossary()) {}

  std::vector<TermHit> Find(std::string_view text, const char* src, const char* tgt) {
    Result<std::vector<TermHit>> hits = FindTerms(text, src, tgt, base_);
    EXPECT_TRUE(hits.has_value());
    return hits ? *hits : std::vector<TermHit>{};
  }

  // "source=target" for each hit, joined by " | ".
  std::string Found(std::string_view text, const char* src, const char* tgt) {
    std::string out;
    for (const TermHit& h : Find(text, src, tgt)) {
      if (!out.empty()) out += " | ";
      out += h.source + "=" + h.target;
    }
    return out;
  }

  // A table of texts in `src` and what Found() gives for each.
  void Table(const char* src, const char* tgt, const std::vector<FindCase>& cases) {
    for (const FindCase& c : cases) {
      EXPECT_EQ(Found(c.text, src, tgt), c.expected) << src << ": " << c.text;
    }
  }

  MemoryTermSource base_;
};

TEST_F(RecognizeTest, UkrainianCaseEndings) {
  Table("uk", "en",
        {{"Донецька область", "Донецька область=Donetsk Oblast"},
         {"Обстріли Донецької області тривають", "Донецької області=Donetsk Oblast"},
         {"у Донецькій області", "Донецькій області=Donetsk Oblast"},
         {"на Донецьку область", "Донецьку область=Donetsk Oblast"},
         {"над Донецькою областю", "Донецькою областю=Donetsk Oblast"},
         {"ДОНЕЦЬКОЇ ОБЛАСТІ", "ДОНЕЦЬКОЇ ОБЛАСТІ=Donetsk Oblast"},
         {"до Донецька", "Донецька=Donetsk"},
         {"у Донецьку", "Донецьку=Donetsk"},
         {"Київ", "Київ=Kyiv"},
         {"з Києва", "Києва=Kyiv"},
         {"у Києві", "Києві=Kyiv"},
         {"над Києвом", "Києвом=Kyiv"},
         {"до Харкова і Херсона", "Харкова=Kharkiv | Херсона=Kherson"},
         {"у Харкові та Херсоні", "Харкові=Kharkiv | Херсоні=Kherson"},
         {"під Харковом", "Харковом=Kharkiv"},
         {"з Росією", "Росією=Russia"},
         {"Запорізької атомної електростанції", "Запорізької атомної електростанції=Zaporizhzhia Nuclear Power Plant"},
         {"на ЗАЕС", "ЗАЕС=Zaporizhzhia Nuclear Power Plant"}});
}

TEST_F(RecognizeTest, RussianCaseEndings) {
  Table("ru", "en",
        {{"в Донецкой области", "Донецкой области=Donetsk Oblast"},
         {"Донецкую область", "Донецкую область=Donetsk Oblast"},
         {"в Киеве и Харькове", "Киеве=Kyiv | Харькове=Kharkiv"},
         {"под Харьковом", "Харьковом=Kharkiv"},
         {"из Киева", "Киева=Kyiv"},
         {"в Орле", "Орле=Oryol"},
         {"Орёл", "Орёл=Oryol"},
         {"ОРЕЛ", "ОРЕЛ=Oryol"},
         {"в Ростове-на-Дону", "Ростове-на-Дону=Rostov-on-Don"},
         {"в Ростове на Дону", "Ростове на Дону=Rostov-on-Don"}});
}

TEST_F(RecognizeTest, KoreanParticles) {
  Table("ko", "en",
        {{"평양에서 열린 회의", "평양에서=Pyongyang"},
         {"평양의 발표", "평양의=Pyongyang"},
         {"북한이 미사일을 발사했다", "북한이=North Korea"},
         {"북한과의 대화", "북한과의=North Korea"},
         {"러시아는 키이우를 공격했다", "러시아는=Russia | 키이우를=Kyiv"},
         {"키예프에서", "키예프에서=Kyiv"},
         {"도네츠크 주에서", "도네츠크 주에서=Donetsk Oblast"},
         {"도네츠크주에서", "도네츠크주에서=Donetsk Oblast"},
         {"도네츠크에서", "도네츠크에서=Donetsk"},
         {"경기도에서는", "경기도에서는=Gyeonggi Province"},
         {"인도에서", "인도에서=India"},
         {"인과관계", ""},
         {"인과", ""},
         {"평양냉면", ""}});
}

TEST_F(RecognizeTest, EnglishPluralsAndPossessives) {
  Table("en", "uk",
        {{"Donetsk Oblast's governor", "Donetsk Oblast's=Донецька область"},
         {"Donetsk Oblast’s governor", "Donetsk Oblast’s=Донецька область"},
         {"Kyiv's mayor", "Kyiv's=Київ"},
         {"in the Donetsk Region", "Donetsk Region=Донецька область"},
         {"the Ministry of Defence said", "Ministry of Defence=Міністерство оборони"},
         {"the Ministries of Defence", "Ministries of Defence=Міністерство оборони"},
         {"North Korea's missiles", "North Korea's=Північна Корея"},
         {"Procter & Gamble", "Procter & Gamble=Procter & Gamble"},
         {"Procter and Gamble", ""},
         {"St. Petersburg", "St. Petersburg=Санкт-Петербург"},
         {"St Petersburg", "St Petersburg=Санкт-Петербург"}});
}

// Longest match first: the oblast beats the city; hits never overlap.
TEST_F(RecognizeTest, OverlappingTermsLongestWins) {
  Table("uk", "en",
        {{"Донецька область і Донецьк", "Донецька область=Donetsk Oblast | Донецьк=Donetsk"},
         {"Донецька міська рада", "Донецька=Donetsk"}});
  Table("en", "uk",
        {{"Donetsk Oblast", "Donetsk Oblast=Донецька область"},
         {"Donetsk, Oblast", "Donetsk=Донецьк"},  // a comma is not inside a term
         {"Donetsk and Kharkiv", "Donetsk=Донецьк | Kharkiv=Харків"},
         {"the Zaporizhzhia Nuclear Power Plant's reactors",
          "Zaporizhzhia Nuclear Power Plant's=Запорізька атомна електростанція"}});
}

// No hits inside other words, nor of a term's word alone.
TEST_F(RecognizeTest, FalseFriends) {
  Table("en", "uk",
        {{"Kyivstar", "Kyivstar=Київстар"},
         {"Kyivstar's network", "Kyivstar's=Київстар"},
         {"Kyiv-based", "Kyiv=Київ"},
         {"Donetskyi", ""},
         {"Oblast", ""},
         {"Power Plant", ""},
         {"Pyongyanger", ""}});
  Table("uk", "en",
        {{"Київстар", "Київстар=Kyivstar"},
         {"область", ""},
         {"у області", ""},
         {"Київщина", ""},
         {"ріс", ""},
         {"атомна електростанція", ""}});
}

TEST(RecognizeFalseFriendTest, KyivstarWithoutItsEntryIsNoKyiv) {
  MemoryTermSource base({E(1, {T("en", "Kyiv"), T("uk", "Київ")})});
  Result<std::vector<TermHit>> hits = FindTerms("Kyivstar and Київстар", "en", "uk", base);
  ASSERT_TRUE(hits);
  EXPECT_TRUE(hits->empty());
}

TEST_F(RecognizeTest, CaseSensitiveTerms) {
  Table("en", "uk",
        {{"US officials", "US=США"},
         {"the US's allies", "US's=США"},
         {"let us go", ""},
         {"Us and them", ""}});
}

TEST_F(RecognizeTest, ForbiddenSourceTermIsFlagged) {
  std::vector<TermHit> hits = Find("Kiev and Kyiv", "en", "uk");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].source, "Kiev");
  EXPECT_EQ(hits[0].term, "Kiev");
  EXPECT_TRUE(hits[0].forbidden);
  EXPECT_EQ(hits[0].status, kForbidden);
  EXPECT_EQ(hits[0].target, "Київ");
  EXPECT_EQ(hits[0].entry_id, 3u);
  EXPECT_FALSE(hits[1].forbidden);
  EXPECT_EQ(hits[1].status, kPreferred);
}

TEST_F(RecognizeTest, RenderingsPreferredFirstForbiddenNever) {
  std::vector<TermHit> hits = Find("у Києві", "uk", "en");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].targets, std::vector<std::string>{"Kyiv"});  // Kiev is forbidden
  hits = Find("у Києві", "uk", "ko");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].target, "키이우");
  // 키예프 is deprecated: offered only when the entry has nothing better.
  EXPECT_EQ(hits[0].targets, (std::vector<std::string>{"키이우"}));
  hits = Find("Донецької області", "uk", "en");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].targets, (std::vector<std::string>{"Donetsk Oblast", "Donetsk Region"}));
  EXPECT_EQ(hits[0].term, "Донецька область");  // as the base writes it
}

// Language tags: en finds en-GB and en-US terms; en-US does not find en-GB.
TEST_F(RecognizeTest, LanguageTags) {
  EXPECT_EQ(Found("Ministry of Defence", "en", "uk"), "Ministry of Defence=Міністерство оборони");
  EXPECT_EQ(Found("Ministry of Defence", "en-US", "uk"), "");
  EXPECT_EQ(Found("Міністерство оборони", "uk", "en-US"),
            "Міністерство оборони=Department of Defense");
  EXPECT_EQ(Found("Міністерство оборони", "uk", "en-GB"),
            "Міністерство оборони=Ministry of Defence");
  EXPECT_EQ(Found("Міністерства оборони", "uk-UA", "en"),
            "Міністерства оборони=Ministry of Defence");
}

TEST_F(RecognizeTest, BothDirections) {
  EXPECT_EQ(Found("Shelling in Donetsk Oblast and Kharkiv", "en", "uk"),
            "Donetsk Oblast=Донецька область | Kharkiv=Харків");
  EXPECT_EQ(Found("Обстріли в Донецькій області та Харкові", "uk", "en"),
            "Донецькій області=Donetsk Oblast | Харкові=Kharkiv");
  EXPECT_EQ(Found("Обстріли в Донецькій області та Харкові", "uk", "ko"),
            "Донецькій області=도네츠크 주 | Харкові=하르키우");
  EXPECT_EQ(Found("평양에서 북한이", "ko", "uk"), "평양에서=Пхеньян | 북한이=Північна Корея");
  // No rendering in the target language: the hit is reported without one.
  EXPECT_EQ(Found("Kyivstar", "en", "ko"), "Kyivstar=");
}

TEST_F(RecognizeTest, OffsetsAreCodePoints) {
  std::vector<TermHit> hits = Find("Обстріли в Донецькій області тривають.", "uk", "en");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].start, 11);
  EXPECT_EQ(hits[0].end, 28);
  EXPECT_EQ(hits[0].byte_start, 20u);
  EXPECT_EQ(hits[0].byte_end, 53u);

  hits = Find("북한과 러시아는 평양에서 만났다", "ko", "en");
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].source, "북한과");
  EXPECT_EQ(hits[0].start, 0);
  EXPECT_EQ(hits[0].end, 3);
  EXPECT_EQ(hits[1].start, 4);
  EXPECT_EQ(hits[1].end, 8);
  EXPECT_EQ(hits[2].source, "평양에서");
  EXPECT_EQ(hits[2].start, 9);
  EXPECT_EQ(hits[2].end, 13);
  EXPECT_EQ(hits[2].byte_start, 23u);

  hits = Find("«Kyiv’s» — 👍 Kharkiv", "en", "uk");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].start, 1);
  EXPECT_EQ(hits[0].end, 7);
  EXPECT_EQ(hits[1].start, 13);  // the emoji is one code point
  EXPECT_EQ(hits[1].end, 20);
}

TEST_F(RecognizeTest, HitCarriesEntryAndSpan) {
  std::vector<TermHit> hits = Find("на ЗАЕС", "uk", "en");
  ASSERT_EQ(hits.size(), 1u);
  TermHit want;
  want.source = "ЗАЕС";
  want.target = "Zaporizhzhia Nuclear Power Plant";
  want.start = 3;
  want.end = 7;
  want.entry_id = 8;
  want.term = "ЗАЕС";
  want.targets = {"Zaporizhzhia Nuclear Power Plant"};
  want.byte_start = 5;
  want.byte_end = 13;
  EXPECT_EQ(hits[0], want);
}

TEST_F(RecognizeTest, EmptyAndOddText) {
  EXPECT_TRUE(Find("", "uk", "en").empty());
  EXPECT_TRUE(Find("  ,.;  ", "en", "uk").empty());
  EXPECT_TRUE(Find("Kyi\xFFv", "en", "uk").empty() || true);  // no crash on bad bytes
  EXPECT_EQ(Found("Kyiv\xFF Kharkiv", "en", "uk").find("Kharkiv=Харків") != std::string::npos,
            true);
}

// Decomposed input (й as и + U+0306, accents) meets the NFC base.
TEST_F(RecognizeTest, DecomposedAndAccentedText) {
  EXPECT_EQ(Found("у Доне\xD1\x86\xD1\x8C\xD0\xBA\xD0\xB8\xCC\x86 області", "uk", "en"),
            "Доне\xD1\x86\xD1\x8C\xD0\xBA\xD0\xB8\xCC\x86 області=Donetsk Oblast");
  EXPECT_EQ(Found("в Ки́еве", "ru", "en"), "Ки́еве=Kyiv");
}

// --- Index rows ----------------------------------------------------------------

TEST(RecognizeTermRefsTest, KeysFormsGapsAndKoreanSolidForm) {
  TermEntry e = E(7, {T("uk", "Донецька область"), T("ko", "도네츠크 주"),
                      T("en", "St. Petersburg")});
  e.terms[0].forms = {"Донецької області", "Донеччина"};
  std::vector<TermRef> uk = TermRefsOf(e, 0);
  ASSERT_EQ(uk.size(), 2u);  // the first form has the same keys as the text
  EXPECT_EQ(uk[0].keys, (std::vector<std::string>{"донецьк", "област"}));
  EXPECT_EQ(uk[0].entry_id, 7u);
  EXPECT_EQ(uk[0].form, -1);
  EXPECT_EQ(uk[1].keys, std::vector<std::string>{"донеччин"});
  EXPECT_EQ(uk[1].form, 1);
  std::vector<TermRef> ko = TermRefsOf(e, 1);
  ASSERT_EQ(ko.size(), 2u);
  EXPECT_EQ(ko[1].keys, std::vector<std::string>{"도네츠크주"});
  std::vector<TermRef> en = TermRefsOf(e, 2);
  ASSERT_EQ(en.size(), 1u);
  EXPECT_EQ(en[0].gaps, std::vector<std::string>{"."});
  EXPECT_TRUE(TermRefsOf(e, 3).empty());
}

TEST(RecognizeTermRefsTest, PrepareEntryFilesEveryPrefixOfEveryShape) {
  TermEntry e = E(0, {T("uk", "Донецька область"), T("ko", "도네츠크 주"), T("en", "…")});
  PreparedEntry p = PrepareEntry(e);
  EXPECT_EQ(p.entry, e);
  std::vector<std::string> seen;
  for (const TermIndexKey& k : p.keys) {
    seen.push_back(std::to_string(k.term) + " " + k.word_key + (k.whole ? " =" : " >"));
  }
  // Nothing for a term without words; the Korean term also written solid.
  const std::string sep = "\x1f";
  EXPECT_EQ(seen, (std::vector<std::string>{"0 донецьк >", "0 донецьк" + sep + "област =",
                                            "1 도네츠크 >", "1 도네츠크" + sep + "주 =",
                                            "1 도네츠크주 ="}));
}

TEST(RecognizeSourceTest, IdsAndEntries) {
  MemoryTermSource base({E(0, {T("en", "Kyiv")}), E(5, {T("en", "Kharkiv")}),
                         E(5, {T("en", "Lviv")}), E(0, {T("en", "Odesa")})});
  EXPECT_EQ(base.size(), 4u);
  ASSERT_TRUE(base.Entry(1));
  EXPECT_EQ(base.Entry(1)->terms[0].text, "Kyiv");
  EXPECT_EQ(base.Entry(5)->terms[0].text, "Kharkiv");
  EXPECT_EQ(base.Entry(6)->terms[0].text, "Lviv");  // 5 was taken
  EXPECT_EQ(base.Entry(7)->terms[0].text, "Odesa");
  EXPECT_EQ(base.Entry(99).error().code, ErrorCode::kNotFound);
  std::vector<TermRef> refs;
  ASSERT_TRUE(base.Candidates("en-GB", "kyiv", &refs));
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].entry_id, 1u);
  refs.clear();
  ASSERT_TRUE(base.Candidates("uk", "kyiv", &refs));
  EXPECT_TRUE(refs.empty());
}

// The source is walked like a trie: a prefix says whether terms go on.
TEST(RecognizeSourceTest, PrefixesSayLonger) {
  MemoryTermSource base({E(1, {T("en", "Donetsk")}), E(2, {T("en", "Donetsk Oblast")}),
                         E(3, {T("en", "National Bank of Ukraine")})});
  std::vector<TermRef> refs;
  bool longer = false;
  ASSERT_TRUE(base.Walk("en", std::vector<std::string>{"donetsk"}, &refs, &longer));
  EXPECT_EQ(refs.size(), 1u);
  EXPECT_TRUE(longer);
  refs.clear();
  ASSERT_TRUE(base.Walk("en", std::vector<std::string>{"national", "bank"}, &refs, &longer));
  EXPECT_TRUE(refs.empty());
  EXPECT_TRUE(longer);
  ASSERT_TRUE(base.Walk("en", std::vector<std::string>{"donetsk", "oblast"}, &refs, &longer));
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].entry_id, 2u);
  EXPECT_FALSE(longer);
  EXPECT_EQ(JoinTermKeys(refs[0].keys), "donetsk\x1foblast");
}

// A source with Candidates only (as the LMDB term base) finds the same hits
// through the default Walk.
TEST(RecognizeFindTermsTest, DefaultWalkOverCandidatesFindsTheSame) {
  class FirstKeyOnly final : public TermSource {
   public:
    explicit FirstKeyOnly(const MemoryTermSource& base) : base_(base) {}
    Status Candidates(std::string_view lang, std::string_view first_key,
                      std::vector<TermRef>* out) const override {
      return base_.Candidates(lang, first_key, out);
    }
    Result<TermEntry> Entry(uint64_t id) const override { return base_.Entry(id); }

   private:
    const MemoryTermSource& base_;
  };
  MemoryTermSource base(NewsGlossary());
  FirstKeyOnly slow(base);
  const char* texts[][2] = {
      {"uk", "Обстріли в Донецькій області, Донецьку та Києві; ЗАЕС"},
      {"en", "Kiev, Kyivstar, the US and Donetsk Oblast's St. Petersburg"},
      {"ko", "북한과 러시아는 평양에서 도네츠크 주에서 도네츠크주에서"},
      {"ru", "в Ростове-на-Дону и Орле"},
  };
  for (const auto& t : texts) {
    Result<std::vector<TermHit>> a = FindTerms(t[1], t[0], "en", base);
    Result<std::vector<TermHit>> b = FindTerms(t[1], t[0], "en", slow);
    ASSERT_TRUE(a && b);
    EXPECT_FALSE(a->empty());
    EXPECT_EQ(*a, *b) << t[1];
  }
}

// A source that fails: the error reaches the caller.
TEST(RecognizeFindTermsTest, SourceErrorsAreReturned) {
  class Broken final : public TermSource {
   public:
    Status Candidates(std::string_view, std::string_view, std::vector<TermRef>*) const override {
      return MakeError(ErrorCode::kCorruption, "term_keys: damaged page");
    }
    Result<TermEntry> Entry(uint64_t) const override { return TermEntry{}; }
  };
  Result<std::vector<TermHit>> hits = FindTerms("Kyiv", "en", "uk", Broken());
  ASSERT_FALSE(hits);
  EXPECT_EQ(hits.error().code, ErrorCode::kCorruption);
  // Text without words never asks.
  EXPECT_TRUE(FindTerms("…", "en", "uk", Broken()));
}

}  // namespace
}  // namespace tmkit
