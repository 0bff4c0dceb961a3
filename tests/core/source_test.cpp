// Activity sources: the enum code compares and the text the store and the JSON outputs keep.

#include "core/source.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"

namespace th {
namespace {

TEST(Source, NamesAreTheStoredTextAndRoundTrip) {
  EXPECT_EQ(source_name(Source::Strava), "strava");
  EXPECT_EQ(source_name(Source::Intervals), "intervals");
  EXPECT_EQ(source_name(Source::File), "file");
  for (const Source s : {Source::Strava, Source::Intervals, Source::File}) {
    EXPECT_EQ(parse_source(source_name(s)), s);
  }
}

TEST(Source, UnknownTextIsAParseErrorThatQuotesIt) {
  for (const std::string& text : {std::string(""), std::string("Strava"), std::string("strava "),
                                  std::string("garmin"), std::string("strava\0", 7)}) {
    EXPECT_THROW(parse_source(text), ParseError) << text;
  }
  try {
    parse_source("garmin");
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(), "unknown activity source 'garmin'");
  }
}

}  // namespace
}  // namespace th
