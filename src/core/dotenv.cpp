#include "core/dotenv.hpp"

#include <cctype>
#include <cstdlib>
#include <map>
#include <system_error>

#include "core/bytes.hpp"
#include "core/text.hpp"

namespace th {

namespace {

bool valid_key(std::string_view key) {
  if (key.empty() || std::isdigit(static_cast<unsigned char>(key.front()))) return false;
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// Parses the value part of one line; nullopt on an unterminated quote.
std::optional<std::string> parse_value(std::string_view v) {
  v = trim(v);
  if (v.empty()) return std::string();
  if (v.front() == '\'') {
    const auto end = v.find('\'', 1);
    if (end == std::string_view::npos) return std::nullopt;
    return std::string(v.substr(1, end - 1));
  }
  if (v.front() == '"') {
    std::string out;
    for (std::size_t i = 1; i < v.size(); ++i) {
      const char c = v[i];
      if (c == '"') return out;
      if (c == '\\' && i + 1 < v.size()) {
        const char e = v[++i];
        out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      } else {
        out += c;
      }
    }
    return std::nullopt;
  }
  // Unquoted: a '#' preceded by a blank starts a comment.
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (v[i] == '#' && std::isspace(static_cast<unsigned char>(v[i - 1]))) {
      v = v.substr(0, i);
      break;
    }
  }
  return std::string(trim(v));
}

}  // namespace

std::vector<DotEnvEntry> parse_dotenv(std::string_view text, std::vector<std::string>* warnings) {
  std::vector<DotEnvEntry> entries;
  std::map<std::string, std::size_t, std::less<>> index;
  auto warn = [&](int line, const char* what) {
    if (warnings) warnings->push_back(".env line " + std::to_string(line) + ": " + what);
  };
  int line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("export ") || line.starts_with("export\t")) line = trim(line.substr(7));
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) {
      warn(line_no, "not a KEY=VALUE line, skipped");
      continue;
    }
    const std::string_view key = trim(line.substr(0, eq));
    if (!valid_key(key)) {
      warn(line_no, "invalid variable name, skipped");
      continue;
    }
    auto value = parse_value(line.substr(eq + 1));
    if (!value) {
      warn(line_no, "unterminated quote, skipped");
      continue;
    }
    if (auto it = index.find(key); it != index.end()) {
      entries[it->second].value = std::move(*value);
    } else {
      index.emplace(std::string(key), entries.size());
      entries.push_back({std::string(key), std::move(*value)});
    }
  }
  return entries;
}

std::optional<std::string> process_env(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

std::vector<DotEnvEntry> read_dotenv(const std::filesystem::path& file,
                                     std::vector<std::string>* warnings) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return {};
  const Bytes bytes = read_file(file, kMaxDotEnvBytes);
  return parse_dotenv(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                      warnings);
}

std::optional<std::string> setting(const std::string& name,
                                   const std::vector<DotEnvEntry>& file_entries,
                                   const EnvLookup& env) {
  if (auto v = env(name); v && !v->empty()) return v;
  for (const auto& e : file_entries) {
    if (e.key == name) return e.value;
  }
  return std::nullopt;
}

}  // namespace th
