// Criterion and indicator adapters over a fake dataset: verdicts, the school/run API, runtime
// errors naming file:line and item, views that cannot be written or kept, and throughput.
#include <gtest/gtest.h>

#include <chrono>
#include <numeric>

#include "fake_dataset.hpp"
#include "lua/engine.hpp"

using namespace opora;
using namespace opora::host;
using opora::test::work;
using opora::test::write_file;

namespace {

test::FakeDataset make_data() {
  test::FakeDataset d;
  // sch01: two failing works in 2023 (4/10 and 3/10 got "2"), one good.
  d.schools.push_back({"sch01", "СОШ №1", "r/m", "r", 300,
                       {work(2022, 0, 5, 0, 1, 5, 3, 1), work(2023, 0, 5, 0, 4, 3, 2, 1),
                        work(2023, 0, 5, 1, 3, 3, 3, 1), work(2023, 1, 9, 0, 0, 5, 5, 0)},
                       {{{"low_income", 2023}, 0.4}}});
  d.schools.push_back({"sch02", "ООШ №76", "r/m", "r", 50,
                       {work(2023, 0, 5, 0, 0, 5, 4, 1)},
                       {{{"low_income", 2023}, 0.2}}});
  d.schools.push_back({"sch03", "Гимназия", "r/m", "r", 900, {}, {}});
  return d;
}

struct Criteria : ::testing::Test {
  std::filesystem::path root = test::temp_tree("crit");
  std::shared_ptr<LuaEngine> engine = LuaEngine::create();
  Catalog catalog;
  test::FakeDataset data = make_data();
  std::vector<SchoolIndex> population{0, 1, 2};

  const Criterion& load(const std::string& body) {
    write_file(root, "federal/package.lua",
               "package { name = 'РФ', level = 'federal' }\nrequire 'criteria'\n");
    write_file(root, "federal/criteria.lua", body);
    auto errors = engine->load_tree(root, catalog);
    EXPECT_TRUE(errors.empty()) << errors[0];
    return *catalog.criteria().at(0).item;
  }
  std::unique_ptr<CriterionRun> start(const Criterion& c) {
    return c.start(RunContext{data, 2023, "r", population}, c.defaults());
  }
};

const char* kLowResults = R"lua(
criterion {
  id = "low_results", title = "ШНОР", category = "low_results",
  params = { fail_share = 0.30, min_works = 2, min_participants = 10 },
  evaluate = function(school, p, state, run)
    local n, keys = school:count_works{ year = run.year, procedure = "ВПР",
                                        min_participants = p.min_participants,
                                        min_share2 = p.fail_share }
    return n >= p.min_works, n, string.format("работ с долей «2» ≥ %.0f%%: %d (%s)",
      p.fail_share * 100, n, table.concat(keys or {}, "; "))
  end,
}
)lua";

TEST_F(Criteria, EvaluateGivesFlaggedScoreAndExplanation) {
  const auto& c = load(kLowResults);
  EXPECT_EQ(c.id(), "low_results");
  EXPECT_EQ(c.territory(), "federal");
  auto run = start(c);
  auto v = run->evaluate(0);
  EXPECT_TRUE(v.flagged);
  EXPECT_DOUBLE_EQ(v.score, 2);
  EXPECT_EQ(v.explanation,
            "работ с долей «2» ≥ 30%: 2 (ВПР, 5 класс, русский язык; ВПР, 5 класс, математика)");
  auto w = run->evaluate(1);
  EXPECT_FALSE(w.flagged);
  EXPECT_EQ(w.explanation, "работ с долей «2» ≥ 30%: 0 ()");
}

TEST_F(Criteria, ParamsOverrideReachesEvaluate) {
  const auto& c = load(kLowResults);
  Params p = c.defaults();
  p.set("fail_share", 0.5);
  auto run = c.start(RunContext{data, 2023, "r", population}, p);
  EXPECT_FALSE(run->evaluate(0).flagged);
}

