// Writes the fuzzers' seed corpus from the project's own fixtures: a few demo activities (cut to
// 60 samples, so seeds stay small and the fuzzers fast) in every format and wrapping, and the
// kind of small hand-written files the unit tests use. Usage: fuzz_seeds OUT_DIR
// (writes OUT_DIR/<target>/<name>). Real device files are added by the Makefile when present.
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "demo/demo.hpp"
#include "demo/writers.hpp"
#include "render/packed_codes.hpp"
#include "store/track_codec.hpp"

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kGpx = R"(<?xml version="1.0" encoding="UTF-8"?>
<gpx creator="Garmin Connect" version="1.1" xmlns="http://www.topografix.com/GPX/1/1"
  xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
  <metadata><name>metadata name</name><time>2019-01-01T00:00:00Z</time></metadata>
  <trk><name>Morning Run</name><type>running</type>
    <trkseg>
      <trkpt lat="47.3769" lon="8.5417"><ele>408.2</ele><time>2020-10-07T16:43:11+02:00</time>
        <extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>121</gpxtpx:hr>
        </gpxtpx:TrackPointExtension></extensions></trkpt>
      <trkpt lat="47.3770" lon="8.5418"><ele>409</ele><time>2020-10-07T14:43:12.500Z</time>
      </trkpt>
    </trkseg>
    <trkseg><trkpt lat="47.3771" lon="8.5419"><time>2020-10-07 14:43:20</time></trkpt></trkseg>
  </trk>
</gpx>)";

constexpr std::string_view kGpxRoute = R"(<?xml version="1.0" encoding="ISO-8859-1"?>
<gpx version="1.0" creator="StravaGPX"><name>Caf)"
                                       "\xe9"
                                       R"( loop</name>
  <rte><rtept lat="48.1" lon="11.5"/><rtept lat="48.2" lon="11.6"><speed>3.1</speed></rtept></rte>
</gpx>)";

constexpr std::string_view kTcx = R"(
 <?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
  xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
  <Activities><Activity Sport="Biking"><Id>2020-10-07T14:43:11Z</Id>
    <Lap StartTime="2020-10-07T14:43:11Z"><TotalTimeSeconds>60</TotalTimeSeconds>
      <DistanceMeters>250.5</DistanceMeters>
      <Track>
        <Trackpoint><Time>2020-10-07T14:43:11Z</Time>
          <Position><LatitudeDegrees>47.3769</LatitudeDegrees>
          <LongitudeDegrees>8.5417</LongitudeDegrees></Position>
          <AltitudeMeters>408</AltitudeMeters><DistanceMeters>0</DistanceMeters>
          <HeartRateBpm><Value>120</Value></HeartRateBpm>
          <Extensions><ns3:TPX><ns3:Speed>4.5</ns3:Speed></ns3:TPX></Extensions>
        </Trackpoint>
        <Trackpoint><Time>2020-10-07T14:44:11-01:30</Time>
          <DistanceMeters>250.5</DistanceMeters></Trackpoint>
      </Track>
    </Lap></Activity></Activities>
</TrainingCenterDatabase>)";

constexpr std::string_view kCsv =
    "\xEF\xBB\xBF"
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,"
    "Distance,Filename,Elapsed Time,Moving Time,Distance,Elevation Gain\r\n"
    "123,\"Oct 7, 2020, 2:43:11 PM\",Morning Run,Run,\"two\nlines, \"\"quoted\"\"\",1428,3.32,"
    "activities/123.fit.gz,1428.0,1411.0,3322.9,61.8\r\n"
    "124,\"7 Oct 2020, 14:43:11\",Ride,Ride,,60,1.0,activities/124.gpx,60,60,1000,\r\n"
    "125,2018-09-12 15:02:23,Manual,Walk,,,,,,,,\n";

void write(const fs::path& file, th::ByteView bytes) {
  fs::create_directories(file.parent_path());
  th::write_file_atomic(file, bytes, th::Durability::NoSync);
}

void write(const fs::path& file, std::string_view text) {
  fs::create_directories(file.parent_path());
  th::write_file_atomic(file, text, th::Durability::NoSync);
}

