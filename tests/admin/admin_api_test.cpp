// The admin API without a socket: the token guards every route, user text comes back intact as
// JSON (never as markup), filters, pairs ambiguous-first with tracks for the small map, the
// actions and undo, and the background rebuild with its status.
#include <gtest/gtest.h>

#include <future>
#include <set>
#include <thread>

#include "admin/admin_api.hpp"
#include "core/errors.hpp"
#include "core/geo.hpp"
#include "core/time_util.hpp"
#include "dedup/dedup_test_util.hpp"
#include "demo/demo.hpp"
#include "demo/writers.hpp"
#include "ingest/importer.hpp"
#include "pipeline/build.hpp"
#include "support/strava_export_edit.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

using nlohmann::json;

constexpr const char* kToken = "0123456789abcdef0123456789abcdef";

struct Fixture {
  test::ScratchDir dir;
  std::vector<DemoActivity> demo;
  std::vector<std::size_t> outdoor;
  Fixture() {
    demo = test::demo_activities(10, 21);
    Store store(db());
    for (std::size_t i = 0; i < demo.size(); ++i) {
      test::put_file_activity(store, Source::Strava, demo[i].strava_id,
                              write_fit(demo[i].activity));
      if (demo[i].activity.summary.points > 100) outdoor.push_back(i);
    }
    // intervals.icu copies of two outdoor ones: a clean copy and one with a 5 km GPS jump.
    test::put_file_activity(store, Source::Intervals, "i1",
                            test::view(write_gpx(demo[outdoor.at(0)].activity)));
    Activity broken = demo[outdoor.at(1)].activity;
    broken.samples[broken.samples.size() / 2].lat += 0.05;
    test::put_file_activity(store, Source::Intervals, "i2", test::view(write_gpx(broken)));
  }
  std::filesystem::path db() const { return dir.path() / "trackheat.db"; }
  std::int64_t id(Source source, const std::string& source_id) {
    Store store(db());
    return store.find_activity(source, source_id).value().id;
  }
};

AdminRequest get(const std::string& path, std::map<std::string, std::string> query = {}) {
  AdminRequest r;
  r.method = "GET";
  r.path = path;
  r.query = std::move(query);
  r.token = kToken;
  return r;
}

AdminRequest post(const std::string& path, const json& body) {
  AdminRequest r;
  r.method = "POST";
  r.path = path;
  r.body = body.dump();
  r.token = kToken;
  return r;
}

json ok(AdminApi& api, const AdminRequest& r, int status = 200) {
  const AdminResponse resp = api.handle(r);
  EXPECT_EQ(resp.status, status) << r.path << ": " << resp.body;
  EXPECT_EQ(resp.content_type, "application/json; charset=utf-8");
  return json::parse(resp.body);
}

AdminOptions options(const Fixture& f) {
  AdminOptions o;
  o.db_file = f.db();
  o.token = kToken;
  return o;
}

TEST(AdminApi, EveryRouteNeedsTheToken) {
  Fixture f;
  AdminApi api(options(f));
  for (AdminRequest r : {get("/api/pairs"), get("/api/activities"), get("/api/rebuild"),
                         post("/api/decide", {{"action", "exclude"}, {"id", 1}}),
                         post("/api/undo", json::object()), post("/api/rebuild", json::object())}) {
    r.token.reset();
    EXPECT_EQ(api.handle(r).status, 403) << r.path;
    r.token = std::string(kToken).substr(0, 31) + "0";  // one digit off
    EXPECT_EQ(api.handle(r).status, 403) << r.path;
    r.token = "";
    EXPECT_EQ(api.handle(r).status, 403) << r.path;
  }
  // Nothing was decided by the refused requests.
  EXPECT_TRUE(ok(api, get("/api/decisions"))["decisions"].empty());

  // A server without a token refuses everything, even the right-looking one.
  AdminOptions none = options(f);
  none.token.clear();
  AdminApi closed(none);
  AdminRequest r = get("/api/pairs");
  r.token = "";
  EXPECT_EQ(closed.handle(r).status, 403);

  EXPECT_TRUE(tokens_equal("abc", "abc"));
  EXPECT_FALSE(tokens_equal("abd", "abc"));
  EXPECT_FALSE(tokens_equal("ab", "abc"));
  EXPECT_EQ(make_token().size(), 32u);
  EXPECT_NE(make_token(), make_token());
  EXPECT_EQ(admin_page_with_token("<meta content=\"__TRACKHEAT_TOKEN__\">", "ab12"),
            "<meta content=\"ab12\">");
}

