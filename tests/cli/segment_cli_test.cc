// End-to-end: `tmkit segment` through the real build/tmkit. Output format
// (one sentence a line, an empty line between paragraphs), --json, stdin,
// --format, and errors with their exit codes. The rules themselves are
// tested in tests/core/segment_test.cc.
#include <gtest/gtest.h>

#include <string>

#include "cli/cli_test_helpers.h"

namespace tmkit::testing {
namespace {

class SegmentCliTest : public ::testing::Test {
 protected:
  CommandResult Segment(const std::string& args) { return fx_.Tmkit("segment " + args); }
  std::string Write(const std::string& name, const std::string& content) {
    return fx_.Write(name, content);
  }
  StoreFixture fx_;
};

TEST_F(SegmentCliTest, PrintsOneSentenceALineAndBlankLinesBetweenParagraphs) {
  std::string f = Write("a.txt", "Mr. Lee met Gen. Kim. They talked.\n\nThe U.S. Army said so.\n");
  CommandResult r = Segment(ShellQuote(f) + " --lang en");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Mr. Lee met Gen. Kim.\nThey talked.\n\nThe U.S. Army said so.\n");
}

TEST_F(SegmentCliTest, OutputIsValidPresegmentedInputForAlign) {
  std::string f = Write("uk.txt", "Президент В. Зеленський прибув. Він виступив.\n\nКінець.");
  CommandResult r = Segment(ShellQuote(f) + " --lang uk");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Президент В. Зеленський прибув.\nВін виступив.\n\nКінець.\n");
}

TEST_F(SegmentCliTest, JsonHasParagraphsAndByteOffsets) {
  std::string text = "Привіт. Як справи?\n\nДобре.";
  std::string f = Write("uk.txt", text);
  CommandResult r = Segment(ShellQuote(f) + " --lang uk --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j = Json::Parse(r.out);
  EXPECT_EQ(j["lang"].str(), "uk");
  ASSERT_EQ(j["sentences"].size(), 3u);
  EXPECT_EQ(j["sentences"][1]["text"].str(), "Як справи?");
  EXPECT_EQ(j["sentences"][1]["paragraph"].num(), 0);
  EXPECT_EQ(j["sentences"][2]["paragraph"].num(), 1);
  for (const Json& s : j["sentences"].items()) {
    size_t b = static_cast<size_t>(s["begin"].num()), e = static_cast<size_t>(s["end"].num());
    EXPECT_EQ(text.substr(b, e - b), s["text"].str());
  }
}

TEST_F(SegmentCliTest, ReadsStandardInput) {
  CommandResult r = RunShell("printf '북한은 거부했다.그러나 대화는 계속됐다.' | " +
                             ShellQuote(TMKIT_BINARY) + " segment - --lang ko");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "북한은 거부했다.\n그러나 대화는 계속됐다.\n");
}

TEST_F(SegmentCliTest, FormatMarkdownAndHtml) {
  std::string md = Write("a.md", "# Title\n\n- One item\n- Two items\n");
  CommandResult r = Segment(ShellQuote(md) + " --lang en --format markdown");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Title\n\nOne item\n\nTwo items\n");
  std::string html = Write("a.html", "<h1>Title</h1><p>One. Two &amp; three.</p>");
  r = Segment(ShellQuote(html) + " --lang en");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Title\n\nOne.\nTwo & three.\n");
}

TEST_F(SegmentCliTest, InvalidUtf8IsNamedWithFileAndLine) {
  std::string f = Write("bad.txt", "fine\ncaf\xE9\n");
  CommandResult r = Segment(ShellQuote(f) + " --lang en");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.txt:2: expected UTF-8 text, found byte 0xE9"), std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST_F(SegmentCliTest, BinaryAndMissingFilesFail) {
  std::string f = Write("bin.dat", std::string("ab\0\x01", 4));
  CommandResult r = Segment(ShellQuote(f) + " --lang en");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bin.dat:1: expected text, found a NUL byte"), std::string::npos) << r.err;
  r = Segment(ShellQuote(fx_.Path("none.txt")) + " --lang en");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("none.txt: no such file"), std::string::npos) << r.err;
}

TEST_F(SegmentCliTest, UsageErrorsExitTwo) {
  std::string f = Write("a.txt", "Hello.");
  EXPECT_EQ(Segment(ShellQuote(f)).exit_code, 2);                         // no --lang
  EXPECT_EQ(Segment(ShellQuote(f) + " --lang 'en--US'").exit_code, 2);    // bad tag
  EXPECT_EQ(Segment(ShellQuote(f) + " --lang en --format pdf").exit_code, 2);
  EXPECT_EQ(Segment("--lang en").exit_code, 2);                           // no FILE
}

TEST_F(SegmentCliTest, HelpTeachesWithExamples) {
  CommandResult r = Segment("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Examples:"), std::string::npos);
  EXPECT_NE(r.out.find("--presegmented"), std::string::npos);
}

TEST_F(SegmentCliTest, SampleArticlesMatchTheHandSegmentation) {
  for (const char* lang : {"en", "uk", "ko"}) {
    std::string base = std::string(TMKIT_SOURCE_DIR) + "/data/sample/zaporizhzhia-article." + lang;
    CommandResult r = Segment(ShellQuote(base + ".txt") + " --lang " + lang);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    CommandResult gold = RunShell("cat " + ShellQuote(base + ".sent.txt"));
    ASSERT_EQ(gold.exit_code, 0) << gold.err;
    EXPECT_EQ(r.out, gold.out) << lang;
  }
}

TEST_F(SegmentCliTest, EmptyFilePrintsNothing) {
  std::string f = Write("empty.txt", "");
  CommandResult r = Segment(ShellQuote(f) + " --lang en");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace tmkit::testing
