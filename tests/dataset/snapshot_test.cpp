// The dataset snapshot against a small store with known contents.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "dataset/snapshot.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"

namespace opora::host {
namespace {

class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("opora-snapshot-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    db_ = std::make_unique<Db>(Db::open(path_));
    migrate(*db_);
    db_->exec(R"sql(
      INSERT INTO territories(id, name, parent, level) VALUES ('federal', 'РФ', NULL, 'federal'),
        ('r1', 'Регион 1', 'federal', 'region'), ('r1/m1', 'М 1', 'r1', 'municipality'),
        ('r1/m2', 'М 2', 'r1', 'municipality'), ('r2', 'Регион 2', 'federal', 'region');
      INSERT INTO schools(id, login, name, territory, kind, locality, students) VALUES
        (1, 'sch010001', 'Школа 1', 'r1/m1', 'СОШ', 'city', 500),
        (2, 'sch010002', 'Школа 2', 'r1/m2', 'ООШ', 'village', 40),
        (3, 'sch020001', 'Школа 3', 'r2', 'СОШ', 'town', 300);
      INSERT INTO results VALUES
        (1, 2023, 'ВПР', 5, 'Математика', 20, 6, 8, 4, 2, 10.5),
        (1, 2024, 'ВПР', 5, 'Математика', 20, 2, 8, 6, 4, NULL),
        (1, 2024, 'ВПР', 5, 'Русский язык', 10, 5, 5, 0, 0, 9),
        (1, 2024, 'ОГЭ', 9, 'Математика', 15, 0, 5, 5, 5, 15),
        (2, 2024, 'ВПР', 4, 'Математика', 8, 4, 4, 0, 0, 7),
        (3, 2024, 'ЕГЭ', 11, 'Русский язык', 30, 1, 9, 10, 10, 70);
      INSERT INTO observations VALUES (1, 2022, 'low_income_share', 0.2),
        (1, 2024, 'low_income_share', 0.3), (2, 2022, 'rural', 1);
      INSERT INTO risk_profiles VALUES (2, 2024, 'low_motivation', 3);
      INSERT INTO student_results VALUES (1, 2024, 'ВПР', 5, 'Математика', 'a', 10, 3),
        (1, 2024, 'ВПР', 5, 'Математика', 'b', 12, 4);
    )sql");
  }
  void TearDown() override {
    db_.reset();
    for (auto s : {"", "-wal", "-shm", ".snapshot"}) std::filesystem::remove(path_.string() + s);
  }
  std::filesystem::path path_;
  std::unique_ptr<Db> db_;
};

TEST_F(SnapshotTest, LoadsOnlyTheRequestedTerritoryAndYears) {
  auto s = Snapshot::load(db_->handle(), {{"r1"}, 2024, 2024, false});
  ASSERT_EQ(s->school_count(), 2u);
  EXPECT_FALSE(s->find_school("sch020001"));
  auto i = *s->find_school("sch010001");
  EXPECT_EQ(s->results(i).size(), 3u);  // 2023 row left out
  EXPECT_EQ(s->school(i).region, "r1");
  EXPECT_EQ(s->school(i).territory, "r1/m1");
  EXPECT_EQ(s->schools_in("r1/m2").size(), 1u);
  EXPECT_EQ(s->region_population("r1").size(), 2u);
}

TEST_F(SnapshotTest, NamesStayValidViewsAfterLoading) {
  // Regression: procedure_name/subject_name returned views of temporaries.
  auto s = Snapshot::load(db_->handle(), {{}, 0, 0, false});
  auto i = *s->find_school("sch010001");
  for (const auto& r : s->results(i)) {
    std::string proc(s->procedure_name(r.procedure));
    std::string subj(s->subject_name(r.subject));
    EXPECT_TRUE(proc == "ВПР" || proc == "ОГЭ") << proc;
    EXPECT_TRUE(subj == "Математика" || subj == "Русский язык") << subj;
  }
  EXPECT_EQ(s->procedure_name(999), "");
}

TEST_F(SnapshotTest, RowsAreSortedAndAggregatesAddUp) {
  auto s = Snapshot::load(db_->handle(), {{"federal"}, 0, 0, false});
  auto i = *s->find_school("sch010001");
  auto rows = s->results(i);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].year, 2023);
  EXPECT_TRUE(std::isnan(rows[1].mean_score));
  ResultFilter f;
  f.year = 2024;
  f.procedure = s->procedure_id("ВПР");
  auto a = s->aggregate(i, f);
  EXPECT_EQ(a.participants, 30);
  EXPECT_EQ(a.marks[0], 7);
  EXPECT_NEAR(a.share2(), 7.0 / 30, 1e-12);
  f.min_participants = 15;  // the 10-participant work is left out
  EXPECT_EQ(s->aggregate(i, f).participants, 20);
}

