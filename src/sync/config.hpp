#pragma once
// intervals.icu settings (DESIGN §3.1): INTERVALS_ICU_API_KEY, INTERVALS_ICU_ATHLETE_ID and
// INTERVALS_ICU_BASE_URL, read from the process environment and from a `.env` file (the real
// environment wins over the file, so a one-off `INTERVALS_ICU_API_KEY=… trackheat sync` works).
//
// The `.env` parser is hand-written: no Debian package parses dotenv files for C++, and the
// subset people write by hand is small (see parse_dotenv).
//
// Secrets: nothing here ever puts a value into a message. Warnings name the line number only.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace th {

struct DotEnvEntry {
  std::string key;
  std::string value;
};

// One `KEY=VALUE` per line. Blank lines and lines starting with `#` are skipped; an `export `
// prefix is allowed; blanks around the key and around `=` are ignored. Values:
//   "double quoted"  with \n, \t, \", \\ escapes (may not span lines)
//   'single quoted'  taken literally
//   unquoted         trimmed; ` #` starts a comment
// A later assignment of the same key wins. A line that is not an assignment, has a key other
// than [A-Za-z_][A-Za-z0-9_]* or an unterminated quote is skipped with a warning
// (".env line 3: …"; the line's text is never repeated: it may hold a key).
std::vector<DotEnvEntry> parse_dotenv(std::string_view text,
                                      std::vector<std::string>* warnings = nullptr);

inline constexpr const char* kDefaultIntervalsBaseUrl = "https://intervals.icu";

struct SyncCredentials {
  std::string api_key;                              // empty: sync not configured
  std::string athlete_id = "0";                     // "0": the athlete the key belongs to
  std::string base_url = kDefaultIntervalsBaseUrl;  // scheme://host[:port], no trailing '/'

  bool configured() const { return !api_key.empty(); }
};

// Looks a variable up; nullopt when unset. The default reads the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
std::optional<std::string> process_env(const std::string& name);

// Environment first, then `dotenv_file` (absent file: fine). An empty value counts as unset.
// Throws UsageError when INTERVALS_ICU_ATHLETE_ID is not [A-Za-z0-9]+ or the base URL is not
// http(s)://…; IoError when the file exists but cannot be read.
SyncCredentials load_credentials(const std::filesystem::path& dotenv_file,
                                 const EnvLookup& env = process_env,
                                 std::vector<std::string>* warnings = nullptr);

}  // namespace th
