#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "store/territory.hpp"
#include "test_support.hpp"

using namespace opora::host;
using opora::test::dump;
using opora::test::fixture;
using opora::test::seeded_db;
using opora::test::TempDir;

namespace {

std::string joined(const ImportFailed& e) {
  std::string all;
  for (const auto& s : e.errors()) all += s + "\n";
  return all;
}

}  // namespace

TEST(Import, LoadsEveryBuiltinKind) {
  TempDir dir;
  auto db = seeded_db(dir);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM territories"), 3);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM schools"), 3);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM schools WHERE students IS NULL"), 1);

  auto r = import_file(db, "results", fixture("results.csv"));
  EXPECT_EQ(r.rows, 4);
  EXPECT_EQ(r.inserted, 4);
  auto q = db.prepare(
      "SELECT participants, m2, m5, mean_score FROM results JOIN schools s ON s.id = school "
      "WHERE login = 'sch740001' AND subject = 'Русский язык'");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.column_int(0), 50);
  EXPECT_EQ(q.column_int(1), 5);
  EXPECT_EQ(q.column_int(2), 10);
  EXPECT_DOUBLE_EQ(q.column_double(3), 22.5);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM results WHERE mean_score IS NULL"), 1);

  EXPECT_EQ(import_file(db, "context", fixture("context.csv")).inserted, 3);
  EXPECT_EQ(db.scalar("SELECT value * 10 FROM observations WHERE indicator = 'low_income_share' "
                      "AND school = (SELECT id FROM schools WHERE login = 'sch740001')"),
            125);
  EXPECT_EQ(import_file(db, "risk", fixture("risk.csv")).inserted, 3);
  auto levels = db.prepare(
      "SELECT group_concat(level, ',') FROM (SELECT level FROM risk_profiles ORDER BY school, "
      "factor)");
  ASSERT_TRUE(levels.step());
  EXPECT_EQ(levels.column_text(0), "3,1,2");
  EXPECT_EQ(import_file(db, "students", fixture("students.csv")).inserted, 2);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM student_results WHERE mark IS NULL"), 1);
  EXPECT_EQ(import_file(db, "territory_context", fixture("territory_context.csv")).inserted, 1);
  EXPECT_EQ(db.scalar("SELECT value FROM territory_observations"), 412);
}

TEST(Import, Cp1251WithDecimalComma) {
  TempDir dir;
  auto db = seeded_db(dir);
  auto r = import_file(db, "results", fixture("results_cp1251.csv"));
  EXPECT_EQ(r.inserted, 1);
  auto q = db.prepare("SELECT subject, mean_score FROM results WHERE grade = 6");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.column_text(0), "Русский язык");
  EXPECT_DOUBLE_EQ(q.column_double(1), 17.75);
}

TEST(Import, QuotedFieldsWithNewlines) {
  TempDir dir;
  auto db = seeded_db(dir);
  auto r = import_file(db, "schools", fixture("schools_quoted.csv"));
  EXPECT_EQ(r.rows, 2);
  EXPECT_EQ(r.inserted, 2);
  auto q = db.prepare("SELECT name, students FROM schools WHERE login = 'sch740010'");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.column_text(0), "МБОУ \"Школа; с переносом\"\nвторая строка");
  EXPECT_EQ(q.column_int(1), 1024);
}

TEST(Import, ReimportIsIdempotent) {
  TempDir dir;
  auto db = seeded_db(dir);
  import_file(db, "results", fixture("results.csv"));
  import_file(db, "context", fixture("context.csv"));
  auto before = dump(db);
  auto history = db.scalar("SELECT count(*) FROM history");

  auto r = import_file(db, "results", fixture("results.csv"));
  EXPECT_EQ(r.rows, 4);
  EXPECT_EQ(r.inserted, 0);
  EXPECT_EQ(r.updated, 0);
  EXPECT_EQ(r.unchanged, 4);
  auto s = import_file(db, "schools", fixture("schools.csv"));
  EXPECT_EQ(s.inserted + s.updated, 0);
  auto t = import_file(db, "territories", fixture("territories.csv"));
  EXPECT_EQ(t.unchanged, 3);
  auto c = import_file(db, "context", fixture("context.csv"));
  EXPECT_EQ(c.unchanged, 3);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM history"), history);
  EXPECT_EQ(dump(db), before);
}

