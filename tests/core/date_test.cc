#include "tmkit/core/date.h"

#include <gtest/gtest.h>

namespace tmkit {
namespace {

TEST(DateTest, BasicAndExtendedFormsParseToTheSameInstant) {
  const int64_t expected = 1022145120;  // 2002-05-23T09:12:00Z
  for (const char* s : {"20020523T091200Z", "2002-05-23T09:12:00Z", "20020523T091200",
                        "2002-05-23T09:12:00", "2002-05-23T09:12:00.250Z", "2002-05-23 09:12:00Z",
                        "2002-05-23T11:12:00+02:00", "20020523T0912Z"}) {
    Result<int64_t> r = ParseIsoDate(s);
    ASSERT_TRUE(r) << s << ": " << r.error().message;
    EXPECT_EQ(*r, expected) << s;
  }
}

TEST(DateTest, DateWithoutTimeIsMidnightUtc) {
  EXPECT_EQ(*ParseIsoDate("20020523"), 1022112000);
  EXPECT_EQ(*ParseIsoDate("2002-05-23"), 1022112000);
}

TEST(DateTest, GarbageIsInvalidInputNamingTheText) {
  for (const char* s : {"", "23/05/2002", "2002-13-01", "20020523T", "yesterday", "2002-05-23X"}) {
    Result<int64_t> r = ParseIsoDate(s);
    ASSERT_FALSE(r) << s;
    EXPECT_NE(r.error().message.find("20020523T091200Z"), std::string::npos);
  }
}

TEST(DateTest, TmxFormatIsBasicUtc) {
  EXPECT_EQ(FormatTmxDate(1022145120), "20020523T091200Z");
  EXPECT_EQ(FormatTmxDate(0), "19700101T000000Z");
  EXPECT_EQ(FormatIsoDate(1022145120), "2002-05-23T09:12:00Z");
  EXPECT_EQ(*ParseIsoDate(FormatTmxDate(1700000000)), 1700000000);
}

}  // namespace
}  // namespace tmkit
