#include <gtest/gtest.h>

#include "test_support.hpp"
#include "util/csv.hpp"
#include "util/encoding.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

using namespace opora::host;

namespace {

std::vector<std::vector<std::string>> read_all(CsvReader& r, std::vector<int>* lines = nullptr) {
  std::vector<std::vector<std::string>> rows;
  CsvRow row;
  while (r.next(row)) {
    rows.emplace_back(row.fields.begin(), row.fields.end());
    if (lines) lines->push_back(row.line);
  }
  return rows;
}

}  // namespace

TEST(Csv, DetectsDelimiterFromHeader) {
  auto semi = CsvReader::from_string("a;b,c;d\n1;2,5;3\n");
  EXPECT_EQ(semi.delimiter(), ';');
  EXPECT_EQ(read_all(semi)[1], (std::vector<std::string>{"1", "2,5", "3"}));

  auto comma = CsvReader::from_string("a,b,\"c;d\"\n1,2,3\n");
  EXPECT_EQ(comma.delimiter(), ',');
  EXPECT_EQ(read_all(comma)[0], (std::vector<std::string>{"a", "b", "c;d"}));

  auto tab = CsvReader::from_string("a\tb\tc\n1\t2,5\t3\n");
  EXPECT_EQ(tab.delimiter(), '\t');
  EXPECT_EQ(read_all(tab)[1], (std::vector<std::string>{"1", "2,5", "3"}));
}

TEST(Csv, QuotedFieldsWithNewlinesAndEscapesKeepLineNumbers) {
  auto r = CsvReader::from_string(
      "name;note\r\n\"a \"\"b\"\"\";\"line1\nline2\nline3\"\r\n\r\nlast;\"x;y\"\n");
  std::vector<int> lines;
  auto rows = read_all(r, &lines);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][0], "a \"b\"");
  EXPECT_EQ(rows[1][1], "line1\nline2\nline3");
  EXPECT_EQ(rows[2], (std::vector<std::string>{"last", "x;y"}));
  EXPECT_EQ(lines, (std::vector<int>{1, 2, 6}));  // the blank line 5 is skipped
}

TEST(Csv, UnclosedQuoteIsReportedWithPosition) {
  auto r = CsvReader::from_string("a;b\n1;\"open\n2;3\n");
  CsvRow row;
  ASSERT_TRUE(r.next(row));
  try {
    r.next(row);
    FAIL() << "no error";
  } catch (const CsvError& e) {
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.column, 2);
  }
}

TEST(Csv, Cp1251IsDetectedAndConverted) {
  auto r = CsvReader::open(opora::test::fixture("results_cp1251.csv"));
  EXPECT_EQ(r.encoding(), Encoding::cp1251);
  EXPECT_EQ(r.delimiter(), ',');
  auto rows = read_all(r);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "Логин ОО");
  EXPECT_EQ(rows[1][4], "Русский язык");
  EXPECT_EQ(rows[1][10], "17,75");
}

TEST(Csv, BomIsSkipped) {
  auto r = CsvReader::open(opora::test::fixture("schools_quoted.csv"));
  EXPECT_EQ(r.encoding(), Encoding::utf8_bom);
  CsvRow row;
  ASSERT_TRUE(r.next(row));
  EXPECT_EQ(row.fields[0], "login");
}

TEST(Encoding, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("Школа № 1 — ok"));
  EXPECT_FALSE(is_valid_utf8("\xCF\xE5\xF2\xF0"));   // «Петр» in CP1251
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));           // overlong NUL
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));       // surrogate
  EXPECT_EQ(cp1251_to_utf8("\xCF\xE5\xF2\xF0 \xA8\xB8 \xB9"), "Петр Ёё №");
}

TEST(Number, DecimalCommaOrPoint) {
  EXPECT_EQ(parse_number("12,5"), 12.5);
  EXPECT_EQ(parse_number(" 12.5 "), 12.5);
  EXPECT_EQ(parse_number("1 024,5"), 1024.5);
  EXPECT_EQ(parse_number("-3"), -3.0);
  EXPECT_FALSE(parse_number(""));
  EXPECT_FALSE(parse_number("1,2,3"));
  EXPECT_FALSE(parse_number("12a"));
  EXPECT_EQ(parse_int("42"), 42);
  EXPECT_EQ(parse_int("42,00"), 42);
  EXPECT_FALSE(parse_int("42,5"));
  EXPECT_FALSE(parse_int("сорок"));
}

TEST(Text, HeaderKeysIgnoreCaseQuotesAndYo) {
  EXPECT_EQ(header_key("  ЛОГИН   ОО "), "логин оо");
  EXPECT_EQ(header_key("«2»"), "2");
  EXPECT_EQ(header_key("Тип населённого пункта"), "тип населенного пункта");
  EXPECT_EQ(to_lower("ЁЖИК Abc"), "ёжик abc");
  EXPECT_EQ(trim("\xC2\xA0 x \t"), "x");
}
