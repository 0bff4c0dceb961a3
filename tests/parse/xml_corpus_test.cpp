// Conformance of the GPX/TCX readers over the real-file corpus (../shared/testdata/real), with
// gpsbabel as the independent oracle, and robustness against truncated and damaged copies.

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "parse/gpx_reader.hpp"
#include "parse/tcx_reader.hpp"
#include "support/gpsbabel.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

namespace fs = std::filesystem;

// Files where our position count and gpsbabel's differ on purpose, with the reason.
const std::map<std::string, std::string> kGpsbabelExceptions = {};

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Inflates a gzip file with zlib (the parse stage's own gunzip belongs to another test).
Bytes gunzip_for_test(const Bytes& in) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("inflateInit2");
  Bytes out;
  std::uint8_t buf[65536];
  z.next_in = const_cast<Bytef*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    z.next_out = buf;
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      throw std::runtime_error("inflate failed");
    }
    out.insert(out.end(), buf, buf + (sizeof buf - z.avail_out));
  }
  inflateEnd(&z);
  return out;
}

struct CorpusFile {
  fs::path path;
  std::string name;
  bool tcx = false;
  bool gz = false;
};

std::vector<CorpusFile> xml_files(const fs::path& dir) {
  std::vector<CorpusFile> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    CorpusFile f{e.path(), name, ends_with(name, ".tcx"), ends_with(name, ".gpx.gz")};
    if (f.tcx || f.gz || ends_with(name, ".gpx")) out.push_back(f);
  }
  std::sort(out.begin(), out.end(),
            [](const CorpusFile& a, const CorpusFile& b) { return a.name < b.name; });
  return out;
}

Bytes load(const CorpusFile& f) {
  Bytes b = read_file(f.path);
  return f.gz ? gunzip_for_test(b) : b;
}

Activity read_xml(const CorpusFile& f, ByteView bytes) {
  return f.tcx ? read_tcx(bytes) : read_gpx(bytes);
}

std::size_t points(const Activity& a) {
  return static_cast<std::size_t>(std::count_if(a.samples.begin(), a.samples.end(),
                                                [](const Sample& s) { return s.has_position(); }));
}

bool any_heart_rate(const Activity& a) {
  return std::any_of(a.samples.begin(), a.samples.end(),
                     [](const Sample& s) { return has(s.heart_rate); });
}

// Values every reader result must satisfy, whatever the input.
void expect_sane(const Activity& a) {
  for (const Sample& s : a.samples) {
    if (s.has_position()) {
      ASSERT_TRUE(s.lat >= -90 && s.lat <= 90 && s.lon >= -180 && s.lon <= 180);
    } else {
      ASSERT_TRUE(std::isnan(s.lat) && std::isnan(s.lon));
    }
    ASSERT_FALSE(std::isinf(s.time));
  }
  if (!a.samples.empty()) {
    ASSERT_FALSE(a.samples.front().segment_start);
  }
}

TEST(XmlCorpus, EveryFileReadsAndMatchesGpsbabel) {
  TH_REQUIRE_REAL_TESTDATA(dir);
  if (!test::gpsbabel_available()) GTEST_SKIP() << "gpsbabel is not installed";
  const test::ScratchDir scratch("th-xml-corpus");
  const auto files = xml_files(dir);
  ASSERT_GE(files.size(), 38u);
  std::size_t compared = 0;
  for (const CorpusFile& f : files) {
    SCOPED_TRACE(f.name);
    const Bytes bytes = load(f);
    Activity a;
    ASSERT_NO_THROW(a = read_xml(f, bytes));
    expect_sane(a);
    fs::path plain = f.path;
    if (f.gz) {
      plain = scratch.path() / f.name.substr(0, f.name.size() - 3);
      write_file_atomic(plain, ByteView(bytes));
    }
    const std::string format = f.tcx ? "gtrnctr" : "gpx";
    auto expected = test::gpsbabel_points(plain, format, "t");
    ASSERT_TRUE(expected) << "gpsbabel failed";
    if (*expected == 0 && !f.tcx) expected = test::gpsbabel_points(plain, format, "r");
    ASSERT_TRUE(expected) << "gpsbabel failed";
    const auto exception = kGpsbabelExceptions.find(f.name);
    if (exception == kGpsbabelExceptions.end()) {
      EXPECT_EQ(points(a), *expected) << "points with a position vs gpsbabel";
      ++compared;
    } else {
      EXPECT_NE(points(a), *expected)
          << "listed as an exception but agrees now: " << exception->second;
    }
  }
  std::cout << "[          ] " << compared << " of " << files.size()
            << " GPX/TCX files agree with gpsbabel, " << kGpsbabelExceptions.size()
            << " listed exceptions\n";
}

