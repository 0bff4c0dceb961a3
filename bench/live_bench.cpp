// The live map of `trackheat serve` on a built site (make bench builds the 5,000-activity demo
// and runs this on it): what a user dragging the date slider waits for.
//
//   live_bench <cache dir> <site dir> [--profile]
//
// Prints, for the index: load time, vertices, peak RSS after loading; then for each of four
// filters (a year of dates, the most common sport, a distance band, a sport and a year):
//   - the new filter's manifest (all zooms' scales) time, and how far its legend's top values
//     are from the exact scales (a LiveMap that draws every tile: what an offline build of only
//     the matching activities computes);
//   - uncached tiles at zooms 8-17, a screen of 4 x 3 tiles per zoom centred on the busiest
//     spot of the map (the worst case: the most activities cross it): p50 / p95 / max ms;
//   - 8 clients over HTTP each loading a screen of 12 tiles of a zoom for a new filter at once:
//     the time until the last tile of the last screen.
// Medians and percentiles are over the tiles of that run; run it several times for medians of
// runs (make bench does).
// --profile: only renders the hot screens repeatedly (for perf record).

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/time_util.hpp"
#include "live/live_filter.hpp"
#include "live/live_index.hpp"
#include "live/live_map.hpp"
#include "serve/http_connection.hpp"
#include "serve/live_routes.hpp"
#include "serve/site_server.hpp"

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

long peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

th::live::QueryParams parse_query(const std::string& q) {
  th::live::QueryParams out;
  std::size_t start = 0;
  while (start < q.size()) {
    const std::size_t amp = q.find('&', start);
    const std::string part = q.substr(start, amp - start);
    const std::size_t eq = part.find('=');
    out.emplace_back(part.substr(0, eq), eq == std::string::npos ? "" : part.substr(eq + 1));
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return out;
}

// The z12 tile with the most segments: the busiest spot.
std::pair<double, double> busiest_spot(const th::live::LiveIndex& index) {
  const int z = std::clamp(12, index.min_zoom(), index.max_zoom());
  const th::ZoomGeometry& g = index.geometry(z);
  std::size_t best = 0;
  std::uint64_t most = 0;
  for (std::size_t k = 0; k < g.tile_count(); ++k) {
    const std::uint64_t n = g.tile_segments(k, nullptr);
    if (n > most) most = n, best = k;
  }
  const th::TileKey t = g.tile(best);
  const double n = std::ldexp(1.0, t.z);
  const double lon = (t.x + 0.5) / n * 360.0 - 180.0;
  const double lat = std::atan(std::sinh(M_PI * (1 - 2 * (t.y + 0.5) / n))) * 180.0 / M_PI;
  return {lat, lon};
}

// A screen of 4 x 3 tiles at zoom z around (lat, lon).
std::vector<std::string> screen(double lat, double lon, int z, const std::string& layer) {
  const double n = std::ldexp(1.0, z);
  const auto cx = static_cast<long>((lon + 180.0) / 360.0 * n);
  const double r = lat * M_PI / 180.0;
  const auto cy = static_cast<long>((1 - std::log(std::tan(r) + 1 / std::cos(r)) / M_PI) / 2 * n);
  std::vector<std::string> out;
  for (long dy = -1; dy <= 1; ++dy) {
    for (long dx = -2; dx <= 1; ++dx) {
      out.push_back("/live/" + layer + "/" + std::to_string(z) + "/" + std::to_string(cx + dx) +
                    "/" + std::to_string(cy + dy) + ".png");
    }
  }
  return out;
}

struct Filters {
  std::vector<std::pair<std::string, std::string>> list;  // label, query
};

Filters pick_filters(const th::live::LiveIndex& index) {
  std::int64_t last_day = 0;
  std::map<th::Sport, int> sports;
  for (const auto& a : index.activities()) {
    if (a.facts.local_day) last_day = std::max(last_day, *a.facts.local_day);
    ++sports[a.sport];
  }
  th::Sport common = th::Sport::Run;
  int most = 0;
  for (const auto& [s, n] : sports) {
    if (n > most) most = n, common = s;
  }
  const std::string year =
      "after=" + th::format_iso_day(last_day - 364) + "&before=" + th::format_iso_day(last_day);
  const std::string sport = "sport=" + std::string(th::sport_name(common));
  Filters f;
  f.list = {{"last 12 months", year},
            {"one sport (" + std::string(th::sport_name(common)) + ")", sport},
            {"10-30 km", "min_km=10&max_km=30"},
            {"sport + last 12 months", year + "&" + sport}};
  return f;
}

// The worst relative difference between two manifests' top values (hi; for dates the span).
double worst_top_error(const nlohmann::json& a, const nlohmann::json& exact, std::string& where) {
  double worst = 0;
  for (std::size_t l = 0; l < exact["layers"].size(); ++l) {
    const auto& ez = exact["layers"][l]["zooms"];
    const auto& az = a["layers"][l]["zooms"];
    const std::string id = exact["layers"][l]["id"];
    for (auto it = ez.begin(); it != ez.end(); ++it) {
      if (!az.contains(it.key())) {
        where = id + " z" + it.key() + " missing";
        return 1e9;
      }
      const double eh = (*it)["hi"], ah = az[it.key()]["hi"];
      const double el = (*it)["lo"], al = az[it.key()]["lo"];
      // Recency's scale runs from its lo (oldest day shown) to now: compare the spans.
      const double e = id == "recency" ? std::fabs((ah - al) - (eh - el)) / std::max(1.0, eh - el)
                                       : std::fabs(ah - eh) / std::max(1e-12, std::fabs(eh));
      if (e > worst) worst = e, where = id + " z" + it.key();
    }
  }
  return worst;
}

}  // namespace

