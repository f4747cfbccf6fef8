// The snapshot cache (dataset/snapshot_cache.hpp) and the data version it is keyed by
// (store/db.hpp): a cached snapshot equals one read from the store, and a stale, truncated,
// corrupt, foreign or other-format cache is never read.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <thread>

#include "dataset/snapshot.hpp"
#include "dataset/snapshot_cache.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"

namespace opora::host {
namespace {

namespace fs = std::filesystem;

constexpr const char* kData = R"sql(
  INSERT INTO territories(id, name, parent, level) VALUES ('federal', 'РФ', NULL, 'federal'),
    ('r1', 'Регион 1', 'federal', 'region'), ('r1/m1', 'М 1', 'r1', 'municipality'),
    ('r1/m2', 'М 2', 'r1', 'municipality'), ('r2', 'Регион 2', 'federal', 'region');
  INSERT INTO schools(id, login, name, territory, kind, locality, students) VALUES
    (1, 'sch010001', 'Школа 1', 'r1/m1', 'СОШ', 'city', 500),
    (2, 'sch010002', 'Школа 2', 'r1/m2', 'ООШ', 'village', 40),
    (3, 'sch020001', 'Школа 3', 'r2', 'СОШ', 'town', 300),
    (4, 'sch010003', 'Школа 4', 'r1/m1', 'гимназия', 'city', NULL);
  INSERT INTO results VALUES
    (1, 2022, 'КДР', 6, 'История', 12, 1, 5, 5, 1, NULL),
    (1, 2023, 'ВПР', 5, 'Математика', 20, 6, 8, 4, 2, 10.5),
    (1, 2024, 'ВПР', 5, 'Математика', 20, 2, 8, 6, 4, NULL),
    (1, 2024, 'ВПР', 5, 'Русский язык', 10, 5, 5, 0, 0, 9),
    (1, 2024, 'ОГЭ', 9, 'Математика', 15, 0, 5, 5, 5, 15),
    (2, 2024, 'ВПР', 4, 'Математика', 8, 4, 4, 0, 0, 7),
    (3, 2023, 'ЕГЭ', 11, 'Физика', 9, 0, 3, 3, 3, 61),
    (3, 2024, 'ЕГЭ', 11, 'Русский язык', 30, 1, 9, 10, 10, 70);
  INSERT INTO observations VALUES (1, 2022, 'low_income_share', 0.2),
    (1, 2024, 'low_income_share', 0.3), (2, 2022, 'rural', 1), (3, 2024, 'remote', 1);
  INSERT INTO risk_profiles VALUES (2, 2024, 'low_motivation', 3), (3, 2023, 'staff', 2);
  INSERT INTO student_results VALUES (1, 2024, 'ВПР', 5, 'Математика', 'a', 10, 3),
    (1, 2024, 'ВПР', 5, 'Математика', 'b', 12, 4);
)sql";

const SnapshotRequest kRequests[] = {
    {{}, 0, 0, false},          {{"federal"}, 2024, 2024, false}, {{"r1"}, 0, 0, true},
    {{"r1/m1"}, 2023, 2025, false}, {{"r1", "r2"}, 2023, 2023, false}, {{"r2"}, 2020, 2021, true},
};

class SnapshotCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("opora-cache-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = dir_ / "store.db";
    db_ = std::make_unique<Db>(Db::open(path_));
    migrate(*db_);
    Transaction tx(*db_);
    db_->exec(kData);
    tx.commit();
  }
  void TearDown() override {
    db_.reset();
    unsetenv("OPORA_SNAPSHOT_CACHE");
    fs::permissions(dir_, fs::perms::owner_all);
    fs::remove_all(dir_);
  }
  fs::path cache() const { return snapshot_cache_path(db_->handle()); }
  std::string version() { return data_version(db_->handle()); }
  std::unique_ptr<Snapshot> direct(const SnapshotRequest& r) {
    setenv("OPORA_SNAPSHOT_CACHE", "off", 1);
    auto s = Snapshot::load(db_->handle(), r);
    unsetenv("OPORA_SNAPSHOT_CACHE");
    EXPECT_FALSE(s->from_cache());
    return s;
  }
  void set_result(int school, int year, int m2) {
    Transaction tx(*db_);
    db_->prepare("UPDATE results SET m2 = ? WHERE school = ? AND year = ?")
        .bind_all(m2, school, year)
        .run();
    tx.commit();
  }
  std::string bytes() {
    std::ifstream in(cache(), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  void put_bytes(const std::string& b) {
    std::ofstream out(cache(), std::ios::binary | std::ios::trunc);
    out << b;
  }
  fs::path dir_, path_;
  std::unique_ptr<Db> db_;
};

// `b` with the byte at `at` xor-ed with `bits`.
std::string flip(std::string b, std::size_t at, int bits) {
  b.at(at) = static_cast<char>(b.at(at) ^ bits);
  return b;
}

// Everything a criterion can see through the Dataset interface and the host extras.
void expect_same(const Snapshot& a, const Snapshot& b) {
  ASSERT_EQ(a.school_count(), b.school_count());
  EXPECT_EQ(a.result_count(), b.result_count());
  EXPECT_EQ(a.regions(), b.regions());
  for (SchoolIndex i = 0; i < a.school_count(); ++i) {
    auto x = a.school(i), y = b.school(i);
    EXPECT_EQ(x.login, y.login);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.territory, y.territory);
    EXPECT_EQ(x.region, y.region);
    EXPECT_EQ(x.kind, y.kind);
    EXPECT_EQ(x.locality, y.locality);
    EXPECT_EQ(x.students, y.students);
    EXPECT_EQ(a.store_id(i), b.store_id(i));
    auto ra = a.results(i), rb = b.results(i);
    ASSERT_EQ(ra.size(), rb.size()) << x.login;
    for (std::size_t k = 0; k < ra.size(); ++k) {
      EXPECT_EQ(ra[k].year, rb[k].year);
      EXPECT_EQ(a.procedure_name(ra[k].procedure), b.procedure_name(rb[k].procedure));
      EXPECT_EQ(a.subject_name(ra[k].subject), b.subject_name(rb[k].subject));
      EXPECT_EQ(ra[k].grade, rb[k].grade);
      EXPECT_EQ(ra[k].participants, rb[k].participants);
      for (int m = 0; m < 4; ++m) EXPECT_EQ(ra[k].marks[m], rb[k].marks[m]);
      EXPECT_TRUE(ra[k].mean_score == rb[k].mean_score ||
                  (std::isnan(ra[k].mean_score) && std::isnan(rb[k].mean_score)));
    }
    for (auto ind : {"low_income_share", "rural", "remote", "absent"})
      for (int year : {2021, 2022, 2023, 2024, 2025}) EXPECT_EQ(a.context(i, ind, year), b.context(i, ind, year));
    for (auto f : {"low_motivation", "staff", "absent"})
      for (int year : {2023, 2024}) EXPECT_EQ(a.risk_level(i, year, f), b.risk_level(i, year, f));
    for (auto proc : {"ВПР", "ОГЭ", "ЕГЭ", "КДР", "кдр", "VPR", "нет такой"}) {
      EXPECT_EQ(a.procedure_id(proc) < 0, b.procedure_id(proc) < 0) << proc;
      for (auto subj : {"Математика", "Русский язык", "История", "Физика", "math"}) {
        EXPECT_EQ(a.subject_id(subj) < 0, b.subject_id(subj) < 0) << subj;
        for (int year : {2023, 2024})
          for (int grade : {5, 11}) {
            auto sa = a.student_scores(i, year, a.procedure_id(proc), a.subject_id(subj), grade);
            auto sb = b.student_scores(i, year, b.procedure_id(proc), b.subject_id(subj), grade);
            EXPECT_TRUE(std::equal(sa.begin(), sa.end(), sb.begin(), sb.end()));
          }
      }
    }
  }
  for (auto t : {"federal", "r1", "r1/m1", "r1/m2", "r2", "r3"})
    EXPECT_EQ(a.schools_in(t), b.schools_in(t)) << t;
}

TEST_F(SnapshotCacheTest, CachedSnapshotsEqualTheStoresForEveryRequest) {
  EXPECT_FALSE(fs::exists(cache()));
  auto first = Snapshot::load(db_->handle(), {{"r1"}, 2024, 2024, false});
  EXPECT_TRUE(first->from_cache());  // built by this run, then mapped
  EXPECT_TRUE(fs::exists(cache()));
  for (const auto& r : kRequests) {
    auto cached = Snapshot::load(db_->handle(), r);
    EXPECT_TRUE(cached->from_cache());
    expect_same(*cached, *direct(r));
  }
}

TEST_F(SnapshotCacheTest, AnImportChangesTheVersionAndTheCacheIsRebuilt) {
  auto v1 = version();
  ASSERT_FALSE(v1.empty());
  EXPECT_EQ(Snapshot::load(db_->handle(), {})->aggregate(0, {2024}).marks[0], 2 + 5 + 0);
  set_result(1, 2024, 9);
  auto v2 = version();
  EXPECT_NE(v1, v2);
  std::string why;
  EXPECT_FALSE(SnapshotFile::read(cache(), v2, db_->user_version(), {}, &why));
  EXPECT_NE(why.find("устарел"), std::string::npos) << why;
  auto s = Snapshot::load(db_->handle(), {});
  EXPECT_TRUE(s->from_cache());
  EXPECT_EQ(s->aggregate(0, {2024}).marks[0], 9 + 9 + 9);
  EXPECT_TRUE(SnapshotFile::read(cache(), v2, db_->user_version(), {}, &why));
}

TEST_F(SnapshotCacheTest, OnlyChangesToSnapshotTablesBumpTheVersion) {
  auto v = version();
  {  // other tables: the cache stays valid (identify --save, plans, progress)
    Transaction tx(*db_);
    db_->exec("INSERT INTO meta(key, value) VALUES ('x', 'y')");
    db_->prepare("INSERT INTO people(name) VALUES (?)").bind_all("Иванова").run();
    tx.commit();
  }
  EXPECT_EQ(version(), v);
  {  // an update that matches nothing changes nothing
    set_result(99, 2024, 1);
  }
  EXPECT_EQ(version(), v);
  {  // rolled back
    Transaction tx(*db_);
    db_->exec("DELETE FROM observations");
  }
  EXPECT_EQ(version(), v);
  // A lone statement outside a transaction, through exec and through a statement.
  db_->exec("UPDATE schools SET students = 501 WHERE id = 1");
  auto v2 = version();
  EXPECT_NE(v2, v);
  db_->prepare("INSERT INTO risk_profiles VALUES (1, 2024, 'staff', 1)").run();
  auto v3 = version();
  EXPECT_NE(v3, v2);
  // Every snapshot table, inside a transaction; a statement prepared before the transaction.
  auto stmt = db_->prepare("UPDATE territories SET name = ? WHERE id = 'r2'");
  for (auto sql : {"UPDATE student_results SET primary_score = 11 WHERE student = 'a'",
                   "DELETE FROM risk_profiles WHERE factor = 'staff'",
                   "UPDATE observations SET value = 0.4 WHERE school = 1 AND year = 2024",
                   "INSERT INTO results VALUES (4, 2024, 'ВПР', 5, 'Математика', 5, 1, 1, 1, 2, NULL)"}) {
    auto before = version();
    Transaction tx(*db_);
    db_->exec(sql);
    tx.commit();
    EXPECT_NE(version(), before) << sql;
  }
  auto before = version();
  {
    Transaction tx(*db_);
    stmt.bind_all("Регион два").run();
    tx.commit();
  }
  EXPECT_NE(version(), before);
  // And the cache follows every one of them.
  auto s = Snapshot::load(db_->handle(), {});
  EXPECT_TRUE(s->from_cache());
  expect_same(*s, *direct({}));
}

TEST_F(SnapshotCacheTest, TruncatedCorruptOrOtherFormatCachesAreNeverRead) {
  Snapshot::load(db_->handle(), {});
  const auto good = bytes();
  const auto v = version();
  const int schema = db_->user_version();
  std::string why;
  ASSERT_TRUE(SnapshotFile::read(cache(), v, schema, {}, &why)) << why;

  struct Damage {
    const char* name;
    std::function<std::string(std::string)> apply;
    const char* why;
  };
  const Damage damages[] = {
      {"truncated", [](std::string b) { return b.substr(0, b.size() - 7); }, "обрезан"},
      {"shorter than a header", [](std::string b) { return b.substr(0, 20); }, "короче"},
      {"empty", [](std::string) { return std::string(); }, "короче"},
      {"a row byte flipped", [](std::string b) { return flip(b, b.size() - 20, 1); }, "поврежден"},
      {"a school byte flipped", [](std::string b) { return flip(b, 400, 1); }, "поврежден"},
      {"a header byte flipped", [](std::string b) { return flip(b, 30, 1); }, "заголовок"},
      {"another format version", [](std::string b) { return flip(b, 8, 99 ^ 1); }, "формата"},
      {"not a cache", [](std::string b) { return flip(b, 0, 'O' ^ 'X'); }, "не файл кэша"},
  };
  for (const auto& d : damages) {
    put_bytes(d.apply(good));
    EXPECT_FALSE(SnapshotFile::read(cache(), v, schema, {}, &why)) << d.name;
    EXPECT_NE(why.find(d.why), std::string::npos) << d.name << ": " << why;
    // A run rebuilds it and reads the right data.
    auto s = Snapshot::load(db_->handle(), {});
    EXPECT_TRUE(s->from_cache()) << d.name;
    expect_same(*s, *direct({}));
    EXPECT_EQ(bytes().size(), good.size()) << d.name;
    EXPECT_TRUE(SnapshotFile::read(cache(), v, schema, {}, &why)) << d.name << ": " << why;
  }
  // Another schema version.
  EXPECT_FALSE(SnapshotFile::read(cache(), v, schema + 1, {}, &why));
  EXPECT_NE(why.find("схемы"), std::string::npos) << why;
}

TEST_F(SnapshotCacheTest, TheCacheOfAnotherDatabaseIsNeverRead) {
  // Another store with the same schools but other results: each has its own data version.
  auto other_path = dir_ / "other.db";
  {
    Db other = Db::open(other_path);
    migrate(other);
    Transaction tx(other);
    other.exec(kData);
    other.exec("UPDATE results SET m2 = 0");
    tx.commit();
    EXPECT_NE(data_version(other.handle()), version());
    Snapshot::load(other.handle(), {});
  }
  Snapshot::load(db_->handle(), {});
  fs::copy_file(other_path.string() + ".snapshot", cache(), fs::copy_options::overwrite_existing);
  auto s = Snapshot::load(db_->handle(), {});
  EXPECT_TRUE(s->from_cache());
  expect_same(*s, *direct({}));
  EXPECT_EQ(s->aggregate(*s->find_school("sch010002"), {2024}).marks[0], 4);
}

TEST_F(SnapshotCacheTest, AFailedWriteFallsBackToTheStore) {
  // The cache's name is taken by a folder: the rename fails, the run reads the store.
  fs::create_directories(cache() / "x");
  auto s = Snapshot::load(db_->handle(), {{"r1"}, 0, 0, true});
  EXPECT_FALSE(s->from_cache());
  expect_same(*s, *direct({{"r1"}, 0, 0, true}));
  fs::remove_all(cache());
  // No temporary file is left behind.
  for (const auto& e : fs::directory_iterator(dir_))
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << e.path();
}

TEST_F(SnapshotCacheTest, AReadOnlyFolderFallsBackToTheStore) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes into read-only folders";
  db_.reset();
  fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
  Db db = Db::open(path_, Access::read_only);
  auto s = Snapshot::load(db.handle(), {});
  EXPECT_FALSE(s->from_cache());
  EXPECT_EQ(s->school_count(), 4u);
  EXPECT_FALSE(fs::exists(path_.string() + ".snapshot"));
}

