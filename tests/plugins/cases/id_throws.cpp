// Registers fine, but its criterion's id() throws (not a std::exception): the host reads every
// item's metadata once at load time, so this plugin is refused with the item and the method named,
// and no later command meets the throw.
#include <opora/opora.hpp>

namespace {

class NoId final : public opora::Criterion {
 public:
  std::string id() const override { throw 7; }
  std::string title() const override { return "Без id"; }
  std::string category() const override { return opora::category::risk_zone; }
  std::unique_ptr<opora::CriterionRun> start(const opora::RunContext&,
                                             const opora::Params&) const override {
    return nullptr;
  }
};

class FineRenderer final : public opora::Renderer {
 public:
  std::string format() const override { return "test_id_throws_txt"; }
  std::string extension() const override { return "txt"; }
  void render(std::string_view, const std::filesystem::path&) const override {}
};

void register_items(opora::Registry& r) {
  // Registered first: it must not stay in the catalog when the criterion after it is refused.
  r.add_renderer(std::make_unique<FineRenderer>());
  r.add_criterion(std::make_unique<NoId>());
}

}  // namespace

OPORA_PLUGIN("test_id_throws", "1.0.0", "Плагин, чей id() бросает исключение", register_items)
