#include <zlib.h>

#include <algorithm>
#include <climits>

#include "core/errors.hpp"
#include "demo/writers.hpp"

namespace th {

Bytes gzip_bytes(ByteView data, int level) {
  z_stream zs{};
  // 16 + MAX_WBITS: write a gzip wrapper, not raw zlib.
  if (deflateInit2(&zs, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw IoError("gzip: zlib init failed");
  }
  Bytes out(deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = const_cast<Bytef*>(data.data());  // zlib's API is not const-correct
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(std::min<std::size_t>(out.size(), UINT_MAX));
  const int rc = deflate(&zs, Z_FINISH);
  const auto written = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw IoError("gzip: deflate failed");
  out.resize(written);
  return out;
}

}  // namespace th
