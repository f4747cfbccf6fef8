// XLSX imports (issue 12 §1) on files written by openpyxl: the same rows, validation and
// all-or-nothing as CSV, positions as Excel names cells, and malformed books refused whole.
#include <gtest/gtest.h>

#include <cstdlib>

#include "test_support.hpp"
#include "util/rows.hpp"
#include "util/xlsx.hpp"

namespace opora::test {
namespace {

// The fixtures, written once per run by tests/import/make_xlsx.py into a temporary folder.
class Xlsx : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    std::string cmd = "/usr/bin/python3 " + std::string(OPORA_TEST_DATA) +
                      "/import/make_xlsx.py " + dir_->path().string() + " >/dev/null 2>&1";
    status_ = std::system(cmd.c_str());
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (status_ != 0) GTEST_SKIP() << "python3 with openpyxl not found (apt-get install python3-openpyxl)";
  }
  static std::filesystem::path book(const std::string& name) { return dir_->path() / name; }

  // The errors of a refused import (none when it was accepted).
  static std::vector<std::string> refusal(host::Db& db, const std::string& kind,
                                          const std::filesystem::path& file,
                                          std::string_view sheet = {}) {
    try {
      host::import_file(db, kind, file, nullptr, sheet);
    } catch (const host::ImportFailed& e) {
      return e.errors();
    }
    return {};
  }

  static TempDir* dir_;
  static int status_;
  TempDir store_;
};
TempDir* Xlsx::dir_ = nullptr;
int Xlsx::status_ = 0;

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& e : v) s += e + "\n";
  return s;
}

TEST_F(Xlsx, ResultsBelowATitleBlockWithMergedHeaderCellsAreImported) {
  auto db = seeded_db(store_);
  auto r = host::import_file(db, "results", book("results.xlsx"));
  EXPECT_EQ(r.rows, 2);
  EXPECT_EQ(r.inserted, 2);
  // Inline strings (B6, E7), numbers stored as text ("20", "1"), a float mean score.
  auto q = db.prepare(
      "SELECT s.login, r.procedure, r.year, r.grade, r.subject, r.participants, r.m2, r.m3, "
      "r.m4, r.m5, coalesce(r.mean_score, -1) FROM results r JOIN schools s ON s.id = r.school "
      "ORDER BY s.login");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.column_text(0), "sch740001");
  EXPECT_EQ(q.column_text(1), "ВПР");
  EXPECT_EQ(q.column_int64(2), 2024);
  EXPECT_EQ(q.column_int64(3), 5);
  EXPECT_EQ(q.column_text(4), "Математика");
  EXPECT_EQ(q.column_int64(5), 20);
  EXPECT_EQ(q.column_int64(6), 6);
  EXPECT_DOUBLE_EQ(q.column_double(10), 12.5);
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.column_text(0), "sch740002");
  EXPECT_EQ(q.column_text(4), "Математика");
  EXPECT_EQ(q.column_int64(6), 1);
  EXPECT_DOUBLE_EQ(q.column_double(10), -1);
}

TEST_F(Xlsx, SheetIsChosenByName) {
  auto db = seeded_db(store_);
  auto r = host::import_file(db, "context", book("results.xlsx"), nullptr, "Контекст");
  EXPECT_EQ(r.inserted, 2);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM observations WHERE value IN (0.1, 0.25)"), 2);
  auto errors = refusal(db, "context", book("results.xlsx"), "Нет такого");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("в книге нет листа «Нет такого»; листы: «Лист1», «Контекст»"),
            std::string::npos)
      << errors[0];
}

TEST_F(Xlsx, ABadRowIsReportedAtItsExcelCellAndNothingIsImported) {
  auto db = seeded_db(store_);
  auto before = dump(db);
  auto errors = refusal(db, "results", book("results_bad.xlsx"));
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].rfind(book("results_bad.xlsx").string() +
                                ":Лист1!A7: неизвестная школа «sch999999»",
                            0),
            0u)
      << joined(errors);
  EXPECT_EQ(dump(db), before);
}

TEST_F(Xlsx, ATruncatedZipIsRefused) {
  auto db = seeded_db(store_);
  auto before = dump(db);
  auto errors = refusal(db, "results", book("truncated.xlsx"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("архив повреждён или обрезан"), std::string::npos) << errors[0];
  EXPECT_EQ(dump(db), before);
}

TEST_F(Xlsx, ASheet16384ColumnsWideIsRefusedAtItsLastColumn) {
  auto db = seeded_db(store_);
  auto before = dump(db);
  auto errors = refusal(db, "results", book("wide.xlsx"));
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].find(":Лист1!L3: лишнее значение «12» за последним столбцом"),
            std::string::npos)
      << joined(errors);
  EXPECT_EQ(dump(db), before);
}

