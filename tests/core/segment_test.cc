// The sentence segmenter (core/include/tmkit/core/segment.h): the rules per
// language as tables, then paragraphs, Markdown, HTML, presegmented input,
// files and bad input.
#include "tmkit/core/segment.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "test_util.h"

namespace tmkit {
namespace {

using Sentences = std::vector<std::string>;

struct Case {
  const char* name;
  const char* text;
  Sentences expected;
};

void ExpectTable(const std::vector<Case>& cases, const char* lang) {
  for (const Case& c : cases) {
    EXPECT_EQ(SplitSentences(c.text, lang), c.expected) << lang << ": " << c.name;
  }
}

std::vector<std::string> Texts(const std::vector<Sentence>& s) {
  std::vector<std::string> out;
  for (const Sentence& x : s) out.push_back(x.text);
  return out;
}

std::vector<uint32_t> Paragraphs(const std::vector<Sentence>& s) {
  std::vector<uint32_t> out;
  for (const Sentence& x : s) out.push_back(x.paragraph);
  return out;
}

// --- English ---------------------------------------------------------------

TEST(SegmentTest, EnglishTitlesNeverEndASentence) {
  ExpectTable({{"Mr.", "Mr. Lee met Gen. Kim. They talked.", {"Mr. Lee met Gen. Kim.", "They talked."}},
               {"Dr. and St.", "Dr. Kim visited St. Petersburg.", {"Dr. Kim visited St. Petersburg."}},
               {"Sen. and Rep.", "Sen. Warren and Rep. Smith spoke.", {"Sen. Warren and Rep. Smith spoke."}}},
              "en");
}

TEST(SegmentTest, EnglishMonthBeforeADateContinues) {
  ExpectTable({{"Oct. 23", "It began on Oct. 23, 2023. Troops moved.", {"It began on Oct. 23, 2023.", "Troops moved."}},
               {"Jan. 2023", "It was in Jan. 2023. Then it ended.", {"It was in Jan. 2023.", "Then it ended."}}},
              "en");
}

TEST(SegmentTest, EnglishMultiDotAbbreviations) {
  ExpectTable(
      {{"U.K. as adjective", "The U.K. Ministry agreed.", {"The U.K. Ministry agreed."}},
       {"U.S. at the end", "He lives in the U.S. He is happy.", {"He lives in the U.S.", "He is happy."}},
       {"U.S. before lower case", "I lived in the U.S. for 20 years.", {"I lived in the U.S. for 20 years."}},
       {"Ph.D.", "He has a Ph.D. in physics.", {"He has a Ph.D. in physics."}},
       {"a.m. at the end", "He left at 6 a.m. Travelers stayed.", {"He left at 6 a.m.", "Travelers stayed."}},
       {"unknown multi-dot", "Send it to P.O. Box 6554.", {"Send it to P.O. Box 6554."}}},
      "en");
}

TEST(SegmentTest, EnglishMaybeEndAbbreviations) {
  ExpectTable({{"Co. at the end", "They sold it to Briggs & Co. It closed.", {"They sold it to Briggs & Co.", "It closed."}},
               {"Co. inside", "They sold it to Briggs & Co. at noon.", {"They sold it to Briggs & Co. at noon."}},
               {"etc.", "Oil, gas, etc. Prices rose.", {"Oil, gas, etc.", "Prices rose."}},
               {"No. before a number", "He won No. 5 in the list.", {"He won No. 5 in the list."}}},
              "en");
}

TEST(SegmentTest, EnglishInitials) {
  ExpectTable({{"middle initial", "My name is Jonas E. Smith.", {"My name is Jonas E. Smith."}},
               {"two initials", "J. R. Tolkien wrote it.", {"J. R. Tolkien wrote it."}},
               {"pronoun I at the end", "A good team, you and I. Did you see him?", {"A good team, you and I.", "Did you see him?"}},
               {"Plan B. Then", "We chose Plan B. Then it rained.", {"We chose Plan B.", "Then it rained."}}},
              "en");
}

TEST(SegmentTest, EnglishQuotesAndBrackets) {
  ExpectTable(
      {{"quote ends the sentence", "She said, \"This is great.\" She left.", {"She said, \"This is great.\"", "She left."}},
       {"quote inside a sentence", "She said, \"This is great.\" she said.", {"She said, \"This is great.\" she said."}},
       {"curly quotes", "He said: “We will win. We will.” Then he left.", {"He said: “We will win. We will.”", "Then he left."}},
       {"parenthesis", "He teaches (He worked as an engineer.) at the school.", {"He teaches (He worked as an engineer.) at the school."}},
       {"exclamation inside", "Leave me alone! he yelled. I left.", {"Leave me alone! he yelled.", "I left."}}},
      "en");
}

TEST(SegmentTest, EnglishEllipses) {
  ExpectTable({{"then capital", "He waited... Then he left.", {"He waited...", "Then he left."}},
               {"then lower case", "He waited... and then he left.", {"He waited... and then he left."}},
               {"unicode ellipsis", "He waited… Then he left.", {"He waited…", "Then he left."}},
               {"bracketed omission", "\"Bohr [...] used stairs [...]\" (Smith 55).", {"\"Bohr [...] used stairs [...]\" (Smith 55)."}}},
              "en");
}

TEST(SegmentTest, EnglishNumbersUrlsAndReferences) {
  ExpectTable(
      {{"decimal", "She has $100.00 in her bag.", {"She has $100.00 in her bag."}},
       {"e-mail", "Write to jane.doe@example.com. I did.", {"Write to jane.doe@example.com.", "I did."}},
       {"url", "See https://www.example.com/a.html. Please check.", {"See https://www.example.com/a.html.", "Please check."}},
       {"missing space", "Hello world.Today is Tuesday.", {"Hello world.", "Today is Tuesday."}},
       {"footnote", "He was a saint.[1] The emperor ruled.", {"He was a saint.[1]", "The emperor ruled."}},
       {"brand with !", "She works at Yahoo! in the city.", {"She works at Yahoo! in the city."}}},
      "en");
}

TEST(SegmentTest, EnglishNumberedLists) {
  ExpectTable({{"1. 2.", "1. The first item 2. The second item", {"1. The first item", "2. The second item"}},
               {"a) b)", "a) here it is b) another", {"a) here it is", "b) another"}},
               {"(i) (ii)", "(i) Hello world. (ii) Hello world.", {"(i) Hello world.", "(ii) Hello world."}},
               {"bullets", "• 9. The first item • 10. The second item", {"• 9. The first item", "• 10. The second item"}},
               {"not a list", "As payment for 1. above, pay us.", {"As payment for 1. above, pay us."}}},
              "en");
}

TEST(SegmentTest, NumberedListRestartsAtOne) {
  EXPECT_EQ(SplitSentences("1.) The first item 2.) The second item 1.) The first item. 2.) The second item.", "en"),
            (Sentences{"1.) The first item", "2.) The second item", "1.) The first item.", "2.) The second item."}));
}

TEST(SegmentTest, SpacedEllipsisInsideASentenceIsNoEnd) {
  EXPECT_EQ(SplitSentences("What I'm saying, the thing is . . . I didn't mean it.", "en"),
            (Sentences{"What I'm saying, the thing is . . . I didn't mean it."}));
  EXPECT_EQ(SplitSentences("Leave it at a period . . . . Next sentence.", "en"),
            (Sentences{"Leave it at a period . . . .", "Next sentence."}));
}

TEST(SegmentTest, PeriodThenSpacedEllipsisStartsTheNextSentence) {
  EXPECT_EQ(SplitSentences("They combined words into compounds. . . . The practice was not abandoned. . . .", "en"),
            (Sentences{"They combined words into compounds.", ". . . The practice was not abandoned. . . ."}));
}

TEST(SegmentTest, RelativeParenthesisAfterAQuoteStaysWithIt) {
  EXPECT_EQ(SplitSentences("'I fell off the top of the house!' (Which was very likely true.) She left.", "en"),
            (Sentences{"'I fell off the top of the house!' (Which was very likely true.)", "She left."}));
}

TEST(SegmentTest, OtherParenthesisAfterAQuoteIsASentence) {
  EXPECT_EQ(SplitSentences("\"Dinah'll miss me, I should think!\" (Dinah was the cat.) \"I hope so.\"", "en"),
            (Sentences{"\"Dinah'll miss me, I should think!\"", "(Dinah was the cat.)", "\"I hope so.\""}));
  EXPECT_EQ(SplitSentences("He left. (Which was true.) She stayed.", "en"),
            (Sentences{"He left.", "(Which was true.)", "She stayed."}));
}

TEST(SegmentTest, AQuoteCutOffByADashEndsTheSentence) {
  EXPECT_EQ(SplitSentences("Two began, \"We are doing our best, Miss. Before she comes, to--\" At this moment, Five called out.", "en"),
            (Sentences{"Two began, \"We are doing our best, Miss. Before she comes, to--\"", "At this moment, Five called out."}));
}

TEST(SegmentTest, QuestionThenSpacedDashAndCapitalEndsTheSentence) {
  EXPECT_EQ(SplitSentences("What do you see? - Posted like sentinels, they stand.", "en"),
            (Sentences{"What do you see?", "- Posted like sentinels, they stand."}));
  EXPECT_EQ(SplitSentences("«Куда? – Домой!» – ответил он.", "ru"), (Sentences{"«Куда? – Домой!» – ответил он."}));
}

TEST(SegmentTest, CountryAbbreviationEndsBeforeAnUnrelatedCapital) {
  EXPECT_EQ(SplitSentences("He raised it at the U.N. Pyongyang has not commented.", "en"),
            (Sentences{"He raised it at the U.N.", "Pyongyang has not commented."}));
  EXPECT_EQ(SplitSentences("President of the U.S. Millions attended.", "en"),
            (Sentences{"President of the U.S.", "Millions attended."}));
}

TEST(SegmentTest, CountryAbbreviationContinuesBeforeANounItModifies) {
  EXPECT_EQ(SplitSentences("I work for the U.S. Government in Virginia.", "en"),
            (Sentences{"I work for the U.S. Government in Virginia."}));
  EXPECT_EQ(SplitSentences("The U.N. Security Council met. The U.S. and the U.K. condemned it.", "en"),
            (Sentences{"The U.N. Security Council met.", "The U.S. and the U.K. condemned it."}));
}

TEST(SegmentTest, FrontedTimePhraseIsNoSentence) {
  EXPECT_EQ(SplitSentences("At 5 a.m. Mr. Smith went to the bank. He left at 6 P.M. Mr. Smith then went home.", "en"),
            (Sentences{"At 5 a.m. Mr. Smith went to the bank.", "He left at 6 P.M.", "Mr. Smith then went home."}));
}

TEST(SegmentTest, ShortBracketsAreNotSplit) {
  EXPECT_EQ(SplitSentences("[15: 12:32] [16: firma? 13:28]", "en"), (Sentences{"[15: 12:32] [16: firma? 13:28]"}));
}

// --- Ukrainian, Russian, Korean, German ------------------------------------

TEST(SegmentTest, UkrainianAbbreviationsAndInitials) {
  ExpectTable(
      {{"initials and titles", "Президент В. Зеленський зустрівся з ген. Сирським у м. Києві. Потім поїхав.",
        {"Президент В. Зеленський зустрівся з ген. Сирським у м. Києві.", "Потім поїхав."}},
       {"р. after a year ends", "Це сталося 23 жовтня 2023 р. Потім усе змінилося.",
        {"Це сталося 23 жовтня 2023 р.", "Потім усе змінилося."}},
       {"р. before lower case", "У 2023 р. ситуація змінилася.", {"У 2023 р. ситуація змінилася."}},
       {"і т. ін.", "Купили хліб, молоко і т. ін. Потім пішли.", {"Купили хліб, молоко і т. ін.", "Потім пішли."}},
       {"тис. before lower case", "Прибули 11 тис. військових.", {"Прибули 11 тис. військових."}}},
      "uk");
}

TEST(SegmentTest, RussianAbbreviationsAndInitials) {
  ExpectTable(
      {{"initials", "Президент В. В. Путин встретился с ген. Герасимовым в г. Москве.",
        {"Президент В. В. Путин встретился с ген. Герасимовым в г. Москве."}},
       {"г. after a year ends", "Это было в 2023 г. См. ст. 5 закона.", {"Это было в 2023 г.", "См. ст. 5 закона."}},
       {"т. д.", "Яблоки, груши и т. д. Потом мы ушли.", {"Яблоки, груши и т. д.", "Потом мы ушли."}},
       {"dialogue inside quotes", "«К чему ты готовишься? – спросила мама. – Завтра выходной».",
        {"«К чему ты готовишься? – спросила мама. – Завтра выходной»."}},
       {"проф. before a name", "Уважаемый проф. Семенов! Просьба сдать отчет.",
        {"Уважаемый проф. Семенов!", "Просьба сдать отчет."}}},
      "ru");
}

TEST(SegmentTest, KoreanEndingsWithAndWithoutSpace) {
  ExpectTable(
      {{"space", "북한은 회담을 거부했다. 그러나 대화는 계속됐다.", {"북한은 회담을 거부했다.", "그러나 대화는 계속됐다."}},
       {"no space", "북한은 회담을 거부했다.그러나 대화는 계속됐다.", {"북한은 회담을 거부했다.", "그러나 대화는 계속됐다."}},
       {"English abbreviations", "그러나 U.S. 관계자는 Mr. Kim을 언급했다!", {"그러나 U.S. 관계자는 Mr. Kim을 언급했다!"}},
       {"quote", "\"우리는 포기하지 않는다\"고 그는 말했다. 끝났다.", {"\"우리는 포기하지 않는다\"고 그는 말했다.", "끝났다."}}},
      "ko");
}

TEST(SegmentTest, GermanAbbreviationsAndOrdinals) {
  ExpectTable({{"z. B.", "Du kannst z. B. Obst essen.", {"Du kannst z. B. Obst essen."}},
               {"ordinal date", "Was geschah am 12. Juni? Nichts.", {"Was geschah am 12. Juni?", "Nichts."}},
               {"number at the end", "Es steht auf Seite 12. Dort kannst du lesen.", {"Es steht auf Seite 12.", "Dort kannst du lesen."}},
               {"Dr.", "Dr. Müller kam. Er blieb.", {"Dr. Müller kam.", "Er blieb."}}},
              "de");
}

TEST(SegmentTest, OtherLanguagesUseIcuDefaults) {
  EXPECT_EQ(SplitSentences("Hola. ¿Qué tal? Bien.", "es"), (Sentences{"Hola.", "¿Qué tal?", "Bien."}));
  EXPECT_EQ(SplitSentences("你好。我很好。", "zh"), (Sentences{"你好。", "我很好。"}));
  EXPECT_EQ(SplitSentences("One. Two.", "x-unknown"), (Sentences{"One.", "Two."}));
}

TEST(SegmentTest, TextIsNfcWithWhitespaceFolded) {
  EXPECT_EQ(SplitSentences("  Cafe\xCC\x81   opened\n today.  ", "en"), (Sentences{"Café opened today."}));
}

TEST(SegmentTest, ALoneNoBreakSpaceIsKept) {
  EXPECT_EQ(SplitSentences("Близько 6\u00A0000 мегават.  Так\u00A0 і є.", "uk"),
            (Sentences{"Близько 6\u00A0000 мегават.", "Так і є."}));
}

TEST(SegmentTest, EmptyAndBlankTextHaveNoSentences) {
  EXPECT_TRUE(SplitSentences("", "en").empty());
  EXPECT_TRUE(SplitSentences(" \n\t ", "en").empty());
  Result<std::vector<Sentence>> s = SegmentDocument("", "en");
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(s->empty());
}

// --- Paragraphs and line breaks ------------------------------------------

TEST(SegmentTest, BlankLinesAreHardParagraphBoundaries) {
  Result<std::vector<Sentence>> s = SegmentDocument("He met Mr.\n\nLee said so. Yes.\n\n\n\nEnd", "en");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(Texts(*s), (Sentences{"He met Mr.", "Lee said so.", "Yes.", "End"}));
  EXPECT_EQ(Paragraphs(*s), (std::vector<uint32_t>{0, 1, 1, 2}));
}

TEST(SegmentTest, HeadlineLineStandsAlone) {
  Result<std::vector<Sentence>> s = SegmentDocument(
      "Russia launches drones at Kyiv\nKYIV, Oct. 23 - Russian forces launched drones overnight, "
      "officials said, and air defences shot most of them down over the capital region.",
      "en");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(Texts(*s), (Sentences{"Russia launches drones at Kyiv",
                                  "KYIV, Oct. 23 - Russian forces launched drones overnight, "
                                  "officials said, and air defences shot most of them down over "
                                  "the capital region."}));
  EXPECT_EQ(Paragraphs(*s), (std::vector<uint32_t>{0, 0}));
}

TEST(SegmentTest, HardWrappedProseJoinsAtTheWrap) {
  // Wrapped at 72 columns: the line breaks fall where the next word would not
  // have fitted, before lower-case and capitalised words alike.
  Result<std::vector<Sentence>> s = SegmentDocument(
      "The plant switched to its emergency diesel generators within minutes, the\n"
      "International Atomic Energy Agency said in a statement on Monday evening.\n"
      "About 1,500 tonnes of diesel are stored on site, enough for roughly ten\n"
      "days, the agency said.",
      "en");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(Texts(*s),
            (Sentences{"The plant switched to its emergency diesel generators within minutes, the "
                       "International Atomic Energy Agency said in a statement on Monday evening.",
                       "About 1,500 tonnes of diesel are stored on site, enough for roughly ten "
                       "days, the agency said."}));
}

TEST(SegmentTest, ShortLinesAreSeparateSentences) {
  EXPECT_EQ(Texts(SegmentDocument("features\ncontact manager\nevents, activities\n", "en").value()),
            (Sentences{"features", "contact manager", "events, activities"}));
  EXPECT_EQ(Texts(SegmentDocument("1. Ich spiele gern Tennis.\nspielen\nspielt\n", "de").value()),
            (Sentences{"1. Ich spiele gern Tennis.", "spielen", "spielt"}));
}

TEST(SegmentTest, ALowerCaseLineThatEndsTheSentenceContinuesIt) {
  EXPECT_EQ(Texts(SegmentDocument("This is a sentence\ncut off in the middle because pdf.", "en").value()),
            (Sentences{"This is a sentence cut off in the middle because pdf."}));
}

TEST(SegmentTest, ATrailingSpaceMarksAFlowedLine) {
  EXPECT_EQ(Texts(SegmentDocument("It was a cold \nnight in the city.", "en").value()),
            (Sentences{"It was a cold night in the city."}));
}

TEST(SegmentTest, ALineOfTerminalPunctuationJoinsThePreviousWord) {
  EXPECT_EQ(Texts(SegmentDocument("Contact us for pricing\n.\n\n\nPricing Info\n", "en").value()),
            (Sentences{"Contact us for pricing.", "Pricing Info"}));
}

TEST(SegmentTest, ABlockWithoutALetterIsNotASentence) {
  EXPECT_EQ(Texts(SegmentDocument("\n3\n\nIntroduction\n\n----\n\nKyiv, 2024.\n", "en").value()),
            (Sentences{"Introduction", "Kyiv, 2024."}));
  EXPECT_EQ(Texts(SegmentDocument("12 345\n\n평양", "ko").value()), (Sentences{"평양"}));
}

TEST(SegmentTest, ListLinesAreSentencesInPlainText) {
  Result<std::vector<Sentence>> s =
      SegmentDocument("Steps:\n- plan early\n- eat well\n1. Rest more", "en", TextFormat::kPlain);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(Texts(*s), (Sentences{"Steps:", "- plan early", "- eat well", "1. Rest more"}));
}

TEST(SegmentTest, OffsetsPointIntoTheInput) {
  std::string text = "Привіт. Як справи?\n\nДобре.";
  Result<std::vector<Sentence>> s = SegmentDocument(text, "uk");
  ASSERT_TRUE(s.has_value());
  ASSERT_EQ(s->size(), 3u);
  for (const Sentence& x : *s) EXPECT_EQ(text.substr(x.begin, x.end - x.begin), x.text);
}

// --- Markdown and HTML -----------------------------------------------------

TEST(SegmentTest, MarkdownHeadingsAndListItemsAreParagraphs) {
  std::string md =
      "# Drones hit Kyiv\n\nRussian forces attacked. The **U.S.** condemned it.\n\n"
      "- First item\n- Second [item](http://x.org)\n\n> Quoted text.\n";
  Result<std::vector<Sentence>> s = SegmentDocument(md, "en");  // auto-detected
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(Texts(*s), (Sentences{"Drones hit Kyiv", "Russian forces attacked.",
                                  "The U.S. condemned it.", "First item", "Second item",
                                  "Quoted text."}));
  EXPECT_EQ(Paragraphs(*s), (std::vector<uint32_t>{0, 1, 1, 2, 3, 4}));
}

TEST(SegmentTest, MarkdownCodeBlocksAreSkipped) {
  Result<std::vector<Sentence>> s =
      SegmentDocument("Text one.\n\n```\nint x = 1;\n```\n\nText two.", "en", TextFormat::kMarkdown);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(Texts(*s), (Sentences{"Text one.", "Text two."}));
}

TEST(SegmentTest, HtmlBlocksAreParagraphsAndEntitiesDecoded) {
  std::string html =
      "<html><head><style>p{}</style></head><body><h2>Hello</h2>\n<p>This is a test. "
      "Tom &amp; Jerry&nbsp;left.</p><p><em>Yes.</em> <em>It is</em>!</p></body></html>";
  Result<std::vector<Sentence>> s = SegmentDocument(html, "en");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(Texts(*s), (Sentences{"Hello", "This is a test.", "Tom & Jerry left.", "Yes.", "It is!"}));
  EXPECT_EQ(Paragraphs(*s), (std::vector<uint32_t>{0, 1, 1, 2, 2}));
  const Sentence& amp = (*s)[2];
  EXPECT_EQ(html.substr(amp.begin, amp.end - amp.begin), "Tom &amp; Jerry&nbsp;left.");
}

TEST(SegmentTest, ParseTextFormatNamesTheChoices) {
  EXPECT_EQ(ParseTextFormat("markdown").value(), TextFormat::kMarkdown);
  EXPECT_EQ(ParseTextFormat("text").value(), TextFormat::kPlain);
  Result<TextFormat> bad = ParseTextFormat("pdf");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.error().message.find("pdf"), std::string::npos);
}

// --- Presegmented input ----------------------------------------------------

TEST(SegmentTest, PresegmentedLinesAreSentencesAndBlankLinesParagraphs) {
  Result<std::vector<Sentence>> s = ReadPresegmented("  One.  \r\nTwo.\n\n\nThree.\n");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(Texts(*s), (Sentences{"One.", "Two.", "Three."}));
  EXPECT_EQ(Paragraphs(*s), (std::vector<uint32_t>{0, 0, 1}));
  EXPECT_EQ((*s)[0].begin, 2u);
  EXPECT_EQ((*s)[0].end, 6u);
}

TEST(SegmentTest, SegmentOutputReadsBackAsPresegmented) {
  Result<std::vector<Sentence>> s = SegmentDocument("A b. C d.\n\nE f.", "en");
  ASSERT_TRUE(s.has_value());
  std::string out;
  for (size_t i = 0; i < s->size(); ++i) {
    if (i && (*s)[i].paragraph != (*s)[i - 1].paragraph) out += "\n";
    out += (*s)[i].text + "\n";
  }
  Result<std::vector<Sentence>> back = ReadPresegmented(out);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(Texts(*back), Texts(*s));
  EXPECT_EQ(Paragraphs(*back), Paragraphs(*s));
}

// --- Bad input, files, size ------------------------------------------------

TEST(SegmentTest, InvalidUtf8IsInvalidInputWithItsPosition) {
  Result<std::vector<Sentence>> s = SegmentDocument("ok\nbad \xE9 byte", "en");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(s.error().message.find("byte 7"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("0xE9"), std::string::npos);
  Result<std::vector<Sentence>> p = ReadPresegmented("ok\nbad \xE9 byte");
  ASSERT_FALSE(p.has_value());
  EXPECT_NE(p.error().message.find("line 2"), std::string::npos) << p.error().message;
  EXPECT_TRUE(SplitSentences("bad \xE9", "en").empty());
}

TEST(SegmentTest, HugeSingleLineIsLinear) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "Mr. Lee met Gen. Kim in the U.S. on Oct. 23. ";
  std::string no_spaces(300000, 'a');
  for (size_t i = 7; i < no_spaces.size(); i += 8) no_spaces[i] = '.';
  auto start = std::chrono::steady_clock::now();
  Result<std::vector<Sentence>> s = SegmentDocument(text, "en");
  Result<std::vector<Sentence>> t = SegmentDocument(no_spaces, "en");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(s.has_value());
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(s->size(), 20000u);
  EXPECT_LT(seconds, 10.0);
}

TEST(SegmentTest, LoadTextFileDropsBomAndConvertsUtf16) {
  testing::TempDir dir;
  testing::WriteFile(dir / "bom.txt", "\xEF\xBB\xBFHello.");
  EXPECT_EQ(LoadTextFile(dir / "bom.txt").value(), "Hello.");
  std::string le = "\xFF\xFE";
  for (char c : std::string("Hi.\n")) le += std::string{c, '\0'};
  le += std::string("\x16\x04", 2);  // Ж
  testing::WriteFile(dir / "le.txt", le);
  EXPECT_EQ(LoadTextFile(dir / "le.txt").value(), "Hi.\nЖ");
  std::string be = "\xFE\xFF";
  be += std::string("\0A\0.", 4);
  testing::WriteFile(dir / "be.txt", be);
  EXPECT_EQ(LoadTextFile(dir / "be.txt").value(), "A.");
}

TEST(SegmentTest, LoadTextFileNamesTheProblem) {
  testing::TempDir dir;
  Result<std::string> missing = LoadTextFile(dir / "none.txt");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  testing::WriteFile(dir / "latin1.txt", "line one\ncaf\xE9\n");
  Result<std::string> bad = LoadTextFile(dir / "latin1.txt");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(bad.error().message.find("latin1.txt:2: expected UTF-8"), std::string::npos)
      << bad.error().message;
  testing::WriteFile(dir / "bin.dat", std::string("ab\0cd", 5));
  Result<std::string> bin = LoadTextFile(dir / "bin.dat");
  ASSERT_FALSE(bin.has_value());
  EXPECT_NE(bin.error().message.find("NUL"), std::string::npos);
}

}  // namespace
}  // namespace tmkit
