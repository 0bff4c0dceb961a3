#pragma once
// The hilly set of tests/render/hilly_tracks.hpp written as GPX files a0.gpx, a1.gpx, … into a
// folder, for tests that build a site from them (needs th_demo for write_gpx).

#include <filesystem>
#include <string>

#include "core/bytes.hpp"
#include "demo/writers.hpp"
#include "render/hilly_tracks.hpp"

namespace th::test {

inline void write_hilly_gpx(const std::filesystem::path& folder, int count) {
  std::filesystem::create_directories(folder);
  int n = 0;
  for (const auto& h : hilly_activities(count)) {
    Activity a;
    a.sport = h.sport;
    a.start_time = h.start_time;
    a.samples = h.samples;
    write_file_atomic(folder / ("a" + std::to_string(n++) + ".gpx"), write_gpx(a));
  }
}

}  // namespace th::test
