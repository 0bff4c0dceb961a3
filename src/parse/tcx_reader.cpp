#include "parse/tcx_reader.hpp"

#include <string>
#include <string_view>

#include "core/errors.hpp"
#include "core/time_util.hpp"
#include "parse/track_builder.hpp"
#include "parse/xml_input.hpp"

namespace th {
namespace {

using xml::child_named;
using xml::local_name;
using xml::text_of;

constexpr int kMaxExtensionDepth = 6;
// TCX has no title; the writer and some apps put one in <Notes>, which may also hold a long
// free text: only its start is kept as the name.
constexpr std::size_t kMaxNameBytes = 200;

std::string cap_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t n = max_bytes;
  // Back up to a character boundary (never cut a UTF-8 sequence in half).
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return std::string(text.substr(0, n));
}

class TcxReader {
 public:
  explicit TcxReader(Activity& a) : a_(a), track_(a.samples) {}

  void read(pugi::xml_node root) {
    // One cheap pass to size the sample vector (growing it by doubling copies and touches
    // twice the memory on a big file).
    a_.samples.reserve(count_trackpoints(root));
    std::size_t activities = 0;
    for (pugi::xml_node list = root.first_child(); list; list = list.next_sibling()) {
      if (local_name(list) != "Activities") continue;
      for (pugi::xml_node act = list.first_child(); act; act = act.next_sibling()) {
        if (local_name(act) != "Activity") continue;
        if (activities++ == 0) read_activity_header(act);
        for (pugi::xml_node lap = act.first_child(); lap; lap = lap.next_sibling()) {
          if (local_name(lap) == "Lap") read_lap(lap);
        }
      }
    }
    if (activities > 1) {
      a_.warnings.push_back("file holds " + std::to_string(activities) +
                            " activities, read as one");
    }
    if (trackpoints_ == 0) read_courses(root);
    if (!has(a_.start_time)) {
      for (const Sample& s : a_.samples) {
        if (has(s.time)) {
          a_.start_time = s.time;
          break;
        }
      }
    }
    if (trackpoints_ == 0) a_.warnings.emplace_back("no trackpoints");
    track_.add_warnings(a_.warnings, "trackpoint", "kept without a position");
  }

  xml::TrackBuilder& track() { return track_; }

 private:
  static std::size_t count_trackpoints(pugi::xml_node root) {
    std::size_t n = 0;
    for (pugi::xml_node list = root.first_child(); list; list = list.next_sibling()) {
      if (!xml::name_is(xml::local_part(list.name()), "Activities")) continue;
      for (pugi::xml_node act = list.first_child(); act; act = act.next_sibling()) {
        for (pugi::xml_node lap = act.first_child(); lap; lap = lap.next_sibling()) {
          for (pugi::xml_node trk = lap.first_child(); trk; trk = trk.next_sibling()) {
            if (!xml::local_is(trk.name(), "Track")) continue;
            for (pugi::xml_node pt = trk.first_child(); pt; pt = pt.next_sibling()) ++n;
          }
        }
      }
    }
    return n;
  }

  void read_activity_header(pugi::xml_node act) {
    a_.sport_raw = std::string(xml::trim(xml::attribute_named(act, "Sport").value()));
    a_.sport = sport_from_text(a_.sport_raw);
    const std::string_view id = text_of(child_named(act, "Id"));
    if (const auto t = parse_iso8601(id)) {
      a_.start_time = *t;
      a_.utc_offset_s = xml::iso8601_offset(id);
    }
    a_.name = cap_utf8(text_of(child_named(act, "Notes")), kMaxNameBytes);
  }

  void read_lap(pugi::xml_node lap) {
    add_total(text_of(child_named(lap, "TotalTimeSeconds")), a_.totals.elapsed_s);
    add_total(text_of(child_named(lap, "DistanceMeters")), a_.totals.distance_m);
    read_tracks(lap);
  }

  static void add_total(std::string_view text, double& total) {
    const auto v = xml::parse_number(text);
    if (!v || *v < 0) return;
    total = has(total) ? total + *v : *v;
  }

  void read_tracks(pugi::xml_node parent) {
    for (pugi::xml_node trk = parent.first_child(); trk; trk = trk.next_sibling()) {
      if (!xml::local_is(trk.name(), "Track")) continue;
      track_.start_segment();
      for (pugi::xml_node pt = trk.first_child(); pt; pt = pt.next_sibling()) {
        if (xml::local_is(pt.name(), "Trackpoint")) read_trackpoint(pt);
      }
    }
  }

  // Courses (planned routes) are read only when the file has no activity trackpoints.
  void read_courses(pugi::xml_node root) {
    for (pugi::xml_node list = root.first_child(); list; list = list.next_sibling()) {
      if (local_name(list) != "Courses") continue;
      for (pugi::xml_node course = list.first_child(); course; course = course.next_sibling()) {
        if (local_name(course) != "Course") continue;
        a_.flags |= kFlagNotActivity;
        if (a_.name.empty()) {
          a_.name = cap_utf8(text_of(child_named(course, "Name")), kMaxNameBytes);
        }
        for (pugi::xml_node lap = course.first_child(); lap; lap = lap.next_sibling()) {
          if (local_name(lap) != "Lap") continue;
          add_total(text_of(child_named(lap, "TotalTimeSeconds")), a_.totals.elapsed_s);
          add_total(text_of(child_named(lap, "DistanceMeters")), a_.totals.distance_m);
        }
        read_tracks(course);
      }
    }
  }

