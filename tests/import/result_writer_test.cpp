// The results import writes on a second thread in batches (import/result_writer.hpp): a file of
// many batches must land exactly as one written row by row — counts, history, and nothing at all
// when a row near the end is refused.
#include <gtest/gtest.h>

#include <sstream>

#include "test_support.hpp"

using namespace opora::host;
using opora::test::dump;
using opora::test::seeded_db;
using opora::test::TempDir;

namespace {

// 3 schools × 26 years × 11 grades × 4 subjects × 3 procedures = 10,296 rows (three batches);
// `change` alters the participants of row number `change` (1-based, 0 = none), `tail` is added.
std::string many_results(int change = 0, const std::string& tail = "") {
  std::ostringstream out;
  out << "login;procedure;year;grade;subject;participants;m2;m3;m4;m5;mean_score\n";
  int n = 0;
  for (const char* school : {"sch740001", "sch740002", "sch740003"})
    for (int year = 2000; year <= 2025; ++year)
      for (int grade = 1; grade <= 11; ++grade)
        for (const char* subject : {"Русский язык", "Математика", "Биология", "История"})
          for (const char* procedure : {"ВПР", "ОГЭ", "ЕГЭ"}) {
            int extra = ++n == change ? 1 : 0;
            out << school << ";" << procedure << ";" << year << ";" << grade << ";" << subject
                << ";" << 20 + extra << ";" << 2 + extra << ";8;6;4;\n";
          }
  out << tail;
  return out.str();
}

}  // namespace

TEST(ResultWriter, ManyBatchesLandAsOneImport) {
  TempDir dir;
  auto db = seeded_db(dir);
  auto r = import_file(db, "results", dir.write("many.csv", many_results()));
  EXPECT_EQ(r.rows, 10296);
  EXPECT_EQ(r.inserted, 10296);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM results"), 10296);
  EXPECT_EQ(db.scalar("SELECT sum(participants) FROM results"), 10296 * 20);

  // Again with row 10,000 changed: one update (in the history), the rest unchanged.
  auto history = db.scalar("SELECT count(*) FROM history");
  auto again = import_file(db, "results", dir.write("again.csv", many_results(10000)));
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.updated, 1);
  EXPECT_EQ(again.unchanged, 10295);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM history"), history + 1);
  EXPECT_EQ(db.scalar("SELECT sum(participants) FROM results"), 10296 * 20 + 1);
}

TEST(ResultWriter, ARefusedRowAfterManyBatchesLeavesTheStoreUnchanged) {
  TempDir dir;
  auto db = seeded_db(dir);
  auto before = dump(db);
  auto file = dir.write("bad.csv", many_results(0, "sch999999;ВПР;2023;4;Математика;20;2;8;6;4;\n"));
  try {
    import_file(db, "results", file);
    FAIL() << "the unknown school was accepted";
  } catch (const ImportFailed& e) {
    ASSERT_EQ(e.errors().size(), 1u);
    EXPECT_NE(e.errors()[0].find(":10298:1: неизвестная школа «sch999999»"), std::string::npos)
        << e.errors()[0];
  }
  EXPECT_EQ(db.scalar("SELECT count(*) FROM results"), 0);
  EXPECT_EQ(dump(db), before);
}
