#include "parse/parse.hpp"

#include <utility>

#include "core/errors.hpp"
#include "parse/derive.hpp"
#include "parse/fit_decoder.hpp"
#include "parse/gpx_reader.hpp"
#include "parse/tcx_reader.hpp"

namespace th {

Activity parse_activity(ByteView bytes) {
  Bytes inflated;
  bool compressed = false;
  bool truncated = false;
  if (is_gzip(bytes)) {
    inflated = gunzip(bytes, kMaxDecompressedBytes, &truncated);
    bytes = inflated;
    compressed = true;
  }
  Activity activity;
  // The XML readers parse in place; hand them the inflated buffer we own instead of a copy.
  switch (sniff_format(bytes)) {
    case FileFormat::Fit: activity = decode_fit(bytes); break;
    case FileFormat::Gpx:
      activity = compressed ? read_gpx(std::move(inflated)) : read_gpx(bytes);
      break;
    case FileFormat::Tcx:
      activity = compressed ? read_tcx(std::move(inflated)) : read_tcx(bytes);
      break;
    case FileFormat::Unknown:
      if (bytes.empty()) throw ParseError(compressed ? "empty after decompression" : "empty file");
      throw ParseError("unknown format: not FIT, GPX or TCX");
  }
  activity.compressed = compressed;
  if (truncated) activity.warnings.emplace_back("gzip stream is truncated; read what was there");
  derive_summary(activity);
  return activity;
}

}  // namespace th
