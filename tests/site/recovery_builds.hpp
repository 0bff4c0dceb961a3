#pragma once
// Two builds of one site for the interruption tests, A (the old site) and B (the new one), and
// builds killed (SIGKILL, like kill -9) at a chosen step.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "site/tile_writer.hpp"
#include "site_test_util.hpp"

namespace th::test {

// data/tiles.js of a test build: the paths of its tiles, one a line (what the page would ask for).
inline std::string tile_listing(const BuildSpec& b) {
  std::vector<std::string> paths;
  for (const auto& t : b.tiles) paths.push_back(tile_rel(t));
  std::sort(paths.begin(), paths.end());
  std::string text;
  for (const auto& p : paths) text += p + "\n";
  return text;
}

// The old site: two layers, zooms 0..4.
inline BuildSpec build_a() {
  BuildSpec b;
  b.options = options({"frequency-linear", "pace"}, 0, 4);
  std::uint32_t seed = 1;
  for (const char* layer : {"frequency-linear", "pace"}) {
    for (int z = 0; z <= 4; ++z) {
      for (int i = 0; i < 3; ++i) {
        const int n = 1 << z;
        b.tiles.push_back({layer, z, (i * 5) % n, (i * 3 + 1) % n, fake_png(seed++, 150)});
      }
    }
  }
  // Remove duplicates that the modulo produced at low zooms.
  std::sort(b.tiles.begin(), b.tiles.end(),
            [](const auto& p, const auto& q) { return tile_rel(p) < tile_rel(q); });
  b.tiles.erase(
      std::unique(b.tiles.begin(), b.tiles.end(),
                  [](const auto& p, const auto& q) { return tile_rel(p) == tile_rel(q); }),
      b.tiles.end());
  b.files["data/tiles.js"] = tile_listing(b);
  b.files["manifest.json"] = "{\"build\":\"a\"}\n";
  b.files["data/manifest.js"] = "window.TRACKHEAT_MANIFEST = {\"build\":\"a\"};\n";
  b.files["data/activities.js"] = "window.TRACKHEAT_ACTIVITIES = {\"count\":1};\n";
  return b;
}

// The new site: a tile changed, one gone, new tiles in a new x column and a new zoom, zoom 4 of
// pace dropped... by lowering the max zoom to 3 and adding layer "hill"; new files.
inline BuildSpec build_b() {
  const BuildSpec a = build_a();
  BuildSpec b;
  b.options = options({"frequency-linear", "pace", "hill"}, 0, 3);
  int i = 0;
  for (const auto& t : a.tiles) {
    ++i;
    if (t.z > 3) continue;
    if (i == 4) continue;  // became empty
    auto copy = t;
    if (i % 3 == 0) copy.png = fake_png(static_cast<std::uint32_t>(1000 + i), 150);
    b.tiles.push_back(copy);
  }
  b.tiles.push_back({"pace", 3, 6, 6, fake_png(2001, 150)});  // new column 6
  b.tiles.push_back({"hill", 2, 1, 1, fake_png(2002, 150)});  // new layer
  b.tiles.push_back({"hill", 3, 2, 2, fake_png(2003, 150)});
  b.files["data/tiles.js"] = tile_listing(b);
  b.files["manifest.json"] = "{\"build\":\"b\"}\n";
  b.files["data/manifest.js"] = "window.TRACKHEAT_MANIFEST = {\"build\":\"b\"};\n";
  b.files["data/activities.js"] = "window.TRACKHEAT_ACTIVITIES = {\"count\":2};\n";
  return b;
}

// Runs `spec` in a child process that kills itself (SIGKILL, like kill -9) at the step hook's
// call number `kill_at`. Returns whether it died there (false: the build finished first).
inline bool build_killed_at(const std::filesystem::path& site, BuildSpec spec, int kill_at) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    int count = 0;
    spec.options.step_hook = [&count, kill_at](SiteStep) {
      if (count++ == kill_at) ::raise(SIGKILL);
    };
    try {
      run_build(site, spec);
    } catch (...) {
      ::_exit(3);
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) return true;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  return false;
}

struct StepCount {
  int total = 0;
  int commit_point = -1;  // index of the JournalWritten call
};

inline StepCount count_steps(const std::filesystem::path& site, BuildSpec spec) {
  StepCount c;
  spec.options.step_hook = [&c](SiteStep step) {
    if (step == SiteStep::JournalWritten) c.commit_point = c.total;
    ++c.total;
  };
  run_build(site, spec);
  return c;
}

}  // namespace th::test
