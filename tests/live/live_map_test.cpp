// The live map against what `trackheat build` writes: for several filters, live tiles at zooms
// 3, 10, 14 and 17 and the live manifest's scales equal, within one palette step and 10 %, the
// site a build writes when only the matching activities are imported; bad parameters give 400,
// a filter with nothing in it 204; "what passed here" lists exactly the activities drawn
// through the pixel; a rebuild of the site leaves no stale tile.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/bytes.hpp"
#include "core/time_util.hpp"
#include "demo/demo.hpp"
#include "encode/color_ramp.hpp"
#include "encode/png_writer.hpp"
#include "live/live_index.hpp"
#include "live/live_map.hpp"
#include "live/live_query.hpp"
#include "pipeline/build.hpp"
#include "render/layers.hpp"
#include "render/projection.hpp"
#include "store/store.hpp"
#include "support/testdata.hpp"

namespace th::live {
namespace {

namespace fs = std::filesystem;
constexpr double kNow = 1790000000;  // 2026-09-21
const int kZooms[] = {3, 10, 14, 17};

BuildOptions build_options(const fs::path& export_dir, const fs::path& root) {
  BuildOptions o;
  o.strava = export_dir;
  o.cache_dir = root / "cache";
  o.out_dir = root / "site";
  o.max_zoom = 17;
  o.jobs = 2;
  o.quiet = true;
  o.now_utc = kNow;
  return o;
}

// A demo export written to `out` (same clock for every test: reproducible).
DemoOptions write_demo(const fs::path& out, int activities, std::uint64_t seed, int years) {
  DemoOptions d;
  d.out = out;
  d.activities = activities;
  d.seed = seed;
  d.years = years;
  d.now_utc = kNow;
  write_demo_export(d);
  return d;
}

// A demo export of 40 activities over 3 years, built to z17 once for the whole suite.
struct Demo {
  test::ScratchDir dir{"th-live"};
  DemoOptions demo = write_demo(dir.path() / "export", 40, 11, 3);
  std::map<std::int64_t, std::string> strava_id;  // store id -> Strava activity id
  Demo() {
    run_build(build_options(demo.out, dir.path() / "all"));
    Store store(dir.path() / "all" / "cache" / "trackheat.db");
    for (const auto& a : store.activities()) strava_id[a.id] = a.source_id;
  }
  fs::path cache() const { return dir.path() / "all" / "cache"; }
  fs::path site() const { return dir.path() / "all" / "site"; }
};

Demo& demo() {
  // Built once per test process and deleted at its exit: ctest runs each test in a process of
  // its own, and a folder left behind per test filled /tmp by the gigabyte.
  static Demo d;
  return d;
}

QueryParams query_of(const std::string& q) {
  QueryParams out;
  std::stringstream in(q);
  std::string part;
  while (std::getline(in, part, '&')) {
    if (part.empty()) continue;
    const auto eq = part.find('=');
    out.emplace_back(part.substr(0, eq), eq == std::string::npos ? "" : part.substr(eq + 1));
  }
  return out;
}

LiveResponse get(LiveMap& map, const std::string& path, const std::string& query = "") {
  LiveRequest r;
  r.path = path;
  r.query = query_of(query);
  return map.handle(r);
}

std::string tile_path(const std::string& layer, int z, std::uint32_t x, std::uint32_t y) {
  return "/live/" + layer + "/" + std::to_string(z) + "/" + std::to_string(x) + "/" +
         std::to_string(y) + ".png";
}

// The export with only the rows of `ids` in activities.csv (the files stay: unlisted ones are
// never read).
fs::path filtered_export(const fs::path& from, const fs::path& to,
                         const std::set<std::string>& ids) {
  fs::create_directories(to);
  fs::copy(from / "activities", to / "activities", fs::copy_options::recursive);
  std::ifstream in(from / "activities.csv", std::ios::binary);
  std::string line, out;
  std::getline(in, line);
  out = line + "\n";
  while (std::getline(in, line)) {
    if (ids.count(line.substr(0, line.find(',')))) out += line + "\n";
  }
  write_file_atomic(to / "activities.csv", out);
  return to;
}

// Palette indices an RGBA colour can stand for in `layer`'s ramp (0 for transparent).
std::vector<int> indices_of(const Palette& palette, const Rgba& c) {
  std::vector<int> out;
  if (c.a == 0) return {0};
  for (int i = 1; i < 256; ++i) {
    const Rgba& p = palette[static_cast<std::size_t>(i)];
    if (p.r == c.r && p.g == c.g && p.b == c.b && p.a == c.a) out.push_back(i);
  }
  return out;
}

bool within_one_step(const std::vector<int>& a, const std::vector<int>& b) {
  for (int x : a) {
    for (int y : b) {
      if (std::abs(x - y) <= 1) return true;
    }
  }
  return false;
}

nlohmann::json parse_json(const std::string& text) {
  return nlohmann::json::parse(text);
}

nlohmann::json read_json_file(const fs::path& file) {
  const Bytes b = read_file(file);
  return nlohmann::json::parse(b.begin(), b.end());
}

std::vector<fs::path> tiles_in(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::exists(dir)) return files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<Rgba> pixels_of(const std::string& png) {
  return decode_png_rgba(ByteView(reinterpret_cast<const std::uint8_t*>(png.data()), png.size()))
      .pixels;
}

// The live map's explorer stats and tiles for `query` against the site a build of only the
// matching activities wrote (`built` its manifest): stats equal, explorer tiles of that site at
// kZooms (every one, or 40 spread over a zoom) equal pixel for pixel, and tiles only the full
// site has answer 204.
void expect_explorer_equal(const nlohmann::json& live, const nlohmann::json& built,
                           const fs::path& site, const std::string& query);

struct FilterCase {
  std::string label, query;
};

// Filters with a strict, non-empty subset of the drawn activities: a date range, one sport, a
// distance band and a combination, chosen from the data.
std::vector<FilterCase> filter_cases(const LiveIndex& index) {
  std::vector<std::int64_t> days;
  std::map<Sport, int> sports;
  for (const auto& a : index.activities()) {
    if (a.facts.local_day) days.push_back(*a.facts.local_day);
    ++sports[a.sport];
  }
  std::sort(days.begin(), days.end());
  const std::string range = "after=" + format_iso_day(days[days.size() / 3]) +
                            "&before=" + format_iso_day(days[days.size() * 5 / 6]);
  const Sport common = std::max_element(sports.begin(), sports.end(), [](auto& a, auto& b) {
                         return a.second < b.second;
                       })->first;
  const std::string sport = "sport=" + std::string(sport_name(common));
  return {{"date range", range},
          {"one sport", sport},
          {"distance band", "min_km=6&max_km=20"},
          {"combination", "after=" + format_iso_day(days[days.size() / 4]) + "&" + sport}};
}

class LiveMapTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    demo();
    LiveOptions o;
    o.cache_dir = demo().cache();
    o.site = demo().site();
    o.jobs = 2;
    map_ = new LiveMap(o);
    ASSERT_TRUE(map_->wait_ready()) << map_->error();
    index_ = LiveIndex::load(o.cache_dir, o.site, 2).release();
  }
  static void TearDownTestSuite() {
    delete map_;
    delete index_;
  }
  static LiveMap* map_;
  static LiveIndex* index_;

