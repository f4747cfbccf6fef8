// Criterion nso_monitoring_low: a school joins the preventive group when in several monitoring
// works of the year a large share of its students stays below the basic level.
#include <string>

#include "format.hpp"
#include "monitoring.hpp"

namespace nso {
namespace {

using opora::plugin_util::percent;

struct Settings {
  double below_basic_share;
  int min_works;
  int min_participants;
};

class Run final : public opora::CriterionRun {
 public:
  Run(const opora::RunContext& ctx, Settings s) : ctx_(ctx), s_(s) {}

  opora::Verdict evaluate(opora::SchoolIndex school) override {
    const auto& data = ctx_.data;
    opora::Verdict v;
    int proc = data.procedure_id(procedure);
    int works = 0, low = 0;
    std::string details;
    if (proc >= 0) {
      for (const auto& row : data.results(school)) {
        if (row.year != ctx_.year || row.procedure != proc) continue;
        if (row.participants < s_.min_participants) continue;
        ++works;
        // Levels are stored as marks: «ниже базового» is the count of mark 2.
        if (row.share2() + 1e-9 < s_.below_basic_share) continue;
        ++low;
        details += "; " + std::to_string(row.grade) + " класс, " +
                   std::string(data.subject_name(row.subject)) + ": ниже базового " +
                   std::to_string(row.marks[0]) + " из " + std::to_string(row.participants) +
                   " (" + percent(row.share2()) + ")";
      }
    }
    v.flagged = low >= s_.min_works;
    v.score = low;
    if (works == 0) {
      v.explanation = "нет работ регионального мониторинга " + std::to_string(ctx_.year) +
                      " года с не менее чем " + std::to_string(s_.min_participants) +
                      " участниками";
      return v;
    }
    v.explanation = "работ мониторинга " + std::to_string(ctx_.year) +
                    " года с долей ниже базового уровня не менее " +
                    percent(s_.below_basic_share, 0) + ": " + std::to_string(low) + " из " +
                    std::to_string(works) + " (порог — " + std::to_string(s_.min_works) + ")" +
                    details;
    return v;
  }

 private:
  opora::RunContext ctx_;  // a copy: the host's context may be a temporary
  Settings s_;
};

class MonitoringLow final : public opora::Criterion {
 public:
  std::string id() const override { return "nso_monitoring_low"; }
  std::string title() const override {
    return "Региональный мониторинг: высокая доля обучающихся ниже базового уровня";
  }
  std::string category() const override { return prevention_group; }
  std::string territory() const override { return nso::territory; }
  int years() const override { return 1; }  // the monitoring of the year only
  opora::Params defaults() const override {
    opora::Params p;
    p.set("below_basic_share", 0.25);
    p.set("min_works", 2.0);
    p.set("min_participants", 10.0);
    return p;
  }
  std::unique_ptr<opora::CriterionRun> start(const opora::RunContext& ctx,
                                             const opora::Params& p) const override {
    Settings s{p.number("below_basic_share", 0.25), int(p.number("min_works", 2)),
               int(p.number("min_participants", 10))};
    return std::make_unique<Run>(ctx, s);
  }
};

}  // namespace

std::unique_ptr<opora::Criterion> make_monitoring_low() {
  return std::make_unique<MonitoringLow>();
}

}  // namespace nso
