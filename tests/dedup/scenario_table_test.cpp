// Dedup scenarios written as tables (tests/dedup/scenarios/*.table; the format is described at
// the top of each file): per scenario, records as the sources report them, the pairs
// find_pairs must find (exactly those) and what resolve makes of each record (kept, or a
// duplicate of which one).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "core/activity.hpp"
#include "dedup/match.hpp"

namespace th::dedup {
namespace {

namespace fs = std::filesystem;

constexpr double kT0 = 1710027000;              // 2024-03-09T23:30:00Z
constexpr double kLat = 48.137, kLon = 11.575;  // Munich
constexpr double kMetresPerDegreeLat = 111320;

using Row = std::map<std::string, std::string>;  // column → cell (blank cells left out)

struct Scenario {
  std::string title;
  std::vector<Row> activities;
  std::vector<Row> pairs;
  bool no_pairs = false;
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line.substr(1));  // after the first '|'
  std::string cell;
  while (std::getline(in, cell, '|')) out.push_back(trim(cell));
  if (!out.empty() && out.back().empty()) out.pop_back();  // after the last '|'
  return out;
}

std::vector<Scenario> read_scenarios(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::vector<Scenario> out;
  std::vector<Row>* table = nullptr;
  std::vector<std::string> header;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    const std::string where = file.filename().string() + ":" + std::to_string(n) + ": ";
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    if (line.starts_with("Scenario:")) {
      out.push_back({trim(line.substr(9)), {}, {}, false});
      table = nullptr;
    } else if (out.empty()) {
      throw std::runtime_error(where + "expected 'Scenario:' first");
    } else if (line == "activities:" || line == "pairs:") {
      table = line == "activities:" ? &out.back().activities : &out.back().pairs;
      header.clear();
    } else if (line == "pairs: none") {
      out.back().no_pairs = true;
      table = nullptr;
    } else if (line[0] == '|' && table != nullptr) {
      const auto row = cells(line);
      if (header.empty()) {
        header = row;
        continue;
      }
      if (row.size() != header.size()) throw std::runtime_error(where + "wrong number of cells");
      Row r;
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (!row[i].empty()) r[header[i]] = row[i];
      }
      table->push_back(std::move(r));
    } else {
      throw std::runtime_error(where + "unexpected line: " + line);
    }
  }
  return out;
}

std::string cell(const Row& r, const std::string& column, const std::string& fallback) {
  const auto it = r.find(column);
  return it == r.end() ? fallback : it->second;
}

MatchRecord record_of(const Row& r, std::int64_t id) {
  MatchRecord m;
  m.id = id;
  m.source = parse_source(cell(r, "source", ""));
  m.source_id = cell(r, "name", "");
  const std::string start = cell(r, "start", "?");
  m.start_utc = start == "?" ? kNaN : kT0 + 60 * std::stod(start);
  const std::string offset = cell(r, "offset", "-");
  if (offset != "-")
    m.utc_offset_s = static_cast<std::int32_t>(std::lround(std::stod(offset) * 3600));
  const std::string north = cell(r, "north", "0");
  m.start_lat = north == "-" ? kNaN : kLat + std::stod(north) / kMetresPerDegreeLat;
  m.start_lon = north == "-" ? kNaN : kLon;
  m.distance_m = 1000 * std::stod(cell(r, "km", "10"));
  m.points = north == "-" ? 0 : static_cast<std::uint32_t>(std::stoul(cell(r, "points", "3600")));
  m.samples = static_cast<std::uint32_t>(std::stoul(cell(r, "points", "3600")));
  m.has_heart_rate = cell(r, "hr", "yes") == "yes";
  m.has_altitude = true;
  m.max_jump_m = std::stod(cell(r, "jump", "10"));
  const std::string content = cell(r, "content", m.source_id);
  m.content_hash = content == "-" ? std::string() : "hash-" + content;
  m.linked_strava_id = cell(r, "link", "");
  return m;
}

void check_scenario(const Scenario& s) {
  ASSERT_GE(s.activities.size(), 2u) << "a scenario needs records";
  ASSERT_TRUE(s.no_pairs != !s.pairs.empty()) << "list the pairs, or write 'pairs: none'";
  std::vector<MatchRecord> records;
  std::vector<std::string> names;
  for (const Row& r : s.activities) {
    records.push_back(record_of(r, static_cast<std::int64_t>(records.size()) + 1));
    names.push_back(records.back().source_id);
  }
  const std::vector<MatchPair> pairs = find_pairs(records);

  using PairText = std::tuple<std::string, std::string, std::string>;
  std::set<PairText> found, expected;
  for (const MatchPair& p : pairs) {
    found.emplace(names[p.a], names[p.b], pair_kind_name(p.kind));
  }
  for (const Row& r : s.pairs) {
    expected.emplace(cell(r, "a", ""), cell(r, "b", ""), cell(r, "kind", ""));
  }
  for (const auto& [a, b, kind] : expected) {
    EXPECT_TRUE(found.count({a, b, kind}))
        << "pair " << a << " – " << b << " (" << kind << ") not found";
  }
  for (const MatchPair& p : pairs) {
    EXPECT_TRUE(expected.count({names[p.a], names[p.b], pair_kind_name(p.kind)}))
        << "unexpected pair " << names[p.a] << " – " << names[p.b] << " (" << pair_kind_name(p.kind)
        << "): " << p.reason;
  }

  const Resolution res = resolve(records, pairs, {});
  for (std::size_t i = 0; i < records.size(); ++i) {
    const std::size_t w = res.winner_of[i];
    const std::string outcome = w == i ? "kept" : "duplicate of " + names[w];
    EXPECT_EQ(outcome, cell(s.activities[i], "outcome", "")) << names[i];
  }
}

TEST(DedupScenarioTable, EveryScenarioMatchesAndResolvesAsWritten) {
  const fs::path file = fs::path(TRACKHEAT_DEDUP_SCENARIOS) / "matching.table";
  const std::vector<Scenario> scenarios = read_scenarios(file);
  ASSERT_GE(scenarios.size(), 9u) << file;
  for (const Scenario& s : scenarios) {
    SCOPED_TRACE("Scenario: " + s.title);
    check_scenario(s);
  }
}

}  // namespace
}  // namespace th::dedup
