// Limits (issue 7): inputs at the edges either work or are refused with a
// message naming the limit — never a crash or an out-of-memory kill. The
// figures (times, memory) are in doc/reliability.md; nothing here is timed.
#include <gtest/gtest.h>

#include <string>

#include "cli/cli_test_helpers.h"

namespace tmkit::testing {
namespace {

const char kHeader[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" "
    "creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" "
    "datatype=\"plaintext\"/><body>\n";

class LimitsCliTest : public ::testing::Test, public StoreFixture {};

TEST_F(LimitsCliTest, AOneMegabyteSegmentImportsAndExportsWhole) {
  std::string big;
  const char* words[] = {"river ", "flood ", "village ", "rescuers ", "evacuated "};
  for (size_t i = 0; big.size() < (1u << 20); ++i) big += words[i % 5];
  CommandResult r = Tmkit("import " + ShellQuote(Write("big.tmx", std::string(kHeader) +
                                                                    "<tu><tuv xml:lang=\"en\"><seg>" + big +
                                                                    "</seg></tuv><tuv xml:lang=\"uk\"><seg>"
                                                                    "великий</seg></tuv></tu></body></tmx>\n")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string out = Path("out.tmx");
  ASSERT_EQ(Tmkit("export -o " + ShellQuote(out)).exit_code, 0);
  EXPECT_NE(ReadFile(out).find(big), std::string::npos);
  EXPECT_EQ(Tmkit("verify").exit_code, 0);
}

TEST_F(LimitsCliTest, AUnitWith500LanguagesImportsAndExportsEveryLanguage) {
  std::string tuvs;
  for (int i = 0; i < 500; ++i) {
    const std::string lang = {static_cast<char>('a' + i / 26), static_cast<char>('a' + i % 26)};
    tuvs += "<tuv xml:lang=\"" + lang + "\"><seg>text " + std::to_string(i) + "</seg></tuv>";
  }
  CommandResult r = Tmkit("import --json " +
                          ShellQuote(Write("langs.tmx", std::string(kHeader) + "<tu srclang=\"*all*\">" +
                                                            tuvs + "</tu></body></tmx>\n")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Json::Parse(r.out)["files"][0]["added"].num(), 1);
  std::string out = Path("out.tmx");
  ASSERT_EQ(Tmkit("export -o " + ShellQuote(out)).exit_code, 0);
  const std::string text = ReadFile(out);
  size_t n = 0;
  for (size_t p = text.find("<tuv "); p != std::string::npos; p = text.find("<tuv ", p + 1)) ++n;
  EXPECT_EQ(n, 500u);
}

TEST_F(LimitsCliTest, ElementsNestedDeeperThanTheLimitAreRefusedNamingIt) {
  std::string tmx = std::string(kHeader) + "<tu><tuv xml:lang=\"en\"><seg>";
  for (int i = 0; i < 100000; ++i) tmx += "<hi>";
  tmx += "x";
  for (int i = 0; i < 100000; ++i) tmx += "</hi>";
  tmx += "</seg></tuv></tu></body></tmx>\n";
  std::string xlf =
      "<?xml version=\"1.0\"?><xliff version=\"1.2\" "
      "xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file original=\"a\" "
      "source-language=\"en\" target-language=\"uk\" datatype=\"plaintext\"><body><trans-unit "
      "id=\"1\"><source>";
  for (int i = 0; i < 100000; ++i) xlf += "<g id=\"1\">";
  for (int i = 0; i < 100000; ++i) xlf += "</g>";
  xlf += "</source><target>y</target></trans-unit></body></file></xliff>\n";
  for (const auto& [name, content] : {std::pair{"deep.tmx", tmx}, std::pair{"deep.xlf", xlf}}) {
    CommandResult r = Tmkit("import " + ShellQuote(Write(name, content)));
    EXPECT_EQ(r.exit_code, 1) << name;
    EXPECT_NE(r.err.find("nested more than"), std::string::npos) << r.err;
  }
  EXPECT_EQ(Json::Parse(Tmkit("stats --json").out)["units"].num(), 0);
}

}  // namespace
}  // namespace tmkit::testing