TEST(AdminApi, NamesComeBackAsTextNeverMarkup) {
  Fixture f;
  {
    Store store(f.db());
    auto a = store.find_activity(Source::Strava, f.demo[0].strava_id).value();
    a.name = "<img src=x onerror=alert(1)> \"Run\" & </script>\xff";
    store.upsert_activity(a);
  }
  AdminApi api(options(f));
  const AdminResponse resp = api.handle(get("/api/activities", {{"q", "onerror"}}));
  ASSERT_EQ(resp.status, 200);
  const json j = json::parse(resp.body);
  ASSERT_EQ(j["total"], 1);
  // The exact text, with the invalid byte replaced by U+FFFD: the page shows it with
  // textContent, so it stays text.
  EXPECT_EQ(j["activities"][0]["name"],
            "<img src=x onerror=alert(1)> \"Run\" & </script>\xef\xbf\xbd");
}

TEST(AdminApi, ActivitiesFilterBySourceSportDateAndExclusion) {
  Fixture f;
  AdminApi api(options(f));
  EXPECT_EQ(ok(api, get("/api/activities"))["total"], 12);
  EXPECT_EQ(ok(api, get("/api/activities", {{"source", "intervals"}}))["total"], 2);
  // The clean copy lost to Strava's record (equal richness, lower id).
  const json ex = ok(api, get("/api/activities", {{"excluded", "1"}}));
  // Both intervals.icu copies lost: the clean one to Strava's equally rich record (lower id),
  // the broken one to Strava's whole track. Newest first.
  ASSERT_EQ(ex["total"], 2);
  const bool i2_first =
      f.demo[f.outdoor[1]].activity.start_time > f.demo[f.outdoor[0]].activity.start_time;
  const json& clean = ex["activities"][i2_first ? 1 : 0];
  EXPECT_EQ(clean["source_id"], "i1");
  EXPECT_EQ(clean["excluded_reason"], "duplicate of strava " + f.demo[f.outdoor[0]].strava_id);
  EXPECT_EQ(ex["activities"][i2_first ? 0 : 1]["excluded_reason"],
            "duplicate of strava " + f.demo[f.outdoor[1]].strava_id);
  EXPECT_EQ(ok(api, get("/api/activities", {{"excluded", "0"}}))["total"], 10);

  const DemoActivity& d = f.demo[f.outdoor[0]];
  const std::string day = format_iso8601(d.activity.start_time).substr(0, 10);
  const json on_day = ok(api, get("/api/activities", {{"after", day}, {"before", day}}));
  EXPECT_GE(on_day["total"].get<int>(), 2);  // the Strava record and its copy
  for (const auto& a : on_day["activities"])
    EXPECT_EQ(a["start"].get<std::string>().substr(0, 10), day);

  const std::string sport(sport_name(d.activity.sport));
  int expected = 2;  // both intervals.icu copies are outdoor demo activities ...
  for (const auto& x : f.demo) expected += sport_name(x.activity.sport) == sport;
  expected -=
      sport_name(f.demo[f.outdoor[1]].activity.sport) != sport;  // ... maybe of another sport
  EXPECT_EQ(ok(api, get("/api/activities", {{"sport", sport}}))["total"], expected);
  const json of_sport = ok(api, get("/api/activities", {{"sport", sport}}));
  for (const auto& a : of_sport["activities"]) {
    EXPECT_EQ(a["sport"], sport);
  }

  const json page = ok(api, get("/api/activities", {{"offset", "10"}, {"limit", "5"}}));
  EXPECT_EQ(page["total"], 12);
  EXPECT_EQ(page["activities"].size(), 2u);

  EXPECT_EQ(api.handle(get("/api/activities", {{"after", "yesterday"}})).status, 400);
  EXPECT_EQ(api.handle(get("/api/activities", {{"excluded", "maybe"}})).status, 400);
  EXPECT_EQ(api.handle(get("/api/activities", {{"limit", "-3"}})).status, 400);
}

