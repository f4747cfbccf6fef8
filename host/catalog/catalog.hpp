// The catalog: every item contributed by Lua packages and compiled plugins, with where it came
// from, and the effective configuration of a territory (federal ⊕ region ⊕ municipality).
#pragma once
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <opora/registry.hpp>

namespace opora::host {

// Where an item was declared: "scripts/federal/criteria.lua:12" or "plugin fioko 1.0.0".
struct Origin {
  std::string kind;  // package | plugin | host
  std::string where;
  // A package's items: the fingerprint of every Lua text the package ran (package.lua and the
  // modules it required), so a saved run's rule set changes when a rule's code does.
  std::string source{};
};

// The most years of results a rule may ask for (Criterion::years): the year under review and
// the four before it, the years an identification looks back over (engine lookback_years).
inline constexpr int max_rule_years = 5;

template <class T>
struct Entry {
  std::shared_ptr<T> item;
  Origin origin;
  std::string territory;  // "federal" for federal items
};

// A factor of the school risk profile (рисковый профиль школы), declared as package data.
struct RiskFactor {
  std::string code;
  std::string title;  // Russian
  std::string territory;
};

// An assessment procedure of a region (КДР, РМКП, ...), declared as package data so imports
// accept it next to the federal ones (host/util/vocabulary.hpp). Subjects it adds are accepted
// for every procedure.
struct ProcedureDecl {
  std::string code;   // the canonical name stored, e.g. КДР
  std::string title;  // Russian
  std::vector<std::string> aliases;
  std::vector<std::string> subjects;
  std::string territory;  // the declaring package's
};

// Parameter overrides a package sets for an item declared at a higher level.
struct ParamOverride {
  std::string item;  // criterion or indicator id
  Params params;
  Origin origin;
  std::string territory;
};

// The effective configuration of one territory: later levels override earlier ones by id.
struct Effective {
  std::vector<std::string> chain;  // territory ids from federal down to the territory itself
  std::vector<Entry<CategoryInfo>> categories;
  std::vector<Entry<Criterion>> criteria;
  std::vector<Entry<IndicatorType>> indicator_types;
  std::vector<Entry<IndicatorSpec>> indicators;
  std::vector<Entry<RoadmapTemplate>> roadmaps;
  std::vector<Entry<ReportSpec>> reports;
  std::vector<Entry<Importer>> importers;
  std::vector<Entry<Renderer>> renderers;
  std::vector<Entry<ReportSection>> sections;  // package / plugin report sections, by id
  std::vector<Entry<RiskFactor>> risk_factors;
  std::vector<ParamOverride> overrides;  // applied in chain order
  // Items replaced by a lower level: "criterion low_results: scripts/... overrides plugin fioko".
  std::vector<std::string> replaced;

  // Defaults of the criterion merged with every override along the chain.
  Params params_for(const Entry<Criterion>& c) const;
  // The arguments an indicator is computed with: configure{} of its type, then the indicator's
  // own args, then configure{} of the indicator (the type's defaults go under all of these).
  Params args_for(const Entry<IndicatorSpec>& i) const;
  const IndicatorType* indicator_type(std::string_view id) const;
  const Entry<CategoryInfo>* category(std::string_view code) const;

