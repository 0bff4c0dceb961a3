#pragma once
// The parts of the intervals.icu REST API the sync uses. Shapes verified against the public API
// docs (intervals.icu/api-docs, the forum's "API access" and "Integration Cookbook" threads) and
// client libraries that publish the Activity schema:
//
//   auth     HTTP Basic, user name "API_KEY", password the key; athlete id 0 = the key's owner
//   list     GET /api/v1/athlete/{id}/activities?oldest=YYYY-MM-DD&newest=YYYY-MM-DD&limit=N
//            → JSON array, newest first, no paging cursor. Fields used: id ("i123…", a string),
//            start_date_local ("2024-01-15T08:30:00"), start_date (UTC, "…Z"), timezone, type,
//            name, distance (m), moving_time (s), elapsed_time (s), total_elevation_gain (m),
//            source (GARMIN_CONNECT, UPLOAD, OAUTH_CLIENT, STRAVA, …), strava_id, external_id,
//            file_type. Any of them may be missing or null. Entries with source STRAVA are
//            stubs: the API does not serve their data (the docs: "Strava activities not
//            supported").
//   file     GET /api/v1/activity/{id}/file      the original upload ("gzip compressed")
//   fit      GET /api/v1/activity/{id}/fit-file  a FIT file intervals.icu generates (fallback)

#include <string>
#include <string_view>
#include <vector>

#include "core/activity.hpp"
#include "core/bytes.hpp"
#include "sync/config.hpp"
#include "sync/http_client.hpp"

namespace th {

struct ListedActivity {
  std::string id;
  std::string start_local;  // as listed, e.g. "2024-01-15T08:30:00"
  double start_utc = kNaN;
  std::string timezone, type, name, source, strava_id, external_id, file_type;
  double distance_m = kNaN, moving_s = kNaN, elapsed_s = kNaN, elevation_gain_m = kNaN;

  bool strava_stub() const { return source == "STRAVA"; }
  // Hash of the fields that say the recording changed (start, times, distance, climbing,
  // source, external id, file type); name and type edits do not change it and do not cost a
  // download (they are metadata, updated from every listing).
  std::string listing_hash() const;
};

struct Listing {
  std::vector<ListedActivity> activities;
  std::vector<std::string> errors;  // entries that could not be read, one line each
};

// Parses one listing response. Throws ParseError ("<what>: malformed JSON …") when the body is
// not a JSON array; an entry without a usable id is skipped with an error line.
Listing parse_listing(std::string_view json_text, const std::string& what);

class IntervalsApi {
 public:
  IntervalsApi(const SyncCredentials& credentials, HttpOptions http);

  Listing list(const std::string& oldest_date, const std::string& newest_date, int limit);
  Bytes original_file(const std::string& activity_id);
  Bytes generated_fit_file(const std::string& activity_id);

 private:
  Bytes get(const std::string& path);

  std::string api_root_;  // <base>/api/v1
  std::string athlete_;
  HttpClient http_;
};

}  // namespace th
