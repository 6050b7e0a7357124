// QA checks on a segment pair (glossaries/include/tmkit/glossaries/qa.h):
// tables of source/target pairs → the problems expected, on a small news
// glossary held in a MemoryTermSource.
#include "tmkit/glossaries/qa.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tmkit {
namespace {

Term T(const char* lang, const char* text, TermStatus status = TermStatus::kUnspecified,
       std::vector<std::string> forms = {}) {
  Term t;
  t.lang = lang;
  t.text = text;
  t.status = status;
  t.forms = std::move(forms);
  return t;
}

TermEntry E(std::vector<Term> terms) {
  TermEntry e;
  e.terms = std::move(terms);
  return e;
}

MemoryTermSource& Glossary() {
  static MemoryTermSource* base = new MemoryTermSource({
      E({T("en", "Donetsk Oblast", TermStatus::kPreferred), T("uk", "Донецька область"),
         T("ru", "Донецкая область"), T("ko", "도네츠크주")}),
      E({T("en", "Kyiv", TermStatus::kPreferred), T("en", "Kiev", TermStatus::kForbidden),
         T("uk", "Київ"), T("ru", "Киев"), T("ko", "키이우")}),
      E({T("en", "Kharkiv"), T("uk", "Харків"), T("uk", "Харьков", TermStatus::kForbidden),
         T("ko", "하르키우")}),
      E({T("en", "ceasefire", TermStatus::kPreferred), T("uk", "припинення вогню",
                                                          TermStatus::kPreferred),
         T("uk", "перемир'я", TermStatus::kAdmitted)}),
      // No Ukrainian rendering: nothing to require.
      E({T("en", "Rada"), T("ko", "라다")}),
  });
  return *base;
}

std::vector<QaProblem> Check(const std::string& src_text, const std::string& tgt_text,
                             const char* src = "en", const char* tgt = "uk") {
  Result<std::vector<QaProblem>> r = CheckPair(src_text, tgt_text, src, tgt, Glossary());
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? *r : std::vector<QaProblem>{};
}

std::string Kinds(const std::vector<QaProblem>& problems) {
  std::string out;
  for (const QaProblem& p : problems) {
    if (!out.empty()) out += ' ';
    out += QaKindName(p.kind);
  }
  return out;
}

struct PairCase {
  const char* src_lang;
  const char* tgt_lang;
  const char* source;
  const char* target;
  const char* kinds;  // QaKindName of each problem, space-separated; "" when clean
};

// --- Terms -------------------------------------------------------------------

TEST(QaTermTest, TableOfTermPairs) {
  const PairCase cases[] = {
      // An inflected rendering satisfies the term.
      {"en", "uk", "Shelling continues in Donetsk Oblast.", "Обстріли тривають у Донецькій області.",
       ""},
      {"en", "uk", "Donetsk Oblast was shelled.", "Донецьку область обстріляли.", ""},
      {"en", "uk", "He returned to Kyiv.", "Він повернувся до Києва.", ""},
      {"en", "uk", "Talks in Kyiv.", "Переговори в Києві.", ""},
      {"en", "ru", "Talks in Kyiv.", "Переговоры в Киеве.", ""},
      {"en", "ko", "Shelling in Donetsk Oblast.", "도네츠크주에서 포격이 있었다.", ""},
      // Any approved rendering will do (admitted as well as preferred).
      {"en", "uk", "A ceasefire was agreed.", "Домовилися про перемир'я.", ""},
      {"en", "uk", "A ceasefire was agreed.", "Домовилися про припинення вогню.", ""},
      // The term's rendering is absent.
      {"en", "uk", "Shelling continues in Donetsk Oblast.", "Обстріли тривають на Донеччині.",
       "term-missing"},
      {"en", "uk", "He returned to Kyiv.", "Він повернувся до столиці.", "term-missing"},
      {"uk", "en", "Обстріли в Донецькій області.", "Shelling in the Donetsk region.",
       "term-missing"},
      // No rendering in the target language: nothing to check.
      {"en", "uk", "The Rada voted.", "Парламент проголосував.", ""},
      // Twice in the source, once in the target: the concept is there.
      {"en", "uk", "Kyiv said Kyiv would not yield.", "Київ заявив, що не поступиться.", ""},
      // Forbidden in the source: reported, and the rendering still required.
      {"en", "uk", "He returned to Kiev.", "Він повернувся до Києва.", "forbidden-term"},
      {"en", "uk", "He returned to Kiev.", "Він повернувся додому.", "forbidden-term term-missing"},
      // Forbidden in the target (reported once, not also as missing).
      {"en", "uk", "Strikes on Kharkiv.", "Удари по Харькову.", "forbidden-term"},
      {"en", "uk", "Strikes near the city.", "Удари біля Харькова.", "forbidden-term"},
      {"en", "uk", "Strikes on Kharkiv.", "Удари по Харкову.", ""},
  };
  for (const PairCase& c : cases) {
    std::vector<QaProblem> got = Check(c.source, c.target, c.src_lang, c.tgt_lang);
    EXPECT_EQ(Kinds(got), c.kinds) << c.source << " → " << c.target;
  }
}

TEST(QaTermTest, AMissingTermNamesItsApprovedRenderings) {
  std::vector<QaProblem> got = Check("A ceasefire was agreed.", "Домовилися.");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].kind, QaKind::kTermMissing);
  EXPECT_EQ(got[0].side, QaSide::kSource);
  EXPECT_EQ(got[0].term, "ceasefire");
  EXPECT_EQ(got[0].renderings, (std::vector<std::string>{"припинення вогню", "перемир'я"}));
  EXPECT_EQ(got[0].start, 2);
  EXPECT_EQ(got[0].end, 11);
  EXPECT_NE(got[0].detail.find("припинення вогню"), std::string::npos) << got[0].detail;
}

