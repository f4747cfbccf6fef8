// Issue 8, sections 2 and 7: what a package can get wrong at the boundary with the host, and
// what `check` must catch before a later command fails. Each test is one example of the issue.
#include <gtest/gtest.h>

#include <algorithm>

#include "fake_dataset.hpp"
#include "lua/engine.hpp"
#include "util/target.hpp"

using namespace opora;
using namespace opora::host;
using opora::test::temp_tree;
using opora::test::work;
using opora::test::write_file;

namespace {

const char* kFederal = R"lua(package { name = "РФ", level = "federal" }
category { code = "low_results", title = "ШНОР" }
criterion {
  id = "low_results", title = "ШНОР", category = "low_results",
  params = { fail_share = 0.30, min_works = 2 },
  evaluate = function(school, p) return false, 0, "" end,
}
indicator_type { id = "count_done", title = "Число", args = { activity = "", mode = "all" },
  compute = function(ctx, a) return tonumber(a.activity) or 0, 1, a.activity .. "/" .. a.mode end }
)lua";

bool has(const std::vector<std::string>& errors, const std::string& s) {
  return std::any_of(errors.begin(), errors.end(),
                     [&](const std::string& e) { return e.find(s) != std::string::npos; });
}

std::string all(const std::vector<std::string>& errors) {
  std::string out;
  for (const auto& e : errors) out += e + "\n";
  return out;
}

struct Boundary : ::testing::Test {
  std::filesystem::path root = temp_tree("boundary");
  std::shared_ptr<LuaEngine> engine = LuaEngine::create();
  Catalog catalog;

  void federal(const std::string& extra = "") { write_file(root, "federal/package.lua", kFederal + extra); }
  std::vector<std::string> load() { return engine->load_tree(root, catalog); }
  std::vector<std::string> check() { return LuaEngine::create()->check_tree(root); }
};

// ---- Section 2: isolation -------------------------------------------------------------------

TEST_F(Boundary, PackageLuaSymlinkedOutOfTheTreeIsNotRun) {
  federal();
  auto outside = root.parent_path() / "outside.lua";
  std::ofstream(outside) << "package { name = 'Ч', level = 'region' }\n"
                            "criterion { id = 'evil', title = 'x', category = 'low_results', "
                            "evaluate = function() return true end }\n";
  std::filesystem::create_directories(root / "chelyabinsk");
  std::filesystem::create_symlink(outside, root / "chelyabinsk" / "package.lua");
  auto errors = load();
  ASSERT_EQ(errors.size(), 1u) << all(errors);
  EXPECT_TRUE(has(errors, "scripts/chelyabinsk/package.lua: пакет chelyabinsk не загружен: "
                          "package.lua ведёт за пределы дерева скриптов"))
      << all(errors);
  for (const auto& c : catalog.criteria()) EXPECT_NE(c.item->id(), "evil");
  EXPECT_TRUE(has(check(), "package.lua ведёт за пределы дерева скриптов"));
}

TEST_F(Boundary, LoadChunkNameCannotImpersonateAFileOfTheTree) {
  federal();
  write_file(root, "chelyabinsk/package.lua",
             "package { name = 'Ч', level = 'region' }\n"
             "local f = load('\\n\\nerror(\"чужая вина\")', '@scripts/federal/criteria.lua')\n"
             "f()\n");
  auto errors = load();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].find("scripts/federal/criteria.lua:"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("(load \"scripts/federal/criteria.lua\")"), std::string::npos)
      << errors[0];
  EXPECT_EQ(errors[0].rfind("scripts/chelyabinsk/package.lua: ", 0), 0u) << errors[0];
  // "=" names are shown verbatim by Lua: they are wrapped too, and so is a long name that Lua
  // would otherwise cut right after ".lua".
  for (const char* name : {"=scripts/federal/criteria.lua",
                           "@scripts/federal/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/x.lua:9:"}) {
    auto err = engine->run_string(std::string("assert(load('error(\"x\")', '") + name + "'))()",
                                  "region.lua");
    EXPECT_EQ(err.find("scripts/federal/"), err.find("(load \"scripts/federal/") + 7) << err;
    EXPECT_EQ(err.rfind("(load \"", 0), 0u) << err;
  }
}