th::ByteView view(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// A zip holding the given (name, bytes) entries, written with libzip.
void write_zip(const fs::path& file,
               const std::vector<std::pair<std::string, std::string>>& entries) {
  fs::create_directories(file.parent_path());
  int error = 0;
  zip_t* archive = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (archive == nullptr) throw std::runtime_error("cannot create " + file.string());
  for (const auto& [name, bytes] : entries) {
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    if (source == nullptr || zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE) < 0) {
      zip_source_free(source);
      zip_discard(archive);
      throw std::runtime_error("cannot add " + name);
    }
  }
  if (zip_close(archive) != 0) throw std::runtime_error("cannot write " + file.string());
}

// Packed tiles of every shape a column can take: no pixel, one, and many with a full-range
// layer, a layer equal to layer 0, an empty layer and narrow ranges at either end.
void write_tile_codes(const fs::path& dir) {
  std::uint32_t state = 12345;
  const auto next = [&state] { return state = state * 1664525u + 1013904223u; };
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{300}}) {
    th::TileCodes t;
    t.tile = th::TileKey{13, 4355, 2874};
    for (std::size_t p = 0; p < n; ++p) {
      t.pixels.push_back(static_cast<std::uint16_t>(p * 200 + next() % 150));
      for (std::size_t l = 0; l < th::kLayerCount; ++l) {
        const std::uint32_t r = next() >> 8;
        switch (l) {
          case 0: t.codes.push_back(static_cast<std::uint16_t>(1 + r % 65535)); break;
          case 1: t.codes.push_back(t.codes[p * th::kLayerCount]); break;
          case 2: t.codes.push_back(0); break;
          case 3: t.codes.push_back(static_cast<std::uint16_t>(1 + r % 3)); break;
          default: t.codes.push_back(static_cast<std::uint16_t>(65535 - r % (l * 100)));
        }
      }
    }
    th::Bytes bytes;
    th::PackedTileCodes(t).append_to(bytes);
    write(dir / (std::to_string(n) + ".bin"), bytes);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_seeds OUT_DIR\n");
    return 2;
  }
  const fs::path out = argv[1];
  th::DemoOptions options;
  options.activities = 4;
  options.seed = 7;
  options.years = 1;
  options.now_utc = 1.7e9;
  int n = 0;
  std::string first_gpx;
  for (th::DemoActivity& demo : th::generate_demo(options)) {
    th::Activity& a = demo.activity;
    if (a.samples.size() > 60) a.samples.resize(60);
    if (a.samples.size() > 30) a.samples[30].segment_start = true;
    const std::string id = std::to_string(n++);
    const th::Bytes fit = th::write_fit(a);
    const std::string gpx = th::write_gpx(a);
    const std::string tcx = th::write_tcx(a);
    if (first_gpx.empty()) first_gpx = gpx;
    write(out / "fit" / (id + ".fit"), fit);
    write(out / "gpx" / (id + ".gpx"), gpx);
    write(out / "tcx" / (id + ".tcx"), tcx);
    write(out / "gzip" / (id + ".fit.gz"), th::gzip_bytes(fit, 1));
    write(out / "gzip" / (id + ".gpx.gz"), th::gzip_bytes(view(gpx), 9));
    th::Bytes blob = th::encode_track(a.samples);
    blob.resize(blob.size() - 4);  // the fuzzer appends the checksum
    write(out / "track_codec" / (id + ".blob"), blob);
  }
  write(out / "gpx" / "garmin.gpx", kGpx);
  write(out / "gpx" / "route.gpx", kGpxRoute);
  write(out / "tcx" / "garmin.tcx", kTcx);
  write(out / "csv" / "activities.csv", kCsv);
  th::Bytes two_members = th::gzip_bytes(view(kGpx));
  const th::Bytes second = th::gzip_bytes(view(kTcx));
  two_members.insert(two_members.end(), second.begin(), second.end());
  write(out / "gzip" / "two_members.gz", two_members);
  const th::Bytes empty_blob = th::encode_track({});
  write(out / "track_codec" / "empty.blob", th::ByteView(empty_blob.data(), empty_blob.size() - 4));
  write_tile_codes(out / "tile_codes");
  write_zip(out / "zip" / "export.zip",
            {{"activities.csv", std::string(kCsv)}, {"activities/124.gpx", first_gpx}});
  write_zip(out / "zip" / "nested.zip", {{"export_1/activities.csv", std::string(kCsv)},
                                         {"export_1/activities/124.gpx", std::string(kGpx)}});
  return 0;
}
