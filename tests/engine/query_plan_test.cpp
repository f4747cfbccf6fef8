// Every query a territory's monthly report runs must reach the national tables through an index
// keyed by school (issue 10 §4): a report of one municipality on a national store read all
// 240,000 verdicts of the national run, twice, because SQLite without table statistics drove
// the join from the verdicts. The queries are recorded while a report is built, then each one's
// EXPLAIN QUERY PLAN is checked, on a store without statistics and again after ANALYZE.
#include <sqlite3.h>

#include <cstdlib>
#include <regex>
#include <set>

#include "engine/runs.hpp"
#include "fixture.hpp"
#include "report/document.hpp"

namespace opora::host::test {
namespace {

// Tables that hold a row (or many) per school of the country.
const std::set<std::string> national_tables = {"schools", "results", "student_results",
                                               "observations", "risk_profiles", "verdicts"};

class QueryPlan : public EngineStore {
 protected:
  void SetUp() override {
    EngineStore::SetUp();
    // The rest of a country: another region with many schools, all in a national run (id 2)
    // that also covers reg/muni. Raw BEGIN/COMMIT: a Transaction would refresh the statistics.
    db_->exec("BEGIN");
    ensure_territory(*db_, "other", "Другая область", "federal", "region", "import");
    ensure_territory(*db_, "other/m", "Другой район", "other", "municipality", "import");
    ensure_territory(*db_, "reg/muni-2", "Район с похожим id", "reg", "municipality", "import");
    db_->exec(
        "INSERT INTO identification_runs(id, territory, year, ruleset, ruleset_hash, created_at) "
        "VALUES (2, 'federal', 2022, '{}', 'h', '2023-01-06T00:00:00Z')");
    auto school = db_->prepare("INSERT INTO schools(id, login, name, territory) VALUES (?, ?, ?, ?)");
    auto verdict = db_->prepare("INSERT INTO verdicts VALUES (2, ?, ?, ?, 1, 1, 'x')");
    for (int i = 100; i < 2100; ++i) {
      school.bind_all(i, "sch" + std::to_string(i), "Школа", i % 2 ? "other/m" : "reg/muni-2")
          .run();
      school.reset();
      for (auto c : {"low_results", "risk"}) {
        verdict.bind_all(i, c, c).run();
        verdict.reset();
      }
    }
    for (int i = 1; i <= 6; ++i) {
      verdict.bind_all(i, "low_results", "low_results").run();
      verdict.reset();
    }
    db_->exec("COMMIT");
    sqlite3_trace_v2(db_->handle(), SQLITE_TRACE_STMT, &QueryPlan::record, &queries_);
  }

  void TearDown() override {
    sqlite3_trace_v2(db_->handle(), 0, nullptr, nullptr);
    EngineStore::TearDown();
  }

  static int record(unsigned, void* ctx, void* stmt, void*) {
    auto* sql = sqlite3_expanded_sql(static_cast<sqlite3_stmt*>(stmt));
    if (sql) static_cast<std::set<std::string>*>(ctx)->insert(sql);
    sqlite3_free(sql);
    return 0;
  }

  // The national table an alias of the query names ("schools s" → schools).
  static std::string table_of(const std::string& sql, const std::string& name) {
    if (national_tables.count(name)) return name;
    std::smatch m;
    for (const auto& t : national_tables)
      if (std::regex_search(sql, m, std::regex("\\b" + t + "\\s+(AS\\s+)?" + name + "\\b")))
        return t;
    return "";
  }

