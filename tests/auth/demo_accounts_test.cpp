// The demo's accounts: admin, the Челябинская analyst and one methodologist per seed
// municipality, each with a fresh random password that logs in; a second run changes them.
#include <gtest/gtest.h>

#include <set>

#include "auth/demo_accounts.hpp"
#include "demo/seed_territories.hpp"
#include "fixture.hpp"

using namespace opora::host;
using namespace opora::host::auth;
using opora::host::auth::test::AuthStore;

using DemoAccountsTest = AuthStore;

TEST_F(DemoAccountsTest, AnalystAndOneMethodologistPerSeedMunicipality) {
  auto seeds = demo_seed_territories().municipalities;
  ASSERT_EQ(seeds.size(), 5u);
  for (const auto& m : seeds) {
    auto region = m.territory.substr(0, m.territory.find('/'));
    ensure_territory(db(), region, region, "federal", "region");
    ensure_territory(db(), m.territory, m.territory, region, "municipality");
  }
  auto accounts = create_demo_accounts(db());
  ASSERT_EQ(accounts.size(), 7u);
  EXPECT_EQ(accounts[0].first.role, Role::admin);
  EXPECT_EQ(accounts[1].first.login, "analyst-chelyabinsk");
  EXPECT_EQ(accounts[1].first.role, Role::analyst);
  EXPECT_EQ(accounts[1].first.territory, "chelyabinsk");
  std::set<std::string> territories, passwords;
  Accounts acc(db());
  for (const auto& [user, password] : accounts) {
    EXPECT_GE(password.size(), kMinPasswordLength);
    passwords.insert(password);
    ASSERT_TRUE(acc.check_password(user.login, password)) << user.login;
    if (user.role == Role::methodologist) territories.insert(user.territory);
  }
  EXPECT_EQ(passwords.size(), accounts.size()) << "passwords are random per account";
  for (const auto& m : seeds) EXPECT_TRUE(territories.count(m.territory)) << m.territory;
  EXPECT_TRUE(acc.find_login("metod-chebarkul"));

  // A second run (the demo rebuilt on the same store) gives new passwords, same accounts.
  auto again = create_demo_accounts(db());
  ASSERT_EQ(again.size(), accounts.size());
  EXPECT_NE(again[1].second, accounts[1].second);
  EXPECT_FALSE(acc.check_password(accounts[1].first.login, accounts[1].second));
  EXPECT_TRUE(acc.check_password(again[1].first.login, again[1].second));
  EXPECT_EQ(acc.list().size(), accounts.size());
}
