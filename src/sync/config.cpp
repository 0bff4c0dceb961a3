#include "sync/config.hpp"

#include <cctype>
#include <cstdlib>
#include <map>
#include <system_error>

#include "core/bytes.hpp"
#include "core/errors.hpp"

namespace th {

namespace {

bool valid_athlete_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

SyncCredentials load_credentials(const std::filesystem::path& dotenv_file, const EnvLookup& env,
                                 std::vector<std::string>* warnings) {
  const std::vector<DotEnvEntry> file_entries = read_dotenv(dotenv_file, warnings);
  auto lookup = [&](const std::string& name) {
    return setting(name, file_entries, env).value_or(std::string());
  };
  SyncCredentials c;
  c.api_key = lookup("INTERVALS_ICU_API_KEY");
  if (auto id = lookup("INTERVALS_ICU_ATHLETE_ID"); !id.empty()) c.athlete_id = id;
  if (auto url = lookup("INTERVALS_ICU_BASE_URL"); !url.empty()) c.base_url = url;
  if (!valid_athlete_id(c.athlete_id)) {
    throw UsageError(
        "INTERVALS_ICU_ATHLETE_ID must be letters and digits (e.g. i12345, or 0 for "
        "the key's owner)");
  }
  while (!c.base_url.empty() && c.base_url.back() == '/') c.base_url.pop_back();
  if (!c.base_url.starts_with("http://") && !c.base_url.starts_with("https://")) {
    throw UsageError("INTERVALS_ICU_BASE_URL must start with http:// or https://");
  }
  return c;
}

}  // namespace th
