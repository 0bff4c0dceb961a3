// trackheat privacy: list, remove or clear the privacy zones and trimmed ends kept in the cache
// (added with build --privacy-zone / --trim-ends).
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "pipeline/privacy_zones.hpp"

namespace th::cli {

namespace {

struct PrivacyCommandOptions {
  std::string cache = "cache";
  std::size_t remove_number = 0;
};

void print_settings(const PrivacySettings& s) {
  if (s.zones.empty()) std::printf("no privacy zones\n");
  for (std::size_t i = 0; i < s.zones.size(); ++i) {
    const PrivacyZone& z = s.zones[i];  // the circle as given; the secret centre stays secret
    std::printf("%zu: %.6f,%.6f radius %.0f m\n", i + 1, z.lat, z.lon, z.radius_m);
  }
  if (s.trim_ends_m > 0) {
    std::printf("trim ends: %.0f m\n", s.trim_ends_m);
  } else {
    std::printf("trim ends: off\n");
  }
}

}  // namespace

void add_privacy_command(CLI::App& app, CommandSet& commands) {
  auto opts = std::make_shared<PrivacyCommandOptions>();
  auto* sub = app.add_subcommand(
      "privacy",
      "List, remove or clear privacy zones (added with build --privacy-zone LAT,LON,RADIUS_M "
      "and --trim-ends M); the next build redraws");
  sub->add_option("--cache", opts->cache, "Cache folder")->capture_default_str();
  sub->require_subcommand(1);
  auto* list = sub->add_subcommand("list", "Show the zones (as given) and the trimmed ends");
  auto* clear = sub->add_subcommand("clear", "Remove every zone and stop trimming ends");
  auto* remove = sub->add_subcommand("remove", "Remove zone N (as numbered by list)");
  remove->add_option("N", opts->remove_number, "Zone number")->required();
  for (auto* action : {list, clear, remove}) action->fallthrough();  // --cache after the action
  commands.add(sub, [opts, list, clear, remove] {
    PrivacyConfig config = load_privacy(opts->cache);
    if (clear->parsed()) {
      config.settings = {};
      save_privacy(opts->cache, config);
      std::printf("privacy zones and trimmed ends cleared; the next build redraws\n");
    } else if (remove->parsed()) {
      remove_zone(config, opts->remove_number);
      save_privacy(opts->cache, config);
      std::printf("privacy zone %zu removed; the next build redraws\n", opts->remove_number);
    }
    if (list->parsed() || remove->parsed()) print_settings(config.settings);
    return 0;
  });
}

}  // namespace th::cli
