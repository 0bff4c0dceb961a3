#pragma once
// Each subcommand lives in its own cmd_<name>.cpp and registers itself here: its options are
// owned by the closure it registers, so nothing is global.

#include <CLI/CLI.hpp>

#include <functional>
#include <utility>
#include <vector>

namespace th::cli {

class CommandSet {
 public:
  void add(CLI::App* sub, std::function<int()> run) { commands_.emplace_back(sub, std::move(run)); }
  // Runs the subcommand the user chose; returns its exit status.
  int run_selected() const {
    for (const auto& [sub, run] : commands_) {
      if (sub->parsed()) return run();
    }
    return 2;
  }

 private:
  std::vector<std::pair<CLI::App*, std::function<int()>>> commands_;
};

void add_inspect_command(CLI::App& app, CommandSet& commands);
void add_build_command(CLI::App& app, CommandSet& commands);
void add_import_command(CLI::App& app, CommandSet& commands);
void add_demo_command(CLI::App& app, CommandSet& commands);
void add_serve_command(CLI::App& app, CommandSet& commands);
void add_sync_command(CLI::App& app, CommandSet& commands);
void add_privacy_command(CLI::App& app, CommandSet& commands);
void add_poster_command(CLI::App& app, CommandSet& commands);

}  // namespace th::cli