bool same_samples(const Activity& a, const Activity& b) {
  if (a.samples.size() != b.samples.size()) return false;
  for (std::size_t i = 0; i < a.samples.size(); ++i) {
    const Sample& x = a.samples[i];
    const Sample& y = b.samples[i];
    const auto same = [](double u, double v) { return u == v || (std::isnan(u) && std::isnan(v)); };
    if (!same(x.time, y.time) || !same(x.lat, y.lat) || !same(x.lon, y.lon) ||
        !same(x.distance, y.distance) || !same(x.altitude, y.altitude) ||
        !same(x.heart_rate, y.heart_rate) || !same(x.speed, y.speed) ||
        x.segment_start != y.segment_start) {
      return false;
    }
  }
  return true;
}

// read_gpx/read_tcx(Bytes&&) parse in place; they must read exactly what the copying form reads.
TEST(XmlCorpus, InPlaceReadingGivesTheSameActivity) {
  TH_REQUIRE_REAL_TESTDATA(dir);
  for (const CorpusFile& f : xml_files(dir)) {
    SCOPED_TRACE(f.name);
    Bytes bytes = load(f);
    const Activity copied = read_xml(f, bytes);
    const Activity in_place = f.tcx ? read_tcx(std::move(bytes)) : read_gpx(std::move(bytes));
    EXPECT_TRUE(same_samples(copied, in_place));
    EXPECT_EQ(copied.name, in_place.name);
    EXPECT_EQ(copied.warnings, in_place.warnings);
    EXPECT_EQ(copied.sport, in_place.sport);
  }
}

TEST(XmlCorpus, TcxWithBlanksBeforeTheDeclarationReadsTheSame) {
  TH_REQUIRE_REAL_TESTDATA(dir);
  for (const CorpusFile& f : xml_files(dir)) {
    if (!f.tcx) continue;
    SCOPED_TRACE(f.name);
    const Bytes bytes = load(f);
    Bytes padded = {' ', ' ', '\r', '\n', '\t', ' ', '\n'};
    padded.insert(padded.end(), bytes.begin(), bytes.end());
    const Activity a = read_tcx(bytes);
    const Activity b = read_tcx(padded);
    ASSERT_EQ(a.samples.size(), b.samples.size());
    ASSERT_FALSE(a.samples.empty());
    EXPECT_TRUE(same_samples(a, b));
    EXPECT_EQ(a.start_time, b.start_time);
    EXPECT_EQ(a.sport, b.sport);
  }
}

// MANIFEST.tsv columns (tab-separated, with a header): file, format, …, has_hr, …
std::vector<std::map<std::string, std::string>> manifest(const fs::path& dir) {
  std::ifstream in(dir / "MANIFEST.tsv");
  std::vector<std::map<std::string, std::string>> rows;
  std::string line;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) cells.push_back(cell);
    if (header.empty()) {
      header = cells;
      continue;
    }
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < cells.size() && i < header.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(row);
  }
  return rows;
}

TEST(XmlCorpus, HeartRatePresenceMatchesTheManifest) {
  TH_REQUIRE_REAL_TESTDATA(dir);
  // The manifest's quick scan saw the element; the values say otherwise.
  const std::map<std::string, std::string> exceptions = {
      {"geoactivity_2025-08-30_20_29_18.085_BC_Cadzand-Bad.gpx",
       "every <gpxtpx:hr> is 0, which devices write for \"no reading\""},
  };
  std::size_t checked = 0;
  for (const auto& row : manifest(dir)) {
    const std::string& format = row.at("format");
    if (format != "gpx" && format != "tcx" && format != "gpx.gz") continue;
    const CorpusFile f{dir / row.at("file"), row.at("file"), format == "tcx", format == "gpx.gz"};
    SCOPED_TRACE(f.name);
    const Activity a = read_xml(f, load(f));
    const bool manifest_hr = row.at("has_hr") == "yes";
    EXPECT_EQ(any_heart_rate(a), manifest_hr != exceptions.contains(f.name));
    ++checked;
  }
  EXPECT_EQ(checked, 38u);
}

