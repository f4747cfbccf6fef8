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

std::string territory_parent_of(std::string_view id) {
  if (id == "federal") return {};
  auto slash = id.rfind('/');
  return slash == std::string_view::npos ? std::string("federal") : std::string(id.substr(0, slash));
}

std::optional<PlaceProblem> territory_place_problem(std::string_view id, std::string_view parent,
                                                    std::string_view level) {
  const std::string sid(id), sparent(parent), slevel(level);
  if (id == "federal") {
    if (level != "federal")
      return PlaceProblem{F::level, "federal — корень дерева территорий, его уровень federal; "
                                    "переопределить его нельзя (указан уровень " + slevel + ")"};
    if (!parent.empty())
      return PlaceProblem{F::parent, "federal — корень дерева территорий, у него нет "
                                     "вышестоящей; переопределить его нельзя (указана «" +
                                         sparent + "»)"};
    return std::nullopt;
  }
  if (level == "federal")
    return PlaceProblem{F::level, "уровень federal только у территории federal, а не у «" + sid +
                                      "»"};
  // The id is the place: "region" or "region/municipality", each segment non-empty.
  int segments = 1;
  bool empty_segment = id.front() == '/' || id.back() == '/';
  for (std::size_t i = 0; i < id.size(); ++i)
    if (id[i] == '/') {
      ++segments;
      if (i + 1 < id.size() && id[i + 1] == '/') empty_segment = true;
    }
  if (empty_segment || segments > 2)
    return PlaceProblem{F::id, "код территории «" + sid + "» не задаёт место в дереве: код "
                               "региона — одно слово (chelyabinsk), код муниципалитета — код "
                               "региона, «/» и слово (chelyabinsk/chebarkul)"};
  const std::string expected = territory_parent_of(id);
  if (segments == 1 && level != "region")
    return PlaceProblem{F::level, "«" + sid + "» — код региона (без «/»), а уровень указан " +
                                      slevel + "; код муниципалитета пишут как регион/код, "
                                      "например chelyabinsk/" + sid};
  if (segments == 2 && level != "municipality")
    return PlaceProblem{F::level, "«" + sid + "» — код муниципалитета региона «" + expected +
                                      "», а уровень указан " + slevel};
  if (!parent.empty() && parent != expected)
    return PlaceProblem{
        F::parent, (segments == 1 ? "регион «" + sid + "» находится только под federal"
                                  : "муниципалитет «" + sid + "» находится только под своим "
                                    "регионом «" + expected + "»") +
                       ", а указана вышестоящая «" + sparent +
                       "»: место в дереве задаёт код территории (уровни federal → регион → "
                       "муниципалитет)"};
  return std::nullopt;
}

void import_territories(Job& job, RowSource& csv, const Columns& cols) {
  // Rows may name a parent defined further down: check foreign keys at commit instead.
  job.db.exec("PRAGMA defer_foreign_keys = ON");
  TextMap<int> seen;  // id → line
  std::vector<Parent> parents;
  Statement stored = job.db.prepare("SELECT parent FROM territories WHERE id = ?");
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
    // Levels in order and every id under its parent's path: no cycles, no moves (a territory
    // already stored keeps the parent its id names, so identify and the tree never disagree).
    if (auto p = territory_place_problem(id, parent, level)) {
      std::string message = p->message;
      stored.reset();
      stored.bind(1, id);
      if (p->field == F::parent && stored.step() && stored.column_text(0) != parent)
        message += "; территория уже в базе под «" + std::string(stored.column_text(0)) +
                   "», перенести её под другую нельзя";
      cells.fail(p->field, message);
      continue;
    }
    if (id == "federal") {  // the root exists once: a file may repeat it, not rename it
      auto q = job.db.prepare("SELECT name FROM territories WHERE id = 'federal'");
      if (q.step() && q.column_text(0) != name) {
        cells.fail(F::name, "federal уже определён («" + std::string(q.column_text(0)) +
                                "»); переопределить корень дерева территорий нельзя");
        continue;
      }
    }
    std::string resolved = parent.empty() ? territory_parent_of(id) : std::string(parent);
    if (!resolved.empty()) parents.push_back({resolved, row.line});
    job.count(ensure_territory(job.db, id, name, resolved, level, "import"));
  }
  for (const auto& p : parents)
    if (!seen.contains(p.id) && !job.territories().contains(p.id))
      job.errors.add(p.line, cols[F::parent],
                     "неизвестная вышестоящая территория «" + p.id +
                         "»: её нет ни в базе, ни в этом файле");
}

}  // namespace opora::host
