// trackheat poster: one heat layer of the built site as a print-quality PNG (up to 10,000 px a
// side), drawn directly at a Web Mercator zoom with the live map's renderer and filter.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "core/progress.hpp"
#include "live/live_index.hpp"
#include "poster/poster.hpp"

namespace th::cli {

namespace {

struct PosterCommandOptions {
  std::string cache = "cache";
  std::string site = "site";
  std::string out;
  std::string layer, bbox, center, size, title, background = "dark";
  std::optional<int> zoom;
  std::string after, before, min_km, max_km, sport;
  bool sport_given = false;
  bool no_legend = false;
  unsigned jobs = 0;
  bool quiet = false;
};

// The options as the query parameters poster_request.hpp reads: one parser for the command
// and the server's /api/poster.png.
live::QueryParams to_params(const PosterCommandOptions& o) {
  live::QueryParams p;
  const auto add = [&p](const char* key, const std::string& value) {
    if (!value.empty()) p.emplace_back(key, value);
  };
  add("layer", o.layer);
  add("size", o.size);
  add("bbox", o.bbox);
  add("center", o.center);
  if (o.zoom) p.emplace_back("z", std::to_string(*o.zoom));
  add("title", o.title);
  add("background", o.background);
  p.emplace_back("legend", o.no_legend ? "0" : "1");
  add("after", o.after);
  add("before", o.before);
  add("min_km", o.min_km);
  add("max_km", o.max_km);
  if (o.sport_given) p.emplace_back("sport", o.sport);
  return p;
}

int run_poster(const PosterCommandOptions& o) {
  poster::PosterRequest request;
  try {
    request = poster::parse_poster_request(to_params(o), poster::kMaxPosterSide);
  } catch (const live::BadRequest& e) {
    throw UsageError(std::string("poster: ") + e.what());
  }
  const live::SiteZooms zooms = live::site_zooms(o.site);
  poster::PosterView view;
  try {
    view = poster::resolve_view(request, zooms.min_zoom, zooms.max_zoom);
  } catch (const live::BadRequest& e) {
    throw UsageError(std::string("poster: ") + e.what());
  }
  if (!o.quiet) {
    std::fprintf(stderr, "poster: %s, %dx%d px at zoom %d: loading the activities\n",
                 std::string(request.layer->name).c_str(), view.width, view.height, view.zoom);
  }
  const auto index = live::LiveIndex::load(o.cache, o.site, o.jobs, view.zoom);
  Progress progress("poster", 0, stderr, o.quiet);
  const poster::Poster made =
      poster::make_poster(*index, o.cache, request, view, o.jobs, &progress);
  progress.finish();
  write_file_atomic(o.out, ByteView(made.png.data(), made.png.size()));
  if (made.heat_pixels == 0) {
    // Not an error: a view can be empty for this layer or filter; the poster is written anyway.
    std::fprintf(stderr,
                 "poster: nothing of the %s layer is drawn in this view; wrote %s without heat\n",
                 std::string(request.layer->name).c_str(), o.out.c_str());
  } else if (!o.quiet) {
    std::fprintf(stderr, "poster: wrote %s (%dx%d px, zoom %d)\n", o.out.c_str(), view.width,
                 view.height, view.zoom);
  }
  return 0;
}

}  // namespace

void add_poster_command(CLI::App& app, CommandSet& commands) {
  auto opts = std::make_shared<PosterCommandOptions>();
  auto* sub = app.add_subcommand(
      "poster",
      "Draw one layer of the built site as a large PNG (up to 10000x10000 px) at a zoom: "
      "--bbox S,W,N,E or --center LAT,LON --zoom Z");
  sub->add_option("--layer", opts->layer,
                  "Layer id, as in the site's manifest (e.g. frequency-log)")
      ->required();
  sub->add_option("--size", opts->size, "Poster size in pixels, WxH (e.g. 4000x3000)")->required();
  sub->add_option("--out", opts->out, "PNG file to write")->required();
  sub->add_option("--bbox", opts->bbox,
                  "Area S,W,N,E in degrees: drawn at the largest zoom where it fits, centred");
  sub->add_option("--center", opts->center, "Centre LAT,LON in degrees (with --zoom)");
  sub->add_option("--zoom", opts->zoom, "Zoom with --center (within the site's zooms)");
  sub->add_option("--after", opts->after, "Only activities on or after YYYY-MM-DD (local date)");
  sub->add_option("--before", opts->before, "Only activities on or before YYYY-MM-DD");
  sub->add_option("--min-km", opts->min_km, "Only activities of at least N km");
  sub->add_option("--max-km", opts->max_km, "Only activities of at most N km");
  sub->add_option("--sport", opts->sport, "Only these sports, comma-separated (e.g. Run,Ride)")
      ->each([opts](const std::string&) { opts->sport_given = true; });
  sub->add_option("--title", opts->title, "Title at the top");
  sub->add_option("--background", opts->background, "dark, light or transparent")
      ->capture_default_str();
  sub->add_flag(
      "--legend,!--no-legend", [opts](std::int64_t n) { opts->no_legend = n < 0; },
      "Draw the legend (default) or not");
  sub->add_option("--site", opts->site, "Site folder (written by trackheat build)")
      ->capture_default_str();
  sub->add_option("--cache", opts->cache, "Cache folder (store database)")->capture_default_str();
  sub->add_option("--jobs", opts->jobs, "Threads (0: all cores)");
  sub->add_flag("--quiet", opts->quiet, "No progress on stderr");
  commands.add(sub, [opts] { return run_poster(*opts); });
}

}  // namespace th::cli
