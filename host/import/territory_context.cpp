// territory_context files: territory; year; indicator; value — territory-level figures such as
// teachers_total that indicators divide by.
#include "import/cells.hpp"
#include "import/kinds.hpp"

namespace opora::host {

void import_territory_context(Job& job, RowSource& csv, const Columns& cols) {
  Statement insert = job.db.prepare(
      "INSERT INTO territory_observations(territory, year, indicator, value) "
      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING");
  Statement update = job.db.prepare(
      "UPDATE territory_observations SET value = ?4 WHERE territory = ?1 AND year = ?2 AND "
      "indicator = ?3 AND value IS NOT ?4");
  Interner names;
  DuplicateKeys keys;
  CsvRow row;
  while (csv.next(row)) {
    ++job.report.rows;
    Cells cells(row, cols, job.errors);
    auto territory = cells.required_text(F::territory);
    auto year = cells.integer(F::year);
    auto indicator = cells.required_text(F::indicator);
    auto value = cells.number(F::value);
    if (year) {
      if (auto p = year_problem(*year); !p.empty()) cells.fail(F::year, p);
    }
    if (!territory.empty() && !job.territories().contains(territory))
      cells.fail(F::territory, "неизвестная территория «" + std::string(territory) + "»");
    if (!cells.ok()) continue;
    keys.add({names.id(territory), static_cast<std::uint64_t>(*year), names.id(indicator)},
             row.line);
    insert.bind_all(territory, *year, indicator, *value);
    update.bind_all(territory, *year, indicator, *value);
    job.count(upsert(insert, update));
  }
  keys.report(job.errors, cols[F::territory], "та же территория, год и показатель");
}

}  // namespace opora::host
