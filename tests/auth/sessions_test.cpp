// Sessions: random tokens kept only as hashes, expiry by an injected clock, refusal once the
// account is disabled, and logout.
#include <gtest/gtest.h>

#include "auth/sessions.hpp"
#include "fixture.hpp"

using namespace opora::host;
using namespace opora::host::auth;
using opora::host::auth::test::AuthStore;

namespace {

class SessionsTest : public AuthStore {
 protected:
  void SetUp() override {
    AuthStore::SetUp();
    user_ = Accounts(db()).add("m1", "Методист", Role::methodologist, "chelyabinsk/chebarkul", "",
                               "пароль-для-теста");
  }
  Clock clock() {
    return [this] { return now_; };
  }
  std::int64_t now_ = 1'800'000'000;
  User user_;
};

}  // namespace

TEST_F(SessionsTest, OpenFindsTheUserAndStoresOnlyTheHash) {
  Sessions s(db(), std::chrono::hours(8), clock());
  auto opened = s.open(user_);
  EXPECT_EQ(opened.token.size(), 64u);
  EXPECT_EQ(opened.csrf.size(), 64u);
  EXPECT_NE(opened.token, opened.csrf);
  EXPECT_EQ(opened.expires_at, now_ + 8 * 3600);
  EXPECT_EQ(db().scalar("SELECT count(*) FROM sessions"), 1);
  auto q = db().prepare("SELECT count(*) FROM sessions WHERE token_hash = ? OR csrf = ?");
  q.bind_all(opened.token, opened.token);
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.column_int(0), 0) << "the token itself must not be stored";

  auto found = s.find(opened.token);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->user.login, "m1");
  EXPECT_EQ(found->user.territory, "chelyabinsk/chebarkul");
  EXPECT_EQ(found->csrf, opened.csrf);
  EXPECT_TRUE(csrf_matches(*found, opened.csrf));
  EXPECT_FALSE(csrf_matches(*found, ""));
  EXPECT_FALSE(csrf_matches(*found, opened.token));
  EXPECT_FALSE(csrf_matches(*found, opened.csrf.substr(1)));

  // Each login gets a new token: a token known before login is not the session's.
  auto second = s.open(user_);
  EXPECT_NE(second.token, opened.token);
  EXPECT_NE(second.csrf, opened.csrf);

  EXPECT_FALSE(s.find(""));
  EXPECT_FALSE(s.find(std::string(64, '0')));
  EXPECT_FALSE(s.find(opened.token.substr(0, 63)));
  std::string flipped = opened.token;
  flipped[10] = flipped[10] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(s.find(flipped));
}

TEST_F(SessionsTest, ExpiresWithTheInjectedClock) {
  Sessions s(db(), std::chrono::minutes(30), clock());
  auto opened = s.open(user_);
  now_ += 30 * 60 - 1;
  EXPECT_TRUE(s.find(opened.token));
  now_ += 1;
  EXPECT_FALSE(s.find(opened.token));
  // A later login forgets expired sessions.
  s.open(user_);
  EXPECT_EQ(db().scalar("SELECT count(*) FROM sessions"), 1);
}

TEST_F(SessionsTest, DisabledUsersSessionRefused) {
  Sessions s(db(), std::chrono::hours(8), clock());
  auto opened = s.open(user_);
  ASSERT_TRUE(s.find(opened.token));
  // Even a row left behind (disable() removes them) is refused once the account is disabled.
  db().exec("UPDATE users SET disabled = 1 WHERE login = 'm1'");
  EXPECT_FALSE(s.find(opened.token));
  db().exec("UPDATE users SET disabled = 0 WHERE login = 'm1'");
  ASSERT_TRUE(s.find(opened.token));
  Accounts(db()).disable("m1");
  EXPECT_FALSE(s.find(opened.token));
  EXPECT_EQ(db().scalar("SELECT count(*) FROM sessions"), 0);
  EXPECT_THROW(s.open(*Accounts(db()).find_login("m1")), Error);
}

TEST_F(SessionsTest, PasswordChangeEndsSessions) {
  Sessions s(db(), std::chrono::hours(8), clock());
  auto opened = s.open(user_);
  Accounts(db()).set_password("m1", "другой-пароль-3");
  EXPECT_FALSE(s.find(opened.token));
}

TEST_F(SessionsTest, CloseAndCloseAll) {
  Sessions s(db(), std::chrono::hours(8), clock());
  auto a = s.open(user_);
  auto b = s.open(user_);
  s.close(a.token);
  EXPECT_FALSE(s.find(a.token));
  EXPECT_TRUE(s.find(b.token));
  s.open(user_);
  s.close_all(user_.id);
  EXPECT_FALSE(s.find(b.token));
  EXPECT_EQ(db().scalar("SELECT count(*) FROM sessions"), 0);
}

TEST_F(SessionsTest, SharedThroughTheStoreBetweenConnections) {
  auto opened = Sessions(db(), std::chrono::hours(8), clock()).open(user_);
  auto other = Db::open(dir_ / "opora.db", Access::read_only);
  auto found = Sessions(other, std::chrono::hours(8), clock()).find(opened.token);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->user.id, user_.id);
}
