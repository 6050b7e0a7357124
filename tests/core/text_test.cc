#include "tmkit/core/text.h"

#include <gtest/gtest.h>

namespace tmkit {
namespace {

TEST(TextTest, MatchKeyFoldsCaseWidthAndWhitespace) {
  struct Case {
    const char* in;
    const char* key;
  } cases[] = {
      {"Hello  World", "hello world"},
      {"  Tabs\tand\nnewlines ", "tabs and newlines"},
      {"Київ", "київ"},
      {"ДОНЕЦЬКА ОБЛАСТЬ", "донецька область"},
      {"Straße", "strasse"},
      {"ｆｕｌｌｗｉｄｔｈ", "fullwidth"},
      {"평양에서", "평양에서"},
      {"a\u00a0b\u3000c", "a b c"},
  };
  for (const Case& c : cases) EXPECT_EQ(MatchKey(c.in), c.key) << c.in;
}

TEST(TextTest, MatchKeyKeepsPunctuation) {
  EXPECT_NE(MatchKey("Hello, world."), MatchKey("Hello world"));
}

TEST(TextTest, NfcComposesDecomposedText) {
  EXPECT_EQ(ToNfc("e\u0301"), "\u00e9");
  EXPECT_EQ(ToNfc("\u0438\u0306"), "\u0439");  // й
  EXPECT_EQ(ToNfc("plain"), "plain");
}

TEST(TextTest, NormalizeSegmentMovesCodeOffsets) {
  Segment s;
  s.text = "e\u0301 x";  // 3 bytes + space + x
  s.codes.push_back({.kind = CodeKind::kPlaceholder, .element = "ph", .offset = 3});
  NormalizeSegment(&s);
  EXPECT_EQ(s.text, "\u00e9 x");
  EXPECT_EQ(s.codes[0].offset, 2u);  // é is 2 bytes
}

// Found by the fuzzers: messages quoting a file's bytes must stay UTF-8.
TEST(TextTest, ForMessageEscapesBytesThatBreakUtf8) {
  EXPECT_EQ("win\\xFF\\xFE-1251", ForMessage("win\xFF\xFE-1251"));
  EXPECT_EQ("\u0424\u0430\u0439\u043B", ForMessage("\u0424\u0430\u0439\u043B"));
  EXPECT_TRUE(IsValidUtf8(ForMessage("\xC0\xAF\xED\xA0\x80")));
}

TEST(TextTest, ForMessageCutsLongTextAtACodePoint) {
  // Cyrillic letters are two bytes: a cut at 5 bytes keeps two letters.
  EXPECT_EQ("\u0424\u0430...", ForMessage("\u0424\u0430\u0439\u043B", 5));
  EXPECT_EQ("abc", ForMessage("abc", 3));
}

TEST(TextTest, Utf8ValidationRejectsOverlongsAndSurrogates) {
  EXPECT_TRUE(IsValidUtf8("Київ 평양 \xF0\x9D\x90\x80"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("abc\xC3"));           // truncated
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
}

TEST(TextTest, FirstInvalidUtf8NamesTheByte) {
  EXPECT_EQ(FirstInvalidUtf8("Київ 평양"), std::string_view::npos);
  EXPECT_EQ(FirstInvalidUtf8("0123456789abc\xC0\xAF"), 13u);  // after an ASCII run
  EXPECT_EQ(FirstInvalidUtf8("Ки\xED\xA0\x80"), 4u);          // a surrogate
  EXPECT_EQ(FirstInvalidUtf8("abc\xC3"), 3u);                  // truncated
}

TEST(TextTest, HashIsStable) {
  // Stored in the index: must never change between versions.
  EXPECT_EQ(Hash64(""), Hash64(""));
  EXPECT_NE(Hash64("a"), Hash64("b"));
  EXPECT_EQ(Hash64("donetsk oblast"), Hash64(std::string("donetsk oblast")));
  EXPECT_EQ(Hash64("tmkit"), 0x133f091580e1a1c3ULL) << std::hex << Hash64("tmkit");
}

}  // namespace
}  // namespace tmkit
