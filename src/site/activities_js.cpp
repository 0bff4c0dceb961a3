#include "site/activities_js.hpp"

#include <cmath>
#include <functional>
#include <string_view>

#include "site/json_text.hpp"
#include "site/tile_writer.hpp"

namespace th {

namespace {

using json_text::append_fixed;
using json_text::append_int;
using json_text::append_string;

constexpr std::uint32_t kOutIndoor = 1, kOutVirtual = 2, kOutSummaryOnly = 4;

double round_down(double x) {
  return std::floor(x);
}
double round_up(double x) {
  return std::ceil(x);
}

// Index of `name` in `names`, appending it on first sight (few distinct values: a linear scan).
std::size_t dictionary_index(std::vector<std::string>& names, std::string_view name) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return i;
  }
  names.emplace_back(name);
  return names.size() - 1;
}

std::string_view capped_name(const std::string& name) {
  if (name.size() <= kMaxActivityNameBytes) return name;
  std::size_t cut = kMaxActivityNameBytes;
  // Back off continuation bytes so the cut never splits a character.
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
  return std::string_view(name).substr(0, cut);
}

void append_bbox(std::string& out, const ActivityBox& b) {
  const double v[4] = {b.min_lon, b.min_lat, b.max_lon, b.max_lat};
  for (const double d : v) {
    if (!std::isfinite(d)) {
      out += "null";
      return;
    }
  }
  out += '[';
  for (int i = 0; i < 4; ++i) {
    if (i > 0) out += ',';
    json_text::append_rounded(out, v[i], 5, i < 2 ? round_down : round_up);
  }
  out += ']';
}

}  // namespace

std::string activities_js(const std::vector<StoredActivity>& all, const DrawnBoxes* drawn) {
  std::vector<const StoredActivity*> list;
  list.reserve(all.size());
  for (const StoredActivity& a : all) {
    if ((a.flags & (kFlagNotActivity | kFlagDeleted)) == 0) list.push_back(&a);
  }
  std::vector<std::string> sources, sports;
  std::vector<std::size_t> source_of(list.size()), sport_of(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    source_of[i] = dictionary_index(sources, source_name(list[i]->source));
    sport_of[i] = dictionary_index(sports, sport_name(list[i]->sport));
  }

  std::string out;
  out.reserve(64 + list.size() * 160);
  out += R"(window.TRACKHEAT_ACTIVITIES = {"version":1,"count":)";
  append_int(out, static_cast<std::int64_t>(list.size()));
  out += ",\n\"flag_bits\":{\"indoor\":1,\"virtual\":2,\"summary_only\":4}";
  const auto string_list = [&out](std::string_view key, const std::vector<std::string>& names) {
    out += ",\n\"";
    out += key;
    out += "\":[";
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i > 0) out += ',';
      append_string(out, names[i]);
    }
    out += ']';
  };
  string_list("sources", sources);
  string_list("sports", sports);
  // One line per column: `emit` appends element i.
  const auto column = [&out, &list](std::string_view key,
                                    const std::function<void(std::size_t)>& emit) {
    out += ",\n\"";
    out += key;
    out += "\":[";
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (i > 0) out += ',';
      emit(i);
    }
    out += ']';
  };
  column("id", [&](std::size_t i) { append_int(out, list[i]->id); });
  column("source",
         [&](std::size_t i) { append_int(out, static_cast<std::int64_t>(source_of[i])); });
  column("sport", [&](std::size_t i) { append_int(out, static_cast<std::int64_t>(sport_of[i])); });
  column("name", [&](std::size_t i) { append_string(out, capped_name(list[i]->name)); });
  column("start",
         [&](std::size_t i) { json_text::append_rounded(out, list[i]->start_utc, 0, round_down); });
  column("utc_offset_s", [&](std::size_t i) {
    if (list[i]->utc_offset_s) {
      append_int(out, *list[i]->utc_offset_s);
    } else {
      out += "null";
    }
  });
  column("distance_m", [&](std::size_t i) { append_fixed(out, list[i]->summary.distance_m, 1); });
  column("moving_s", [&](std::size_t i) { append_fixed(out, list[i]->summary.moving_s, 0); });
  column("elapsed_s", [&](std::size_t i) { append_fixed(out, list[i]->summary.elapsed_s, 0); });
  column("ascent_m", [&](std::size_t i) { append_fixed(out, list[i]->summary.ascent_m, 1); });
  column("bbox", [&](std::size_t i) {
    const Summary& s = list[i]->summary;
    if (drawn == nullptr) {
      append_bbox(out, {s.min_lon, s.min_lat, s.max_lon, s.max_lat});
      return;
    }
    const auto it = drawn->find(list[i]->id);
    if (it == drawn->end()) {
      out += "null";
    } else {
      append_bbox(out, it->second);
    }
  });
  column("flags", [&](std::size_t i) {
    const std::uint32_t f = list[i]->flags;
    const std::uint32_t bits = ((f & kFlagIndoor) ? kOutIndoor : 0) |
                               ((f & kFlagVirtual) ? kOutVirtual : 0) |
                               ((f & kFlagSummaryOnly) ? kOutSummaryOnly : 0);
    append_int(out, bits);
  });
  out += "};\n";
  return out;
}

void write_activities_js(TileWriter& writer, const std::vector<StoredActivity>& activities,
                         const DrawnBoxes* drawn) {
  writer.put_file("data/activities.js", activities_js(activities, drawn));
}

}  // namespace th