TEST(QaTermTest, AForbiddenTermNamesTheSideAndWhatToUse) {
  std::vector<QaProblem> src = Check("He returned to Kiev.", "Він повернувся до Києва.");
  ASSERT_EQ(src.size(), 1u);
  EXPECT_EQ(src[0].side, QaSide::kSource);
  EXPECT_EQ(src[0].term, "Kiev");
  EXPECT_EQ(src[0].renderings, (std::vector<std::string>{"Kyiv"}));

  std::vector<QaProblem> tgt = Check("Strikes on Kharkiv.", "Удари по Харькову.");
  ASSERT_EQ(tgt.size(), 1u);
  EXPECT_EQ(tgt[0].side, QaSide::kTarget);
  EXPECT_EQ(tgt[0].term, "Харькову");
  EXPECT_EQ(tgt[0].base_term, "Харьков");
  EXPECT_EQ(tgt[0].renderings, (std::vector<std::string>{"Харків"}));
  EXPECT_EQ(tgt[0].start, 9);
}

// --- Numbers -----------------------------------------------------------------

TEST(QaNumberTest, TableOfNumberPairs) {
  const PairCase cases[] = {
      // Same value, each locale's way of writing it.
      {"en", "uk", "About 11,000 troops.", "Близько 11 000 військових.", ""},
      {"en", "ru", "About 11,000 troops.", "Около 11 000 военных.", ""},
      {"en", "uk", "Inflation was 2.5%.", "Інфляція становила 2,5%.", ""},
      {"en", "uk", "Inflation was 2.5 percent.", "Інфляція становила 2,5%.", ""},
      {"en", "uk", "About 12,000 people fled.", "Близько 12 тис. людей втекли.", ""},
      {"en", "uk", "Aid of $2.8bn.", "Допомога на 2,8 млрд доларів.", ""},
      {"en", "uk", "1.5 million people.", "1,5 млн людей.", ""},
      {"en", "ko", "About 12,000 people.", "약 1만2천 명.", ""},
      {"en", "uk", "In the 1930s.", "У 1930-х роках.", ""},
      // Numbers in words meet digits.
      {"en", "uk", "Six people were killed.", "Загинули 6 людей.", ""},
      {"en", "uk", "6 people were killed.", "Загинули шість людей.", ""},
      {"en", "uk", "6 people were killed.", "Загинули шестеро людей.", ""},
      {"en", "uk", "One person was killed.", "Загинула 1 людина.", ""},
      // Dates and times by value.
      {"en", "uk", "On October 23, 2024.", "23 жовтня 2024 року.", ""},
      {"en", "uk", "On Oct. 23.", "23 жовтня.", ""},
      {"en", "ko", "On October 23, 2024.", "2024년 10월 23일.", ""},
      {"en", "uk", "At 3:00 PM.", "О 15:00.", ""},
      {"en", "uk", "In March 2022.", "У березні 2022 року.", ""},
      {"en", "ko", "In March.", "3월에.", ""},
      // Values that differ or are left out.
      {"en", "uk", "About 11,000 troops.", "Близько 12 000 військових.", "number-mismatch"},
      {"en", "uk", "About 11,000 troops.", "Близько 11 військових.", "number-mismatch"},
      {"en", "uk", "Six people were killed.", "Загинули 7 людей.", "number-mismatch"},
      {"en", "uk", "7 people were killed.", "Загинули шість людей.", "number-mismatch"},
      {"en", "uk", "On October 23, 2024.", "24 жовтня 2024 року.", "number-mismatch"},
      {"en", "uk", "On October 23.", "23 листопада.", "number-mismatch"},
      {"en", "uk", "At 3:00 PM.", "О 14:00.", "number-mismatch"},
      {"en", "uk", "Troops fled.", "Втекли 300 військових.", "number-mismatch"},
      // A multiset: the same value twice needs it twice.
      {"en", "uk", "5 and 5.", "5 і 6.", "number-mismatch"},
  };
  for (const PairCase& c : cases) {
    std::vector<QaProblem> got = CheckNumbers(c.source, c.target, c.src_lang, c.tgt_lang);
    EXPECT_EQ(Kinds(got), c.kinds) << c.source << " → " << c.target;
  }
}

