// End to end, the user's way: a Strava export on disk, intervals.icu credentials in .env (the
// fake intervals.icu on 127.0.0.1), one `trackheat build`. intervals.icu holds copies of some of
// the export's outings — linked by strava_id (GPX copies), the very same file, a TCX copy with no
// link at the same start — plus one outing only it knows and one Strava stub it cannot serve.
// After the build each outing is counted once in data/activities.js and once in the tiles: the
// "Activities" layer (distinct activities per pixel) is pixel for pixel the one of a site built
// from the export plus the one new outing as a loose file, with no intervals.icu at all.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/bytes.hpp"
#include "core/sport.hpp"
#include "core/time_util.hpp"
#include "demo/demo.hpp"
#include "demo/writers.hpp"
#include "encode/png_writer.hpp"
#include "render/projection.hpp"
#include "store/store.hpp"
#include "support/run_binary.hpp"
#include "support/testdata.hpp"
#include "sync/fake_intervals.hpp"

namespace th::test {
namespace {

// The demo's dates end here (2025-01-01T00:00:00Z). Fixed, so the export is the same on every
// run; in the past, so the sync's listing (which walks back from the real clock) holds them all.
constexpr double kNow = 1735689600;
constexpr int kMaxZoom = 14;
constexpr const char* kLayer = "frequency-activities";

RunResult run(const std::string& args, const std::filesystem::path& cwd) {
  // Only the .env in `cwd` may configure the sync, never the test's own environment.
  return run_trackheat(
      args, cwd,
      "env -u INTERVALS_ICU_API_KEY -u INTERVALS_ICU_ATHLETE_ID -u INTERVALS_ICU_BASE_URL");
}

std::string text_of(const Bytes& b) {
  return std::string(b.begin(), b.end());
}

ByteView view(const std::string& s) {
  return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

// How intervals.icu lists a copy of `a` and serves `file` as its original upload.
FakeActivity copy_of(const std::string& id, const Activity& a, const std::string& file,
                     const std::string& strava_id) {
  FakeActivity f;
  f.id = id;
  f.start_utc = format_iso8601(a.start_time);
  const std::string local = format_iso8601(a.start_time + a.utc_offset_s.value_or(0));
  f.start_local = local.substr(0, local.size() - 1);  // no "Z"
  f.type = std::string(sport_name(a.sport));
  f.name = "intervals " + id;
  f.strava_id = strava_id;
  f.distance = a.summary.distance_m;
  f.moving_time = a.summary.moving_s;
  f.elapsed_time = a.summary.elapsed_s;
  f.elevation_gain = a.summary.ascent_m;
  f.file = file;
  f.fit_file = text_of(write_fit(a));
  return f;
}

// data/activities.js of a built site, as JSON.
nlohmann::json activities_js(const std::filesystem::path& site) {
  const std::string js = text_of(read_file(site / "data" / "activities.js"));
  const std::string prefix = "window.TRACKHEAT_ACTIVITIES = ";
  EXPECT_TRUE(js.starts_with(prefix)) << js.substr(0, 80);
  return nlohmann::json::parse(js.substr(prefix.size(), js.size() - prefix.size() - 2));
}

std::multiset<std::int64_t> ids_in(const nlohmann::json& js) {
  std::multiset<std::int64_t> out;
  for (const auto& id : js["id"]) out.insert(id.get<std::int64_t>());
  return out;
}

// "build: N activities, M drawn" → M; -1 when the line is missing.
int drawn_in(const std::string& out) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex(R"(build: \d+ activities, (\d+) drawn)"))) return -1;
  return std::stoi(m[1]);
}

// Every tile of the layer, decoded: relative path "z/x/y.png" → pixels.
std::map<std::string, std::vector<Rgba>> layer_tiles(const std::filesystem::path& site) {
  std::map<std::string, std::vector<Rgba>> out;
  const std::filesystem::path root = site / "tiles" / kLayer;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || e.path().extension() != ".png") continue;
    const Bytes png = read_file(e.path());
    out[std::filesystem::relative(e.path(), root).generic_string()] =
        decode_png_rgba(ByteView(png)).pixels;
  }
  return out;
}

std::string tile_path(const TileKey& t) {
  return std::to_string(t.z) + "/" + std::to_string(t.x) + "/" + std::to_string(t.y) + ".png";
}

