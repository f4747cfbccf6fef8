// Accounts: argon2id hashes that verify, refusals of wrong passwords and disabled accounts, and
// the validation of role, territory, school and password, in Russian.
#include <gtest/gtest.h>
#include <sodium.h>

#include <cstring>

#include "auth/accounts.hpp"
#include "auth/sessions.hpp"
#include "fixture.hpp"

using namespace opora::host;
using namespace opora::host::auth;
using opora::host::auth::test::AuthStore;
using opora::host::auth::test::contains;

namespace {

constexpr const char* kPassword = "верный-пароль-1";

std::string stored_hash(Db& db, std::int64_t user) {
  auto q = db.prepare("SELECT hash FROM user_passwords WHERE user = ?");
  q.bind(1, user);
  EXPECT_TRUE(q.step());
  return std::string(q.column_text(0));
}

}  // namespace

using AccountsTest = AuthStore;

TEST(Roles, IdsAndRussianTitlesRoundTrip) {
  for (auto role : all_roles()) {
    EXPECT_EQ(parse_role(role_id(role)), role);
    EXPECT_FALSE(role_title(role).empty());
  }
  EXPECT_EQ(role_id(Role::analyst), "analyst");
  EXPECT_EQ(role_title(Role::methodologist), "методист муниципалитета");
  EXPECT_FALSE(parse_role("root"));
  EXPECT_EQ(all_roles().size(), 4u);
}

TEST_F(AccountsTest, HashIsArgon2idAndVerifies) {
  Accounts acc(db());
  auto u = acc.add("Analyst", "Иван Петров", Role::analyst, "chelyabinsk", "", kPassword);
  EXPECT_EQ(u.login, "analyst");  // logins are kept in lower case
  EXPECT_EQ(u.name, "Иван Петров");
  EXPECT_EQ(u.role, Role::analyst);
  EXPECT_EQ(u.territory, "chelyabinsk");
  EXPECT_FALSE(u.disabled);
  auto hash = stored_hash(db(), u.id);
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(hash.find(kPassword), std::string::npos);
  ASSERT_GE(sodium_init(), 0);
  EXPECT_EQ(crypto_pwhash_str_verify(hash.c_str(), kPassword, std::strlen(kPassword)), 0);
  // No column anywhere in the store holds the password.
  EXPECT_EQ(db().scalar("SELECT count(*) FROM users WHERE name LIKE '%пароль%'"), 0);
  auto ok = acc.check_password("ANALYST", kPassword);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->id, u.id);
}

TEST_F(AccountsTest, WrongPasswordAndUnknownLoginRefused) {
  Accounts acc(db());
  acc.add("analyst", "", Role::analyst, "chelyabinsk", "", kPassword);
  EXPECT_FALSE(acc.check_password("analyst", "неверный-пароль"));
  EXPECT_FALSE(acc.check_password("analyst", ""));
  EXPECT_FALSE(acc.check_password("nobody", kPassword));
  EXPECT_FALSE(acc.check_password("", kPassword));
  EXPECT_FALSE(acc.check_password("bad login'--", kPassword));
}

TEST_F(AccountsTest, DisabledAccountRefused) {
  Accounts acc(db());
  acc.add("m1", "", Role::methodologist, "chelyabinsk/chebarkul", "", kPassword);
  ASSERT_TRUE(acc.check_password("m1", kPassword));
  acc.disable("m1");
  EXPECT_FALSE(acc.check_password("m1", kPassword));
  EXPECT_TRUE(acc.find_login("m1")->disabled);
  EXPECT_TRUE(contains(error_of([&] { acc.disable("ghost"); }), "пользователь «ghost» не найден"));
}

TEST_F(AccountsTest, SetPasswordReplacesTheOldOneAndIsInHistoryWithoutTheHash) {
  Accounts acc(db());
  auto u = acc.add("m1", "", Role::methodologist, "chelyabinsk/chebarkul", "", kPassword);
  auto before = stored_hash(db(), u.id);
  acc.set_password("m1", "новый-пароль-22");
  EXPECT_FALSE(acc.check_password("m1", kPassword));
  EXPECT_TRUE(acc.check_password("m1", "новый-пароль-22"));
  EXPECT_NE(stored_hash(db(), u.id), before);
  EXPECT_TRUE(contains(error_of([&] { acc.set_password("m1", "short"); }), "короче"));
  acc.disable("m1");
  // users changes are kept in history; the hash never is.
  EXPECT_EQ(db().scalar("SELECT count(*) FROM history WHERE table_name = 'users'"), 2);
  EXPECT_EQ(db().scalar("SELECT count(*) FROM history WHERE old_value LIKE '%argon2%'"), 0);
}