TEST(Import, ChangedValueGoesToHistory) {
  TempDir dir;
  auto db = seeded_db(dir);
  import_file(db, "results", fixture("results.csv"));
  ASSERT_EQ(db.scalar("SELECT count(*) FROM history"), 0);
  auto changed = dir.write(
      "results2.csv",
      "login;procedure;year;grade;subject;participants;m2;m3;m4;m5;mean_score\n"
      "sch740001;ВПР;2023;4;Русский язык;51;6;20;15;10;22,5\n"
      "sch740001;ВПР;2023;4;Математика;48;3;20;15;10;\n");
  auto r = import_file(db, "results", changed);
  EXPECT_EQ(r.updated, 1);
  EXPECT_EQ(r.unchanged, 1);
  auto h = db.prepare("SELECT table_name, action, row_key, old_value FROM history");
  ASSERT_TRUE(h.step());
  EXPECT_EQ(h.column_text(0), "results");
  EXPECT_EQ(h.column_text(1), "update");
  auto key = nlohmann::json::parse(h.column_text(2));
  EXPECT_EQ(key[2], "ВПР");
  auto old = nlohmann::json::parse(h.column_text(3));
  EXPECT_EQ(old["participants"], 50);
  EXPECT_EQ(old["m2"], 5);
  EXPECT_FALSE(h.step());
  EXPECT_EQ(db.scalar("SELECT participants FROM results WHERE subject = 'Русский язык' AND "
                      "grade = 4"),
            51);
}

TEST(Import, PackageTerritoryIsKept) {
  TempDir dir;
  auto db = Db::open(dir.path() / "opora.db");
  migrate(db);
  ensure_territory(db, "federal", "Российская Федерация", "", "federal", "package");
  ensure_territory(db, "chelyabinsk", "Челябинская обл. (пакет)", "federal", "region", "package");
  auto r = import_file(db, "territories", fixture("territories.csv"));
  EXPECT_EQ(r.inserted, 1);
  EXPECT_EQ(r.unchanged, 2);
  auto q = db.prepare("SELECT name, source FROM territories WHERE id = 'chelyabinsk'");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.column_text(0), "Челябинская обл. (пакет)");
  EXPECT_EQ(q.column_text(1), "package");
}

TEST(Import, TerritoryParentMayComeLater) {
  TempDir dir;
  auto db = Db::open(dir.path() / "opora.db");
  migrate(db);
  auto f = dir.write("t.csv",
                     "Код;Наименование;Вышестоящая территория;Уровень\n"
                     "omsk/tara;Тарский район;omsk;муниципалитет\n"
                     "omsk;Омская область;federal;регион\n"
                     "federal;РФ;;federal\n");
  EXPECT_EQ(import_file(db, "territories", f).inserted, 3);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM territories WHERE level = 'municipality'"), 1);
}

struct BadFile {
  std::string kind;
  std::string file;
  std::vector<std::string> expected;  // substrings after the file name
};

class ImportRefuses : public ::testing::TestWithParam<BadFile> {};

TEST_P(ImportRefuses, WithPositionAndLeavesStoreUnchanged) {
  const auto& p = GetParam();
  TempDir dir;
  auto db = seeded_db(dir);
  import_file(db, "results", fixture("results.csv"));
  auto before = dump(db);
  auto path = fixture(p.file);
  try {
    import_file(db, p.kind, path);
    FAIL() << p.file << " was accepted";
  } catch (const ImportFailed& e) {
    auto all = joined(e);
    for (const auto& want : p.expected)
      EXPECT_NE(all.find(path.string() + want), std::string::npos)
          << "expected «" << want << "» in:\n" << all;
  }
  EXPECT_EQ(dump(db), before);
  EXPECT_FALSE(db.in_transaction());
}

