// Authorisation: what a user may do with a territory (and one of its schools). The server asks
// this for every request; nothing else decides access.
#pragma once
#include <string_view>

#include "auth/accounts.hpp"
#include "store/db.hpp"

namespace opora::host::auth {

enum class Action { read, write, administer };

// The rules:
//   admin          everything;
//   analyst        reads and writes (identification runs, plans ...) in its region's subtree;
//   methodologist  reads and writes its municipality's subtree (and its schools), nothing else;
//   curator        reads its municipality's subtree, writes only with school_id = its school;
//   administer     (accounts) admin only, whatever the territory (it may be empty).
// `territory_id` is the territory the request is about; `school_id` (a school's ФИС ОКО login,
// optional) narrows it to one school, which must lie in that territory's subtree. A disabled
// user, an unknown territory or school, or an empty target is refused.
bool allowed(Db& db, const User& user, Action action, std::string_view territory_id,
             std::string_view school_id = {});

// `territory` is `ancestor` or lies below it by the territories' parent links.
bool within(Db& db, std::string_view territory, std::string_view ancestor);

}  // namespace opora::host::auth