 private:
  void apply_overrides(Params& p, std::string_view id, std::string_view item_territory) const;
};

// Why `value` cannot configure parameter `name` of the item (kind "criterion", "indicator_type"
// or "indicator", with these defaults): no such parameter, or a type other than the default's.
// "" when it can.
std::string configure_problem(const std::string& kind, const std::string& id,
                              const Params& defaults, const std::string& name,
                              const ParamValue& value);
// The first configure{} along the chain that sets a parameter the criterion does not have, or
// with a type other than its default's: "<file>:<line>: configure: <why>"; "" when none does.
// `opora check` reports every such line; identify fails the criterion with it instead of running
// the rule on a value it cannot use.
std::string override_problem(const Effective& eff, const Entry<Criterion>& c);

// The ids of the host's built-in report sections, in the default report's order (their builders
// are the registration table of report/document.cpp; a package section of the same id replaces
// one). report{} names these or package / plugin sections.
const std::vector<std::string>& builtin_section_ids();
// The built-in sections of a municipality's monthly report, in order (a territory without any
// report{} gets these).
const std::vector<std::string>& monthly_section_ids();
// The report{} id a territory's `opora report` builds when none is asked for: "regional" for a
// region that declares one (its summary of the municipalities), else "monthly"; "" = the first.
std::string default_report_id(std::string_view level, const std::vector<Entry<ReportSpec>>& reports);

class Catalog : public Registry {
 public:
  // Items added after this call carry this origin and territory. `keepalive` is held by every
  // item added (a plugin's library, a Lua engine) so code outlives no object it made. A non-empty
  // `plugin` (Russian: "плагин fioko 1.0.0 (fioko.so)") marks the source as a compiled plugin:
  // each of its items is wrapped in its guard (catalog/guarded.hpp), which reads the item's
  // metadata once and may throw PluginFailure here, in add_*.
  void set_source(Origin origin, std::string territory, std::shared_ptr<void> keepalive,
                  std::string plugin = {});
  // Moves every item and override of `other` to the end of this catalog's lists (a plugin is
  // first registered into a catalog of its own, so a failing one leaves nothing behind here).
  void adopt(Catalog&& other);

  void add_category(CategoryInfo c) override;
  void add_criterion(std::unique_ptr<Criterion> c) override;
  void add_indicator_type(std::unique_ptr<IndicatorType> t) override;
  void add_indicator(IndicatorSpec spec) override;
  void add_roadmap(RoadmapTemplate t) override;
  void add_report(ReportSpec r) override;
  void add_importer(std::unique_ptr<Importer> i) override;
  void add_renderer(std::unique_ptr<Renderer> r) override;
  void add_section(std::unique_ptr<ReportSection> s) override;
  void add_override(std::string item, Params params);
  void add_risk_factor(RiskFactor f);
  void add_procedure(ProcedureDecl p);

  // Federal down to `territory`, e.g. {"federal", "chelyabinsk", "chelyabinsk/chebarkul"}.
  static std::vector<std::string> chain_of(std::string_view territory);
  Effective effective(std::string_view territory) const;

  const std::vector<Entry<Criterion>>& criteria() const { return criteria_; }
  const std::vector<Entry<RoadmapTemplate>>& roadmaps() const { return roadmaps_; }
  const std::vector<Entry<Importer>>& importers() const { return importers_; }
  const std::vector<Entry<Renderer>>& renderers() const { return renderers_; }
  // Every package's risk factors (imports check the codes against them).
  const std::vector<Entry<RiskFactor>>& risk_factors() const { return risk_factors_; }
  // Every package's procedures: imports of any territory accept them.
  const std::vector<Entry<ProcedureDecl>>& procedures() const { return procedures_; }
  // Territories that have items of their own (a package or a plugin targeting them): levels().
  std::vector<std::string> territories() const;
  // Levels at which anything is declared (items of every kind, configure{} overrides): two
  // territories whose chains meet the same of these have equal effective contents.
  std::set<std::string, std::less<>> levels() const;

 private:
  template <class T>
  Entry<T> wrap(std::unique_ptr<T> item, std::string territory);
  template <class T>
  Entry<T> wrap(std::unique_ptr<T> item);
  template <class T>
  Entry<T> wrap_value(T value);
  template <class T>
  std::unique_ptr<T> guarded(std::unique_ptr<T> item) const;

  Origin origin_;
  std::string territory_ = "federal";
  std::shared_ptr<void> keepalive_;
  std::string plugin_;  // non-empty while a plugin's items are added: they get guards

  std::vector<Entry<CategoryInfo>> categories_;
  std::vector<Entry<Criterion>> criteria_;
  std::vector<Entry<IndicatorType>> indicator_types_;
  std::vector<Entry<IndicatorSpec>> indicators_;
  std::vector<Entry<RoadmapTemplate>> roadmaps_;
  std::vector<Entry<ReportSpec>> reports_;
  std::vector<Entry<Importer>> importers_;
  std::vector<Entry<Renderer>> renderers_;
  std::vector<Entry<ReportSection>> sections_;
  std::vector<Entry<RiskFactor>> risk_factors_;
  std::vector<Entry<ProcedureDecl>> procedures_;
  std::vector<ParamOverride> overrides_;
};

}  // namespace opora::host