INSTANTIATE_TEST_SUITE_P(
    Errors, ImportRefuses,
    ::testing::Values(
        BadFile{"results", "bad_unknown_school.csv", {":3:1: неизвестная школа «sch999999»"}},
        BadFile{"results", "bad_marks_sum.csv",
                {":2:6: сумма отметок «2»–«5» (5 + 20 + 15 + 9 = 49) не равна количеству "
                 "участников (50)"}},
        BadFile{"results", "bad_negative.csv",
                {":2:6: «Количество участников»: отрицательное значение -5",
                 ":2:7: «отметка «2»»: отрицательное значение -5"}},
        BadFile{"results", "bad_non_numeric.csv",
                {":2:6: в столбце «Количество участников» ожидалось целое число, найдено "
                 "«пятьдесят»"}},
        BadFile{"results", "bad_year.csv", {":2:3: год 1987 вне допустимого диапазона 2000–"}},
        BadFile{"results", "bad_duplicate.csv", {":4:1: строка повторяет строку 2"}},
        BadFile{"results", "bad_missing_column.csv",
                {":1:1: нет обязательного столбца «Количество участников»"}},
        BadFile{"results", "empty.csv", {":1:1: файл пуст"}},
        BadFile{"results", "header_only.csv", {":2:1: в файле только заголовок"}},
        BadFile{"schools", "bad_unknown_territory.csv",
                {":2:3: неизвестная территория «chelyabinsk/nowhere»"}},
        BadFile{"risk", "bad_risk_level.csv", {":2:4: уровень риска «очень высокий»"}},
        BadFile{"schools", "bad_unclosed_quote.csv", {":2:2: кавычка"}},
        BadFile{"no_such_kind", "results.csv", {}}));

TEST(Import, StopsAfterFiftyErrors) {
  TempDir dir;
  auto db = seeded_db(dir);
  std::string text = "login;year;indicator;value\n";
  for (int i = 0; i < 120; ++i) text += "sch740001;2023;x" + std::to_string(i) + ";abc\n";
  try {
    import_file(db, "context", dir.write("many.csv", text));
    FAIL();
  } catch (const ImportFailed& e) {
    ASSERT_EQ(e.errors().size(), 51u);
    EXPECT_NE(e.errors().back().find("остановлена после 50 ошибок"), std::string::npos);
  }
  EXPECT_EQ(db.scalar("SELECT count(*) FROM observations"), 0);
}

TEST(Import, UnknownKindListsKnownOnes) {
  TempDir dir;
  auto db = seeded_db(dir);
  try {
    import_file(db, "marks", fixture("results.csv"));
    FAIL();
  } catch (const ImportFailed& e) {
    EXPECT_NE(std::string(e.what()).find("неизвестный вид данных «marks»"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("territory_context"), std::string::npos);
  }
}

namespace {

// A plugin-style importer: ignores the file's format and emits fixed records.
class FakeImporter final : public opora::Importer {
 public:
  explicit FakeImporter(bool bad) : bad_(bad) {}
  std::string id() const override { return bad_ ? "fake_bad" : "fake"; }
  std::string title() const override { return "Тестовый импорт"; }
  void read(opora::TableReader&, opora::ImportSink& sink) const override {
    opora::ResultRecord r;
    r.login = "sch740002";
    r.procedure = "КДР";
    r.year = 2024;
    r.grade = 7;
    r.subject = "Математика";
    r.participants = 10;
    r.marks[0] = 1, r.marks[1] = 2, r.marks[2] = 3, r.marks[3] = 4;
    sink.result(r, 2);
    opora::ContextRecord c{"sch740002", 2024, "rural", 1.0};
    sink.context(c, 3);
    if (bad_) {
      r.login = "sch000000";
      sink.result(r, 7);
      r.login = "sch740002";
      r.marks[3] = 5;
      sink.result(r, 8);
      sink.error(9, 4, "нечитаемая ячейка");
    }
  }

 private:
  bool bad_;
};

}  // namespace

TEST(Import, PluginImporterIsValidatedLikeCsv) {
  TempDir dir;
  auto db = seeded_db(dir);
  Catalog catalog;
  catalog.add_procedure({"КДР", "Краевые диагностические работы", {}, {}, ""});  // as a package
  catalog.add_importer(std::make_unique<FakeImporter>(false));
  catalog.add_importer(std::make_unique<FakeImporter>(true));
  auto before = dump(db);
  auto any = fixture("results.csv");
  try {
    import_file(db, "fake_bad", any, &catalog);
    FAIL();
  } catch (const ImportFailed& e) {
    auto all = joined(e);
    EXPECT_NE(all.find(any.string() + ":7: неизвестная школа «sch000000»"), std::string::npos)
        << all;
    EXPECT_NE(all.find(any.string() + ":8: сумма отметок"), std::string::npos) << all;
    EXPECT_NE(all.find(any.string() + ":9:4: нечитаемая ячейка"), std::string::npos) << all;
  }
  EXPECT_EQ(dump(db), before);

  auto r = import_file(db, "fake", any, &catalog);
  EXPECT_EQ(r.rows, 2);
  EXPECT_EQ(r.inserted, 2);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM results WHERE procedure = 'КДР'"), 1);
  EXPECT_EQ(import_file(db, "fake", any, &catalog).unchanged, 2);
}
