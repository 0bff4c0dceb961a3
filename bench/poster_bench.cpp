// `trackheat poster` on a built site (make bench runs it on the 5,000-activity demo): a
// 4000 × 3000 px poster of the site's whole extent (the bbox of manifest.json's bounds), once
// without a filter (the build's scales, from the render cache) and once with one (the live
// map's scales, estimated like the live tiles'), each as the command does it: load the index
// for the one zoom, draw, encode.
//
//   poster_bench <cache dir> <site dir> [runs]
//
// Prints per case the median of `runs` (default 3) for loading, drawing + encoding and the
// total, the PNG's size, and the process's peak RSS at the end (getrusage); then, for
// comparison, one load of the whole index (every zoom, as `serve` loads it), which a poster
// does not need.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/bytes.hpp"
#include "live/live_index.hpp"
#include "poster/poster.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: poster_bench CACHE_DIR SITE_DIR [RUNS]\n");
    return 2;
  }
  const std::filesystem::path cache = argv[1], site = argv[2];
  const int runs = argc > 3 ? std::max(1, std::stoi(argv[3])) : 3;
  const th::Bytes m = th::read_file(site / "manifest.json");
  const nlohmann::json manifest = nlohmann::json::parse(m.begin(), m.end());
  const auto& b = manifest.at("bounds");
  char bbox[160];
  std::snprintf(bbox, sizeof bbox, "%.6f,%.6f,%.6f,%.6f", b[1].get<double>(), b[0].get<double>(),
                b[3].get<double>(), b[2].get<double>());
  std::printf("machine: %u threads; site %s, %d activities, bbox %s\n",
              std::thread::hardware_concurrency(), site.c_str(),
              manifest.at("activity_count").get<int>(), bbox);
  const std::pair<const char*, th::live::QueryParams> cases[] = {
      {"no filter", {}},
      {"filter after=2024-01-01", {{"after", "2024-01-01"}}},
  };
  for (const auto& [name, filter] : cases) {
    th::live::QueryParams p = {
        {"layer", "frequency-log"}, {"size", "4000x3000"}, {"bbox", bbox}, {"title", "trackheat"}};
    p.insert(p.end(), filter.begin(), filter.end());
    const th::poster::PosterRequest request =
        th::poster::parse_poster_request(p, th::poster::kMaxPosterSide);
    const th::live::SiteZooms zooms = th::live::site_zooms(site);
    const th::poster::PosterView view =
        th::poster::resolve_view(request, zooms.min_zoom, zooms.max_zoom);
    std::vector<double> load, draw, total;
    std::size_t bytes = 0;
    for (int i = 0; i < runs; ++i) {
      const auto t0 = Clock::now();
      const auto index = th::live::LiveIndex::load(cache, site, 0, view.zoom);
      load.push_back(seconds_since(t0));
      const auto t1 = Clock::now();
      const th::poster::Poster made =
          th::poster::make_poster(*index, cache, request, view, 0, nullptr);
      draw.push_back(seconds_since(t1));
      total.push_back(seconds_since(t0));
      bytes = made.png.size();
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf(
        "poster 4000x3000 z%d, %s: load %.2f s, draw+encode %.2f s, total %.2f s (median of %d; "
        "target 10 s), PNG %.1f MB, peak RSS so far %ld MiB\n",
        view.zoom, name, median(load), median(draw), median(total), runs,
        static_cast<double>(bytes) / 1e6, usage.ru_maxrss / 1024);
  }
  const auto t0 = Clock::now();
  const auto full = th::live::LiveIndex::load(cache, site, 0);
  const double full_s = seconds_since(t0);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "for comparison, the whole index (zooms %d-%d, as serve loads it): %.2f s, peak RSS "
      "now %ld MiB\n",
      full->min_zoom(), full->max_zoom(), full_s, usage.ru_maxrss / 1024);
  return 0;
}
