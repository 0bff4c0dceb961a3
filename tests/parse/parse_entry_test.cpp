// The parse stage's front door: gzip detection and inflation, and format sniffing by content.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "core/errors.hpp"
#include "demo/writers.hpp"
#include "parse/parse.hpp"

namespace th {
namespace {

ByteView view(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string text(const Bytes& b) {
  return {b.begin(), b.end()};
}

TEST(Gunzip, RoundTripsAndDetectsMagic) {
  const std::string payload(100000, 'a');
  const Bytes gz = gzip_bytes(view(payload));
  EXPECT_TRUE(is_gzip(gz));
  EXPECT_FALSE(is_gzip(view(payload)));
  bool truncated = true;
  EXPECT_EQ(text(gunzip(gz, 1 << 20, &truncated)), payload);
  EXPECT_FALSE(truncated);
}

TEST(Gunzip, ReadsEveryMemberOfAMultiMemberFile) {
  Bytes gz = gzip_bytes(view("first part, "));
  const Bytes second = gzip_bytes(view("second part"));
  gz.insert(gz.end(), second.begin(), second.end());
  EXPECT_EQ(text(gunzip(gz, 1 << 20)), "first part, second part");
}

TEST(Gunzip, TruncatedStreamKeepsWhatWasInflated) {
  std::string payload;
  for (int i = 0; i < 20000; ++i) payload += std::to_string(i) + ",";
  Bytes gz = gzip_bytes(view(payload));
  gz.resize(gz.size() / 2);
  bool truncated = false;
  const std::string out = text(gunzip(gz, 1 << 24, &truncated));
  EXPECT_TRUE(truncated);
  EXPECT_GT(out.size(), 1000u);
  EXPECT_EQ(out, payload.substr(0, out.size()));
}

TEST(Gunzip, RefusesADecompressionBomb) {
  const std::string zeros(8 << 20, '\0');
  const Bytes gz = gzip_bytes(view(zeros), 9);
  EXPECT_LT(gz.size(), 64u << 10);
  EXPECT_THROW(gunzip(gz, 1 << 20), ParseError);
}

// `size` zeros gzip'd at level 9, deflated in 1 MiB pieces (the zeros never exist at once).
Bytes gzip_zeros(std::size_t size) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY), Z_OK);
  std::vector<std::uint8_t> zeros(1 << 20, 0);
  Bytes out;
  std::uint8_t buf[1 << 16];
  for (std::size_t left = size;;) {
    const std::size_t piece = std::min(left, zeros.size());
    left -= piece;
    zs.next_in = zeros.data();
    zs.avail_in = static_cast<uInt>(piece);
    const int flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    int rc = Z_OK;
    do {
      zs.next_out = buf;
      zs.avail_out = sizeof buf;
      rc = deflate(&zs, flush);
      out.insert(out.end(), buf, buf + (sizeof buf - zs.avail_out));
    } while (zs.avail_out == 0);
    if (rc == Z_STREAM_END) break;
  }
  deflateEnd(&zs);
  return out;
}

// Peak resident memory of this process so far, in bytes.
std::size_t peak_rss() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::size_t>(usage.ru_maxrss) * 1024;
}

// A bomb costs inflating time, not memory: it is measured through a small scratch buffer and
// refused before any output buffer near the cap exists. (Each test runs in its own process
// under ctest, so the peak is this test's.)
TEST(Gunzip, RefusesABombWithoutHoldingItsOutput) {
  const Bytes gz = gzip_zeros((std::size_t{96} << 20) + 1);
  const std::size_t before = peak_rss();
  EXPECT_THROW(gunzip(gz, std::size_t{64} << 20), ParseError);
  EXPECT_LT(peak_rss() - before, std::size_t{24} << 20);
}

// Through parse_activity, as import and inspect call it: refused at kMaxDecompressedBytes, which
// is 256 MiB so that one file costs one import worker a few hundred MB at most.
TEST(Gunzip, ParseActivityRefusesMoreThanTheCap) {
  static_assert(kMaxDecompressedBytes <= (std::size_t{256} << 20));
  const Bytes gz = gzip_zeros(kMaxDecompressedBytes + 1);
  const std::size_t before = peak_rss();
  try {
    parse_activity(gz);
    ADD_FAILURE() << "a bomb was inflated";
  } catch (const ParseError& e) {
    EXPECT_NE(std::string(e.what()).find("decompression bomb"), std::string::npos) << e.what();
  }
  EXPECT_LT(peak_rss() - before, std::size_t{64} << 20);
}

