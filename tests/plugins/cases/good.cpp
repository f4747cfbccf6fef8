// A well-formed test plugin: one criterion and one renderer.
#include <fstream>

#include <opora/opora.hpp>

namespace {

class EveryOtherSchool final : public opora::Criterion {
 public:
  std::string id() const override { return "test_every_other"; }
  std::string title() const override { return "Тест: каждая вторая школа"; }
  std::string category() const override { return opora::category::risk_zone; }
  opora::Params defaults() const override {
    opora::Params p;
    p.set("step", 2.0);
    return p;
  }
  std::unique_ptr<opora::CriterionRun> start(const opora::RunContext&,
                                             const opora::Params& params) const override {
    struct Run final : opora::CriterionRun {
      int step;
      explicit Run(int s) : step(s) {}
      opora::Verdict evaluate(opora::SchoolIndex school) override {
        bool hit = step > 0 && school % step == 0;
        return {hit, hit ? 1.0 : 0.0, hit ? "номер кратен шагу" : "номер не кратен шагу"};
      }
    };
    return std::make_unique<Run>(int(params.number("step", 2.0)));
  }
};

class TextRenderer final : public opora::Renderer {
 public:
  std::string format() const override { return "test_txt"; }
  std::string extension() const override { return "txt"; }
  void render(std::string_view json, const std::filesystem::path& out) const override {
    std::ofstream(out) << json;
  }
};

// A report section (issue 13): the identified schools of a category as a key–value block.
class CountSection final : public opora::ReportSection {
 public:
  std::string id() const override { return "test_count"; }
  std::string title() const override { return "Тест: раздел плагина"; }
  std::string build(const opora::SectionContext& ctx) const override {
    return R"([{"type":"key_value","items":[{"label":"Месяц","value":")" +
           std::string(ctx.month()) + R"("}]}])";
  }
};

void register_items(opora::Registry& r) {
  r.add_criterion(std::make_unique<EveryOtherSchool>());
  r.add_renderer(std::make_unique<TextRenderer>());
  r.add_section(std::make_unique<CountSection>());
}

}  // namespace

OPORA_PLUGIN("test_good", "1.2.3", "Тестовый плагин", register_items)
