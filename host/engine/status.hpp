// The status of a plan: ONE place decides what state each occurrence is in on a date — from its
// progress records and from the schools recorded as taking part — and everything else (the month
// status, the matrix, the indicator context, the report) reads that verdict instead of looking
// at records on its own. Rules: docs/progress.md, "Status of an occurrence".
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/plan_state.hpp"

namespace opora::host {

// First and last ISO day of "YYYY-MM"; throws std::invalid_argument on a malformed month.
struct MonthBounds {
  std::string month, first, last, next_first, next_last, previous_last;
};
MonthBounds month_bounds(std::string_view month);

// Schools an activity is meant to reach (activity index → store school ids): the identified
// schools of its category, or of its indicator's category. A territory-level occurrence is done
// by participation once every one of them took part in it.
using ActivityReach = std::map<std::size_t, std::set<std::int64_t>>;

// What an occurrence is on a date.
//   mark: done | done_late («выполнено с нарушением срока») | cancelled | overdue (the due date
//         has passed) | in_progress | due (its window has begun, the due date has not passed) |
//         not_due («срок не наступил»: the window has not begun) | open (event / external
//         schedule, nothing recorded)
struct OccurrenceVerdict {
  std::string mark = "not_due";
  std::string status = "planned";  // planned | in_progress | done | cancelled, after participation
  std::string date;                // when it was done; else the deciding record's date
  int events = 0;                  // done events in the occurrence (count targets): records on
                                   // distinct dates / evidence, at least 1 once done
  int reached = 0, expected = 0;   // schools that took part in it / the schools it should reach
  OccurrenceStatus record;         // the deciding progress record (row 0 if none)
  bool done() const { return status == "done"; }
};

// The mark of an occurrence from its settled status and done date, as of an ISO date.
std::string occurrence_mark(const PlanOccurrence& o, std::string_view status,
                            std::string_view done_on, std::string_view as_of);

// Every occurrence of a plan judged as of one date.
class PlanVerdicts {
 public:
  // `as_of` "" = everything recorded; `reach` may be null (no identification known).
  PlanVerdicts(const PlanState& plan, std::string as_of, const ActivityReach* reach = nullptr);
  const OccurrenceVerdict& of(std::int64_t occurrence) const;
  // Store ids of the schools that took part in an activity (index) by the date: recorded
  // participation, or the school's own occurrence of it done.
  const std::set<std::int64_t>& took_part(std::size_t activity) const;
  const std::string& as_of() const { return as_of_; }

 private:
  std::string as_of_;
  std::map<std::int64_t, OccurrenceVerdict> verdicts_;
  std::map<std::size_t, std::set<std::int64_t>> took_part_;
};

struct StatusCounts {
  int due = 0;       // due this month
  int done = 0;      // of those, done by the month's end (on time or late)
  int overdue = 0;   // due date passed by the month's end, neither done nor cancelled
  int upcoming = 0;  // due next month
  int done_in_month = 0;     // any occurrence done with a date in the month
  int done_late = 0;         // done in the month after its due date
  int due_cumulative = 0;    // due by the month's end (plan to date)
  int done_cumulative = 0;   // of those, done
};

struct StatusRow {
  const PlanOccurrence* occurrence;
  const PlanActivity* activity;
  OccurrenceStatus state;   // the deciding record as of the month's end
  std::string mark;         // the verdict's mark, and for the month: window (the window covers
                            // the month, due later), upcoming (due next month)
  OccurrenceVerdict verdict;
};

struct MonthStatus {
  MonthBounds month;
  StatusCounts total;
  std::map<std::string, StatusCounts> by_section;
  std::map<std::string, StatusCounts> by_responsible;  // by person (responsible_people)
  std::vector<StatusRow> rows;  // occurrences relevant to the month (due, overdue, upcoming,
                                // in a window covering it, or done in it), in document order
};

// The people a «Ответственный» cell names, each spelt one way so that «Т.М.Артамонова»,
// «Т. М. Артамонова» and «Т.М.Артамонова.» count as one person: the cell split at commas,
// semicolons and line breaks; whitespace collapsed, none after the dot of an initial; a trailing
// dot or comma of a word dropped (the dot of a final initial, «Артамонова Т.М.», is kept).
std::vector<std::string> responsible_people(std::string_view cell);

MonthStatus month_status(const PlanState& plan, std::string_view month,
                         const ActivityReach* reach = nullptr);

// Russian words for a mark, the same in the CLI and the report: "done" → "выполнено".
std::string_view status_label(std::string_view mark);

}  // namespace opora::host
