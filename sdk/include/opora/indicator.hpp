// Indicators (DHIS2-style): an indicator is data — id, title, unit, target and a type with
// arguments; an indicator type is the code that computes numerator and denominator.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dataset.hpp"
#include "params.hpp"

namespace opora {

// One dated occurrence of a roadmap activity and its current status (as of the indicator date).
struct OccurrenceState {
  std::string_view activity;  // activity number as written in the document
  std::optional<SchoolIndex> school;
  std::string_view due;       // ISO date the occurrence is due by ("" for open-ended)
  std::string_view status;    // planned | in_progress | done | cancelled — the host's one
                              // verdict from records and participation
  std::string_view done_on;   // ISO date, "" if not done
  bool late = false;          // done after the due date («выполнено с нарушением срока»)
  int events = 0;             // done events recorded in the occurrence («не менее 2 встреч»)
};

// What an indicator sees: the snapshot, the identification of the year, and roadmap progress.
class IndicatorContext {
 public:
  virtual ~IndicatorContext() = default;
  virtual const Dataset& data() const = 0;
  virtual std::string_view territory() const = 0;
  virtual int year() const = 0;
  virtual std::string_view as_of() const = 0;  // ISO date: end of the reported month
  // Schools of the territory flagged into a category by the saved identification of the year.
  virtual std::vector<SchoolIndex> identified(std::string_view category) const = 0;
  // Occurrences of an activity (by its number) due by as_of(); empty if no plan exists.
  virtual std::vector<OccurrenceState> occurrences(std::string_view activity) const = 0;
  // Schools / people recorded as participants of an activity by as_of().
  virtual std::vector<SchoolIndex> participant_schools(std::string_view activity) const = 0;
  virtual int participant_people(std::string_view activity, std::string_view role) const = 0;
  // A territory-level observation (e.g. "teachers_total") for the year, if recorded.
  virtual std::optional<double> observation(std::string_view indicator) const = 0;
};

struct IndicatorValue {
  double numerator = 0.0;
  double denominator = 0.0;
  std::optional<double> value;  // absent when the denominator is zero / no data
  std::string explanation;      // Russian: what was counted
};

class IndicatorType {
 public:
  virtual ~IndicatorType() = default;
  virtual std::string id() const = 0;
  virtual std::string title() const = 0;
  virtual std::string territory() const { return {}; }
  virtual IndicatorValue compute(const IndicatorContext& ctx, const Params& args) const = 0;
};

// An indicator as a package declares it.
struct IndicatorSpec {
  std::string id;
  std::string title;        // Russian, as the document words it
  std::string unit;         // percent | count | number
  std::string scope;        // territory | school | activity
  std::string type;         // id of an IndicatorType
  Params args;              // arguments of the type
  std::string target;       // target as written: "не менее 2", "100%", "10 %"
  std::string territory;    // "" = federal
};

}  // namespace opora
