// Issue 8, section 6: imports refuse what they cannot read correctly — procedures and subjects
// outside the vocabulary, territory rows that break the tree, and malformed CSV (too many
// fields, control characters, giant cells and lines). Each refusal names file:row:column and
// leaves the store exactly as it was.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "catalog/catalog.hpp"
#include "test_support.hpp"
#include "util/csv.hpp"
#include "util/vocabulary.hpp"

using namespace opora::host;
using opora::test::dump;
using opora::test::seeded_db;
using opora::test::TempDir;

namespace {

std::string joined(const ImportFailed& e) {
  std::string all;
  for (const auto& s : e.errors()) all += s + "\n";
  return all;
}

// Imports `text` as `kind`, expects a refusal containing `expected` and an unchanged store.
void expect_refused(Db& db, const TempDir& dir, std::string_view kind, const std::string& text,
                    const std::string& expected, const Catalog* catalog = nullptr) {
  auto before = dump(db);
  auto file = dir.write("in.csv", text);
  try {
    import_file(db, kind, file, catalog);
    ADD_FAILURE() << "accepted:\n" << text;
  } catch (const ImportFailed& e) {
    EXPECT_NE(joined(e).find(file.string() + expected), std::string::npos)
        << "expected «" << expected << "» in\n"
        << joined(e);
  }
  EXPECT_EQ(dump(db), before) << "a refused import changed the store";
}

const std::string kResultsHeader =
    "login;procedure;year;grade;subject;participants;m2;m3;m4;m5\n";

std::string result_row(std::string_view procedure, std::string_view subject = "Математика") {
  return "sch740001;" + std::string(procedure) + ";2023;5;" + std::string(subject) +
         ";20;2;8;6;4\n";
}

}  // namespace

// --- the vocabulary of procedures and subjects ---------------------------------------------

TEST(Vocabulary, AliasesCaseAndLatinLookAlikesMapToCanonicalNames) {
  const auto& v = standard_vocabulary();
  for (const char* s : {"ВПР", "VPR", "vpr", "впр", " Впр ", "BПP" /* Latin B and P */})
    EXPECT_EQ(v.procedure(s).value_or("-"), "ВПР") << s;
  EXPECT_EQ(v.procedure("OGE").value_or("-"), "ОГЭ");
  EXPECT_EQ(v.procedure("ege").value_or("-"), "ЕГЭ");
  EXPECT_EQ(v.subject("ru").value_or("-"), "Русский язык");
  EXPECT_EQ(v.subject("русский язык").value_or("-"), "Русский язык");
  EXPECT_EQ(v.subject("math").value_or("-"), "Математика");
  EXPECT_EQ(v.subject("MATH").value_or("-"), "Математика");
  EXPECT_EQ(v.subject("МАТЕМАТИКА").value_or("-"), "Математика");
  EXPECT_FALSE(v.procedure("XYZ-2022"));
  EXPECT_FALSE(v.procedure("КДР"));  // a region's procedure: only when a package declares it
  EXPECT_FALSE(v.subject("Астрология"));
}

TEST(Vocabulary, DeclaredProcedureIsAddedAndClashesAreReported) {
  Vocabulary v = Vocabulary::standard();
  EXPECT_EQ(v.add_procedure("КДР", {"KDR"}), "");
  EXPECT_EQ(v.procedure("kdr").value_or("-"), "КДР");
  EXPECT_EQ(v.procedure("кдр").value_or("-"), "КДР");
  EXPECT_NE(v.add_procedure("РМКП", {"VPR"}).find("уже означает «ВПР»"), std::string::npos);
  EXPECT_NE(v.procedure_list().find("ВПР, ОГЭ, ЕГЭ"), std::string::npos);
}

TEST(ImportRefusals, ProcedureAliasesAreStoredUnderTheCanonicalName) {
  TempDir dir;
  auto db = seeded_db(dir);
  auto file = dir.write("r.csv", kResultsHeader + result_row("VPR") +
                                     result_row("впр", "ru") + result_row("OGE", "math"));
  import_file(db, "results", file);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM results WHERE procedure = 'ВПР'"), 2);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM results WHERE procedure = 'ОГЭ'"), 1);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM results WHERE subject = 'Русский язык'"), 1);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM results WHERE procedure NOT IN ('ВПР', 'ОГЭ')"), 0);
}

