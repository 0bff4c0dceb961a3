#include "core/time_util.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace th {
namespace {

TEST(Iso8601, ParsesUtcAndOffsets) {
  EXPECT_EQ(*parse_iso8601("1970-01-01T00:00:00Z"), 0.0);
  EXPECT_EQ(*parse_iso8601("2020-10-07T14:43:11Z"), 1602081791.0);
  EXPECT_EQ(*parse_iso8601("2020-10-07T16:43:11+02:00"), 1602081791.0);
  EXPECT_EQ(*parse_iso8601("2020-10-07T09:43:11-0500"), 1602081791.0);
  EXPECT_DOUBLE_EQ(*parse_iso8601("2020-10-07T14:43:11.250Z"), 1602081791.25);
  EXPECT_EQ(*parse_iso8601(" 2020-10-07 14:43:11 "), 1602081791.0);
  EXPECT_EQ(*parse_iso8601("2020-10-07"), 1602028800.0);
}

TEST(Iso8601, RejectsGarbage) {
  EXPECT_FALSE(parse_iso8601(""));
  EXPECT_FALSE(parse_iso8601("yesterday"));
  EXPECT_FALSE(parse_iso8601("2020-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2020-10-07T14:43:11Zjunk"));
}

TEST(Iso8601, FormatsRoundTrip) {
  EXPECT_EQ(format_iso8601(1602081791.0), "2020-10-07T14:43:11Z");
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_iso8601(951782400), "2000-02-29T00:00:00Z");
  for (double t = -86400.0 * 400; t < 86400.0 * 365 * 80; t += 86400.0 * 17.3 + 7) {
    EXPECT_DOUBLE_EQ(*parse_iso8601(format_iso8601(t)), std::floor(t));
  }
}

}  // namespace
}  // namespace th

namespace th {
namespace {

// The fast path for "YYYY-MM-DDTHH:MM:SS[.fff]Z" must agree with the general one and reject
// what the general one rejects.
TEST(Iso8601, UtcFastPathAgreesWithTheGeneralForm) {
  EXPECT_EQ(*parse_iso8601("2020-10-07T14:43:11Z"), *parse_iso8601("2020-10-07T14:43:11+00:00"));
  EXPECT_DOUBLE_EQ(*parse_iso8601("2020-10-07T14:43:11.250Z"), 1602081791.25);
  EXPECT_DOUBLE_EQ(*parse_iso8601("2020-10-07T14:43:11.5Z"), 1602081791.5);
  EXPECT_DOUBLE_EQ(*parse_iso8601("2020-10-07T14:43:11.123456789123Z"), 1602081791.123456789);
  EXPECT_EQ(*parse_iso8601("2020-10-07T14:43:11.Z"), 1602081791.0);
  EXPECT_EQ(*parse_iso8601("2016-12-31T23:59:60Z"), *parse_iso8601("2017-01-01T00:00:00Z"));
  EXPECT_EQ(*parse_iso8601("1969-12-31T23:59:59Z"), -1.0);
  EXPECT_FALSE(parse_iso8601("2020-10-07T14:43:1xZ"));
  EXPECT_FALSE(parse_iso8601("2020-10-07T14:43:11.2a5Z"));
  EXPECT_FALSE(parse_iso8601("2020-10-07T25:43:11Z"));
  EXPECT_FALSE(parse_iso8601("2020-00-07T14:43:11Z"));
  EXPECT_FALSE(parse_iso8601("2020-10-07T14:60:11Z"));
  EXPECT_FALSE(parse_iso8601("2020-10-07T14:43:11ZZ"));
  EXPECT_FALSE(parse_iso8601("-020-10-07T14:43:11Z"));
}

}  // namespace
}  // namespace th
