// FIT decoder on the real corpus (../shared/testdata/real): every file decodes, the points
// agree with gpsbabel (an independent reader) except where listed below with the reason, and
// the facts of MANIFEST.tsv hold.

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "parse/fit_decoder.hpp"
#include "support/gpsbabel.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

namespace fs = std::filesystem;

// Files where trackheat and plain `gpsbabel -i garmin_fit` disagree on the number of points,
// and what is compared instead. Keep this short and honest.
enum class Oracle {
  // gpsbabel refuses a file with a bad CRC or a truncated tail unless told `recoverymode`;
  // with it, the counts agree.
  kRecoveryMode,
  // As kRecoveryMode, but gpsbabel also counts records that repeat the previous record's
  // instant and position, which trackheat merges into one sample (devices write such a record
  // when auto-pause starts).
  kRecoveryModeWithoutRepeats,
  // gpsbabel stops at the first corrupt byte; trackheat resynchronises and reads on. The points
  // before the damage agree (but for the damaged record itself, which gpsbabel decodes from
  // misaligned bytes and trackheat drops).
  kMoreThanRecoveryMode,
};
struct KnownDifference {
  const char* file;
  Oracle oracle;
  const char* reason;
};
constexpr KnownDifference kKnownDifferences[] = {
    {"fitparse_activity-filecrc.fit", Oracle::kRecoveryMode, "bad file CRC"},
    {"fitparse_activity-settings-corruptheader.fit", Oracle::kRecoveryMode,
     "corrupt chained header after the activity: gpsbabel reports a CRC mismatch"},
    {"fitparse_activity-unexpected-eof.fit", Oracle::kRecoveryMode, "truncated by one byte"},
    {"fitparse_nick.fit", Oracle::kRecoveryModeWithoutRepeats,
     "truncated tail; 8 records repeat the previous instant and position"},
    {"fitparse_strava-android-app-201.10-b1218918.fit", Oracle::kMoreThanRecoveryMode,
     "the Strava app dropped one byte from 17 records"},
};

const KnownDifference* known_difference(const std::string& name) {
  for (const auto& k : kKnownDifferences) {
    if (name == k.file) return &k;
  }
  return nullptr;
}

Bytes gunzip_for_test(const Bytes& in) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("inflateInit2");
  Bytes out;
  std::uint8_t buf[1 << 16];
  zs.next_in = const_cast<Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = buf;
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.insert(out.end(), buf, buf + (sizeof buf - zs.avail_out));
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("corrupt gzip");
  return out;
}

struct CorpusFile {
  std::string name;
  fs::path path;  // a plain FIT file gpsbabel can read (.fit.gz decompressed to a scratch copy)
  Bytes bytes;
};

std::vector<CorpusFile> corpus_fit_files(const fs::path& dir, const fs::path& scratch) {
  std::vector<CorpusFile> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    const bool gz = name.ends_with(".fit.gz");
    if (!name.ends_with(".fit") && !gz) continue;
    CorpusFile f{name, entry.path(), read_file(entry.path())};
    if (gz) {
      f.bytes = gunzip_for_test(f.bytes);
      f.path = scratch / name.substr(0, name.size() - 3);
      write_file_atomic(f.path, f.bytes);
    }
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(),
            [](const CorpusFile& a, const CorpusFile& b) { return a.name < b.name; });
  return files;
}

