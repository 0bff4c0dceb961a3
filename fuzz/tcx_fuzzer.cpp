// The TCX reader and derive_summary() on arbitrary bytes (see fuzz_xml_reader).
#include "fuzz/fuzz_util.hpp"
#include "parse/tcx_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return th::fuzz::fuzz_xml_reader<th::read_tcx, th::read_tcx>(data, size);
}
