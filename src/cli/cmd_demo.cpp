// trackheat demo: write a synthetic, Strava-export-shaped folder.
#include <chrono>
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "demo/demo.hpp"

namespace th::cli {

void add_demo_command(CLI::App& app, CommandSet& commands) {
  auto opts = std::make_shared<DemoOptions>();
  auto* sub = app.add_subcommand("demo", "Write a synthetic Strava-export-shaped folder");
  sub->add_option("--out", opts->out, "Output folder")->capture_default_str();
  sub->add_option("--activities", opts->activities, "Number of activities")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000));
  sub->add_option("--seed", opts->seed, "Random seed (same seed, same data)")
      ->capture_default_str();
  sub->add_option("--years", opts->years, "Years of history up to today")
      ->capture_default_str()
      ->check(CLI::Range(1, 50));
  commands.add(sub, [opts] {
    const auto t0 = std::chrono::steady_clock::now();
    const int n = write_demo_export(*opts);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("demo: wrote %d activities to %s/ in %.1f s\n", n, opts->out.string().c_str(),
                secs);
    return 0;
  });
}

}  // namespace th::cli
