// Progress lines: the estimate of the time left, and what a plain (non-terminal) log shows.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "core/progress.hpp"

namespace th {
namespace {

TEST(Progress, TimeLeftFollowsTheRateSoFar) {
  EXPECT_EQ(time_left_text(10, 40, 4.0), ", about 12 s left");     // 30 more at 2.5 a second
  EXPECT_EQ(time_left_text(1, 10, 20.0), ", about 3 min left");    // 180 s
  EXPECT_EQ(time_left_text(1, 100, 360.0), ", about 9.9 h left");  // 35,640 s
  EXPECT_EQ(time_left_text(3, 4, 2.5), ", about 1 s left");        // 0.83 s rounds up
}

TEST(Progress, NoEstimateBeforeItMeansAnything) {
  EXPECT_EQ(time_left_text(0, 10, 30.0), "");   // nothing done yet
  EXPECT_EQ(time_left_text(10, 10, 30.0), "");  // all done
  EXPECT_EQ(time_left_text(5, 0, 30.0), "");    // total unknown
  EXPECT_EQ(time_left_text(5, 10, 1.0), "");    // the first seconds
}

TEST(Progress, APlainLogGetsOneFinalLineWithoutAnEstimate) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  {
    Progress p("import", 4, out);
    p.advance(4);
  }
  std::rewind(out);
  char line[128] = {};
  ASSERT_NE(std::fgets(line, sizeof line, out), nullptr);
  const std::string text = line;
  EXPECT_EQ(text.rfind("import: 4/4 (100%) ", 0), 0u) << text;
  EXPECT_EQ(text.find("left"), std::string::npos) << text;
  EXPECT_EQ(std::fgets(line, sizeof line, out), nullptr) << "one line only";
  std::fclose(out);
}

TEST(Progress, AQuickTransientStepLeavesNothingInAPlainLog) {
  // "render z12" inside "render": a step that ends before its first periodic line says nothing,
  // where a stage's own progress always ends with a line.
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  {
    Progress p("render z12", 0, out);
    p.set_transient(true);
    p.set_total(3);
    p.advance(3);
  }
  EXPECT_EQ(std::ftell(out), 0L);
  std::fclose(out);
}

}  // namespace
}  // namespace th
