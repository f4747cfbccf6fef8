// The federal `low_results` rule (scripts/federal/criteria.lua, its default parameters) as a
// compiled plugin: at least `min_works` works of the year with a share of "2" of at least
// `fail_share` (works of at least `min_participants`, ВПР/ОГЭ/ЕГЭ), and one of them failing the
// year before too. Like the Lua rule it builds an explanation for every school.
// bench/lua_vs_cpp.cpp runs it next to the real Lua criterion over the same snapshot.
#include <algorithm>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include <opora/opora.hpp>

namespace {

struct Work {
  int procedure, grade, subject;
  bool operator<(const Work& o) const {
    return std::tie(procedure, grade, subject) < std::tie(o.procedure, o.grade, o.subject);
  }
  bool operator==(const Work& o) const = default;
};

class Run final : public opora::CriterionRun {
 public:
  Run(const opora::Dataset& d, int year, const opora::Params& p) : d_(d), year_(year) {
    fail_share_ = p.number("fail_share", 0.30);
    min_works_ = int(p.number("min_works", 2));
    min_participants_ = int(p.number("min_participants", 10));
    for (const char* name : {"ВПР", "ОГЭ", "ЕГЭ"})
      if (int id = d.procedure_id(name); id >= 0) procedures_.push_back(id);
  }

  opora::Verdict evaluate(opora::SchoolIndex i) override {
    failing(i, year_, now_);
    failing(i, year_ - 1, before_);
    std::vector<Work> repeated;
    std::set_intersection(now_.begin(), now_.end(), before_.begin(), before_.end(),
                          std::back_inserter(repeated));
    int n = int(now_.size());
    bool flagged = n >= min_works_ && !repeated.empty();
    char head[640];
    std::snprintf(head, sizeof head,
                  "%d г.: работ с долей «2» не менее %.0f%% (от %d участников): %d из требуемых "
                  "%d; те же работы в %d и %d гг.: ",
                  year_, fail_share_ * 100, min_participants_, n, min_works_, year_ - 1, year_);
    std::string why = head;
    if (repeated.empty()) why += "нет";
    for (std::size_t k = 0; k < repeated.size(); ++k)
      why += (k ? "; " : "") + key(repeated[k]);
    return {flagged, double(n), std::move(why)};
  }

 private:
  void failing(opora::SchoolIndex i, int year, std::vector<Work>& out) const {
    out.clear();
    for (const auto& r : d_.results(i)) {
      if (r.year != year || r.participants < min_participants_ ||
          std::find(procedures_.begin(), procedures_.end(), r.procedure) == procedures_.end())
        continue;
      double share = r.participants > 0 ? double(r.marks[0]) / r.participants : 0.0;
      if (share + 1e-12 >= fail_share_) out.push_back({r.procedure, r.grade, r.subject});
    }
    std::sort(out.begin(), out.end());
  }
  std::string key(const Work& w) const {
    return std::string(d_.procedure_name(w.procedure)) + ", " + std::to_string(w.grade) +
           " класс, " + std::string(d_.subject_name(w.subject));
  }

  const opora::Dataset& d_;
  int year_;
  double fail_share_;
  int min_works_, min_participants_;
  std::vector<int> procedures_;
  std::vector<Work> now_, before_;
};

class LowResults final : public opora::Criterion {
 public:
  std::string id() const override { return "low_results"; }
  std::string title() const override { return "Низкие образовательные результаты (C++)"; }
  std::string category() const override { return "low_results"; }
  int years() const override { return 2; }  // the year and the one before
  opora::Params defaults() const override {
    opora::Params p;
    p.set("fail_share", 0.30);
    p.set("min_works", 2.0);
    p.set("min_participants", 10.0);
    return p;
  }
  std::unique_ptr<opora::CriterionRun> start(const opora::RunContext& ctx,
                                             const opora::Params& p) const override {
    return std::make_unique<Run>(ctx.data, ctx.year, p);
  }
};

void register_items(opora::Registry& r) { r.add_criterion(std::make_unique<LowResults>()); }

}  // namespace

OPORA_PLUGIN("bench_low_results", "1.0.0", "low_results на C++ для замера скорости",
             register_items)
