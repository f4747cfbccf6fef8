// The access matrix: every role × action over own, other, child and parent territories and
// schools of a small tree (a region with two municipalities and their schools, a second region).
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "auth/access.hpp"
#include "fixture.hpp"

using namespace opora::host;
using namespace opora::host::auth;
using opora::host::auth::test::AuthStore;

namespace {

struct Target {
  const char* territory;
  const char* school;
  const char* what;
};

// Columns of the expectations below, in this order.
const std::vector<Target> kTargets = {
    {"chelyabinsk", "", "регион"},
    {"chelyabinsk/chebarkul", "", "Чебаркуль"},
    {"chelyabinsk/chebarkul", "sch740001", "своя школа куратора"},
    {"chelyabinsk/chebarkul", "sch740002", "другая школа Чебаркуля"},
    {"chelyabinsk/miass", "", "Миасс"},
    {"chelyabinsk/miass", "sch740101", "школа Миасса"},
    {"irkutsk", "", "другой регион"},
    {"irkutsk/zima", "", "муниципалитет другого региона"},
    {"federal", "", "федеральный уровень (родитель региона)"},
    {"", "sch740001", "школа без территории"},
    {"chelyabinsk/miass", "sch740001", "школа не из этой территории"},
    {"nowhere", "", "нет такой территории"},
    {"", "", "пустая цель"},
};

struct Expect {
  const char* login;
  std::map<Action, const char*> rows;  // one character per target: 1 allowed, 0 refused
};

const std::vector<Expect> kMatrix = {
    {"admin",
     {{Action::read, "1111111111000"},
      {Action::write, "1111111111000"},
      {Action::administer, "1111111111111"}}},
    {"analyst",
     {{Action::read, "1111110001000"},
      {Action::write, "1111110001000"},
      {Action::administer, "0000000000000"}}},
    {"methodologist",
     {{Action::read, "0111000001000"},
      {Action::write, "0111000001000"},
      {Action::administer, "0000000000000"}}},
    {"curator",
     {{Action::read, "0111000001000"},
      {Action::write, "0010000001000"},
      {Action::administer, "0000000000000"}}},
    {"disabled",
     {{Action::read, "0000000000000"},
      {Action::write, "0000000000000"},
      {Action::administer, "0000000000000"}}},
};

const char* action_name(Action a) {
  switch (a) {
    case Action::read: return "read";
    case Action::write: return "write";
    case Action::administer: return "administer";
  }
  return "?";
}

class AccessTest : public AuthStore {
 protected:
  void SetUp() override {
    AuthStore::SetUp();
    Accounts acc(db());
    const char* pw = "пароль-для-теста";
    acc.add("admin", "", Role::admin, "federal", "", pw);
    acc.add("analyst", "", Role::analyst, "chelyabinsk", "", pw);
    acc.add("methodologist", "", Role::methodologist, "chelyabinsk/chebarkul", "", pw);
    acc.add("curator", "", Role::curator, "chelyabinsk/chebarkul", "sch740001", pw);
    acc.add("disabled", "", Role::analyst, "chelyabinsk", "", pw);
    acc.disable("disabled");
  }
};

}  // namespace

TEST_F(AccessTest, MatrixOfRolesActionsAndTerritories) {
  Accounts acc(db());
  for (const auto& e : kMatrix) {
    auto user = acc.find_login(e.login);
    ASSERT_TRUE(user) << e.login;
    for (const auto& [action, row] : e.rows) {
      ASSERT_EQ(std::strlen(row), kTargets.size());
      for (std::size_t i = 0; i < kTargets.size(); ++i) {
        const auto& t = kTargets[i];
        EXPECT_EQ(allowed(db(), *user, action, t.territory, t.school), row[i] == '1')
            << e.login << " " << action_name(action) << " " << t.what << " (" << t.territory
            << ", " << t.school << ")";
      }
    }
  }
}

TEST_F(AccessTest, DecidedByTheStoreNotByTheUserStruct) {
  // The territory subtree comes from the store's parent links: an analyst struct with a
  // territory the store does not know reads nothing.
  auto analyst = *Accounts(db()).find_login("analyst");
  analyst.territory = "nowhere";
  EXPECT_FALSE(allowed(db(), analyst, Action::read, "chelyabinsk"));
  EXPECT_FALSE(allowed(db(), analyst, Action::read, "nowhere"));
}

TEST_F(AccessTest, WithinFollowsParentLinksAndSurvivesACycle) {
  EXPECT_TRUE(within(db(), "chelyabinsk/chebarkul", "federal"));
  EXPECT_TRUE(within(db(), "chelyabinsk", "chelyabinsk"));
  EXPECT_FALSE(within(db(), "chelyabinsk", "chelyabinsk/chebarkul"));
  EXPECT_FALSE(within(db(), "irkutsk/zima", "chelyabinsk"));
  EXPECT_FALSE(within(db(), "", "chelyabinsk"));
  // Prefixes of ids mean nothing: only parent links do.
  ensure_territory(db(), "chelyabinsk-2", "Не область", "irkutsk", "region");
  EXPECT_FALSE(within(db(), "chelyabinsk-2", "chelyabinsk"));
  db().exec("PRAGMA foreign_keys = OFF");
  db().exec("UPDATE territories SET parent = 'irkutsk/zima' WHERE id = 'irkutsk'");
  EXPECT_FALSE(within(db(), "irkutsk/zima", "chelyabinsk"));
  EXPECT_TRUE(within(db(), "irkutsk", "irkutsk/zima"));
}
