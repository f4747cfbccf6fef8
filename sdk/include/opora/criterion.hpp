// A school-identification criterion: flags schools of a territory for a year into a category.
#pragma once
#include <memory>
#include <span>
#include <string>

#include "dataset.hpp"
#include "params.hpp"

namespace opora {

// Stable category codes of the federal package; regions may add their own codes.
namespace category {
inline constexpr const char* low_results = "low_results";  // ШНОР
inline constexpr const char* social_risk = "social_risk";  // ШНСУ
inline constexpr const char* risk_zone = "risk_zone";      // зона риска
inline constexpr const char* resilient = "resilient";      // резильентные школы
inline constexpr const char* bias_signs = "bias_signs";    // признаки необъективности
}  // namespace category

struct Verdict {
  bool flagged = false;
  double score = 0.0;
  std::string explanation;  // Russian, with the figures behind the verdict
};

// What a run sees: the snapshot, the year under review and the population the criterion ranks
// within (all schools of one region; territory-wide statistics are computed over it).
struct RunContext {
  const Dataset& data;
  int year;
  std::string_view region;
  std::span<const SchoolIndex> population;
};

// The per-run state of a criterion: built once per run and region by Criterion::start.
//
// Two ways to judge. evaluate() judges one school, explanation included: the simple form.
// evaluate_all() is the batch form, for a rule that is cheaper over whole columns than school by
// school: it judges every school of the run's population at once and leaves the explanations
// empty; the host then asks explain() only for the schools whose explanation is shown (the
// flagged ones in `identify`, every school in `explain`, `--all` and saved runs). A criterion
// with a batch form must give the same verdicts and scores both ways.
class CriterionRun {
 public:
  virtual ~CriterionRun() = default;
  virtual Verdict evaluate(SchoolIndex school) = 0;
  // Verdicts of every school of RunContext::population, in that order, into `out` (sized by the
  // host to the population). Returns false when the criterion has no batch form (the default):
  // the host then calls evaluate() for each school it judges. Since ABI 4.
  virtual bool evaluate_all(std::span<Verdict> out) {
    (void)out;
    return false;
  }
  // The explanation of a verdict evaluate_all() gave. Default: evaluate(school)'s. Since ABI 4.
  virtual std::string explain(SchoolIndex school) { return evaluate(school).explanation; }
};

class Criterion {
 public:
  virtual ~Criterion() = default;
  virtual std::string id() const = 0;
  virtual std::string title() const = 0;     // Russian
  virtual std::string category() const = 0;  // a category code
  // Parameters with their defaults; a package may override them by name.
  virtual Params defaults() const { return {}; }
  // Territory level the item belongs to ("" = federal, "novosibirsk" = that region only).
  virtual std::string territory() const { return {}; }
  // Compute territory-wide statistics once, then evaluate each school with the result.
  virtual std::unique_ptr<CriterionRun> start(const RunContext& ctx, const Params& params) const = 0;
  // How many years of results the rule reads, counting back from the year under review and
  // including it (2: that year and the one before). An identification loads only the years its
  // rules ask for; 0 (the default) asks for every year a run may look back. Since ABI 5.
  virtual int years() const { return 0; }
};

}  // namespace opora