TEST(XmlCorpus, SpotChecksAgainstTheManifest) {
  TH_REQUIRE_REAL_TESTDATA(dir);
  const auto read = [&](const std::string& name) {
    const CorpusFile f{dir / name, name, ends_with(name, ".tcx"), ends_with(name, ".gz")};
    return read_xml(f, load(f));
  };
  // "Garmin Connect TCX of the same ride …; laps=8 trackpoints=5166; sport=Biking"
  const Activity ride = read("sweatpy_activity_4801048867.tcx");
  EXPECT_EQ(points(ride), 5166u);
  EXPECT_EQ(ride.sport, Sport::Ride);
  EXPECT_TRUE(any_heart_rate(ride));
  EXPECT_GT(ride.totals.distance_m, 0);
  // The Strava GPX of the same ride: 5159 points.
  const Activity strava = read("sweatpy_4801048867_strava.gpx");
  EXPECT_EQ(points(strava), 5159u);
  EXPECT_EQ(strava.sport, Sport::Ride);
  // "Garmin GPSMAP 64s track, 2 segments … trkpt=3540"
  const Activity gpsmap = read("georust-gpx_garmin_with_extensions.gpx");
  EXPECT_EQ(points(gpsmap), 3540u);
  EXPECT_EQ(std::count_if(gpsmap.samples.begin(), gpsmap.samples.end(),
                          [](const Sample& s) { return s.segment_start; }),
            1);
  // "GPX 1.0 ExpertGPS, 3 tracks / 14 segments … trkpt=1243"
  const Activity hills = read("togeojson_blue_hills.gpx");
  EXPECT_EQ(points(hills), 1243u);
  // "AllTrails export: ROUTE only (rtept, no trk) … rtept=139"
  EXPECT_EQ(points(read("georust-gpx_ecology-trail-and-lovers-lane-loop.gpx")), 139u);
  // "Garmin vivoactive HR cross-country skiing (Sport=Other)"
  const Activity ski = read("tcxreader_cross-country-skiing_activity_1.tcx");
  EXPECT_EQ(ski.sport, Sport::Other);
  EXPECT_EQ(points(ski), 486u);
  // "Polar M400 run TCX; … trackpoints=3507; sport=Running"
  const Activity polar = read("sweatpy_3173437224.tcx");
  EXPECT_EQ(polar.sport, Sport::Run);
  EXPECT_EQ(points(polar), 3507u);
  // "ISO-8859-1 encoded GPX 1.0 from OziExplorer, waypoints only"
  EXPECT_TRUE(read("gpxgo_iso8859-1encoded.gpx").samples.empty());
  // "OsmAnd+ GPX with a single trackpoint"
  EXPECT_EQ(read("togeojson_unique_trkpt.gpx").samples.size(), 1u);
  // "GZIPPED GPX (GraphHopper route output: route + track) … trkpt=171 rtept=22": track only
  EXPECT_EQ(points(read("gpxgo_graphhopper.gpx.gz")), 171u);
}

// Truncates and flips bytes of real files at many offsets: every result is either a
// ParseError or a sane Activity (run under ASan/UBSan by the asan label).
TEST(XmlCorpus, SurvivesTruncationAndFlippedBytes) {
  TH_REQUIRE_REAL_TESTDATA(dir);
  const std::vector<std::string> names = {
      "togeojson_missing_hr.gpx",   "opentracks_legacy_gpx_trackpointextensions_incorrect.gpx",
      "gpxgo_iso8859-1encoded.gpx", "georust-gpx_caltopo-export.gpx",
      "togeojson_sample.tcx",       "sweatpy_activity_5039744860.tcx",
      "gpxpy_unicode_with_bom.gpx"};
  std::mt19937 rng(20240601);
  std::size_t runs = 0, errors = 0;
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    const CorpusFile f{dir / name, name, ends_with(name, ".tcx"), false};
    const Bytes original = load(f);
    const auto check = [&](ByteView bytes) {
      ++runs;
      try {
        expect_sane(read_xml(f, bytes));
      } catch (const ParseError&) {
        ++errors;
      }
    };
    const std::size_t step = std::max<std::size_t>(1, original.size() / 150);
    for (std::size_t cut = 0; cut < original.size(); cut += step) {
      check(ByteView(original.data(), cut));
    }
    for (int i = 0; i < 300; ++i) {
      Bytes damaged = original;
      const std::size_t flips = 1 + rng() % 4;
      for (std::size_t k = 0; k < flips; ++k) {
        damaged[rng() % damaged.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
      }
      check(damaged);
    }
  }
  EXPECT_GT(runs, 2000u);
  EXPECT_GT(errors, 0u);
  EXPECT_LT(errors, runs);
}

}  // namespace
}  // namespace th
