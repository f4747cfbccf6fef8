// Internal to the report builder: what every section reads, and one function per section.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "dataset/snapshot.hpp"
#include "engine/indicators.hpp"
#include "engine/month_inputs.hpp"
#include "engine/status.hpp"

namespace opora::host {

struct RegionMonth;  // document_region.cpp

struct ReportData {
  Db& db;
  const Effective& eff;
  const Snapshot& data;
  const MonthInputs& in;
  std::string territory_name;
  std::optional<MonthStatus> status;        // with a plan
  std::vector<IndicatorResult> indicators;
  const Catalog* catalog = nullptr;         // the regional sections compute each municipality
  // The month of every municipality under the territory, computed on first use by a regional
  // section (region_month) and shared by the others.
  mutable std::shared_ptr<const RegionMonth> region;
};

// What a month of one territory's report is computed from: its inputs, the plan's status and
// the indicators. The municipal report and the region's summary both call this, so the same
// figure is computed one way.
struct MonthFigures {
  std::unique_ptr<MonthInputs> in;
  std::optional<MonthStatus> status;
  std::vector<IndicatorResult> indicators;
};
MonthFigures month_figures(Db& db, const Effective& eff, const Snapshot& data,
                           std::string_view territory, std::string_view month);

// The status word of an indicator in the report: met | not_met | not_due | "" (no value, no
// target or an error).
std::string indicator_status(const IndicatorResult& i);

using json = nlohmann::json;

// The built-in sections, by id: one registration table (document.cpp).
using SectionBuilder = json (*)(const ReportData&);
const std::map<std::string, SectionBuilder, std::less<>>& builtin_sections();

json section(std::string id, std::string title, json blocks);
json column(std::string key, std::string title, std::string type);
// An indicator's value as the document shows it: one decimal, null without a finite value.
json number_or_null(const std::optional<double>& v);

json header_section(const ReportData& r);
json summary_section(const ReportData& r);
json roadmap_section(const ReportData& r);
json matrix_section(const ReportData& r);
json indicators_section(const ReportData& r);
json schools_section(const ReportData& r);
json dynamics_section(const ReportData& r);
json risk_profiles_section(const ReportData& r);
// The region's summary of its municipalities (document_region.cpp).
json region_scorecard_section(const ReportData& r);
json region_identified_section(const ReportData& r);
json region_overdue_section(const ReportData& r);
// A package or plugin section (document_sections.cpp); on failure a notice in its place.
json package_section(const ReportData& r, const Entry<ReportSection>& e);

// Russian title of a category code, or the code.
std::string category_title(const Effective& eff, const std::string& code);
// Text a package wrote (an explanation, an error) with every category code in it replaced by
// the category's title: «школ (low_results social_risk)» → «школ (ШНОР…, ШНСУ…)». Codes are
// identifiers of the scripts, never words of the report.
std::string readable_text(const Effective& eff, const std::string& text);
// Identified schools (snapshot indexes), each once, in login order.
std::vector<SchoolIndex> identified_schools(const ReportData& r);

}  // namespace opora::host
