#pragma once
// A small demo Strava export to edit, as a user's next export would differ: rows removed from
// activities.csv (the demo writes one line per row).

#include <filesystem>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "demo/demo.hpp"

namespace th::test {

// Writes a demo export of `n` activities to `out`; returns their Strava ids in CSV order.
inline std::vector<std::string> write_small_export(const std::filesystem::path& out, int n,
                                                   std::uint64_t seed) {
  DemoOptions o;
  o.out = out;
  o.activities = n;
  o.seed = seed;
  o.years = 1;
  o.now_utc = 1790000000;  // fixed: reproducible
  write_demo_export(o);
  std::vector<std::string> ids;
  for (const auto& d : generate_demo(o)) ids.push_back(d.strava_id);
  return ids;
}

// Rewrites <export>/activities.csv without the row of activity `id`; false when it has none.
inline bool remove_strava_row(const std::filesystem::path& export_dir, const std::string& id) {
  const auto csv_path = export_dir / "activities.csv";
  const Bytes csv = read_file(csv_path);
  std::string text(csv.begin(), csv.end());
  const std::size_t at = text.find("\n" + id + ",");
  if (at == std::string::npos) return false;
  const std::size_t end = text.find('\n', at + 1);
  text.erase(at + 1, end == std::string::npos ? std::string::npos : end - at);
  write_file_atomic(csv_path, text);
  return true;
}

}  // namespace th::test
