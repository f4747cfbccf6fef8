// A small store for the auth tests: a region with two municipalities and their schools, and a
// second region, so own / other / parent territories can all be tried.
#pragma once
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "auth/accounts.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"
#include "store/territory.hpp"

namespace opora::host::auth::test {

class AuthStore : public ::testing::Test {
 protected:
  void SetUp() override {
    use_test_hash_cost_for_unit_tests();
    std::string tmpl = (std::filesystem::temp_directory_path() / "opora-auth-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    db_ = std::make_unique<Db>(Db::open(dir_ / "opora.db"));
    migrate(*db_);
    ensure_territory(*db_, "federal", "Российская Федерация", "", "federal");
    ensure_territory(*db_, "chelyabinsk", "Челябинская область", "federal", "region");
    ensure_territory(*db_, "chelyabinsk/chebarkul", "Чебаркуль", "chelyabinsk", "municipality");
    ensure_territory(*db_, "chelyabinsk/miass", "Миасс", "chelyabinsk", "municipality");
    ensure_territory(*db_, "irkutsk", "Иркутская область", "federal", "region");
    ensure_territory(*db_, "irkutsk/zima", "Зима", "irkutsk", "municipality");
    school("sch740001", "chelyabinsk/chebarkul");
    school("sch740002", "chelyabinsk/chebarkul");
    school("sch740101", "chelyabinsk/miass");
    school("sch380001", "irkutsk/zima");
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void school(const std::string& login, const std::string& territory) {
    db_->prepare("INSERT INTO schools(login, name, territory) VALUES (?, ?, ?)")
        .bind_all(login, "Школа " + login, territory)
        .run();
  }
  Db& db() { return *db_; }
  // The Russian message of the auth::Error `f` throws ("" when it does not throw).
  template <class F>
  static std::string error_of(F&& f) {
    try {
      f();
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  }
  std::filesystem::path dir_;
  std::unique_ptr<Db> db_;
};

inline bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace opora::host::auth::test
