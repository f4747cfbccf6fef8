// Identification: run the effective criteria of each school's territory over a snapshot.
// Each school is judged by its own territory's rules (federal ⊕ region ⊕ municipality);
// territory-wide statistics are prepared once per criterion and region.
#pragma once
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "dataset/snapshot.hpp"

namespace opora::host {

struct CriterionVerdict {
  std::string criterion;
  std::string category;
  Verdict verdict;
};

struct SchoolOutcome {
  SchoolIndex school;
  std::vector<std::string> categories;  // codes of flagged categories, in criterion order
  std::vector<CriterionVerdict> verdicts;
};

// A criterion that failed: the school it failed at, and every school of the run it gave no
// verdict for (that one and, since a failed rule is not run again, those after it).
struct CriterionFailure {
  std::string criterion;
  std::string origin;  // the package file that declared it
  std::string error;
  SchoolIndex failed_at;
  std::vector<SchoolIndex> schools;
};

struct Identification {
  std::string territory;
  int year = 0;
  std::vector<SchoolOutcome> schools;  // every school of the territory, in snapshot order
  nlohmann::json ruleset;               // every criterion used: id, origin, territory, params
  std::string ruleset_hash;
  std::vector<std::string> errors;      // a failing criterion, named; the others still ran
  std::vector<CriterionFailure> failures;  // the same, with the schools left without a verdict
  bool complete() const { return failures.empty(); }
};

// "criterion (file): N of M schools without a verdict: login, login, ... (and K more); error"
// for each failure, one per line, at most `max_logins` logins each.
std::string describe_failures(const Identification& id, const Snapshot& data,
                              std::size_t max_logins = 10);

struct IdentifyOptions {
  // Build every verdict's explanation (saved runs, explain, diff, --all), or only those of the
  // schools flagged into some category (what `identify` shows): criteria with a batch form are
  // asked to explain only those.
  bool explain_all = true;
  // Use the criteria's batch form where they have one; false judges school by school (the two
  // must agree: tests compare them).
  bool batch = true;
};

Identification identify(const Catalog& catalog, const Snapshot& data, std::string_view territory,
                        int year, const IdentifyOptions& options = {});
// The same run with one worker per catalog (each its own Lua state and plugin items: the
// catalogs are loaded from the same packages and plugins). Regions are judged in parallel and
// merged in school order; the result equals the run with one catalog, failures included.
Identification identify(const std::vector<const Catalog*>& catalogs, const Snapshot& data,
                        std::string_view territory, int year, const IdentifyOptions& options = {});

// Where a run with the criteria's batch forms (`batched`) differs from the same run school by
// school (`per_school`): "критерий X, школа Y: ..." per verdict, flag, score or explanation
// that differs. Empty when they agree.
std::vector<std::string> batch_differences(const Identification& batched,
                                           const Identification& per_school, const Snapshot& data);

// The JSON of `opora identify --json`.
nlohmann::json to_json(const Identification& id, const Snapshot& data, bool flagged_only);
// The same text as to_json(...).dump(2), written school by school: the DOM of a national run
// (40,000 schools' verdicts with explanations) is never built.
void write_json(std::ostream& out, const Identification& id, const Snapshot& data,
                bool flagged_only);

// Years a run needs for a plan year: rules look back a few years (dynamics, two years running).
inline constexpr int lookback_years = 4;
static_assert(lookback_years + 1 == max_rule_years);

}  // namespace opora::host