TEST_F(Boundary, DeclaredLevelMustAgreeWithTheFolder) {
  federal();
  write_file(root, "chelyabinsk/package.lua", "package { name = 'Ч', level = 'region' }");
  write_file(root, "chelyabinsk/chebarkul/package.lua",
             "package { name = 'Чебаркуль', level = 'federal' }");
  auto errors = load();
  ASSERT_EQ(errors.size(), 1u) << all(errors);
  EXPECT_TRUE(has(errors, "scripts/chelyabinsk/chebarkul/package.lua:1: пакет chelyabinsk/chebarkul "
                          "не загружен: package: поле «level» = «federal», но папка "
                          "chelyabinsk/chebarkul — это уровень «municipality»"))
      << all(errors);
  for (const auto& p : engine->packages()) EXPECT_NE(p.territory, "chelyabinsk/chebarkul");
  EXPECT_TRUE(has(check(), "package.lua:1: package: поле «level» = «federal»"));
  write_file(root, "chelyabinsk/package.lua", "package { name = 'Ч', level = 'municipality' }");
  EXPECT_TRUE(has(check(), "но папка chelyabinsk — это уровень «region»"));
  EXPECT_EQ(level_of_territory("federal"), "federal");
  EXPECT_EQ(level_of_territory("tver"), "region");
  EXPECT_EQ(level_of_territory("tver/rzhev"), "municipality");
}

TEST_F(Boundary, NanOrInfiniteScoreIsAnErrorNamingTheCriterion) {
  test::FakeDataset data;
  data.schools.push_back({"sch01", "СОШ №1", "r/m", "r", 300, {work(2023, 0, 5, 0, 4, 3, 2, 1)}, {}});
  std::vector<SchoolIndex> population{0};
  write_file(root, "federal/package.lua",
             "package { name = 'РФ', level = 'federal' }\n"
             "criterion { id = 'nan_score', title = 'x', category = 'low_results',\n"
             "  evaluate = function() return true, 0/0, '' end }\n"
             "criterion { id = 'inf_score', title = 'x', category = 'low_results',\n"
             "  evaluate = function() return { flagged = true, score = math.huge } end }\n");
  ASSERT_TRUE(load().empty());
  for (const auto& e : catalog.criteria()) {
    auto run = e.item->start(RunContext{data, 2023, "r", population}, e.item->defaults());
    try {
      run->evaluate(0);
      FAIL() << e.item->id() << ": no error";
    } catch (const std::runtime_error& ex) {
      std::string m = ex.what();
      EXPECT_NE(m.find("критерий " + e.item->id() + ": evaluate вернул score: нужно конечное "
                       "число, получено " + (e.item->id() == "nan_score" ? "nan" : "inf")),
                std::string::npos)
          << m;
    }
  }
}

class NoContext final : public IndicatorContext {
 public:
  explicit NoContext(const Dataset& d) : d_(d) {}
  const Dataset& data() const override { return d_; }
  std::string_view territory() const override { return "r"; }
  int year() const override { return 2023; }
  std::string_view as_of() const override { return "2023-03-31"; }
  std::vector<SchoolIndex> identified(std::string_view) const override { return {}; }
  std::vector<OccurrenceState> occurrences(std::string_view) const override { return {}; }
  std::vector<SchoolIndex> participant_schools(std::string_view) const override { return {}; }
  int participant_people(std::string_view, std::string_view) const override { return 0; }
  std::optional<double> observation(std::string_view) const override { return std::nullopt; }

 private:
  const Dataset& d_;
};

TEST_F(Boundary, NanOrInfiniteIndicatorValueIsAnErrorNamingTheIndicator) {
  write_file(root, "federal/package.lua",
             "package { name = 'РФ', level = 'federal' }\n"
             "indicator { id = 'nan_value', title = 'x', unit = 'count',\n"
             "  compute = function() return 0/0, 1 end }\n"
             "indicator { id = 'inf_value', title = 'x', unit = 'count',\n"
             "  compute = function() return 1, -math.huge end }\n"
             "indicator { id = 'overflow', title = 'x', unit = 'count',\n"
             "  compute = function() return 1e300, 1e-300 end }\n");
  ASSERT_TRUE(load().empty());
  test::FakeDataset data;
  NoContext ctx(data);
  auto eff = catalog.effective("federal");
  for (const char* id : {"nan_value", "inf_value", "overflow"}) {
    try {
      eff.indicator_type(id)->compute(ctx, Params{});
      FAIL() << id << ": no error";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("показатель ") + id + ": "),
                std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find("конечн"), std::string::npos) << e.what();
    }
  }
}

