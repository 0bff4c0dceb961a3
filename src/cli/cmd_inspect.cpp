// trackheat inspect: parse files and print what was found (README: Commands, for --json).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "core/time_util.hpp"
#include "parse/parse.hpp"

namespace th::cli {

namespace {

struct InspectOptions {
  std::vector<std::string> files;
  bool json = false;
};

nlohmann::json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nullptr;
}

// Rounds to a sensible number of decimals for output (distances in m, times in s).
double round_to(double v, double step) {
  return std::round(v / step) * step;
}

nlohmann::json inspect_one(const std::string& file) {
  nlohmann::json out = {
      {"file", file},     {"format", nullptr},       {"compressed", false},
      {"sport", nullptr}, {"start_time", nullptr},   {"samples", 0},
      {"points", 0},      {"has_heart_rate", false}, {"has_altitude", false},
      {"distance_m", 0},  {"elapsed_s", 0},          {"warnings", nlohmann::json::array()},
      {"error", nullptr}};
  try {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) {
      throw UsageError(file +
                       ": is a directory; inspect reads activity files (import reads folders)");
    }
    const Bytes bytes = read_file(file);
    out["compressed"] = is_gzip(bytes);
    const Activity a = parse_activity(bytes);
    const Summary& s = a.summary;
    out["format"] = format_name(a.format);
    out["sport"] = std::string(sport_name(a.sport));
    out["start_time"] = has(a.start_time) ? nlohmann::json(format_iso8601(a.start_time)) : nullptr;
    out["samples"] = s.samples;
    out["points"] = s.points;
    out["has_heart_rate"] = s.has_heart_rate;
    out["has_altitude"] = s.has_altitude;
    out["distance_m"] = round_to(s.distance_m, 0.1);
    out["elapsed_s"] = round_to(s.elapsed_s, 0.001);
    // Beyond §3.3: more of what was found, for people and for dedup debugging.
    out["name"] = a.name;
    out["moving_s"] = round_to(s.moving_s, 0.001);
    out["ascent_m"] = round_to(s.ascent_m, 0.1);
    out["utc_offset_s"] = a.utc_offset_s ? nlohmann::json(*a.utc_offset_s) : nullptr;
    out["indoor"] = (a.flags & kFlagIndoor) != 0;
    out["virtual"] = (a.flags & kFlagVirtual) != 0;
    out["not_activity"] = (a.flags & kFlagNotActivity) != 0;
    out["bbox"] = s.points > 0
                      ? nlohmann::json{number_or_null(s.min_lat), number_or_null(s.min_lon),
                                       number_or_null(s.max_lat), number_or_null(s.max_lon)}
                      : nullptr;
    out["warnings"] = a.warnings;
  } catch (const std::exception& e) {
    out["error"] = e.what();
  }
  return out;
}

void print_text(const nlohmann::json& j) {
  std::printf("%s\n", j["file"].get<std::string>().c_str());
  if (!j["error"].is_null()) {
    std::printf("  error: %s\n", j["error"].get<std::string>().c_str());
    return;
  }
  std::printf("  format      %s%s\n", j["format"].get<std::string>().c_str(),
              j["compressed"].get<bool>() ? " (gzip)" : "");
  std::printf("  sport       %s%s%s\n", j["sport"].get<std::string>().c_str(),
              j["indoor"].get<bool>() ? ", indoor" : "",
              j["virtual"].get<bool>() ? ", virtual" : "");
  if (j["not_activity"].get<bool>())
    std::printf("  note        not an activity (course/settings)\n");
  std::printf("  start       %s\n",
              j["start_time"].is_null() ? "unknown" : j["start_time"].get<std::string>().c_str());
  std::printf("  samples     %d (%d with position)\n", j["samples"].get<int>(),
              j["points"].get<int>());
  std::printf("  distance    %.2f km\n", j["distance_m"].get<double>() / 1000.0);
  const double el = j["elapsed_s"].get<double>(), mv = j["moving_s"].get<double>();
  std::printf("  time        %d:%02d:%02d elapsed, %d:%02d:%02d moving\n",
              static_cast<int>(el) / 3600, static_cast<int>(el) / 60 % 60,
              static_cast<int>(el) % 60, static_cast<int>(mv) / 3600,
              static_cast<int>(mv) / 60 % 60, static_cast<int>(mv) % 60);
  std::printf("  ascent      %.0f m\n", j["ascent_m"].get<double>());
  std::printf("  heart rate  %s, altitude %s\n", j["has_heart_rate"].get<bool>() ? "yes" : "no",
              j["has_altitude"].get<bool>() ? "yes" : "no");
  for (const auto& w : j["warnings"]) std::printf("  warning: %s\n", w.get<std::string>().c_str());
}

}  // namespace

void add_inspect_command(CLI::App& app, CommandSet& commands) {
  auto opts = std::make_shared<InspectOptions>();
  auto* sub = app.add_subcommand(
      "inspect",
      "Parse activity files and print what was found, every file even when one fails; exit "
      "status 1 when any file could not be read");
  sub->add_option("files", opts->files, "FIT, GPX or TCX files, gzip'd or not")->required();
  sub->add_flag("--json", opts->json, "One JSON object per file and line");
  commands.add(sub, [opts] {
    int failed = 0;
    for (const auto& f : opts->files) {
      const nlohmann::json j = inspect_one(f);
      if (!j["error"].is_null()) ++failed;
      if (opts->json) {
        std::printf("%s\n",
                    j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      } else {
        print_text(j);
      }
      std::fflush(stdout);
    }
    return failed > 0 ? 1 : 0;
  });
}

}  // namespace th::cli
