// The batch form of criteria (issue 10 §2): evaluate_all over columns of works, explain only for
// the schools whose explanation is shown. The federal package's batch forms must judge exactly
// as its per-school forms on a generated store; the contract's edges (batch only, malformed
// returns, explanations asked only for flagged schools) and the run:works API are pinned here.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "engine/identify.hpp"
#include "lua/engine.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"

namespace opora::host {
namespace {

namespace fs = std::filesystem;

class BatchForms : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("opora-batch-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "scripts");
    db_ = std::make_unique<Db>(Db::open(dir_ / "t.db"));
    migrate(*db_);
    db_->exec(
        "INSERT INTO territories(id, name, parent, level) VALUES ('federal', 'РФ', NULL, "
        "'federal'), ('a', 'Регион А', 'federal', 'region'), ('a/m', 'Район', 'a', "
        "'municipality'), ('b', 'Регион Б', 'federal', 'region'), ('b/m', 'Район', 'b', "
        "'municipality')");
  }
  void TearDown() override {
    data_.reset();
    db_.reset();
    fs::remove_all(dir_);
  }

  void federal() {
    fs::copy(fs::path(OPORA_SOURCE_DIR) / "scripts" / "federal", dir_ / "scripts" / "federal",
             fs::copy_options::recursive);
  }
  void package(const std::string& text) {
    fs::create_directories(dir_ / "scripts" / "federal");
    std::ofstream(dir_ / "scripts" / "federal" / "package.lua") << text;
  }
  void school(const std::string& login, const std::string& territory) {
    db_->prepare("INSERT INTO schools(login, name, territory) VALUES (?, ?, ?)")
        .bind_all(login, "Школа " + login, territory)
        .run();
  }
  void work(const std::string& login, int year, const std::string& procedure, int grade,
            const std::string& subject, int participants, int m2, int m5 = 0) {
    db_->prepare(
           "INSERT INTO results(school, year, procedure, grade, subject, participants, m2, m3, "
           "m4, m5) SELECT id, ?, ?, ?, ?, ?, ?, ?, 0, ? FROM schools WHERE login = ?")
        .bind_all(year, procedure, grade, subject, participants, m2, participants - m2 - m5, m5,
                  login)
        .run();
  }

  // A deterministic country of 2 regions × 150 schools, 2021–2023: three procedures, several
  // grades and subjects, participants around the 10 and 20 thresholds and shares of "2" around
  // 15 % and 30 % (exactly 3 of 10 included), so every rule has schools on both sides.
  void generated_country() {
    std::uint64_t x = 12345;
    auto next = [&](int n) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      return int((x >> 33) % std::uint64_t(n));
    };
    const char* subjects[] = {"Русский язык", "Математика", "Биология"};
    const std::pair<const char*, int> procedures[] = {{"ВПР", 5}, {"ВПР", 7}, {"ОГЭ", 9},
                                                      {"ЕГЭ", 11}};
    db_->exec("BEGIN");
    for (int i = 0; i < 300; ++i) {
      auto login = "sch" + std::to_string(100000 + i);
      school(login, i % 2 ? "b/m" : "a/m");
      int weak = next(4);  // 0: a school with many failing works
      // Social context (most schools): ШНСУ and resilient schools rank the region by it.
      if (next(10) != 0)
        for (const char* indicator : {"low_income_share", "single_parent_share", "distance_km"})
          db_->prepare(
                 "INSERT INTO observations(school, year, indicator, value) SELECT id, 2023, ?, ? "
                 "FROM schools WHERE login = ?")
              .bind_all(indicator, double(next(1000)) / 10.0, login)
              .run();
      for (int year = 2021; year <= 2023; ++year)
        for (const auto& [proc, grade] : procedures)
          for (const char* subject : subjects) {
            if (next(5) == 0) continue;  // not every work every year
            int n = 6 + next(35);
            int m2 = weak == 0 ? n * (20 + next(25)) / 100 : n * next(25) / 100;
            if (next(12) == 0) n = 10, m2 = 3;  // exactly 30 %
            // Some schools' ВПР is mostly "5" while their ОГЭ is not (the bias sign).
            int m5 = weak == 1 && std::string(proc) == "ВПР" ? (n - m2) * 9 / 10
                                                             : (n - m2) / (2 + next(4));
            work(login, year, proc, grade, subject, n, m2, m5);
          }
    }
    db_->exec("COMMIT");
  }

