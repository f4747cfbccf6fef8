// Indicators of a territory for a month: every indicator of the effective package computed
// through its type (built-in, plugin or Lua alike) over the store — identification, occurrence
// states as of the month's end, participants, territory figures — with its target checked.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <opora/indicator.hpp>

#include "catalog/catalog.hpp"
#include "dataset/snapshot.hpp"
#include "engine/plan_state.hpp"
#include "engine/status.hpp"
#include "util/target.hpp"  // Target, parse_target

namespace opora::host {

// What the indicator context reads; loaded once, shared by every as-of date.
struct IndicatorInputs {
  const Snapshot* data = nullptr;
  const PlanState* plan = nullptr;  // null when the territory has no plan
  std::string territory;
  int year = 0;
  std::map<std::string, std::vector<SchoolIndex>> identified;  // category → schools
  std::map<std::string, double> figures;                       // territory observations
  ActivityReach reach;  // schools each activity should reach (engine/status.hpp)
};

// opora::IndicatorContext over IndicatorInputs at one date.
class StoreIndicatorContext final : public IndicatorContext {
 public:
  StoreIndicatorContext(const IndicatorInputs& in, std::string as_of);
  const Dataset& data() const override { return *in_.data; }
  std::string_view territory() const override { return in_.territory; }
  int year() const override { return in_.year; }
  std::string_view as_of() const override { return as_of_; }
  std::vector<SchoolIndex> identified(std::string_view category) const override;
  std::vector<OccurrenceState> occurrences(std::string_view activity) const override;
  std::vector<SchoolIndex> participant_schools(std::string_view activity) const override;
  int participant_people(std::string_view activity, std::string_view role) const override;
  std::optional<double> observation(std::string_view indicator) const override;

 private:
  bool activity_is(std::int64_t activity_id, std::string_view number) const;
  const IndicatorInputs& in_;
  std::string as_of_;
  std::optional<PlanVerdicts> verdicts_;  // the one status of every occurrence at as_of
};

struct IndicatorResult {
  std::string id, title, unit, target_text, origin;
  double numerator = 0, denominator = 0;
  std::optional<double> value;     // × 100 for percent
  std::optional<double> previous;  // the value a month earlier
  std::optional<Target> target;
  std::optional<bool> met;         // absent without a value or a parsable target, and while
                                   // its deadline has not come (not_due)
  bool not_due = false;            // «срок не наступил»: not met, and no occurrence of the
                                   // activities it measures is due by the date
  std::vector<std::string> activities;  // numbers of the plan's activities it measures
  std::string explanation;
  std::string error;               // a failing indicator: why; the others still compute
};

// Every effective indicator at `as_of`, with the value at `previous_as_of` beside it.
std::vector<IndicatorResult> compute_indicators(const Effective& eff, const IndicatorInputs& in,
                                                const std::string& as_of,
                                                const std::string& previous_as_of);

}  // namespace opora::host
