#pragma once
// Settings from the process environment and a `.env` file in the working directory (DESIGN
// §3.1: the real environment wins over the file, so a one-off `NAME=… trackheat build` works).
// Used by the intervals.icu sync (credentials) and the viewer (base-map keys).
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

inline constexpr std::size_t kMaxDotEnvBytes = 1 << 20;

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

// Looks a variable up; nullopt when unset. The default reads the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
std::optional<std::string> process_env(const std::string& name);

// The entries of a `.env` file; empty when it does not exist. Throws IoError when it exists but
// cannot be read (or is larger than kMaxDotEnvBytes).
std::vector<DotEnvEntry> read_dotenv(const std::filesystem::path& file,
                                     std::vector<std::string>* warnings = nullptr);

// `name` from the environment when set and not empty, else from `file_entries`; nullopt when
// neither has it.
std::optional<std::string> setting(const std::string& name,
                                   const std::vector<DotEnvEntry>& file_entries,
                                   const EnvLookup& env = process_env);

}  // namespace th
