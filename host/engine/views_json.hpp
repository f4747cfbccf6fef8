// The JSON shapes of what the CLI prints with --json and the web API answers, built in one place
// so `opora roadmap status --json` and GET /api/v1/.../month can never disagree.
#pragma once
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "engine/indicators.hpp"
#include "engine/month_inputs.hpp"
#include "engine/plan_state.hpp"
#include "engine/status.hpp"

namespace opora::host {

// `roadmap status --json`: totals, by section, by responsible, rows.
nlohmann::json month_status_json(std::string_view territory, const MonthStatus& st);

// `indicators --json`: the month, the plan, the identification year and every indicator.
nlohmann::json indicators_json(std::string_view territory, const MonthInputs& in,
                               const std::vector<IndicatorResult>& results);

// `progress history --json`: every progress row and participation row of the plan, optionally
// only those of one activity number ("" = all).
nlohmann::json progress_history_json(const PlanState& plan, std::string_view activity = {});

// `packages --json`'s items: every effective item with the file or plugin it comes from.
nlohmann::json effective_items_json(const Effective& eff);

}  // namespace opora::host
