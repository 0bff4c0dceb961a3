#include "parse/gpx_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/errors.hpp"
#include "core/time_util.hpp"
#include "parse/xml_test_util.hpp"

namespace th {
namespace {

using test::bytes_of;

Activity gpx(std::string_view text) {
  return read_gpx(bytes_of(text));
}

std::vector<bool> breaks(const Activity& a) {
  std::vector<bool> out;
  for (const Sample& s : a.samples) out.push_back(s.segment_start);
  return out;
}

constexpr std::string_view kGarmin11 = R"(<?xml version="1.0" encoding="UTF-8"?>
<gpx creator="Garmin Connect" version="1.1" xmlns="http://www.topografix.com/GPX/1/1"
  xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
  <metadata><name>metadata name</name><time>2019-01-01T00:00:00Z</time></metadata>
  <wpt lat="10" lon="10"><name>ignored waypoint</name></wpt>
  <trk>
    <name>Morning Run</name>
    <type>running</type>
    <trkseg>
      <trkpt lat="47.3769" lon="8.5417">
        <ele>408.2</ele>
        <time>2020-10-07T14:43:11Z</time>
        <extensions><gpxtpx:TrackPointExtension>
          <gpxtpx:hr>121</gpxtpx:hr><gpxtpx:cad>80</gpxtpx:cad>
        </gpxtpx:TrackPointExtension></extensions>
      </trkpt>
      <trkpt lat="47.3770" lon="-8.5418">
        <ele>409</ele>
        <time>2020-10-07T14:43:12.500Z</time>
        <extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>123</gpxtpx:hr>
        <gpxtpx:speed>3.25</gpxtpx:speed></gpxtpx:TrackPointExtension></extensions>
      </trkpt>
    </trkseg>
  </trk>
</gpx>)";

TEST(GpxReader, ReadsGpx11TrackWithHeartRate) {
  const Activity a = gpx(kGarmin11);
  EXPECT_EQ(a.format, FileFormat::Gpx);
  ASSERT_EQ(a.samples.size(), 2u);
  const Sample& s0 = a.samples[0];
  EXPECT_DOUBLE_EQ(s0.lat, 47.3769);
  EXPECT_DOUBLE_EQ(s0.lon, 8.5417);
  EXPECT_FLOAT_EQ(s0.altitude, 408.2f);
  EXPECT_EQ(s0.time, 1602081791.0);
  EXPECT_FLOAT_EQ(s0.heart_rate, 121.0f);
  EXPECT_TRUE(std::isnan(s0.speed));
  EXPECT_FALSE(s0.segment_start);
  EXPECT_DOUBLE_EQ(a.samples[1].lon, -8.5418);
  EXPECT_DOUBLE_EQ(a.samples[1].time, 1602081792.5);
  EXPECT_FLOAT_EQ(a.samples[1].speed, 3.25f);
  EXPECT_FALSE(a.samples[1].segment_start);
  EXPECT_EQ(a.name, "Morning Run");
  EXPECT_EQ(a.sport_raw, "running");
  EXPECT_EQ(a.sport, Sport::Run);
  EXPECT_EQ(a.start_time, 1602081791.0);
  EXPECT_FALSE(a.utc_offset_s);
  EXPECT_TRUE(a.warnings.empty());
  EXPECT_EQ(a.flags, kFlagNone);
}

TEST(GpxReader, ReadsGpx10WithSpeedElementAndTopLevelName) {
  const Activity a = gpx(R"(<?xml version="1.0"?>
<gpx version="1.0" creator="GPSBabel" xmlns="http://www.topografix.com/GPX/1/0">
<name>Cerknica</name>
<trk><trkseg>
<trkpt lat="45.7" lon="14.3"><ele>550.0</ele><time>2007-03-21T09:37:47Z</time>
<course>12.5</course><speed>1.5</speed></trkpt>
<trkpt lat="45.71" lon="14.31"/>
</trkseg></trk></gpx>)");
  ASSERT_EQ(a.samples.size(), 2u);
  EXPECT_EQ(a.name, "Cerknica");
  EXPECT_FLOAT_EQ(a.samples[0].speed, 1.5f);
  EXPECT_TRUE(std::isnan(a.samples[1].time));
  EXPECT_TRUE(std::isnan(a.samples[1].altitude));
  EXPECT_EQ(a.sport, Sport::Unknown);
  EXPECT_EQ(a.start_time, *parse_iso8601("2007-03-21T09:37:47Z"));
}

TEST(GpxReader, MatchesElementsWhateverTheNamespacePrefix) {
  const Activity a = gpx(R"(<gpx:gpx xmlns:gpx="http://www.topografix.com/GPX/1/1"
  xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
<gpx:trk><gpx:name>Prefixed</gpx:name><gpx:trkseg>
<gpx:trkpt lat="1.5" lon="2.5"><gpx:ele>3</gpx:ele><gpx:time>2021-01-01T00:00:00Z</gpx:time>
<gpx:extensions><ns3:TrackPointExtension><ns3:hr>99</ns3:hr></ns3:TrackPointExtension>
</gpx:extensions></gpx:trkpt>
</gpx:trkseg></gpx:trk></gpx:gpx>)");
  ASSERT_EQ(a.samples.size(), 1u);
  EXPECT_EQ(a.name, "Prefixed");
  EXPECT_DOUBLE_EQ(a.samples[0].lat, 1.5);
  EXPECT_FLOAT_EQ(a.samples[0].altitude, 3.0f);
  EXPECT_FLOAT_EQ(a.samples[0].heart_rate, 99.0f);
}

TEST(GpxReader, FindsHeartRateUnderAnyExtensionSpelling) {
  const Activity a = gpx(R"(<gpx><trk><trkseg>
<trkpt lat="1" lon="1"><extensions><heartrate>101</heartrate></extensions></trkpt>
<trkpt lat="1" lon="1"><extensions><gpxdata:hr xmlns:gpxdata="x">102</gpxdata:hr></extensions></trkpt>
<trkpt lat="1" lon="1"><extensions><heart_rate>103</heart_rate></extensions></trkpt>
<trkpt lat="1" lon="1"><extensions><a><b><HeartRate> 104 </HeartRate></b></a></extensions></trkpt>
<trkpt lat="1" lon="1"><extensions><ns3:TrackPointExtension xmlns:ns3="y">
  <ns3:atemp>20</ns3:atemp></ns3:TrackPointExtension></extensions></trkpt>
<trkpt lat="1" lon="1"><extensions><hr>0</hr></extensions></trkpt>
</trkseg></trk></gpx>)");
  ASSERT_EQ(a.samples.size(), 6u);
  EXPECT_FLOAT_EQ(a.samples[0].heart_rate, 101.0f);
  EXPECT_FLOAT_EQ(a.samples[1].heart_rate, 102.0f);
  EXPECT_FLOAT_EQ(a.samples[2].heart_rate, 103.0f);
  EXPECT_FLOAT_EQ(a.samples[3].heart_rate, 104.0f);
  EXPECT_TRUE(std::isnan(a.samples[4].heart_rate));
  EXPECT_TRUE(std::isnan(a.samples[5].heart_rate));  // 0 means "no reading"
  EXPECT_TRUE(a.warnings.empty());
}

TEST(GpxReader, MarksEverySegmentAfterTheFirstAcrossTracks) {
  //   trk 1: seg [p0 p1] seg [] seg [p2]      trk 2: seg [p3 p4]      trk 3: (empty)
  const Activity a = gpx(R"(<gpx version="1.1">
<trk><name>first</name>
  <trkseg><trkpt lat="0" lon="0"/><trkpt lat="0" lon="0.001"/></trkseg>
  <trkseg></trkseg>
  <trkseg><trkpt lat="0" lon="0.002"/></trkseg>
</trk>
<trk><name>second</name><trkseg><trkpt lat="0" lon="0.003"/><trkpt lat="0" lon="0.004"/></trkseg></trk>
<trk></trk>
</gpx>)");
  EXPECT_EQ(breaks(a), (std::vector<bool>{false, false, true, true, false}));
  EXPECT_EQ(a.name, "first");
  EXPECT_DOUBLE_EQ(a.samples[4].lon, 0.004);
}

TEST(GpxReader, SkipsEmptyLeadingTracksAndSegments) {
  const Activity a = gpx(R"(<gpx><trk><trkseg/></trk><trk><trkseg></trkseg>
<trkseg><trkpt lat="5" lon="6"/></trkseg></trk></gpx>)");
  ASSERT_EQ(a.samples.size(), 1u);
  EXPECT_FALSE(a.samples[0].segment_start);
  EXPECT_TRUE(std::isnan(a.start_time));
}

TEST(GpxReader, EmptyTrackGivesNoSamplesAndAWarning) {
  const Activity a = gpx(R"(<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<gpx version="1.1" creator="OsmAnd+"><trk><trkseg></trkseg></trk></gpx>)");
  EXPECT_TRUE(a.samples.empty());
  EXPECT_EQ(a.warnings, std::vector<std::string>{"no track or route points"});
}

TEST(GpxReader, ReadsRoutesOnlyWhenThereIsNoTrack) {
  const std::string route = R"(<rte><name>Planned</name>
<rtept lat="48.1" lon="11.5"><ele>520</ele></rtept><rtept lat="48.2" lon="11.6"/></rte>
<rte><rtept lat="48.3" lon="11.7"/></rte>)";
  const Activity only_route = gpx("<gpx>" + route + "</gpx>");
  ASSERT_EQ(only_route.samples.size(), 3u);
  EXPECT_EQ(only_route.name, "Planned");
  EXPECT_FLOAT_EQ(only_route.samples[0].altitude, 520.0f);
  EXPECT_TRUE(std::isnan(only_route.samples[0].time));
  EXPECT_EQ(breaks(only_route), (std::vector<bool>{false, false, true}));
  EXPECT_TRUE(only_route.flags & kFlagNotActivity);  // a plan, not something done