TEST_F(Criteria, TableResultAndSchoolApi) {
  const auto& c = load(R"lua(
criterion {
  id = "api", title = "API", category = "risk_zone",
  prepare = function(run, p)
    local mean, sd, n = run:context_stats("low_income")
    local all = {}
    for _, s in ipairs(run:schools()) do all[#all + 1] = s.students end
    return { mean = mean, n = n, q = run:quantile(all, 0.5), region = run.region }
  end,
  evaluate = function(school, p, state, run)
    local agg = school:aggregate{ year = 2023 }
    local share, participants = school:share2{ year = 2023, procedure = "ВПР" }
    local works = school:works{ year = 2023, subject = "Математика" }
    local none = school:count_works{ procedure = "ЕГЭ" }
    return { flagged = school.login == "sch01", score = agg.m2,
      explanation = table.concat({ school.name, state.region, state.n, state.q,
        string.format("%.2f", state.mean), tostring(share), participants, #works,
        tostring(school:context("low_income")), school:risk("low_motivation"), none,
        works[1] and works[1].key or "-" }, "|") }
  end,
}
)lua");
  auto run = start(c);
  auto v = run->evaluate(0);
  EXPECT_TRUE(v.flagged);
  EXPECT_DOUBLE_EQ(v.score, 7);
  EXPECT_EQ(v.explanation, "СОШ №1|r|2|300.0|0.30|0.35|20|1|0.4|3|0|ВПР, 5 класс, математика");
  auto n = run->evaluate(2);
  EXPECT_FALSE(n.flagged);
  EXPECT_EQ(n.explanation, "Гимназия|r|2|300.0|0.30|nil|0|0|nil|3|0|-");
}

// The columnar run API a batch reads instead of one call per school: run:context_column gives
// school:context of every school of run:schools() (false where not observed), run:position a
// school's place in run:schools(), #run their number — for an ascending population (a region's)
// and for one in any other order.
TEST_F(Criteria, ContextColumnPositionAndLengthOfTheRun) {
  const auto& c = load(R"lua(
criterion {
  id = "columns", title = "Столбцы", category = "risk_zone",
  evaluate = function(school, p, state, run)
    local now, before = run:context_column("low_income"), run:context_column("low_income", 2022)
    local out = { #run, #now, tostring(run:position(school)) }
    for i, s in ipairs(run:schools()) do
      assert(run:position(s) == i, "position of " .. s.login)
      assert(now[i] == (s:context("low_income") or false), "column of " .. s.login)
      out[#out + 1] = s.login .. "=" .. tostring(now[i]) .. "/" .. tostring(before[i])
    end
    out[#out + 1] = tostring(#run:context_column("нет такого"))
    return false, 0, table.concat(out, " ")
  end,
}
)lua");
  auto run = start(c);  // population 0, 1, 2
  EXPECT_EQ(run->evaluate(1).explanation,
            "3 3 2 sch01=0.4/false sch02=0.2/false sch03=false/false 3");
  std::vector<SchoolIndex> shuffled{2, 0};  // not ascending; school 1 outside it
  auto other = c.start(RunContext{data, 2023, "r", shuffled}, c.defaults());
  EXPECT_EQ(other->evaluate(0).explanation, "2 2 2 sch03=false/false sch01=0.4/false 2");
  EXPECT_EQ(other->evaluate(1).explanation, "2 2 nil sch03=false/false sch01=0.4/false 2");
}

// criterion{ years = N }: an identification loads only the years its rules declare, so a rule
// is held to them — without a year a filter takes only those years, and a year outside them is
// an error naming it, never a silent "no results" (issue 10).
TEST_F(Criteria, DeclaredYearsHoldEveryFilterOfTheRun) {
  const auto& c = load(R"lua(
criterion {
  id = "one_year", title = "Один год", category = "risk_zone", years = 1,
  evaluate = function(school, p, state, run)
    local all = school:aggregate{}
    local n = school:count_works{}
    local works = run:works{}:count()
    local ok, err = pcall(function() return school:aggregate{ year = run.year - 1 } end)
    return false, 0, all.participants .. " " .. n .. " " .. works[1] .. " " .. tostring(ok) ..
      " " .. tostring(err)
  end,
}
)lua");
  EXPECT_EQ(c.years(), 1);
  EXPECT_EQ(start(c)->evaluate(0).explanation,
            "30 3 3 false scripts/federal/criteria.lua:8: school:aggregate: 2022 год вне лет, "
            "которые критерий читает "
            "(years = 1: 2023–2023 гг.)");
}

TEST_F(Criteria, UndeclaredYearsReadEveryYear) {
  const auto& c = load(R"lua(
criterion {
  id = "all_years", title = "Все годы", category = "risk_zone",
  evaluate = function(school)
    return false, 0, school:aggregate{}.participants .. " " .. school:count_works{} ..
      " " .. school:aggregate{ year = 2022 }.participants
  end,
}
)lua");
  EXPECT_EQ(c.years(), 0);
  EXPECT_EQ(start(c)->evaluate(0).explanation, "40 4 10");
}

TEST_F(Criteria, YearsOutsideOneToFiveAreRefusedAtLoad) {
  write_file(root, "federal/package.lua",
             "package { name = 'РФ', level = 'federal' }\nrequire 'criteria'\n");
  write_file(root, "federal/criteria.lua",
             "criterion { id = 'x', title = 'x', category = 'risk_zone', years = 6,\n"
             "  evaluate = function() return false, 0, '' end }\n");
  auto errors = engine->load_tree(root, catalog);
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].find("years"), std::string::npos) << errors[0];
  EXPECT_TRUE(catalog.criteria().empty());
}

TEST_F(Criteria, RuntimeErrorNamesFileLineAndCriterion) {
  const auto& c = load("criterion {\n  id = 'broken', title = 'x', category = 'low_results',\n"
                       "  evaluate = function(school)\n    return school.students + nil\n  end,\n}\n");
  auto run = start(c);
  try {
    run->evaluate(0);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("scripts/federal/criteria.lua:4: критерий broken: ", 0),
              0u)
        << e.what();
  }
  EXPECT_THROW(run->evaluate(99), std::out_of_range);
  EXPECT_EQ(engine->run_string("return 1", "after.lua"), "");
}

TEST_F(Criteria, BudgetInEvaluateNamesCriterionAndEngineSurvives) {
  LuaLimits limits;
  limits.instructions = 1'000'000;
  limits.memory_bytes = 64u << 20;
  engine = LuaEngine::create(limits);
  const auto& c = load("criterion { id = 'loop', title = 'x', category = 'low_results',\n"
                       "  evaluate = function() while true do end end }\n");
  auto run = start(c);
  try {
    run->evaluate(0);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("scripts/federal/criteria.lua:2: критерий loop: "), std::string::npos) << m;
    EXPECT_NE(m.find("превышен лимит инструкций"), std::string::npos) << m;
  }
  // The budget is per call: the next evaluation starts afresh (and fails the same way).
  EXPECT_THROW(run->evaluate(1), std::runtime_error);
  EXPECT_EQ(engine->run_string("return 1", "after.lua"), "");
}