TEST_F(SnapshotCacheTest, TwoBuildersAtOnceLeaveOneWholeCache) {
  // Each builder writes its own temporary file and renames it: whichever rename comes last,
  // the cache is whole, and a leftover temporary file (a builder killed mid-write) is never read.
  std::ofstream(cache().string() + ".tmp.1.2") << "half a file";
  std::vector<std::thread> builders;
  std::vector<std::unique_ptr<Snapshot>> got(4);
  for (int k = 0; k < 4; ++k)
    builders.emplace_back([&, k] {
      Db db = Db::open(path_, Access::read_only);
      got[k] = Snapshot::load(db.handle(), {});
    });
  for (auto& t : builders) t.join();
  auto want = direct({});
  for (const auto& s : got) expect_same(*s, *want);
  std::string why;
  EXPECT_TRUE(SnapshotFile::read(cache(), version(), db_->user_version(), {}, &why)) << why;
  auto s = Snapshot::load(db_->handle(), {});
  EXPECT_TRUE(s->from_cache());
  expect_same(*s, *want);
}

TEST_F(SnapshotCacheTest, TheSwitchBypassesTheCache) {
  setenv("OPORA_SNAPSHOT_CACHE", "off", 1);
  auto s = Snapshot::load(db_->handle(), {});
  EXPECT_FALSE(s->from_cache());
  EXPECT_FALSE(fs::exists(cache()));
}

TEST_F(SnapshotCacheTest, StoresWithoutAFileOrOpenedRawReadTheStore) {
  Db memory = Db::open(":memory:");
  migrate(memory);
  memory.exec(kData);
  EXPECT_TRUE(snapshot_cache_path(memory.handle()).empty());
  auto s = Snapshot::load(memory.handle(), {});
  EXPECT_FALSE(s->from_cache());
  EXPECT_EQ(s->school_count(), 4u);
  // A raw connection's writes do not keep the version: it never uses the cache.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  auto r = Snapshot::load(raw, {});
  EXPECT_FALSE(r->from_cache());
  sqlite3_close(raw);
  EXPECT_FALSE(fs::exists(cache()));
}

}  // namespace
}  // namespace opora::host