  const Activity both =
      gpx("<gpx>" + route + R"(<trk><trkseg><trkpt lat="1" lon="2"/></trkseg></trk></gpx>)");
  ASSERT_EQ(both.samples.size(), 1u);
  EXPECT_DOUBLE_EQ(both.samples[0].lat, 1.0);
  EXPECT_FALSE(both.flags & kFlagNotActivity);
}

TEST(GpxReader, WaypointsAloneGiveNoSamples) {
  const Activity a = gpx(R"(<gpx><wpt lat="1" lon="2"><name>x</name></wpt></gpx>)");
  EXPECT_TRUE(a.samples.empty());
}

TEST(GpxReader, SinglePointIsFine) {
  const Activity a = gpx(R"(<gpx><trk><trkseg><trkpt lat="-33.9" lon="151.2">
<time>2020-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>)");
  ASSERT_EQ(a.samples.size(), 1u);
  EXPECT_EQ(a.start_time, *parse_iso8601("2020-01-01T00:00:00Z"));
}

TEST(GpxReader, SkipsBadValuesAndSummarisesThemInWarnings) {
  const Activity a = gpx(R"(<gpx><trk><trkseg>
<trkpt lat="91" lon="0"/>
<trkpt lat="10" lon="abc"/>
<trkpt lon="5"/>
<trkpt lat="10" lon="20"><ele>high</ele><time>yesterday</time></trkpt>
<trkpt lat="10" lon="20.1"><ele>12.5</ele><time>2020-10-07T14:43:11Z</time>
<extensions><hr>900</hr><speed>-3</speed></extensions></trkpt>
<trkpt lat="10" lon="181"/>
<trkpt lat="10" lon="20.2"><ele/><time> </time><extensions><hr/></extensions></trkpt>
</trkseg></trk></gpx>)");
  ASSERT_EQ(a.samples.size(), 3u);  // empty elements are values not recorded, not faults
  EXPECT_TRUE(std::isnan(a.samples[2].altitude));
  EXPECT_TRUE(std::isnan(a.samples[0].altitude));
  EXPECT_TRUE(std::isnan(a.samples[0].time));
  EXPECT_FLOAT_EQ(a.samples[1].altitude, 12.5f);
  EXPECT_TRUE(std::isnan(a.samples[1].heart_rate));
  EXPECT_TRUE(std::isnan(a.samples[1].speed));
  EXPECT_EQ(a.start_time, 1602081791.0);
  EXPECT_EQ(a.warnings, (std::vector<std::string>{
                            "4 points without a valid position skipped",
                            "1 point with an unreadable time (time ignored)",
                            "1 point with an unreadable or implausible elevation (ignored)",
                            "1 point with an unreadable or implausible heart rate (ignored)",
                            "1 point with an unreadable or implausible speed (ignored)",
                        }));
}

