// manifest.json / data/manifest.js / data/activities.js: JSON round trips through nlohmann::json,
// script-safe strings (hostile activity names), number formatting, and write_manifest keeping the
// build time of a build that changed nothing.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "site/activities_js.hpp"
#include "site/json_text.hpp"
#include "site/manifest.hpp"
#include "site/tile_writer.hpp"
#include "site_test_util.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

// Parses "window.<name> = {...};\n" as JSON, failing the test when the wrapper is wrong.
nlohmann::json parse_script(const std::string& js, const std::string& name) {
  const std::string prefix = "window." + name + " = ";
  EXPECT_TRUE(js.starts_with(prefix)) << js.substr(0, 60);
  EXPECT_TRUE(js.ends_with(";\n"));
  return nlohmann::json::parse(js.substr(prefix.size(), js.size() - prefix.size() - 2));
}

std::string json_string(std::string_view text) {
  std::string out;
  json_text::append_string(out, text);
  return out;
}

std::string number(double v, int significant = 0) {
  std::string out;
  json_text::append_number(out, v, significant);
  return out;
}

std::string fixed(double v, int decimals) {
  std::string out;
  json_text::append_fixed(out, v, decimals);
  return out;
}

TEST(JsonText, StringsAreSafeInsideScriptElements) {
  EXPECT_EQ(json_string("</script><script>alert(1)</script>"),
            R"("\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e")");
  EXPECT_EQ(json_string("a & b <!-- c"), R"("a \u0026 b \u003c!-- c")");
  EXPECT_EQ(json_string("quote \" backslash \\ tab \t nl \n"),
            R"("quote \" backslash \\ tab \t nl \n")");
  EXPECT_EQ(json_string(std::string_view("nul\0bell\x07", 9)), R"("nul\u0000bell\u0007")");
  EXPECT_EQ(json_string("line\xE2\x80\xA8para\xE2\x80\xA9"), R"("line\u2028para\u2029")");
  // Valid UTF-8 is copied: ü, €, 𝄞 (4 bytes).
  EXPECT_EQ(json_string("M\xC3\xBCnchen \xE2\x82\xAC \xF0\x9D\x84\x9E"),
            "\"M\xC3\xBCnchen \xE2\x82\xAC \xF0\x9D\x84\x9E\"");
}

TEST(JsonText, InvalidUtf8BecomesReplacementCharacters) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(json_string("a\xFF"
                        "b"),
            "\"a" + fffd + "b\"");                                           // never valid
  EXPECT_EQ(json_string("\xC0\xAF"), "\"" + fffd + fffd + "\"");             // overlong '/'
  EXPECT_EQ(json_string("\xE0\x80\xAF"), "\"" + fffd + fffd + fffd + "\"");  // overlong
  EXPECT_EQ(json_string("\xED\xA0\x80"), "\"" + fffd + fffd + fffd + "\"");  // surrogate
  EXPECT_EQ(json_string("\xF4\x90\x80\x80"), "\"" + fffd + fffd + fffd + fffd + "\"");  // >10FFFF
  EXPECT_EQ(json_string("\xE2\x82"), "\"" + fffd + "\"");         // truncated at the end
  EXPECT_EQ(json_string("\xE2\x82x"), "\"" + fffd + "x\"");       // truncated, then ASCII
  EXPECT_EQ(json_string("\x80\x80"), "\"" + fffd + fffd + "\"");  // stray continuations
  // Every string of 1..3 arbitrary bytes gives valid JSON whose decoded text is valid UTF-8.
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; b += 7) {
      const char raw[3] = {static_cast<char>(a), static_cast<char>(b), '\xBF'};
      for (std::size_t n = 1; n <= 3; ++n) {
        const std::string s = json_string(std::string_view(raw, n));
        const auto parsed = nlohmann::json::parse(s, nullptr, false);
        ASSERT_TRUE(parsed.is_string()) << a << " " << b << " " << n;
        ASSERT_EQ(s.find('<'), std::string::npos);
      }
    }
  }
}

