#include "viewer_assets/basemap_keys.hpp"

#include <cstdlib>
#include <optional>
#include <string_view>

#include "core/bytes.hpp"
#include "site/json_text.hpp"

namespace th {

namespace {

constexpr std::size_t kMaxDotenvBytes = 64 << 10;

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

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The value of `name` in .env text: `NAME=value` lines, optional `export `, optional quotes,
// `#` comments. The last assignment wins.
std::optional<std::string> dotenv_value(std::string_view text, std::string_view name) {
  std::optional<std::string> found;
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    std::string_view line = trim(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    if (line.starts_with("export ")) line = trim(line.substr(7));
    const std::size_t eq = line.find('=');
    if (line.empty() || line.front() == '#' || eq == std::string_view::npos) continue;
    if (trim(line.substr(0, eq)) != name) continue;
    std::string_view value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    } else if (const std::size_t hash = value.find(" #"); hash != std::string_view::npos) {
      value = trim(value.substr(0, hash));
    }
    found = std::string(value);
  }
  return found;
}

}  // namespace

std::map<std::string, std::string> basemap_keys(const std::filesystem::path& dotenv) {
  std::string dotenv_text;
  std::error_code ec;
  if (std::filesystem::is_regular_file(dotenv, ec)) {
    try {
      const Bytes bytes = read_file(dotenv, kMaxDotenvBytes);
      dotenv_text.assign(bytes.begin(), bytes.end());
    } catch (const std::exception&) {
      // An unreadable or oversized .env configures no key.
    }
  }
  std::map<std::string, std::string> keys;
  for (const Provider& p : kProviders) {
    std::optional<std::string> key;
    if (const char* env = std::getenv(p.variable)) key = env;
    if (!key) key = dotenv_value(dotenv_text, p.variable);
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
