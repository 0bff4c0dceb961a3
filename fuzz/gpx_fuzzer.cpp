// The GPX reader and derive_summary() on arbitrary bytes (see fuzz_xml_reader).
#include "fuzz/fuzz_util.hpp"
#include "parse/gpx_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return th::fuzz::fuzz_xml_reader<th::read_gpx, th::read_gpx>(data, size);
}
