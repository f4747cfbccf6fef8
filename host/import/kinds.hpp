// The importers of the built-in kinds (CSV and XLSX alike: util/rows). Each reads the data rows after the header (already
// matched to `cols`), validates and writes them through `job`.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "import/fields.hpp"
#include "import/job.hpp"
#include "util/rows.hpp"

namespace opora::host {

// The territory tree is fixed by the ids: federal is the root; a region's id is one segment
// ("chelyabinsk") under federal; a municipality's id is its region's id, "/" and one segment
// ("chelyabinsk/chebarkul"). Levels therefore come in order and cycles or moves cannot happen.
struct PlaceProblem {
  F field;  // the cell at fault: id, parent or level
  std::string message;
};
// Nothing when (id, parent, level) is such a place; an empty parent means the one the id names.
std::optional<PlaceProblem> territory_place_problem(std::string_view id, std::string_view parent,
                                                    std::string_view level);
// The parent an id names: "" for federal, "federal" for a region, the region for a municipality.
std::string territory_parent_of(std::string_view id);

void import_territories(Job& job, RowSource& csv, const Columns& cols);
void import_schools(Job& job, RowSource& csv, const Columns& cols);
void import_risk(Job& job, RowSource& csv, const Columns& cols);
void import_territory_context(Job& job, RowSource& csv, const Columns& cols);
// results, context, students: through the RecordSink that plugin importers use too.
void import_records(Job& job, std::string_view kind, RowSource& csv, const Columns& cols);

}  // namespace opora::host