// An activity a newer Strava export no longer lists is listed as left out, saying why; the
// user can include it, and the next import shows it again.
TEST(AdminApi, ActivitiesGoneFromTheStravaExportAreListedWithTheirState) {
  test::ScratchDir dir;
  const auto ex = dir.path() / "ex";
  const std::string gone = test::write_small_export(ex, 3, 9).at(1);
  ImportOptions io;
  io.strava = ex;
  io.jobs = 2;
  io.quiet = true;
  Store store(dir.path() / "trackheat.db");
  run_import(store, io);
  ASSERT_TRUE(test::remove_strava_row(ex, gone));
  ASSERT_EQ(run_import(store, io).gone_from_export, 1);

  AdminOptions o;
  o.db_file = dir.path() / "trackheat.db";
  o.token = kToken;
  AdminApi api(o);
  const json out = ok(api, get("/api/activities", {{"excluded", "1"}}));
  ASSERT_EQ(out["total"], 1);
  const json& a = out["activities"][0];
  EXPECT_EQ(a["source_id"], gone);
  EXPECT_EQ(a["excluded"], true);
  EXPECT_EQ(a["state"], "gone_from_strava_export");
  EXPECT_EQ(a["excluded_reason"], "no longer in the Strava export");
  const json on = ok(api, get("/api/activities", {{"excluded", "0"}}));
  EXPECT_EQ(on["total"], 2);
  for (const auto& r : on["activities"]) EXPECT_EQ(r["state"], "drawn") << r.dump();

  ok(api, post("/api/decide", {{"action", "include"}, {"id", a["id"]}}));
  EXPECT_EQ(run_import(store, io).gone_from_export, 0);
  EXPECT_EQ(ok(api, get("/api/activities", {{"excluded", "1"}}))["total"], 0);
}

TEST(AdminApi, PairTracksAreCutByPrivacyZones) {
  Fixture f;
  // A zone around the middle of the clean copy's track (the probable pair).
  const Activity& a = f.demo[f.outdoor.at(0)].activity;
  const Sample& mid = a.samples[a.samples.size() / 2];
  PrivacySettings privacy;
  privacy.zones.push_back(place_zone(mid.lat, mid.lon, 200, 0.5, 0.5));
  AdminOptions o = options(f);
  o.privacy = [privacy] { return privacy; };
  AdminApi api(o);
  const json j = ok(api, get("/api/pairs", {{"kind", "probable"}}));
  ASSERT_EQ(j["total"], 1);
  const PrivacyZone& z = privacy.zones[0];
  for (const char* side : {"a", "b"}) {
    const auto& track = j["pairs"][0][side]["track"];
    std::size_t breaks = 0, points = 0;
    for (const auto& p : track) {
      if (p.is_null()) {
        ++breaks;
        continue;
      }
      ++points;
      // 5 decimals: up to 0.8 m off.
      EXPECT_GE(haversine_m(p[0], p[1], z.hidden_lat, z.hidden_lon), z.hidden_radius_m() - 1.0);
    }
    EXPECT_GE(breaks, 1u) << side << ": the line must break where it crosses the zone";
    EXPECT_GT(points, 10u);
  }
}

