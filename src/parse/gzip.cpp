#include <zlib.h>

#include <algorithm>
#include <array>
#include <climits>
#include <string>

#include "core/errors.hpp"
#include "parse/parse.hpp"

namespace th {

bool is_gzip(ByteView bytes) {
  return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

namespace {

// Deflate cannot expand data by more than about 1032:1; real activity files inflate 2–15x.
// A gzip trailer claiming more than this ratio is not trusted as a size hint.
constexpr std::size_t kMaxTrustedRatio = 64;

// The gzip members of one buffer, inflated in pieces on demand (RAII for a zlib stream).
class GzipStream {
 public:
  explicit GzipStream(ByteView input) : input_(input) {
    // 16 + MAX_WBITS: gzip wrapper only (the caller checked the magic bytes).
    if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) throw ParseError("gzip: zlib init failed");
  }
  // A copy that continues from the same point on its own (zlib's inflateCopy).
  GzipStream(const GzipStream& other) : input_(other.input_), consumed_(other.consumed_) {
    if (inflateCopy(&stream_, const_cast<z_stream*>(&other.stream_)) != Z_OK) {
      throw ParseError("gzip: zlib copy failed");
    }
    ended_ = other.ended_;
    truncated_ = other.truncated_;
  }
  GzipStream& operator=(const GzipStream&) = delete;
  ~GzipStream() { inflateEnd(&stream_); }

  // Inflates up to `size` bytes into `out`; fewer only at the end of the data (0 after it).
  // Throws ParseError on corrupt data.
  std::size_t read(std::uint8_t* out, std::size_t size) {
    std::size_t produced = 0;
    while (produced < size && !ended_) {
      stream_.next_in = const_cast<Bytef*>(input_.data() + consumed_);  // zlib is not const-correct
      stream_.avail_in =
          static_cast<uInt>(std::min<std::size_t>(input_.size() - consumed_, UINT_MAX));
      stream_.next_out = out + produced;
      stream_.avail_out = static_cast<uInt>(std::min<std::size_t>(size - produced, UINT_MAX));
      const uInt in_before = stream_.avail_in;
      const uInt out_before = stream_.avail_out;
      const int rc = inflate(&stream_, Z_NO_FLUSH);
      consumed_ += in_before - stream_.avail_in;
      produced += out_before - stream_.avail_out;
      if (rc == Z_STREAM_END) {
        // Multi-member gzip: another member may follow (trailing zero padding is tolerated).
        if (is_gzip(input_.subspan(consumed_))) {
          if (inflateReset(&stream_) != Z_OK) throw ParseError("gzip: zlib reset failed");
        } else {
          ended_ = true;
        }
      } else if (rc == Z_BUF_ERROR) {
        if (stream_.avail_out == 0) continue;  // output full: the loop ends
        // Input ended inside a member: keep what we have, the caller reports the truncation.
        truncated_ = true;
        ended_ = true;
      } else if (rc != Z_OK) {
        throw ParseError(std::string("gzip: corrupt data (") +
                         (stream_.msg != nullptr ? stream_.msg : "zlib error") + ")");
      }
    }
    return produced;
  }

  bool truncated() const { return truncated_; }

 private:
  ByteView input_;
  z_stream stream_{};
  std::size_t consumed_ = 0;
  bool ended_ = false;
  bool truncated_ = false;
};

// The uncompressed size the last member's trailer claims (ISIZE, modulo 2^32), when it is a
// plausible size for this input: a hint only, the data decides.
std::size_t size_hint(ByteView bytes, std::size_t cap) {
  std::size_t guess = std::max<std::size_t>(bytes.size() * 8, 64 * 1024);
  if (bytes.size() >= 18) {
    const std::uint8_t* t = bytes.data() + bytes.size() - 4;
    const std::size_t claimed = std::size_t{t[0]} | std::size_t{t[1]} << 8 |
                                std::size_t{t[2]} << 16 | std::size_t{t[3]} << 24;
    if (claimed > 0 && claimed <= bytes.size() * kMaxTrustedRatio) guess = claimed;
  }
  return std::min(guess, cap);
}

[[noreturn]] void refuse(std::size_t cap) {
  throw ParseError("gzip: decompressed size exceeds " + std::to_string(cap >> 20) +
                   " MiB (refusing a possible decompression bomb)");
}

}  // namespace

// Memory: the output is allocated once at its final size when the trailer's size hint is right
// (single-member files, nearly all), else at the hint; data beyond the hint is first measured
// on a copy of the stream through a small scratch buffer, so a bomb costs time, not memory, and
// the buffer grows once, to the exact size. Only the part past the hint is inflated twice.
Bytes gunzip(ByteView bytes, std::size_t cap, bool* truncated) {
  if (truncated != nullptr) *truncated = false;
  if (!is_gzip(bytes)) throw ParseError("gzip: not gzip data");
  GzipStream stream(bytes);
  Bytes out(size_hint(bytes, cap));
  std::size_t have = stream.read(out.data(), out.size());
  bool cut = stream.truncated();  // final unless the buffer filled up: then the probe says
  if (have == out.size()) {
    GzipStream probe(stream);
    std::array<std::uint8_t, 64 * 1024> scratch;
    std::size_t rest = 0;
    for (std::size_t n; (n = probe.read(scratch.data(), scratch.size())) > 0;) {
      rest += n;
      if (rest > cap - have) refuse(cap);
    }
    cut = probe.truncated();
    if (rest > 0) {
      out.reserve(have + rest);  // exactly: resize() alone may double the capacity
      out.resize(have + rest);
      have += stream.read(out.data() + have, rest);
    }
  }
  if (have < out.size()) {
    // The hint was too large (a truncated file, a wrong trailer): give back what is unused.
    out.resize(have);
    out.shrink_to_fit();
  }
  if (truncated != nullptr) *truncated = cut;
  return out;
}

}  // namespace th
