// The benchmark's simple criterion as a compiled plugin: the share of "2" over all works of the
// year at least `share` (0.2). bench/lua_vs_cpp.cpp runs the same rule written in Lua.
#include <cstdio>

#include <opora/opora.hpp>

namespace {

class Run final : public opora::CriterionRun {
 public:
  Run(const opora::Dataset& d, int year, double share) : d_(d), year_(year), share_(share) {}
  opora::Verdict evaluate(opora::SchoolIndex i) override {
    opora::ResultFilter f;
    f.year = year_;
    auto a = d_.aggregate(i, f);
    double s = a.share2();
    return {a.participants > 0 && s >= share_, s, {}};
  }

 private:
  const opora::Dataset& d_;
  int year_;
  double share_;
};

class SimpleCriterion final : public opora::Criterion {
 public:
  std::string id() const override { return "bench_simple"; }
  std::string title() const override { return "Доля «2» за год не менее 20%"; }
  std::string category() const override { return "risk_zone"; }
  opora::Params defaults() const override {
    opora::Params p;
    p.set("share", 0.2);
    return p;
  }
  std::unique_ptr<opora::CriterionRun> start(const opora::RunContext& ctx,
                                             const opora::Params& p) const override {
    return std::make_unique<Run>(ctx.data, ctx.year, p.number("share", 0.2));
  }
};

void register_items(opora::Registry& r) { r.add_criterion(std::make_unique<SimpleCriterion>()); }

}  // namespace

OPORA_PLUGIN("bench_simple", "1.0.0", "Критерий для замера скорости", register_items)
