#include "catalog/guarded.hpp"

#include <cmath>
#include <exception>
#include <utility>

#include "catalog/catalog.hpp"
#include "util/encoding.hpp"

namespace opora::host {

namespace {

// "плагин fioko 1.0.0 (fioko.so), критерий «fioko_score_peaks»" — who is being called.
std::string item_name(const std::string& plugin, const char* kind, const std::string& id) {
  return plugin + ", " + kind + (id.empty() ? std::string() : " «" + id + "»");
}

// The one place where a call into plugin code is made: whatever it throws comes out as a
// PluginFailure naming the item and the method. Non-std exceptions (`throw 42`) carry no
// message; saying so is the most a host can know about them.
template <class F>
auto call(const std::string& who, const char* method, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const PluginFailure&) {
    throw;  // already named (a guard further down the same call)
  } catch (const std::exception& e) {
    throw PluginFailure(who + ", метод " + method + ": " + e.what());
  } catch (...) {
    throw PluginFailure(who + ", метод " + method +
                        ": выброшено исключение не типа std::exception (например, throw 42)");
  }
}

// Values a plugin returns are checked where they enter the host, like a package's: text goes
// into JSON and the store (invalid UTF-8 would fail far away, naming nobody), numbers into
// comparisons and sorting (NaN breaks both).
std::string checked_text(const std::string& who, const char* method, std::string text) {
  if (!is_valid_utf8(text))
    throw PluginFailure(who + ", метод " + method + ": вернул текст не в кодировке UTF-8");
  return text;
}
void check_number(const std::string& who, const char* method, const char* field, double v) {
  if (!std::isfinite(v))
    throw PluginFailure(who + ", метод " + method + ": " + field + " — не конечное число (" +
                        (std::isnan(v) ? "NaN" : "бесконечность") + ")");
}

// A text-returning method (metadata): called through the guard, its result checked.
template <class F>
std::string text(const std::string& who, const char* method, F&& f) {
  return checked_text(who, method, call(who, method, std::forward<F>(f)));
}

// A criterion's run: made by the plugin's start(), so its evaluate() is plugin code too.
class GuardedRun final : public CriterionRun {
 public:
  GuardedRun(std::unique_ptr<CriterionRun> inner, const std::string& who,
             std::shared_ptr<void> keep)
      : keep_(std::move(keep)), who_(who), inner_(std::move(inner)) {}
  ~GuardedRun() override = default;  // inner_ first (declared last), then the library

  Verdict evaluate(SchoolIndex school) override {
    Verdict v = call(who_, "evaluate", [&] { return inner_->evaluate(school); });
    check_number(who_, "evaluate", "score", v.score);
    v.explanation = checked_text(who_, "evaluate", std::move(v.explanation));
    return v;
  }
  bool evaluate_all(std::span<Verdict> out) override {
    bool batch = call(who_, "evaluate_all", [&] { return inner_->evaluate_all(out); });
    if (batch)
      for (auto& v : out) {
        check_number(who_, "evaluate_all", "score", v.score);
        v.explanation = checked_text(who_, "evaluate_all", std::move(v.explanation));
      }
    return batch;
  }
  std::string explain(SchoolIndex school) override {
    return text(who_, "explain", [&] { return inner_->explain(school); });
  }

 private:
  std::shared_ptr<void> keep_;
  std::string who_;
  std::unique_ptr<CriterionRun> inner_;
};

class GuardedCriterion final : public Criterion {
 public:
  GuardedCriterion(std::unique_ptr<Criterion> inner, const std::string& plugin,
                   std::shared_ptr<void> keep)
      : keep_(std::move(keep)), inner_(std::move(inner)) {
    who_ = item_name(plugin, "критерий", {});
    id_ = text(who_, "id", [&] { return inner_->id(); });
    who_ = item_name(plugin, "критерий", id_);
    title_ = text(who_, "title", [&] { return inner_->title(); });
    category_ = text(who_, "category", [&] { return inner_->category(); });
    territory_ = text(who_, "territory", [&] { return inner_->territory(); });
    defaults_ = call(who_, "defaults", [&] { return inner_->defaults(); });
    years_ = call(who_, "years", [&] { return inner_->years(); });
    if (years_ < 0 || years_ > max_rule_years)
      throw PluginFailure(who_ + ", метод years: " + std::to_string(years_) +
                          " — нужно число лет от 1 до " + std::to_string(max_rule_years) +
                          " (или 0: все годы)");
  }