 public:
  static LiveMap* map() { return map_; }
};
LiveMap* LiveMapTest::map_ = nullptr;
LiveIndex* LiveMapTest::index_ = nullptr;

TEST_F(LiveMapTest, TilesAndScalesEqualABuildOfOnlyTheMatchingActivities) {
  int compared_tiles = 0, filters = 0;
  for (const FilterCase& f : filter_cases(*index_)) {
    SCOPED_TRACE(f.label + ": " + f.query);
    const std::vector<bool> keep = index_->selection(parse_live_filter(query_of(f.query)));
    std::set<std::string> ids;
    for (std::size_t i = 0; i < keep.size(); ++i) {
      if (keep[i]) ids.insert(demo().strava_id.at(index_->activities()[i].id));
    }
    ASSERT_GT(ids.size(), 2u);
    ASSERT_LT(ids.size(), keep.size());
    const fs::path root = demo().dir.path() / ("only-" + std::to_string(filters++));
    run_build(build_options(filtered_export(demo().demo.out, root / "export", ids), root));

    // Scales: the live manifest against the offline build's, every layer and zoom.
    const auto live = parse_json(get(*map_, "/live/manifest.json", f.query).body);
    const auto built = parse_json(std::string([&] {
      const Bytes b = read_file(root / "site" / "manifest.json");
      return std::string(b.begin(), b.end());
    }()));
    EXPECT_EQ(live["activities"].get<std::size_t>(), ids.size());
    for (std::size_t l = 0; l < built["layers"].size(); ++l) {
      const auto& bz = built["layers"][l]["zooms"];
      const auto& lz = live["layers"][l]["zooms"];
      const std::string id = built["layers"][l]["id"];
      EXPECT_EQ(lz.size(), bz.size()) << id;
      for (auto it = bz.begin(); it != bz.end(); ++it) {
        ASSERT_TRUE(lz.contains(it.key())) << id << " z" << it.key();
        const double hi = (*it)["hi"], lo = (*it)["lo"];
        EXPECT_NEAR(lz[it.key()]["hi"].get<double>(), hi, 0.1 * std::fabs(hi) + 1e-9)
            << id << " z" << it.key();
        EXPECT_NEAR(lz[it.key()]["lo"].get<double>(), lo, 0.1 * std::fabs(hi - lo) + 1e-9)
            << id << " z" << it.key();
      }
    }

    // Explorer: the filter's stats and tiles are the offline build's, not the full site's.
    expect_explorer_equal(live, built, root / "site", f.query);
    const auto full = read_json_file(demo().site() / "manifest.json");
    EXPECT_LT(live["explorer"]["17"]["visited"], full["explorer"]["17"]["visited"]);

    // Tiles: every tile the offline build wrote at zooms 3, 10, 14, 17 (a sample of the street
    // zooms), decoded; and tiles of the full site that the filtered build left out give 204.
    for (const LayerSpec& spec : layer_specs()) {
      const Palette& palette = ramp(ramp_from_name(spec.ramp));
      for (const int z : kZooms) {
        const fs::path dir = root / "site" / "tiles" / std::string(spec.name) / std::to_string(z);
        std::vector<fs::path> files;
        if (fs::exists(dir)) {
          for (const auto& e : fs::recursive_directory_iterator(dir)) {
            if (e.is_regular_file()) files.push_back(e.path());
          }
        }
        std::sort(files.begin(), files.end());
        const std::size_t step = std::max<std::size_t>(1, files.size() / 12);
        for (std::size_t i = 0; i < files.size(); i += step) {
          const auto x = static_cast<std::uint32_t>(std::stoul(files[i].parent_path().filename()));
          const auto y = static_cast<std::uint32_t>(std::stoul(files[i].stem()));
          const LiveResponse r = get(*map_, tile_path(std::string(spec.name), z, x, y), f.query);
          ASSERT_EQ(r.status, 200) << spec.name << " " << z << "/" << x << "/" << y;
          const Bytes offline = read_file(files[i]);
          const DecodedImage a = decode_png_rgba(ByteView(offline));
          const DecodedImage b = decode_png_rgba(
              ByteView(reinterpret_cast<const std::uint8_t*>(r.body.data()), r.body.size()));
          int off = 0;
          for (std::size_t p = 0; p < a.pixels.size(); ++p) {
            if (!within_one_step(indices_of(palette, a.pixels[p]),
                                 indices_of(palette, b.pixels[p])))
              ++off;
          }
          EXPECT_EQ(off, 0) << spec.name << " " << z << "/" << x << "/" << y;
          ++compared_tiles;
        }
        // A tile of the full site that this filter's build did not write: nothing there.
        const fs::path all_dir =
            demo().site() / "tiles" / std::string(spec.name) / std::to_string(z);
        int absent_checked = 0;
        for (const auto& e : fs::recursive_directory_iterator(all_dir)) {
          if (absent_checked >= 3 || !e.is_regular_file()) continue;
          const fs::path rel = fs::relative(e.path(), all_dir);
          if (fs::exists(dir / rel)) continue;
          const auto x = static_cast<std::uint32_t>(std::stoul(e.path().parent_path().filename()));
          const auto y = static_cast<std::uint32_t>(std::stoul(e.path().stem()));
          EXPECT_EQ(get(*map_, tile_path(std::string(spec.name), z, x, y), f.query).status, 204)
              << spec.name << " " << z << "/" << x << "/" << y;
          ++absent_checked;
        }
      }
    }
  }
  EXPECT_GT(compared_tiles, 400);
}

