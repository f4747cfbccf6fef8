// Territories as packages and importers declare them.
#pragma once
#include <string>
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

// SQL condition: `column` (a territory id) lies in the subtree of the territory bound as
// parameter ?`param` — the territory itself or any id under "<territory>/". Written as an
// equality and a range, not with substr(), so SQLite reads the subtree through an index on the
// column instead of testing every row of a national table. `territory` is the value that will be
// bound: for federal the condition is true for every row (the parameter stays referenced, so the
// caller binds the same arguments either way).
std::string in_subtree_sql(std::string_view column, int param, std::string_view territory);

// "schools <alias>" for a FROM clause that filters with in_subtree_sql: read through the
// territory index (SQLite would otherwise scan schools in id order to save a sort), except for
// federal, which reads them all.
std::string schools_of_subtree(std::string_view alias, std::string_view territory);

}  // namespace opora::host