  std::string id() const override { return id_; }
  std::string title() const override { return title_; }
  std::string category() const override { return category_; }
  Params defaults() const override { return defaults_; }
  std::string territory() const override { return territory_; }
  int years() const override { return years_; }
  std::unique_ptr<CriterionRun> start(const RunContext& ctx, const Params& params) const override {
    auto run = call(who_, "start", [&] { return inner_->start(ctx, params); });
    if (!run) throw PluginFailure(who_ + ", метод start: вернул пустой объект вместо прогона");
    return std::make_unique<GuardedRun>(std::move(run), who_, keep_);
  }

 private:
  std::shared_ptr<void> keep_;
  std::unique_ptr<Criterion> inner_;
  std::string who_, id_, title_, category_, territory_;
  Params defaults_;
  int years_ = 0;
};

class GuardedIndicatorType final : public IndicatorType {
 public:
  GuardedIndicatorType(std::unique_ptr<IndicatorType> inner, const std::string& plugin,
                       std::shared_ptr<void> keep)
      : keep_(std::move(keep)), inner_(std::move(inner)) {
    who_ = item_name(plugin, "тип показателя", {});
    id_ = text(who_, "id", [&] { return inner_->id(); });
    who_ = item_name(plugin, "тип показателя", id_);
    title_ = text(who_, "title", [&] { return inner_->title(); });
    territory_ = text(who_, "territory", [&] { return inner_->territory(); });
  }

  std::string id() const override { return id_; }
  std::string title() const override { return title_; }
  std::string territory() const override { return territory_; }
  IndicatorValue compute(const IndicatorContext& ctx, const Params& args) const override {
    auto v = call(who_, "compute", [&] { return inner_->compute(ctx, args); });
    check_number(who_, "compute", "numerator", v.numerator);
    check_number(who_, "compute", "denominator", v.denominator);
    if (v.value) check_number(who_, "compute", "value", *v.value);
    v.explanation = checked_text(who_, "compute", std::move(v.explanation));
    return v;
  }

 private:
  std::shared_ptr<void> keep_;
  std::unique_ptr<IndicatorType> inner_;
  std::string who_, id_, title_, territory_;
};

// What the host throws from its own objects handed to a plugin (ImportFailed from the sink at
// too many errors): remembered, so that exception reaches the host's caller as it was, even if
// the plugin caught it or threw something else on the way out.
class HostCalls {
 public:
  template <class F>
  auto pass(F&& f) -> decltype(f()) {
    rethrow();  // once the host has stopped the import, it stays stopped
    try {
      return f();
    } catch (...) {
      error_ = std::current_exception();
      throw;
    }
  }
  void rethrow() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::exception_ptr error_;
};

class PassThroughSink final : public ImportSink {
 public:
  PassThroughSink(ImportSink& inner, HostCalls& calls) : inner_(inner), calls_(calls) {}
  void result(const ResultRecord& r, int row) override {
    calls_.pass([&] { inner_.result(r, row); });
  }
  void context(const ContextRecord& r, int row) override {
    calls_.pass([&] { inner_.context(r, row); });
  }
  void student(const StudentRecord& r, int row) override {
    calls_.pass([&] { inner_.student(r, row); });
  }
  void error(int row, int column, std::string message) override {
    calls_.pass([&] { inner_.error(row, column, std::move(message)); });
  }

 private:
  ImportSink& inner_;
  HostCalls& calls_;
};

class PassThroughTable final : public TableReader {
 public:
  PassThroughTable(TableReader& inner, HostCalls& calls) : inner_(inner), calls_(calls) {}
  bool next(TableRow& row) override {
    return calls_.pass([&] { return inner_.next(row); });
  }

 private:
  TableReader& inner_;
  HostCalls& calls_;
};

class GuardedImporter final : public Importer {
 public:
  GuardedImporter(std::unique_ptr<Importer> inner, const std::string& plugin,
                  std::shared_ptr<void> keep)
      : keep_(std::move(keep)), inner_(std::move(inner)) {
    who_ = item_name(plugin, "импорт", {});
    id_ = text(who_, "id", [&] { return inner_->id(); });
    who_ = item_name(plugin, "импорт", id_);
    title_ = text(who_, "title", [&] { return inner_->title(); });
  }