TEST_F(Boundary, RoadmapYearOutOfRangeOrNanIsAnErrorNamingTheRoadmap) {
  for (const char* year : {"1e300", "0/0", "-1e300", "2023.5", "math.huge"}) {
    federal();
    write_file(root, "r/package.lua",
               std::string("package { name = 'Р', level = 'region' }\n"
                           "roadmap { id = 'plan', title = 'План', year = ") +
                   year + ", activities = { { number = '1', title = 'Совещание' } } }\n");
    Catalog c;
    auto errors = LuaEngine::create()->load_tree(root, c);
    ASSERT_EQ(errors.size(), 1u) << year;
    EXPECT_NE(errors[0].find("scripts/r/package.lua:2: пакет r не загружен: дорожная карта plan: "
                             "поле «year»: нужно целое число от 1900 до 2200"),
              std::string::npos)
        << errors[0];
    EXPECT_TRUE(c.effective("r").roadmaps.empty());
    EXPECT_TRUE(has(check(), "дорожная карта plan: поле «year»")) << year;
  }
}

TEST_F(Boundary, TargetOf400DigitsIsAnErrorNamingTheIndicator) {
  federal("indicator { id = 'huge_target', title = 'x', unit = 'count', type = 'count_done',\n"
          "  target = 'не менее " + std::string(400, '9') + "' }\n");
  auto errors = load();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("показатель huge_target: поле «target»: цель"), std::string::npos)
      << errors[0];
  EXPECT_EQ(errors[0].find("stod"), std::string::npos);
  EXPECT_TRUE(has(check(), "показатель huge_target: поле «target»"));
  // The one parser: no exception, no target, the reason given.
  std::string why;
  EXPECT_FALSE(parse_target("не менее " + std::string(400, '9'), &why));
  EXPECT_FALSE(why.empty());
  EXPECT_FALSE(parse_target("по плану", &why).has_value());
  EXPECT_DOUBLE_EQ(parse_target("не менее 80,5 %")->value, 80.5);
}

TEST_F(Boundary, NonFiniteParameterIsRefused) {
  federal("criterion { id = 'p', title = 'x', category = 'low_results', params = { share = 0/0 },\n"
          "  evaluate = function() return false end }\n");
  EXPECT_TRUE(has(load(), "критерий p: параметр «share»: нужно конечное число, получено"));
}

TEST_F(Boundary, FilterNumbersAreCheckedBeforeConversion) {
  test::FakeDataset data;
  data.schools.push_back({"sch01", "СОШ №1", "r/m", "r", 300, {work(2023, 0, 5, 0, 4, 3, 2, 1)}, {}});
  std::vector<SchoolIndex> population{0};
  write_file(root, "federal/package.lua",
             "package { name = 'РФ', level = 'federal' }\n"
             "criterion { id = 'f', title = 'x', category = 'low_results',\n"
             "  params = { year = 0 },\n"
             "  evaluate = function(s, p)\n"
             "    local years = { 1e300, 0/0, -math.huge }\n"
             "    return s:count_works{ year = years[p.year] } > 0 end }\n"
             "criterion { id = 'typo', title = 'x', category = 'low_results',\n"
             "  evaluate = function(s) return s:count_works{ yaer = 2023 } > 0 end }\n");
  ASSERT_TRUE(load().empty());
  for (int i = 1; i <= 3; ++i) {
    Params p;
    p.set("year", double(i));
    auto run = catalog.criteria()[0].item->start(RunContext{data, 2023, "r", population}, p);
    try {
      run->evaluate(0);
      FAIL() << "no error";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("критерий f: school:count_works: нужно целое число"),
                std::string::npos)
          << e.what();
    }
  }
  auto run = catalog.criteria()[1].item->start(RunContext{data, 2023, "r", population}, {});
  try {
    run->evaluate(0);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("неизвестное поле фильтра «yaer»"), std::string::npos)
        << e.what();
  }
}