  Identification run(int year, bool batch, bool explain_all = true) {
    if (!catalog_) {
      catalog_ = std::make_unique<Catalog>();
      engine_ = LuaEngine::create();
      auto errors = engine_->load_tree(dir_ / "scripts", *catalog_);
      EXPECT_TRUE(errors.empty()) << errors.front();
      data_ = Snapshot::load(db_->handle(), {{}, year - 4, year, false});
    }
    IdentifyOptions o;
    o.batch = batch;
    o.explain_all = explain_all;
    return identify(*catalog_, *data_, "federal", year, o);
  }
  std::string login(SchoolIndex i) const { return std::string(data_->school(i).login); }

  fs::path dir_;
  std::unique_ptr<Db> db_;
  std::unique_ptr<Catalog> catalog_;
  std::shared_ptr<LuaEngine> engine_;
  std::unique_ptr<Snapshot> data_;
};

TEST_F(BatchForms, FederalBatchFormsJudgeAsThePerSchoolForms) {
  federal();
  generated_country();
  auto batched = run(2023, true);
  auto per_school = run(2023, false);
  ASSERT_TRUE(batched.complete()) << describe_failures(batched, *data_);
  ASSERT_TRUE(per_school.complete()) << describe_failures(per_school, *data_);
  EXPECT_EQ(batch_differences(batched, per_school, *data_), std::vector<std::string>{});
  EXPECT_EQ(batch_differences(per_school, batched, *data_), std::vector<std::string>{});
  // Each rule with a batch form has schools on both sides, or the comparison proves little.
  std::map<std::string, std::pair<int, int>> sides;  // criterion -> (flagged, not flagged)
  for (const auto& s : batched.schools)
    for (const auto& v : s.verdicts) (v.verdict.flagged ? sides[v.criterion].first : sides[v.criterion].second)++;
  for (const char* c : {"low_results", "risk_zone", "negative_dynamics", "bias_vpr_exam_gap",
                        "social_risk", "resilient"}) {
    EXPECT_GT(sides[c].first, 3) << c;
    EXPECT_GT(sides[c].second, 3) << c;
  }
}

// The federal explain forms build their text from the numbers the batch kept in `state`; the
// host asks them for every verdict of a shown school, flagged or not. Each must give evaluate's
// text byte for byte in every branch, which the generated country plus a few edge schools
// (no results this year, none the year before, ВПР without ОГЭ, a ШНОР school) all reach.
TEST_F(BatchForms, FederalExplainFormsGiveEvaluatesTextInEveryBranch) {
  federal();
  generated_country();
  school("edge_none", "a/m");  // no results at all
  school("edge_new", "b/m");   // results this year only
  work("edge_new", 2023, "ВПР", 5, "Математика", 12, 1);
  work("edge_new", 2023, "ОГЭ", 9, "Математика", 25, 2);
  school("edge_gone", "a/m");  // results the year before only, and the worst social context:
  work("edge_gone", 2022, "ВПР", 5, "Математика", 12, 1);  // flagged ШНСУ, so shown without `all`
  for (const char* indicator : {"low_income_share", "single_parent_share", "distance_km"})
    db_->prepare(
           "INSERT INTO observations(school, year, indicator, value) SELECT id, 2023, ?, 1000 "
           "FROM schools WHERE login = 'edge_gone'")
        .bind_all(indicator)
        .run();
  school("edge_low", "b/m");  // ШНОР: two failing works two years running
  for (int year : {2022, 2023})
    for (const char* subject : {"Математика", "Русский язык"})
      work("edge_low", year, "ВПР", 5, subject, 20, 10);
  // The rules whose batch form has an explain (not evaluate's fallback), and the start of the
  // text of each of their branches.
  const std::map<std::string, std::vector<std::string>> branches = {
      {"low_results", {"2023 г.: работ с долей «2» не менее 30,0% (от 10 участников): 0 из",
                       "те же работы в 2022 и 2023 гг.: нет", "те же работы в 2022 и 2023 гг.: ВПР"}},
      {"risk_zone", {"школа отнесена к ШНОР", "нет результатов за 2023 г.",
                     "2023 г.: работ с долей «2» не менее 30,0%: 0;",
                     "2023 г.: работ с долей «2» не менее 30,0%: 1;"}},
      {"negative_dynamics", {"нет результатов за 2022 и 2023 гг.", "изменение +", "изменение -"}},
      {"bias_vpr_exam_gap", {"нет сопоставимых результатов ВПР и ОГЭ за 2023 г.",
                             "средняя отметка ВПР"}},
  };
  for (bool all : {true, false}) {
    auto batched = run(2023, true, all);
    auto per_school = run(2023, false, true);
    ASSERT_TRUE(batched.complete()) << describe_failures(batched, *data_);
    ASSERT_TRUE(per_school.complete()) << describe_failures(per_school, *data_);
    std::map<std::pair<SchoolIndex, std::string>, std::string> expected;
    for (const auto& s : per_school.schools)
      for (const auto& v : s.verdicts) expected[{s.school, v.criterion}] = v.verdict.explanation;
    std::map<std::string, std::set<std::string>> seen;  // criterion -> branches met
    int compared = 0;
    for (const auto& s : batched.schools)
      for (const auto& v : s.verdicts) {
        const auto& text = v.verdict.explanation;
        // Without `all`, only the flagged schools' verdicts are explained (all of them).
        if (!all && s.categories.empty()) continue;
        ASSERT_EQ(text, expected.at({s.school, v.criterion}))
            << v.criterion << ", " << login(s.school) << (all ? "" : " (только отобранные)");
        ++compared;
        if (auto b = branches.find(v.criterion); b != branches.end())
          for (const auto& start : b->second)
            if (text.find(start) != std::string::npos) seen[v.criterion].insert(start);
      }
    EXPECT_GT(compared, 300);
    for (const auto& [criterion, starts] : branches)
      for (const auto& start : starts)
        EXPECT_TRUE(seen[criterion].contains(start))
            << criterion << ": no school reaches the branch «" << start << "»"
            << (all ? "" : " among the flagged");
  }
}

