// trackheat command line: wires the stage libraries together. Exceptions become one clear line
// on stderr and an exit status here and only here (0 ok, 1 run-time failure, 2 bad usage).
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <exception>
#include <new>
#include <string>

#include "cli/commands.hpp"
#include "core/allocator.hpp"
#include "core/errors.hpp"

namespace {

// One line on stderr whatever the message holds (a file name may contain a line break).
void print_error(const char* what) {
  std::string line(what);
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::fprintf(stderr, "trackheat: %s\n", line.c_str());
}

}  // namespace

// Only the set-up of the commands runs outside the handlers: it throws only for a programming
// error (CLI11 refusing a duplicate option) or without memory, where terminating is right.
int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape)
  // A write past the file-size limit (ulimit -f) then fails with EFBIG and is reported as an
  // error naming the file, instead of the signal killing the process without a word.
  std::signal(SIGXFSZ, SIG_IGN);
  th::tune_allocator_for_batch_work();
  CLI::App app{"trackheat: a local heatmap of all your activities"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("trackheat ") + TRACKHEAT_VERSION);
  th::cli::CommandSet commands;
  th::cli::add_build_command(app, commands);
  th::cli::add_demo_command(app, commands);
  th::cli::add_import_command(app, commands);
  th::cli::add_inspect_command(app, commands);
  th::cli::add_poster_command(app, commands);
  th::cli::add_privacy_command(app, commands);
  th::cli::add_serve_command(app, commands);
  th::cli::add_sync_command(app, commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    return commands.run_selected();
  } catch (const th::UsageError& e) {
    print_error(e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    print_error("out of memory");
    return 1;
  } catch (const std::exception& e) {
    print_error(e.what());
    return 1;
  } catch (...) {
    print_error("unexpected error");
    return 1;
  }
}