TEST(JsonText, NumbersCarryNoNeedlessDigits) {
  EXPECT_EQ(number(12.0), "12");
  EXPECT_EQ(number(0.1), "0.1");
  EXPECT_EQ(number(0.1 + 0.2), "0.30000000000000004");  // exact by default
  EXPECT_EQ(number(0.1 + 0.2, 10), "0.3");
  EXPECT_EQ(number(2.0 / 3, 4), "0.6667");
  EXPECT_EQ(number(-0.0), "0");
  EXPECT_EQ(number(1.5e-7), "0.00000015");
  EXPECT_EQ(number(1.5e-8), "1.5e-08");
  EXPECT_EQ(number(1e6), "1000000");
  EXPECT_EQ(number(1e21), "1e+21");
  EXPECT_EQ(number(-2.5e-300), "-2.5e-300");
  EXPECT_EQ(number(123456789012.0), "123456789012");
  EXPECT_EQ(number(1700000000123.0), "1700000000123");
  EXPECT_EQ(number(kNaN), "null");
  EXPECT_EQ(number(INFINITY), "null");
  EXPECT_EQ(fixed(10234.56, 1), "10234.6");
  EXPECT_EQ(fixed(10234.04, 1), "10234");
  EXPECT_EQ(fixed(-0.04, 1), "0");
  EXPECT_EQ(fixed(-0.3, 1), "-0.3");
  EXPECT_EQ(fixed(3599.5, 0), "3600");
  EXPECT_EQ(fixed(0.05, 2), "0.05");
  EXPECT_EQ(fixed(1e300, 1), "1e+300");
  EXPECT_EQ(fixed(2e15, 1), "2000000000000000");  // no overflow, still a number
  EXPECT_EQ(nlohmann::json::parse(fixed(-1e300, 1)).get<double>(), -1e300);
}

Manifest sample_manifest() {
  Manifest m;
  m.generator = "trackheat 0.1.0";
  m.build_time = "2026-11-24T08:00:00Z";
  m.min_zoom = 0;
  m.max_zoom = 17;
  m.bounds[0] = 11.3456789123;
  m.bounds[1] = 48.0123456789;
  m.bounds[2] = 11.7;
  m.bounds[3] = 48.2000000001;
  m.activity_count = 1234;
  LayerManifest f;
  f.id = "frequency-log";
  f.family = "frequency";
  f.label = "Frequency (log)";
  f.units = "s/px";
  f.ramp = "inferno";
  f.scale = "log";
  f.description = "Time spent per pixel <log scale> & more";
  f.legend = {{0, "#000004", 0, "rare"}, {0.5, "#bc3754", 0.85, ""}, {1, "#fcffa4", 1, "often"}};
  f.zooms = {{13, 0.1, 250.5}, {12, 0.2, 1000}, {2, 1, 1e6}};
  LayerManifest r;
  r.id = "recency";
  r.family = "recency";
  r.label = "Last visit";
  r.units = "date";
  r.ramp = "viridis";
  r.scale = "date";
  m.layers = {f, r};
  return m;
}