TEST_F(Criteria, SchoolAndRunViewsAreReadOnly) {
  const auto& c = load(R"lua(
criterion { id = "w", title = "x", category = "low_results",
  evaluate = function(school, p, state, run)
    local what = p.what
    if what == "school" then school.name = "x"
    elseif what == "run" then run.year = 1
    elseif what == "rawset" then rawset(school, "name", "x")
    elseif what == "meta" then return getmetatable(school) == "школа: метатаблица закрыта", 0, ""
    elseif what == "setmeta" then setmetatable(school, {})
    end
    return true, 0, ""
  end }
)lua");
  auto attempt = [&](const char* what) -> std::string {
    Params p;
    p.set("what", std::string(what));
    try {
      auto v = c.start(RunContext{data, 2023, "r", population}, p)->evaluate(0);
      return v.flagged ? "" : "not locked";
    } catch (const std::exception& e) {
      return e.what();
    }
  };
  EXPECT_NE(attempt("school").find("только для чтения"), std::string::npos);
  EXPECT_NE(attempt("run").find("только для чтения"), std::string::npos);
  EXPECT_NE(attempt("rawset").find("table expected"), std::string::npos);
  EXPECT_EQ(attempt("meta"), "");
  EXPECT_NE(attempt("setmeta").find("table expected"), std::string::npos);
}

TEST_F(Criteria, ViewsKeptInGlobalsDieWithTheRun) {
  const auto& c = load(R"lua(
local kept
criterion { id = "keep", title = "x", category = "low_results",
  evaluate = function(school, p)
    if p.use then return kept.students > 0, 0, "" end
    kept = school
    return false, 0, ""
  end }
)lua");
  start(c)->evaluate(0);  // the run ends here
  Params p;
  p.set("use", true);
  auto run = c.start(RunContext{data, 2023, "r", population}, p);
  try {
    run->evaluate(0);
    FAIL() << "a dead view was readable";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("вызов критерия уже завершён"), std::string::npos)
        << e.what();
  }
}

TEST_F(Criteria, SchoolViewIsCreatedOncePerRun) {
  const auto& c = load(R"lua(
local seen = {}
criterion { id = "same", title = "x", category = "low_results",
  evaluate = function(school)
    local first = seen[school.login] == nil
    local same = first or seen[school.login] == school
    seen[school.login] = school
    return same, 0, ""
  end }
)lua");
  auto run = start(c);
  EXPECT_TRUE(run->evaluate(0).flagged);
  EXPECT_TRUE(run->evaluate(0).flagged);
}

class FakeContext final : public IndicatorContext {
 public:
  explicit FakeContext(const Dataset& d) : d_(d) {}
  const Dataset& data() const override { return d_; }
  std::string_view territory() const override { return "r/m"; }
  int year() const override { return 2023; }
  std::string_view as_of() const override { return "2023-03-31"; }
  std::vector<SchoolIndex> identified(std::string_view) const override { return {0, 1}; }
  std::vector<OccurrenceState> occurrences(std::string_view) const override {
    return {{"5", SchoolIndex(0), "2023-03-01", "done", "2023-02-20"},
            {"5", SchoolIndex(1), "2023-03-01", "planned", ""}};
  }
  std::vector<SchoolIndex> participant_schools(std::string_view) const override { return {1}; }
  int participant_people(std::string_view, std::string_view) const override { return 7; }
  std::optional<double> observation(std::string_view) const override { return 70.0; }

