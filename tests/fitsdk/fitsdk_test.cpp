// FIT files written by Garmin's own FIT SDK (tests/fitsdk/write_fixtures.mjs, npm @garmin/fitsdk)
// read through trackheat's parser: every sample, the file's totals and the sport must be the
// values the script gave the SDK (its <name>.json beside each file). Covers what the project's
// own FIT writer does not: developer fields (one naming the native heart-rate field), several
// sessions with a transition, timer stop/start pauses, instants split over two records, and the
// original (not enhanced) altitude and speed fields.
//
// Run by ctest `fitsdk_fixtures` (run_tests.sh writes the files first, into the folder named by
// FITSDK_FIXTURES); skipped when started without it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "core/bytes.hpp"
#include "parse/parse.hpp"

namespace th {
namespace {

namespace fs = std::filesystem;

std::optional<fs::path> fixtures_dir() {
  const char* dir = std::getenv("FITSDK_FIXTURES");
  if (dir == nullptr || *dir == '\0') return std::nullopt;
  return fs::path(dir);
}

nlohmann::json read_json(const fs::path& p) {
  const Bytes b = read_file(p);
  return nlohmann::json::parse(b.begin(), b.end());
}

class FitSdkFixtures : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto dir = fixtures_dir();
    if (!dir) GTEST_SKIP() << "FITSDK_FIXTURES not set: run through ctest -R fitsdk_fixtures";
    dir_ = *dir;
  }
  fs::path dir_;
};

void expect_samples_match(const Activity& a, const nlohmann::json& want) {
  const auto& samples = want["samples"];
  ASSERT_EQ(a.samples.size(), samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const Sample& s = a.samples[i];
    const auto& w = samples[i];
    SCOPED_TRACE("sample " + std::to_string(i));
    EXPECT_EQ(s.time, w["time"].get<double>());
    // Whole semicircles: the only loss is the degrees' last bits.
    EXPECT_NEAR(s.lat, w["lat"].get<double>(), 1e-9);
    EXPECT_NEAR(s.lon, w["lon"].get<double>(), 1e-9);
    EXPECT_NEAR(s.altitude, w["altitude"].get<double>(), 1e-3);
    // The native heart rate, not the developer field that names it (40 bpm higher).
    EXPECT_EQ(s.heart_rate, w["heart_rate"].get<float>());
    EXPECT_NEAR(s.speed, w["speed"].get<double>(), 1e-6);
    EXPECT_NEAR(s.distance, w["distance"].get<double>(), 1e-6);
    // A pause is not a track break.
    EXPECT_FALSE(s.segment_start);
  }
}

void expect_totals_match(const Activity& a, const nlohmann::json& want) {
  double elapsed = 0, timer = 0, distance = 0, ascent = 0, moving_floor = 0;
  for (const auto& s : want["sessions"]) {
    elapsed += s["elapsed_s"].get<double>();
    timer += s["timer_s"].get<double>();
    distance += s["distance_m"].get<double>();
    ascent += s["ascent_m"].get<double>();
    if (s["sport"] != "transition") moving_floor += s["timer_s"].get<double>();
  }
  EXPECT_DOUBLE_EQ(a.totals.elapsed_s, elapsed);
  EXPECT_DOUBLE_EQ(a.totals.moving_s, timer);
  EXPECT_NEAR(a.totals.distance_m, distance, 0.011);  // centimetres per session
  EXPECT_DOUBLE_EQ(a.totals.ascent_m, ascent);

  // The summary from the samples: elapsed from first to last, pauses not moving.
  const auto& samples = want["samples"];
  const double span = samples.back()["time"].get<double>() - samples.front()["time"].get<double>();
  EXPECT_DOUBLE_EQ(a.summary.elapsed_s, span);
  EXPECT_LE(a.summary.moving_s, span - want["pause_s"].get<double>() + 1e-6);
  EXPECT_GE(a.summary.moving_s, moving_floor - 1);
  EXPECT_EQ(a.summary.samples, samples.size());
  EXPECT_EQ(a.summary.points, samples.size());
  EXPECT_TRUE(a.summary.has_heart_rate);
  EXPECT_TRUE(a.summary.has_altitude);
}

TEST_F(FitSdkFixtures, EveryFileReadsBackAsTheSdkWasTold) {
  const auto files = read_json(dir_ / "fixtures.json")["files"];
  ASSERT_EQ(files.size(), 3u) << "write_fixtures.mjs writes three files";
  for (const auto& name : files) {
    const fs::path fit = dir_ / name.get<std::string>();
    SCOPED_TRACE(fit.string());
    const nlohmann::json want = read_json(fs::path(fit).replace_extension(".json"));
    const Activity a = parse_activity(read_file(fit));
    EXPECT_EQ(a.format, FileFormat::Fit);
    EXPECT_TRUE(a.warnings.empty()) << a.warnings.front();
    EXPECT_EQ(a.sport_raw, want["sport_raw"].get<std::string>());
    EXPECT_EQ(a.start_time, want["samples"][0]["time"].get<double>());
    expect_samples_match(a, want);
    expect_totals_match(a, want);
  }
}

}  // namespace
}  // namespace th
