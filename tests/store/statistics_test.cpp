// The store keeps the planner's table statistics current (issue 10 §4): a committed
// transaction that changed many rows (an import, a national run) refreshes them, a small edit
// does not pay for it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/db.hpp"
#include "store/migrations.hpp"
#include "store/territory.hpp"

using namespace opora::host;

namespace {

class Statistics : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "opora-stat-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    db_ = std::make_unique<Db>(Db::open(dir_ / "opora.db"));
    migrate(*db_);
    ensure_territory(*db_, "federal", "РФ", "", "federal", "package");
    ensure_territory(*db_, "reg", "Область", "federal", "region", "import");
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  void add_schools(int from, int n, bool commit = true) {
    Transaction tx(*db_);
    auto q = db_->prepare("INSERT INTO schools(id, login, name, territory) VALUES (?, ?, ?, 'reg')");
    for (int i = from; i < from + n; ++i) q.bind_all(i, "sch" + std::to_string(i), "Школа").run();
    if (commit) tx.commit();
  }

  // Rows of the schools table as the statistics count them; 0 when there are none.
  std::int64_t counted_schools() {
    if (!db_->scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'")) return 0;
    auto q = db_->prepare("SELECT stat FROM sqlite_stat1 WHERE tbl = 'schools' LIMIT 1");
    return q.step() ? std::stoll(std::string(q.column_text(0))) : 0;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Db> db_;
};

// The statistics are sampled (a bounded number of rows per index, so a refresh costs
// milliseconds on a national store): counts are estimates, checked as such.
TEST_F(Statistics, ALargeCommitRefreshesThem) {
  add_schools(1, int(analyze_after_changes));
  auto first = counted_schools();
  EXPECT_GE(first, analyze_after_changes / 2);
  // And they follow the data as it grows.
  add_schools(5000, 9 * int(analyze_after_changes));
  EXPECT_GE(counted_schools(), 4 * first);
}

TEST_F(Statistics, ASmallCommitOrARollbackLeavesThem) {
  add_schools(1, 10);
  EXPECT_EQ(counted_schools(), 0);
  add_schools(100, int(analyze_after_changes), /*commit=*/false);
  EXPECT_EQ(counted_schools(), 0);
}

}  // namespace
