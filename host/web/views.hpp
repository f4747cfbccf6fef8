// What several pages and the API read, computed the way the CLI command of the same name does
// (roadmap status, indicators): the same engine calls in the same order, nothing re-derived.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/indicators.hpp"
#include "engine/month_inputs.hpp"
#include "engine/plan_context.hpp"
#include "engine/status.hpp"
#include "web/context.hpp"

namespace opora::host::web {

// The month a page shows when none is asked: the month of the latest progress recorded in the
// territory's subtree (where the work is), else the current month.
std::string default_month(Db& db, const std::string& territory);
// The ?month= of the request, checked (400 when malformed), or default_month().
std::string month_of(Ctx& ctx, const std::string& territory);

// `opora roadmap status`: the plan covering the month, its state, reach and month status.
struct MonthView {
  std::string territory;
  MonthBounds month;
  std::optional<MonthPlan> ref;
  std::optional<PlanState> plan;
  ActivityReach reach;
  std::optional<MonthStatus> status;  // rows point into `plan`: not copyable
  MonthView() = default;
  MonthView(const MonthView&) = delete;
  MonthView& operator=(const MonthView&) = delete;
};
std::unique_ptr<MonthView> month_view(Ctx& ctx, const std::string& territory,
                                      const std::string& month);

// `opora indicators`: every effective indicator of the territory for the month.
struct IndicatorsView {
  std::unique_ptr<Snapshot> data;
  std::unique_ptr<MonthInputs> in;
  std::vector<IndicatorResult> results;
};
IndicatorsView indicators_view(Ctx& ctx, const std::string& territory, const std::string& month);

// The territory's name from the store (its id when unknown) and level.
std::string territory_name(Db& db, const std::string& id);
std::string territory_level(Db& db, const std::string& id);

// The plan year and plan of a territory that a year-based page (history) shows: ?year= or the
// plan covering the default month.
std::optional<std::int64_t> plan_for_year(Ctx& ctx, const std::string& territory, int& year);

}  // namespace opora::host::web
