#include "viewer_assets/basemap_keys.hpp"

#include <optional>
#include <string_view>

#include "core/dotenv.hpp"
#include "site/json_text.hpp"

namespace th {

namespace {

struct Provider {
  const char* name;
  const char* variable;
};
constexpr Provider kProviders[] = {
    {"stadia", "TRACKHEAT_STADIA_API_KEY"},
    {"thunderforest", "TRACKHEAT_THUNDERFOREST_API_KEY"},
};

bool valid_key(std::string_view key) {
  if (key.size() < 4 || key.size() > 200) return false;
  for (const char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::map<std::string, std::string> basemap_keys(const std::filesystem::path& dotenv) {
  std::vector<DotEnvEntry> file_entries;
  try {
    file_entries = read_dotenv(dotenv);
  } catch (const std::exception&) {
    // An unreadable or oversized .env configures no key.
  }
  std::map<std::string, std::string> keys;
  for (const Provider& p : kProviders) {
    const std::optional<std::string> key = setting(p.variable, file_entries);
    if (key && valid_key(*key)) keys.emplace(p.name, *key);
  }
  return keys;
}

std::string basemaps_js(const std::map<std::string, std::string>& keys) {
  std::string out = "window.TRACKHEAT_BASEMAP_KEYS = {";
  bool first = true;
  for (const auto& [name, key] : keys) {
    if (!first) out += ',';
    first = false;
    json_text::append_string(out, name);
    out += ':';
    json_text::append_string(out, key);
  }
  out += "};\n";
  return out;
}

}  // namespace th
