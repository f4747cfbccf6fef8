// The status of a plan for a month: what is due in it, done, overdue (due earlier and not
// done by the month's end) and coming next month; per section and per responsible.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "engine/plan_state.hpp"

namespace opora::host {

// First and last ISO day of "YYYY-MM"; throws std::invalid_argument on a malformed month.
struct MonthBounds {
  std::string month, first, last, next_first, next_last, previous_last;
};
MonthBounds month_bounds(std::string_view month);

struct StatusCounts {
  int due = 0;       // due this month
  int done = 0;      // of those, done by the month's end
  int overdue = 0;   // due before this month, not done or cancelled by its end
  int upcoming = 0;  // due next month
  int done_in_month = 0;     // any occurrence done with a date in the month
  int due_cumulative = 0;    // due by the month's end (plan to date)
  int done_cumulative = 0;   // of those, done
};

struct StatusRow {
  const PlanOccurrence* occurrence;
  const PlanActivity* activity;
  OccurrenceStatus state;   // as of the month's end
  std::string mark;         // done | due | overdue | upcoming | in_progress | cancelled | open
};

struct MonthStatus {
  MonthBounds month;
  StatusCounts total;
  std::map<std::string, StatusCounts> by_section, by_responsible;
  std::vector<StatusRow> rows;  // occurrences relevant to the month (due, overdue, upcoming,
                                // or done in it), in document order
};

MonthStatus month_status(const PlanState& plan, std::string_view month);

}  // namespace opora::host
