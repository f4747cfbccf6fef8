#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "store/db.hpp"
#include "store/history.hpp"
#include "store/migrations.hpp"
#include "store/territory.hpp"

using namespace opora::host;

namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "opora-store-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path path() const { return dir_ / "opora.db"; }
  Db migrated() {
    auto db = Db::open(path());
    migrate(db);
    return db;
  }

  std::filesystem::path dir_;
};

std::string text(Db& db, const std::string& sql) {
  auto q = db.prepare(sql);
  EXPECT_TRUE(q.step()) << sql;
  return std::string(q.column_text(0));
}

}  // namespace

TEST_F(StoreTest, MigratesAnEmptyFile) {
  auto db = Db::open(path());
  EXPECT_EQ(db.user_version(), 0);
  migrate(db);
  EXPECT_GE(db.user_version(), 1);
  EXPECT_EQ(db.user_version(), latest_schema_version());
  EXPECT_EQ(text(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'results'"), 1);
  for (auto table : history_tables()) {
    auto q = db.prepare(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND "
        "name LIKE 'history_%'");
    q.bind(1, table);
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.column_int(0), 2) << table;
  }
  migrate(db);  // a second run changes nothing
  EXPECT_EQ(db.user_version(), latest_schema_version());
}

TEST_F(StoreTest, PragmasAreSet) {
  auto db = Db::open(path());
  EXPECT_EQ(text(db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(db.scalar("PRAGMA foreign_keys"), 1);
  EXPECT_EQ(db.scalar("PRAGMA synchronous"), 1);  // NORMAL
  EXPECT_GT(db.scalar("PRAGMA busy_timeout"), 0);
}

TEST_F(StoreTest, RefusesANewerStore) {
  {
    auto db = Db::open(path());
    db.set_user_version(latest_schema_version() + 1);
  }
  auto db = Db::open(path());
  EXPECT_THROW(migrate(db), StoreError);
}

TEST_F(StoreTest, TransactionRollsBackUnlessCommitted) {
  auto db = migrated();
  {
    Transaction tx(db);
    ensure_territory(db, "federal", "РФ", "", "federal");
  }
  EXPECT_EQ(db.scalar("SELECT count(*) FROM territories"), 0);
  EXPECT_FALSE(db.in_transaction());
  {
    Transaction tx(db);
    ensure_territory(db, "federal", "РФ", "", "federal");
    tx.commit();
  }
  EXPECT_EQ(db.scalar("SELECT count(*) FROM territories"), 1);
}

TEST_F(StoreTest, StatementIsReusedWithBindings) {
  auto db = migrated();
  ensure_territory(db, "federal", "РФ", "", "federal");
  auto insert = db.prepare("INSERT INTO schools(login, name, territory, students) VALUES (?, ?, ?, ?)");
  for (int i = 0; i < 100; ++i) {
    std::optional<int> students;
    if (i % 2) students = i;
    insert.bind_all("sch" + std::to_string(i), std::string("Школа ") + std::to_string(i),
                    "federal", students);
    EXPECT_EQ(insert.run(), 1);
  }
  EXPECT_EQ(db.scalar("SELECT count(*) FROM schools WHERE students IS NULL"), 50);
  auto q = db.prepare("SELECT name FROM schools WHERE login = ?");
  q.bind(1, "sch7");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.column_text(0), "Школа 7");
  EXPECT_FALSE(q.step());
  // A failing step throws and leaves the statement usable.
  insert.bind_all("sch1", "дубль", "federal", nullptr);
  EXPECT_THROW(insert.run(), StoreError);
  insert.bind_all("sch_new", "новая", "federal", nullptr);
  EXPECT_EQ(insert.run(), 1);
}

TEST_F(StoreTest, EmptyTextBindsAsEmptyNotNull) {
  auto db = migrated();
  auto q = db.prepare("SELECT ? IS NULL, ? = ''");
  q.bind_all(std::string_view(), std::string_view());
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.column_int(0), 0);
  EXPECT_EQ(q.column_int(1), 1);
}

TEST_F(StoreTest, ForeignKeysAreEnforced) {
  auto db = migrated();
  EXPECT_THROW(db.exec("INSERT INTO schools(login, name, territory) VALUES ('x', 'y', 'nowhere')"),
               StoreError);
}

TEST_F(StoreTest, HistoryKeepsOldRowsOfRealChangesOnly) {
  auto db = migrated();
  ensure_territory(db, "federal", "РФ", "", "federal");
  db.exec(
      "INSERT INTO schools(login, name, territory, students) VALUES ('sch1', 'Школа 1', "
      "'federal', 100);"
      "INSERT INTO results VALUES (1, 2023, 'ВПР', 4, 'Математика', 10, 1, 2, 3, 4, NULL);");
  db.exec("UPDATE schools SET name = name");  // no change: no history
  EXPECT_EQ(db.scalar("SELECT count(*) FROM history"), 0);

  db.exec("UPDATE schools SET name = 'Школа № 1' WHERE login = 'sch1'");
  db.exec("UPDATE results SET m2 = 2, m3 = 1");
  db.exec("DELETE FROM results");
  auto h = db.prepare("SELECT table_name, row_key, action, old_value FROM history ORDER BY id");
  ASSERT_TRUE(h.step());
  EXPECT_EQ(h.column_text(0), "schools");
  EXPECT_EQ(h.column_text(1), "1");
  EXPECT_EQ(h.column_text(2), "update");
  auto old = nlohmann::json::parse(h.column_text(3));
  EXPECT_EQ(old["name"], "Школа 1");
  EXPECT_EQ(old["students"], 100);
  ASSERT_TRUE(h.step());
  EXPECT_EQ(h.column_text(0), "results");
  EXPECT_EQ(nlohmann::json::parse(h.column_text(1)),
            nlohmann::json::parse(R"([1, 2023, "ВПР", 4, "Математика"])"));
  EXPECT_EQ(nlohmann::json::parse(h.column_text(3))["m2"], 1);
  ASSERT_TRUE(h.step());
  EXPECT_EQ(h.column_text(2), "delete");
  EXPECT_EQ(nlohmann::json::parse(h.column_text(3))["m2"], 2);
  EXPECT_FALSE(h.step());
}

TEST_F(StoreTest, EnsureTerritoryKeepsPackageRows) {
  auto db = migrated();
  EXPECT_EQ(ensure_territory(db, "federal", "РФ", "", "federal", "package"), Upsert::inserted);
  EXPECT_EQ(ensure_territory(db, "federal", "РФ", "", "federal", "package"), Upsert::unchanged);
  EXPECT_EQ(ensure_territory(db, "federal", "Россия", "", "federal", "import"),
            Upsert::unchanged);
  EXPECT_EQ(text(db, "SELECT name FROM territories"), "РФ");
  EXPECT_EQ(ensure_territory(db, "omsk", "Омская", "federal", "region"), Upsert::inserted);
  EXPECT_EQ(ensure_territory(db, "omsk", "Омская область", "federal", "region"),
            Upsert::updated);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM history WHERE table_name = 'territories'"), 1);
  EXPECT_EQ(text(db, "SELECT parent FROM territories WHERE id = 'omsk'"), "federal");
  EXPECT_EQ(db.scalar("SELECT parent IS NULL FROM territories WHERE id = 'federal'"), 1);
}
