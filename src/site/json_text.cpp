#include "site/json_text.hpp"

#include <charconv>
#include <cmath>

namespace th::json_text {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

void append_u_escape(std::string& out, unsigned code) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(code >> shift) & 0xf];
}

// Length of the valid UTF-8 sequence starting at text[i] (2 to 4), or 0 when invalid; `skip`
// gets how many bytes to replace by one U+FFFD (the maximal invalid prefix, at least 1).
std::size_t utf8_sequence(std::string_view text, std::size_t i, std::size_t& skip) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned lead = byte(i);
  std::size_t length = 0;
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) lo = 0xA0;  // overlong
    if (lead == 0xED) hi = 0x9F;  // UTF-16 surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) lo = 0x90;  // overlong
    if (lead == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    skip = 1;
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    const bool in_text = i + k < text.size();
    const unsigned b = in_text ? byte(i + k) : 0;
    const bool ok = in_text && (k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF));
    if (!ok) {
      skip = k;
      return 0;
    }
  }
  skip = length;
  return length;
}

void append_chars(std::string& out, const char* first, const char* last) {
  std::string_view s(first, static_cast<std::size_t>(last - first));
  if (s == "-0") s = "0";
  out.append(s);
}

// Appends n / 10^decimals exactly from the integer n.
void append_scaled(std::string& out, long long n, int decimals) {
  if (n < 0) {
    out += '-';
    n = -n;
  }
  long long scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  append_int(out, n / scale);
  long long frac = n % scale;
  if (frac == 0) return;
  int digits = decimals;
  while (frac % 10 == 0) {
    frac /= 10;
    --digits;
  }
  out += '.';
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, frac);
  const auto written = static_cast<int>(r.ptr - buf);
  out.append(static_cast<std::size_t>(digits - written), '0');
  out.append(buf, r.ptr);
}

}  // namespace

void append_string(std::string& out, std::string_view text) {
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '<':
        case '>':
        case '&': append_u_escape(out, c); break;
        default:
          if (c < 0x20) {
            append_u_escape(out, c);
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    std::size_t skip = 1;
    const std::size_t length = utf8_sequence(text, i, skip);
    if (length == 0) {
      out += kReplacement;
    } else if (length == 3 && c == 0xE2 && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      append_u_escape(out, static_cast<unsigned char>(text[i + 2]) == 0xA8 ? 0x2028 : 0x2029);
    } else {
      out.append(text.substr(i, length));
    }
    i += skip;
  }
  out += '"';
}

void append_number(std::string& out, double v, int significant) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general,
                               significant < 1 ? 1 : (significant > 17 ? 17 : significant));
  append_chars(out, buf, r.ptr);
}

void append_fixed(std::string& out, double v, int decimals) {
  append_rounded(out, v, decimals, [](double x) { return std::round(x); });
}

void append_rounded(std::string& out, double v, int decimals, double (*round_fn)(double)) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  if (decimals < 0) decimals = 0;
  if (decimals > 9) decimals = 9;
  if (std::fabs(v) >= 1e15) {
    append_number(out, v, 17);
    return;
  }
  // Up to 1e15 * 1e9 would overflow a long long: beyond 4e18 print the plain number instead.
  const double scaled = round_fn(v * std::pow(10.0, decimals));
  if (std::fabs(scaled) >= 4e18) {
    append_number(out, v, 17);
    return;
  }
  const auto n = static_cast<long long>(scaled);
  append_scaled(out, n == 0 ? 0 : n, decimals);
}

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

}  // namespace th::json_text