// The output buffer is allocated at its final size: from the gzip trailer when it is plausible,
// else (several members, a truncated file) by measuring the rest.
TEST(Gunzip, AllocatesExactlyWhateverTheTrailerSays) {
  std::string payload;
  for (int i = 0; i < 200000; ++i) payload += std::to_string(i * 7) + ",";
  const Bytes honest = gzip_bytes(view(payload));
  const Bytes out = gunzip(honest, 1 << 24);
  EXPECT_EQ(text(out), payload);
  EXPECT_EQ(out.capacity(), out.size());
  // A trailer that lies is corrupt data (zlib checks the length), whatever size it claims.
  for (const std::uint32_t claimed :
       {0u, 10u, 0xffffffffu, static_cast<std::uint32_t>(payload.size() * 2)}) {
    Bytes lying = honest;
    for (int b = 0; b < 4; ++b) {
      lying[lying.size() - 4 + static_cast<std::size_t>(b)] =
          static_cast<std::uint8_t>(claimed >> (8 * b));
    }
    EXPECT_THROW(gunzip(lying, 1 << 24), ParseError) << claimed;
  }
  // Several members: the trailer names the last one's size only.
  Bytes two = gzip_bytes(view(payload));
  const Bytes second = gzip_bytes(view("tail"));
  two.insert(two.end(), second.begin(), second.end());
  const Bytes joined = gunzip(two, 1 << 24);
  EXPECT_EQ(text(joined), payload + "tail");
  EXPECT_EQ(joined.capacity(), joined.size());
  EXPECT_THROW(gunzip(two, payload.size() + 3), ParseError);
  EXPECT_EQ(gunzip(two, payload.size() + 4).size(), payload.size() + 4);
}

TEST(Gunzip, CorruptDataIsAParseError) {
  Bytes gz = gzip_bytes(view(std::string(5000, 'x') + "tail"));
  for (std::size_t i = 10; i < gz.size() - 8; ++i) gz[i] = static_cast<std::uint8_t>(gz[i] ^ 0x5a);
  EXPECT_THROW(gunzip(gz, 1 << 20), ParseError);
  EXPECT_THROW(gunzip(view("not gzip"), 1 << 20), ParseError);
}

TEST(Sniff, RecognisesFormatsByContentNotName) {
  std::string fit(14, '\0');
  fit[0] = 14;
  fit.replace(8, 4, ".FIT");
  EXPECT_EQ(sniff_format(view(fit)), FileFormat::Fit);
  std::string fit12(12, '\0');
  fit12[0] = 12;
  fit12.replace(8, 4, ".FIT");
  EXPECT_EQ(sniff_format(view(fit12)), FileFormat::Fit);

  EXPECT_EQ(sniff_format(view("<?xml version=\"1.0\"?>\n<gpx version=\"1.1\"></gpx>")),
            FileFormat::Gpx);
  EXPECT_EQ(sniff_format(view("\xEF\xBB\xBF<gpx></gpx>")), FileFormat::Gpx);
  EXPECT_EQ(sniff_format(view("<?xml version=\"1.0\"?><!-- a <comment> --><!DOCTYPE x>"
                              "<ns:gpx xmlns:ns=\"http://www.topografix.com/GPX/1/1\"/>")),
            FileFormat::Gpx);
  // Strava's TCX files start with blanks before the declaration.
  EXPECT_EQ(sniff_format(view("          \n<?xml version=\"1.0\"?>\n<TrainingCenterDatabase>")),
            FileFormat::Tcx);
  EXPECT_EQ(sniff_format(view("<html><body>not an activity</body></html>")), FileFormat::Unknown);
  EXPECT_EQ(sniff_format(view("")), FileFormat::Unknown);
  EXPECT_EQ(sniff_format(view("<")), FileFormat::Unknown);
}

TEST(Sniff, Utf16XmlWithBom) {
  const std::string ascii = R"(<?xml version="1.0" encoding="UTF-16"?><gpx></gpx>)";
  std::string le = "\xFF\xFE";
  for (char c : ascii) {
    le += c;
    le += '\0';
  }
  EXPECT_EQ(sniff_format(view(le)), FileFormat::Gpx);
}

}  // namespace
}  // namespace th
