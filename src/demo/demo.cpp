#include "demo/demo.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <utility>

#include "core/errors.hpp"
#include "core/time_util.hpp"
#include "demo/demo_random.hpp"
#include "demo/demo_track.hpp"
#include "demo/routes.hpp"
#include "parse/derive.hpp"

namespace th {
namespace {

using demo::Rng;
using demo::Route;
using demo::RouteKind;
using demo::RouteTemplate;

constexpr int kMaxActivities = 1'000'000;
constexpr int kMaxYears = 50;
constexpr double kMinNow = 0;    // keeps dates and ids in range
constexpr double kMaxNow = 4e9;  // 2096
constexpr double kDay = 86400.0;
constexpr double kYear = 365.2425 * kDay;
constexpr double kMinGapS = 1800;  // between the end of one activity and the next

enum class Kind { Run, Ride, Hike, Walk, VirtualRide, Treadmill };

// ---- Munich local time ----------------------------------------------------------------------

long long floor_days(double t) {
  return static_cast<long long>(std::floor(t / kDay));
}

// 0 = Sunday.
int weekday(long long days) {
  const std::chrono::sys_days day{std::chrono::days{days}};
  return static_cast<int>(std::chrono::weekday{day}.c_encoding());
}

int year_of(long long days) {
  return civil_from_days(days).year;
}

long long last_sunday(int year, unsigned month, unsigned last_day) {
  const long long d = days_from_civil(year, month, last_day);
  return d - weekday(d);
}

// CET (UTC+1), or CEST (UTC+2) from the last Sunday of March to the last Sunday of October,
// switching at 01:00 UTC (EU rule since 1996).
int munich_utc_offset_s(double utc) {
  const int y = year_of(floor_days(utc));
  const double summer_from = static_cast<double>(last_sunday(y, 3, 31)) * kDay + 3600;
  const double summer_to = static_cast<double>(last_sunday(y, 10, 31)) * kDay + 3600;
  return utc >= summer_from && utc < summer_to ? 7200 : 3600;
}

// ---- What to do on a day --------------------------------------------------------------------

Kind pick_kind(Rng& rng) {
  const double u = rng.uniform();
  if (u < 0.55) return Kind::Run;
  if (u < 0.80) return Kind::Ride;
  if (u < 0.90) return Kind::Hike;
  if (u < 0.95) return Kind::Walk;
  return rng.chance(0.6) ? Kind::VirtualRide : Kind::Treadmill;
}

// Local seconds after midnight when the athlete usually starts.
double start_of_day_s(Kind kind, bool weekend, Rng& rng) {
  const double h = 3600;
  switch (kind) {
    case Kind::Run:
      if (weekend) return rng.uniform(8.0, 10.5) * h;
      return rng.chance(0.6) ? rng.uniform(6.0, 7.75) * h : rng.uniform(17.5, 19.75) * h;
    case Kind::Ride: return weekend ? rng.uniform(8.5, 10.5) * h : rng.uniform(17.0, 18.5) * h;
    case Kind::Hike: return rng.uniform(7.5, 9.5) * h;
    case Kind::Walk:
      return rng.chance(0.5) ? rng.uniform(12.0, 13.0) * h : rng.uniform(14.0, 19.5) * h;
    case Kind::VirtualRide: return rng.uniform(18.0, 20.0) * h;
    case Kind::Treadmill:
      return rng.chance(0.5) ? rng.uniform(6.0, 7.0) * h : rng.uniform(18.0, 20.0) * h;
  }
  return 12 * h;
}

std::string time_of_day_word(double local_s) {
  const double hour = std::fmod(local_s, kDay) / 3600.0;
  if (hour >= 4 && hour < 11) return "Morning";
  if (hour >= 11 && hour < 14) return "Lunch";
  if (hour >= 14 && hour < 17) return "Afternoon";
  if (hour >= 17 && hour < 21) return "Evening";
  return "Night";
}

// The routes of the catalogue, densified once per run, both ways round.
struct Favourite {
  const RouteTemplate* tmpl;
  Route forward;
  Route backward;
};

struct Catalogue {
  std::vector<RouteTemplate> templates;
  std::vector<Favourite> runs, rides_local, rides_far, hikes;
  Route virtual_course;
  Route treadmill;

