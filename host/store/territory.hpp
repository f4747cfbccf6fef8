// Territories as packages and importers declare them.
#pragma once
#include <string_view>

#include "store/db.hpp"

namespace opora::host {

enum class Upsert { inserted, updated, unchanged };

// Inserts the territory or brings it up to date; an empty parent is NULL. A row that a package
// defined (source 'package') is kept when the new source is anything else. Writes nothing when
// the row already holds these values, so history records real changes only.
Upsert ensure_territory(Db& db, std::string_view id, std::string_view name,
                        std::string_view parent, std::string_view level,
                        std::string_view source = "import");

}  // namespace opora::host
