#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "export_fixture.hpp"
#include "sources/strava_export.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Everything read_strava_csv says about a text: rows kept, warnings, ids of skipped rows.
struct CsvReading {
  std::vector<StravaRow> rows;
  std::vector<std::string> warnings, skipped;
  std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r.activity_id);
    return out;
  }
};
CsvReading read_all(const std::string& csv) {
  CsvReading r;
  r.rows = read_strava_csv(csv, &r.warnings, &r.skipped);
  return r;
}
using Ids = std::vector<std::string>;

TEST(StravaCsv, RealExportRow) {
  TH_REQUIRE_REAL_TESTDATA(dir);
  const Bytes bytes = read_file(dir / "geoactivity_activities.csv");
  std::vector<std::string> warnings;
  const auto rows = read_strava_csv(test::as_string(bytes), &warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  ASSERT_EQ(rows.size(), 1u);
  const StravaRow& r = rows[0];
  EXPECT_EQ(r.activity_id, "12070555079");
  EXPECT_EQ(r.start_utc, 1653839615.0);  // May 29, 2022, 3:53:35 PM UTC
  EXPECT_EQ(r.name, "Laufen Landal Park");
  EXPECT_EQ(r.type, "Run");
  EXPECT_EQ(r.sport, Sport::Run);
  EXPECT_EQ(r.description, "");
  EXPECT_EQ(r.filename, "activities/12866632127.fit.gz");
  // The SI occurrences, not the display ones (3.32 km, 1428).
  EXPECT_DOUBLE_EQ(r.distance_m, 3322.949951171875);
  EXPECT_DOUBLE_EQ(r.elapsed_s, 1428.0);
  EXPECT_DOUBLE_EQ(r.moving_s, 1411.0);
  EXPECT_DOUBLE_EQ(r.elevation_gain_m, 61.878849029541016);
}

TEST(StravaCsv, SyntheticExportWithStravasHeaderShape) {
  std::vector<std::string> warnings;
  const auto rows = read_strava_csv(test::synthetic_csv(), &warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  ASSERT_EQ(rows.size(), 3u);

  EXPECT_EQ(rows[0].activity_id, "101");
  EXPECT_EQ(rows[0].start_utc, 1602081791.0);
  EXPECT_EQ(rows[0].name, "Morning Run");
  EXPECT_EQ(rows[0].description, "Easy \"recovery\" run,\r\nsecond line");
  EXPECT_EQ(rows[0].filename, "activities/101.fit.gz");
  EXPECT_DOUBLE_EQ(rows[0].distance_m, 5012.5);  // SI column, not 5.01 km
  EXPECT_DOUBLE_EQ(rows[0].elapsed_s, 1800.0);
  EXPECT_DOUBLE_EQ(rows[0].moving_s, 1750.0);
  EXPECT_DOUBLE_EQ(rows[0].elevation_gain_m, 42.5);

  EXPECT_EQ(rows[1].name, "Zürich → Üetliberg 🚴");  // verbatim UTF-8
  EXPECT_EQ(rows[1].type, "Ride");
  EXPECT_EQ(rows[1].sport, Sport::Ride);
  EXPECT_DOUBLE_EQ(rows[1].distance_m, 25400.0);
  EXPECT_DOUBLE_EQ(rows[1].elevation_gain_m, 512.0);

  // A manual entry: kept, without a file.
  EXPECT_EQ(rows[2].activity_id, "103");
  EXPECT_EQ(rows[2].filename, "");
  EXPECT_DOUBLE_EQ(rows[2].distance_m, 3000.0);
  EXPECT_TRUE(std::isnan(rows[2].elevation_gain_m));
}

TEST(StravaCsv, FallsBackToTheDisplayColumnWhenThereIsNoSiOne) {
  // The shape of exports from 2019: one Distance (km), one Elapsed Time (s).
  const std::string csv =
      "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,"
      "Elapsed Time,Distance,Commute,Activity Gear,Filename\n"
      "1836776031,\"Sep 12, 2018, 3:02:23 PM\",Evening Ride,Ride,,783,3.68,true,Merida,"
      "activities/1836776031.gpx\n";
  const auto rows = read_strava_csv(csv);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(rows[0].distance_m, 3680.0);
  EXPECT_DOUBLE_EQ(rows[0].elapsed_s, 783.0);
  EXPECT_TRUE(std::isnan(rows[0].moving_s));
  EXPECT_TRUE(std::isnan(rows[0].elevation_gain_m));
  EXPECT_EQ(rows[0].filename, "activities/1836776031.gpx");
}

TEST(StravaCsv, MissingRequiredColumnIsAParseErrorNamingIt) {
  const std::string header_without_filename =
      "Activity ID,Activity Date,Activity Name,Activity Type\n1,\"Oct 7, 2020, 2:43:11 "
      "PM\",x,Run\n";
  try {
    read_strava_csv(header_without_filename);
    FAIL() << "expected a ParseError";
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(), "activities.csv: missing column 'Filename'");
  }
  for (const char* required : {"Activity ID", "Activity Date", "Activity Type"}) {
    std::string header = "Activity ID,Activity Date,Activity Type,Filename";
    header.erase(header.find(required), std::string(required).size());
    try {
      read_strava_csv(header + "\n");
      FAIL() << "expected a ParseError for " << required;
    } catch (const ParseError& e) {
      EXPECT_EQ(std::string(e.what()),
                "activities.csv: missing column '" + std::string(required) + "'");
    }
  }
  EXPECT_THROW(read_strava_csv(""), ParseError);
}

TEST(StravaCsv, ShortRowsAreSkippedWithAWarning) {
  const std::string csv =
      "Activity ID,Activity Date,Activity Type,Filename,Distance\n"
      "1,\"Oct 7, 2020, 2:43:11 PM\",Run,activities/1.gpx,5.0\n"
      "2,\"Oct 8, 2020, 2:43:11 PM\"\n"
      "3,\"Oct 9, 2020, 2:43:11 PM\",Hike,activities/3.gpx,7.5\n";
  std::vector<std::string> warnings;
  const auto rows = read_strava_csv(csv, &warnings);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].activity_id, "1");
  EXPECT_EQ(rows[1].activity_id, "3");
  EXPECT_EQ(rows[1].sport, Sport::Hike);
  EXPECT_DOUBLE_EQ(rows[1].distance_m, 7500.0);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(contains(warnings[0], "activities.csv line 3")) << warnings[0];
  EXPECT_TRUE(contains(warnings[0], "skipped")) << warnings[0];
  // Without a warnings sink the same text reads the same.
  EXPECT_EQ(read_strava_csv(csv).size(), 2u);
}

