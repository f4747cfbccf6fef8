// Accounts of the web workplace: who may log in, with which role, for which territory. Passwords
// are kept only as libsodium's crypto_pwhash_str (argon2id) strings; nothing here ever stores or
// returns a password in clear.
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.hpp"

namespace opora::host::auth {

// A refusal of an account operation (unknown territory, short password ...), in Russian.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// analyst = region analyst, methodologist = municipal methodologist or coordinator,
// curator = school curator.
enum class Role { admin, analyst, methodologist, curator };

// The stored id ("admin", "analyst", ...).
std::string_view role_id(Role role);
// From the stored id; nullopt when unknown.
std::optional<Role> parse_role(std::string_view id);
// What users read: "администратор", "аналитик региона", ...
std::string_view role_title(Role role);
// Every role, in the order above (for forms and lists).
const std::vector<Role>& all_roles();

struct User {
  std::int64_t id = 0;
  std::string login, name;
  Role role = Role::curator;
  std::string territory;  // territory id the user belongs to
  std::string school;     // the school's ФИС ОКО login (schools.login) for curators, else empty
  bool disabled = false;
};

// Shortest and longest password accepted, in characters (UTF-8 code points).
inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::size_t kMaxPasswordLength = 256;

// Holds only the connection: cheap to make per request, on that request's own connection.
// Each write is one transaction: the caller's when one is open (it then commits or rolls back
// with the caller), else its own.
class Accounts {
 public:
  explicit Accounts(Db& db) : db_(db) {}

  // Validates and creates the account; throws Error. The territory must exist and fit the role:
  // analyst at region level, methodologist at a municipality, curator a school of that
  // territory (required), admin any territory. Only curators have a school.
  User add(std::string_view login, std::string_view name, Role role, std::string_view territory,
           std::string_view school, std::string_view password);
  // Every account, by login.
  std::vector<User> list();
  std::optional<User> find(std::int64_t id);
  // Logins compare without case.
  std::optional<User> find_login(std::string_view login);
  // Refuses the login from now on and closes every session of the account; throws Error for an
  // unknown login.
  void disable(std::string_view login);
  // Replaces the password (checked like add's) and closes every session of the account.
  void set_password(std::string_view login, std::string_view password);
  // The account when the password is its own; nullopt on an unknown login, a wrong password or
  // a disabled account (the same time is spent on each, so a login's existence does not show).
  std::optional<User> check_password(std::string_view login, std::string_view password);

 private:
  Db& db_;
};

// What a write by `user` records as its author (progress.who, participation.who and
// retracted_by, identification_runs.created_by, attachments.who): the login, which is unique
// and never reused, so the history names exactly one account.
inline const std::string& author(const User& user) { return user.login; }

// Why `password` is refused (too short, too long, not UTF-8), or "" when it is acceptable.
std::string password_problem(std::string_view password);

// Internal, for unit tests only: the cheapest argon2id cost, so tests do not spend 64 MiB and a
// tenth of a second per hash. Never called by the program itself.
void use_test_hash_cost_for_unit_tests();

}  // namespace opora::host::auth
