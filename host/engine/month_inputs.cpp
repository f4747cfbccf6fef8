#include "engine/month_inputs.hpp"

namespace opora::host {

int year_for_month(Db& db, const Effective& eff, std::string_view territory,
                   std::string_view month) {
  auto bounds = month_bounds(month);
  if (auto p = find_plan_for_month(db, eff, territory, bounds.month)) return p->year.year;
  return std::stoi(bounds.month.substr(0, 4));
}

std::unique_ptr<MonthInputs> load_month(Db& db, const Effective& eff, const Snapshot& data,
                                        std::string_view territory, std::string_view month) {
  auto in = std::make_unique<MonthInputs>();
  in->month = month_bounds(month);
  in->territory = std::string(territory);
  in->plan_ref = find_plan_for_month(db, eff, territory, in->month.month);
  in->year = in->plan_ref ? in->plan_ref->year.year : std::stoi(in->month.month.substr(0, 4));
  if (in->plan_ref) in->plan.emplace(load_plan_state(db, in->plan_ref->roadmap));
  in->identification = plan_identification(db, territory, in->year);

  auto& ind = in->indicators;
  ind.data = &data;
  ind.plan = in->plan ? &*in->plan : nullptr;
  ind.territory = in->territory;
  ind.year = in->year;
  ind.figures = territory_figures(db, territory, in->year);
  for (const auto& [code, ids] : in->identification.members)
    for (auto id : ids)
      if (auto i = data.find_store_id(id)) ind.identified[code].push_back(*i);
  if (in->plan) ind.reach = activity_reach(*in->plan, eff, in->identification);
  return in;
}

}  // namespace opora::host
