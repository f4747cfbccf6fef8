// Everything a month's status, indicators and report read, loaded once: the plan covering the
// month (if any), its state, the identification it works with, and the indicator inputs.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "engine/indicators.hpp"
#include "engine/plan_context.hpp"
#include "engine/status.hpp"

namespace opora::host {

struct MonthInputs {
  MonthBounds month;
  std::string territory;
  int year = 0;                      // plan year (the month's year when there is no plan)
  std::optional<MonthPlan> plan_ref;
  std::optional<PlanState> plan;
  PlanIdentification identification;
  IndicatorInputs indicators;        // points into this object: not copyable
  MonthInputs() = default;
  MonthInputs(const MonthInputs&) = delete;
  MonthInputs& operator=(const MonthInputs&) = delete;
};

// The snapshot must cover the territory's schools (load_snapshot_for the plan year).
std::unique_ptr<MonthInputs> load_month(Db& db, const Effective& eff, const Snapshot& data,
                                        std::string_view territory, std::string_view month);

// The year whose snapshot a month needs: the plan year covering it, else the month's year.
int year_for_month(Db& db, const Effective& eff, std::string_view territory,
                   std::string_view month);

}  // namespace opora::host
