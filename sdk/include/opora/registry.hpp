// The registry a plugin adds its items to: the same one the Lua packages use.
#pragma once
#include <memory>
#include <string>

#include "criterion.hpp"
#include "importer.hpp"
#include "indicator.hpp"
#include "renderer.hpp"
#include "roadmap.hpp"
#include "section.hpp"

namespace opora {

struct CategoryInfo {
  std::string code;   // stable code, e.g. low_results
  std::string title;  // Russian, e.g. ШНОР
  std::string territory;
};

class Registry {
 public:
  virtual ~Registry() = default;
  virtual void add_category(CategoryInfo c) = 0;
  virtual void add_criterion(std::unique_ptr<Criterion> c) = 0;
  virtual void add_indicator_type(std::unique_ptr<IndicatorType> t) = 0;
  virtual void add_indicator(IndicatorSpec spec) = 0;
  virtual void add_roadmap(RoadmapTemplate t) = 0;
  virtual void add_report(ReportSpec r) = 0;
  virtual void add_importer(std::unique_ptr<Importer> i) = 0;
  virtual void add_renderer(std::unique_ptr<Renderer> r) = 0;
  virtual void add_section(std::unique_ptr<ReportSection> s) = 0;  // since ABI 3
};

}  // namespace opora
