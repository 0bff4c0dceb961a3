#pragma once
// ASCII text helpers: the project's one trim and one lower case. They work on bytes and ignore
// the C locale (the classes are those of the "C" locale whatever the user's is), so a UTF-8 byte
// is never blank and never changes case.

#include <string>
#include <string_view>

namespace th {

// The "C" locale's white space: space, \t, \n, \v, \f, \r.
inline constexpr std::string_view kAsciiSpace = " \t\n\v\f\r";
// Blanks and line ends: what a CSV cell or a date in a file may carry around its text.
inline constexpr std::string_view kBlanksAndNewlines = " \t\r\n";

// `text` without leading and trailing characters of `blanks` (default: ASCII white space).
constexpr std::string_view trim(std::string_view text, std::string_view blanks = kAsciiSpace) {
  const std::size_t first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

// 'A'..'Z' to 'a'..'z'; every other byte unchanged.
constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
std::string ascii_lower(std::string_view text);

// ASCII case-insensitive equality.
constexpr bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

}  // namespace th
