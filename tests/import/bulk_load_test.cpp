// The import's bulk-load settings (issue 10 §5): the per-row foreign-key lookup is off during a
// load that checks its references against the id maps, and back on afterwards, whether the
// import succeeded or was refused; references it cannot resolve are still refused.
#include <gtest/gtest.h>

#include "test_support.hpp"

using namespace opora::host;
using opora::test::fixture;
using opora::test::seeded_db;
using opora::test::TempDir;

TEST(BulkLoad, ForeignKeysAreOnAgainAfterAnImport) {
  TempDir dir;
  auto db = seeded_db(dir);
  ASSERT_EQ(db.scalar("PRAGMA foreign_keys"), 1);
  import_file(db, "results", fixture("results.csv"));
  EXPECT_EQ(db.scalar("PRAGMA foreign_keys"), 1);
  // The connection still enforces them: a row of a school that does not exist is refused.
  EXPECT_THROW(db.exec("INSERT INTO results VALUES (999, 2024, 'ВПР', 5, 'Математика', 1, 1, "
                       "0, 0, 0, NULL)"),
               StoreError);
}

TEST(BulkLoad, ForeignKeysAreOnAgainAfterARefusedImport) {
  TempDir dir;
  auto db = seeded_db(dir);
  auto bad = dir.write("bad.csv",
                       "login;procedure;year;grade;subject;participants;m2;m3;m4;m5;mean_score\n"
                       "sch000000;ВПР;2024;5;Математика;10;1;3;3;3;\n");
  EXPECT_THROW(import_file(db, "results", bad), ImportFailed);
  EXPECT_EQ(db.scalar("PRAGMA foreign_keys"), 1);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM results"), 0);
}
