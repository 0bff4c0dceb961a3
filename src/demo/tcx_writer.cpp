// TCX writer: one Activity with one Lap, one <Track> per segment, every sample a Trackpoint
// (samples without a position are written without <Position>, as devices do). The name goes
// into the Activity's <Notes>, the only free-text field TCX has; the readers take it back.

#include <cmath>
#include <string>

#include "demo/writers.hpp"
#include "demo/xml_text.hpp"

namespace th {
namespace {

constexpr std::string_view kHeader =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<TrainingCenterDatabase"
    " xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\""
    " xmlns:ns3=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\""
    " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
    " xsi:schemaLocation=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
    " http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd\">\n";

constexpr std::size_t kBytesPerPoint = 420;

// TCX knows three sports.
std::string_view tcx_sport(Sport s) {
  if (is_foot(s)) return "Running";
  if (is_cycling(s)) return "Biking";
  return "Other";
}

void append_element(std::string& out, std::string_view indent, std::string_view name, double value,
                    int decimals) {
  out += indent;
  out += '<';
  out += name;
  out += '>';
  xml_text::append_fixed(out, value, decimals);
  out += "</";
  out += name;
  out += ">\n";
}

void append_trackpoint(std::string& out, const Sample& s) {
  out += "     <Trackpoint>\n";
  if (has(s.time)) {
    out += "      <Time>";
    xml_text::append_time(out, s.time);
    out += "</Time>\n";
  }
  if (s.has_position()) {
    out += "      <Position>\n";
    append_element(out, "       ", "LatitudeDegrees", s.lat, 7);
    append_element(out, "       ", "LongitudeDegrees", s.lon, 7);
    out += "      </Position>\n";
  }
  if (has(s.altitude)) {
    out += "      <AltitudeMeters>";
    xml_text::append_shortest(out, s.altitude);
    out += "</AltitudeMeters>\n";
  }
  if (has(s.distance)) append_element(out, "      ", "DistanceMeters", s.distance, 3);
  if (has(s.heart_rate) && s.heart_rate >= 0.5f && s.heart_rate < 255.5f) {
    out += "      <HeartRateBpm><Value>";
    out += std::to_string(std::lround(s.heart_rate));
    out += "</Value></HeartRateBpm>\n";
  }
  if (has(s.speed) && s.speed >= 0) {
    out += "      <Extensions><ns3:TPX><ns3:Speed>";
    xml_text::append_shortest(out, s.speed);
    out += "</ns3:Speed></ns3:TPX></Extensions>\n";
  }
  out += "     </Trackpoint>\n";
}

double first_time(const Activity& a) {
  if (has(a.start_time)) return a.start_time;
  for (const Sample& s : a.samples) {
    if (has(s.time)) return s.time;
  }
  return 0;  // TCX requires an Id; an untimed activity gets the epoch
}

double lap_seconds(const Activity& a) {
  if (has(a.totals.elapsed_s)) return a.totals.elapsed_s;
  if (a.summary.elapsed_s > 0) return a.summary.elapsed_s;
  double first = kNaN, last = kNaN;
  for (const Sample& s : a.samples) {
    if (!has(s.time)) continue;
    if (!has(first)) first = s.time;
    last = s.time;
  }
  return has(first) ? last - first : 0;
}

double lap_metres(const Activity& a) {
  if (has(a.totals.distance_m)) return a.totals.distance_m;
  double recorded = 0;
  for (const Sample& s : a.samples) {
    if (has(s.distance) && s.distance > recorded) recorded = s.distance;
  }
  return recorded > 0 ? recorded : a.summary.distance_m;
}

}  // namespace

std::string write_tcx(const Activity& activity) {
  std::string out;
  out.reserve(1024 + activity.samples.size() * kBytesPerPoint);
  out += kHeader;
  out += " <Activities>\n  <Activity Sport=\"";
  out += tcx_sport(activity.sport);
  out += "\">\n   <Id>";
  const double start = first_time(activity);
  xml_text::append_time(out, start);
  out += "</Id>\n   <Lap StartTime=\"";
  xml_text::append_time(out, start);
  out += "\">\n";
  append_element(out, "    ", "TotalTimeSeconds", lap_seconds(activity), 3);
  append_element(out, "    ", "DistanceMeters", lap_metres(activity), 3);
  out +=
      "    <Calories>0</Calories>\n"
      "    <Intensity>Active</Intensity>\n"
      "    <TriggerMethod>Manual</TriggerMethod>\n";
  bool open = false;
  for (const Sample& s : activity.samples) {
    if (open && s.segment_start) {
      out += "    </Track>\n";
      open = false;
    }
    if (!open) {
      out += "    <Track>\n";
      open = true;
    }
    append_trackpoint(out, s);
  }
  if (open) out += "    </Track>\n";
  out += "   </Lap>\n";
  if (!activity.name.empty()) {
    out += "   <Notes>";
    xml_text::append_escaped(out, activity.name);
    out += "</Notes>\n";
  }
  out += "  </Activity>\n </Activities>\n</TrainingCenterDatabase>\n";
  return out;
}

}  // namespace th
