#include "engine/plan_context.hpp"

#include <algorithm>
#include <set>

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
  std::string first = d->iso(), last = d->end_of_month().iso();
  // A plan's months are those of its occurrences as well as of its plan year: a 2023 plan with
  // rows due in January 2024 reports January 2024; a school-year plan with a July row reports
  // July. The plan whose own year holds the month wins; else the latest whose span does.
  auto q = db.prepare(
      "SELECT r.id, r.year, r.template, min(o.due_start), max(o.due_end) FROM roadmaps r "
      "LEFT JOIN activities a ON a.roadmap = r.id LEFT JOIN occurrences o ON o.activity = a.id "
      "AND o.due_start <> '' AND o.due_end <> '' WHERE r.territory = ? GROUP BY r.id "
      "ORDER BY r.year DESC");
  q.bind_all(territory);
  std::optional<MonthPlan> spanning;
  while (q.step()) {
    const auto* t = plan_template(eff, q.column_text(2));
    PlanYear py{q.column_int(1), t && t->year_kind == "school"};
    MonthPlan found{q.column_int64(0), py};
    if (py.contains(*d)) return found;
    std::string from = std::min(py.start().iso(), q.column_null(3) ? first : std::string(q.column_text(3)));
    std::string to = std::max(py.end().iso(), q.column_null(4) ? std::string() : std::string(q.column_text(4)));
    if (!spanning && from <= last && to >= first) spanning = found;
  }
  return spanning;
}

ActivityReach activity_reach(const PlanState& plan, const Effective& eff,
                             const PlanIdentification& ident) {
  ActivityReach out;
  auto add_category = [&](std::set<std::int64_t>& to, const std::string& code) {
    auto it = ident.members.find(code);
    if (it != ident.members.end()) to.insert(it->second.begin(), it->second.end());
  };
  for (std::size_t i = 0; i < plan.activities.size(); ++i) {
    const auto& a = plan.activities[i];
    std::set<std::int64_t> schools;
    if (!a.category.empty()) {
      add_category(schools, a.category);
    } else {
      for (const auto& e : eff.indicators) {
        auto args = eff.args_for(e);
        bool named = !a.indicator.empty() ? e.item->id == a.indicator
                                          : args.text("activity") == a.number;
        if (!named) continue;
        std::string codes = args.text("category") + " " + args.text("categories");
        std::string code;
        for (char c : codes + " ") {
          if (c == ' ' || c == ',' || c == ';') {
            if (!code.empty()) add_category(schools, code);
            code.clear();
          } else {
            code += c;
          }
        }
        break;
      }
    }
    if (!schools.empty()) out[i] = std::move(schools);
  }
  return out;
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
