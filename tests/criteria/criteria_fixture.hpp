// A temporary store and package tree for the federal criteria: territories, schools, results and
// context inserted by SQL, the real scripts/federal package copied next to small municipal
// packages the tests write, and identify() over a snapshot of one region.
#pragma once
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "catalog/catalog.hpp"
#include "dataset/snapshot.hpp"
#include "engine/identify.hpp"
#include "lua/engine.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"

namespace opora::host::test {

namespace fs = std::filesystem;

class FederalCriteria : public ::testing::Test {
 protected:
  void SetUp() override {
    // Per process: ctest runs each test case as its own process, in parallel.
    dir_ = fs::temp_directory_path() / ("opora_criteria_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "scripts");
    fs::copy(fs::path(OPORA_TEST_DATA) / ".." / "scripts" / "federal", dir_ / "scripts" / "federal",
             fs::copy_options::recursive);
    db_ = std::make_unique<Db>(Db::open(dir_ / "opora.db"));
    migrate(*db_);
    db_->exec(
        "INSERT OR IGNORE INTO territories(id, name, parent, level, source) "
        "VALUES ('federal', 'Российская Федерация', NULL, 'federal', 'package')");
  }

  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }

  void territory(const std::string& id, const std::string& parent, const std::string& level) {
    db_->prepare("INSERT INTO territories(id, name, parent, level) VALUES (?, ?, ?, ?)")
        .bind_all(id, "Территория " + id, parent, level)
        .run();
  }

  void school(const std::string& login, const std::string& territory) {
    db_->prepare("INSERT INTO schools(login, name, territory, students) VALUES (?, ?, ?, 300)")
        .bind_all(login, "Школа " + login, territory)
        .run();
  }

  // One work of a school; the marks not given as "2" are split between "3" and "4".
  void result(const std::string& login, int year, const std::string& procedure, int grade,
              const std::string& subject, int participants, int m2, int m3 = -1, int m4 = -1,
              int m5 = 0) {
    if (m3 < 0) m3 = (participants - m2 - m5) / 2;
    if (m4 < 0) m4 = participants - m2 - m3 - m5;
    db_->prepare(
           "INSERT INTO results(school, year, procedure, grade, subject, participants, m2, m3, "
           "m4, m5) SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM schools WHERE login = ?")
        .bind_all(year, procedure, grade, subject, participants, m2, m3, m4, m5, login)
        .run();
  }

  void context(const std::string& login, int year, const std::string& indicator, double value) {
    db_->prepare(
           "INSERT INTO observations(school, year, indicator, value) "
           "SELECT id, ?, ?, ? FROM schools WHERE login = ?")
        .bind_all(year, indicator, value, login)
        .run();
  }

  // A package of the test tree, e.g. package_file("a/loose", "configure { ... }").
  void package_file(const std::string& territory, const std::string& body) {
    auto dir = dir_ / "scripts" / territory;
    fs::create_directories(dir);
    std::ofstream(dir / "package.lua")
        << "package { name = 'Тест " << territory << "', level = 'municipality' }\n"
        << body;
  }

  // Loads the package tree and runs identify() for `territory` (its region's snapshot).
  Identification run(const std::string& territory, int year) {
    catalog_ = std::make_unique<Catalog>();
    lua_ = LuaEngine::create();
    auto errors = lua_->load_tree(dir_ / "scripts", *catalog_);
    EXPECT_TRUE(errors.empty()) << errors.front();
    SnapshotRequest r;
    r.territories = {territory.substr(0, territory.find('/'))};
    r.first_year = year - lookback_years;
    r.last_year = year;
    data_ = Snapshot::load(db_->handle(), r);
    return identify(*catalog_, *data_, territory, year);
  }

  // The verdict of one criterion for one school; fails the test when it is missing.
  const Verdict& verdict(const Identification& id, const std::string& login,
                         const std::string& criterion) {
    static const Verdict none{};
    for (const auto& s : id.schools) {
      if (data_->school(s.school).login != login) continue;
      for (const auto& v : s.verdicts)
        if (v.criterion == criterion) return v.verdict;
    }
    ADD_FAILURE() << "no verdict of " << criterion << " for " << login;
    return none;
  }

  fs::path dir_;
  std::unique_ptr<Db> db_;
  std::unique_ptr<Catalog> catalog_;
  std::shared_ptr<LuaEngine> lua_;
  std::unique_ptr<Snapshot> data_;
};

// A figure as a criterion prints it: "30,0" (decimal comma) or "30.0" are both accepted, so the
// test checks the number, not the locale of its separator.
inline bool has_figure(const std::string& text, double x, int digits, const std::string& suffix = "") {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  std::string point = std::string(buf) + suffix, comma = point;
  for (auto& c : comma)
    if (c == '.') c = ',';
  return text.find(point) != std::string::npos || text.find(comma) != std::string::npos;
}

}  // namespace opora::host::test