  // Each access to a national table that is not a lookup by school: "SCAN …", or a SEARCH
  // whose key does not start from the school (e.g. all verdicts of a run).
  std::vector<std::string> national_walks() {
    std::vector<std::string> bad;
    sqlite3_trace_v2(db_->handle(), 0, nullptr, nullptr);
    static const std::regex access(R"(^(SCAN|SEARCH) (\w+)(.*)$)");
    for (const auto& sql : queries_) {
      if (sql.rfind("SELECT", 0) != 0 && sql.rfind("WITH", 0) != 0) continue;
      auto plan = db_->prepare("EXPLAIN QUERY PLAN " + sql);
      while (plan.step()) {
        std::string detail(plan.column_text(3));
        std::smatch m;
        if (!std::regex_match(detail, m, access)) continue;
        auto table = table_of(sql, m[2]);
        if (table.empty()) continue;
        std::string how = m[3];
        bool by_school = m[1] == "SEARCH" &&
                         (table == "schools" ? how.find("territory") != std::string::npos ||
                                                   how.find("rowid") != std::string::npos
                                             : how.find("school=?") != std::string::npos);
        if (!by_school) bad.push_back(detail + "   in   " + sql);
      }
    }
    sqlite3_trace_v2(db_->handle(), SQLITE_TRACE_STMT, &QueryPlan::record, &queries_);
    return bad;
  }

  // Everything a municipality's monthly report reads, as `report` and `report --all` read it.
  void build_report() {
    make_plan();
    auto data = load_snapshot_for(*db_, "reg/muni", 2023, false);
    SnapshotRequest own{{"reg/muni"}, 2019, 2024, true};
    Snapshot::load(db_->handle(), own);
    build_monthly_report(*db_, *catalog_, *data, "reg/muni", "2023-05", {});
    for_each_flagged_verdict(*db_, 2, "reg/muni", [](auto, const auto&) {});
    latest_identification(*db_, "reg/muni", 2022);
  }

  std::set<std::string> queries_;
};

std::string listed(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += "\n  " + x;
  return s;
}

// The store's own queries: with the snapshot cache bypassed, as a run reads the store when the
// cache cannot be used (the cache's build reads every table once per data version, on purpose).
struct CacheOff {
  CacheOff() { setenv("OPORA_SNAPSHOT_CACHE", "off", 1); }
  ~CacheOff() { unsetenv("OPORA_SNAPSHOT_CACHE"); }
};

TEST_F(QueryPlan, ReportQueriesReadTheTerritorysSchoolsByIndexWithoutStatistics) {
  CacheOff off;
  ASSERT_EQ(db_->scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'"), 0);
  build_report();
  ASSERT_GT(queries_.size(), 5u);
  auto bad = national_walks();
  EXPECT_TRUE(bad.empty()) << listed(bad);
}

TEST_F(QueryPlan, ReportQueriesReadTheTerritorysSchoolsByIndexWithStatistics) {
  CacheOff off;
  db_->exec("ANALYZE");
  build_report();
  auto bad = national_walks();
  EXPECT_TRUE(bad.empty()) << listed(bad);
}

// With the snapshot cache current, a report reads no results, observations or risk profiles
// from the store at all; what it still reads (student scores, verdicts) goes through the index.
TEST_F(QueryPlan, WithACurrentCacheAReportReadsNoResultsFromTheStore) {
  build_report();  // builds the cache
  queries_.clear();
  build_report();
  for (const auto& q : queries_)
    for (auto table : {"FROM results", "FROM observations", "FROM risk_profiles"})
      EXPECT_EQ(q.find(table), std::string::npos) << q;
  auto bad = national_walks();
  EXPECT_TRUE(bad.empty()) << listed(bad);
}

// The flagged verdicts of a subtree: its own schools, not a municipality whose id only starts
// the same ("reg/muni-2"), nor another region's; federal reads them all.
TEST_F(QueryPlan, FlaggedVerdictsOfASubtreeAreExactlyItsSchools) {
  auto schools_of = [&](const char* t) {
    std::set<std::int64_t> s;
    for_each_flagged_verdict(*db_, 2, t, [&](std::int64_t id, const auto&) { s.insert(id); });
    return s;
  };
  EXPECT_EQ(schools_of("reg/muni"), (std::set<std::int64_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(schools_of("reg/muni-2").size(), 1000u);
  EXPECT_EQ(schools_of("reg").size(), 1006u);
  EXPECT_EQ(schools_of("other").size(), 1000u);
  EXPECT_EQ(schools_of("federal").size(), 2006u);
  EXPECT_TRUE(schools_of("re").empty());
}

}  // namespace
}  // namespace opora::host::test