// ---- Section 7: check catches what would fail later ------------------------------------------

TEST_F(Boundary, ConfigureOnAnIndicatorOrItsTypeReachesTheArguments) {
  federal("indicator { id = 'seminars', title = 'Семинары', unit = 'count', type = 'count_done',\n"
          "  args = { activity = '3' } }\n");
  write_file(root, "r/package.lua",
             "package { name = 'Р', level = 'region' }\n"
             "configure { seminars = { activity = '4' }, count_done = { mode = 'done' } }\n");
  ASSERT_TRUE(load().empty());
  test::FakeDataset data;
  NoContext ctx(data);
  auto region = catalog.effective("r");
  ASSERT_EQ(region.indicators.size(), 1u);
  auto args = region.args_for(region.indicators[0]);
  EXPECT_EQ(args.text("activity"), "4");
  EXPECT_EQ(args.text("mode"), "done");
  auto v = region.indicator_type("count_done")->compute(ctx, args);
  EXPECT_EQ(v.explanation, "4/done");
  // Another region keeps the declared arguments.
  auto federal = catalog.effective("federal");
  EXPECT_EQ(federal.args_for(federal.indicators[0]).text("activity"), "3");
  EXPECT_FALSE(federal.args_for(federal.indicators[0]).has("mode"));
}

TEST_F(Boundary, MisspelledActivityFieldIsAnErrorNotAColumn) {
  federal();
  write_file(root, "r/package.lua",
             "package { name = 'Р', level = 'region' }\n"
             "roadmap { id = 'plan', title = 'План', year = 2023, activities = {\n"
             "  { number = '1', title = 'Совещание', dedline = 'март' },\n"
             "  { number = '2', title = 'Семинар', columns = { ['Выходной документ'] = 'Протокол' } },\n"
             "} }\n");
  auto errors = load();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("дорожная карта plan: мероприятие 1: неизвестное поле «dedline» "
                           "(может быть, «deadline»?)"),
            std::string::npos)
      << errors[0];
  EXPECT_TRUE(catalog.effective("r").roadmaps.empty());
  // Named at the line that wrote it, not the roadmap's first line.
  EXPECT_TRUE(has(check(), "scripts/r/package.lua:3: дорожная карта plan: мероприятие 1: "
                           "неизвестное поле «dedline»"));
  EXPECT_EQ(errors[0].rfind("scripts/r/package.lua:3: ", 0), 0u) << errors[0];
}

TEST_F(Boundary, UnknownFieldsAreRefusedByLoadingToo) {
  federal("criterion { id = 'b', title = 'B', category = 'low_results',\n"
          "  [\"titel\"] = 'B', evaluate = function() return false end }\n");
  auto errors = load();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("scripts/federal/package.lua:11: пакет federal не загружен: критерий b: "
                           "неизвестное поле «titel» (может быть, «title»?)"),
            std::string::npos)
      << errors[0];
}

TEST_F(Boundary, IndicatorOnAMissingActivityIsACheckError) {
  federal();
  write_file(root, "r/package.lua",
             "package { name = 'Р', level = 'region' }\n"
             "indicator { id = 'ghost', title = 'x', unit = 'percent', type = 'count_done',\n"
             "  args = { activity = '99' } }\n"
             "indicator { id = 'real', title = 'x', unit = 'count', type = 'count_done',\n"
             "  args = { activity = '5' } }\n");
  write_file(root, "r/m/package.lua",
             "package { name = 'М', level = 'municipality' }\n"
             "roadmap { id = 'plan', title = 'План', year = 2023,\n"
             "  activities = { { number = '5', title = 'Семинар' } } }\n");
  auto errors = check();
  EXPECT_TRUE(has(errors, "scripts/r/package.lua:2: показатель ghost: нет мероприятия с номером «99»"))
      << all(errors);
  EXPECT_FALSE(has(errors, "«5»")) << all(errors);
  EXPECT_EQ(errors.size(), 1u) << all(errors);
}

