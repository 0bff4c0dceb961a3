// Hostile text the sync reads: .env files, listing JSON, downloaded activity files.
#include <gtest/gtest.h>

#include <map>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "demo/writers.hpp"
#include "support/testdata.hpp"
#include "sync/activity_file.hpp"
#include "sync/config.hpp"
#include "sync/intervals_api.hpp"

namespace th {
namespace {

std::map<std::string, std::string> as_map(const std::vector<DotEnvEntry>& v) {
  std::map<std::string, std::string> m;
  for (const auto& e : v) m[e.key] = e.value;
  return m;
}

TEST(DotEnv, TheFormsPeopleWrite) {
  std::vector<std::string> warnings;
  const auto m =
      as_map(parse_dotenv("# intervals.icu\n"
                          "INTERVALS_ICU_API_KEY=abc123\r\n"
                          "  export INTERVALS_ICU_ATHLETE_ID = i42   # my id\n"
                          "\n"
                          "QUOTED=\"two words # not a comment\\n\"\n"
                          "SINGLE='$literal \\n'\n"
                          "EMPTY=\n"
                          "HASH=a#b\n"
                          "INTERVALS_ICU_API_KEY=later-wins\n",
                          &warnings));
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(m.at("INTERVALS_ICU_API_KEY"), "later-wins");
  EXPECT_EQ(m.at("INTERVALS_ICU_ATHLETE_ID"), "i42");
  EXPECT_EQ(m.at("QUOTED"), "two words # not a comment\n");
  EXPECT_EQ(m.at("SINGLE"), "$literal \\n");
  EXPECT_EQ(m.at("EMPTY"), "");
  EXPECT_EQ(m.at("HASH"), "a#b");
}

TEST(DotEnv, BadLinesAreSkippedWithoutRepeatingThem) {
  std::vector<std::string> warnings;
  const auto m =
      as_map(parse_dotenv("just-a-secret-value\n1BAD=x\nOPEN=\"never closed\nOK=1\n", &warnings));
  EXPECT_EQ(m.size(), 1u);
  EXPECT_EQ(m.at("OK"), "1");
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_EQ(warnings[0], ".env line 1: not a KEY=VALUE line, skipped");
  for (const auto& w : warnings) {
    EXPECT_EQ(w.find("secret"), std::string::npos) << w;
    EXPECT_EQ(w.find("never closed"), std::string::npos) << w;
  }
}

TEST(Credentials, EnvironmentWinsOverDotEnvAndDefaultsApply) {
  test::ScratchDir dir;
  const auto file = dir.path() / ".env";
  write_file_atomic(file, std::string_view("INTERVALS_ICU_API_KEY=from-file\n"
                                           "INTERVALS_ICU_ATHLETE_ID=i7\n"));
  std::map<std::string, std::string> env;
  const EnvLookup lookup = [&](const std::string& k) -> std::optional<std::string> {
    const auto it = env.find(k);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  SyncCredentials c = load_credentials(file, lookup);
  EXPECT_EQ(c.api_key, "from-file");
  EXPECT_EQ(c.athlete_id, "i7");
  EXPECT_EQ(c.base_url, "https://intervals.icu");
  env["INTERVALS_ICU_API_KEY"] = "from-env";
  env["INTERVALS_ICU_BASE_URL"] = "http://127.0.0.1:8123/";
  c = load_credentials(file, lookup);
  EXPECT_EQ(c.api_key, "from-env");
  EXPECT_EQ(c.base_url, "http://127.0.0.1:8123");
  env["INTERVALS_ICU_API_KEY"] = "";  // empty counts as unset
  EXPECT_EQ(load_credentials(file, lookup).api_key, "from-file");

  EXPECT_FALSE(load_credentials(dir.path() / "absent.env", [](const std::string&) {
                 return std::optional<std::string>();
               }).configured());
  env["INTERVALS_ICU_ATHLETE_ID"] = "i7/../../x";
  EXPECT_THROW(load_credentials(file, lookup), UsageError);
  env["INTERVALS_ICU_ATHLETE_ID"] = "0";
  env["INTERVALS_ICU_BASE_URL"] = "ftp://example";
  EXPECT_THROW(load_credentials(file, lookup), UsageError);
}

TEST(SyncListing, ABadEntryIsReportedAndTheOthersAreKept) {
  const Listing l = parse_listing(
      R"([{"id":"i1","start_date_local":"2025-01-01T08:00:00","distance":1000.5},
          {"id":"i2","distance":"far"},
          {"name":"no id"},
          {"id":"i3","type":"Ride","distance":null,"strava_id":12345}])",
      "test listing");
  ASSERT_EQ(l.activities.size(), 2u);
  EXPECT_EQ(l.activities[0].id, "i1");
  EXPECT_DOUBLE_EQ(l.activities[0].distance_m, 1000.5);
  EXPECT_EQ(l.activities[1].id, "i3");
  EXPECT_TRUE(std::isnan(l.activities[1].distance_m));
  EXPECT_EQ(l.activities[1].strava_id, "12345");
  ASSERT_EQ(l.errors.size(), 2u);
  EXPECT_NE(l.errors[0].find("'distance' is not a number"), std::string::npos) << l.errors[0];
  EXPECT_THROW(parse_listing("{\"id\": 1}", "test"), ParseError);
  EXPECT_THROW(parse_listing("[{\"id\": ", "test"), ParseError);
}

TEST(ActivityFile, ForeignBytesAreRefusedAndFilesThatEndEarlyAreKeptWithAWarning) {
  test::ScratchDir dir;
  Activity a;
  for (int i = 0; i < 50; ++i) {
    Sample s;
    s.time = 1.7e9 + i;
    s.lat = 48 + i * 1e-5;
    s.lon = 11;
    a.samples.push_back(s);
  }
  const Bytes fit = write_fit(a);
  EXPECT_EQ(prepare_activity_file(fit, dir.path()).extension, ".fit");
  EXPECT_EQ(prepare_activity_file(fit, dir.path()).warning, "");
  EXPECT_EQ(prepare_activity_file(gzip_bytes(fit), dir.path()).extension, ".fit.gz");
  EXPECT_EQ(prepare_activity_file(gzip_bytes(fit), dir.path()).warning, "");
  // A file that ends early is what its source holds (the transfer was checked before): kept,
  // the bytes unchanged, with a warning saying what is missing.
  auto kept = [&](Bytes b, const std::string& extension) -> std::string {
    const Bytes copy = b;
    CacheableFile f = prepare_activity_file(std::move(b), dir.path());
    EXPECT_EQ(f.extension, extension);
    EXPECT_EQ(f.bytes, copy);
    return f.warning;
  };
  EXPECT_EQ(kept(Bytes(fit.begin(), fit.begin() + 40), ".fit"),
            "FIT file shorter than its header says: 40 of " + std::to_string(fit.size()) +
                " bytes; kept, the import reads what it holds");
  const Bytes gz = gzip_bytes(fit);
  EXPECT_EQ(kept(Bytes(gz.begin(), gz.begin() + gz.size() / 2), ".fit.gz"),
            "gzip stream ends early; kept, the import reads what it holds");
  const std::string gpx = write_gpx(a);
  EXPECT_EQ(kept(Bytes(gpx.begin(), gpx.begin() + gpx.size() - 10), ".gpx"),
            "GPX file ends early (no closing </gpx>); kept, the import reads what it holds");
  auto reason = [&](Bytes b) -> std::string {
    try {
      prepare_activity_file(std::move(b), dir.path());
      return "accepted";
    } catch (const ParseError& e) {
      return e.what();
    }
  };
  EXPECT_EQ(reason(Bytes{'P', 'K', 3, 4, 0, 0}).substr(0, 11), "corrupt zip");
  EXPECT_EQ(reason(Bytes(1000, 0x41)), "not a FIT, GPX or TCX file");
  EXPECT_EQ(reason(Bytes()), "not a FIT, GPX or TCX file");
  // Nothing is left behind in the scratch folder.
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace th
