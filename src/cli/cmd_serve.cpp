// trackheat serve: the built site over HTTP on loopback, until Ctrl-C or SIGTERM.
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "admin/admin_api.hpp"
#include "cli/commands.hpp"
#include "cli/source_options.hpp"
#include "cli/sync_step.hpp"
#include "core/bytes.hpp"
#include "live/live_map.hpp"
#include "pipeline/build.hpp"
#include "poster/poster_route.hpp"
#include "serve/admin_routes.hpp"
#include "serve/live_routes.hpp"
#include "serve/site_server.hpp"

namespace th::cli {

namespace {

// SIGINT and SIGTERM are blocked in every thread (the server's threads inherit the mask) and
// taken by one waiting thread, which stops the server: nothing runs inside a signal handler.
class StopOnSignal {
 public:
  explicit StopOnSignal(serve::SiteServer& server) {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, &previous_);
    waiter_ = std::jthread([this, &server](const std::stop_token& stop) {
      const timespec tick{0, 200'000'000};
      while (!stop.stop_requested()) {
        if (sigtimedwait(&signals_, nullptr, &tick) > 0) {
          server.stop();
          return;
        }
      }
    });
  }
  ~StopOnSignal() {
    waiter_.request_stop();
    waiter_.join();
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

 private:
  sigset_t signals_{};
  sigset_t previous_{};
  std::jthread waiter_;
};

// Room for the server's 1024 connections besides its own files: many desktops start programs
// with a soft limit of 1024 descriptors and a much higher hard one. The server lowers its
// connection cap to what the limit allows when it cannot be raised.
void raise_descriptor_limit() {
  constexpr rlim_t kWanted = 4096;
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) != 0 || r.rlim_cur >= kWanted) return;
  r.rlim_cur = std::min(kWanted, r.rlim_max);
  setrlimit(RLIMIT_NOFILE, &r);
}

// What the admin page's "Rebuild" runs: the options serve was started with; zooms not given are
// the live site's (its manifest), so a rebuild redraws the same pyramid.
struct RebuildOptions {
  std::string strava;
  int min_zoom = -1, max_zoom = -1;
  unsigned jobs = 0;
};

BuildOptions rebuild_options(const serve::ServeOptions& serve, const RebuildOptions& r) {
  BuildOptions o;
  SourceOptions source;
  source.strava = r.strava;
  o.strava = source.strava_export();
  o.cache_dir = serve.cache;
  o.out_dir = serve.site;
  o.jobs = r.jobs;
  o.quiet = true;
  try {
    const Bytes bytes = read_file(serve.site / "manifest.json", 64 << 20);
    const auto m = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (m.is_object() && m.value("min_zoom", -1) >= 0) o.min_zoom = m.value("min_zoom", 0);
    if (m.is_object() && m.value("max_zoom", -1) >= 0) o.max_zoom = m.value("max_zoom", 17);
  } catch (const std::exception&) {
    // No readable manifest: the build's defaults.
  }
  if (r.min_zoom >= 0) o.min_zoom = r.min_zoom;
  if (r.max_zoom >= 0) o.max_zoom = r.max_zoom;
  return o;
}

std::string rebuild_summary(const BuildReport& r) {
  std::string synced;
  if (r.sync) {
    synced = "intervals.icu: " + std::to_string(r.sync->downloaded) + " downloaded, " +
             std::to_string(r.sync->failed) + " failed. ";
  } else if (!r.sync_unreachable.empty()) {
    synced = "intervals.icu not reachable: built from the cache. ";
  }
  if (r.up_to_date) return synced + "Nothing changed since the last build.";
  return synced + std::to_string(r.activities) + " activities, " + std::to_string(r.drawn) +
         " drawn; " + std::to_string(r.tiles_written) + " tiles written, " +
         std::to_string(r.tiles_deleted) + " deleted.";
}

}  // namespace

void add_serve_command(CLI::App& app, CommandSet& commands) {
  auto opts = std::make_shared<serve::ServeOptions>();
  auto* sub = app.add_subcommand("serve", "Serve a built site on this computer");
  sub->add_option("--site", opts->site, "Site folder (written by trackheat build)")
      ->capture_default_str();
  sub->add_option("--cache", opts->cache, "Cache folder (store database)")->capture_default_str();
  sub->add_option("--host", opts->host, "Address to listen on (keep it loopback)")
      ->capture_default_str();
  sub->add_option("--port", opts->port, "Port to listen on (0: any free port)")
      ->capture_default_str();
  auto rebuild = std::make_shared<RebuildOptions>();
  sub->add_option("--strava", rebuild->strava,
                  "Strava export the admin page's rebuild reads (default: strava_export/ when "
                  "present)");
  sub->add_option("--min-zoom", rebuild->min_zoom, "Rebuild: lowest zoom (default: the site's)");
  sub->add_option("--max-zoom", rebuild->max_zoom, "Rebuild: highest zoom (default: the site's)");
  sub->add_option("--jobs", rebuild->jobs, "Rebuild: threads (0: all cores)");
  commands.add(sub, [opts, rebuild] {
    const std::string& host = opts->host;
    if (host != "127.0.0.1" && host != "localhost" && host != "::1") {
      std::fprintf(stderr,
                   "serve: warning: %s is not a loopback address; other machines may "
                   "reach your activity data (the site answers any host name; the admin "
                   "page only loopback names)\n",
                   host.c_str());
    }
    raise_descriptor_limit();
    serve::SiteServer server(*opts);
    AdminOptions admin;
    admin.db_file = opts->cache / "trackheat.db";
    admin.token = server.token();
    load_privacy(opts->cache);  // a broken privacy file stops here, not at the first small map
    admin.privacy = [cache = opts->cache] { return load_privacy(cache).settings; };
    admin.rebuild =
        [build = rebuild_options(*opts, *rebuild)](const std::function<void(std::string)>& phase) {
          BuildOptions o = build;
          // Read at each rebuild, as `trackheat build` does: a key added to .env counts.
          o.sync = build_sync_credentials();
          o.on_synced = [&phase](const BuildReport&) {
            phase("importing, matching duplicates, rendering");
          };
          phase(o.sync ? "syncing intervals.icu" : "importing, matching duplicates, rendering");
          return rebuild_summary(run_build(o));
        };
    AdminApi api(std::move(admin));
    // The live map loads its index in the background: the static site answers at once, live
    // routes answer 503 until it is ready.
    live::LiveOptions live_options;
    live_options.cache_dir = opts->cache;
    live_options.site = opts->site;
    live_options.jobs = rebuild->jobs;
    live::LiveMap live_map(live_options);
    serve::mount_live(server, live_map);  // before the admin routes: they take every /api/ path
    poster::PosterRoute poster_route(live_map);
    serve::mount_poster(server, poster_route);
    serve::mount_admin(server, api);
    StopOnSignal stop_on_signal(server);
    server.bind();
    std::printf("serve: %s  (site %s/; Ctrl-C to stop)\n", server.url().c_str(),
                opts->site.string().c_str());
    std::printf("serve: duplicates and exclusions: %sadmin/\n", server.url().c_str());
    std::fflush(stdout);
    live_map.start();
    server.run();
    std::printf("serve: stopped\n");
    return 0;
  });
}

}  // namespace th::cli
