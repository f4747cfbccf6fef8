// Registers a criterion asking for more years of results than an identification looks back
// over (Criterion::years): refused at load time, naming the item and the method.
#include <opora/opora.hpp>

namespace {

class TooManyYears final : public opora::Criterion {
 public:
  std::string id() const override { return "too_many_years"; }
  std::string title() const override { return "Девять лет"; }
  std::string category() const override { return opora::category::risk_zone; }
  int years() const override { return 9; }
  std::unique_ptr<opora::CriterionRun> start(const opora::RunContext&,
                                             const opora::Params&) const override {
    return nullptr;
  }
};

void register_items(opora::Registry& r) { r.add_criterion(std::make_unique<TooManyYears>()); }

}  // namespace

OPORA_PLUGIN("test_bad_years", "1.0.0", "Плагин, чей критерий просит девять лет результатов",
             register_items)
