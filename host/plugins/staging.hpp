// A registry that only holds what a plugin registers, so that a plugin failing halfway through
// its entry point leaves nothing behind in the catalog. Replayed into the catalog on success.
#pragma once
#include <memory>
#include <vector>

#include <opora/registry.hpp>

namespace opora::host {

class StagingRegistry final : public Registry {
 public:
  void add_category(CategoryInfo c) override { categories_.push_back(std::move(c)); }
  void add_criterion(std::unique_ptr<Criterion> c) override { criteria_.push_back(std::move(c)); }
  void add_indicator_type(std::unique_ptr<IndicatorType> t) override {
    indicator_types_.push_back(std::move(t));
  }
  void add_indicator(IndicatorSpec s) override { indicators_.push_back(std::move(s)); }
  void add_roadmap(RoadmapTemplate t) override { roadmaps_.push_back(std::move(t)); }
  void add_report(ReportSpec r) override { reports_.push_back(std::move(r)); }
  void add_importer(std::unique_ptr<Importer> i) override { importers_.push_back(std::move(i)); }
  void add_renderer(std::unique_ptr<Renderer> r) override { renderers_.push_back(std::move(r)); }
  void add_section(std::unique_ptr<ReportSection> s) override { sections_.push_back(std::move(s)); }

  // Moves everything, in the order of each kind, into `target`.
  void replay(Registry& target) {
    for (auto& c : categories_) target.add_category(std::move(c));
    for (auto& c : criteria_) target.add_criterion(std::move(c));
    for (auto& t : indicator_types_) target.add_indicator_type(std::move(t));
    for (auto& s : indicators_) target.add_indicator(std::move(s));
    for (auto& t : roadmaps_) target.add_roadmap(std::move(t));
    for (auto& r : reports_) target.add_report(std::move(r));
    for (auto& i : importers_) target.add_importer(std::move(i));
    for (auto& r : renderers_) target.add_renderer(std::move(r));
    for (auto& s : sections_) target.add_section(std::move(s));
    clear();
  }

  // Destroys what was staged (a plugin that failed): must run while its library is loaded.
  void clear() {
    categories_.clear();
    criteria_.clear();
    indicator_types_.clear();
    indicators_.clear();
    roadmaps_.clear();
    reports_.clear();
    importers_.clear();
    renderers_.clear();
    sections_.clear();
  }

 private:
  std::vector<CategoryInfo> categories_;
  std::vector<std::unique_ptr<Criterion>> criteria_;
  std::vector<std::unique_ptr<IndicatorType>> indicator_types_;
  std::vector<IndicatorSpec> indicators_;
  std::vector<RoadmapTemplate> roadmaps_;
  std::vector<ReportSpec> reports_;
  std::vector<std::unique_ptr<Importer>> importers_;
  std::vector<std::unique_ptr<Renderer>> renderers_;
  std::vector<std::unique_ptr<ReportSection>> sections_;
};

}  // namespace opora::host
