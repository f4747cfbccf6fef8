// A plan: a roadmap template instantiated for a territory and a plan year — the roadmap row, its
// activities as the document lists them, and their dated occurrences (one per school of the
// category for activities done by each school). Creation is idempotent: a re-run adds what is
// missing (e.g. school rows once an identification exists) and never deletes anything.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <opora/roadmap.hpp>

#include "roadmap/calendar.hpp"
#include "store/db.hpp"

namespace opora::host {

// Store ids of the identified schools, by category code.
using CategoryMembers = std::map<std::string, std::vector<std::int64_t>>;

struct PlanCreated {
  std::int64_t roadmap = 0;
  bool new_roadmap = false;
  int activities_added = 0;
  int occurrences_added = 0;
  // Per-school activities whose category has no identified schools (yet): their rows wait.
  std::vector<std::string> waiting;  // activity numbers
  // A template written for another year: the years its dates carry moved by this much, and
  // the activities whose dates moved (numbers as written).
  int shifted_years = 0;
  std::vector<std::string> shifted;
};

struct Schedule;

// An activity's schedule for a plan of `year`: read in the template's own year (dates without a
// year fall where the document meant them), then every written year moved by `year - t.year`
// so a 2023 document instantiated for 2024 does not keep 2023 dates. A template without a year
// is read in `year`.
Schedule activity_schedule(const RoadmapTemplate& t, const ActivityTemplate& a, int year);

// An activity whose deadline is not understood: its place and the Russian message naming it.
struct UnreadDeadline {
  int position = 0;    // 1-based order in the template
  std::string number;  // as written
  std::string message;  // «мероприятие 5 (7-е по порядку): срок не распознан: «...»»
};
std::vector<UnreadDeadline> unread_deadlines(const RoadmapTemplate& t, int year);

// The plan year of a template instantiated for `year` (calendar, or school year starting then).
PlanYear plan_year_of(const RoadmapTemplate& t, int year);

// `members` empty (no identification at all) leaves per-school activities without occurrences.
PlanCreated create_plan(Db& db, const RoadmapTemplate& t, std::string_view territory, int year,
                        const CategoryMembers& members);

// The roadmap id of a territory's plan for a year.
std::optional<std::int64_t> find_plan(Db& db, std::string_view territory, int year);

// "dated" (one day), "window" (a period) or "open" (event-driven / external schedule).
std::string occurrence_kind(bool open, const Date& start, const Date& end);

}  // namespace opora::host
