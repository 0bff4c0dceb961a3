// GPX 1.1 writer: one <trk>, one <trkseg> per segment, heart rate and speed in Garmin's
// TrackPointExtension v2 (the schema that has both). Samples without a position cannot be
// GPX points (lat and lon are required) and are left out; a segment break on such a sample
// moves to the next written point.

#include <cmath>
#include <string>

#include "demo/writers.hpp"
#include "demo/xml_text.hpp"

namespace th {
namespace {

constexpr std::string_view kHeader =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<gpx version=\"1.1\" creator=\"trackheat\""
    " xmlns=\"http://www.topografix.com/GPX/1/1\""
    " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
    " xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v2\""
    " xsi:schemaLocation=\"http://www.topografix.com/GPX/1/1"
    " http://www.topografix.com/GPX/1/1/gpx.xsd"
    " http://www.garmin.com/xmlschemas/TrackPointExtension/v2"
    " https://www8.garmin.com/xmlschemas/TrackPointExtensionv2.xsd\">\n";

// A typical point line with every field is under 256 bytes.
constexpr std::size_t kBytesPerPoint = 256;

void append_point(std::string& out, const Sample& s) {
  out += "   <trkpt lat=\"";
  xml_text::append_fixed(out, s.lat, 7);  // 1e-7 degree is about 1 cm
  out += "\" lon=\"";
  xml_text::append_fixed(out, s.lon, 7);
  out += "\">";
  if (has(s.altitude)) {
    out += "<ele>";
    xml_text::append_shortest(out, s.altitude);
    out += "</ele>";
  }
  if (has(s.time)) {
    out += "<time>";
    xml_text::append_time(out, s.time);
    out += "</time>";
  }
  // gpxtpx:hr is an unsignedByte: whole beats per minute.
  const bool hr = has(s.heart_rate) && s.heart_rate >= 0.5f && s.heart_rate < 255.5f;
  const bool speed = has(s.speed) && s.speed >= 0;
  if (hr || speed) {
    out += "<extensions><gpxtpx:TrackPointExtension>";
    if (hr) {
      out += "<gpxtpx:hr>";
      out += std::to_string(std::lround(s.heart_rate));
      out += "</gpxtpx:hr>";
    }
    if (speed) {
      out += "<gpxtpx:speed>";
      xml_text::append_shortest(out, s.speed);
      out += "</gpxtpx:speed>";
    }
    out += "</gpxtpx:TrackPointExtension></extensions>";
  }
  out += "</trkpt>\n";
}

}  // namespace

std::string write_gpx(const Activity& activity) {
  std::string out;
  out.reserve(1024 + activity.samples.size() * kBytesPerPoint);
  out += kHeader;
  double start = activity.start_time;
  for (std::size_t i = 0; !has(start) && i < activity.samples.size(); ++i) {
    start = activity.samples[i].time;
  }
  if (has(start)) {
    out += " <metadata><time>";
    xml_text::append_time(out, start);
    out += "</time></metadata>\n";
  }
  out += " <trk>\n";
  if (!activity.name.empty()) {
    out += "  <name>";
    xml_text::append_escaped(out, activity.name);
    out += "</name>\n";
  }
  if (activity.sport != Sport::Unknown) {
    out += "  <type>";
    out += sport_name(activity.sport);
    out += "</type>\n";
  }
  bool open = false;     // a <trkseg> is open
  bool pending = false;  // a segment break waits for the next written point
  for (const Sample& s : activity.samples) {
    if (s.segment_start) pending = true;
    if (!s.has_position()) continue;
    if (open && pending) {
      out += "  </trkseg>\n";
      open = false;
    }
    pending = false;
    if (!open) {
      out += "  <trkseg>\n";
      open = true;
    }
    append_point(out, s);
  }
  if (open) out += "  </trkseg>\n";
  out += " </trk>\n</gpx>\n";
  return out;
}

}  // namespace th
