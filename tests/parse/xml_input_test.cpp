#include "parse/xml_input.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "parse/xml_test_util.hpp"

namespace th::xml {
namespace {

using test::bytes_of;

TEST(XmlPrologue, ReadsDeclaredEncodingAfterBomAndBlanks) {
  const Prologue plain = sniff_prologue(bytes_of("<?xml version=\"1.0\"?><gpx/>"));
  EXPECT_EQ(plain.charset, Charset::Utf8);
  EXPECT_EQ(plain.skip, 0u);

  const Prologue bom = sniff_prologue(bytes_of("\xEF\xBB\xBF<?xml version='1.0'?><a/>"));
  EXPECT_EQ(bom.skip, 3u);

  const Prologue blanks =
      sniff_prologue(bytes_of("  \r\n\t<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>"));
  EXPECT_EQ(blanks.skip, 5u);
  EXPECT_EQ(blanks.charset, Charset::Latin1);
  EXPECT_EQ(blanks.declared, "ISO-8859-1");

  EXPECT_EQ(
      sniff_prologue(bytes_of("<?xml version='1.0' encoding = 'windows-1252' ?><a/>")).charset,
      Charset::Windows1252);
  EXPECT_EQ(sniff_prologue(bytes_of("<?xml version='1.0' encoding='latin1'?><a/>")).charset,
            Charset::Latin1);
}

TEST(XmlPrologue, RecognisesUtf16ByBomOrZeroBytes) {
  const std::string le = test::utf16(" <?xml version=\"1.0\"?><a/>", true);
  const Prologue p = sniff_prologue(bytes_of(le));
  EXPECT_EQ(p.charset, Charset::Utf16Le);
  EXPECT_EQ(p.skip, 4u);  // BOM and one blank
  EXPECT_EQ(sniff_prologue(bytes_of(test::utf16("<a/>", false))).charset, Charset::Utf16Be);
  const std::string no_bom = test::utf16("<a/>", true).substr(2);
  EXPECT_EQ(sniff_prologue(bytes_of(no_bom)).charset, Charset::Utf16Le);
}

TEST(XmlPrologue, UnknownEncodingIsReadAsUtf8AndSaysSo) {
  const Prologue p = sniff_prologue(bytes_of("<?xml version='1.0' encoding='KOI8-R'?><a/>"));
  EXPECT_EQ(p.charset, Charset::Utf8);
  EXPECT_FALSE(p.known);
  const Document doc(bytes_of("<?xml version='1.0' encoding='KOI8-R'?><gpx/>"), "GPX");
  EXPECT_EQ(doc.note(), "unsupported XML encoding \"KOI8-R\", read as UTF-8");
}

TEST(XmlPrologue, DeclarationWithoutEncodingIsUtf8) {
  const Prologue p = sniff_prologue(bytes_of("<?xml version=\"1.0\"?>"));
  EXPECT_EQ(p.charset, Charset::Utf8);
  EXPECT_TRUE(p.known);
  EXPECT_EQ(sniff_prologue(bytes_of("")).charset, Charset::Utf8);
  EXPECT_EQ(sniff_prologue(bytes_of("<?xml encoding=\"")).charset, Charset::Utf8);
}

TEST(Windows1252, MapsTheHighControlRangeToWindowsCharacters) {
  EXPECT_EQ(windows1252_to_utf8("\x80 \x92\x93\x94 \x9F"),
            "\xE2\x82\xAC \xE2\x80\x99\xE2\x80\x9C\xE2\x80\x9D \xC5\xB8");  // € ’“” Ÿ
  EXPECT_EQ(windows1252_to_utf8("Z\xFCrich caf\xE9"), "Z\xC3\xBCrich caf\xC3\xA9");
  EXPECT_EQ(windows1252_to_utf8("\x81"), "\xC2\x81");  // unassigned: the C1 control
  EXPECT_EQ(windows1252_to_utf8("plain"), "plain");
}

TEST(XmlNumber, ParsesLocaleFreeDecimalsOnly) {
  EXPECT_EQ(*parse_number("47.1234567"), 47.1234567);
  EXPECT_EQ(*parse_number(" -3.5\n"), -3.5);
  EXPECT_EQ(*parse_number("+7"), 7.0);
  EXPECT_EQ(*parse_number("1e3"), 1000.0);
  EXPECT_FALSE(parse_number(""));
  EXPECT_FALSE(parse_number("  "));
  EXPECT_FALSE(parse_number("12abc"));
  EXPECT_FALSE(parse_number("12,5"));
  EXPECT_FALSE(parse_number("nan"));
  EXPECT_FALSE(parse_number("inf"));
  EXPECT_FALSE(parse_number("1e999"));
  EXPECT_FALSE(parse_number("+-1"));
}

TEST(XmlTime, FindsTheWrittenUtcOffset) {
  EXPECT_EQ(iso8601_offset("2020-02-02T03:02:03+01:00"), 3600);
  EXPECT_EQ(iso8601_offset("2020-02-02T03:02:03.5-0530"), -(5 * 3600 + 30 * 60));
  EXPECT_EQ(iso8601_offset("2020-02-02T03:02:03+02"), 7200);
  EXPECT_FALSE(iso8601_offset("2020-02-02T03:02:03Z"));
  EXPECT_FALSE(iso8601_offset("2020-02-02T03:02:03"));
  EXPECT_FALSE(iso8601_offset("2020-02-02"));
  EXPECT_FALSE(iso8601_offset("2020-02-02T03:02:03+1:00"));
}

TEST(XmlDocument, MatchesLocalNamesWhateverThePrefix) {
  const Document doc(bytes_of("<g:gpx xmlns:g='x'><g:trk a:lat='1'/><trk/></g:gpx>"), "GPX");
  doc.require_root("gpx");
  EXPECT_EQ(local_name(doc.root()), "gpx");
  const pugi::xml_node trk = child_named(doc.root(), "trk");
  ASSERT_TRUE(trk);
  EXPECT_STREQ(trk.name(), "g:trk");
  EXPECT_STREQ(attribute_named(trk, "lat").value(), "1");
  EXPECT_FALSE(child_named(doc.root(), "rte"));
}

TEST(XmlDocument, TextIsTrimmedAndReadsCdataAndEntities) {
  const Document doc(bytes_of("<a><b>  x &amp; y \n</b><c><![CDATA[ <z> ]]></c><d/></a>"), "GPX");
  EXPECT_EQ(text_of(child_named(doc.root(), "b")), "x & y");
  EXPECT_EQ(text_of(child_named(doc.root(), "c")), "<z>");
  EXPECT_EQ(text_of(child_named(doc.root(), "d")), "");
  EXPECT_EQ(text_of(child_named(doc.root(), "missing")), "");
}

TEST(XmlDocument, ErrorsNameTheProblem) {
  try {
    const Document doc(bytes_of("{\"json\": true}"), "GPX");
    FAIL() << "no exception";
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(), "not a GPX file: no XML element found");
  }
  try {
    const Document doc(bytes_of("<<<"), "TCX");
    FAIL() << "no exception";
  } catch (const ParseError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("XML error at offset ", 0), 0u) << e.what();
  }
  try {
    const Document doc(bytes_of("<kml><Document/></kml>"), "GPX");
    doc.require_root("gpx");
    FAIL() << "no exception";
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(), "not a GPX file: root element is <kml>");
  }
}

TEST(XmlDocument, KeepsTheTreeBeforeDamageAndReportsItsOffset) {
  const std::string text = "  <gpx><trk><name>n</name></trk><trk><trkseg>";
  const Document doc(bytes_of(text), "GPX");
  EXPECT_TRUE(child_named(doc.root(), "trk"));
  EXPECT_EQ(doc.damage(), "XML error at offset " + std::to_string(text.size() - 1) +
                              ": Start-end tags mismatch (the file ends early)");
}

}  // namespace
}  // namespace th::xml