TEST_F(SnapshotTest, ContextFallsBackToTheLatestEarlierYear) {
  auto s = Snapshot::load(db_->handle(), {{}, 0, 0, false});
  auto i = *s->find_school("sch010001");
  EXPECT_DOUBLE_EQ(*s->context(i, "low_income_share", 2024), 0.3);
  EXPECT_DOUBLE_EQ(*s->context(i, "low_income_share", 2023), 0.2);
  EXPECT_FALSE(s->context(i, "low_income_share", 2021));
  EXPECT_FALSE(s->context(i, "unknown", 2024));
}

TEST_F(SnapshotTest, RiskAndStudentScores) {
  auto s = Snapshot::load(db_->handle(), {{}, 0, 0, true});
  auto j = *s->find_school("sch010002");
  EXPECT_EQ(s->risk_level(j, 2024, "low_motivation"), 3);
  EXPECT_EQ(s->risk_level(j, 2023, "low_motivation"), 0);
  auto i = *s->find_school("sch010001");
  auto scores = s->student_scores(i, 2024, s->procedure_id("ВПР"), s->subject_id("Математика"), 5);
  EXPECT_EQ(scores.size(), 2u);
}

}  // namespace
}  // namespace opora::host

namespace opora::host {
namespace {

// Regression: ordered by the child's column, SQLite scanned every result row of the country to
// load one municipality (1.1 s instead of 0.02 s on a national store). The plan must search
// results by the primary key for a territory, and may scan only for the whole country.
TEST_F(SnapshotTest, TerritoryQueriesSearchResultsByKey) {
  auto plan = [&](const SnapshotRequest& r) {
    auto q = db_->prepare("EXPLAIN QUERY PLAN " + Snapshot::results_sql(r));
    for (std::size_t i = 0; i < r.territories.size(); ++i) q.bind(int(i + 1), r.territories[i]);
    std::string out;
    while (q.step()) out += std::string(q.column_text(3)) + "\n";
    return out;
  };
  auto one = plan({{"r1/m1"}, 2023, 2024, false});
  EXPECT_EQ(one.find("SCAN r"), std::string::npos) << one;
  EXPECT_NE(one.find("SEARCH r"), std::string::npos) << one;
  EXPECT_EQ(one.find("TEMP B-TREE"), std::string::npos) << one;
  auto all = plan({{}, 0, 0, false});
  EXPECT_EQ(all.find("TEMP B-TREE"), std::string::npos) << all;  // whole country: no sort either
}

}  // namespace
}  // namespace opora::host

namespace opora::host {
namespace {

// Issue 8 §6: criteria name procedures and subjects by aliases too ("VPR", "math"), and read
// the same rows the import stored under the canonical names.
TEST_F(SnapshotTest, LookupsReadAliasesOfProceduresAndSubjects) {
  auto snap = Snapshot::load(db_->handle(), {{"federal"}, 0, 0, false});
  const Snapshot& s = *snap;
  const int vpr = s.procedure_id("ВПР");
  ASSERT_GE(vpr, 0);
  EXPECT_EQ(s.procedure_id("VPR"), vpr);
  EXPECT_EQ(s.procedure_id("впр"), vpr);
  EXPECT_EQ(s.procedure_id("OGE"), s.procedure_id("ОГЭ"));
  EXPECT_EQ(s.subject_id("math"), s.subject_id("Математика"));
  EXPECT_EQ(s.subject_id("ru"), s.subject_id("Русский язык"));
  EXPECT_LT(s.procedure_id("XYZ-2022"), 0);
  EXPECT_LT(s.procedure_id("КДР"), 0);  // none in this store
}

}  // namespace
}  // namespace opora::host