void expect_explorer_equal(const nlohmann::json& live, const nlohmann::json& built,
                           const fs::path& site, const std::string& query) {
  LiveMap& map = *LiveMapTest::map();
  for (const char* zc : {"14", "17"}) {
    for (const char* stat : {"visited", "max_square", "max_cluster"}) {
      EXPECT_EQ(live["explorer"][zc][stat], built["explorer"][zc][stat]) << zc << " " << stat;
    }
    const std::string layer = std::string("explorer-") + zc;
    int compared = 0, absent = 0;
    for (const int z : kZooms) {
      const std::vector<fs::path> files = tiles_in(site / "tiles" / layer / std::to_string(z));
      const std::size_t step = std::max<std::size_t>(1, files.size() / 40);  // a sample
      for (std::size_t i = 0; i < files.size(); i += step) {
        const fs::path& file = files[i];
        const auto x = static_cast<std::uint32_t>(std::stoul(file.parent_path().filename()));
        const auto y = static_cast<std::uint32_t>(std::stoul(file.stem()));
        const LiveResponse r = get(map, tile_path(layer, z, x, y), query);
        ASSERT_EQ(r.status, 200) << layer << " " << z << "/" << x << "/" << y;
        const Bytes offline = read_file(file);
        EXPECT_EQ(decode_png_rgba(ByteView(offline)).pixels, pixels_of(r.body))
            << layer << " " << z << "/" << x << "/" << y;
        ++compared;
      }
      const fs::path all_dir = demo().site() / "tiles" / layer / std::to_string(z);
      for (const fs::path& file : tiles_in(all_dir)) {
        if (absent >= 3 || fs::exists(site / fs::relative(file, demo().site()))) continue;
        const auto x = static_cast<std::uint32_t>(std::stoul(file.parent_path().filename()));
        const auto y = static_cast<std::uint32_t>(std::stoul(file.stem()));
        EXPECT_EQ(get(map, tile_path(layer, z, x, y), query).status, 204);
        ++absent;
      }
    }
    EXPECT_GT(compared, 10) << layer;
    EXPECT_GT(absent, 0) << layer;
  }
}

