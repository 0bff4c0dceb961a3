#pragma once
// The scenario of the incremental build tests: a small demo export (the map) and one more
// outdoor activity as a loose file, built into named site/cache pairs of one scratch folder.
#include <filesystem>
#include <string>

#include "demo/demo.hpp"
#include "pipeline/build.hpp"
#include "support/testdata.hpp"

namespace th::test {

inline constexpr double kNow = 1790000000;  // 2026-09-21

struct IncrementalFixture {
  ScratchDir dir;
  DemoOptions demo;
  std::filesystem::path extra;  // one more activity, as a loose file
  // 0: every tile keeps its codes, so that every dirty tile is redrawn over them (on this small
  // map no tile is busy enough by default).
  std::uint64_t busy_tile_segments = BuildOptions{}.busy_tile_segments;
  explicit IncrementalFixture(int activities = 16) {
    demo.out = dir.path() / "export";
    demo.activities = activities;
    demo.seed = 5;
    demo.now_utc = kNow;
    write_demo_export(demo);
    DemoOptions one = demo;
    one.out = dir.path() / "one";
    one.activities = 1;
    one.seed = 4243;  // an outdoor run: drawn on the map
    write_demo_export(one);
    extra = dir.path() / "extra";
    std::filesystem::create_directories(extra);
    for (const auto& e : std::filesystem::directory_iterator(one.out / "activities")) {
      std::filesystem::copy_file(e.path(), extra / e.path().filename());
    }
  }
  BuildOptions options(const std::string& name, bool with_extra, int max_zoom = 14) const {
    BuildOptions o;
    o.strava = demo.out;
    if (with_extra) o.paths = {extra};
    o.cache_dir = dir.path() / ("cache-" + name);
    o.out_dir = dir.path() / ("site-" + name);
    o.max_zoom = max_zoom;
    o.jobs = 2;
    o.quiet = true;
    o.now_utc = kNow;
    o.busy_tile_segments = busy_tile_segments;
    return o;
  }
};

}  // namespace th::test
