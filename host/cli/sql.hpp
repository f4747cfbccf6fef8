// Small store lookups the commands share.
#pragma once
#include <string>

#include "store/db.hpp"

namespace opora::host {

// The territory's Russian name, or its id when unknown.
inline std::string territory_name(Db& db, std::string_view id) {
  auto q = db.prepare("SELECT name FROM territories WHERE id = ?");
  q.bind(1, id);
  if (q.step()) return std::string(q.column_text(0));
  return std::string(id);
}

}  // namespace opora::host
