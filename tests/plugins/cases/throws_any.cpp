// Loads fine; then every working method of every item kind throws something that is not a
// std::exception (`throw 42`), one criterion's start() returns no run at all, and one returns
// values the host refuses (NaN, text not in UTF-8). The host must
// name the plugin, the item and the method, never abort.
#include <cmath>

#include <opora/opora.hpp>

namespace {

class ThrowingCriterion final : public opora::Criterion {
 public:
  std::string id() const override { return "test_throws_42"; }
  std::string title() const override { return "Бросает 42 в evaluate"; }
  std::string category() const override { return opora::category::risk_zone; }
  std::unique_ptr<opora::CriterionRun> start(const opora::RunContext&,
                                             const opora::Params&) const override {
    struct Run final : opora::CriterionRun {
      opora::Verdict evaluate(opora::SchoolIndex) override { throw 42; }
    };
    return std::make_unique<Run>();
  }
};

class NoRun final : public opora::Criterion {
 public:
  std::string id() const override { return "test_no_run"; }
  std::string title() const override { return "start() возвращает пустой указатель"; }
  std::string category() const override { return opora::category::risk_zone; }
  std::unique_ptr<opora::CriterionRun> start(const opora::RunContext&,
                                             const opora::Params&) const override {
    return nullptr;
  }
};

class ThrowingStart final : public opora::Criterion {
 public:
  std::string id() const override { return "test_start_throws"; }
  std::string title() const override { return "Бросает строку в start"; }
  std::string category() const override { return opora::category::risk_zone; }
  std::unique_ptr<opora::CriterionRun> start(const opora::RunContext&,
                                             const opora::Params&) const override {
    throw "C string";
  }
};

// Returns values the host must not take in: a NaN score, then an explanation that is not UTF-8.
class BadValues final : public opora::Criterion {
 public:
  std::string id() const override { return "test_bad_values"; }
  std::string title() const override { return "Возвращает NaN и не UTF-8"; }
  std::string category() const override { return opora::category::risk_zone; }
  std::unique_ptr<opora::CriterionRun> start(const opora::RunContext&,
                                             const opora::Params&) const override {
    struct Run final : opora::CriterionRun {
      opora::Verdict evaluate(opora::SchoolIndex school) override {
        if (school == 0) return {true, std::nan(""), "ok"};
        return {false, 1.0, "\xff\xfe"};
      }
    };
    return std::make_unique<Run>();
  }
};

class ThrowingType final : public opora::IndicatorType {
 public:
  std::string id() const override { return "test_throws_type"; }
  std::string title() const override { return "Бросает 42 в compute"; }
  opora::IndicatorValue compute(const opora::IndicatorContext&,
                                const opora::Params&) const override {
    throw 42;
  }
};

class ThrowingImporter final : public opora::Importer {
 public:
  std::string id() const override { return "test_throws_import"; }
  std::string title() const override { return "Бросает 42 в read"; }
  void read(opora::TableReader&, opora::ImportSink& sink) const override {
    sink.error(1, 1, "первая ошибка");
    throw 42;
  }
};

class ThrowingRenderer final : public opora::Renderer {
 public:
  std::string format() const override { return "test_throw"; }
  std::string extension() const override { return "txt"; }
  void render(std::string_view, const std::filesystem::path&) const override { throw 42; }
};

class ThrowingSection final : public opora::ReportSection {
 public:
  std::string id() const override { return "test_throws_section"; }
  std::string title() const override { return "Бросающий раздел"; }
  std::string build(const opora::SectionContext&) const override { throw 42; }
};

void register_items(opora::Registry& r) {
  r.add_criterion(std::make_unique<ThrowingCriterion>());
  r.add_criterion(std::make_unique<NoRun>());
  r.add_criterion(std::make_unique<ThrowingStart>());
  r.add_criterion(std::make_unique<BadValues>());
  r.add_indicator_type(std::make_unique<ThrowingType>());
  r.add_importer(std::make_unique<ThrowingImporter>());
  r.add_renderer(std::make_unique<ThrowingRenderer>());
  r.add_section(std::make_unique<ThrowingSection>());
}

}  // namespace

OPORA_PLUGIN("test_throws_any", "1.0.0", "Плагин, бросающий не std::exception", register_items)
