// The history of user data: triggers that copy the old row, as JSON, into `history` on every
// UPDATE that changes something and on every DELETE.
#pragma once
#include <span>
#include <string_view>

#include "store/db.hpp"

namespace opora::host {

// Tables whose changes are kept.
std::span<const std::string_view> history_tables();

// (Re)creates the UPDATE and DELETE triggers of `table` from its current columns, so a
// migration that adds a column calls this again.
void create_history_triggers(Db& db, std::string_view table);

}  // namespace opora::host