  std::string id() const override { return id_; }
  std::string title() const override { return title_; }
  void read(TableReader& table, ImportSink& sink) const override {
    HostCalls calls;
    PassThroughTable host_table(table, calls);
    PassThroughSink host_sink(sink, calls);
    try {
      call(who_, "read", [&] { inner_->read(host_table, host_sink); });
    } catch (...) {
      calls.rethrow();
      throw;
    }
    calls.rethrow();
  }

 private:
  std::shared_ptr<void> keep_;
  std::unique_ptr<Importer> inner_;
  std::string who_, id_, title_;
};

class GuardedRenderer final : public Renderer {
 public:
  GuardedRenderer(std::unique_ptr<Renderer> inner, const std::string& plugin,
                  std::shared_ptr<void> keep)
      : keep_(std::move(keep)), inner_(std::move(inner)) {
    who_ = item_name(plugin, "формат отчёта", {});
    format_ = text(who_, "format", [&] { return inner_->format(); });
    who_ = item_name(plugin, "формат отчёта", format_);
    extension_ = text(who_, "extension", [&] { return inner_->extension(); });
  }

  std::string format() const override { return format_; }
  std::string extension() const override { return extension_; }
  void render(std::string_view report_json, const std::filesystem::path& out) const override {
    call(who_, "render", [&] { inner_->render(report_json, out); });
  }

 private:
  std::shared_ptr<void> keep_;
  std::unique_ptr<Renderer> inner_;
  std::string who_, format_, extension_;
};

class GuardedSection final : public ReportSection {
 public:
  GuardedSection(std::unique_ptr<ReportSection> inner, const std::string& plugin,
                 std::shared_ptr<void> keep)
      : keep_(std::move(keep)), inner_(std::move(inner)) {
    who_ = item_name(plugin, "раздел отчёта", {});
    id_ = text(who_, "id", [&] { return inner_->id(); });
    who_ = item_name(plugin, "раздел отчёта", id_);
    title_ = text(who_, "title", [&] { return inner_->title(); });
    territory_ = text(who_, "territory", [&] { return inner_->territory(); });
  }

  std::string id() const override { return id_; }
  std::string title() const override { return title_; }
  std::string territory() const override { return territory_; }
  std::string build(const SectionContext& ctx) const override {
    std::string out;
    call(who_, "build", [&] { out = inner_->build(ctx); });
    return out;
  }

 private:
  std::shared_ptr<void> keep_;
  std::unique_ptr<ReportSection> inner_;
  std::string who_, id_, title_, territory_;
};

// A null item would be dereferenced at the first call: refuse it with its kind.
template <class T>
void require_item(const std::unique_ptr<T>& item, const std::string& plugin, const char* kind) {
  if (!item) throw PluginFailure(plugin + ": зарегистрирован пустой указатель вместо " + kind);
}

}  // namespace

std::unique_ptr<Criterion> guard(std::unique_ptr<Criterion> item, const std::string& plugin,
                                 std::shared_ptr<void> keepalive) {
  require_item(item, plugin, "критерия");
  return std::make_unique<GuardedCriterion>(std::move(item), plugin, std::move(keepalive));
}
std::unique_ptr<IndicatorType> guard(std::unique_ptr<IndicatorType> item,
                                     const std::string& plugin, std::shared_ptr<void> keepalive) {
  require_item(item, plugin, "типа показателя");
  return std::make_unique<GuardedIndicatorType>(std::move(item), plugin, std::move(keepalive));
}
std::unique_ptr<Importer> guard(std::unique_ptr<Importer> item, const std::string& plugin,
                                std::shared_ptr<void> keepalive) {
  require_item(item, plugin, "импорта");
  return std::make_unique<GuardedImporter>(std::move(item), plugin, std::move(keepalive));
}
std::unique_ptr<Renderer> guard(std::unique_ptr<Renderer> item, const std::string& plugin,
                                std::shared_ptr<void> keepalive) {
  require_item(item, plugin, "формата отчёта");
  return std::make_unique<GuardedRenderer>(std::move(item), plugin, std::move(keepalive));
}
std::unique_ptr<ReportSection> guard(std::unique_ptr<ReportSection> item,
                                     const std::string& plugin, std::shared_ptr<void> keepalive) {
  require_item(item, plugin, "раздела отчёта");
  return std::make_unique<GuardedSection>(std::move(item), plugin, std::move(keepalive));
}

}  // namespace opora::host
