#include "auth/demo_accounts.hpp"

#include <sodium.h>

#include "auth/crypto.hpp"
#include "demo/seed_territories.hpp"

namespace opora::host::auth {

namespace {

std::string territory_name(Db& db, const std::string& id) {
  auto q = db.prepare("SELECT name FROM territories WHERE id = ?");
  q.bind(1, id);
  return q.step() ? std::string(q.column_text(0)) : id;
}

std::string last_segment(const std::string& id) {
  auto slash = id.rfind('/');
  return slash == std::string::npos ? id : id.substr(slash + 1);
}

struct DemoAccount {
  std::string login, name;
  Role role;
  std::string territory;
};

}  // namespace

std::string random_password(std::size_t length) {
  ensure_sodium();
  // No 0/O, 1/l/I: a person copies these from a terminal.
  static constexpr std::string_view kAlphabet =
      "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (std::size_t i = 0; i < length; ++i)
    out += kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
  return out;
}

std::vector<std::pair<User, std::string>> create_demo_accounts(Db& db) {
  std::vector<DemoAccount> wanted = {
      {"admin", "Администратор (демо)", Role::admin, "federal"},
      {"analyst-chelyabinsk", "Аналитик: " + territory_name(db, "chelyabinsk") + " (демо)",
       Role::analyst, "chelyabinsk"},
  };
  for (const auto& m : demo_seed_territories().municipalities)
    wanted.push_back({"metod-" + last_segment(m.territory),
                      "Методист: " + territory_name(db, m.territory) + " (демо)",
                      Role::methodologist, m.territory});
  Accounts acc(db);
  std::vector<std::pair<User, std::string>> out;
  for (const auto& w : wanted) {
    auto password = random_password();
    if (acc.find_login(w.login)) {
      acc.set_password(w.login, password);
      out.emplace_back(*acc.find_login(w.login), password);
    } else {
      out.emplace_back(acc.add(w.login, w.name, w.role, w.territory, "", password), password);
    }
  }
  return out;
}

}  // namespace opora::host::auth
