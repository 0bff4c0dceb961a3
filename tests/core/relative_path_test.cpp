#include "core/relative_path.hpp"

#include <gtest/gtest.h>

#include <string>

namespace th {
namespace {

TEST(RelativePath, AlwaysRefusesWhatCouldLeaveTheFolder) {
  for (const RelativePathRules& rules :
       {RelativePathRules{}, RelativePathRules{.windows = true, .skip_empty = true},
        RelativePathRules{.skip_empty = true, .hidden = false}}) {
    std::string why;
    EXPECT_FALSE(safe_relative_path("", rules, &why));
    EXPECT_EQ(why, "empty path");
    EXPECT_FALSE(safe_relative_path("/etc/passwd", rules, &why));
    EXPECT_EQ(why, "absolute path");
    EXPECT_FALSE(safe_relative_path("a/../../b", rules));
    EXPECT_FALSE(safe_relative_path("..", rules));
    EXPECT_FALSE(safe_relative_path(std::string_view("a\0b", 3), rules, &why));
    EXPECT_EQ(why, "path holds a NUL byte");
  }
}

TEST(RelativePath, WindowsNamesSplitAtBackslashes) {
  const RelativePathRules windows{.windows = true, .skip_empty = true};
  EXPECT_EQ(safe_relative_path("activities\\1.gpx", windows), "activities/1.gpx");
  EXPECT_FALSE(safe_relative_path("\\a", windows));
  EXPECT_FALSE(safe_relative_path("C:a", windows));
  EXPECT_FALSE(safe_relative_path("a\\..\\..\\b", windows));
  // Without `windows`, a backslash is refused, and "C:" is an ordinary name.
  EXPECT_FALSE(safe_relative_path("activities\\1.gpx", RelativePathRules{}));
  EXPECT_EQ(safe_relative_path("C:a", RelativePathRules{}), "C:a");
}

TEST(RelativePath, EmptyAndDotPartsAreSkippedOrRefusedByTheRules) {
  EXPECT_EQ(safe_relative_path("./a//b/", RelativePathRules{.skip_empty = true}), "a/b");
  EXPECT_FALSE(safe_relative_path("a//b", RelativePathRules{}));
  EXPECT_FALSE(safe_relative_path("./.", RelativePathRules{.skip_empty = true}));  // no file
  const RelativePathRules no_hidden{.skip_empty = true, .hidden = false};
  EXPECT_FALSE(safe_relative_path("./a", no_hidden));
  EXPECT_FALSE(safe_relative_path("a/.trackheat/x", no_hidden));
  EXPECT_EQ(safe_relative_path("a/b.c", no_hidden), "a/b.c");
  EXPECT_EQ(safe_relative_path("..a/b..", RelativePathRules{}), "..a/b..");  // only ".." itself
}

TEST(RelativePath, PortableCharactersAndLimits) {
  const RelativePathRules strict{.portable = true, .max_part_bytes = 4, .max_parts = 2};
  EXPECT_EQ(safe_relative_path("ab_-/x.y", strict), "ab_-/x.y");
  EXPECT_FALSE(safe_relative_path("a b", strict));
  EXPECT_FALSE(safe_relative_path("a:b", strict));
  EXPECT_FALSE(safe_relative_path("abcde", strict));
  EXPECT_FALSE(safe_relative_path("a/b/c", strict));
}

}  // namespace
}  // namespace th
