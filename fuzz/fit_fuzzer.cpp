// The FIT decoder and derive_summary() on arbitrary bytes. Contract (fit_decoder.hpp): only a
// ParseError may escape, and only for a file that does not start with a FIT header.
#include "core/errors.hpp"
#include "fuzz/fuzz_util.hpp"
#include "parse/derive.hpp"
#include "parse/fit_decoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    th::Activity activity = th::decode_fit(th::fuzz::bytes_of(data, size));
    th::derive_summary(activity);
  } catch (const th::ParseError&) {
  }
  return 0;
}