TEST(Manifest, JsonRoundTripsWithStableKeysAndZoomObjects) {
  const Manifest m = sample_manifest();
  const std::string text = manifest_json(m);
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(text);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"generator", "build_time", "min_zoom", "max_zoom",
                                            "tile_size", "tiles_url", "bounds", "activity_count",
                                            "layers"}));
  EXPECT_EQ(j["generator"], "trackheat 0.1.0");
  EXPECT_EQ(j["build_time"], "2026-11-24T08:00:00Z");
  EXPECT_EQ(j["min_zoom"], 0);
  EXPECT_EQ(j["max_zoom"], 17);
  EXPECT_EQ(j["tile_size"], 256);
  EXPECT_EQ(j["tiles_url"], "tiles/{layer}/{z}/{x}/{y}.png");
  EXPECT_EQ(j["activity_count"], 1234);
  // Bounds rounded outwards to 6 decimals.
  EXPECT_EQ(j["bounds"], nlohmann::ordered_json::parse("[11.345678, 48.012345, 11.7, 48.200001]"));
  EXPECT_NE(text.find("[11.345678,48.012345,11.7,48.200001]"), std::string::npos) << text;
  ASSERT_EQ(j["layers"].size(), 2u);
  const auto& f = j["layers"][0];
  std::vector<std::string> layer_keys;
  for (const auto& [k, v] : f.items()) layer_keys.push_back(k);
  EXPECT_EQ(layer_keys, (std::vector<std::string>{"id", "family", "label", "units", "ramp", "scale",
                                                  "description", "legend", "zooms"}));
  EXPECT_EQ(f["description"], "Time spent per pixel <log scale> & more");
  EXPECT_EQ(text.find("<log"), std::string::npos);  // escaped in the file
  EXPECT_EQ(f["legend"][1]["t"], 0.5);
  EXPECT_EQ(f["legend"][1]["color"], "#bc3754");
  EXPECT_EQ(f["legend"][1]["opacity"], 0.85);
  EXPECT_EQ(f["legend"][2]["label"], "often");
  // Zooms keyed by the zoom number, ascending.
  std::vector<std::string> zoom_keys;
  for (const auto& [k, v] : f["zooms"].items()) zoom_keys.push_back(k);
  EXPECT_EQ(zoom_keys, (std::vector<std::string>{"2", "12", "13"}));
  EXPECT_EQ(f["zooms"]["13"]["lo"], 0.1);
  EXPECT_EQ(f["zooms"]["13"]["hi"], 250.5);
  EXPECT_NE(text.find(R"("12":{"lo":0.2,"hi":1000})"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("2":{"lo":1,"hi":1000000})"), std::string::npos) << text;
  EXPECT_TRUE(j["layers"][1]["zooms"].is_object());
  EXPECT_TRUE(j["layers"][1]["zooms"].empty());
}

TEST(Manifest, ScriptHasTheSameContent) {
  const Manifest m = sample_manifest();
  EXPECT_EQ(parse_script(manifest_js(m), "TRACKHEAT_MANIFEST"),
            nlohmann::json::parse(manifest_json(m)));
}

TEST(Manifest, MissingBoundsAreNullAndBadLayersAreRefused) {
  Manifest m = sample_manifest();
  m.bounds[2] = kNaN;
  EXPECT_TRUE(nlohmann::json::parse(manifest_json(m))["bounds"].is_null());
  m.layers[0].scale = "sqrt";
  EXPECT_THROW(manifest_json(m), std::invalid_argument);
  m = sample_manifest();
  m.layers[0].zooms.push_back({12, 0, 1});
  EXPECT_THROW(manifest_json(m), std::invalid_argument);
}

TEST(Manifest, BuildTimeIsKeptWhenNothingElseChanged) {
  test::ScratchDir dir;
  const auto site = dir.path() / "site";
  TileWriterOptions o;
  o.layers = {"frequency-log", "recency"};
  o.durability = Durability::NoSync;
  const Bytes tile = test::fake_png(1);
  const auto build = [&](Manifest m, const Bytes& png) {
    TileWriter writer(site, o);
    writer.put("frequency-log", 12, 2176, 1420, png);
    writer.put_file("data/activities.js", "window.TRACKHEAT_ACTIVITIES = {};\n");
    write_manifest(writer, std::move(m));
    return writer.commit();
  };
  Manifest m = sample_manifest();
  EXPECT_TRUE(build(m, tile).committed);
  const auto before = test::snapshot(site);

  // Same everything, later build time: nothing is written, the old time stays.
  m.build_time = "2026-11-25T09:00:00Z";
  EXPECT_FALSE(build(m, tile).committed);
  EXPECT_EQ(test::snapshot(site), before);
  EXPECT_EQ(nlohmann::json::parse(read_file(site / "manifest.json"))["build_time"],
            "2026-11-24T08:00:00Z");

  // A changed tile: the new time is published, in both files.
  EXPECT_TRUE(build(m, test::fake_png(2)).committed);
  EXPECT_EQ(nlohmann::json::parse(read_file(site / "manifest.json"))["build_time"],
            "2026-11-25T09:00:00Z");
  const Bytes js = read_file(site / "data/manifest.js");
  EXPECT_EQ(parse_script(std::string(js.begin(), js.end()), "TRACKHEAT_MANIFEST")["build_time"],
            "2026-11-25T09:00:00Z");

  // A changed label alone (same tiles): the manifest changes, with the new time.
  m.build_time = "2026-11-26T10:00:00Z";
  m.layers[0].label = "Frequency";
  EXPECT_TRUE(build(m, test::fake_png(2)).committed);
  const auto j = nlohmann::json::parse(read_file(site / "manifest.json"));
  EXPECT_EQ(j["build_time"], "2026-11-26T10:00:00Z");
  EXPECT_EQ(j["layers"][0]["label"], "Frequency");
}

StoredActivity activity(std::int64_t id, std::string name) {
  StoredActivity a;
  a.id = id;
  a.source = Source::Strava;
  a.source_id = std::to_string(1000 + id);
  a.sport = Sport::Run;
  a.name = std::move(name);
  a.start_utc = 1700000000.75;
  a.utc_offset_s = 3600;
  a.summary.distance_m = 10234.56;
  a.summary.moving_s = 3000.4;
  a.summary.elapsed_s = 3599.5;
  a.summary.ascent_m = 87.25;
  a.summary.min_lon = 11.512344;
  a.summary.min_lat = 48.100001;
  a.summary.max_lon = 11.6000001;
  a.summary.max_lat = 48.15;
  return a;
}

TEST(ActivitiesJs, ColumnsRoundTrip) {
  std::vector<StoredActivity> list;
  list.push_back(activity(1, "Morning Run"));
  StoredActivity ride = activity(2, "Zwift ride");
  ride.source = Source::Intervals;
  ride.sport = Sport::VirtualRide;
  ride.flags = kFlagVirtual | kFlagIndoor;
  ride.summary.min_lon = kNaN;  // no track: no bbox
  ride.utc_offset_s.reset();
  ride.start_utc = kNaN;
  list.push_back(ride);
  StoredActivity manual = activity(3, "Gym");
  manual.sport = Sport::WeightTraining;
  manual.flags = kFlagSummaryOnly;
  list.push_back(manual);
  StoredActivity course = activity(4, "A course file");
  course.flags = kFlagNotActivity;
  list.push_back(course);

  const auto j = parse_script(activities_js(list), "TRACKHEAT_ACTIVITIES");
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["count"], 3);  // the course is not an activity
  EXPECT_EQ(j["flag_bits"], nlohmann::json::parse(R"({"indoor":1,"virtual":2,"summary_only":4})"));
  EXPECT_EQ(j["sources"], nlohmann::json::parse(R"(["strava","intervals"])"));
  EXPECT_EQ(j["sports"], nlohmann::json::parse(R"(["Run","VirtualRide","WeightTraining"])"));
  EXPECT_EQ(j["id"], nlohmann::json::parse("[1,2,3]"));
  EXPECT_EQ(j["source"], nlohmann::json::parse("[0,1,0]"));
  EXPECT_EQ(j["sport"], nlohmann::json::parse("[0,1,2]"));
  EXPECT_EQ(j["name"], nlohmann::json::parse(R"(["Morning Run","Zwift ride","Gym"])"));
  EXPECT_EQ(j["start"], nlohmann::json::parse("[1700000000,null,1700000000]"));
  EXPECT_EQ(j["utc_offset_s"], nlohmann::json::parse("[3600,null,3600]"));
  EXPECT_EQ(j["distance_m"], nlohmann::json::parse("[10234.6,10234.6,10234.6]"));
  EXPECT_EQ(j["moving_s"], nlohmann::json::parse("[3000,3000,3000]"));
  EXPECT_EQ(j["elapsed_s"], nlohmann::json::parse("[3600,3600,3600]"));
  EXPECT_EQ(j["ascent_m"], nlohmann::json::parse("[87.3,87.3,87.3]"));
  // Rounded outwards to 5 decimals.
  EXPECT_EQ(j["bbox"][0], nlohmann::json::parse("[11.51234,48.1,11.60001,48.15]"));
  EXPECT_TRUE(j["bbox"][1].is_null());
  EXPECT_EQ(j["flags"], nlohmann::json::parse("[0,3,4]"));
  for (const char* column : {"id", "source", "sport", "name", "start", "utc_offset_s", "distance_m",
                             "moving_s", "elapsed_s", "ascent_m", "bbox", "flags"}) {
    EXPECT_EQ(j[column].size(), 3u) << column;
  }
}

