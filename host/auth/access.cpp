#include "auth/access.hpp"

#include <optional>
#include <string>

namespace opora::host::auth {

namespace {

// Deeper than any real hierarchy (federal → region → municipality); stops a parent cycle in a
// damaged store from looping.
constexpr int kMaxDepth = 32;

std::optional<std::string> school_territory(Db& db, std::string_view school) {
  auto q = db.prepare("SELECT territory FROM schools WHERE login = ?");
  q.bind(1, school);
  if (!q.step()) return std::nullopt;
  return std::string(q.column_text(0));
}

bool territory_exists(Db& db, std::string_view id) {
  auto q = db.prepare("SELECT 1 FROM territories WHERE id = ?");
  q.bind(1, id);
  return q.step();
}

}  // namespace

bool within(Db& db, std::string_view territory, std::string_view ancestor) {
  if (territory.empty() || ancestor.empty()) return false;
  auto parent = db.prepare("SELECT coalesce(parent, '') FROM territories WHERE id = ?");
  std::string current(territory);
  for (int depth = 0; depth < kMaxDepth && !current.empty(); ++depth) {
    parent.reset();
    parent.bind(1, current);
    if (!parent.step()) return false;  // unknown territory: never inside anything
    if (current == ancestor) return true;
    current = std::string(parent.column_text(0));
  }
  return false;
}

bool allowed(Db& db, const User& user, Action action, std::string_view territory_id,
             std::string_view school_id) {
  if (user.disabled) return false;
  // Accounts are not a territory's data: administering is the admin's, whatever the target.
  if (action == Action::administer) return user.role == Role::admin;
  // The target: the territory, narrowed to a school that must lie in it.
  std::string target(territory_id);
  if (!school_id.empty()) {
    auto t = school_territory(db, school_id);
    if (!t) return false;
    if (!target.empty() && !within(db, *t, target)) return false;
    target = *t;
  }
  if (target.empty() || !territory_exists(db, target)) return false;

  switch (user.role) {
    case Role::admin:
      return true;
    case Role::analyst:
    case Role::methodologist:
      return within(db, target, user.territory);
    case Role::curator:
      if (action == Action::read) return within(db, target, user.territory);
      return !school_id.empty() && school_id == user.school && within(db, target, user.territory);
  }
  return false;
}

}  // namespace opora::host::auth
