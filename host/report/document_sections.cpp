// Package and plugin report sections (sdk section.hpp): the context they read, and the one place
// where a section's failure or malformed blocks turn into a visible notice instead of a report
// that is not produced or a broken file.
#include <exception>
#include <string>

#include "report/document_parts.hpp"
#include "report/section_blocks.hpp"

namespace opora::host {

namespace {

// The indicator context of the month (the view indicators read), plus what a report adds.
class ReportSectionContext final : public SectionContext {
 public:
  explicit ReportSectionContext(const ReportData& r)
      : r_(r), base_(r.in.indicators, r.in.month.last) {}
  const Dataset& data() const override { return base_.data(); }
  std::string_view territory() const override { return base_.territory(); }
  int year() const override { return base_.year(); }
  std::string_view as_of() const override { return base_.as_of(); }
  std::vector<SchoolIndex> identified(std::string_view c) const override {
    return base_.identified(c);
  }
  std::vector<OccurrenceState> occurrences(std::string_view a) const override {
    return base_.occurrences(a);
  }
  std::vector<SchoolIndex> participant_schools(std::string_view a) const override {
    return base_.participant_schools(a);
  }
  int participant_people(std::string_view a, std::string_view role) const override {
    return base_.participant_people(a, role);
  }
  std::optional<double> observation(std::string_view i) const override {
    return base_.observation(i);
  }
  std::string_view month() const override { return r_.in.month.month; }
  std::string_view territory_name() const override { return r_.territory_name; }

  std::string indicators_json() const override {
    json out = json::array();
    for (const auto& i : r_.indicators) {
      json status = nullptr;
      if (i.not_due) status = "not_due";
      else if (i.met) status = *i.met ? "met" : "not_met";
      out.push_back({{"id", i.id},
                     {"title", i.title},
                     {"unit", i.unit},
                     {"value", i.value ? json(*i.value) : json(nullptr)},
                     {"target", i.target_text},
                     {"status", status}});
    }
    return out.dump();
  }

  std::string plan_json() const override {
    if (!r_.status || !r_.in.plan) return "null";
    const auto& t = r_.status->total;
    json rows = json::array();
    for (const auto& row : r_.status->rows)
      rows.push_back({{"number", row.activity->number},
                      {"title", row.activity->title},
                      {"section", row.activity->section},
                      {"responsible", row.activity->responsible},
                      {"due", row.occurrence->due_end},
                      {"status", row.mark}});
    return json{{"title", r_.in.plan->title},
                {"total",
                 {{"due", t.due}, {"done", t.done}, {"overdue", t.overdue},
                  {"upcoming", t.upcoming}, {"done_in_month", t.done_in_month},
                  {"done_late", t.done_late}, {"due_cumulative", t.due_cumulative},
                  {"done_cumulative", t.done_cumulative}}},
                {"rows", std::move(rows)}}
        .dump();
  }

 private:
  const ReportData& r_;
  StoreIndicatorContext base_;
};

}  // namespace

json package_section(const ReportData& r, const Entry<ReportSection>& e) {
  const auto& s = *e.item;
  std::string title = s.title();
  try {
    ReportSectionContext ctx(r);
    auto returned = json::parse(s.build(ctx));
    return section(s.id(), title, section_blocks(returned));
  } catch (const std::exception& ex) {
    // The rest of the report is still produced; this section says why it is missing.
    std::string what = ex.what();
    std::string who = "раздел «" + s.id() + "» (" + e.origin.where + ")";
    // A Lua error already names the section with its file:line (LuaSection); a plugin's names
    // the plugin and the method (guarded.cpp): prefix only what says neither.
    if (what.find("«" + s.id() + "»") == std::string::npos) what = who + ": " + what;
    return section(s.id(), title,
                   json::array({{{"type", "text"},
                                 {"title", "Раздел не построен"},
                                 {"text", "Ошибка в разделе: " + what}}}));
  }
}

}  // namespace opora::host
