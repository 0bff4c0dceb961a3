// The parse stage's front door: gzip detection and inflation, and format sniffing by content.
#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "demo/writers.hpp"
#include "parse/parse.hpp"

namespace th {
namespace {

ByteView view(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string text(const Bytes& b) { return {b.begin(), b.end()}; }

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
  const std::string ascii = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><gpx></gpx>";
  std::string le = "\xFF\xFE";
  for (char c : ascii) {
    le += c;
    le += '\0';
  }
  EXPECT_EQ(sniff_format(view(le)), FileFormat::Gpx);
}

}  // namespace
}  // namespace th
