// An ordinary plugin built with -D_GLIBCXX_DEBUG (see CMakeLists.txt): its Params (std::map) and
// std::vector have the debug layout, so the host would crash on the first defaults() it reads.
// Refused from its file with that reason; its static constructor must never run.
#include <cstdlib>

#include <opora/opora.hpp>

#ifndef _GLIBCXX_DEBUG
#error "this test plugin must be built with -D_GLIBCXX_DEBUG"
#endif

namespace {

[[maybe_unused]] const bool constructed = [] {
  std::abort();
  return true;
}();

class DebugCriterion final : public opora::Criterion {
 public:
  std::string id() const override { return "test_debug_mode"; }
  std::string title() const override { return "Собран в отладочном режиме libstdc++"; }
  std::string category() const override { return opora::category::risk_zone; }
  opora::Params defaults() const override {
    opora::Params p;
    p.set("threshold", 0.25);
    return p;
  }
  std::unique_ptr<opora::CriterionRun> start(const opora::RunContext&,
                                             const opora::Params&) const override {
    return nullptr;
  }
};

void register_items(opora::Registry& r) { r.add_criterion(std::make_unique<DebugCriterion>()); }

}  // namespace

OPORA_PLUGIN("test_debug_mode", "1.0.0", "Плагин в отладочном режиме libstdc++", register_items)
