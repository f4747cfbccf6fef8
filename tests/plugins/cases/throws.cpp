// Registers a criterion, then fails: the loader must refuse it and discard the criterion.
#include <stdexcept>

#include <opora/opora.hpp>

namespace {

class Partial final : public opora::Criterion {
 public:
  std::string id() const override { return "test_partial"; }
  std::string title() const override { return "Не должен попасть в каталог"; }
  std::string category() const override { return opora::category::risk_zone; }
  std::unique_ptr<opora::CriterionRun> start(const opora::RunContext&,
                                             const opora::Params&) const override {
    return nullptr;
  }
};

void register_items(opora::Registry& r) {
  r.add_criterion(std::make_unique<Partial>());
  throw std::runtime_error("нет файла настроек региона");
}

}  // namespace

OPORA_PLUGIN("test_throws", "0.1.0", "Плагин, падающий при регистрации", register_items)