// "new" counts the cells first visited within the dates: those of everything up to `before`
// less those of everything before `after`.
TEST_F(LiveMapTest, ExplorerNewCellsAreFirstVisitedWithinTheDates) {
  const std::string after = filter_cases(*index_)[0].query;  // "after=A&before=B"
  const std::string a = after.substr(6, 10), b = after.substr(after.find("before=") + 7);
  const auto ranged = parse_json(get(*map_, "/live/manifest.json", after).body)["explorer"];
  const auto upto = parse_json(get(*map_, "/live/manifest.json", "before=" + b).body)["explorer"];
  const std::int64_t day_a = *parse_live_filter(query_of("after=" + a)).after_day;
  const auto earlier = parse_json(
      get(*map_, "/live/manifest.json", "before=" + format_iso_day(day_a - 1)).body)["explorer"];
  for (const char* zc : {"14", "17"}) {
    const auto expected =
        upto[zc]["visited"].get<std::int64_t>() - earlier[zc]["visited"].get<std::int64_t>();
    EXPECT_EQ(ranged[zc]["new"].get<std::int64_t>(), expected) << zc;
    EXPECT_GT(expected, 0) << zc;
    EXPECT_LT(expected, ranged[zc]["visited"].get<std::int64_t>()) << zc;
    // Without a start date every visited cell is new.
    EXPECT_EQ(upto[zc]["new"], upto[zc]["visited"]) << zc;
  }
  // No filter: the site's stats.
  const auto all = parse_json(get(*map_, "/live/manifest.json").body)["explorer"];
  const auto site = read_json_file(demo().site() / "manifest.json")["explorer"];
  for (const char* zc : {"14", "17"}) {
    for (const char* stat : {"visited", "max_square", "max_cluster"}) {
      EXPECT_EQ(all[zc][stat], site[zc][stat]) << zc << " " << stat;
    }
  }
}

