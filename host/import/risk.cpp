// risk files: login; year; factor; level — the school risk profiles (рисковые профили).
#include <algorithm>

#include "import/cells.hpp"
#include "import/kinds.hpp"

namespace opora::host {

void import_risk(Job& job, RowSource& csv, const Columns& cols) {
  Statement insert = job.db.prepare(
      "INSERT INTO risk_profiles(school, year, factor, level) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT DO NOTHING");
  Statement update = job.db.prepare(
      "UPDATE risk_profiles SET level = ?4 WHERE school = ?1 AND year = ?2 AND factor = ?3 "
      "AND level IS NOT ?4");
  Interner factors;
  DuplicateKeys keys;
  std::vector<std::string> codes(job.risk_factors.begin(), job.risk_factors.end());
  std::sort(codes.begin(), codes.end());
  std::string known_factors;
  for (const auto& c : codes) known_factors += (known_factors.empty() ? "" : ", ") + c;
  CsvRow row;
  while (csv.next(row)) {
    ++job.report.rows;
    Cells cells(row, cols, job.errors);
    auto login = cells.required_text(F::login);
    auto year = cells.integer(F::year);
    auto factor = cells.required_text(F::factor);
    auto level_text = cells.required_text(F::level);
    auto level = parse_risk_level(level_text);
    if (!level_text.empty() && !level)
      cells.fail(F::level, "уровень риска «" + std::string(level_text) +
                               "» не распознан, ожидалось 1, 2, 3 или низкий, средний, высокий");
    if (year) {
      if (auto p = year_problem(*year); !p.empty()) cells.fail(F::year, p);
    }
    // A code no package declared would be stored and then ignored by every criterion.
    if (!factor.empty() && !job.risk_factors.empty() && !job.risk_factors.contains(factor))
      cells.fail(F::factor, "неизвестный фактор риска «" + std::string(factor) + "»; известны: " +
                                known_factors);
    std::int64_t school = 0;
    if (!login.empty()) {
      auto it = job.schools().find(login);
      if (it == job.schools().end())
        cells.fail(F::login, "неизвестная школа «" + std::string(login) +
                                 "»: сначала загрузите её в справочник школ (вид schools)");
      else
        school = it->second;
    }
    if (!cells.ok()) continue;
    keys.add({static_cast<std::uint64_t>(school), static_cast<std::uint64_t>(*year),
              factors.id(factor)},
             row.line);
    insert.bind_all(school, *year, factor, *level);
    update.bind_all(school, *year, factor, *level);
    job.count(upsert(insert, update));
  }
  keys.report(job.errors, cols[F::login], "та же школа, год и фактор риска");
}

}  // namespace opora::host
