// The demo's accounts: an administrator, the analyst of Челябинская область and one methodologist
// for each seed municipality, with fresh random passwords (printed by the demo, demo-only).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "auth/accounts.hpp"
#include "store/db.hpp"

namespace opora::host::auth {

// Creates the accounts in a store that holds the demo's territories; an account that already
// exists gets a new password instead. Returns each account with its password, admin first.
std::vector<std::pair<User, std::string>> create_demo_accounts(Db& db);

// A random password of `length` characters from letters and digits that are hard to confuse.
std::string random_password(std::size_t length = 16);

}  // namespace opora::host::auth
