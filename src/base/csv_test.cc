// Tests for the CSV reader and writer: quoting, line breaks inside fields, line ends, the byte
// order mark, the line each row starts on, the limits, and an unclosed quote. Single-threaded.
#include "base/csv.h"

#include <gtest/gtest.h>

#include <sstream>

namespace casekeep {
namespace {

struct Parsed {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
  std::string error;  // a failure of Next or ReadHeader
};

Parsed Parse(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(in);
  Parsed p;
  auto header = reader.ReadHeader();
  if (!header) {
    p.error = header.error().message;
    return p;
  }
  p.header = header->fields;
  CsvRow row;
  for (;;) {
    auto got = reader.Next(row);
    if (!got) {
      p.error = got.error().message;
      return p;
    }
    if (!*got) return p;
    p.rows.push_back(row);
  }
}

using Fields = std::vector<std::string>;

TEST(CsvTest, ReadsPlainRowsWithTheirLines) {
  Parsed p = Parse("name,age\nAnna,34\nBen,7\n");
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.header, (Fields{"name", "age"}));
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_EQ(p.rows[0].fields, (Fields{"Anna", "34"}));
  EXPECT_EQ(p.rows[0].line, 2);
  EXPECT_EQ(p.rows[1].line, 3);
  EXPECT_TRUE(p.rows[1].error.empty());
}

TEST(CsvTest, QuotedFieldsKeepCommasAndDoubledQuotes) {
  Parsed p = Parse("a,b,c\n\"Smith, Jo\",\"she said \"\"hi\"\"\",\"\"\n");
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_EQ(p.rows[0].fields, (Fields{"Smith, Jo", "she said \"hi\"", ""}));
}

TEST(CsvTest, LineBreaksInsideQuotesAreKeptAndCounted) {
  Parsed p = Parse("id,note\n1,\"first line\nsecond line\r\nthird\"\n2,short\n");
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_EQ(p.rows[0].fields[1], "first line\nsecond line\r\nthird");
  EXPECT_EQ(p.rows[0].line, 2);
  EXPECT_EQ(p.rows[1].line, 5);  // the note spans lines 2 to 4
}

TEST(CsvTest, CrlfAndLoneCrLineEnds) {
  Parsed p = Parse("a,b\r\n1,2\r\n3,4\r5,6");
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.rows.size(), 3u);
  EXPECT_EQ(p.rows[0].fields, (Fields{"1", "2"}));
  EXPECT_EQ(p.rows[1].line, 3);
  EXPECT_EQ(p.rows[2].fields, (Fields{"5", "6"}));
  EXPECT_EQ(p.rows[2].line, 4);
}

TEST(CsvTest, SkipsTheByteOrderMarkAndEmptyLines) {
  Parsed p = Parse("\xEF\xBB\xBFname\n\nAnna\n\n\nBen");
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.header, (Fields{"name"}));
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_EQ(p.rows[0].line, 3);
  EXPECT_EQ(p.rows[1].line, 6);
  EXPECT_EQ(p.rows[1].fields, (Fields{"Ben"}));
}

TEST(CsvTest, AQuotedEmptyFieldIsARow) {
  Parsed p = Parse("name\n\"\"\n");
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_EQ(p.rows[0].fields, (Fields{""}));
  EXPECT_TRUE(p.rows[0].error.empty());
}

TEST(CsvTest, ARowOfTheWrongWidthIsBadButReadingGoesOn) {
  Parsed p = Parse("a,b\n1\n1,2,3\n4,5\n");
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.rows.size(), 3u);
  EXPECT_EQ(p.rows[0].error, "has 1 fields; the header has 2");
  EXPECT_EQ(p.rows[1].error, "has 3 fields; the header has 2");
  EXPECT_TRUE(p.rows[2].error.empty());
}

TEST(CsvTest, StrayQuotesMakeARowBad) {
  Parsed p = Parse("a,b\nab\"c,d\n\"x\"y,z\nok,ok\n");
  ASSERT_EQ(p.rows.size(), 3u);
  EXPECT_EQ(p.rows[0].error, "a quote inside field 1, which is not quoted");
  EXPECT_EQ(p.rows[1].error, "text after the closing quote of field 1");
  EXPECT_TRUE(p.rows[2].error.empty());
}

TEST(CsvTest, AnUnclosedQuoteFailsWithTheLineItOpenedOn) {
  Parsed p = Parse("a,b\n1,2\n3,\"never closed\n4,5\n6,7\n");
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_EQ(p.error, "line 3: a quoted field is not closed");
}

TEST(CsvTest, AFieldOverTheLimitMakesItsRowBad) {
  const std::string big(kMaxCsvFieldBytes + 10, 'x');
  Parsed p = Parse("a,b\n1," + big + "\n2,\"" + big + "\"\n3,4\n");
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.rows.size(), 3u);
  EXPECT_EQ(p.rows[0].error, "field 2 is longer than 1 MiB");
  EXPECT_EQ(p.rows[0].fields[1].size(), kMaxCsvFieldBytes);
  EXPECT_EQ(p.rows[1].error, "field 2 is longer than 1 MiB");
  EXPECT_EQ(p.rows[2].line, 4);
  EXPECT_TRUE(p.rows[2].error.empty());
}

TEST(CsvTest, TooManyColumnsMakeARowBad) {
  std::string wide = "a";
  for (std::size_t i = 0; i < kMaxCsvColumns + 5; ++i) wide += ",x";
  Parsed p = Parse("a\n" + wide + "\nok\n");
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_EQ(p.rows[0].error, "more than 1000 fields");
  EXPECT_EQ(p.rows[0].fields.size(), kMaxCsvColumns);
  EXPECT_TRUE(p.rows[1].error.empty());
}

TEST(CsvTest, AHeaderIsRequiredAndMustBeGood) {
  EXPECT_EQ(Parse("").error, "the file is empty; a header row is required");
  EXPECT_EQ(Parse("\n\n").error, "the file is empty; a header row is required");
  EXPECT_EQ(Parse("a\"b,c\n").error, "line 1: a quote inside field 1, which is not quoted");
}

TEST(CsvTest, ReadsAcrossBufferBoundaries) {
  std::string text = "n,text\n";
  for (int i = 0; i < 20000; ++i) {
    text += std::to_string(i) + ",\"row " + std::to_string(i) + "\nmore\"\n";
  }
  Parsed p = Parse(text);
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.rows.size(), 20000u);
  EXPECT_EQ(p.rows[12345].fields[1], "row 12345\nmore");
  EXPECT_EQ(p.rows[12345].line, 2 + 2 * 12345);
}

TEST(CsvTest, FormattingQuotesOnlyWhenNeeded) {
  EXPECT_EQ(QuoteCsvField("plain"), "plain");
  EXPECT_EQ(QuoteCsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(QuoteCsvField("say \"x\""), "\"say \"\"x\"\"\"");
  EXPECT_EQ(QuoteCsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(QuoteCsvField(" padded"), "\" padded\"");
  EXPECT_EQ(FormatCsvRow({"a", "b,c", ""}), "a,\"b,c\",\n");
}

TEST(CsvTest, WhatIsWrittenReadsBackTheSame) {
  const Fields header{"id", "note", "empty"};
  const Fields row{"7", "He said \"no\",\r\nthen left", ""};
  Parsed p = Parse(FormatCsvRow(header) + FormatCsvRow(row));
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_EQ(p.rows[0].fields, row);
}

}  // namespace
}  // namespace casekeep