// results.num / results.percent write every figure of the explanations: "%.Nf" with a decimal
// comma, for negative numbers, rounding edges, every number of digits and the default (1).
// The expected text is C's own "%.Nf" with the point replaced.
TEST_F(BatchForms, ResultsNumWritesPrintfFiguresWithADecimalComma) {
  federal();
  const std::vector<double> cases = {0,     1,      -1,   0.5,   -0.04, -0.05,  43.33,  0.4,
                                     1e6,   -123.456, 2.5, 0.125, 1.0 / 3, -2.0 / 3, 99.95, 1e-9,
                                     -1e-9, 3.14159265358979, 1e20, -7.5};
  std::string lua_cases;
  for (double x : cases) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g, ", x);
    lua_cases += buf;
  }
  fs::create_directories(dir_ / "scripts" / "a");
  std::ofstream(dir_ / "scripts" / "a" / "package.lua") << R"(
package { name = "Регион А", level = "region" }
local results = require "federal.lib.results"
local cases = { )" + lua_cases + R"( }
criterion { id = "numbers", title = "Числа", category = "low_results",
  evaluate = function()
    local out = {}
    for _, x in ipairs(cases) do
      for d = 0, 3 do out[#out + 1] = results.num(x, d) end
      out[#out + 1] = results.num(x)
      out[#out + 1] = results.percent(x)
    end
    out[#out + 1] = results.num(nil)
    out[#out + 1] = results.percent(nil)
    -- A run's constants: one text per owner table and key, each owner its own.
    local a, b = {}, {}
    out[#out + 1] = results.fixed(a, "x", 0.25) .. "|" .. results.fixed(b, "x", 0.5, 2) .. "|" ..
                    results.fixed(a, "y", 0.125, 3) .. "|" .. results.fixed(a, "x", 0.25)
    return false, 0, table.concat(out, " ")
  end }
)";
  school("s", "a/m");
  auto comma = [](const char* format, double x) {
    char buf[128];
    std::snprintf(buf, sizeof buf, format, x);
    std::string text = buf;
    for (auto& c : text)
      if (c == '.') c = ',';
    return text;
  };
  std::string expected;
  for (double x : cases) {
    for (const char* f : {"%.0f", "%.1f", "%.2f", "%.3f", "%.1f"}) expected += comma(f, x) + " ";
    expected += comma("%.1f", x * 100) + "% ";
  }
  expected += "0,0 0,0% 25,0%|0,50|0,125|25,0%";
  auto id = run(2023, true);
  ASSERT_TRUE(id.complete()) << describe_failures(id, *data_);
  std::string text;
  for (const auto& s : id.schools)
    for (const auto& v : s.verdicts)
      if (v.criterion == "numbers") text = v.verdict.explanation;
  EXPECT_EQ(text, expected);
  EXPECT_NE(text.find(" -0 -0,0 -0,04 -0,040 "), std::string::npos) << text;  // -0.04 as printf
}

TEST_F(BatchForms, ExplanationsAreBuiltOnlyForFlaggedSchoolsUnlessAskedForAll) {
  federal();
  generated_country();
  auto all = run(2023, true, true);
  auto flagged = run(2023, true, false);
  ASSERT_EQ(all.schools.size(), flagged.schools.size());
  int without = 0;
  for (std::size_t i = 0; i < all.schools.size(); ++i) {
    const auto& a = all.schools[i];
    const auto& f = flagged.schools[i];
    ASSERT_EQ(a.categories, f.categories);
    ASSERT_EQ(a.verdicts.size(), f.verdicts.size());
    for (std::size_t k = 0; k < a.verdicts.size(); ++k) {
      EXPECT_EQ(a.verdicts[k].verdict.flagged, f.verdicts[k].verdict.flagged);
      EXPECT_EQ(a.verdicts[k].verdict.score, f.verdicts[k].verdict.score);
      EXPECT_FALSE(a.verdicts[k].verdict.explanation.empty()) << login(a.school);
      if (!a.categories.empty())
        // A flagged school shows every verdict, so every one is explained.
        EXPECT_EQ(a.verdicts[k].verdict.explanation, f.verdicts[k].verdict.explanation);
      else if (f.verdicts[k].verdict.explanation.empty())
        ++without;
    }
  }
  EXPECT_GT(without, 100);  // the batch rules' verdicts of unflagged schools were not explained
}

// A batch-only criterion (evaluate_all + explain): explain is asked only for the shown schools
// (`picky` refuses an unflagged one), and judged school by school it goes through its batch.
TEST_F(BatchForms, BatchOnlyCriterionAndExplainOnlyWhereShown) {
  package(R"(
package { name = "РФ", level = "federal" }
category { code = "low", title = "Низкие" }
local function twos(run)
  local m2 = run:works{ year = run.year }:sum("m2")
  local flags = {}
  for i = 1, #m2 do flags[i] = m2[i] >= 5 end
  return flags, m2
end
criterion { id = "picky", title = "Много двоек", category = "low",
  evaluate_all = twos,
  explain = function(school, p, _, run)
    local a = school:aggregate{ year = run.year }
    if a.m2 < 5 then error("пояснение для неотобранной школы") end
    return "двоек: " .. a.m2
  end }
criterion { id = "plain", title = "Много двоек", category = "low",
  evaluate_all = twos,
  explain = function(school, p, _, run) return "двоек: " .. school:aggregate{ year = run.year }.m2 end }
)");
  for (int i = 0; i < 6; ++i) {
    auto l = "s" + std::to_string(i);
    school(l, i % 2 ? "a/m" : "b/m");
    work(l, 2023, "ВПР", 5, "Математика", 20, 2 * i);
  }
  auto verdicts = [&](const Identification& id, const std::string& criterion) {
    std::map<std::string, std::string> out;
    for (const auto& s : id.schools)
      for (const auto& v : s.verdicts)
        if (v.criterion == criterion)
          out[login(s.school)] = (v.verdict.flagged ? "да " : "нет ") +
                                 std::to_string(int(v.verdict.score)) + " " + v.verdict.explanation;
    return out;
  };
  auto id = run(2023, true, false);
  ASSERT_TRUE(id.complete()) << describe_failures(id, *data_);
  EXPECT_EQ(verdicts(id, "picky"), (std::map<std::string, std::string>{{"s0", "нет 0 "},
                                                                     {"s1", "нет 2 "},
                                                                     {"s2", "нет 4 "},
                                                                     {"s3", "да 6 двоек: 6"},
                                                                     {"s4", "да 8 двоек: 8"},
                                                                     {"s5", "да 10 двоек: 10"}}));
  EXPECT_FALSE(run(2023, true, true).complete());  // asked for all, explain refuses s0
  auto all = run(2023, true, true);
  auto per_school = run(2023, false, true);  // batch-only: judged through its batch
  EXPECT_EQ(verdicts(per_school, "plain"), verdicts(all, "plain"));
  EXPECT_EQ(verdicts(per_school, "plain").at("s2"), "нет 4 двоек: 4");
}

TEST_F(BatchForms, MalformedBatchResultsAreTheCriterionsNamedFailure) {
  package(R"(
package { name = "РФ", level = "federal" }
category { code = "low", title = "Низкие" }
criterion { id = "short", title = "Короткий", category = "low",
  evaluate_all = function(run) return { true } end,
  explain = function() return "" end }
criterion { id = "not_boolean", title = "Не логический", category = "low",
  evaluate_all = function(run)
    local f = {}
    for i = 1, #run:schools() do f[i] = 1 end
    return f
  end,
  explain = function() return "" end }
criterion { id = "bad_score", title = "Плохой балл", category = "low",
  evaluate_all = function(run)
    local f, s = {}, {}
    for i = 1, #run:schools() do f[i], s[i] = false, "много" end
    return f, s
  end,
  explain = function() return "" end }
)");
  for (int i = 0; i < 3; ++i) school("s" + std::to_string(i), "a/m");
  auto id = run(2023, true);
  std::map<std::string, std::string> errors;
  for (const auto& f : id.failures) errors[f.criterion] = f.error;
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_NE(errors["short"].find("evaluate_all вернул 1 отметок, а школ в запуске 3"),
            std::string::npos)
      << errors["short"];
  EXPECT_NE(errors["not_boolean"].find("отметка школы №1 должна быть true или false"),
            std::string::npos)
      << errors["not_boolean"];
  EXPECT_NE(errors["bad_score"].find("балл школы №1 должен быть числом"), std::string::npos)
      << errors["bad_score"];
  EXPECT_NE(errors["short"].find("package.lua"), std::string::npos) << errors["short"];
}

TEST_F(BatchForms, ACriterionNeedsAPerSchoolOrBatchFormAndAnExplanation) {
  package(R"(
package { name = "РФ", level = "federal" }
category { code = "low", title = "Низкие" }
criterion { id = "nothing", title = "Ничего", category = "low" }
)");
  auto errors_of = [&] {
    Catalog catalog;
    auto engine = LuaEngine::create();
    std::string all;
    for (const auto& e : engine->load_tree(dir_ / "scripts", catalog)) all += e + "\n";
    return all;
  };
  auto errors = errors_of();
  EXPECT_NE(errors.find("package.lua:4: пакет federal не загружен: критерий nothing: нет функции "
                        "evaluate (по одной школе) или evaluate_all"),
            std::string::npos)
      << errors;
  package(R"(
package { name = "РФ", level = "federal" }
category { code = "low", title = "Низкие" }
criterion { id = "unexplained", title = "Без пояснений", category = "low",
  evaluate_all = function(run) return {} end }
)");
  errors = errors_of();
  EXPECT_NE(errors.find("критерий unexplained: evaluate_all без evaluate: нужна функция explain"),
            std::string::npos)
      << errors;
}

// run:works and its methods, with known answers: two schools, a list of procedures, the same
// work in two years, sums per school aligned with run:schools().
TEST_F(BatchForms, RunWorksGivesColumnsAlignedWithTheRunsSchools) {
  package(R"(
package { name = "РФ", level = "federal" }
category { code = "low", title = "Низкие" }
local result
criterion { id = "probe", title = "Проба", category = "low",
  evaluate_all = function(run)
    local now = run:works{ year = 2023, procedure = { "ВПР", "ОГЭ", "нет такой" }, min_share2 = 0.3 }
    local before = run:works{ year = 2022, procedure = { "ВПР", "ОГЭ" }, min_share2 = 0.3 }
    local n, same = now:count(), now:same_works(before):count()
    local m2 = run:works{ year = 2023, procedure = "ВПР" }:sum("m2")
    local p = run:works{ year = 2023 }:sum("participants")
    local none = run:works{ year = 2023, procedure = { "нет такой" } }
    local flags, scores = {}, {}
    for i, s in ipairs(run:schools()) do
      flags[i] = n[i] > 0
      scores[i] = n[i] * 1000 + same[i] * 100 + m2[i] + p[i] / 1000
    end
    result = tostring(now) .. " " .. #before .. " " .. #none
    return flags, scores
  end,
  explain = function() return result end }
)");
  school("x", "a/m");
  school("y", "a/m");
  school("z", "a/m");
  work("x", 2023, "ВПР", 5, "Математика", 10, 3);   // failing, failing the year before too
  work("x", 2022, "ВПР", 5, "Математика", 10, 4);
  work("x", 2023, "ОГЭ", 9, "Математика", 10, 5);   // failing, not the year before
  work("x", 2023, "ЕГЭ", 11, "Математика", 10, 9);  // not a listed procedure
  work("y", 2023, "ВПР", 5, "Русский язык", 20, 2);  // not failing
  work("y", 2022, "ВПР", 5, "Русский язык", 20, 8);
  auto id = run(2023, true);
  ASSERT_TRUE(id.complete()) << describe_failures(id, *data_);
  std::map<std::string, double> score;
  for (const auto& s : id.schools) score[login(s.school)] = s.verdicts.at(0).verdict.score;
  EXPECT_DOUBLE_EQ(score["x"], 2 * 1000 + 1 * 100 + 3 + 0.030);
  EXPECT_DOUBLE_EQ(score["y"], 0 + 0 + 2 + 0.020);
  EXPECT_DOUBLE_EQ(score["z"], 0);
  EXPECT_EQ(id.schools.at(0).verdicts.at(0).verdict.explanation, "работы (2) 2 0");
}

}  // namespace
}  // namespace opora::host
