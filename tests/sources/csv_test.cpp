#include "sources/csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/errors.hpp"

namespace th {
namespace {

using Rows = std::vector<CsvRow>;

TEST(Csv, ReadsLfAndCrlfLineEnds) {
  const Rows expected = {{"a", "b"}, {"1", "2"}};
  EXPECT_EQ(parse_csv("a,b\n1,2\n"), expected);
  EXPECT_EQ(parse_csv("a,b\r\n1,2\r\n"), expected);
  EXPECT_EQ(parse_csv("a,b\r\n1,2\n"), expected);  // mixed
  EXPECT_EQ(parse_csv("a,b\r1,2\r"), expected);    // old Mac: lone CR
}

TEST(Csv, LastLineWithOrWithoutNewline) {
  const Rows expected = {{"a", "b"}, {"1", "2"}};
  EXPECT_EQ(parse_csv("a,b\n1,2"), expected);
  EXPECT_EQ(parse_csv("a,b\r\n1,2"), expected);
  EXPECT_EQ(parse_csv("a,b\n\"1\",\"2\""), expected);
}

TEST(Csv, QuotedFieldsHoldCommasAndDoubledQuotes) {
  EXPECT_EQ(parse_csv("\"a,b\",c\n"), (Rows{{"a,b", "c"}}));
  EXPECT_EQ(parse_csv("\"say \"\"hi\"\"\",x\n"), (Rows{{"say \"hi\"", "x"}}));
  EXPECT_EQ(parse_csv("\"\"\"\"\n"), (Rows{{"\""}}));  // a field that is one quote
  EXPECT_EQ(parse_csv("\"\"\n"), (Rows{{""}}));        // a quoted empty field is a record
}

TEST(Csv, NewlinesInsideQuotesAreKeptVerbatim) {
  EXPECT_EQ(parse_csv("id,text\n1,\"line one\nline two\"\n2,x\n"),
            (Rows{{"id", "text"}, {"1", "line one\nline two"}, {"2", "x"}}));
  EXPECT_EQ(parse_csv("id,text\r\n1,\"line one\r\nline two\"\r\n2,x\r\n"),
            (Rows{{"id", "text"}, {"1", "line one\r\nline two"}, {"2", "x"}}));
  // Blank lines inside quotes are content, not skipped.
  EXPECT_EQ(parse_csv("\"a\n\n\nb\",c"), (Rows{{"a\n\n\nb", "c"}}));
}

TEST(Csv, Utf8BomAtStartIsSkipped) {
  EXPECT_EQ(parse_csv("\xEF\xBB\xBF"
                      "Activity ID,Name\n1,x\n"),
            (Rows{{"Activity ID", "Name"}, {"1", "x"}}));
  EXPECT_EQ(parse_csv("\xEF\xBB\xBF\"quoted\",b"), (Rows{{"quoted", "b"}}));
  // Only at the very start: elsewhere the bytes are data.
  EXPECT_EQ(parse_csv("a,\xEF\xBB\xBF"
                      "b"),
            (Rows{{"a",
                   "\xEF\xBB\xBF"
                   "b"}}));
  EXPECT_TRUE(parse_csv("\xEF\xBB\xBF").empty());
}

TEST(Csv, EmptyFields) {
  EXPECT_EQ(parse_csv("a,,c\n"), (Rows{{"a", "", "c"}}));
  EXPECT_EQ(parse_csv(",\n"), (Rows{{"", ""}}));
  EXPECT_EQ(parse_csv("a,b,\n"), (Rows{{"a", "b", ""}}));
  EXPECT_EQ(parse_csv("a,b,"), (Rows{{"a", "b", ""}}));
  EXPECT_EQ(parse_csv(",,\"\",\n"), (Rows{{"", "", "", ""}}));
}

TEST(Csv, BlankTrailingLinesAreIgnored) {
  const Rows expected = {{"a"}, {"1"}};
  EXPECT_EQ(parse_csv("a\n1\n\n\n"), expected);
  EXPECT_EQ(parse_csv("a\r\n1\r\n\r\n\r\n"), expected);
  EXPECT_EQ(parse_csv("a\n\n1\n"), expected);  // an empty line is no record anywhere
  EXPECT_TRUE(parse_csv("").empty());
  EXPECT_TRUE(parse_csv("\n\r\n\n").empty());
}

TEST(Csv, UnterminatedQuoteNamesTheLineWhereTheFieldStarted) {
  try {
    parse_csv("a,b\n1,2\n3,\"never closed\nmore\nand more\n");
    FAIL() << "expected a ParseError";
  } catch (const ParseError& e) {
    EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("unterminated"), std::string::npos) << e.what();
  }
  // Line counting sees through earlier quoted newlines (CRLF counted once).
  try {
    parse_csv("\"x\r\ny\",1\r\n\"open");
    FAIL() << "expected a ParseError";
  } catch (const ParseError& e) {
    EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_csv("\""), ParseError);
  EXPECT_THROW(parse_csv("a,\"b\"\"\n"), ParseError);  // "" is a quote, the field stays open
}

TEST(Csv, AReaderThatKeepsUnterminatedQuotesCanReadOnAfterTheQuotesLine) {
  const std::string text = "a,b\r\n1,\"open\r\n2,x\r\n\r\n3,y\r\n";
  CsvReader reader(text, CsvReader::kDefaultMaxFields, CsvReader::Unterminated::Keep);
  CsvRow row;
  ASSERT_TRUE(reader.next(row));
  EXPECT_FALSE(reader.quote_spanning_lines());
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(reader.line(), 2u);
  ASSERT_TRUE(reader.quote_spanning_lines());
  EXPECT_EQ(reader.quote_spanning_lines()->line, 2u);
  EXPECT_TRUE(reader.quote_spanning_lines()->unterminated);
  EXPECT_EQ(row, (CsvRow{"1", "open\r\n2,x\r\n\r\n3,y\r\n"}));
  EXPECT_EQ(reader.text_after_quote_line(), "2,x\r\n\r\n3,y\r\n");
  reader.resume_after_quote();
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row, (CsvRow{"2", "x"}));
  EXPECT_EQ(reader.line(), 3u);
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row, (CsvRow{"3", "y"}));
  EXPECT_EQ(reader.line(), 5u);
  EXPECT_FALSE(reader.next(row));

  // A quote closed on a later line is a spanning quote too (not unterminated); one closed on
  // its own line is not.
  CsvReader closed("\"x\ny\",\"z\"\n", CsvReader::kDefaultMaxFields, CsvReader::Unterminated::Keep);
  ASSERT_TRUE(closed.next(row));
  ASSERT_TRUE(closed.quote_spanning_lines());
  EXPECT_FALSE(closed.quote_spanning_lines()->unterminated);
  EXPECT_EQ(closed.quote_spanning_lines()->line, 1u);
}

