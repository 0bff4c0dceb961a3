#pragma once
// Shared by the libFuzzer targets: turning the fuzzer's input into the types the readers take.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/activity.hpp"
#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "parse/derive.hpp"

namespace th::fuzz {

inline ByteView bytes_of(const std::uint8_t* data, std::size_t size) {
  return {data, size};
}

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// An XML reader through both of its entry points (a view, parsed from a copy; an owned buffer,
// parsed in place), then derive_summary(). Only ParseError may escape a reader.
template <Activity (*ReadView)(ByteView), Activity (*ReadOwned)(Bytes&&)>
int fuzz_xml_reader(const std::uint8_t* data, std::size_t size) {
  const ByteView bytes = bytes_of(data, size);
  try {
    Activity activity = ReadView(bytes);
    derive_summary(activity);
  } catch (const ParseError&) {
  }
  try {
    ReadOwned(Bytes(bytes.begin(), bytes.end()));
  } catch (const ParseError&) {
  }
  return 0;
}

}  // namespace th::fuzz