TEST_F(Xlsx, ACellPastXfdIsRefused) {
  auto db = seeded_db(store_);
  auto before = dump(db);
  auto errors = refusal(db, "results", book("past_xfd.xlsx"));
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(joined(errors).find("ячейка за последним столбцом листа (XFD, 16384 столбцов)"),
            std::string::npos)
      << joined(errors);
  EXPECT_EQ(dump(db), before);
}

TEST_F(Xlsx, AZipBombIsRefusedBeforeItIsUnpacked) {
  auto db = seeded_db(store_);
  auto before = dump(db);
  auto errors = refusal(db, "results", book("bomb.xlsx"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("«xl/worksheets/sheet1.xml» распаковывается больше чем в 256 МБ"),
            std::string::npos)
      << errors[0];
  EXPECT_EQ(dump(db), before);
}

TEST_F(Xlsx, BytesActuallyUnpackedAreCountedAgainstTheCap) {
  // A cap below the real size of the shared strings: refused while reading, whatever the
  // archive claims.
  host::XlsxLimits limits;
  limits.max_total = 1500;
  try {
    host::XlsxReader::open(book("results.xlsx"), {}, limits);
    FAIL() << "opened";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("zip-бомба"), std::string::npos) << e.what();
  }
}

TEST_F(Xlsx, SharedStringCountIsCapped) {
  host::XlsxLimits limits;
  limits.max_strings = 3;
  try {
    host::XlsxReader::open(book("results.xlsx"), {}, limits);
    FAIL() << "opened";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("больше 3 общих строк"), std::string::npos) << e.what();
  }
}

TEST_F(Xlsx, DatesNumbersAndBooleansReadAsText) {
  auto rows = host::open_rows(book("dates.xlsx"));
  EXPECT_EQ(rows->sheet(), "Даты");
  host::CsvRow row;
  ASSERT_TRUE(rows->next(row));
  ASSERT_TRUE(rows->next(row));
  EXPECT_EQ(row.line, 2);
  ASSERT_EQ(row.fields.size(), 6u);
  EXPECT_EQ(row.fields[0], "2024-05-15");
  EXPECT_EQ(row.fields[1], "2024-05-15 08:30:00");
  EXPECT_EQ(row.fields[2], "2024-05-15");  // a custom date format
  EXPECT_EQ(row.fields[3], "0.1");
  EXPECT_EQ(row.fields[4], "007");  // text stays text
  EXPECT_EQ(row.fields[5], "1");
  EXPECT_FALSE(rows->next(row));
}

TEST_F(Xlsx, MergedCellsCarryTheirValueDownTheFirstColumn) {
  auto rows = host::open_rows(book("results.xlsx"));
  host::CsvRow row;
  std::vector<std::vector<std::string>> seen;
  while (rows->next(row)) seen.emplace_back(row.fields.begin(), row.fields.end());
  ASSERT_GE(seen.size(), 4u);
  // Row 4 and 5 are the two header rows: «Логин ОО» merged A4:A5 stands on both.
  EXPECT_EQ(seen[2][0], "Логин ОО");
  EXPECT_EQ(seen[3][0], "Логин ОО");
  EXPECT_EQ(seen[3][6], "2");
  EXPECT_EQ(seen[2][7], "");  // G4:J4 is horizontal: only G4 has the text
}

TEST(Positions, OneFormatForCsvAndXlsx) {
  EXPECT_EQ(host::format_position("a.csv", "", 17, 4), "a.csv:17:4");
  EXPECT_EQ(host::format_position("a.csv", "", 17, 0), "a.csv:17");
  EXPECT_EQ(host::format_position("a.xlsx", "Лист1", 17, 4), "a.xlsx:Лист1!D17");
  EXPECT_EQ(host::format_position("a.xlsx", "Лист1", 17, 16384), "a.xlsx:Лист1!XFD17");
  EXPECT_EQ(host::format_position("a.xlsx", "Мой лист", 3, 27), "a.xlsx:'Мой лист'!AA3");
  EXPECT_EQ(host::format_position("a.xlsx", "Лист1", 0, 0), "a.xlsx:Лист1");
}

}  // namespace
}  // namespace opora::test
