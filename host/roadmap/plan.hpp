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
};

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
