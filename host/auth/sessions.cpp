#include "auth/sessions.hpp"

#include "auth/crypto.hpp"
#include "auth/write_scope.hpp"

namespace opora::host::auth {

namespace {

constexpr std::size_t kTokenBytes = 32;

}  // namespace

Sessions::Sessions(Db& db, std::chrono::seconds ttl, Clock now)
    : db_(db), ttl_(ttl), now_(std::move(now)) {}

Session Sessions::open(const User& user) {
  if (user.disabled) throw Error("учётная запись «" + user.login + "» отключена");
  Session s;
  s.token = random_hex(kTokenBytes);
  s.csrf = random_hex(kTokenBytes);
  auto now = now_();
  s.expires_at = now + ttl_.count();
  WriteScope tx(db_);
  db_.prepare("DELETE FROM sessions WHERE expires_at <= ?").bind(1, now).run();
  db_.prepare(
         "INSERT INTO sessions(token_hash, user, csrf, created_at, expires_at) "
         "VALUES (?, ?, ?, ?, ?)")
      .bind_all(token_hash(s.token), user.id, s.csrf, now, s.expires_at)
      .run();
  tx.commit();
  s.user = *Accounts(db_).find(user.id);
  return s;
}

std::optional<Session> Sessions::find(std::string_view token) {
  if (token.size() != kTokenBytes * 2) return std::nullopt;
  auto hash = token_hash(token);
  auto q = db_.prepare(
      "SELECT token_hash, user, csrf, expires_at FROM sessions WHERE token_hash = ?");
  q.bind(1, hash);
  if (!q.step()) return std::nullopt;
  // The index found the row; the comparison that decides is the constant-time one.
  if (!equal_constant_time(q.column_text(0), hash)) return std::nullopt;
  Session s;
  s.token = token;
  s.csrf = q.column_text(2);
  s.expires_at = q.column_int64(3);
  auto user_id = q.column_int64(1);
  if (s.expires_at <= now_()) return std::nullopt;
  auto user = Accounts(db_).find(user_id);
  if (!user || user->disabled) return std::nullopt;
  s.user = std::move(*user);
  return s;
}

void Sessions::close(std::string_view token) {
  db_.prepare("DELETE FROM sessions WHERE token_hash = ?").bind(1, token_hash(token)).run();
}

void Sessions::close_all(std::int64_t user_id) {
  db_.prepare("DELETE FROM sessions WHERE user = ?").bind(1, user_id).run();
}

bool csrf_matches(const Session& session, std::string_view sent) {
  if (sent.empty() || session.csrf.empty()) return false;
  return equal_constant_time(session.csrf, sent);
}

}  // namespace opora::host::auth