// A time with an impossible offset, day or hour is that point's missing time (counted in the
// warning), not a time moved by days and not a reason to refuse the file.
TEST(GpxReader, ImpossibleTimesAreMissingTimesNotFatal) {
  const Activity a = gpx(R"(<gpx><trk><trkseg>
<trkpt lat="10" lon="20"><time>2020-10-07T16:43:11+99:99</time></trkpt>
<trkpt lat="10" lon="20.1"><time>2020-10-07T16:43:12+02:00</time></trkpt>
<trkpt lat="10" lon="20.2"><time>2020-02-30T14:43:13Z</time></trkpt>
<trkpt lat="10" lon="20.3"><time>2020-10-07T25:43:14Z</time></trkpt>
<trkpt lat="10" lon="20.4"><time>2020-10-07T14:43:61Z</time></trkpt>
</trkseg></trk></gpx>)");
  ASSERT_EQ(a.samples.size(), 5u);
  EXPECT_TRUE(std::isnan(a.samples[0].time));
  EXPECT_EQ(a.samples[1].time, 1602081792.0);
  for (std::size_t i = 2; i < 5; ++i) EXPECT_TRUE(std::isnan(a.samples[i].time)) << i;
  EXPECT_EQ(a.start_time, 1602081792.0);
  ASSERT_TRUE(a.utc_offset_s.has_value());
  EXPECT_EQ(*a.utc_offset_s, 7200);
  EXPECT_EQ(a.warnings,
            (std::vector<std::string>{"4 points with an unreadable time (time ignored)"}));
}