TEST(AdminApi, PairsListAmbiguousFirstWithBothTracks) {
  Fixture f;
  AdminApi api(options(f));
  const json j = ok(api, get("/api/pairs"));
  ASSERT_EQ(j["total"], 2);
  EXPECT_EQ(j["pairs"][0]["kind"], "ambiguous");  // the copy with the 5 km jump
  EXPECT_NE(j["pairs"][0]["reason"].get<std::string>().find("jumps"), std::string::npos);
  EXPECT_EQ(j["pairs"][1]["kind"], "probable");
  for (const auto& p : j["pairs"]) {
    for (const char* side : {"a", "b"}) {
      const auto& track = p[side]["track"];
      EXPECT_GT(track.size(), 10u);
      EXPECT_LE(track.size(), 150u);
      EXPECT_TRUE(p[side].contains("has_heart_rate"));
      EXPECT_TRUE(p[side].contains("points"));
    }
    EXPECT_TRUE(p["merged"]);
    EXPECT_EQ(p["winner_id"], p["a"]["source"] == "strava" ? p["a"]["id"] : p["b"]["id"]);
  }
  EXPECT_EQ(ok(api, get("/api/pairs", {{"kind", "certain"}}))["total"], 0);
  EXPECT_EQ(api.handle(get("/api/pairs", {{"kind", "maybe"}})).status, 400);
}

TEST(AdminApi, ActionsChangeTheOutcomeAndUndoRestoresIt) {
  Fixture f;
  AdminApi api(options(f));
  const auto strava = f.id(Source::Strava, f.demo[f.outdoor[0]].strava_id);
  const auto copy = f.id(Source::Intervals, "i1");
  auto excluded = [&] {
    std::set<std::int64_t> out;
    const json list = ok(api, get("/api/activities", {{"excluded", "1"}}));
    for (const auto& a : list["activities"]) {
      out.insert(a["id"].get<std::int64_t>());
    }
    return out;
  };
  ASSERT_EQ(excluded().count(copy), 1u);

  const json w =
      ok(api, post("/api/decide", {{"action", "winner"}, {"winner", copy}, {"loser", strava}}));
  EXPECT_TRUE(w["decision"].is_number_integer());
  EXPECT_EQ(excluded().count(strava), 1u);
  EXPECT_EQ(excluded().count(copy), 0u);

  ok(api, post("/api/decide", {{"action", "distinct"}, {"a", strava}, {"b", copy}}));
  EXPECT_EQ(excluded().count(strava) + excluded().count(copy), 0u);

  ok(api, post("/api/decide", {{"action", "exclude"}, {"id", copy}}));
  EXPECT_EQ(excluded().count(copy), 1u);

  // Undo, newest first: exclude, distinct, winner → back to the default.
  EXPECT_EQ(ok(api, post("/api/undo", json::object()))["undone"].is_number_integer(), true);
  EXPECT_EQ(excluded().count(copy), 0u);
  ok(api, post("/api/undo", json::object()));
  EXPECT_EQ(excluded().count(strava), 1u);  // the winner choice is in force again
  ok(api, post("/api/undo", {{"decision", w["decision"]}}));
  EXPECT_EQ(excluded().count(copy), 1u);
  EXPECT_TRUE(ok(api, post("/api/undo", json::object()))["undone"].is_null());
  const json log = ok(api, get("/api/decisions"));
  ASSERT_EQ(log["decisions"].size(), 3u);
  for (const auto& d : log["decisions"]) EXPECT_TRUE(d["undone"]);

  // Bad requests change nothing.
  EXPECT_EQ(api.handle(post("/api/decide", {{"action", "winner"}, {"winner", copy}})).status, 400);
  EXPECT_EQ(api.handle(post("/api/decide", {{"action", "exclude"}, {"id", 999999}})).status, 400);
  EXPECT_EQ(api.handle(post("/api/decide", {{"action", "merge"}, {"id", copy}})).status, 400);
  EXPECT_EQ(
      api.handle(post("/api/decide", {{"action", "distinct"}, {"a", copy}, {"b", copy}})).status,
      400);
  AdminRequest garbage = post("/api/decide", json::object());
  garbage.body = "{\"action\": ";
  EXPECT_EQ(api.handle(garbage).status, 400);
  garbage.body = std::string(kMaxBodyBytes + 1, ' ');
  EXPECT_EQ(api.handle(garbage).status, 413);
  EXPECT_EQ(api.handle(get("/api/decide")).status, 405);
  EXPECT_EQ(api.handle(post("/api/pairs", json::object())).status, 405);
  EXPECT_EQ(api.handle(get("/api/nothing")).status, 404);
  EXPECT_EQ(ok(api, get("/api/decisions"))["decisions"].size(), 3u);
}

