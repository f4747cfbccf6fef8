#include "engine/plan_context.hpp"

namespace opora::host {

const RoadmapTemplate* plan_template(const Effective& eff, std::string_view id) {
  for (const auto& r : eff.roadmaps)
    if (r.item->id == id) return r.item.get();
  return eff.roadmaps.empty() ? nullptr : eff.roadmaps.front().item.get();
}

std::optional<MonthPlan> find_plan_for_month(Db& db, const Effective& eff,
                                             std::string_view territory, std::string_view month) {
  auto d = Date::from_iso(std::string(month) + "-01");
  if (!d || !d->valid()) return std::nullopt;
  auto q = db.prepare(
      "SELECT id, year, template FROM roadmaps WHERE territory = ? AND year IN (?, ?) "
      "ORDER BY year DESC");
  q.bind_all(territory, d->y, d->y - 1);
  while (q.step()) {
    const auto* t = plan_template(eff, q.column_text(2));
    PlanYear py{q.column_int(1), t && t->year_kind == "school"};
    if (py.contains(*d)) return MonthPlan{q.column_int64(0), py};
  }
  return std::nullopt;
}

PlanIdentification plan_identification(Db& db, std::string_view territory, int plan_year) {
  PlanIdentification out;
  for (int y : {plan_year, plan_year - 1}) {
    out.run = latest_identification(db, territory, y);
    if (out.run.id) {
      out.used_year = y;
      break;
    }
  }
  for (const auto& [school, cats] : out.run.categories)
    for (const auto& c : cats) out.members[c].push_back(school);
  return out;
}

std::map<std::string, double> territory_figures(Db& db, std::string_view territory, int year) {
  std::map<std::string, double> out;
  // Ascending years: the latest year up to `year` wins.
  auto q = db.prepare(
      "SELECT indicator, value FROM territory_observations WHERE territory = ? AND year <= ? "
      "ORDER BY year");
  q.bind_all(territory, year);
  while (q.step()) out[std::string(q.column_text(0))] = q.column_double(1);
  return out;
}

}  // namespace opora::host
