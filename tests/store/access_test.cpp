// How the store is opened: readers read-only beside a writer, files that are not a store
// refused in Russian naming the file, schema versions checked without migrating.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "store/db.hpp"
#include "store/migrations.hpp"

using namespace opora::host;

namespace {

class AccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "opora-access-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path path() const { return dir_ / "opora.db"; }
  void make_store() {
    auto db = Db::open(path());
    migrate(db);
  }
  // The message of the StoreError `f` throws ("" when it does not throw).
  template <class F>
  static std::string error_of(F&& f) {
    try {
      f();
    } catch (const StoreError& e) {
      return e.what();
    }
    return "";
  }
  std::filesystem::path dir_;
};

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_F(AccessTest, ReaderDoesNotCreateAMissingStore) {
  auto m = error_of([&] { Db::open(path(), Access::read_only); });
  EXPECT_TRUE(contains(m, "не найдена")) << m;
  EXPECT_TRUE(contains(m, path().string())) << m;
  EXPECT_FALSE(std::filesystem::exists(path()));
}

TEST_F(AccessTest, TextFileIsNotADatabaseInRussian) {
  std::ofstream(path()) << "это не база данных, а текст\n";
  for (auto access : {Access::read_only, Access::read_write}) {
    auto m = error_of([&] { Db::open(path(), access); });
    EXPECT_TRUE(contains(m, "не является базой данных")) << m;
    EXPECT_TRUE(contains(m, path().string())) << m;
    EXPECT_FALSE(contains(m, "file is not a database")) << m;
  }
}

TEST_F(AccessTest, ReaderCannotWriteAndRunsBesideAWriter) {
  make_store();
  auto writer = Db::open(path());
  writer.exec("BEGIN IMMEDIATE; INSERT INTO meta(key, value) VALUES ('k', 'v')");
  auto t0 = std::chrono::steady_clock::now();
  auto reader = Db::open(path(), Access::read_only);
  require_current_schema(reader);
  EXPECT_TRUE(reader.read_only());
  EXPECT_EQ(reader.scalar("SELECT count(*) FROM meta WHERE key = 'k'"), 0);  // the uncommitted row is not seen
  auto waited = std::chrono::steady_clock::now() - t0;
  EXPECT_LT(waited, std::chrono::seconds(1));  // the busy timeout is 5 s
  auto m = error_of([&] { reader.exec("INSERT INTO meta(key, value) VALUES ('x', 'y')"); });
  EXPECT_TRUE(contains(m, "только для чтения")) << m;
  writer.exec("COMMIT");
  EXPECT_EQ(reader.scalar("SELECT count(*) FROM meta WHERE key = 'k'"), 1);
}

TEST_F(AccessTest, BusyWriterIsRussianAndNamesTheStore) {
  make_store();
  auto first = Db::open(path());
  first.exec("BEGIN IMMEDIATE");
  auto second = Db::open(path());
  sqlite3_busy_timeout(second.handle(), 50);
  auto m = error_of([&] { Transaction tx(second); });
  EXPECT_TRUE(contains(m, "занята")) << m;
  EXPECT_TRUE(contains(m, path().string())) << m;
  first.exec("ROLLBACK");
}

TEST_F(AccessTest, ReaderRefusesEmptyOlderAndNewerSchemas) {
  { auto db = Db::open(path()); }  // an empty store
  auto reader = [&] {
    auto db = Db::open(path(), Access::read_only);
    require_current_schema(db);
  };
  EXPECT_TRUE(contains(error_of(reader), "opora init")) << error_of(reader);

  make_store();
  EXPECT_EQ(error_of(reader), "");
  { Db::open(path()).set_user_version(latest_schema_version() - 1); }
  auto older = error_of(reader);
  EXPECT_TRUE(contains(older, "opora init")) << older;
  EXPECT_TRUE(contains(older, std::to_string(latest_schema_version() - 1))) << older;
  // The reader changed nothing.
  EXPECT_EQ(Db::open(path(), Access::read_only).user_version(), latest_schema_version() - 1);

  { Db::open(path()).set_user_version(latest_schema_version() + 7); }
  auto want = "версия схемы " + std::to_string(latest_schema_version() + 7) +
              " новее поддерживаемой " + std::to_string(latest_schema_version());
  EXPECT_TRUE(contains(error_of(reader), want)) << error_of(reader);
  auto db = Db::open(path());
  auto m = error_of([&] { migrate(db); });
  EXPECT_TRUE(contains(m, want)) << m;
}

TEST_F(AccessTest, MigrateRefusesASqliteFileOporaDidNotMake) {
  { Db::open(path()).exec("CREATE TABLE other(x)"); }
  auto db = Db::open(path());
  auto m = error_of([&] { migrate(db); });
  EXPECT_TRUE(contains(m, "не база opora")) << m;
  EXPECT_EQ(db.user_version(), 0);
}

TEST_F(AccessTest, FolderAndFifoAreRefusedWithoutWaiting) {
  std::filesystem::create_directory(path());
  for (auto access : {Access::read_only, Access::read_write}) {
    auto m = error_of([&] { Db::open(path(), access); });
    EXPECT_TRUE(contains(m, "каталог")) << m;
  }
  std::filesystem::remove(path());
  ASSERT_EQ(mkfifo(path().c_str(), 0600), 0);
  for (auto access : {Access::read_only, Access::read_write}) {
    auto m = error_of([&] { Db::open(path(), access); });
    EXPECT_TRUE(contains(m, "не обычный файл")) << m;
  }
}
