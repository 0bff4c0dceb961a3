// gunzip() on arbitrary bytes: only ParseError may escape, and the output never exceeds the cap.
#include <cstdlib>

#include "core/errors.hpp"
#include "fuzz/fuzz_util.hpp"
#include "parse/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t kCap = std::size_t{1} << 20;
  try {
    bool truncated = false;
    const th::Bytes out = th::gunzip(th::fuzz::bytes_of(data, size), kCap, &truncated);
    if (out.size() > kCap) std::abort();
  } catch (const th::ParseError&) {
  }
  return 0;
}