json wait_for_rebuild(AdminApi& api) {
  json s;
  for (int i = 0; i < 600; ++i) {  // bounded: a minute at most
    s = ok(api, get("/api/rebuild"));
    if (s["state"] != "running") return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "the rebuild did not finish";
  return s;
}

TEST(AdminApi, RebuildRunsInTheBackgroundAndReportsItsResult) {
  Fixture f;
  AdminOptions o = options(f);
  EXPECT_EQ(AdminApi(o).handle(post("/api/rebuild", json::object())).status, 501);

  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  o.rebuild = [released](const std::function<void(std::string)>& phase) {
    phase("waiting");
    released.wait();
    phase("building");
    return std::string("built");
  };
  AdminApi api(o);
  EXPECT_EQ(ok(api, get("/api/rebuild"))["state"], "idle");
  EXPECT_EQ(ok(api, post("/api/rebuild", json::object()), 202)["state"], "running");
  EXPECT_EQ(api.handle(post("/api/rebuild", json::object())).status, 409);
  // The API keeps answering while the build runs.
  EXPECT_EQ(ok(api, get("/api/pairs"))["total"], 2);
  release.set_value();
  const json s = wait_for_rebuild(api);
  EXPECT_EQ(s["state"], "done");
  EXPECT_EQ(s["result"], "built");

  // A failing build says why, and a new one can start.
  AdminOptions failing = options(f);
  failing.rebuild = [](const std::function<void(std::string)>&) -> std::string {
    throw IoError("disk full");
  };
  AdminApi api2(failing);
  ok(api2, post("/api/rebuild", json::object()), 202);
  const json s2 = wait_for_rebuild(api2);
  EXPECT_EQ(s2["state"], "failed");
  EXPECT_EQ(s2["error"], "disk full");
  EXPECT_EQ(api2.handle(post("/api/rebuild", json::object())).status, 202);
  wait_for_rebuild(api2);
}

TEST(AdminApi, ARealRebuildFollowsTheChosenWinner) {
  Fixture f;
  AdminOptions o = options(f);
  BuildOptions build;
  build.cache_dir = f.dir.path();
  build.out_dir = f.dir.path() / "site";
  build.max_zoom = 8;
  build.jobs = 2;
  build.quiet = true;
  build.now_utc = 1790000000;
  o.rebuild = [build](const std::function<void(std::string)>& phase) {
    phase("building");
    const BuildReport r = run_build(build);
    return std::to_string(r.drawn) + " drawn";
  };
  AdminApi api(o);
  const auto strava = f.id(Source::Strava, f.demo[f.outdoor[0]].strava_id);
  const auto copy = f.id(Source::Intervals, "i1");
  auto shown = [&] {
    std::set<std::int64_t> ids;
    const json js = test::read_activities_js(build.out_dir);
    for (const auto& id : js["id"]) ids.insert(id.get<std::int64_t>());
    return ids;
  };
  ok(api, post("/api/rebuild", json::object()), 202);
  ASSERT_EQ(wait_for_rebuild(api)["state"], "done");
  EXPECT_EQ(shown().count(strava), 1u);
  EXPECT_EQ(shown().count(copy), 0u);
  ok(api, post("/api/decide", {{"action", "winner"}, {"winner", copy}, {"loser", strava}}));
  ok(api, post("/api/rebuild", json::object()), 202);
  ASSERT_EQ(wait_for_rebuild(api)["state"], "done");
  EXPECT_EQ(shown().count(strava), 0u);
  EXPECT_EQ(shown().count(copy), 1u);
}

}  // namespace
}  // namespace th
