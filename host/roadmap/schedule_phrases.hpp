// Internal to the deadline parser: the table of fixed phrases and the schedule builders the
// parser's rules share with it.
#pragma once
#include <span>
#include <string_view>

#include "roadmap/schedule.hpp"

namespace opora::host::deadline_phrases {

// Builds the schedule a fixed phrase names; some depend on the plan year's kind.
using Build = void (*)(Schedule&, const PlanYear&);

struct Fixed {
  std::string_view phrase;  // canonical form
  Build build;
};

std::span<const Fixed> fixed_phrases();

// Every month of the plan year in runs of `step` months from its start, placed on expansion.
void month_runs(Schedule& s, const PlanYear& plan, int step);
void every_month(Schedule& s, const PlanYear& plan);
// The three trimesters of the school year.
void trimesters(Schedule& s, const PlanYear& plan);

}  // namespace opora::host::deadline_phrases
