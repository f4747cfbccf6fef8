#include "auth/accounts.hpp"

#include <sodium.h>

#include <array>
#include <atomic>

#include "auth/crypto.hpp"
#include "auth/write_scope.hpp"
#include "util/clock.hpp"
#include "util/encoding.hpp"

namespace opora::host::auth {

namespace {

struct RoleInfo {
  Role role;
  std::string_view id, title;
};

// The one table of roles: ids as stored, titles as users read them.
constexpr std::array<RoleInfo, 4> kRoles = {{
    {Role::admin, "admin", "администратор"},
    {Role::analyst, "analyst", "аналитик региона"},
    {Role::methodologist, "methodologist", "методист муниципалитета"},
    {Role::curator, "curator", "куратор школы"},
}};

const RoleInfo& info(Role role) {
  for (const auto& r : kRoles)
    if (r.role == role) return r;
  return kRoles[0];  // unreachable: every enumerator is in the table
}

// Production cost: libsodium's interactive limits (argon2id, 64 MiB). Tests may lower it.
std::atomic<bool> test_cost{false};

std::string hash_password(std::string_view password) {
  ensure_sodium();
  unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  std::size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (test_cost) ops = crypto_pwhash_OPSLIMIT_MIN, mem = crypto_pwhash_MEMLIMIT_MIN;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw Error("не удалось вычислить хеш пароля (не хватает памяти)");
  return out;
}

bool verify_password(const std::string& hash, std::string_view password) {
  ensure_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

// A hash of no one's password, verified for unknown logins so they cost the same time.
const std::string& dummy_hash() {
  static const std::string h = hash_password(random_hex(16));
  return h;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Logins are ASCII, compared and stored in lower case.
std::string normalize_login(std::string_view login) {
  std::string out(login);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string login_problem(std::string_view login) {
  if (login.empty()) return "логин пуст";
  if (login.size() > 64) return "логин длиннее 64 символов";
  for (char c : login) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-' || c == '@';
    if (!ok)
      return "логин «" + std::string(login) +
             "» содержит недопустимый символ: разрешены латинские буквы, цифры и . _ - @";
  }
  return "";
}

constexpr const char* kColumns =
    "SELECT id, login, name, role, territory, coalesce(school, ''), disabled FROM users ";

User read_user(const Statement& q) {
  User u;
  u.id = q.column_int64(0);
  u.login = q.column_text(1);
  u.name = q.column_text(2);
  u.role = parse_role(q.column_text(3)).value_or(Role::curator);
  u.territory = q.column_text(4);
  u.school = q.column_text(5);
  u.disabled = q.column_int(6) != 0;
  return u;
}

struct Territory {
  std::string level;
  bool found = false;
};

Territory territory_level(Db& db, std::string_view id) {
  auto q = db.prepare("SELECT level FROM territories WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return {};
  return {std::string(q.column_text(0)), true};
}

void check_placement(Db& db, Role role, std::string_view territory, std::string_view school) {
  if (territory.empty()) throw Error("не указана территория пользователя");
  auto t = territory_level(db, territory);
  if (!t.found) throw Error("территория «" + std::string(territory) + "» не найдена в базе");
  auto need_level = [&](std::string_view level, std::string_view what) {
    if (t.level != level)
      throw Error("роль «" + std::string(role_title(role)) + "» требует территорию уровня " +
                  std::string(what) + ", а «" + std::string(territory) + "» — уровня «" +
                  t.level + "»");
  };
  if (role == Role::analyst) need_level("region", "«регион»");
  if (role == Role::methodologist || role == Role::curator)
    need_level("municipality", "«муниципалитет»");
  if (role != Role::curator) {
    if (!school.empty())
      throw Error("школа указывается только для роли «" + std::string(role_title(Role::curator)) +
                  "»");
    return;
  }
  if (school.empty()) throw Error("для роли «куратор школы» укажите школу (--school)");
  auto q = db.prepare("SELECT territory FROM schools WHERE login = ?");
  q.bind(1, school);
  if (!q.step()) throw Error("школа «" + std::string(school) + "» не найдена в базе");
  if (q.column_text(0) != territory)
    throw Error("школа «" + std::string(school) + "» относится к территории «" +
                std::string(q.column_text(0)) + "», а не к «" + std::string(territory) + "»");
}

std::int64_t user_id(Db& db, std::string_view login) {
  auto q = db.prepare("SELECT id FROM users WHERE login = ?");
  q.bind(1, normalize_login(login));
  if (!q.step()) throw Error("пользователь «" + std::string(login) + "» не найден");
  return q.column_int64(0);
}

}  // namespace

std::string_view role_id(Role role) { return info(role).id; }
std::string_view role_title(Role role) { return info(role).title; }

std::optional<Role> parse_role(std::string_view id) {
  for (const auto& r : kRoles)
    if (r.id == id) return r.role;
  return std::nullopt;
}

const std::vector<Role>& all_roles() {
  static const std::vector<Role> roles = [] {
    std::vector<Role> v;
    for (const auto& r : kRoles) v.push_back(r.role);
    return v;
  }();
  return roles;
}

std::string password_problem(std::string_view password) {
  if (!is_valid_utf8(password)) return "пароль не в кодировке UTF-8";
  auto n = code_points(password);
  if (n < kMinPasswordLength)
    return "пароль короче " + std::to_string(kMinPasswordLength) + " символов";
  if (n > kMaxPasswordLength)
    return "пароль длиннее " + std::to_string(kMaxPasswordLength) + " символов";
  return "";
}

void use_test_hash_cost_for_unit_tests() { test_cost = true; }

User Accounts::add(std::string_view login_text, std::string_view name, Role role,
                   std::string_view territory, std::string_view school,
                   std::string_view password) {
  auto login = normalize_login(login_text);
  if (auto why = login_problem(login); !why.empty()) throw Error(why);
  if (!is_valid_utf8(name)) throw Error("имя пользователя не в кодировке UTF-8");
  if (auto why = password_problem(password); !why.empty()) throw Error(why);
  auto hash = hash_password(password);  // before the transaction: it takes a tenth of a second
  WriteScope tx(db_);
  if (find_login(login)) throw Error("пользователь «" + login + "» уже есть");
  check_placement(db_, role, territory, school);
  auto now = utc_now_iso();
  std::optional<std::string_view> school_value;
  if (!school.empty()) school_value = school;
  db_.prepare(
         "INSERT INTO users(login, name, role, territory, school, disabled, password_changed_at, "
         "created_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)")
      .bind_all(login, name, role_id(role), territory, school_value, now, now)
      .run();
  auto id = db_.last_insert_rowid();
  db_.prepare("INSERT INTO user_passwords(user, hash) VALUES (?, ?)").bind_all(id, hash).run();
  tx.commit();
  return *find(id);
}

std::vector<User> Accounts::list() {
  std::vector<User> out;
  auto q = db_.prepare(std::string(kColumns) + "ORDER BY login");
  while (q.step()) out.push_back(read_user(q));
  return out;
}

std::optional<User> Accounts::find(std::int64_t id) {
  auto q = db_.prepare(std::string(kColumns) + "WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_user(q);
}

std::optional<User> Accounts::find_login(std::string_view login) {
  auto q = db_.prepare(std::string(kColumns) + "WHERE login = ?");
  q.bind(1, normalize_login(login));
  if (!q.step()) return std::nullopt;
  return read_user(q);
}

void Accounts::disable(std::string_view login) {
  WriteScope tx(db_);
  auto id = user_id(db_, login);
  db_.prepare("UPDATE users SET disabled = 1 WHERE id = ?").bind(1, id).run();
  db_.prepare("DELETE FROM sessions WHERE user = ?").bind(1, id).run();
  tx.commit();
}

void Accounts::set_password(std::string_view login, std::string_view password) {
  if (auto why = password_problem(password); !why.empty()) throw Error(why);
  auto hash = hash_password(password);
  WriteScope tx(db_);
  auto id = user_id(db_, login);
  db_.prepare("UPDATE user_passwords SET hash = ? WHERE user = ?").bind_all(hash, id).run();
  // The users row records that the password changed (history keeps it), never the hash.
  db_.prepare(
         "UPDATE users SET password_changed_at = ?, password_version = password_version + 1 "
         "WHERE id = ?")
      .bind_all(utc_now_iso(), id)
      .run();
  db_.prepare("DELETE FROM sessions WHERE user = ?").bind(1, id).run();
  tx.commit();
}

std::optional<User> Accounts::check_password(std::string_view login,
                                             std::string_view password) {
  std::optional<User> user;
  std::string hash;
  if (login_problem(normalize_login(login)).empty()) {
    auto q = db_.prepare(
        "SELECT u.id, p.hash FROM users u JOIN user_passwords p ON p.user = u.id "
        "WHERE u.login = ?");
    q.bind(1, normalize_login(login));
    if (q.step()) {
      hash = q.column_text(1);
      user = find(q.column_int64(0));
    }
  }
  // Verify even when there is no such account, so the answer takes as long either way.
  bool ok = verify_password(user ? hash : dummy_hash(), password) && user.has_value();
  if (!ok || user->disabled) return std::nullopt;
  return user;
}

}  // namespace opora::host::auth