TEST_F(Boundary, ConfigureParameterOfTheWrongTypeIsACheckErrorAtItsLine) {
  federal();
  write_file(root, "r/package.lua",
             "package { name = 'Р', level = 'region' }\n"
             "\n"
             "configure { low_results = { fail_share = \"0,25\" } }\n"
             "configure { low_results = { fail_shar = 0.25 }, count_done = { activity = 7 } }\n");
  auto errors = check();
  EXPECT_TRUE(has(errors, "scripts/r/package.lua:3: configure: параметр «fail_share» критерия "
                          "low_results — число (по умолчанию 0.3), а задано: строка «0,25»"))
      << all(errors);
  EXPECT_TRUE(has(errors, "scripts/r/package.lua:4: configure: у критерия low_results нет "
                          "параметра «fail_shar» (есть: fail_share, min_works)"))
      << all(errors);
  EXPECT_TRUE(has(errors, "параметр «activity» типа показателя count_done — строка"))
      << all(errors);
  EXPECT_EQ(errors.size(), 3u) << all(errors);
}

TEST_F(Boundary, LuaRuntimeMessagesGetARussianLeadIn) {
  federal();
  write_file(root, "r/package.lua", "package { name = 'Р', level = 'region' }\nlocal x = nil + 1\n");
  auto errors = load();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("scripts/r/package.lua:2: пакет r не загружен: ошибка Lua — "
                           "арифметическое действие с несуществующим значением (nil): attempt to "
                           "perform arithmetic on a nil value"),
            std::string::npos)
      << errors[0];
  write_file(root, "r/package.lua", "package { name = 'Р', level = 'region' }\nlocal x = = 1\n");
  errors = LuaEngine::create()->load_tree(root, catalog);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("пакет r не загружен: синтаксическая ошибка Lua: unexpected symbol"),
            std::string::npos)
      << errors[0];
  // Russian messages stay as they are.
  write_file(root, "r/package.lua", "package { name = 'Р', level = 'region' }\nerror('своя ошибка')\n");
  errors = LuaEngine::create()->load_tree(root, catalog);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("не загружен: своя ошибка"), std::string::npos) << errors[0];
}

TEST_F(Boundary, FailedRequireCanBeRetriedWithoutAFalseCycle) {
  federal();
  write_file(root, "r/bad.lua", "error('модуль сломан')\n");
  write_file(root, "r/package.lua",
             "package { name = 'Р', level = 'region' }\n"
             "assert(not pcall(require, 'bad'))\n"
             "require 'bad'\n");
  auto errors = load();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("scripts/r/bad.lua:1: пакет r не загружен: модуль сломан"),
            std::string::npos)
      << errors[0];
  EXPECT_EQ(errors[0].find("циклическ"), std::string::npos) << errors[0];
  // A real cycle is still one.
  write_file(root, "r/a.lua", "require 'b'\n");
  write_file(root, "r/b.lua", "require 'a'\n");
  write_file(root, "r/package.lua", "package { name = 'Р', level = 'region' }\nrequire 'a'\n");
  EXPECT_TRUE(has(LuaEngine::create()->load_tree(root, catalog),
                  "require \"a\": циклическая зависимость модулей"));
}

TEST_F(Boundary, DeeplyNestedModulesNameTheModule) {
  federal();
  const int depth = 300;
  for (int i = 0; i < depth; ++i)
    write_file(root, "r/m" + std::to_string(i) + ".lua",
               "require 'm" + std::to_string(i + 1) + "'\n");
  write_file(root, "r/m" + std::to_string(depth) + ".lua", "return true\n");
  write_file(root, "r/package.lua", "package { name = 'Р', level = 'region' }\nrequire 'm0'\n");
  auto errors = load();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("require \"m40\": слишком глубокая вложенность модулей"),
            std::string::npos)
      << errors[0];
  EXPECT_EQ(errors[0].find("C stack overflow"), std::string::npos) << errors[0];
  EXPECT_EQ(engine->run_string("return 1", "after.lua"), "");
}

}  // namespace