// gpsbabel's track points with a position: "lat,lon" and "date time" per point, in file order.
struct BabelPoint {
  double lat = 0, lon = 0;
  std::string when;
};
std::vector<BabelPoint> gpsbabel_track(const fs::path& file, const std::string& format) {
  const std::string cmd =
      "gpsbabel -t -i " + format + " -f '" + file.string() + "' -o unicsv -F - 2>/dev/null";
  std::vector<BabelPoint> points;
  std::FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return points;
  std::string out;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  ::pclose(pipe);
  std::istringstream lines(out);
  std::string line;
  std::map<std::string, int> column;
  auto next_line = [&] {
    if (!std::getline(lines, line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();  // unicsv ends lines with CRLF
    return true;
  };
  if (next_line()) {
    std::istringstream header(line);
    std::string name;
    for (int c = 0; std::getline(header, name, ','); ++c) column[name] = c;
  }
  if (!column.count("Latitude") || !column.count("Longitude")) return points;
  while (next_line()) {
    std::vector<std::string> cells;
    std::istringstream row(line);
    std::string cell;
    while (std::getline(row, cell, ',')) cells.push_back(cell);
    auto at = [&](const char* name) {
      const auto it = column.find(name);
      return it != column.end() && it->second < static_cast<int>(cells.size())
                 ? cells[static_cast<std::size_t>(it->second)]
                 : std::string();
    };
    if (at("Latitude").empty() || at("Longitude").empty()) continue;
    points.push_back(
        {std::stod(at("Latitude")), std::stod(at("Longitude")), at("Date") + " " + at("Time")});
  }
  return points;
}

std::vector<const Sample*> positions(const Activity& a) {
  std::vector<const Sample*> out;
  for (const Sample& s : a.samples) {
    if (s.has_position()) out.push_back(&s);
  }
  return out;
}

// The first `n` points agree with gpsbabel's (which prints 6 decimals).
void expect_same_points(const std::vector<const Sample*>& ours,
                        const std::vector<BabelPoint>& theirs, std::size_t n) {
  ASSERT_LE(n, ours.size());
  ASSERT_LE(n, theirs.size());
  for (std::size_t i = 0; i < n; ++i) {
    ASSERT_NEAR(ours[i]->lat, theirs[i].lat, 1.01e-6) << "point " << i;
    ASSERT_NEAR(ours[i]->lon, theirs[i].lon, 1.01e-6) << "point " << i;
  }
}

TEST(FitCorpus, EveryFileDecodesAndAgreesWithGpsbabel) {
  TH_REQUIRE_REAL_TESTDATA(dir);
  if (!test::gpsbabel_available()) GTEST_SKIP() << "gpsbabel not installed";
  test::ScratchDir scratch("th-fit-corpus");
  const auto files = corpus_fit_files(dir, scratch.path());
  ASSERT_GE(files.size(), 30u) << "FIT files missing from " << dir;
  for (const CorpusFile& f : files) {
    SCOPED_TRACE(f.name);
    Activity a;
    ASSERT_NO_THROW(a = decode_fit(f.bytes));
    const auto ours = positions(a);
    const KnownDifference* known = known_difference(f.name);
    if (known == nullptr) {
      const auto counted = test::gpsbabel_points(f.path, "garmin_fit");
      ASSERT_TRUE(counted.has_value()) << "gpsbabel failed";
      EXPECT_EQ(ours.size(), *counted);
      const auto track = gpsbabel_track(f.path, "garmin_fit");
      if (track.size() == ours.size()) expect_same_points(ours, track, ours.size());
      continue;
    }
    SCOPED_TRACE(known->reason);
    EXPECT_EQ(test::gpsbabel_points(f.path, "garmin_fit").value_or(0), 0u)
        << "gpsbabel reads this file now: drop it from kKnownDifferences";
    const auto track = gpsbabel_track(f.path, "garmin_fit,recoverymode");
    switch (known->oracle) {
      case Oracle::kRecoveryMode:
        EXPECT_EQ(ours.size(), track.size());
        expect_same_points(ours, track, std::min(ours.size(), track.size()));
        break;
      case Oracle::kRecoveryModeWithoutRepeats: {
        std::size_t repeats = 0;
        for (std::size_t i = 1; i < track.size(); ++i) {
          repeats += track[i].when == track[i - 1].when && track[i].lat == track[i - 1].lat &&
                     track[i].lon == track[i - 1].lon;
        }
        EXPECT_GT(repeats, 0u);
        EXPECT_EQ(ours.size(), track.size() - repeats);
        break;
      }
      case Oracle::kMoreThanRecoveryMode:
        ASSERT_GT(track.size(), 1u);
        EXPECT_GT(ours.size(), track.size() * 5);
        expect_same_points(ours, track, track.size() - 1);
        EXPECT_FALSE(a.warnings.empty());
        break;
    }
  }
}

// One row of MANIFEST.tsv.
struct ManifestRow {
  std::map<std::string, std::string> cells;
  std::string get(const std::string& key) const {
    const auto it = cells.find(key);
    return it == cells.end() ? std::string() : it->second;
  }
  // "value" of "key=value" in the notes column, empty when absent.
  std::string note(const std::string& key) const {
    const std::string notes = get("notes");
    const std::string tag = key + "=";
    const auto at = notes.find(tag);
    if (at == std::string::npos) return {};
    const auto stop = notes.find(';', at);
    return notes.substr(at + tag.size(),
                        stop == std::string::npos ? std::string::npos : stop - at - tag.size());
  }
};

std::vector<ManifestRow> read_manifest(const fs::path& dir) {
  std::ifstream in(dir / "MANIFEST.tsv");
  std::vector<ManifestRow> rows;
  std::string line;
  std::vector<std::string> header;
  auto split = [](const std::string& s) {
    std::vector<std::string> out;
    std::istringstream ss(s);
    std::string cell;
    while (std::getline(ss, cell, '\t')) out.push_back(cell);
    return out;
  };
  if (!std::getline(in, line)) return rows;
  header = split(line);
  while (std::getline(in, line)) {
    const auto cells = split(line);
    ManifestRow row;
    for (std::size_t i = 0; i < cells.size() && i < header.size(); ++i) {
      row.cells[header[i]] = cells[i];
    }
    rows.push_back(row);
  }
  return rows;
}

// Where trackheat and the manifest's quick scan read a file differently, and why.
struct ManifestDeviation {
  const char* file;
  const char* column;
  const char* reason;
};
constexpr ManifestDeviation kManifestDeviations[] = {
    {"fitparse_null_compressed_speed_dist.fit", "has_hr",
     "every heart_rate field holds 0 (Zwift without a strap): no reading, not 0 bpm"},
    {"tormoder-fit_0134902991.fit", "has_hr",
     "every heart_rate field holds 0 (OneLap without a strap); gpsbabel shows no heart rate"},
};

bool deviates(const std::string& file, const std::string& column) {
  for (const auto& d : kManifestDeviations) {
    if (file == d.file && column == d.column) return true;
  }
  return false;
}

TEST(FitCorpus, ManifestFactsHold) {
  TH_REQUIRE_REAL_TESTDATA(dir);
  int checked = 0;
  for (const ManifestRow& row : read_manifest(dir)) {
    const std::string name = row.get("file");
    if (row.get("format") != "fit" && row.get("format") != "fit.gz") continue;
    SCOPED_TRACE(name);
    Bytes bytes = read_file(dir / name);
    if (name.ends_with(".gz")) bytes = gunzip_for_test(bytes);
    const Activity a = decode_fit(bytes);
    ++checked;
    std::size_t points = 0, hr = 0, altitude = 0;
    for (const Sample& s : a.samples) {
      points += s.has_position();
      hr += has(s.heart_rate);
      altitude += has(s.altitude);
    }
    if (!deviates(name, "has_gps")) {
      EXPECT_EQ(points > 0, row.get("has_gps") == "yes");
    }
    if (!deviates(name, "has_hr")) {
      EXPECT_EQ(hr > 0, row.get("has_hr") == "yes");
    }
    if (!deviates(name, "has_altitude")) {
      EXPECT_EQ(altitude > 0, row.get("has_altitude") == "yes");
    }

    const std::string type = row.note("file_type");
    EXPECT_EQ((a.flags & kFlagNotActivity) != 0, type != "activity") << "file_type=" << type;
    if (type == "settings") {
      EXPECT_TRUE(a.samples.empty());
    }
    if (type == "course") {
      EXPECT_GT(points, 0u);
      for (const Sample& s : a.samples) EXPECT_TRUE(std::isnan(s.time));
    }

    const std::string sport = row.note("sport");
    if (!sport.empty()) {
      // "cycling", or "cycling/running/swimming/transition" for a multisport file.
      const std::string ours = a.sport_raw.substr(0, a.sport_raw.find('/'));
      EXPECT_NE(("/" + sport + "/").find("/" + ours + "/"), std::string::npos)
          << "sport_raw " << a.sport_raw << ", manifest " << sport;
    }
    if (type == "activity" && points > 0) {
      EXPECT_FALSE(std::isnan(a.start_time));
    }
  }
  EXPECT_GE(checked, 30);
}

TEST(FitCorpus, KnownFactsOfSelectedFiles) {
  TH_REQUIRE_REAL_TESTDATA(dir);
  // The FR920XT triathlon: four chained files, the ride is the longest leg.
  const Activity tri = decode_fit(read_file(dir / "fitparse_sample_mulitple_header.fit"));
  EXPECT_EQ(tri.sport, Sport::Ride);
  EXPECT_TRUE(tri.warnings.empty());
  // The Garmin FR935 ride also exported as GPX and TCX: 5159 points, 36.3 km, UTC+2.
  const Activity ride = decode_fit(read_file(dir / "sweatpy_4801048867.fit"));
  EXPECT_EQ(ride.sport, Sport::Ride);
  EXPECT_NEAR(ride.totals.distance_m, 36322.8, 0.1);
  ASSERT_TRUE(ride.utc_offset_s.has_value());
  EXPECT_EQ(*ride.utc_offset_s, 7200);
  // Strava's copy of a Venu Sq run and the device original hold the same 326 points.
  const Activity original =
      decode_fit(read_file(dir / "geoactivity_2022-05-29-15-53-35_Laufen_Landal_Park.fit"));
  const Activity strava =
      decode_fit(gunzip_for_test(read_file(dir / "geoactivity_12866632127.fit.gz")));
  ASSERT_EQ(original.samples.size(), strava.samples.size());
  for (std::size_t i = 0; i < original.samples.size(); ++i) {
    EXPECT_EQ(original.samples[i].time, strava.samples[i].time);
    EXPECT_NEAR(original.samples[i].lat, strava.samples[i].lat, 1e-6);
  }
  // An FR70 writing compressed timestamps that count from power-on (clock never set).
  const Activity fr70 = decode_fit(read_file(dir / "fitparse_antfs-dump.63.fit"));
  EXPECT_EQ(fr70.samples.size(), 686u);
  EXPECT_EQ(fr70.sport, Sport::Run);
}

}  // namespace
}  // namespace th
