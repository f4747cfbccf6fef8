// schools files: login; name; territory; kind; locality; students. Upserted by login.
#include "import/cells.hpp"
#include "import/kinds.hpp"

namespace opora::host {

void import_schools(Job& job, RowSource& csv, const Columns& cols) {
  Statement insert = job.db.prepare(
      "INSERT INTO schools(login, name, territory, kind, locality, students) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(login) DO NOTHING");
  Statement update = job.db.prepare(
      "UPDATE schools SET name = ?2, territory = ?3, kind = ?4, locality = ?5, students = ?6 "
      "WHERE login = ?1 AND (name IS NOT ?2 OR territory IS NOT ?3 OR kind IS NOT ?4 OR "
      "locality IS NOT ?5 OR students IS NOT ?6)");
  TextMap<int> seen;  // login → line
  CsvRow row;
  while (csv.next(row)) {
    ++job.report.rows;
    Cells cells(row, cols, job.errors);
    auto login = cells.required_text(F::login);
    auto name = cells.required_text(F::name);
    auto territory = cells.required_text(F::territory);
    auto students = cells.integer(F::students, false);
    if (students && *students < 0)
      cells.fail(F::students, negative_problem(*students, field_title(F::students)));
    if (!territory.empty() && !job.territories().contains(territory))
      cells.fail(F::territory, "неизвестная территория «" + std::string(territory) +
                                   "»: сначала загрузите её (вид territories) или пакет");
    if (!login.empty()) {
      auto [it, fresh] = seen.emplace(std::string(login), row.line);
      if (!fresh)
        cells.fail(F::login, "строка повторяет строку " + std::to_string(it->second) +
                                 ": школа с логином «" + std::string(login) + "» уже описана");
    }
    if (!cells.ok()) continue;
    auto kind = cells.text(F::kind);
    auto locality = cells.text(F::locality);
    insert.bind_all(login, name, territory, kind, locality, students);
    update.bind_all(login, name, territory, kind, locality, students);
    job.count(upsert(insert, update));
  }
}

}  // namespace opora::host
