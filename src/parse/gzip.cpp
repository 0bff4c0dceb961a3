#include <zlib.h>

#include <algorithm>
#include <climits>
#include <string>

#include "core/errors.hpp"
#include "parse/parse.hpp"

namespace th {

bool is_gzip(ByteView bytes) { return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b; }

namespace {

// RAII for a zlib inflate stream.
class Inflater {
 public:
  Inflater() {
    // 16 + MAX_WBITS: gzip wrapper only (the caller checked the magic bytes).
    if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) throw ParseError("gzip: zlib init failed");
  }
  ~Inflater() { inflateEnd(&stream_); }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
};

}  // namespace

Bytes gunzip(ByteView bytes, std::size_t cap, bool* truncated) {
  if (truncated != nullptr) *truncated = false;
  if (!is_gzip(bytes)) throw ParseError("gzip: not gzip data");
  Inflater inflater;
  z_stream& zs = inflater.stream();
  Bytes out;
  // Compressed activity files inflate 5–10×; start there and grow geometrically.
  out.resize(std::min(cap, std::max<std::size_t>(bytes.size() * 8, 64 * 1024)));
  std::size_t produced = 0;
  std::size_t consumed = 0;
  while (true) {
    const std::size_t in_left = bytes.size() - consumed;
    zs.next_in = const_cast<Bytef*>(bytes.data() + consumed);  // zlib's API is not const-correct
    zs.avail_in = static_cast<uInt>(std::min<std::size_t>(in_left, UINT_MAX));
    if (produced == out.size()) {
      if (out.size() >= cap) {
        throw ParseError("gzip: decompressed size exceeds " + std::to_string(cap >> 20) +
                         " MiB (refusing a possible decompression bomb)");
      }
      out.resize(std::min(cap, out.size() * 2));
    }
    zs.next_out = out.data() + produced;
    zs.avail_out = static_cast<uInt>(std::min<std::size_t>(out.size() - produced, UINT_MAX));
    const uInt avail_in_before = zs.avail_in;
    const uInt avail_out_before = zs.avail_out;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    consumed += avail_in_before - zs.avail_in;
    produced += avail_out_before - zs.avail_out;
    if (rc == Z_STREAM_END) {
      // Multi-member gzip: another member may follow (trailing zero padding is tolerated).
      const ByteView rest = bytes.subspan(consumed);
      if (is_gzip(rest)) {
        if (inflateReset(&zs) != Z_OK) throw ParseError("gzip: zlib reset failed");
        continue;
      }
      break;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR) {
      if (zs.avail_out == 0) continue;  // output full: the loop grows the buffer
      // Input ended inside a member: keep what we have, the caller reports the truncation.
      if (truncated != nullptr) *truncated = true;
      break;
    }
    throw ParseError(std::string("gzip: corrupt data (") + (zs.msg ? zs.msg : "zlib error") + ")");
  }
  out.resize(produced);
  return out;
}

}  // namespace th