TEST(Csv, StrayQuotesAreReadLeniently) {
  EXPECT_EQ(parse_csv("ab\"c,d\n"), (Rows{{"ab\"c", "d"}}));
  EXPECT_EQ(parse_csv("\"ab\"c,d\n"), (Rows{{"abc", "d"}}));
}

TEST(Csv, UnicodePassesThrough) {
  EXPECT_EQ(parse_csv("\"Läufchen 🏃, Zürich\",日本\n"), (Rows{{"Läufchen 🏃, Zürich", "日本"}}));
}

TEST(CsvReader, ReportsTheLineEachRecordStartsOn) {
  CsvReader reader("h1,h2\n\n1,\"two\nlines\"\r\n3,4\n");
  CsvRow row;
  std::vector<std::size_t> lines;
  while (reader.next(row)) lines.push_back(reader.line());
  EXPECT_EQ(lines, (std::vector<std::size_t>{1, 3, 5}));
}

TEST(CsvReader, ReusesTheRowAndShrinksIt) {
  CsvReader reader("a,b,c\nd\n");
  CsvRow row;
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row, (CsvRow{"a", "b", "c"}));
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row, (CsvRow{"d"}));
  EXPECT_FALSE(reader.next(row));
  EXPECT_EQ(row, (CsvRow{"d"}));
}

TEST(CsvReader, RefusesARecordWithTooManyFields) {
  const std::string commas(100, ',');
  CsvReader reader(commas, 50);
  CsvRow row;
  EXPECT_THROW(reader.next(row), ParseError);
  CsvReader enough(commas, 101);
  ASSERT_TRUE(enough.next(row));
  EXPECT_EQ(row.size(), 101u);
}

TEST(CsvHeader, FindsByNameAndOccurrence) {
  const CsvHeader header({"Activity ID", " Distance ", "Elapsed Time", "Distance", "Distance"});
  EXPECT_EQ(header.find("Activity ID"), 0u);
  EXPECT_EQ(header.find("Distance"), 1u);  // blanks trimmed
  EXPECT_EQ(header.find("Distance", 1), 3u);
  EXPECT_EQ(header.find("Distance", 2), 4u);
  EXPECT_EQ(header.find("Distance", 3), std::nullopt);
  EXPECT_EQ(header.find("distance"), std::nullopt);  // exact case
  EXPECT_EQ(header.count("Distance"), 3u);
  EXPECT_EQ(header.count("Filename"), 0u);
  EXPECT_EQ(header.require("Elapsed Time"), 2u);
  EXPECT_EQ(header.size(), 5u);
}

TEST(CsvHeader, RequireNamesTheMissingColumn) {
  const CsvHeader header({"Activity ID"});
  try {
    header.require("Filename");
    FAIL() << "expected a ParseError";
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(), "missing column 'Filename'");
  }
}

}  // namespace
}  // namespace th