TEST(ImportRefusals, SameWorkUnderTwoSpellingsIsADuplicate) {
  TempDir dir;
  auto db = seeded_db(dir);
  expect_refused(db, dir, "results", kResultsHeader + result_row("ВПР") + result_row("VPR"),
                 ":3:1: строка повторяет строку 2");
}

TEST(ImportRefusals, UnknownProcedureIsRefusedWithRowColumnAndKnownNames) {
  TempDir dir;
  auto db = seeded_db(dir);
  expect_refused(db, dir, "results", kResultsHeader + result_row("ВПР") + result_row("XYZ-2022"),
                 ":3:2: неизвестная процедура «XYZ-2022»; известны: ВПР, ОГЭ, ЕГЭ");
  expect_refused(db, dir, "students",
                 "login;procedure;year;grade;subject;student;primary_score\n"
                 "sch740001;VPRR;2023;5;Математика;1;10\n",
                 ":2:2: неизвестная процедура «VPRR»");
}

TEST(ImportRefusals, UnknownSubjectIsRefusedWithKnownNames) {
  TempDir dir;
  auto db = seeded_db(dir);
  expect_refused(db, dir, "results", kResultsHeader + result_row("ВПР", "Матем-ка"),
                 ":2:5: неизвестный предмет «Матем-ка»; известны: Русский язык, Математика");
}

TEST(ImportRefusals, ProcedureDeclaredByAPackageIsAccepted) {
  TempDir dir;
  auto db = seeded_db(dir);
  Catalog catalog;
  expect_refused(db, dir, "results", kResultsHeader + result_row("КДР"),
                 ":2:2: неизвестная процедура «КДР»", &catalog);
  catalog.set_source({"package", "scripts/krasnodar/package.lua:3"}, "krasnodar", nullptr);
  catalog.add_procedure({"КДР", "Краевые диагностические работы", {"KDR"}, {}, ""});
  import_file(db, "results", dir.write("k.csv", kResultsHeader + result_row("kdr")), &catalog);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM results WHERE procedure = 'КДР'"), 1);
}

// --- the territory tree ---------------------------------------------------------------------

TEST(ImportRefusals, TerritoryTreeIsValidated) {
  TempDir dir;
  auto db = seeded_db(dir);  // federal, chelyabinsk, chelyabinsk/chebarkul
  const std::string h = "id;name;parent;level\n";
  struct Case {
    const char* what;
    std::string rows;
    std::string expected;
  };
  const Case cases[] = {
      {"region under a region", "kurgan;Курганская;chelyabinsk;region\n",
       ":2:3: регион «kurgan» находится только под federal"},
      {"municipality under federal", "chelyabinsk/miass;Миасс;federal;municipality\n",
       ":2:3: муниципалитет «chelyabinsk/miass» находится только под своим регионом"},
      {"municipality-level id without a region", "miass;Миасс;federal;municipality\n",
       ":2:4: «miass» — код региона"},
      {"id outside its parent's path", "kurgan/shadrinsk;Шадринск;chelyabinsk;municipality\n",
       ":2:3: муниципалитет «kurgan/shadrinsk» находится только под своим регионом «kurgan»"},
      {"region under a municipality", "kurgan;Курганская;chelyabinsk/chebarkul;region\n",
       ":2:3: регион «kurgan»"},
      {"a cycle", "a;A;b;region\nb;B;a;region\n", ":2:3: регион «a» находится только под federal"},
      {"too deep", "chelyabinsk/chebarkul/x;X;chelyabinsk/chebarkul;municipality\n",
       ":2:1: код территории «chelyabinsk/chebarkul/x» не задаёт место"},
      {"redefining federal as a region", "federal;Россия;;region\n",
       ":2:4: federal — корень дерева территорий"},
      {"federal under something", "federal;Россия;chelyabinsk;federal\n",
       ":2:3: federal — корень дерева территорий"},
      {"renaming federal", "federal;Другая страна;;federal\n",
       ":2:2: federal уже определён («Российская Федерация»)"},
      {"another federal level", "russia;Россия;;federal\n",
       ":2:4: уровень federal только у территории federal"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    expect_refused(db, dir, "territories", h + c.rows, c.expected);
  }
}

TEST(ImportRefusals, MovingAMunicipalityUnderAnotherRegionIsRefused) {
  TempDir dir;
  auto db = seeded_db(dir);
  import_file(db, "territories",
              dir.write("k.csv", "id;name;parent;level\nkurgan;Курганская область;federal;region\n"));
  expect_refused(db, dir, "territories",
                 "id;name;parent;level\n"
                 "chelyabinsk/chebarkul;Чебаркульский городской округ;kurgan;municipality\n",
                 ":2:3: муниципалитет «chelyabinsk/chebarkul» находится только под своим "
                 "регионом «chelyabinsk»");
  auto q = db.prepare("SELECT parent FROM territories WHERE id = 'chelyabinsk/chebarkul'");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.column_text(0), "chelyabinsk");
}

