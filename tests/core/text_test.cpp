#include "core/text.hpp"

#include <gtest/gtest.h>

namespace th {
namespace {

TEST(Text, TrimDropsAsciiSpaceAtBothEndsOnly) {
  EXPECT_EQ(trim("  a b \t\r\n\v\f"), "a b");
  EXPECT_EQ(trim(" \t "), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("x"), "x");
  EXPECT_EQ(trim("\xc2\xa0x\xc2\xa0"), "\xc2\xa0x\xc2\xa0");  // UTF-8 no-break space stays
}

TEST(Text, TrimWithOwnBlanks) {
  EXPECT_EQ(trim(" \tW/\"a\" \n", " \t"), "W/\"a\" \n");
  EXPECT_EQ(trim(" \r\n12 \t", kBlanksAndNewlines), "12");
  EXPECT_EQ(trim("\v1\v", kBlanksAndNewlines), "\v1\v");
}

TEST(Text, AsciiLowerChangesOnlyAsciiLetters) {
  EXPECT_EQ(ascii_lower("Activities.CSV"), "activities.csv");
  EXPECT_EQ(ascii_lower("\xC3\x89t\xC3\xA9 @[Z]"), "\xC3\x89t\xC3\xA9 @[z]");
  EXPECT_EQ(ascii_lower('Q'), 'q');
  EXPECT_EQ(ascii_lower('@'), '@');
}

TEST(Text, EqualsIgnoringCase) {
  EXPECT_TRUE(equals_ignoring_case(".HTML", ".html"));
  EXPECT_TRUE(equals_ignoring_case("Content-Type", "content-TYPE"));
  EXPECT_FALSE(equals_ignoring_case(".htm", ".html"));
  EXPECT_FALSE(equals_ignoring_case("\xC3\x89", "\xC3\xA9"));
}

}  // namespace
}  // namespace th
