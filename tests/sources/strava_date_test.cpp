#include <gtest/gtest.h>

#include "core/time_util.hpp"
#include "sources/strava_export.hpp"

namespace th {
namespace {

// Unix seconds of a UTC civil time.
double utc(int y, unsigned mo, unsigned d, int h, int mi, int s) {
  return static_cast<double>(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s);
}

TEST(StravaDate, ReadsTheEnglishExportForm) {
  EXPECT_EQ(parse_strava_date("Oct 7, 2020, 2:43:11 PM"), 1602081791.0);
  EXPECT_EQ(parse_strava_date("May 29, 2022, 3:53:35 PM"), 1653839615.0);
  EXPECT_EQ(parse_strava_date("Jan 1, 2021, 9:05:00 AM"), utc(2021, 1, 1, 9, 5, 0));
  EXPECT_EQ(parse_strava_date("  Oct 7, 2020, 2:43:11 PM "), 1602081791.0);
}

TEST(StravaDate, TwelveOClockIsNoonOrMidnight) {
  EXPECT_EQ(parse_strava_date("Mar 3, 2019, 12:00:05 AM"), utc(2019, 3, 3, 0, 0, 5));
  EXPECT_EQ(parse_strava_date("Mar 3, 2019, 12:59:59 PM"), utc(2019, 3, 3, 12, 59, 59));
  EXPECT_EQ(parse_strava_date("Mar 3, 2019, 11:59:59 PM"), utc(2019, 3, 3, 23, 59, 59));
}

TEST(StravaDate, AcceptsVariantsWhoseReadingIsCertain) {
  const double t = 1602081791.0;                              // 2020-10-07 14:43:11 UTC
  EXPECT_EQ(parse_strava_date("Oct 7, 2020 2:43:11 PM"), t);  // no comma after the year
  EXPECT_EQ(parse_strava_date("Oct 7 2020 2:43:11 PM"), t);
  EXPECT_EQ(parse_strava_date("October 7, 2020, 2:43:11 pm"), t);
  EXPECT_EQ(parse_strava_date("Oct 7, 2020, 2:43:11\u202FPM"), t);  // CLDR 42 narrow space
  EXPECT_EQ(parse_strava_date("Oct 7, 2020, 2:43:11\u00A0PM"), t);
  EXPECT_EQ(parse_strava_date("Oct 7, 2020, 2:43:11 p.m."), t);
  EXPECT_EQ(parse_strava_date("Oct 7, 2020 at 2:43:11 PM"), t);
  EXPECT_EQ(parse_strava_date("Oct 7, 2020, 14:43:11"), t);       // 24-hour
  EXPECT_EQ(parse_strava_date("Oct 7, 2020, 2:43 PM"), t - 11);   // no seconds
  EXPECT_EQ(parse_strava_date("7 Oct 2020, 14:43:11"), t);        // en-GB
  EXPECT_EQ(parse_strava_date("7. Okt. 2020, 14:43:11"), t);      // de
  EXPECT_EQ(parse_strava_date("07.10.2020, 14:43:11"), t);        // de, numeric
  EXPECT_EQ(parse_strava_date("7 oct. 2020 14:43:11"), t);        // fr / es
  EXPECT_EQ(parse_strava_date("7 de oct. de 2020 14:43:11"), t);  // es
  EXPECT_EQ(parse_strava_date("7 déc. 2020 14:43:11"), utc(2020, 12, 7, 14, 43, 11));
  EXPECT_EQ(parse_strava_date("7. März 2020, 14:43:11"), utc(2020, 3, 7, 14, 43, 11));
  EXPECT_EQ(parse_strava_date("Oct 7, 2020, 2:43:11 PM UTC"), t);
  EXPECT_EQ(parse_strava_date("2020-10-07 14:43:11"), t);              // exports before 2019
  EXPECT_EQ(parse_strava_date("09.12.2022, 15:24:49"), 1670599489.0);  // a real German export
}

TEST(StravaDate, LeapDays) {
  EXPECT_EQ(parse_strava_date("Feb 29, 2020, 1:00:00 AM"), utc(2020, 2, 29, 1, 0, 0));
  EXPECT_EQ(parse_strava_date("Feb 29, 2000, 1:00:00 AM"), utc(2000, 2, 29, 1, 0, 0));
  EXPECT_FALSE(parse_strava_date("Feb 29, 2021, 1:00:00 AM"));
  EXPECT_FALSE(parse_strava_date("Feb 29, 1900, 1:00:00 AM"));
  EXPECT_FALSE(parse_strava_date("2021-02-29 01:00:00"));
}

TEST(StravaDate, RefusesWhatItCannotReadWithCertainty) {
  for (const char* bad : {
           "",
           "   ",
           "yesterday",
           "Oct 7, 2020",          // no clock: not a start time
           "2020-10-07",           // same, ISO
           "10/07/2020 14:43:11",  // day or month first? a guess
           "10/7/2020, 2:43:11 PM",
           "Oct 32, 2020, 2:43:11 PM",
           "Apr 31, 2020, 2:43:11 PM",
           "Oct 7, 20, 2:43:11 PM",  // two-digit year
           "Oct 7, 20200, 2:43:11 PM",
           "Foo 7, 2020, 2:43:11 PM",
           "Oct 7, 2020, 13:43:11 PM",  // 13 PM
           "Oct 7, 2020, 24:00:00",
           "Oct 7, 2020, 2:60:11 PM",
           "Oct 7, 2020, 2:43:61 PM",
           "Oct 7, 2020, 2:43:11 XM",
           "Oct 7, 2020, 2:43:11 PM junk",
           "Oct 7, 2020, 2:43:11 PM, 3:00:00 PM",
           "Oct 7, 2020, 2:4:11 PM",
           "Oct 7, 2020, 2:43:11 PM UTC PM",
           "07.13.2020, 14:43:11",  // month 13
           "7 Oct 2020 Oct, 14:43:11",
           "Oct 7, 1850, 2:43:11 PM",
           "Oct 7, 2020, 2:43:11 PM\x01",
       }) {
    EXPECT_FALSE(parse_strava_date(bad)) << "accepted: '" << bad << "'";
  }
  EXPECT_FALSE(parse_strava_date(std::string(1000, '7')));
}

}  // namespace
}  // namespace th
