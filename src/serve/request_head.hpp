#pragma once
// Where a request's head (request line + header lines + the blank line) ends in the bytes a
// connection has received so far, and whether it stays within the server's bounds. The scan is
// incremental: a client that sends one byte at a time costs one step per byte, not a rescan of
// everything buffered.

#include <cstddef>
#include <string_view>

namespace th::serve {

enum class HeadStatus { Incomplete, Complete, TooLarge };

struct HeadScan {
  std::size_t scanned = 0;     // bytes looked at
  std::size_t line_start = 0;  // offset of the line being read
  std::size_t lines = 0;       // complete lines before the blank one (request line + headers)
  std::size_t head_bytes = 0;  // when Complete: bytes of the head, blank line included
};

// `buffered` starts at the request's first byte; pass the same `scan` again after more bytes
// arrive. Lines end with "\n" (a preceding '\r' belongs to the terminator); an empty line ends
// the head. TooLarge: the head is (or would be) over `max_bytes`, or has over `max_headers`
// header lines. Once Complete or TooLarge, the answer does not change.
HeadStatus scan_request_head(std::string_view buffered, HeadScan& scan, std::size_t max_bytes,
                             std::size_t max_headers);

}  // namespace th::serve
