// territories files: id; name; parent; level. Parents may come later in the same file.
#include <vector>

#include "import/cells.hpp"
#include "import/kinds.hpp"
#include "util/text.hpp"

namespace opora::host {

namespace {

// The schema's level code for what a department writes: "region", «субъект РФ», «МО», ...
std::string_view level_code(std::string_view text) {
  std::string w = to_lower(text);
  if (w == "federal" || w == "федеральный" || w == "федерация" || w == "рф") return "federal";
  if (w == "region" || w == "регион" || w == "региональный" || w == "субъект" ||
      w == "субъект рф")
    return "region";
  if (w == "municipality" || w == "муниципалитет" || w == "муниципальный" || w == "мо" ||
      w == "муниципальное образование")
    return "municipality";
  return {};
}

struct Parent {
  std::string id;
  int line;
};

}  // namespace

void import_territories(Job& job, CsvReader& csv, const Columns& cols) {
  // Rows may name a parent defined further down: check foreign keys at commit instead.
  job.db.exec("PRAGMA defer_foreign_keys = ON");
  TextMap<int> seen;  // id → line
  std::vector<Parent> parents;
  CsvRow row;
  while (csv.next(row)) {
    ++job.report.rows;
    Cells cells(row, cols, job.errors);
    auto id = cells.required_text(F::id);
    auto name = cells.required_text(F::name);
    auto parent = cells.text(F::parent);
    auto level_text = cells.required_text(F::level);
    auto level = level_code(level_text);
    if (!level_text.empty() && level.empty())
      cells.fail(F::level, "неизвестный уровень «" + std::string(level_text) +
                               "», ожидалось: federal, region или municipality "
                               "(федеральный, регион, муниципалитет)");
    if (!id.empty()) {
      auto [it, fresh] = seen.emplace(std::string(id), row.line);
      if (!fresh)
        cells.fail(F::id, "строка повторяет строку " + std::to_string(it->second) +
                              ": территория «" + std::string(id) + "» уже описана");
    }
    if (!parent.empty() && parent == id)
      cells.fail(F::parent, "территория «" + std::string(id) + "» указана родителем самой себя");
    if (!cells.ok()) continue;
    if (!parent.empty()) parents.push_back({std::string(parent), row.line});
    job.count(ensure_territory(job.db, id, name, parent, level, "import"));
  }
  for (const auto& p : parents)
    if (!seen.contains(p.id) && !job.territories().contains(p.id))
      job.errors.add(p.line, cols[F::parent],
                     "неизвестная вышестоящая территория «" + p.id +
                         "»: её нет ни в базе, ни в этом файле");
}

}  // namespace opora::host