TEST(ActivitiesJs, HostileNamesCannotBreakOutOfTheScript) {
  const std::vector<std::string> names = {
      "</script><script>alert(1)</script>",
      "<!--",
      "\" + alert(1) + \"",
      "a\\\"b",
      "line\xE2\x80\xA8separator",
      "bad \xFF\xFE utf8 \xC3",
      std::string("nul\0inside", 10),
      "M\xC3\xBCnchen \xF0\x9F\x8F\x83",
  };
  std::vector<StoredActivity> list;
  for (std::size_t i = 0; i < names.size(); ++i) {
    list.push_back(activity(static_cast<std::int64_t>(i + 1), names[i]));
  }
  const std::string js = activities_js(list);
  EXPECT_EQ(js.find("</"), std::string::npos);
  EXPECT_EQ(js.find("<!--"), std::string::npos);
  EXPECT_EQ(js.find('<'), std::string::npos);
  EXPECT_EQ(js.find("\xE2\x80\xA8"), std::string::npos);
  EXPECT_EQ(js.find('\0'), std::string::npos);
  // Exactly one statement: the only ';' outside strings ends the file.
  const auto j = parse_script(js, "TRACKHEAT_ACTIVITIES");
  ASSERT_EQ(j["name"].size(), names.size());
  EXPECT_EQ(j["name"][0], names[0]);
  EXPECT_EQ(j["name"][2], names[2]);
  EXPECT_EQ(j["name"][3], names[3]);
  EXPECT_EQ(j["name"][4], names[4]);
  EXPECT_EQ(j["name"][5], "bad \xEF\xBF\xBD\xEF\xBF\xBD utf8 \xEF\xBF\xBD");
  EXPECT_EQ(j["name"][6], names[6]);
  EXPECT_EQ(j["name"][7], names[7]);
}

