#include "serve/request_head.hpp"

namespace th::serve {

HeadStatus scan_request_head(std::string_view buffered, HeadScan& scan, std::size_t max_bytes,
                             std::size_t max_headers) {
  if (scan.head_bytes > 0) return HeadStatus::Complete;
  for (; scan.scanned < buffered.size(); ++scan.scanned) {
    if (scan.scanned >= max_bytes) return HeadStatus::TooLarge;
    if (buffered[scan.scanned] != '\n') continue;
    const std::string_view line = buffered.substr(scan.line_start, scan.scanned - scan.line_start);
    if (line.empty() || line == "\r") {
      scan.head_bytes = scan.scanned + 1;
      return HeadStatus::Complete;
    }
    // The request line is not a header.
    if (++scan.lines > max_headers + 1) return HeadStatus::TooLarge;
    scan.line_start = scan.scanned + 1;
  }
  return scan.scanned >= max_bytes ? HeadStatus::TooLarge : HeadStatus::Incomplete;
}

}  // namespace th::serve