  Catalogue(const Catalogue&) = delete;  // the favourites point into `templates`
  Catalogue& operator=(const Catalogue&) = delete;
  Catalogue() : templates(demo::route_catalogue()) {
    for (const RouteTemplate& t : templates) {
      const bool straight = t.kind == RouteKind::Hike;
      Route r = demo::build_route(t.waypoints, !t.out_and_back, straight, t.out_and_back);
      if (t.kind == RouteKind::Virtual) {
        virtual_course = std::move(r);
        continue;
      }
      Favourite f{&t, r, demo::reversed(r)};
      if (t.kind == RouteKind::RunLoop) {
        runs.push_back(std::move(f));
      } else if (t.kind == RouteKind::Hike) {
        hikes.push_back(std::move(f));
      } else if (t.kind == RouteKind::RideLoop) {
        (f.forward.length() < 40'000 ? rides_local : rides_far).push_back(std::move(f));
      }
    }
    // A treadmill belt: level, only its length matters.
    treadmill = demo::build_route({{0.0, 0.0, 0.0}, {0.01, 0.0, 0.0}}, true, true, false);
  }
};

const Favourite& pick(const std::vector<Favourite>& list, Rng& rng) {
  double total = 0;
  for (const Favourite& f : list) total += f.tmpl->weight;
  double u = rng.uniform(0, total);
  for (const Favourite& f : list) {
    if ((u -= f.tmpl->weight) < 0) return f;
  }
  return list.back();
}

// Traffic lights and drinks: `count` stops of a few seconds to a minute along `length`.
std::vector<demo::Stop> some_stops(Rng& rng, int count, double length, double min_s, double max_s) {
  std::vector<demo::Stop> stops;
  for (int i = 0; i < count; ++i)
    stops.push_back({rng.uniform(0.05, 0.95) * length, rng.uniform(min_s, max_s)});
  std::sort(stops.begin(), stops.end(),
            [](const demo::Stop& a, const demo::Stop& b) { return a.at_m < b.at_m; });
  return stops;
}

// The device that recorded it decides the file format and the sensors: a watch writes FIT
// (barometric altitude), a phone app GPX (GPS altitude, more position noise), an older watch
// TCX. The mix is that of a real Strava export.
void pick_device(Kind kind, Rng& rng, FileFormat& format, demo::TrackPlan& plan) {
  const double u = rng.uniform();
  if (kind == Kind::VirtualRide || kind == Kind::Treadmill) {
    format = u < 0.75 ? FileFormat::Fit : FileFormat::Tcx;  // GPX needs positions
  } else {
    format = u < 0.60 ? FileFormat::Fit : (u < 0.85 ? FileFormat::Gpx : FileFormat::Tcx);
  }
  plan.barometer = format == FileFormat::Fit || (format == FileFormat::Tcx && rng.chance(0.5)) ||
                   kind == Kind::VirtualRide;  // the game's elevation is clean
  plan.gps_sd_m = format == FileFormat::Gpx ? 3.5 : (format == FileFormat::Tcx ? 3.0 : 2.5);
}

struct Outing {
  demo::TrackPlan plan;
  Route own_route;         // for one-off routes and varied favourites
  std::string route_name;  // empty for one-offs
  std::string sport_word;  // "Run", "Ride", …
};

// Chooses where and how: route, laps, speed, effort, stops.
void plan_outing(Kind kind, bool weekend, const Catalogue& cat, Rng& rng, Outing& o) {
  demo::TrackPlan& p = o.plan;
  auto use_favourite = [&](const Favourite& f, double vary_chance, double vary_m) {
    o.route_name = f.tmpl->name;
    const bool backwards = rng.chance(0.3);
    if (rng.chance(vary_chance)) {
      o.own_route =
          demo::build_route(demo::vary(f.tmpl->waypoints, rng, vary_m), true, false, false);
      if (backwards) o.own_route = demo::reversed(o.own_route);
      p.route = &o.own_route;
    } else {
      p.route = backwards ? &f.backward : &f.forward;
    }
  };
  auto use_one_off = [&](double length_m, const demo::StreetGrid& grid) {
    // Already a closed path (it ends at home): drawn with straight legs, corners and all.
    o.own_route = demo::build_route(demo::street_loop(rng, grid, length_m), false, true, false);
    p.route = &o.own_route;
  };

  switch (kind) {
    case Kind::Run: {
      p.sport = Sport::Run;
      o.sport_word = "Run";
      const bool tempo = rng.chance(0.15);
      p.flat_speed = 3.0 * rng.uniform(0.9, 1.1) * (tempo ? 1.12 : 1.0);
      p.effort = tempo ? rng.uniform(0.80, 0.86) : rng.uniform(0.68, 0.76);
      if (rng.chance(0.65)) {
        use_favourite(pick(cat.runs, rng), 0.25, 80.0);
        if (p.route->length() < 4000) {
          p.laps = 2 + static_cast<int>(rng.below(2));  // a short park loop: two or three laps
        } else if (p.route->length() < 6000 && rng.chance(0.3)) {
          p.laps = 2;
        }
        p.stops = some_stops(rng, static_cast<int>(rng.below(2)), p.route->length(), 15, 60);
      } else {
        use_one_off(rng.uniform(4000, 12000), demo::kTownStreets);
        p.stops = some_stops(rng, static_cast<int>(rng.below(4)), p.route->length(), 10, 45);
      }
      break;
    }
    case Kind::Ride: {
      p.sport = Sport::Ride;
      o.sport_word = "Ride";
      p.flat_speed = rng.uniform(6.5, 8.3);
      p.effort = rng.uniform(0.55, 0.68);
      const double u = rng.uniform();
      if (weekend ? u < 0.5 : u < 0.05) {
        use_favourite(pick(cat.rides_far, rng), 0.2, 300.0);
      } else if (u < (weekend ? 0.8 : 0.6)) {
        use_favourite(pick(cat.rides_local, rng), 0.2, 150.0);
      } else {
        use_one_off(rng.uniform(20000, 40000), demo::kCountryRoads);
      }
      p.stops = some_stops(rng, 2 + static_cast<int>(rng.below(5)), p.route->length(), 15, 60);
      break;
    }
    case Kind::Hike: {
      p.sport = Sport::Hike;
      o.sport_word = "Hike";
      const Favourite& f = pick(cat.hikes, rng);
      o.route_name = f.tmpl->name;
      p.route = f.tmpl->out_and_back || rng.chance(0.6) ? &f.forward : &f.backward;
      p.flat_speed = 1.25 * rng.uniform(0.92, 1.1);  // rough mountain paths
      p.effort = rng.uniform(0.42, 0.5);
      // A rest at the top: the highest point of the route.
      const auto top = std::max_element(
          p.route->points.begin(), p.route->points.end(),
          [](const demo::RoutePoint& a, const demo::RoutePoint& b) { return a.alt < b.alt; });
      p.stops = {{top->dist, rng.uniform(240, 600)}};
      break;
    }
    case Kind::Walk: {
      p.sport = Sport::Walk;
      o.sport_word = "Walk";
      p.flat_speed = rng.uniform(1.25, 1.5);
      p.effort = rng.uniform(0.3, 0.36);
      if (rng.chance(0.5)) {
        use_favourite(pick(cat.runs, rng), 0.0, 0.0);
      } else {
        use_one_off(rng.uniform(3000, 6000), demo::kTownStreets);
      }
      p.stops = some_stops(rng, static_cast<int>(rng.below(3)), p.route->length(), 20, 120);
      break;
    }
    case Kind::VirtualRide:
      p.sport = Sport::VirtualRide;
      o.sport_word = "Virtual Ride";
      p.route = &cat.virtual_course;
      p.positions = false;
      p.duration_s = std::round(rng.uniform(45, 90)) * 60;
      p.flat_speed = rng.uniform(8.0, 9.5);
      p.effort = rng.uniform(0.62, 0.7);
      break;
    case Kind::Treadmill:
      p.sport = Sport::Run;
      o.sport_word = "Run";
      o.route_name = "Treadmill Run";
      p.route = &cat.treadmill;
      p.positions = false;
      p.altitude = false;
      p.duration_s = std::round(rng.uniform(30, 60)) * 60;
      p.flat_speed = rng.uniform(2.8, 3.3);
      p.effort = rng.uniform(0.7, 0.78);
      if (rng.chance(0.4)) p.interval_period_s = 240;
      break;
  }
}

std::string activity_name(Kind kind, const Outing& o, double local_start, Rng& rng) {
  if (kind == Kind::Treadmill)
    return rng.chance(0.6) ? o.route_name : time_of_day_word(local_start) + " Run";
  if (!o.route_name.empty()) {
    if (kind == Kind::Hike) return rng.chance(0.5) ? o.route_name : "Hike to " + o.route_name;
    if (rng.chance(0.4)) return o.route_name;
  }
  return time_of_day_word(local_start) + " " + o.sport_word;
}

const char* extension(FileFormat f) {
  switch (f) {
    case FileFormat::Gpx: return ".gpx";
    case FileFormat::Tcx: return ".tcx";
    case FileFormat::Fit:
    case FileFormat::Unknown: break;
  }
  return ".fit";
}

void check_options(const DemoOptions& options) {
  if (options.activities < 0 || options.activities > kMaxActivities) {
    throw UsageError("demo: --activities must be between 0 and " + std::to_string(kMaxActivities) +
                     ", got " + std::to_string(options.activities));
  }
  if (options.years < 1 || options.years > kMaxYears) {
    throw UsageError("demo: --years must be between 1 and " + std::to_string(kMaxYears) + ", got " +
                     std::to_string(options.years));
  }
  if (has(options.now_utc) && !(options.now_utc >= kMinNow && options.now_utc <= kMaxNow)) {
    throw UsageError("demo: the current time must lie between 1970 and 2096");
  }
}

}  // namespace

std::string DemoActivity::filename() const {
  return "activities/" + strava_id + extension(format) + (gzip ? ".gz" : "");
}

void for_each_demo_activity(const DemoOptions& options,
                            const std::function<void(DemoActivity&&)>& sink) {
  check_options(options);
  const double now =
      has(options.now_utc)
          ? options.now_utc
          : std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
                .count();
  const Catalogue catalogue;
  Rng plan_rng(options.seed, 0);

  // Days first, sorted, so activities (and their ids) come in time order. The first and last
  // day and a half are left out so no local start time falls outside [now - years, now].
  const double first = now - options.years * kYear + 1.5 * kDay;
  const double last = now - 1.5 * kDay;
  std::vector<double> days(static_cast<std::size_t>(options.activities));
  for (double& d : days) d = plan_rng.uniform(first, last);
  std::sort(days.begin(), days.end());

  double previous_end = -1e300;
  long long previous_id = 0;
  for (std::size_t i = 0; i < days.size(); ++i) {
    Rng rng(options.seed, i + 1);  // each activity its own stream
    const Kind kind = pick_kind(rng);
    const long long day = floor_days(days[i] + munich_utc_offset_s(days[i]));  // local date
    const int wd = weekday(day);
    const bool weekend = wd == 0 || wd == 6;
    const double local_start = static_cast<double>(day) * kDay + start_of_day_s(kind, weekend, rng);
    double start = std::round(local_start - munich_utc_offset_s(local_start - 3600));
    // Two outings on one day never overlap: the later one waits.
    start = std::max(start, std::round(previous_end + kMinGapS));

    Outing outing;
    plan_outing(kind, weekend, catalogue, rng, outing);
    outing.plan.start_time = start;
    DemoActivity out;
    FileFormat format = FileFormat::Fit;
    pick_device(kind, rng, format, outing.plan);
    out.format = format;
    out.gzip = format != FileFormat::Gpx;

    Activity& a = out.activity;
    demo::synthesize_track(outing.plan, rng, a.samples);
    const int offset = munich_utc_offset_s(start);
    a.format = format;
    a.compressed = out.gzip;
    a.sport = outing.plan.sport;
    a.sport_raw = std::string(sport_name(a.sport));
    a.start_time = start;
    a.utc_offset_s = offset;
    a.name = activity_name(kind, outing, start + offset, rng);
    derive_summary(a);
    previous_end = a.samples.empty() ? start : a.samples.back().time;

    // Strava-like ids: ten digits, growing with time (about 63 per second in 2020-2024),
    // strictly increasing.
    const long long by_time = 2'900'000'000LL + static_cast<long long>((start - 1.578e9) * 63.0) +
                              static_cast<long long>(rng.below(5000));
    const long long id = std::max({by_time, previous_id + 1, 100'000'000LL});
    previous_id = id;
    out.strava_id = std::to_string(id);
    sink(std::move(out));
  }
}

std::vector<DemoActivity> generate_demo(const DemoOptions& options) {
  std::vector<DemoActivity> all;
  if (options.activities > 0 && options.activities <= kMaxActivities) {
    all.reserve(static_cast<std::size_t>(options.activities));
  }
  for_each_demo_activity(options, [&all](DemoActivity&& a) { all.push_back(std::move(a)); });
  return all;
}

}  // namespace th