namespace opora::host {
namespace {

// A territory's schools come through the territory index, grouped by municipality and not in
// id order (here 1, 4, 2, 5): every school still gets exactly its own rows, as in the
// whole-country snapshot, and a territory whose id only starts the same ("r1/m1-x") is not
// part of "r1/m1".
TEST_F(SnapshotTest, SchoolsOutOfIdOrderGetTheirOwnRows) {
  db_->exec(R"sql(
    INSERT INTO territories(id, name, parent, level) VALUES
      ('r1/m1-x', 'Похожий id', 'r1', 'municipality');
    INSERT INTO schools(id, login, name, territory) VALUES (4, 'sch010004', 'Школа 4', 'r1/m1'),
      (5, 'sch010005', 'Школа 5', 'r1/m2'), (6, 'sch010006', 'Школа 6', 'r1/m1-x');
    INSERT INTO results VALUES (4, 2024, 'ВПР', 6, 'Математика', 10, 1, 3, 3, 3, NULL),
      (5, 2024, 'ВПР', 7, 'Математика', 12, 2, 4, 4, 2, NULL),
      (5, 2023, 'ВПР', 6, 'Математика', 11, 3, 4, 2, 2, NULL),
      (6, 2024, 'ВПР', 8, 'Математика', 9, 0, 3, 3, 3, NULL);
    INSERT INTO observations VALUES (5, 2024, 'rural', 1), (4, 2024, 'rural', 0);
    INSERT INTO risk_profiles VALUES (4, 2024, 'low_motivation', 1);
  )sql");
  auto all = Snapshot::load(db_->handle(), {{}, 0, 0, false});
  auto r1 = Snapshot::load(db_->handle(), {{"r1"}, 0, 0, false});
  EXPECT_EQ(r1->school_count(), 5u);
  for (SchoolIndex i = 0; i < r1->school_count(); ++i) {
    auto login = r1->school(i).login;
    auto j = *all->find_school(login);
    ASSERT_EQ(r1->results(i).size(), all->results(j).size()) << login;
    for (std::size_t k = 0; k < r1->results(i).size(); ++k) {
      EXPECT_EQ(r1->results(i)[k].year, all->results(j)[k].year) << login;
      EXPECT_EQ(r1->results(i)[k].grade, all->results(j)[k].grade) << login;
      EXPECT_EQ(r1->results(i)[k].participants, all->results(j)[k].participants) << login;
    }
    EXPECT_EQ(r1->context(i, "rural", 2024), all->context(j, "rural", 2024)) << login;
    EXPECT_EQ(r1->risk_level(i, 2024, "low_motivation"),
              all->risk_level(j, 2024, "low_motivation"))
        << login;
  }
  // The same subtree rule inside a snapshot: r1/m1 holds schools 1 and 4, not r1/m1-x's.
  auto in_m1 = all->schools_in("r1/m1");
  ASSERT_EQ(in_m1.size(), 2u);
  EXPECT_EQ(all->school(in_m1[0]).login, "sch010001");
  EXPECT_EQ(all->school(in_m1[1]).login, "sch010004");
  EXPECT_EQ(all->schools_in("r1").size(), 5u);
  EXPECT_EQ(all->schools_in("r2").size(), 1u);
  EXPECT_TRUE(all->schools_in("r1/m").empty());
  auto m1 = Snapshot::load(db_->handle(), {{"r1/m1"}, 0, 0, false});
  EXPECT_EQ(m1->school_count(), 2u);
  EXPECT_FALSE(m1->find_school("sch010006"));
  auto two = Snapshot::load(db_->handle(), {{"r1/m2", "r1/m1"}, 0, 0, false});
  EXPECT_EQ(two->school_count(), 4u);
  EXPECT_EQ(two->results(*two->find_school("sch010005")).size(), 2u);
}

}  // namespace
}  // namespace opora::host
