#pragma once
// Small helpers shared by the GPX/TCX tests.

#include <string>
#include <string_view>

#include "core/bytes.hpp"

namespace th::test {

inline ByteView bytes_of(std::string_view text) {
  return ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

// UTF-16 bytes of an ASCII/Latin-1 string (enough for test documents), with a BOM.
inline std::string utf16(std::string_view text, bool little_endian) {
  std::string out = little_endian ? std::string("\xFF\xFE") : std::string("\xFE\xFF");
  for (const char c : text) {
    const char hi = 0;
    if (little_endian) {
      out.push_back(c);
      out.push_back(hi);
    } else {
      out.push_back(hi);
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace th::test
