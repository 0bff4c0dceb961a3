#include "demo/xml_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "core/time_util.hpp"

namespace th::xml_text {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// Length of the valid UTF-8 sequence starting at text[i] (2..4), or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  std::size_t len = 0;
  std::uint32_t cp = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1Fu;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0Fu;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07u;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  // Overlong forms, surrogates, beyond U+10FFFF, and the non-characters XML forbids.
  if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF) {
    return 0;
  }
  return len;
}

}  // namespace

void append_escaped(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
          if (u >= 0x20 || c == '\t' || c == '\n' || c == '\r') out.push_back(c);
      }
      ++i;
      continue;
    }
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
}

// Large enough for any double in fixed notation (up to 309 integer digits) with 20 decimals.
constexpr std::size_t kNumberBuffer = 352;

void append_fixed(std::string& out, double value, int decimals) {
  char buf[kNumberBuffer];
  const auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
  if (r.ec == std::errc()) out.append(buf, r.ptr);
}

void append_shortest(std::string& out, float value) {
  char buf[kNumberBuffer];
  const auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  if (r.ec == std::errc()) out.append(buf, r.ptr);
}

void append_time(std::string& out, double unix_seconds) {
  const auto ms = static_cast<long long>(std::llround(unix_seconds * 1000.0));
  long long whole = ms / 1000;
  long long frac = ms % 1000;
  if (frac < 0) {
    frac += 1000;
    --whole;
  }
  std::string text = format_iso8601(static_cast<double>(whole));
  if (frac != 0) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ".%03lld", frac);
    text.insert(text.size() - 1, buf);  // before the 'Z'
  }
  out += text;
}

}  // namespace th::xml_text
