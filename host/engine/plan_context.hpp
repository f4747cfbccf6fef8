// What month-based commands share: the plan of a territory that covers a month, the saved
// identification it works with, and the territory figures indicators divide by.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.hpp"
#include "dataset/snapshot.hpp"
#include "engine/plan_state.hpp"
#include "engine/runs.hpp"
#include "engine/status.hpp"
#include "roadmap/calendar.hpp"
#include "store/db.hpp"

namespace opora::host {

// The template a plan was made from (by id), or the territory's first effective roadmap.
const RoadmapTemplate* plan_template(const Effective& eff, std::string_view id);

// The plan covering a month ("YYYY-MM"): the plan whose plan year contains it (a calendar plan
// of that year or a school-year plan that started the September before), else the latest plan
// with occurrences in it — every month from a plan's earliest occurrence to its latest due date
// is reportable, also after the plan year's end.
struct MonthPlan {
  std::int64_t roadmap = 0;
  PlanYear year;
};
std::optional<MonthPlan> find_plan_for_month(Db& db, const Effective& eff,
                                             std::string_view territory, std::string_view month);

// The saved identification a plan of `plan_year` works with: a run for that year, else for the
// year before (the data year). `used_year` is 0 when there is none.
struct PlanIdentification {
  SavedRun run;
  int used_year = 0;
  std::map<std::string, std::vector<std::int64_t>> members;  // category → store school ids
};
PlanIdentification plan_identification(Db& db, std::string_view territory, int plan_year);

// The schools each activity of a plan should reach: the identified schools of the activity's
// category, else of the category (or categories) its indicator counts — the indicator named by
// the activity, else one whose `activity` argument is the activity's number.
ActivityReach activity_reach(const PlanState& plan, const Effective& eff,
                             const PlanIdentification& ident);

// Territory-level observations (indicator → value), the year's own or the latest before it.
std::map<std::string, double> territory_figures(Db& db, std::string_view territory, int year);

}  // namespace opora::host
