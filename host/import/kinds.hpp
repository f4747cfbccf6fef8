// The CSV importers of the built-in kinds. Each reads the data rows after the header (already
// matched to `cols`), validates and writes them through `job`.
#pragma once
#include <string_view>

#include "import/fields.hpp"
#include "import/job.hpp"
#include "util/csv.hpp"

namespace opora::host {

void import_territories(Job& job, CsvReader& csv, const Columns& cols);
void import_schools(Job& job, CsvReader& csv, const Columns& cols);
void import_risk(Job& job, CsvReader& csv, const Columns& cols);
void import_territory_context(Job& job, CsvReader& csv, const Columns& cols);
// results, context, students: through the RecordSink that plugin importers use too.
void import_records(Job& job, std::string_view kind, CsvReader& csv, const Columns& cols);

}  // namespace opora::host