int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape): a bench may just end
  if (argc < 3) {
    std::fprintf(stderr, "usage: live_bench CACHE_DIR SITE_DIR [--profile]\n");
    return 2;
  }
  const bool profile = argc > 3 && std::strcmp(argv[3], "--profile") == 0;
  th::live::LiveOptions options;
  if (argc > 4 && std::strcmp(argv[3], "--budget") == 0) {
    options.scale_segment_budget = std::stoull(argv[4]);
  }
  options.cache_dir = argv[1];
  options.site = argv[2];
  auto t0 = Clock::now();
  th::live::LiveMap map(options);
  if (!map.wait_ready()) {
    std::fprintf(stderr, "live_bench: %s\n", map.error().c_str());
    return 1;
  }
  const double load_ms = ms_since(t0);
  // A second index, for the busiest spot and the filters (the map's own is private).
  const auto index = th::live::LiveIndex::load(options.cache_dir, options.site, 0);
  // Plain names, not a structured binding: the clients' lambdas below capture them.
  const std::pair<double, double> spot = busiest_spot(*index);
  const double lat = spot.first, lon = spot.second;
  const Filters filters = pick_filters(*index);
  std::printf("index: %zu activities, %.1f M vertices, loaded in %.2f s\n",
              index->activities().size(), static_cast<double>(index->vertices()) / 1e6,
              load_ms / 1000);
  std::printf("busiest spot %.4f, %.4f\n", lat, lon);

  const auto get = [&](const std::string& path, const std::string& query) {
    th::live::LiveRequest r;
    r.path = path;
    r.query = parse_query(query);
    return map.handle(r);
  };
  if (profile) {
    for (int round = 0; round < 3; ++round) {
      for (const auto& [label, query] : filters.list) {
        const std::string q = query + (round > 0 ? "&min_km=0." + std::to_string(round) : "");
        for (int z = 8; z <= 17; ++z) {
          for (const auto& path : screen(lat, lon, z, "frequency-log")) get(path, q);
        }
      }
    }
    return 0;
  }

  th::live::LiveOptions exact_options = options;
  exact_options.scale_segment_budget = UINT64_MAX;
  th::live::LiveMap exact(exact_options);
  exact.wait_ready();

  std::vector<double> all_tiles;
  std::vector<std::pair<std::string, std::string>> cases = filters.list;
  cases.insert(cases.begin(), {"none", ""});
  for (const auto& [label, query] : cases) {
    t0 = Clock::now();
    const th::live::LiveResponse m = get("/live/manifest.json", query);
    const double manifest_ms = ms_since(t0);
    th::live::LiveRequest er;
    er.path = "/live/manifest.json";
    er.query = parse_query(query);
    const auto mj = nlohmann::json::parse(m.body);
    const auto ej = nlohmann::json::parse(exact.handle(er).body);
    std::string where;
    const double err = worst_top_error(mj, ej, where);
    std::vector<double> tiles;
    for (int z = 8; z <= 17; ++z) {
      for (const auto& path : screen(lat, lon, z, "frequency-log")) {
        t0 = Clock::now();
        get(path, query);
        tiles.push_back(ms_since(t0));
      }
    }
    if (!query.empty()) all_tiles.insert(all_tiles.end(), tiles.begin(), tiles.end());
    std::printf(
        "filter %-24s %4d activities  manifest %6.0f ms (estimated zooms %zu, worst top-value "
        "error %.1f%% at %s)  tiles z8-17: p50 %.1f ms, p95 %.1f ms, max %.1f ms\n",
        label.c_str(), mj["activities"].get<int>(), manifest_ms, mj["estimated_zooms"].size(),
        err * 100, where.c_str(), percentile(tiles, 0.5), percentile(tiles, 0.95),
        percentile(tiles, 1.0));
  }
  std::printf("the 4 filters, %zu uncached tiles: p50 %.1f ms, p95 %.1f ms (targets 10, 30)\n",
              all_tiles.size(), percentile(all_tiles, 0.5), percentile(all_tiles, 0.95));

  // 8 clients over HTTP, each a screen of 12 tiles of one zoom, for a filter not seen yet; the
  // scales of that zoom are drawn first by whichever tile asks first.
  th::serve::ServeOptions so;
  so.site = options.site;
  so.cache = options.cache_dir;
  so.port = 0;
  th::serve::SiteServer server(so);
  th::serve::mount_live(server, map);
  const int port = server.bind();
  std::thread serving([&] { server.run(); });
  std::vector<double> screens;
  // New filter: the first tile of the zoom draws its scales; as the viewer does it (the
  // manifest first, then the tiles): the scales are known when the tiles are asked for.
  for (const bool manifest_first : {false, true}) {
    for (int z : {11, 13, 15, 17}) {
      const std::string query =
          filters.list[0].second + "&min_km=0." + std::to_string(z) + (manifest_first ? "1" : "");
      if (manifest_first) get("/live/manifest.json", query);
      std::vector<std::thread> clients;
      std::vector<double> done(8);
      t0 = Clock::now();
      for (int c = 0; c < 8; ++c) {
        clients.emplace_back([&, c] {
          th::serve::test::HttpConnection conn(port, std::chrono::milliseconds(30000));
          const char* layers[] = {"frequency-log", "pace", "heart-rate", "recency"};
          for (const auto& path : screen(lat, lon, z, layers[c % 4])) {
            conn.request("GET", path + "?" + query);
          }
          done[static_cast<std::size_t>(c)] = ms_since(t0);
        });
      }
      for (auto& t : clients) t.join();
      screens.push_back(*std::max_element(done.begin(), done.end()));
      std::printf("8 clients x 12 tiles at z%d, new filter%s: all screens loaded in %.0f ms\n", z,
                  manifest_first ? " (its manifest fetched first)" : "", screens.back());
    }
  }
  server.stop();
  serving.join();
  std::printf(
      "peak RSS %ld MiB (the live map, a second index and the exact map: an upper bound; "
      "see trackheat serve's own figure)\n",
      peak_rss_mib());
  return 0;
}