TEST_F(LiveMapTest, NoFilterDrawsThePrerenderedTiles) {
  int compared = 0;
  for (const int z : kZooms) {
    const fs::path dir = demo().site() / "tiles" / "frequency-log" / std::to_string(z);
    int n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (!e.is_regular_file() || n++ % 7 != 0) continue;
      const auto x = static_cast<std::uint32_t>(std::stoul(e.path().parent_path().filename()));
      const auto y = static_cast<std::uint32_t>(std::stoul(e.path().stem()));
      const LiveResponse r = get(*map_, tile_path("frequency-log", z, x, y));
      ASSERT_EQ(r.status, 200);
      const Bytes site_png = read_file(e.path());
      EXPECT_EQ(decode_png_rgba(ByteView(site_png)).pixels,
                decode_png_rgba(
                    ByteView(reinterpret_cast<const std::uint8_t*>(r.body.data()), r.body.size()))
                    .pixels)
          << z << "/" << x << "/" << y;
      ++compared;
    }
  }
  EXPECT_GT(compared, 10);
}

TEST_F(LiveMapTest, EstimatedScalesStayWithinTenPercentOfExactOnes) {
  // A budget of half the street zoom's segments for the smallest filter: the finer zooms'
  // scales are estimated from a sample of pixels (one row in two, the busiest tiles in full);
  // the exact ones come from a map that draws every tile. A sample is only taken of zooms with
  // more segments than the budget (600,000 by default), so on real data it holds hundreds of
  // thousands of pixels; this 40-activity site has far fewer, too few for one row in 16 to
  // be within 10 % (the demo of 5,000 activities is: bench/live_bench.cpp prints that error).
  std::uint64_t smallest = UINT64_MAX;
  for (const FilterCase& f : filter_cases(*index_)) {
    const std::vector<bool> keep = index_->selection(parse_live_filter(query_of(f.query)));
    const ZoomGeometry& g = index_->geometry(17);
    std::uint64_t n = 0;
    for (std::size_t k = 0; k < g.tile_count(); ++k) n += g.tile_segments(k, &keep);
    smallest = std::min(smallest, n);
  }
  LiveOptions o;
  o.cache_dir = demo().cache();
  o.site = demo().site();
  o.jobs = 2;
  o.scale_segment_budget = smallest / 2;
  LiveMap sampled(o);
  ASSERT_TRUE(sampled.wait_ready());
  int estimated = 0;
  for (const FilterCase& f : filter_cases(*index_)) {
    const auto a = parse_json(get(sampled, "/live/manifest.json", f.query).body);
    const auto e = parse_json(get(*map_, "/live/manifest.json", f.query).body);
    ASSERT_TRUE(e["estimated_zooms"].empty());
    estimated += static_cast<int>(a["estimated_zooms"].size());
    for (std::size_t l = 0; l < e["layers"].size(); ++l) {
      const std::string id = e["layers"][l]["id"];
      for (auto it = e["layers"][l]["zooms"].begin(); it != e["layers"][l]["zooms"].end(); ++it) {
        const double hi = (*it)["hi"], lo = (*it)["lo"];
        const auto& got = a["layers"][l]["zooms"][it.key()];
        // The top of the legend (for recency, the span of dates it shows).
        if (id == "recency") {
          EXPECT_NEAR(got["hi"].get<double>() - got["lo"].get<double>(), hi - lo,
                      0.1 * (hi - lo) + 30)
              << f.label << " " << id << " z" << it.key();
        } else {
          EXPECT_NEAR(got["hi"].get<double>(), hi, 0.1 * std::fabs(hi))
              << f.label << " " << id << " z" << it.key();
        }
      }
    }
  }
  EXPECT_GT(estimated, 8);  // the estimate was exercised
}