TEST(StravaCsv, BadDateKeepsTheRowWithAWarning) {
  const std::string csv =
      "Activity ID,Activity Date,Activity Type,Filename\n"
      "1,\"\"\"\nline two\",Run,activities/1.gpx\n"
      "2,10/07/2020 14:43:11,Run,activities/2.gpx\n"
      "3,,Walk,\n";
  std::vector<std::string> warnings;
  const auto rows = read_strava_csv(csv, &warnings);
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& r : rows) EXPECT_TRUE(std::isnan(r.start_utc)) << r.activity_id;
  EXPECT_EQ(rows[2].filename, "");
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_TRUE(contains(warnings[0], "line 2 (activity 1)")) << warnings[0];
  EXPECT_TRUE(contains(warnings[1], "line 4 (activity 2)")) << warnings[1];  // after 2 lines
  EXPECT_TRUE(contains(warnings[1], "Activity Date")) << warnings[1];
  EXPECT_FALSE(contains(warnings[0], "\n")) << "a warning is one line";
}

TEST(StravaCsv, UnreadableNumbersAreUnknownNotGuessed) {
  const std::string csv =
      "Activity ID,Activity Date,Activity Type,Filename,Distance,Distance,Elevation Gain\n"
      "1,\"Oct 7, 2020, 2:43:11 PM\",Run,a.gpx,\"9,44\",\"9,440\",-5\n";
  std::vector<std::string> warnings;
  const auto rows = read_strava_csv(csv, &warnings);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(std::isnan(rows[0].distance_m));
  EXPECT_TRUE(std::isnan(rows[0].elevation_gain_m));
  EXPECT_EQ(warnings.size(), 2u);
}

TEST(StravaCsv, EmptyActivityIdIsSkipped) {
  std::vector<std::string> warnings;
  const auto rows = read_strava_csv(
      "Activity ID,Activity Date,Activity Type,Filename\n ,\"Oct 7, 2020, 2:43:11 PM\",Run,a\n",
      &warnings);
  EXPECT_TRUE(rows.empty());
  EXPECT_EQ(warnings.size(), 1u);
}

TEST(StravaCsv, GermanExportHeaderIsUnderstood) {
  // Header names and values as in a real German export (geo-activity-playground issue #86).
  const std::string csv =
      "Aktivitäts-ID,Aktivitätsdatum,Name der Aktivität,Aktivitätsart,Aktivitätsbeschreibung,"
      "Verstrichene Zeit,Distanz,Dateiname,Verstrichene Zeit,Bewegungszeit,Distanz,Höhenzunahme\n"
      "8228026758,\"09.12.2022, 15:24:49\",Abendfahrt,Ride,\"bewölkt,\n---\n \",3189,\"9,44\","
      "activities/8228026758.gpx,3189.0,2070.0,9440.5,120.0\n";
  std::vector<std::string> warnings;
  const auto rows = read_strava_csv(csv, &warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].activity_id, "8228026758");
  EXPECT_EQ(rows[0].start_utc, 1670599489.0);
  EXPECT_EQ(rows[0].description, "bewölkt,\n---\n ");
  EXPECT_EQ(rows[0].filename, "activities/8228026758.gpx");
  EXPECT_DOUBLE_EQ(rows[0].distance_m, 9440.5);
  EXPECT_DOUBLE_EQ(rows[0].elapsed_s, 3189.0);
  EXPECT_DOUBLE_EQ(rows[0].moving_s, 2070.0);
  EXPECT_DOUBLE_EQ(rows[0].elevation_gain_m, 120.0);
}