TEST_F(AccountsTest, ValidatesRoleTerritoryAndSchoolInRussian) {
  Accounts acc(db());
  auto err = [&](Role role, const char* territory, const char* school) {
    return error_of([&] { acc.add("x", "", role, territory, school, kPassword); });
  };
  EXPECT_TRUE(contains(err(Role::analyst, "nowhere", ""), "территория «nowhere» не найдена"));
  EXPECT_TRUE(contains(err(Role::analyst, "chelyabinsk/chebarkul", ""), "уровня «регион»"));
  EXPECT_TRUE(contains(err(Role::methodologist, "chelyabinsk", ""), "«муниципалитет»"));
  EXPECT_TRUE(contains(err(Role::curator, "chelyabinsk/chebarkul", ""), "укажите школу"));
  EXPECT_TRUE(contains(err(Role::curator, "chelyabinsk/chebarkul", "sch740101"),
                       "относится к территории «chelyabinsk/miass»"));
  EXPECT_TRUE(contains(err(Role::curator, "chelyabinsk/chebarkul", "sch000"), "не найдена"));
  EXPECT_TRUE(contains(err(Role::methodologist, "chelyabinsk/chebarkul", "sch740001"),
                       "школа указывается только"));
  EXPECT_TRUE(contains(err(Role::admin, "", ""), "не указана территория"));
  EXPECT_EQ(db().scalar("SELECT count(*) FROM users"), 0);

  EXPECT_EQ(acc.add("c1", "", Role::curator, "chelyabinsk/chebarkul", "sch740001", kPassword)
                .school,
            "sch740001");
  acc.add("root", "", Role::admin, "federal", "", kPassword);
  acc.add("root2", "", Role::admin, "chelyabinsk/miass", "", kPassword);
  EXPECT_TRUE(contains(
      error_of([&] { acc.add("ROOT", "", Role::admin, "federal", "", kPassword); }), "уже есть"));
  EXPECT_EQ(acc.list().size(), 3u);
  EXPECT_EQ(acc.list().front().login, "c1");
}

TEST_F(AccountsTest, PasswordAndLoginRules) {
  Accounts acc(db());
  auto add = [&](const std::string& login, const std::string& password) {
    return error_of([&] { acc.add(login, "", Role::admin, "federal", "", password); });
  };
  // Ten characters, counted as characters, not bytes: five Cyrillic letters are ten bytes.
  EXPECT_TRUE(contains(add("a", "пароль"), "короче 10 символов"));
  EXPECT_TRUE(contains(add("a", "пятьбукв!"), "короче 10 символов"));
  EXPECT_TRUE(contains(add("a", std::string(257, 'x')), "длиннее 256"));
  EXPECT_TRUE(contains(add("a", "\xff\xfe-not-utf8-password"), "UTF-8"));
  EXPECT_TRUE(contains(add("иван", kPassword), "недопустимый символ"));
  EXPECT_TRUE(contains(add("a b", kPassword), "недопустимый символ"));
  EXPECT_TRUE(contains(add("", kPassword), "логин пуст"));
  EXPECT_EQ(add("ivan.petrov@region-74", "десять-симв"), "");
}

// The server wraps a request's writes in its own transaction: account and session writes join
// it (no nested BEGIN), and roll back with it.
TEST_F(AccountsTest, WritesJoinTheCallersTransaction) {
  Accounts acc(db());
  acc.add("m1", "", Role::methodologist, "chelyabinsk/chebarkul", "", kPassword);
  {
    Transaction outer(db());
    acc.add("m2", "", Role::methodologist, "chelyabinsk/chebarkul", "", kPassword);
    acc.set_password("m1", "новый-пароль-22");
    acc.disable("m1");
    Sessions(db()).open(*acc.find_login("m2"));
    // not committed: everything rolls back with the caller's transaction
  }
  EXPECT_FALSE(acc.find_login("m2"));
  EXPECT_FALSE(acc.find_login("m1")->disabled);
  EXPECT_TRUE(acc.check_password("m1", kPassword));
  EXPECT_EQ(db().scalar("SELECT count(*) FROM sessions"), 0);
  {
    Transaction outer(db());
    acc.disable("m1");
    outer.commit();
  }
  EXPECT_TRUE(acc.find_login("m1")->disabled);
}