TEST(ImportRefusals, ValidTreeStillImportsAndParentMayBeLeftOut) {
  TempDir dir;
  auto db = seeded_db(dir);
  import_file(db, "territories",
              dir.write("t.csv", "id;name;parent;level\n"
                                 "kurgan/shadrinsk;Шадринск;;municipality\n"  // parent below
                                 "kurgan;Курганская область;federal;region\n"
                                 "federal;Российская Федерация;;federal\n"));
  auto q = db.prepare("SELECT parent FROM territories WHERE id = 'kurgan/shadrinsk'");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.column_text(0), "kurgan");
}

// --- the CSV reader -------------------------------------------------------------------------

TEST(ImportRefusals, RowWithMoreFieldsThanTheHeaderIsRefused) {
  TempDir dir;
  auto db = seeded_db(dir);
  // "22,5" unquoted in a comma-separated file shifts every later cell.
  expect_refused(db, dir, "results",
                 "login,procedure,year,grade,subject,participants,m2,m3,m4,m5,mean_score\n"
                 "sch740001,ВПР,2023,5,Математика,20,2,8,6,4,22,5\n",
                 ":2:12: лишнее значение «5» за последним столбцом");
}

TEST(ImportRefusals, ControlCharactersInATextCellAreRefused) {
  TempDir dir;
  auto db = seeded_db(dir);
  const std::string h = "login;name;territory\n";
  expect_refused(db, dir, "schools", h + std::string("sch1;Школа") + '\0' + "№1;chelyabinsk\n",
                 ":2:2: управляющий символ U+0000 (NUL)");
  expect_refused(db, dir, "schools", h + "sch1;Школа\x01;chelyabinsk\n",
                 ":2:2: управляющий символ U+0001");
  expect_refused(db, dir, "schools", h + "sch1;Школа\x7F;chelyabinsk\n",
                 ":2:2: управляющий символ U+007F");
  expect_refused(db, dir, "schools", h + "sch1;\"Школа\x1B[31m\";chelyabinsk\n",
                 ":2:2: управляющий символ U+001B");
  expect_refused(db, dir, "schools", h + "sch1;Школа\xC2\x85;chelyabinsk\n",
                 ":2:2: управляющий символ U+0085");
  expect_refused(db, dir, "schools", h + "sch1;Шк\rола;chelyabinsk\n",
                 ":2:2: управляющий символ U+000D");
}

TEST(ImportRefusals, HugeCellIsRefused) {
  TempDir dir;
  auto db = seeded_db(dir);
  std::string big(25u << 20, 'x');
  expect_refused(db, dir, "schools", "login;name;territory\nsch1;" + big + ";chelyabinsk\n",
                 ":2:2: ячейка длиннее 64 КБ");
  std::string quoted = "\"" + std::string(100000, 'y') + "\"";
  expect_refused(db, dir, "schools", "login;name;territory\nsch1;" + quoted + ";chelyabinsk\n",
                 ":2:2: ячейка длиннее 64 КБ");
}

TEST(ImportRefusals, BytesThatAreNotUtf8InAUtf8FileAreRefused) {
  TempDir dir;
  auto db = seeded_db(dir);
  expect_refused(db, dir, "schools",
                 "login;name;territory\nsch1;Школа;chelyabinsk\nsch2;\xCF\xE5\xF2\xF0;chelyabinsk\n",
                 ":3:2: в ячейке байты не в кодировке UTF-8");
}