TEST(ActivitiesJs, LongNamesAreCutOnACharacterBoundary) {
  std::string name;
  while (name.size() < 2000) name += "\xC3\xBC";  // ü, 2 bytes
  name.insert(0, "x");                            // so the cap falls inside a character
  const auto j = parse_script(activities_js({activity(1, name)}), "TRACKHEAT_ACTIVITIES");
  const std::string got = j["name"][0];
  EXPECT_EQ(got.size(), kMaxActivityNameBytes - 1);
  EXPECT_EQ(got, name.substr(0, kMaxActivityNameBytes - 1));
}

TEST(ActivitiesJs, GarbageNumbersStayValidJson) {
  StoredActivity a = activity(1, "x");
  a.summary.distance_m = 1e300;
  a.summary.moving_s = -INFINITY;
  a.summary.elapsed_s = kNaN;
  a.start_utc = 1e20;
  a.summary.max_lat = INFINITY;
  const auto j = parse_script(activities_js({a}), "TRACKHEAT_ACTIVITIES");
  EXPECT_EQ(j["distance_m"][0].get<double>(), 1e300);
  EXPECT_TRUE(j["moving_s"][0].is_null());
  EXPECT_TRUE(j["elapsed_s"][0].is_null());
  EXPECT_EQ(j["start"][0].get<double>(), 1e20);
  EXPECT_TRUE(j["bbox"][0].is_null());
}

TEST(ActivitiesJs, TwentyThousandActivitiesStaySmall) {
  std::vector<StoredActivity> list;
  for (int i = 0; i < 20000; ++i) {
    StoredActivity a = activity(i + 1, "Lunch Run " + std::to_string(i));
    a.start_utc += i * 86400.0;
    a.summary.distance_m += i;
    list.push_back(std::move(a));
  }
  const std::string js = activities_js(list);
  const auto j = parse_script(js, "TRACKHEAT_ACTIVITIES");
  EXPECT_EQ(j["count"], 20000);
  EXPECT_EQ(j["name"][19999], "Lunch Run 19999");
  // ~105 bytes per activity for this data (the name is 15–19 of them).
  EXPECT_LT(js.size(), 20000u * 120);
}

}  // namespace
}  // namespace th