 private:
  const Dataset& d_;
};

TEST_F(Criteria, IndicatorTypeComputesWithContext) {
  write_file(root, "federal/package.lua", R"lua(package { name = "РФ", level = "federal" }
indicator_type { id = "share_done", title = "Доля", args = { category = "low_results" },
  compute = function(ctx, a)
    local done = 0
    for _, o in ipairs(ctx:occurrences("5")) do
      if o.status == "done" and o.school.login == "sch01" then done = done + 1 end
    end
    return done, #ctx:identified(a.category), a.category .. " " .. ctx.as_of .. " " ..
      ctx:people("5") .. "/" .. ctx:observation("teachers_total") .. " " .. ctx:participants("5")[1].login
  end }
indicator { id = "inline", title = "Встроенный", unit = "count",
  compute = function(ctx) return 3, 0 end }
)lua");
  ASSERT_TRUE(engine->load_tree(root, catalog).empty());
  auto eff = catalog.effective("federal");
  FakeContext ctx(data);
  auto v = eff.indicator_type("share_done")->compute(ctx, Params{});
  EXPECT_DOUBLE_EQ(v.numerator, 1);
  EXPECT_DOUBLE_EQ(v.denominator, 2);
  ASSERT_TRUE(v.value);
  EXPECT_DOUBLE_EQ(*v.value, 0.5);
  EXPECT_EQ(v.explanation, "low_results 2023-03-31 7/70.0 sch02");
  ASSERT_EQ(eff.indicators.size(), 1u);
  EXPECT_EQ(eff.indicators[0].item->type, "inline");
  auto w = eff.indicator_type("inline")->compute(ctx, Params{});
  EXPECT_FALSE(w.value);  // zero denominator: no value
}

// A simple criterion must evaluate about a million schools per second (national run: 40,000
// schools x several criteria). The bound here is loose: the machine is shared.
TEST_F(Criteria, Throughput) {
  for (int i = 0; i < 2000; ++i) data.schools.push_back(data.schools[i % 3]);
  population.resize(data.schools.size());
  std::iota(population.begin(), population.end(), 0);
  const auto& c = load("criterion { id = 'fast', title = 'x', category = 'low_results',\n"
                       "  evaluate = function(school, p) return school.students < p.max, "
                       "school.students end, params = { max = 100 } }\n");
  auto run = start(c);
  const int n = 200'000;
  int flagged = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) flagged += run->evaluate(SchoolIndex(i % population.size())).flagged;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_GT(flagged, 0);
  RecordProperty("evaluations_per_second", std::to_string(int(n / secs)));
  std::printf("simple Lua criterion: %.0f evaluations/s\n", n / secs);
  EXPECT_GT(n / secs, 200'000.0);
}

}  // namespace

namespace {

// Territory-wide statistics of the run: percentile rank and region/municipality means.
TEST_F(Criteria, PercentileRankAndTerritoryMean) {
  const auto& c = load(R"lua(
criterion {
  id = "rank", title = "Ранг", category = "risk_zone",
  evaluate = function(school, p, state, run)
    local rank = run:percentile_rank(school, { year = run.year })
    local region = run:territory_mean { year = run.year }
    local muni = run:territory_mean({ year = run.year }, school.territory)
    local none = run:territory_mean({ year = run.year }, "nowhere")
    return rank ~= nil and rank >= 0.75, rank or -1,
      string.format("%.4f %.4f %d %d %.4f %d", region.share2, region.mean_mark,
                    region.participants, region.schools, muni.share2, none.schools)
  end,
}
)lua");
  auto run = start(c);
  auto v1 = run->evaluate(0), v2 = run->evaluate(1), v3 = run->evaluate(2);
  // sch01: 7 of 30 got "2" in 2023; sch02: 0 of 10; sch03 has no results.
  EXPECT_TRUE(v1.flagged);
  EXPECT_DOUBLE_EQ(v1.score, 1.0);   // the weakest of the two with results
  EXPECT_DOUBLE_EQ(v2.score, 0.5);
  EXPECT_FALSE(v3.flagged);
  EXPECT_DOUBLE_EQ(v3.score, -1);    // nil rank without results
  // Region: 7 "2" of 40 participants, two schools; mean mark (2*7+3*16+4*14+5*3)/40.
  EXPECT_EQ(v1.explanation, "0.1750 3.3250 40 2 0.1750 0");
}

}  // namespace