TEST(Csv, SpreadsheetPaddingBeyondTheHeaderIsDropped) {
  auto r = CsvReader::from_string("a;b\n1;2;;\n3;4\n");
  CsvRow row;
  ASSERT_TRUE(r.next(row));
  ASSERT_TRUE(r.next(row));
  EXPECT_EQ(row.fields.size(), 2u);
  ASSERT_TRUE(r.next(row));
  EXPECT_EQ(row.fields[1], "4");
}

TEST(Csv, RowsSpanningReadChunksAreReadWhole) {
  // Rows much longer than one read() and quoted line breaks across chunk boundaries.
  std::string text = "a;b\n";
  for (int i = 0; i < 40; ++i)
    text += std::to_string(i) + ";\"" + std::string(20000 + i, 'q') + "\n\"\"x\"\"\"\n";
  TempDir dir;
  auto file = dir.write("long.csv", text);
  auto r = CsvReader::open(file);
  CsvRow row;
  ASSERT_TRUE(r.next(row));
  int n = 0, line = 0;
  while (r.next(row)) {
    EXPECT_EQ(row.fields[0], std::to_string(n));
    EXPECT_EQ(row.fields[1].size(), 20000u + n + 4);
    EXPECT_TRUE(row.fields[1].ends_with("\n\"x\""));
    EXPECT_GT(row.line, line);
    line = row.line;
    ++n;
  }
  EXPECT_EQ(n, 40);
  EXPECT_EQ(line, 2 + 39 * 2);
}

TEST(Csv, Cp1251AfterAnAsciiStartIsDetectedPerRow) {
  std::string text = "login;name\n";
  for (int i = 0; i < 30000; ++i) text += "sch" + std::to_string(i) + ";x\n";  // > one chunk
  text += "sch1;\xCF\xE5\xF2\xF0\n";
  auto r = CsvReader::from_string(text);
  CsvRow row;
  while (r.next(row)) {
  }
  EXPECT_EQ(r.encoding(), Encoding::cp1251);
  EXPECT_EQ(row.fields[1], "Петр");
}

// A one-line 110 MB file is refused after the row cap, reading about a megabyte: the child
// process's peak memory stays far below the file's size.
TEST(ImportRefusals, OneLineHugeFileIsRefusedWithBoundedMemory) {
  TempDir dir;
  auto file = dir.path() / "one-line.csv";
  {
    std::ofstream out(file, std::ios::binary);
    std::string chunk(1 << 20, 'a');
    for (std::size_t i = 0; i < chunk.size(); i += 1000) chunk[i] = ';';  // short cells
    for (int i = 0; i < 110; ++i) out << chunk;
  }
  auto db_path = dir.path() / "opora.db";
  {
    auto db = Db::open(db_path);
    migrate(db);
  }
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    int code = 1;
    try {
      auto db = Db::open(db_path);
      import_file(db, "schools", file);
    } catch (const ImportFailed& e) {
      std::string all = e.what();
      code = all.find(file.string() + ":1:") != std::string::npos &&
                     all.find("строка длиннее 1 МБ") != std::string::npos
                 ? 0
                 : 2;
    } catch (...) {
      code = 3;
    }
    _exit(code);
  }
  int status = 0;
  struct rusage usage {};
  ASSERT_EQ(wait4(pid, &status, 0, &usage), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "not refused with file:1:column and the row cap";
  // ru_maxrss is in KiB; the forked test binary itself accounts for a few MB.
  EXPECT_LT(usage.ru_maxrss, 64 * 1024) << "peak memory " << usage.ru_maxrss << " KiB";
}

TEST(ImportRefusals, RiskFactorNoPackageDeclaredIsRefused) {
  TempDir dir;
  auto db = seeded_db(dir);
  Catalog catalog;
  catalog.add_risk_factor({"low_motivation", "Низкая учебная мотивация обучающихся", ""});
  expect_refused(db, dir, "risk", "login;year;factor;level\nsch740001;2023;low_motivaton;2\n",
                 ":2:3: неизвестный фактор риска «low_motivaton»; известны: low_motivation",
                 &catalog);
  import_file(db, "risk", dir.write("ok.csv", "login;year;factor;level\nsch740001;2023;low_motivation;2\n"),
              &catalog);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM risk_profiles"), 1);
}