// A quote never closed: that row is reported with the line its quote opened on and skipped;
// every row after it is read as if the quote had ended with its line.
TEST(StravaCsv, AnUnterminatedQuoteSkipsOnlyItsRowAndSaysWhere) {
  const std::string csv =
      "Activity ID,Activity Date,Activity Type,Filename\n"
      "1,\"Oct 7, 2020, 2:43:11 PM\",Run,activities/1.gpx\n"
      "2,\"Oct 8, 2020, 2:43:11 PM,Run,activities/2.gpx\n"
      "3,2020-10-09 14:43:11,Ride,activities/3.gpx\n"
      "4,x\n";
  const CsvReading r = read_all(csv);
  ASSERT_EQ(r.ids(), (Ids{"1", "3"}));
  EXPECT_EQ(r.rows[1].sport, Sport::Ride);
  EXPECT_EQ(r.rows[1].start_utc, 1602254591.0);
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[0],
            "activities.csv line 3 (activity 2): the quote opened on line 3 is never closed; row "
            "skipped, reading on from line 4");
  EXPECT_TRUE(contains(r.warnings[1], "activities.csv line 5 (activity 4)")) << r.warnings[1];
  EXPECT_TRUE(contains(r.warnings[1], "skipped")) << r.warnings[1];
  EXPECT_EQ(r.skipped, (Ids{"2", "4"}));
}

// A quote closed only by a later row's quote merges rows. The merged record may even have the
// header's width; a line inside the quoted field that reads as a row gives it away.
TEST(StravaCsv, AQuoteClosedByALaterRowLosesNoRowUnreported) {
  const std::string header =
      "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Filename\n";
  const std::string csv = header +
                          "1,\"Oct 7, 2020, 2:43:11 PM\",Run one,Run,\"fine\",activities/1.gpx\n"
                          "2,\"Oct 8, 2020, 2:43:11 PM\",Run two,Run,\"broken,activities/2.gpx\n"
                          "3,\"Oct 9, 2020, 2:43:11 PM\",Run three,Run,\"fine\",activities/3.gpx\n"
                          "4,\"Oct 10, 2020, 2:43:11 PM\",Run four,Run,\"\",activities/4.gpx\n";
  const CsvReading r = read_all(csv);
  EXPECT_EQ(r.ids(), (Ids{"1", "3", "4"}));
  EXPECT_EQ(r.rows.at(1).filename, "activities/3.gpx");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0],
            "activities.csv line 3 (activity 2): the quote opened on line 3 is not closed before "
            "the next row; row skipped, reading on from line 4");
  EXPECT_EQ(r.skipped, (Ids{"2"}));

  // A description that really spans lines (even one that starts with a number) is one row.
  const std::string multi = header +
                            "1,\"Oct 7, 2020, 2:43:11 PM\",Run,Run,\"line one\n2 laps, then\n"
                            "3,\"\"x\"\"\",activities/1.gpx\n";
  const CsvReading one = read_all(multi);
  EXPECT_TRUE(one.warnings.empty()) << one.warnings.front();
  ASSERT_EQ(one.ids(), (Ids{"1"}));
  EXPECT_EQ(one.rows[0].description, "line one\n2 laps, then\n3,\"x\"");
}

TEST(StravaCsv, ADuplicateActivityIdKeepsTheFirstRowAndNamesBothLines) {
  const std::string csv =
      "Activity ID,Activity Date,Activity Name,Activity Type,Filename\n"
      "7,\"Oct 7, 2020, 2:43:11 PM\",First,Run,activities/7.gpx\n"
      "8,\"Oct 8, 2020, 2:43:11 PM\",Other,Run,activities/8.gpx\n"
      "7,\"Oct 9, 2020, 2:43:11 PM\",Second,Ride,activities/7b.gpx\n";
  const CsvReading r = read_all(csv);
  ASSERT_EQ(r.ids(), (Ids{"7", "8"}));
  EXPECT_EQ(r.rows[0].name, "First");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0],
            "activities.csv line 4 (activity 7): same Activity ID as line 2; kept line 2, this "
            "row skipped");
  EXPECT_TRUE(r.skipped.empty());
}

TEST(StravaCsv, AHeaderWithAnOpenQuoteIsAParseErrorNamingTheFileAndLine) {
  try {
    read_strava_csv("Activity ID,\"Activity Date,Activity Type,Filename\n1,x,Run,a\n");
    FAIL() << "expected a ParseError";
  } catch (const ParseError& e) {
    EXPECT_TRUE(contains(e.what(), "activities.csv line 1")) << e.what();
  }
}

}  // namespace
}  // namespace th
