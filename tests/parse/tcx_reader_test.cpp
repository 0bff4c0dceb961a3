#include "parse/tcx_reader.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "core/time_util.hpp"
#include "parse/xml_test_util.hpp"

namespace th {
namespace {

using test::bytes_of;

Activity tcx(std::string_view text) {
  return read_tcx(bytes_of(text));
}

std::vector<bool> breaks(const Activity& a) {
  std::vector<bool> out;
  for (const Sample& s : a.samples) out.push_back(s.segment_start);
  return out;
}

std::string trackpoint(int second, double lat, double lon) {
  return "<Trackpoint><Time>2020-03-06T00:23:" + std::to_string(10 + second) +
         "Z</Time><Position><LatitudeDegrees>" + std::to_string(lat) +
         "</LatitudeDegrees><LongitudeDegrees>" + std::to_string(lon) +
         "</LongitudeDegrees></Position></Trackpoint>";
}

constexpr std::string_view kGarmin = R"(<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
  xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Activities>
    <Activity Sport="Biking">
      <Id>2020-03-06T00:23:46.000Z</Id>
      <Lap StartTime="2020-03-06T00:23:46.000Z">
        <TotalTimeSeconds>4352.0</TotalTimeSeconds>
        <DistanceMeters>1691.68</DistanceMeters>
        <Calories>38</Calories>
        <Track>
          <Trackpoint>
            <Time>2020-03-06T00:23:46.000Z</Time>
            <Position>
              <LatitudeDegrees>49.26990852691233</LatitudeDegrees>
              <LongitudeDegrees>-123.1075104419142</LongitudeDegrees>
            </Position>
            <AltitudeMeters>71.5999984741211</AltitudeMeters>
            <DistanceMeters>7.980000019073486</DistanceMeters>
            <HeartRateBpm xsi:type="HeartRateInBeatsPerMinute_t"><Value>97</Value></HeartRateBpm>
            <Cadence>63</Cadence>
            <Extensions><ns3:TPX><ns3:Speed>2.5</ns3:Speed><ns3:Watts>120</ns3:Watts></ns3:TPX>
            </Extensions>
          </Trackpoint>
          <Trackpoint>
            <Time>2020-03-06T00:23:47.250Z</Time>
            <HeartRateBpm><Value>98</Value></HeartRateBpm>
            <DistanceMeters>9.5</DistanceMeters>
          </Trackpoint>
        </Track>
      </Lap>
    </Activity>
  </Activities>
</TrainingCenterDatabase>)";

TEST(TcxReader, ReadsEveryTrackpointField) {
  const Activity a = tcx(kGarmin);
  EXPECT_EQ(a.format, FileFormat::Tcx);
  ASSERT_EQ(a.samples.size(), 2u);
  const Sample& s = a.samples[0];
  EXPECT_EQ(s.time, *parse_iso8601("2020-03-06T00:23:46Z"));
  EXPECT_DOUBLE_EQ(s.lat, 49.26990852691233);
  EXPECT_DOUBLE_EQ(s.lon, -123.1075104419142);
  EXPECT_FLOAT_EQ(s.altitude, 71.6f);
  EXPECT_DOUBLE_EQ(s.distance, 7.980000019073486);
  EXPECT_FLOAT_EQ(s.heart_rate, 97.0f);
  EXPECT_FLOAT_EQ(s.speed, 2.5f);
  EXPECT_EQ(a.sport_raw, "Biking");
  EXPECT_EQ(a.sport, Sport::Ride);
  EXPECT_EQ(a.start_time, *parse_iso8601("2020-03-06T00:23:46Z"));
  EXPECT_DOUBLE_EQ(a.totals.elapsed_s, 4352.0);
  EXPECT_DOUBLE_EQ(a.totals.distance_m, 1691.68);
  EXPECT_TRUE(std::isnan(a.totals.ascent_m));
  EXPECT_TRUE(a.warnings.empty());
  EXPECT_EQ(a.flags, kFlagNone);
}

TEST(TcxReader, KeepsTrackpointsWithoutPositionAsSamples) {
  const Activity a = tcx(kGarmin);
  const Sample& s = a.samples[1];
  EXPECT_FALSE(s.has_position());
  EXPECT_DOUBLE_EQ(s.time, *parse_iso8601("2020-03-06T00:23:47.25Z"));
  EXPECT_FLOAT_EQ(s.heart_rate, 98.0f);
  EXPECT_DOUBLE_EQ(s.distance, 9.5);
  EXPECT_FALSE(s.segment_start);
}

TEST(TcxReader, JoinsActivitiesLapsAndTracksWithSegmentBreaks) {
  //   Activity 1: Lap [Track p0 p1][Track p2]  Lap [Track p3]   Activity 2: Lap [Track][Track p4]
  const std::string doc =
      "<TrainingCenterDatabase><Activities>"
      "<Activity Sport=\"Running\"><Id>2020-03-06T00:23:10Z</Id>"
      "<Lap><TotalTimeSeconds>100</TotalTimeSeconds><DistanceMeters>300.5</DistanceMeters>"
      "<Track>" +
      trackpoint(0, 1, 2) + trackpoint(1, 1.001, 2) +
      "</Track>"
      "<Track>" +
      trackpoint(2, 1.002, 2) +
      "</Track></Lap>"
      "<Lap><TotalTimeSeconds>50.5</TotalTimeSeconds><DistanceMeters>100</DistanceMeters>"
      "<Track>" +
      trackpoint(3, 1.003, 2) +
      "</Track></Lap>"
      "</Activity>"
      "<Activity Sport=\"Biking\"><Id>2020-03-06T01:00:00Z</Id>"
      "<Lap><TotalTimeSeconds>10</TotalTimeSeconds><Track/><Track>" +
      trackpoint(4, 1.004, 2) +
      "</Track></Lap></Activity>"
      "</Activities></TrainingCenterDatabase>";
  const Activity a = tcx(doc);
  EXPECT_EQ(breaks(a), (std::vector<bool>{false, false, true, true, true}));
  EXPECT_DOUBLE_EQ(a.samples[4].lat, 1.004);
  EXPECT_EQ(a.sport, Sport::Run);  // the first activity's sport
  EXPECT_EQ(a.start_time, *parse_iso8601("2020-03-06T00:23:10Z"));
  EXPECT_DOUBLE_EQ(a.totals.elapsed_s, 160.5);
  EXPECT_DOUBLE_EQ(a.totals.distance_m, 400.5);
  EXPECT_EQ(a.warnings, std::vector<std::string>{"file holds 2 activities, read as one"});
}

TEST(TcxReader, SportAttributeSpellings) {
  const auto sport_of = [](const std::string& attr) {
    return tcx("<TrainingCenterDatabase><Activities><Activity Sport=\"" + attr +
               "\"><Id>2020-01-01T00:00:00Z</Id></Activity></Activities>"
               "</TrainingCenterDatabase>");
  };
  EXPECT_EQ(sport_of("Running").sport, Sport::Run);
  EXPECT_EQ(sport_of("Biking").sport, Sport::Ride);
  const Activity other = sport_of("Other");
  EXPECT_EQ(other.sport, Sport::Other);
  EXPECT_EQ(other.sport_raw, "Other");
  EXPECT_TRUE(other.samples.empty());
  EXPECT_EQ(other.warnings, std::vector<std::string>{"no trackpoints"});
  EXPECT_EQ(other.start_time, *parse_iso8601("2020-01-01T00:00:00Z"));
}

TEST(TcxReader, ReadsCoursesAsNotAnActivity) {
  const std::string doc =
      "<TrainingCenterDatabase "
      "xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\">"
      "<Folders/><Courses><Course><Name>Lake &amp; Hill</Name>"
      "<Lap><TotalTimeSeconds>600</TotalTimeSeconds><DistanceMeters>2000</DistanceMeters></Lap>"
      "<Track>" +
      trackpoint(0, 46.1, 7.1) + trackpoint(1, 46.2, 7.2) +
      "<Trackpoint><Position><LatitudeDegrees>46.3</LatitudeDegrees>"
      "<LongitudeDegrees>7.3</LongitudeDegrees></Position><AltitudeMeters>1200</AltitudeMeters>"
      "</Trackpoint></Track>"
      "<CoursePoint><Name>Turn</Name></CoursePoint></Course></Courses>"
      "</TrainingCenterDatabase>";
  const Activity a = tcx(doc);
  EXPECT_EQ(a.flags & kFlagNotActivity, kFlagNotActivity);
  EXPECT_EQ(a.name, "Lake & Hill");
  ASSERT_EQ(a.samples.size(), 3u);
  EXPECT_DOUBLE_EQ(a.samples[2].lon, 7.3);
  EXPECT_FLOAT_EQ(a.samples[2].altitude, 1200.0f);
  EXPECT_DOUBLE_EQ(a.totals.distance_m, 2000.0);
  EXPECT_EQ(a.start_time, a.samples[0].time);  // no Id: the first timed sample
}

TEST(TcxReader, ToleratesStravaBlanksBeforeTheDeclaration) {
  const Activity a = tcx("          \n" + std::string(kGarmin));
  EXPECT_EQ(a.samples.size(), 2u);
  EXPECT_EQ(a.sport, Sport::Ride);
}

TEST(TcxReader, MatchesPrefixedElements) {
  const Activity a =
      tcx("<tcx:TrainingCenterDatabase xmlns:tcx=\"http://www.garmin.com/xmlschemas/"
          "TrainingCenterDatabase/v2\"><tcx:Activities><tcx:Activity tcx:Sport=\"Running\">"
          "<tcx:Lap><tcx:Track><tcx:Trackpoint><tcx:Time>2020-01-01T00:00:00Z</tcx:Time>"
          "<tcx:Position><tcx:LatitudeDegrees>1</tcx:LatitudeDegrees><tcx:LongitudeDegrees>2"
          "</tcx:LongitudeDegrees></tcx:Position><tcx:HeartRateBpm><tcx:Value>150</tcx:Value>"
          "</tcx:HeartRateBpm></tcx:Trackpoint></tcx:Track></tcx:Lap></tcx:Activity>"
          "</tcx:Activities></tcx:TrainingCenterDatabase>");
  ASSERT_EQ(a.samples.size(), 1u);
  EXPECT_EQ(a.sport, Sport::Run);
  EXPECT_DOUBLE_EQ(a.samples[0].lon, 2.0);
  EXPECT_FLOAT_EQ(a.samples[0].heart_rate, 150.0f);
}

TEST(TcxReader, KeepsSamplesWithBadValuesWithoutThem) {
  const Activity a =
      tcx("<TrainingCenterDatabase><Activities><Activity Sport=\"Running\"><Lap><Track>"
          "<Trackpoint><Time>2020-01-01T00:00:00Z</Time><Position><LatitudeDegrees>95"
          "</LatitudeDegrees><LongitudeDegrees>2</LongitudeDegrees></Position>"
          "<HeartRateBpm><Value>x</Value></HeartRateBpm></Trackpoint>"
          "<Trackpoint><Time>never</Time><Position><LatitudeDegrees>1</LatitudeDegrees>"
          "</Position><DistanceMeters>-5</DistanceMeters><AltitudeMeters>2</AltitudeMeters>"
          "</Trackpoint>"
          "<Trackpoint><Cadence>80</Cadence></Trackpoint>"
          "</Track></Lap></Activity></Activities></TrainingCenterDatabase>");
  ASSERT_EQ(a.samples.size(), 2u);  // the cadence-only trackpoint adds nothing we read
  EXPECT_FALSE(a.samples[0].has_position());
  EXPECT_EQ(a.samples[0].time, *parse_iso8601("2020-01-01T00:00:00Z"));
  EXPECT_FALSE(a.samples[1].has_position());
  EXPECT_FLOAT_EQ(a.samples[1].altitude, 2.0f);
  EXPECT_TRUE(std::isnan(a.samples[1].distance));
  EXPECT_EQ(a.start_time, a.samples[0].time);
  EXPECT_EQ(a.warnings, (std::vector<std::string>{
                            "2 trackpoints without a valid position kept without a position",
                            "1 trackpoint with an unreadable time (time ignored)",
                            "1 trackpoint with an unreadable or implausible heart rate (ignored)",
                            "1 trackpoint with an unreadable or implausible distance (ignored)",
                        }));
}

TEST(TcxReader, NotesBecomeTheName) {
  const Activity a =
      tcx("<TrainingCenterDatabase><Activities><Activity Sport=\"Running\"><Id>2020-01-01T00:00:00Z"
          "</Id><Notes>  Lunch &lt;run&gt;  </Notes></Activity></Activities>"
          "</TrainingCenterDatabase>");
  EXPECT_EQ(a.name, "Lunch <run>");
  const std::string long_note(500, 'x');
  const Activity b = tcx("<TrainingCenterDatabase><Activities><Activity><Notes>" + long_note +
                         "</Notes></Activity></Activities></TrainingCenterDatabase>");
  EXPECT_EQ(b.name.size(), 200u);
}

TEST(TcxReader, RejectsWhatIsNotTcx) {
  try {
    tcx("<gpx version=\"1.1\"/>");
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(), "not a TCX file: root element is <gpx>");
  }
  try {
    tcx("just text");
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(), "not a TCX file: no XML element found");
  }
  EXPECT_THROW(tcx("<TrainingCenterDatabase><Activities>"), ParseError);
}

TEST(TcxReader, TruncatedFileKeepsTheTrackpointsBeforeTheCut) {
  const std::string full(kGarmin);
  const Activity a = tcx(full.substr(0, full.find("<DistanceMeters>9.5")));
  ASSERT_EQ(a.samples.size(), 1u);
  EXPECT_FLOAT_EQ(a.samples[0].heart_rate, 97.0f);
  ASSERT_FALSE(a.warnings.empty());
  EXPECT_NE(a.warnings.back().find("(the file ends early); kept the 1 samples before it"),
            std::string::npos)
      << a.warnings.back();
}

}  // namespace
}  // namespace th