TEST(QaNumberTest, AMismatchListsWhatEachSideLacks) {
  std::vector<QaProblem> got = CheckNumbers("About 11,000 troops in 2024.",
                                            "Близько 12 000 військових у 2024 році.", "en", "uk");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].source_only, (std::vector<std::string>{"11,000"}));
  EXPECT_EQ(got[0].target_only, (std::vector<std::string>{"12 000"}));
  EXPECT_NE(got[0].detail.find("11,000"), std::string::npos) << got[0].detail;
}

TEST(QaNumberTest, APartlyDifferentDateNamesThePart) {
  std::vector<QaProblem> got =
      CheckNumbers("On October 23, 2024.", "24 жовтня 2024 року.", "en", "uk");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].source_only, (std::vector<std::string>{"October 23, 2024 (day)"}));
  EXPECT_EQ(got[0].target_only, (std::vector<std::string>{"24 жовтня 2024 року (day)"}));
}

TEST(QaNumberTest, AMissingDateIsNamedOnce) {
  std::vector<QaProblem> got = CheckNumbers("On October 23, 2024.", "Учора.", "en", "uk");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].source_only, (std::vector<std::string>{"October 23, 2024"}));
  EXPECT_TRUE(got[0].target_only.empty());
}

// --- Together ----------------------------------------------------------------

TEST(QaCheckPairTest, TermProblemsComeBeforeTheNumberMismatch) {
  std::vector<QaProblem> got =
      Check("In Kiev 11,000 fled Donetsk Oblast.", "У Києві 12 000 утекли з Донеччини.");
  EXPECT_EQ(Kinds(got), "forbidden-term term-missing number-mismatch");
}

TEST(QaCheckPairTest, ACleanPairHasNoProblems) {
  EXPECT_TRUE(Check("", "").empty());
  EXPECT_TRUE(Check("Kyiv, October 23, 2024: 11,000 fled Donetsk Oblast.",
                    "Київ, 23 жовтня 2024 року: 11 000 утекли з Донецької області.")
                  .empty());
}

TEST(QaCheckPairTest, KindNamesAreStable) {
  EXPECT_EQ(QaKindName(QaKind::kTermMissing), "term-missing");
  EXPECT_EQ(QaKindName(QaKind::kForbiddenTerm), "forbidden-term");
  EXPECT_EQ(QaKindName(QaKind::kNumberMismatch), "number-mismatch");
}

}  // namespace
}  // namespace tmkit
