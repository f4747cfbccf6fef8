// Report sections a package adds (docs/sdk.md, "Report sections"): a section builds blocks of the
// report document (docs/report-schema.md) from a read-only view of the reported month.
//
// The context is the indicator context (the same view indicator formulas read: identification,
// occurrences, participants, observations) plus what a report adds: the month, the territory's
// name, the indicators with their targets and the plan's state. The latter two cross as JSON
// texts in the report document's own vocabulary, so no new struct layout crosses the boundary.
// `data()` may hold schools beyond the reported territory (`report --all` reads one snapshot for
// every region with a plan): a section that walks the data keeps to `territory()`'s subtree.
#pragma once
#include <string>
#include <string_view>

#include "indicator.hpp"

namespace opora {

class SectionContext : public IndicatorContext {
 public:
  virtual std::string_view month() const = 0;           // "YYYY-MM"
  virtual std::string_view territory_name() const = 0;  // Russian, as in the store
  // [{ id, title, unit, value, target, status }] — value × 100 for percent, null without data;
  // status is met | not_met | not_due | null.
  virtual std::string indicators_json() const = 0;
  // null without a plan, else { title, total: { <status>: n }, rows: [{ number, title, section,
  // responsible, due, status }] } — the occurrences relevant to the month.
  virtual std::string plan_json() const = 0;
};

class ReportSection {
 public:
  virtual ~ReportSection() = default;
  virtual std::string id() const = 0;     // used in report{ sections = { ... } }
  virtual std::string title() const = 0;  // Russian section heading
  virtual std::string territory() const { return {}; }
  // A JSON array of blocks (docs/report-schema.md); the host validates it before any renderer
  // sees it. Throw to fail: the report is still produced, with a notice in this section's place.
  virtual std::string build(const SectionContext& ctx) const = 0;
};

}  // namespace opora
