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

namespace th {
namespace {

// Out-of-range fields are not a time: a device or a hostile file that writes them gets "no
// time" for that point, never a time moved by hours or days.
TEST(Iso8601, RejectsOffsetsOutsideFourteenHours) {
  EXPECT_FALSE(parse_iso8601("2020-10-07T16:43:11+99:99"));
  EXPECT_FALSE(parse_iso8601("2020-10-07T16:43:11+02:60"));
  EXPECT_FALSE(parse_iso8601("2020-10-07T16:43:11+15:00"));
  EXPECT_FALSE(parse_iso8601("2020-10-07T16:43:11-14:01"));
  EXPECT_FALSE(parse_iso8601("2020-10-07T16:43:11+1400x"));
  EXPECT_EQ(*parse_iso8601("2020-10-08T04:43:11+14:00"), 1602081791.0);
  EXPECT_EQ(*parse_iso8601("2020-10-07T02:43:11-12:00"), 1602081791.0);
  EXPECT_EQ(*parse_iso8601("2020-10-07T20:13:11+05:30"), 1602081791.0);
  EXPECT_EQ(*parse_iso8601("2020-10-07T20:28:11+0545"), 1602081791.0);
  EXPECT_EQ(*parse_iso8601("2020-10-07T16:43:11+02"), 1602081791.0);
}

TEST(Iso8601, RejectsDaysMonthsAndClockTimesThatDoNotExist) {
  for (const char* bad : {"2020-13-07T14:43:11Z", "2020-10-32T14:43:11Z", "2020-04-31T14:43:11Z",
                          "2021-02-29T14:43:11Z", "1900-02-29T00:00:00Z", "2020-10-00T14:43:11Z",
                          "2020-10-07T25:00:00Z", "2020-10-07T24:00:01Z", "2020-10-07T24:30:00Z",
                          "2020-10-07T24:00:00.5Z", "2020-10-07T14:43:61Z", "2020-10-07T14:60:00Z",
                          "2020-10-07T14:43:61+02:00", "2020-02-30 10:00:00", "2020-06-31"}) {
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
  }
  // Real edge days and times stay readable.
  EXPECT_EQ(*parse_iso8601("2020-02-29T00:00:00Z"), 1582934400.0);
  EXPECT_EQ(*parse_iso8601("2000-02-29T00:00:00Z"), 951782400.0);
  EXPECT_EQ(*parse_iso8601("2020-10-07T24:00:00Z"), *parse_iso8601("2020-10-08T00:00:00Z"));
  EXPECT_EQ(*parse_iso8601("2016-12-31T23:59:60+00:00"), *parse_iso8601("2017-01-01T00:00:00Z"));
  EXPECT_EQ(*parse_iso8601("2020-12-31T23:59:59Z"), 1609459199.0);
}

// Day numbers checked against well-known dates: the epoch, leap days, century years that are
// and are not leap years (2000, 2400 are; 1900, 2100 are not), and days before 1970.
TEST(Calendar, DaysFromCivilAtEdgeDates) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(1900, 3, 1), -25508);
  EXPECT_EQ(days_from_civil(2000, 2, 29), 11016);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(2100, 2, 28), 47540);
  EXPECT_EQ(days_from_civil(2100, 3, 1), 47541);  // 2100 has no 29 February
  EXPECT_EQ(days_from_civil(2400, 2, 29), 157113);
  EXPECT_EQ(days_from_civil(2400, 3, 1), 157114);
  EXPECT_EQ(days_from_civil(1, 1, 1), -719162);
  EXPECT_EQ(days_from_civil(0, 3, 1), -719468);  // year 0 is a leap year (1 BC)
  // A day past the month's end counts on into the next month.
  EXPECT_EQ(days_from_civil(2023, 2, 30), days_from_civil(2023, 3, 2));
}

TEST(Calendar, CivilFromDaysInvertsDaysFromCivil) {
  for (long long n = -800000; n <= 200000; n += 37) {
    const CivilDate d = civil_from_days(n);
    ASSERT_TRUE(valid_civil_date(d.year, static_cast<int>(d.month), static_cast<int>(d.day))) << n;
    ASSERT_EQ(days_from_civil(d.year, d.month, d.day), n);
  }
  EXPECT_EQ(civil_from_days(-1), (CivilDate{1969, 12, 31}));
  EXPECT_EQ(civil_from_days(47540), (CivilDate{2100, 2, 28}));
  EXPECT_EQ(civil_from_days(47541), (CivilDate{2100, 3, 1}));
  EXPECT_EQ(civil_from_days(157113), (CivilDate{2400, 2, 29}));
}

TEST(Calendar, ValidDatesAndIsoDays) {
  EXPECT_TRUE(valid_civil_date(2024, 2, 29));
  EXPECT_FALSE(valid_civil_date(2023, 2, 29));
  EXPECT_FALSE(valid_civil_date(2100, 2, 29));
  EXPECT_TRUE(valid_civil_date(2400, 2, 29));
  EXPECT_FALSE(valid_civil_date(2024, 4, 31));
  EXPECT_FALSE(valid_civil_date(2024, 13, 1));
  EXPECT_FALSE(valid_civil_date(2024, 0, 1));
  EXPECT_FALSE(valid_civil_date(2024, 1, 0));
  EXPECT_EQ(format_iso_day(0), "1970-01-01");
  EXPECT_EQ(format_iso_day(-1), "1969-12-31");
  EXPECT_EQ(format_iso_day(11016), "2000-02-29");
  EXPECT_EQ(format_iso_day(47541), "2100-03-01");
}

TEST(Calendar, FormatsTimesBeforeTheEpochAndOnLeapDays) {
  EXPECT_EQ(format_iso8601(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_iso8601(-0.5), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_iso8601(951782400.0 + 86399), "2000-02-29T23:59:59Z");
  EXPECT_EQ(format_iso8601(4107542400.0), "2100-03-01T00:00:00Z");
  EXPECT_EQ(parse_iso8601("2100-02-29T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_iso8601("2400-02-29T12:00:00Z"), 157113.0 * 86400 + 43200);
  EXPECT_EQ(parse_iso8601("1969-12-31T23:59:59Z"), -1.0);
}

}  // namespace
}  // namespace th
