// Plugins read their tables through the host's CSV reader (issue 8: one CSV and encoding stack):
// the SDK's TableReader over CsvReader, and the delimiter detection it relies on for exports
// that start with a title line.
#include <fstream>

#include <gtest/gtest.h>

#include "catalog/catalog.hpp"
#include "import/import.hpp"
#include "test_support.hpp"
#include "util/csv_table.hpp"

using namespace opora::host;

namespace {

struct Sink final : opora::ImportSink {
  void result(const opora::ResultRecord&, int) override {}
  void context(const opora::ContextRecord&, int) override {}
  void student(const opora::StudentRecord&, int) override {}
  void error(int row, int column, std::string message) override {
    errors.push_back(std::to_string(row) + ":" + std::to_string(column) + ": " + message);
  }
  std::vector<std::string> errors;
};

std::vector<opora::TableRow> rows_of(std::string text, Sink& sink) {
  auto csv = CsvReader::from_string(std::move(text));
  CsvTable table(csv, sink);
  std::vector<opora::TableRow> rows;
  for (opora::TableRow row; table.next(row);) rows.push_back(row);
  return rows;
}

}  // namespace

// The regional monitoring export: a title line with a comma above a ';' table. The header-line
// rule took ',' from the title; the plugins' own reader (now gone) preferred ';'.
TEST(CsvTable, ATitleLineWithACommaDoesNotDecideTheDelimiter) {
  auto csv = CsvReader::from_string(
      "Региональный мониторинг, 2023 год\nЛогин ОО;Класс;Доля\nsch1;5;12,5\nsch2;6;7,25\n");
  EXPECT_EQ(csv.delimiter(), ';');
  auto tab = CsvReader::from_string("Статистика по отметкам\nЛогин ОО\t2\t3\nsch1\t1,5\t2\n");
  EXPECT_EQ(tab.delimiter(), '\t');
}

TEST(CsvTable, SkipsBlankRowsAndKeepsLines) {
  Sink sink;
  auto rows = rows_of("Заголовок\n;;;\n\na;b;c\n ; ;\n1;\"2;3\";4\n", sink);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].line, 1);
  EXPECT_EQ(rows[1].line, 4);
  EXPECT_EQ(rows[1].cells, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(rows[2].line, 6);
  EXPECT_EQ(rows[2].cells, (std::vector<std::string>{"1", "2;3", "4"}));
  EXPECT_TRUE(sink.errors.empty());
}

TEST(CsvTable, AMalformedFileEndsTheTableWithTheHostsPositionedError) {
  Sink sink;
  auto rows = rows_of("a;b\n1;\"open\n2;3\n", sink);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].rfind("2:2: кавычка", 0), 0u) << sink.errors[0];
}

TEST(CsvTable, Windows1251IsDecodedByTheHost) {
  Sink sink;
  auto rows = rows_of(std::string("\xCB\xEE\xE3\xE8\xED;\xCA\xEB\xE0\xF1\xF1\n"), sink);  // Логин;Класс
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].cells, (std::vector<std::string>{"Логин", "Класс"}));
}

namespace {

// Echoes the cells it is given as a file-level error: what a plugin importer sees.
class EchoImporter final : public opora::Importer {
 public:
  std::string id() const override { return "echo"; }
  std::string title() const override { return "Эхо"; }
  void read(opora::TableReader& table, opora::ImportSink& sink) const override {
    for (opora::TableRow row; table.next(row);)
      sink.error(row.line, 1, "ячеек " + std::to_string(row.cells.size()));
  }
};

}  // namespace

TEST(CsvTable, PluginImportsReportTheHostsCsvErrorsWithFileLineAndColumn) {
  opora::test::TempDir dir;
  auto db = opora::test::seeded_db(dir);
  Catalog catalog;
  catalog.add_importer(std::make_unique<EchoImporter>());
  auto file = dir.path() / "bad.csv";
  std::ofstream(file) << "a;b;c\n1;\"never closed\n";
  try {
    import_file(db, "echo", file, &catalog);
    FAIL() << "imported";
  } catch (const ImportFailed& e) {
    std::string all;
    for (const auto& m : e.errors()) all += m + "\n";
    EXPECT_NE(all.find(file.string() + ":1:1: ячеек 3"), std::string::npos) << all;
    EXPECT_NE(all.find(file.string() + ":2:2: кавычка"), std::string::npos) << all;
  }
}