TEST_F(LiveMapTest, BadParametersAreRefusedWithAReason) {
  const auto status_and_reason = [&](const std::string& path, const std::string& q) {
    const LiveResponse r = get(*map_, path, q);
    EXPECT_EQ(r.body.find('\n'), r.body.size() - 1) << r.body;  // one line
    return std::make_pair(r.status, r.body);
  };
  EXPECT_EQ(status_and_reason("/live/frequency-log/10/0/0.png", "after=2024-13-01").first, 400);
  EXPECT_EQ(status_and_reason("/live/nope/10/0/0.png", "").second, "unknown layer 'nope'\n");
  EXPECT_EQ(status_and_reason("/live/pace/18/0/0.png", "").second,
            "zoom '18' is outside the map's zooms 0 to 17\n");
  EXPECT_EQ(status_and_reason("/live/pace/2/4/0.png", "").second,
            "tile x and y at zoom 2 are whole numbers from 0 to 3\n");
  EXPECT_EQ(status_and_reason("/live/pace/2/-1/0.png", "").first, 400);
  EXPECT_EQ(status_and_reason("/live/pace/2/1/0", "").first, 400);
  EXPECT_EQ(status_and_reason("/live/pace/2/1/0/1.png", "").first, 400);
  EXPECT_EQ(status_and_reason("/live/manifest.json", "sport=Jogging").first, 400);
  EXPECT_EQ(status_and_reason("/live/manifest.json", "min_km=3&min_km=4").first, 400);
  EXPECT_EQ(status_and_reason("/api/here", "lat=95&lon=11&z=12").first, 400);
  EXPECT_EQ(status_and_reason("/api/here", "lat=48&lon=11").first, 400);
  EXPECT_EQ(status_and_reason("/api/here", "lat=48&lon=11&z=12&r=99").first, 400);
  EXPECT_EQ(status_and_reason("/api/track/abc", "").first, 400);
  EXPECT_EQ(status_and_reason("/api/track/999999", "").first, 404);
}

TEST_F(LiveMapTest, AFilterWithNothingInItGives204) {
  const auto m = parse_json(get(*map_, "/live/manifest.json", "sport=").body);
  EXPECT_EQ(m["activities"], 0);
  for (const auto& layer : m["layers"]) EXPECT_TRUE(layer["zooms"].empty());
  // A tile full of heat without a filter, empty with one that selects nothing.
  const fs::path dir = demo().site() / "tiles" / "frequency-log" / "10";
  const fs::path any = fs::recursive_directory_iterator(dir)->path();
  std::uint32_t x = 0, y = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) {
      x = static_cast<std::uint32_t>(std::stoul(e.path().parent_path().filename()));
      y = static_cast<std::uint32_t>(std::stoul(e.path().stem()));
      break;
    }
  }
  (void)any;
  EXPECT_EQ(get(*map_, tile_path("frequency-log", 10, x, y)).status, 200);
  EXPECT_EQ(get(*map_, tile_path("frequency-log", 10, x, y), "sport=").status, 204);
  EXPECT_EQ(
      get(*map_, tile_path("frequency-log", 10, x, y), "after=1990-01-01&before=1990-12-31").status,
      204);
  EXPECT_EQ(get(*map_, tile_path("frequency-log", 10, 0, 0)).status, 204);  // mid-ocean
}

TEST_F(LiveMapTest, TilesHaveStrongETags) {
  const std::string q = filter_cases(*index_)[1].query;
  const fs::path dir = demo().site() / "tiles" / "pace" / "14";
  fs::path file;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) file = e.path();
  }
  const std::string path =
      tile_path("pace", 14, static_cast<std::uint32_t>(std::stoul(file.parent_path().filename())),
                static_cast<std::uint32_t>(std::stoul(file.stem())));
  const LiveResponse a = get(*map_, path, q);
  const LiveResponse b = get(*map_, path, q);
  ASSERT_FALSE(a.etag.empty());
  EXPECT_EQ(a.etag.front(), '"');  // strong: no W/
  EXPECT_EQ(a.etag, b.etag);
  EXPECT_EQ(a.body, b.body);
  EXPECT_NE(get(*map_, path).etag, a.etag);  // another filter, another tile
  LiveRequest again;
  again.path = path;
  again.query = query_of(q);
  again.if_none_match = a.etag;
  EXPECT_EQ(map_->handle(again).status, 304);
}

