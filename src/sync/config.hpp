#pragma once
// intervals.icu settings: INTERVALS_ICU_API_KEY, INTERVALS_ICU_ATHLETE_ID and
// INTERVALS_ICU_BASE_URL, read from the process environment and from a `.env` file
// (core/dotenv.hpp: the real environment wins).
//
// Secrets: nothing here ever puts a value into a message. Warnings name the line number only.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dotenv.hpp"

namespace th {

inline constexpr const char* kDefaultIntervalsBaseUrl = "https://intervals.icu";

struct SyncCredentials {
  std::string api_key;                              // empty: sync not configured
  std::string athlete_id = "0";                     // "0": the athlete the key belongs to
  std::string base_url = kDefaultIntervalsBaseUrl;  // scheme://host[:port], no trailing '/'

  bool configured() const { return !api_key.empty(); }
};

// Environment first, then `dotenv_file` (absent file: fine). An empty value counts as unset.
// Throws UsageError when INTERVALS_ICU_ATHLETE_ID is not [A-Za-z0-9]+ or the base URL is not
// http(s)://…; IoError when the file exists but cannot be read.
SyncCredentials load_credentials(const std::filesystem::path& dotenv_file,
                                 const EnvLookup& env = process_env,
                                 std::vector<std::string>* warnings = nullptr);

}  // namespace th
