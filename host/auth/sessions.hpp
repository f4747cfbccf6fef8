// Login sessions, kept in the store (table sessions) so every server thread and process sees
// the same ones. The browser holds a random token; the store holds only its hash.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/accounts.hpp"
#include "auth/clock.hpp"
#include "store/db.hpp"

namespace opora::host::auth {

struct Session {
  std::string token;  // the cookie value (64 hex digits); only the client and this struct have it
  std::string csrf;   // the form token of this session (64 hex digits)
  User user;          // as the store has it now
  std::int64_t expires_at = 0;  // unix seconds
};

class Sessions {
 public:
  // `now` is for tests; the program uses the system clock.
  Sessions(Db& db, std::chrono::seconds ttl = std::chrono::hours(8), Clock now = system_clock());

  // A new session with fresh random token and CSRF token (a login always gets a new token, so a
  // token planted before login is worth nothing). Needs a writable connection; also forgets
  // expired sessions.
  Session open(const User& user);
  // nullopt when the token is unknown, expired, or its user is now disabled.
  std::optional<Session> find(std::string_view token);
  void close(std::string_view token);
  void close_all(std::int64_t user_id);

 private:
  Db& db_;
  std::chrono::seconds ttl_;
  Clock now_;
};

// The CSRF token a request sent matches the session's (constant time; an empty one never does).
bool csrf_matches(const Session& session, std::string_view sent);

}  // namespace opora::host::auth