TEST_F(LiveMapTest, WhatPassedHereIsExactlyWhatIsDrawnThroughThePixel) {
  // For lit pixels of a few tiles: the activities whose own tile (drawn alone) has the pixel,
  // against activities_here with radius 0 — and the route lists the same ids, newest first.
  const LiveFilter filter = parse_live_filter(query_of(filter_cases(*index_)[2].query));
  const std::vector<bool> keep = index_->selection(filter);
  TileRenderer scratch;
  int checked = 0;
  for (const int z : {10, 14, 17}) {
    const ZoomGeometry& g = index_->geometry(z);
    for (std::size_t k = 0; k < g.tile_count() && checked < 60;
         k += std::max<std::size_t>(1, g.tile_count() / 4)) {
      const TileCodes all = render_tile(g, k, &keep, scratch);
      if (all.pixels.empty()) continue;
      // Per activity in the tile: its lit pixels.
      std::map<std::uint16_t, std::set<std::size_t>> drawn_at;
      for (const std::uint32_t input : g.tile_inputs(k)) {
        if (!keep[input]) continue;
        std::vector<bool> only(keep.size(), false);
        only[input] = true;
        for (const std::uint16_t p : render_tile(g, k, &only, scratch).pixels)
          drawn_at[p].insert(input);
      }
      const TileKey tile = g.tile(k);
      for (std::size_t i = 0; i < all.pixels.size();
           i += std::max<std::size_t>(1, all.pixels.size() / 5)) {
        const std::uint16_t p = all.pixels[i];
        const int column = p % 256, row = p / 256;
        const double px = tile.x * 256.0 + column + 0.5, py = tile.y * 256.0 + row + 0.5;
        const double n = std::ldexp(256.0, z);
        const double lon = px / n * 360 - 180;
        const double lat = std::atan(std::sinh(M_PI * (1 - 2 * py / n))) * 180 / M_PI;
        const std::vector<std::size_t> here = activities_here(*index_, keep, lat, lon, z, 0);
        EXPECT_EQ(std::set<std::size_t>(here.begin(), here.end()), drawn_at[p])
            << "z" << z << " pixel " << p;
        // Through the route: the same activities, newest first.
        std::ostringstream q;
        q.precision(12);
        q << "lat=" << lat << "&lon=" << lon << "&z=" << z << "&r=0&" << filter.canonical();
        const auto reply = parse_json(get(*map_, "/api/here", q.str()).body);
        ASSERT_EQ(reply["count"].get<std::size_t>(), here.size());
        std::vector<std::string> starts;
        for (std::size_t j = 0; j < reply["activities"].size(); ++j) {
          EXPECT_EQ(reply["activities"][j]["id"].get<std::int64_t>(),
                    index_->activities()[here[j]].id);
          starts.push_back(reply["activities"][j]["start"].get<std::string>());
        }
        EXPECT_TRUE(std::is_sorted(starts.rbegin(), starts.rend()));
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 20);
  // A wider radius finds at least as many.
  const LiveActivity& a = index_->activities()[static_cast<std::size_t>(
      std::find(keep.begin(), keep.end(), true) - keep.begin())];
  const TrackRuns t = track_runs(*index_, *index_->input_of(a.id), 15);
  ASSERT_FALSE(t.runs.empty());
  const LatLon v = t.runs[0][t.runs[0].size() / 2];
  const auto near = activities_here(*index_, keep, v.lat, v.lon, 15, 3);
  EXPECT_NE(std::find(near.begin(), near.end(), *index_->input_of(a.id)), near.end());
}

TEST_F(LiveMapTest, TrackIsTheDrawnGeometryOfTheZoom) {
  const LiveActivity& a = index_->activities().front();
  for (const int z : {8, 17}) {
    const auto j =
        parse_json(get(*map_, "/api/track/" + std::to_string(a.id), "z=" + std::to_string(z)).body);
    EXPECT_EQ(j["id"], a.id);
    EXPECT_EQ(j["zoom"], z);
    std::size_t points = 0;
    const auto& box = j["bbox"];
    for (const auto& run : j["runs"]) {
      EXPECT_GE(run.size(), 2u);
      for (const auto& p : run) {
        ++points;
        EXPECT_GE(p[0].get<double>(), box[1].get<double>() - 1e-6);
        EXPECT_LE(p[0].get<double>(), box[3].get<double>() + 1e-6);
        EXPECT_GE(p[1].get<double>(), box[0].get<double>() - 1e-6);
        EXPECT_LE(p[1].get<double>(), box[2].get<double>() + 1e-6);
      }
    }
    EXPECT_GT(points, 1u);
    EXPECT_LE(points, index_->geometry(z).drawn_vertices(*index_->input_of(a.id)).size());
  }
  const auto coarse = parse_json(get(*map_, "/api/track/" + std::to_string(a.id), "z=8").body);
  const auto fine = parse_json(get(*map_, "/api/track/" + std::to_string(a.id), "z=17").body);
  EXPECT_LT(coarse.dump().size(), fine.dump().size());  // simplified for the zoom
}

TEST(LiveMapRebuild, ARebuildOfTheSiteLeavesNoStaleTile) {
  test::ScratchDir dir("th-live-rebuild");
  const DemoOptions d = write_demo(dir.path() / "export", 8, 3, 1);
  BuildOptions b = build_options(d.out, dir.path());
  b.max_zoom = 12;
  run_build(b);
  LiveOptions o;
  o.cache_dir = b.cache_dir;
  o.site = b.out_dir;
  o.jobs = 2;
  LiveMap map(o);
  ASSERT_TRUE(map.wait_ready());
  const auto before = parse_json(get(map, "/live/manifest.json").body);
  // One more activity, rebuilt while the map is up: the next request sees the new build.
  const DemoOptions more = write_demo(dir.path() / "more", 1, 99, 1);
  b.paths = {more.out / "activities"};
  run_build(b);
  LiveResponse r = get(map, "/live/manifest.json");
  if (r.status == 503) {
    ASSERT_TRUE(map.wait_ready());
    r = get(map, "/live/manifest.json");
  }
  ASSERT_EQ(r.status, 200);
  const auto after = parse_json(r.body);
  EXPECT_NE(after["fingerprint"], before["fingerprint"]);
  EXPECT_EQ(after["activities"].get<int>(), before["activities"].get<int>() + 1);
}

}  // namespace
}  // namespace th::live

