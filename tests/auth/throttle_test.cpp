// Login throttling: lock-out after repeated failures per login and per peer, a lock-out that
// grows, and recovery once it has passed.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "auth/throttle.hpp"

using namespace opora::host::auth;

namespace {

struct FakeClock {
  std::int64_t now = 1'000'000;
  Clock clock() {
    return [this] { return now; };
  }
};

}  // namespace

TEST(Throttle, LocksALoginAfterFiveFailuresAndRecovers) {
  FakeClock c;
  LoginThrottle t({}, c.clock());
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(t.allowed("m1", "10.0.0.1"));
    t.failed("m1", "10.0.0.1");
  }
  EXPECT_TRUE(t.allowed("m1", "10.0.0.1"));
  t.failed("m1", "10.0.0.1");
  EXPECT_FALSE(t.allowed("m1", "10.0.0.1"));
  EXPECT_FALSE(t.allowed("M1", "10.0.0.2")) << "the account is locked from any address";
  EXPECT_TRUE(t.allowed("m2", "10.0.0.1")) << "the peer is below its own limit";
  EXPECT_EQ(t.retry_after("m1", "x"), 60);
  c.now += 59;
  EXPECT_FALSE(t.allowed("m1", "x"));
  c.now += 1;
  EXPECT_TRUE(t.allowed("m1", "x"));
  EXPECT_EQ(t.retry_after("m1", "x"), 0);
}

TEST(Throttle, LockOutGrowsAndIsCapped) {
  FakeClock c;
  ThrottlePolicy p;
  LoginThrottle t(p, c.clock());
  std::int64_t expected = p.first_lockout;
  for (int round = 0; round < 10; ++round) {
    for (int i = 0; i < p.login_failures; ++i) t.failed("m1", "peer-" + std::to_string(round));
    EXPECT_EQ(t.retry_after("m1", "other"), std::min(expected, p.max_lockout)) << round;
    c.now += t.retry_after("m1", "other");
    EXPECT_TRUE(t.allowed("m1", "other"));
    expected *= 2;
  }
}

TEST(Throttle, FailuresOutsideTheWindowDoNotCount) {
  FakeClock c;
  LoginThrottle t({}, c.clock());
  for (int i = 0; i < 20; ++i) {
    t.failed("m1", "p");
    c.now += 4 * 60;  // five failures never fall within 15 minutes
  }
  EXPECT_TRUE(t.allowed("m1", "p"));
}

TEST(Throttle, SuccessForgetsTheLoginsFailuresNotThePeers) {
  FakeClock c;
  LoginThrottle t({}, c.clock());
  for (int i = 0; i < 4; ++i) t.failed("m1", "p");
  t.succeeded("m1", "p");
  for (int i = 0; i < 4; ++i) t.failed("m1", "p");
  EXPECT_TRUE(t.allowed("m1", "p"));
  // The peer has 8 failures; 12 more against many logins lock the peer out.
  for (int i = 0; i < 12; ++i) t.failed("guess" + std::to_string(i), "p");
  EXPECT_FALSE(t.allowed("m9", "p"));
  EXPECT_TRUE(t.allowed("m9", "q"));
  c.now += 60;
  EXPECT_TRUE(t.allowed("m9", "p"));
}

TEST(Throttle, ThreadSafe) {
  LoginThrottle t;
  std::vector<std::thread> threads;
  for (int n = 0; n < 4; ++n)
    threads.emplace_back([&, n] {
      for (int i = 0; i < 500; ++i) {
        t.failed("user" + std::to_string(i % 7), "peer" + std::to_string(n));
        (void)t.allowed("user1", "peer1");
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_FALSE(t.allowed("user1", "nobody"));
}