TEST(BothSources, EachSharedOutingIsCountedOnceInActivitiesJsAndInTheTiles) {
  ScratchDir dir("th-e2e");
  DemoOptions demo;
  demo.out = dir.path() / "export";
  demo.activities = 12;
  demo.seed = 5;
  demo.now_utc = kNow;
  const int exported = write_demo_export(demo);
  const std::vector<DemoActivity> acts = generate_demo(demo);
  ASSERT_EQ(static_cast<int>(acts.size()), exported);

  std::vector<std::size_t> outdoor;  // with a real track
  for (std::size_t i = 0; i < acts.size(); ++i) {
    if (acts[i].activity.summary.points > 100) outdoor.push_back(i);
  }
  ASSERT_GE(outdoor.size(), 5u);

  // --- what intervals.icu holds ---------------------------------------------------------------
  FakeIntervals server;
  struct Copy {
    std::string intervals_id, strava_id;
  };
  std::vector<Copy> copies;  // downloadable copies of export outings
  const auto share = [&](std::size_t i, const std::string& file, bool linked) {
    const DemoActivity& d = acts[i];
    const std::string id = "i" + std::to_string(101 + copies.size());
    server.put(copy_of(id, d.activity, file, linked ? d.strava_id : ""));
    copies.push_back({id, d.strava_id});
  };
  // (a) two linked by strava_id, as GPX copies;
  share(outdoor[0], write_gpx(acts[outdoor[0]].activity), true);
  share(outdoor[1], write_gpx(acts[outdoor[1]].activity), true);
  // (b) the very same file the export holds (the watch uploaded it to both), no link;
  share(outdoor[2], text_of(read_file(demo.out / acts[outdoor[2]].filename())), false);
  // (c) a TCX copy, no link, same start: a probable match only.
  share(outdoor[3], write_tcx(acts[outdoor[3]].activity), false);

  // (d) an outing only intervals.icu knows: outing (a)'s loop again, on a day the export has
  // nothing near (so it matches nothing), as a FIT file.
  Activity only = acts[outdoor[0]].activity;
  double shift = 0;
  for (int days = 7;; ++days) {
    const double start = only.start_time + days * 86400.0;
    if (std::none_of(acts.begin(), acts.end(), [&](const DemoActivity& d) {
          return std::fabs(d.activity.start_time - start) < 2 * 86400.0;
        })) {
      shift = days * 86400.0;
      break;
    }
  }
  only.start_time += shift;
  for (Sample& s : only.samples) s.time += shift;
  const std::string only_fit = text_of(write_fit(only));
  const std::string only_id = "i201";
  server.put(copy_of(only_id, only, only_fit, ""));

  // (e) a Strava stub: intervals.icu lists it but cannot serve it.
  const DemoActivity& stubbed = acts[outdoor[4]];
  FakeActivity stub = copy_of("i301", stubbed.activity, "", stubbed.strava_id);
  stub.source = "STRAVA";
  stub.fit_file.clear();
  server.put(stub);

  // --- the user's build with both sources -------------------------------------------------------
  const std::filesystem::path both = dir.path() / "both";
  std::filesystem::create_directories(both);
  write_file_atomic(both / ".env", "INTERVALS_ICU_API_KEY=" + std::string(FakeIntervals::kKey) +
                                       "\nINTERVALS_ICU_ATHLETE_ID=" + FakeIntervals::kAthlete +
                                       "\nINTERVALS_ICU_BASE_URL=" + server.base_url() + "\n");
  const std::string common = "build --quiet --jobs 2 --max-zoom " + std::to_string(kMaxZoom) +
                             " --strava '" + demo.out.string() + "'";
  const RunResult b = run(common, both);
  ASSERT_EQ(b.status, 0) << b.out;
  // Listed: the copies, the new outing and the stub; new and downloaded: all but the stub.
  const int downloaded = static_cast<int>(copies.size()) + 1;
  const int listed = downloaded + 1;
  EXPECT_NE(
      b.out.find("sync: " + std::to_string(listed) + " listed (" + std::to_string(downloaded) +
                 " new, 0 changed, 0 deleted, 1 Strava stubs); " + std::to_string(downloaded) +
                 " downloaded, 0 resumed from disk, 0 failed"),
      std::string::npos)
      << b.out;
  // Each copy of an export outing is left out once; the new outing and the stub are not
  // duplicates of anything.
  EXPECT_NE(b.out.find("dedup: " + std::to_string(copies.size()) + " records left out"),
            std::string::npos)
      << b.out;
  for (const Copy& c : copies) EXPECT_EQ(server.served(c.intervals_id), 1) << c.intervals_id;
  EXPECT_EQ(server.served(only_id), 1);
  EXPECT_EQ(server.served("i301"), 0);

  // --- the references: no intervals.icu ---------------------------------------------------------
  const std::filesystem::path alone = dir.path() / "alone";
  const std::filesystem::path reference = dir.path() / "reference";
  std::filesystem::create_directories(alone);
  std::filesystem::create_directories(reference);
  const std::filesystem::path only_file = dir.path() / "only.fit";
  write_file_atomic(only_file, view(only_fit));
  const RunResult a = run(common + " --no-sync", alone);
  ASSERT_EQ(a.status, 0) << a.out;
  const RunResult r = run(common + " --no-sync '" + only_file.string() + "'", reference);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(a.out.find("dedup:"), std::string::npos) << a.out;
  EXPECT_EQ(r.out.find("dedup:"), std::string::npos) << r.out;  // the new outing matches nothing

  // --- activities.js: the export's outings once each, plus the new one --------------------------
  const auto alone_js = activities_js(alone / "site");
  const auto both_js = activities_js(both / "site");
  EXPECT_EQ(alone_js["count"].get<int>(), exported);
  EXPECT_EQ(both_js["count"].get<int>(), exported + 1);
  EXPECT_EQ(drawn_in(b.out), drawn_in(a.out) + 1) << b.out << a.out;
  EXPECT_EQ(drawn_in(r.out), drawn_in(a.out) + 1) << r.out;
  const auto shown = ids_in(both_js);
  EXPECT_EQ(shown.size(), static_cast<std::size_t>(exported + 1));
  {
    const Store store(both / "cache" / "trackheat.db");
    for (const Copy& c : copies) {
      const auto strava_row = store.find_activity(Source::Strava, c.strava_id);
      const auto intervals_row = store.find_activity(Source::Intervals, c.intervals_id);
      ASSERT_TRUE(strava_row && intervals_row) << c.intervals_id;  // both kept in the store …
      EXPECT_EQ(shown.count(strava_row->id) + shown.count(intervals_row->id), 1u)
          << c.intervals_id;  // … one shown
    }
    const auto only_row = store.find_activity(Source::Intervals, only_id);
    ASSERT_TRUE(only_row);
    EXPECT_EQ(shown.count(only_row->id), 1u);
    const auto stub_row = store.find_activity(Source::Strava, stubbed.strava_id);
    ASSERT_TRUE(stub_row);
    EXPECT_EQ(shown.count(stub_row->id), 1u);
    EXPECT_FALSE(store.find_activity(Source::Intervals, "i301"));
    // Every export outing is shown once, from one source or the other.
    for (const DemoActivity& d : acts) {
      const auto row = store.find_activity(Source::Strava, d.strava_id);
      ASSERT_TRUE(row) << d.strava_id;
      const auto copy = std::find_if(copies.begin(), copies.end(),
                                     [&](const Copy& c) { return c.strava_id == d.strava_id; });
      const std::size_t from_copy =
          copy == copies.end()
              ? 0
              : shown.count(store.find_activity(Source::Intervals, copy->intervals_id)->id);
      EXPECT_EQ(shown.count(row->id) + from_copy, 1u) << d.strava_id;
    }
  }

  // --- tiles: distinct activities per pixel, every tile of the layer ----------------------------
  const auto both_tiles = layer_tiles(both / "site");
  const auto reference_tiles = layer_tiles(reference / "site");
  const auto alone_tiles = layer_tiles(alone / "site");
  ASSERT_FALSE(reference_tiles.empty());
  std::set<std::string> both_names, reference_names;
  for (const auto& [name, px] : both_tiles) both_names.insert(name);
  for (const auto& [name, px] : reference_tiles) reference_names.insert(name);
  EXPECT_EQ(both_names, reference_names);
  for (const auto& [name, px] : reference_tiles) {
    const auto it = both_tiles.find(name);
    if (it != both_tiles.end()) {
      EXPECT_TRUE(it->second == px) << name;
    }
  }

  // The tile where outing (a) starts, at the highest zoom: the loop is drawn there by the
  // export, by a linked copy and by the new outing. With both sources it looks as with the
  // export plus the new outing — and that one outing more does show in it (it differs from the
  // export alone), so a copy counted twice could not hide there.
  const Sample& first = *std::find_if(acts[outdoor[0]].activity.samples.begin(),
                                      acts[outdoor[0]].activity.samples.end(),
                                      [](const Sample& s) { return s.has_position(); });
  const std::string start_tile = tile_path(tile_of(project(first.lat, first.lon), kMaxZoom));
  ASSERT_TRUE(both_tiles.count(start_tile)) << start_tile;
  ASSERT_TRUE(reference_tiles.count(start_tile)) << start_tile;
  ASSERT_TRUE(alone_tiles.count(start_tile)) << start_tile;
  EXPECT_TRUE(both_tiles.at(start_tile) == reference_tiles.at(start_tile)) << start_tile;
  EXPECT_FALSE(alone_tiles.at(start_tile) == reference_tiles.at(start_tile)) << start_tile;
}

}  // namespace
}  // namespace th::test