namespace th::live {
namespace {

TEST_F(LiveMapTest, SampledRowsAndColumnsAreDrawnExactly) {
  // Every pixel of a row (or column) sample equals the pixel of the tile drawn in full; pixels
  // outside the sample stay empty; a tile drawn in two halves on two threads is the whole.
  TileRenderer scratch;
  int tiles = 0;
  for (const int z : {11, 14, 17}) {
    const ZoomGeometry& g = index_->geometry(z);
    for (std::size_t k = 0; k < g.tile_count(); k += std::max<std::size_t>(1, g.tile_count() / 6)) {
      const TileCodes full = render_tile(g, k, nullptr, scratch);
      const TileKey t = g.tile(k);
      const bool columns = (t.x + t.y) % 2 == 1;
      TileRenderer second;
      const TileCodes split = render_tile_split(g, k, nullptr, scratch, second);
      EXPECT_EQ(split.pixels, full.pixels) << "z" << z << " tile " << k;
      EXPECT_EQ(split.codes, full.codes) << "z" << z << " tile " << k;
      for (const RowSample sample : {RowSample{16, 1}, RowSample{16, 5}, RowSample{4, 3},
                                     RowSample{16, 3, 7}, RowSample{256, 128, 128}}) {
        const TileCodes part = render_tile(g, k, nullptr, scratch, sample);
        std::map<std::uint16_t, std::size_t> at;
        for (std::size_t i = 0; i < full.pixels.size(); ++i) at[full.pixels[i]] = i;
        std::size_t expected = 0;
        const auto sampled = [&](int r) {
          return (r - sample.phase + sample.step) % sample.step < sample.rows;
        };
        for (const std::uint16_t p : full.pixels) {
          expected += sampled(columns ? p % 256 : p / 256) ? 1 : 0;
        }
        EXPECT_EQ(part.pixels.size(), expected) << "z" << z << " tile " << k;
        for (std::size_t i = 0; i < part.pixels.size(); ++i) {
          const std::uint16_t p = part.pixels[i];
          ASSERT_TRUE(sampled(columns ? p % 256 : p / 256));
          ASSERT_TRUE(at.count(p));
          for (std::size_t l = 0; l < kLayerCount; ++l) {
            EXPECT_EQ(part.codes[i * kLayerCount + l], full.codes[at[p] * kLayerCount + l])
                << "z" << z << " pixel " << p << " layer " << l;
          }
        }
      }
      ++tiles;
    }
  }
  EXPECT_GT(tiles, 10);
}

}  // namespace
}  // namespace th::live
