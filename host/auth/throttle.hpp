// Login throttling, in memory and thread-safe: too many failed logins for one account or from one
// peer address within a window lock further attempts out, for a time that doubles with each
// lock-out. A success forgets the account's failures (not the peer's).
#pragma once
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/clock.hpp"

namespace opora::host::auth {

struct ThrottlePolicy {
  int login_failures = 5;            // per account within `window`
  int peer_failures = 20;            // per peer address within `window`
  std::int64_t window = 15 * 60;     // seconds
  std::int64_t first_lockout = 60;   // seconds; doubles at each further lock-out ...
  std::int64_t max_lockout = 3600;   // ... up to this
  std::int64_t forget_after = 24 * 3600;  // an idle key's lock-out count starts over
};

class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottlePolicy policy = {}, Clock now = system_clock());

  // False while the login or the peer is locked out: do not even check the password then.
  bool allowed(std::string_view login, std::string_view peer);
  // Seconds until allowed() turns true again (0 when it is), for the refusal's message.
  std::int64_t retry_after(std::string_view login, std::string_view peer);
  void failed(std::string_view login, std::string_view peer);
  void succeeded(std::string_view login, std::string_view peer);

 private:
  struct Key {
    std::deque<std::int64_t> failures;  // times within the window
    int lockouts = 0;
    std::int64_t locked_until = 0;
    std::int64_t last_seen = 0;
  };
  void fail(std::unordered_map<std::string, Key>& map, const std::string& key, int limit,
            std::int64_t now);
  void prune(std::int64_t now);

  ThrottlePolicy policy_;
  Clock now_;
  std::mutex mutex_;
  std::unordered_map<std::string, Key> logins_, peers_;
};

}  // namespace opora::host::auth