  // The hot path: runs for every trackpoint. Each child's raw name is dispatched first (TCX
  // elements rarely carry a prefix); only a name that matches nothing is split at its ':'.
  void read_trackpoint(pugi::xml_node pt) {
    ++trackpoints_;
    Sample s;
    for (pugi::xml_node c = pt.first_child(); c; c = c.next_sibling()) {
      const char* n = c.name();
      if (!read_field(n, c, s)) {
        const char* local = xml::local_part(n);
        if (local != n) read_field(local, c, s);
      }
    }
    // A trackpoint with nothing we read (only cadence, say) adds no sample.
    if (has(s.time) || s.has_position() || has(s.altitude) || has(s.distance) ||
        has(s.heart_rate) || has(s.speed)) {
      track_.add(s);
    }
  }

  // Reads one child of a Trackpoint named `n` (a local name); false when it is not one we read.
  bool read_field(const char* n, pugi::xml_node c, Sample& s) {
    xml::DroppedValues& dropped = track_.dropped();
    // Dispatch on the first letter: one full comparison per element instead of a chain.
    switch (n[0]) {
      case 'T':
        if (!xml::name_is(n, "Time")) return false;
        read_time(xml::raw_text(c), s);
        return true;
      case 'P':
        if (!xml::name_is(n, "Position")) return false;
        read_position(c, s);
        return true;
      case 'A':
        if (!xml::name_is(n, "AltitudeMeters")) return false;
        xml::set_checked(xml::raw_text(c), s.altitude, dropped.altitude, xml::valid_altitude);
        return true;
      case 'D':
        if (!xml::name_is(n, "DistanceMeters")) return false;
        xml::set_checked(xml::raw_text(c), s.distance, dropped.distance, xml::valid_distance);
        return true;
      case 'H':
        if (!xml::name_is(n, "HeartRateBpm")) return false;
        for (pugi::xml_node v = c.first_child(); v; v = v.next_sibling()) {
          if (xml::local_is(v.name(), "Value")) {
            xml::set_heart_rate(xml::raw_text(v), s.heart_rate, dropped.heart_rate);
            break;
          }
        }
        return true;
      case 'E':
        if (!xml::name_is(n, "Extensions")) return false;
        read_extensions(c, s, 1);
        return true;
      default: return false;
    }
  }

  void read_time(const char* raw, Sample& s) {
    if (const auto t = parse_iso8601(raw)) {
      s.time = *t;
    } else if (*raw != '\0') {
      ++track_.dropped().time;
    }
  }

  void read_position(pugi::xml_node pos, Sample& s) {
    std::optional<double> lat, lon;
    for (pugi::xml_node c = pos.first_child(); c; c = c.next_sibling()) {
      const char* n = c.name();
      if (xml::local_is(n, "LatitudeDegrees")) {
        lat = xml::parse_number(xml::raw_text(c));
      } else if (xml::local_is(n, "LongitudeDegrees")) {
        lon = xml::parse_number(xml::raw_text(c));
      }
    }
    if (lat && lon && xml::valid_latitude(*lat) && xml::valid_longitude(*lon)) {
      s.lat = *lat;
      s.lon = *lon;
    } else {
      ++track_.dropped().position;
    }
  }

  // Garmin's ActivityExtension: Extensions/TPX/Speed (any prefix).
  void read_extensions(pugi::xml_node ext, Sample& s, int depth) {
    for (pugi::xml_node c = ext.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      if (xml::local_is(c.name(), "Speed")) {
        xml::set_checked(xml::raw_text(c), s.speed, track_.dropped().speed, xml::valid_speed);
      } else if (depth < kMaxExtensionDepth && c.first_child()) {
        read_extensions(c, s, depth + 1);
      }
    }
  }

  Activity& a_;
  xml::TrackBuilder track_;
  std::size_t trackpoints_ = 0;  // <Trackpoint> elements met
};

Activity read_document(const xml::Document& doc) {
  doc.require_root("TrainingCenterDatabase");
  Activity a;
  a.format = FileFormat::Tcx;
  if (!doc.note().empty()) a.warnings.push_back(doc.note());
  TcxReader reader(a);
  reader.read(doc.root());
  if (!reader.track().accept_damage(doc.damage(), a.warnings)) throw ParseError(doc.damage());
  return a;
}

}  // namespace

Activity read_tcx(ByteView bytes) {
  return read_document(xml::Document(bytes, "TCX"));
}

Activity read_tcx(Bytes&& bytes) {
  return read_document(xml::Document(std::move(bytes), "TCX"));
}

}  // namespace th