TEST(GpxReader, SkipsUtf8BomAndBlanksBeforeTheDeclaration) {
  const Activity bom =
      gpx("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
          "<gpx><trk><name>\xC3\xA9t\xC3\xA9</name><trkseg>"
          "<trkpt lat=\"1\" lon=\"2\"/></trkseg></trk></gpx>");
  EXPECT_EQ(bom.name, "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(bom.samples.size(), 1u);
  const Activity blanks =
      gpx("\n\n   \t<?xml version=\"1.0\"?>\n<gpx><trk><trkseg>"
          "<trkpt lat=\"1\" lon=\"2\"/></trkseg></trk></gpx>");
  EXPECT_EQ(blanks.samples.size(), 1u);
}

TEST(GpxReader, ConvertsLatin1AndWindows1252Names) {
  const Activity latin1 =
      gpx("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
          "<gpx><trk><name>Z\xFCrich \xE0 v\xE9lo</name><trkseg><trkpt lat=\"47\" lon=\"8\"/>"
          "</trkseg></trk></gpx>");
  EXPECT_EQ(latin1.name, "Z\xC3\xBCrich \xC3\xA0 v\xC3\xA9lo");
  EXPECT_EQ(latin1.samples.size(), 1u);
  const Activity cp1252 =
      gpx("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n"
          "<gpx><trk><name>\x93"
          "Caf\xE9\x94 \x80 5</name><trkseg><trkpt lat=\"47\" lon=\"8\"/>"
          "</trkseg></trk></gpx>");
  EXPECT_EQ(cp1252.name,
            "\xE2\x80\x9C"
            "Caf\xC3\xA9\xE2\x80\x9D \xE2\x82\xAC 5");  // “Café” € 5
}

TEST(GpxReader, ReadsUtf16LittleAndBigEndian) {
  const std::string doc =
      "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<gpx><trk><name>M\xFCnchen</name><trkseg>"
      "<trkpt lat=\"48.1\" lon=\"11.5\"><ele>520</ele></trkpt></trkseg></trk></gpx>";
  for (const bool le : {true, false}) {
    const Activity a = gpx(test::utf16(doc, le));
    ASSERT_EQ(a.samples.size(), 1u) << (le ? "LE" : "BE");
    EXPECT_EQ(a.name, "M\xC3\xBCnchen");
    EXPECT_DOUBLE_EQ(a.samples[0].lon, 11.5);
    EXPECT_FLOAT_EQ(a.samples[0].altitude, 520.0f);
  }
}

TEST(GpxReader, ReadsNamesInCdataAndWithEntities) {
  const Activity a = gpx(R"(<gpx><trk><name><![CDATA[Tom & Jerry's <ride>]]></name>
<type><![CDATA[mountain biking]]></type><trkseg><trkpt lat="1" lon="2"/></trkseg></trk></gpx>)");
  EXPECT_EQ(a.name, "Tom & Jerry's <ride>");
  EXPECT_EQ(a.sport, Sport::MountainBikeRide);
  const Activity b =
      gpx(R"(<gpx><metadata><name>A &amp; B &#233;</name></metadata><trk><trkseg/></trk></gpx>)");
  EXPECT_EQ(b.name, "A & B \xC3\xA9");
}

TEST(GpxReader, StravaNumericTypeCodes) {
  const Activity a = gpx(R"(<gpx creator="StravaGPX Android"><trk><type>1</type><trkseg>
<trkpt lat="1" lon="2"/></trkseg></trk></gpx>)");
  EXPECT_EQ(a.sport_raw, "1");
  EXPECT_EQ(a.sport, Sport::Ride);
  const Activity b = gpx(R"(<gpx creator="StravaGPX"><trk><type>9</type><trkseg>
<trkpt lat="1" lon="2"/></trkseg></trk></gpx>)");
  EXPECT_EQ(b.sport, Sport::Run);
  const Activity other = gpx(R"(<gpx creator="Someone"><trk><type>9</type><trkseg>
<trkpt lat="1" lon="2"/></trkseg></trk></gpx>)");
  EXPECT_EQ(other.sport, Sport::Other);
}

TEST(GpxReader, KeepsTheLocalOffsetOfTheFirstTime) {
  const Activity a = gpx(R"(<gpx><trk><trkseg>
<trkpt lat="3" lon="14"><time>2020-02-02T03:02:03+01:00</time></trkpt>
</trkseg></trk></gpx>)");
  EXPECT_EQ(a.start_time, *parse_iso8601("2020-02-02T02:02:03Z"));
  ASSERT_TRUE(a.utc_offset_s);
  EXPECT_EQ(*a.utc_offset_s, 3600);
}

TEST(GpxReader, TruncatedFileKeepsThePointsBeforeTheCut) {
  const std::string full(kGarmin11);
  const std::string cut = full.substr(0, full.find("<gpxtpx:speed>") + 16);
  const Activity a = gpx(cut);
  ASSERT_EQ(a.samples.size(), 1u);  // the second point was cut short: dropped
  EXPECT_FLOAT_EQ(a.samples[0].heart_rate, 121.0f);
  ASSERT_FALSE(a.warnings.empty());
  EXPECT_EQ(a.warnings.back(), "XML error at offset " + std::to_string(cut.size() - 1) +
                                   ": Start-end tags mismatch (the file ends early); kept the 1 "
                                   "samples before it");
  // Cut before any point: nothing to keep, an error.
  EXPECT_THROW(gpx(full.substr(0, full.find("<trkseg>"))), ParseError);
}

TEST(GpxReader, DeeplyNestedExtensionsAreWalkedOnlyAFewLevels) {
  // 200 000 nested elements: the walk stops at a few levels and nothing recurses that deep.
  std::string doc = R"(<gpx><trk><trkseg><trkpt lat="1" lon="2"><extensions>)";
  const int depth = 200000;
  for (int i = 0; i < depth; ++i) doc += "<x>";
  doc += "<hr>150</hr>";
  for (int i = 0; i < depth; ++i) doc += "</x>";
  doc += "</extensions></trkpt></trkseg></trk></gpx>";
  const Activity a = gpx(doc);
  ASSERT_EQ(a.samples.size(), 1u);
  EXPECT_TRUE(std::isnan(a.samples[0].heart_rate));
}

TEST(GpxReader, InPlaceOverloadReadsWhatTheCopyReads) {
  const std::string full(kGarmin11);
  for (const std::string& doc : std::vector<std::string>{
           "\xEF\xBB\xBF \n" + full, full.substr(0, full.size() - 40),
           "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><gpx><trk><name>\xE9</name><trkseg>"
           "<trkpt lat=\"1\" lon=\"2\"/></trkseg></trk></gpx>"}) {
    const Activity copied = gpx(doc);
    const Activity in_place = read_gpx(Bytes(doc.begin(), doc.end()));
    ASSERT_EQ(in_place.samples.size(), copied.samples.size());
    EXPECT_EQ(in_place.samples.back().lat, copied.samples.back().lat);
    EXPECT_EQ(in_place.name, copied.name);
    EXPECT_EQ(in_place.warnings, copied.warnings);  // damage offsets included
  }
}

TEST(GpxReader, RejectsWhatIsNotGpx) {
  try {
    gpx("<TrainingCenterDatabase><Activities/></TrainingCenterDatabase>");
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(), "not a GPX file: root element is <TrainingCenterDatabase>");
  }
  try {
    gpx("\x0E\x10\x08\x08\x00\x00\x00\x00.FIT");
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(), "not a GPX file: no XML element found");
  }
  try {
    gpx("<gpx><trk></gpx>");
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(), "XML error at offset 12: Start-end tags mismatch");
  }
  EXPECT_THROW(gpx(""), ParseError);
}

}  // namespace
}  // namespace th
