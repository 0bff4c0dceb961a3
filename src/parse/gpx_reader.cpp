#include "parse/gpx_reader.hpp"

#include <string>
#include <string_view>

#include "core/errors.hpp"
#include "core/time_util.hpp"
#include "parse/track_builder.hpp"
#include "parse/xml_input.hpp"

namespace th {
namespace {

using xml::local_name;
using xml::text_of;

// Extensions nest a few levels (extensions/TrackPointExtension/hr); a deeper tree is not one a
// device wrote, and the cap keeps the walk bounded on hostile input.
constexpr int kMaxExtensionDepth = 6;

// ASCII case-insensitive name_is; `lower` is a lower-case literal. Stops at the first
// difference, like name_is.
template <std::size_t N>
bool name_is_ignore_case(const char* name, const char (&lower)[N]) {
  for (std::size_t i = 0; i < N; ++i) {
    char c = name[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

bool is_heart_rate_name(const char* n) {
  return name_is_ignore_case(n, "hr") || name_is_ignore_case(n, "heartrate") ||
         name_is_ignore_case(n, "heart_rate");
}

// Strava's GPX export writes its own numeric activity type codes in <type>.
std::string_view strava_type_name(std::string_view code) {
  if (code == "1") return "Ride";
  if (code == "9") return "Run";
  return {};
}

class GpxReader {
 public:
  explicit GpxReader(Activity& a) : a_(a), track_(a.samples) {}

  void read(pugi::xml_node gpx) {
    // One cheap pass to size the sample vector: growing it by doubling would copy and touch
    // twice the memory on a big file.
    a_.samples.reserve(count_track_points(gpx));
    for (pugi::xml_node n = gpx.first_child(); n; n = n.next_sibling()) {
      if (local_name(n) == "trk") read_track(n);
    }
    if (point_elements_ == 0) {
      for (pugi::xml_node n = gpx.first_child(); n; n = n.next_sibling()) {
        if (local_name(n) == "rte") read_route(n);
      }
      // A planned route, like a TCX Course or a FIT course file: shown by inspect, never drawn
      // on the map nor counted as an activity.
      if (point_elements_ > 0) a_.flags |= kFlagNotActivity;
    }
    read_metadata(gpx);
    if (point_elements_ == 0) a_.warnings.emplace_back("no track or route points");
    track_.add_warnings(a_.warnings, "point", "skipped");
  }

  xml::TrackBuilder& track() { return track_; }

 private:
  static std::size_t count_track_points(pugi::xml_node gpx) {
    std::size_t n = 0;
    for (pugi::xml_node trk = gpx.first_child(); trk; trk = trk.next_sibling()) {
      if (!xml::local_is(trk.name(), "trk")) continue;
      for (pugi::xml_node seg = trk.first_child(); seg; seg = seg.next_sibling()) {
        if (!xml::local_is(seg.name(), "trkseg")) continue;
        for (pugi::xml_node pt = seg.first_child(); pt; pt = pt.next_sibling()) ++n;
      }
    }
    return n;
  }

  void read_track(pugi::xml_node trk) {
    note_name_and_type(trk);
    for (pugi::xml_node seg = trk.first_child(); seg; seg = seg.next_sibling()) {
      if (!xml::local_is(seg.name(), "trkseg")) continue;
      track_.start_segment();
      for (pugi::xml_node pt = seg.first_child(); pt; pt = pt.next_sibling()) {
        if (xml::local_is(pt.name(), "trkpt")) read_point(pt);
      }
    }
  }

  void read_route(pugi::xml_node rte) {
    note_name_and_type(rte);
    track_.start_segment();
    for (pugi::xml_node pt = rte.first_child(); pt; pt = pt.next_sibling()) {
      if (local_name(pt) == "rtept") read_point(pt);
    }
  }

  void note_name_and_type(pugi::xml_node trk) {
    if (a_.name.empty()) a_.name = std::string(text_of(xml::child_named(trk, "name")));
    if (a_.sport_raw.empty()) a_.sport_raw = std::string(text_of(xml::child_named(trk, "type")));
  }

  void read_metadata(pugi::xml_node gpx) {
    if (a_.name.empty()) {
      // GPX 1.1 <metadata><name>, GPX 1.0 <gpx><name>.
      a_.name = std::string(text_of(xml::child_named(xml::child_named(gpx, "metadata"), "name")));
      if (a_.name.empty()) a_.name = std::string(text_of(xml::child_named(gpx, "name")));
    }
    std::string_view sport_text = a_.sport_raw;
    const std::string_view creator = gpx.attribute("creator").value();
    if (creator.substr(0, 9) == "StravaGPX") {
      if (const auto named = strava_type_name(sport_text); !named.empty()) sport_text = named;
    }
    a_.sport = sport_from_text(sport_text);
  }

  // The hot path: runs for every point. Raw names are compared first (the children of a point
  // rarely carry a prefix); a name that matches nothing is split at its ':' and tried again.
  void read_point(pugi::xml_node pt) {
    ++point_elements_;
    Sample s;
    std::optional<double> lat, lon;
    for (pugi::xml_attribute at = pt.first_attribute(); at; at = at.next_attribute()) {
      const char* n = at.name();
      if (xml::local_is(n, "lat")) {
        lat = xml::parse_number(at.value());
      } else if (xml::local_is(n, "lon")) {
        lon = xml::parse_number(at.value());
      }
    }
    if (!lat || !lon || !xml::valid_latitude(*lat) || !xml::valid_longitude(*lon)) {
      ++track_.dropped().position;
      return;
    }
    s.lat = *lat;
    s.lon = *lon;
    for (pugi::xml_node c = pt.first_child(); c; c = c.next_sibling()) {
      const char* n = c.name();
      if (!read_field(n, c, s)) {
        const char* local = xml::local_part(n);
        if (local != n) read_field(local, c, s);
      }
    }
    track_.add(s);
  }

  // Reads one child of a point named `n` (a local name); false when it is not one we read.
  bool read_field(const char* n, pugi::xml_node c, Sample& s) {
    xml::DroppedValues& dropped = track_.dropped();
    if (xml::name_is(n, "ele")) {
      xml::set_checked(xml::raw_text(c), s.altitude, dropped.altitude, xml::valid_altitude);
    } else if (xml::name_is(n, "time")) {
      read_time(xml::raw_text(c), s);
    } else if (xml::name_is(n, "extensions")) {
      read_extensions(c, s, 1);
    } else if (xml::name_is(n, "speed")) {  // GPX 1.0
      xml::set_checked(xml::raw_text(c), s.speed, dropped.speed, xml::valid_speed);
    } else {
      return false;
    }
    return true;
  }

  void read_time(const char* raw, Sample& s) {
    if (*raw == '\0') return;
    const std::string_view text(raw);
    const std::optional<double> t = parse_iso8601(text);
    if (!t) {
      ++track_.dropped().time;
      return;
    }
    s.time = *t;
    if (!has(a_.start_time)) {
      a_.start_time = *t;
      a_.utc_offset_s = xml::iso8601_offset(text);
    }
  }

  // Heart rate and speed may sit anywhere under <extensions>: gpxtpx:TrackPointExtension/hr,
  // ns3:TrackPointExtension/ns3:hr, a bare <heartrate>, OpenTracks' <gpxtpx:speed>…
  void read_extensions(pugi::xml_node ext, Sample& s, int depth) {
    xml::DroppedValues& dropped = track_.dropped();
    for (pugi::xml_node c = ext.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const char* n = xml::local_part(c.name());
      const char first = static_cast<char>(n[0] | 0x20);  // ASCII lower case
      if (first == 'h' && is_heart_rate_name(n)) {
        xml::set_heart_rate(xml::raw_text(c), s.heart_rate, dropped.heart_rate);
      } else if (first == 's' && name_is_ignore_case(n, "speed")) {
        xml::set_checked(xml::raw_text(c), s.speed, dropped.speed, xml::valid_speed);
      } else if (depth < kMaxExtensionDepth && c.first_child()) {
        read_extensions(c, s, depth + 1);
      }
    }
  }

  Activity& a_;
  xml::TrackBuilder track_;
  std::size_t point_elements_ = 0;  // <trkpt>/<rtept> elements met, valid or not
};

Activity read_document(const xml::Document& doc) {
  doc.require_root("gpx");
  Activity a;
  a.format = FileFormat::Gpx;
  if (!doc.note().empty()) a.warnings.push_back(doc.note());
  GpxReader reader(a);
  reader.read(doc.root());
  if (!reader.track().accept_damage(doc.damage(), a.warnings)) throw ParseError(doc.damage());
  return a;
}

}  // namespace

Activity read_gpx(ByteView bytes) {
  return read_document(xml::Document(bytes, "GPX"));
}

Activity read_gpx(Bytes&& bytes) {
  return read_document(xml::Document(std::move(bytes), "GPX"));
}

}  // namespace th
