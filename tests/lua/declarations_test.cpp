// Package trees: load order and override by id, configure{}, origins, a broken package skipped
// while the others load, and check_tree's validation.
#include <gtest/gtest.h>

#include <algorithm>

#include "fake_dataset.hpp"
#include "lua/engine.hpp"

using namespace opora;
using namespace opora::host;
using opora::test::temp_tree;
using opora::test::write_file;

namespace {

const char* kFederal = R"lua(package { name = "Российская Федерация", level = "federal" }
require "cats"
criterion {
  id = "low_results", title = "ШНОР (федеральный)", category = "low_results",
  params = { fail_share = 0.30, min_works = 2 },
  evaluate = function(school, p) return false, 0, "федеральный" end,
}
indicator_type { id = "count_done", title = "Число", args = { activity = "" },
  compute = function(ctx, a) return 1, 1 end }
)lua";

const char* kCats = R"lua(category { code = "low_results", title = "ШНОР" }
risk_factor { code = "low_motivation", title = "Низкая учебная мотивация" }
)lua";

const char* kRegion = R"lua(package { name = "Челябинская область", level = "region" }
configure { low_results = { fail_share = 0.25 } }
criterion {
  id = "prevention", title = "Профилактика", category = "low_results",
  evaluate = function() return true, 1, "региональный" end,
}
)lua";

const char* kMunicipality = R"lua(package { name = "Чебаркульский ГО", level = "municipality" }
criterion {
  id = "low_results", title = "ШНОР (муниципальный)", category = "low_results",
  evaluate = function() return true, 2, "муниципальный" end,
}
indicator { id = "seminars", title = "Число семинаров", unit = "count",
  type = "count_done", args = { activity = "1" }, target = "не менее 2" }
roadmap {
  id = "plan_2023", title = "План (карта) действий", year = 2023,
  order = { number = "28-п", date = "2023-02-06" },
  sections = {
    { title = "I. Организационный этап", activities = {
      { number = "1", title = "Совещание", deadline = "январь", responsible = "УО",
        indicator = "seminars", columns = { ["Выходной документ"] = "Протокол" } },
      { number = "14", title = "Семинар", scope = "school", category = "low_results" },
      { number = "14", title = "Повтор номера" },
    } },
  },
}
report { id = "monthly", title = "Отчёт", sections = { "header", "summary" } }
)lua";

struct Tree : ::testing::Test {
  std::filesystem::path root = temp_tree("decl");
  std::shared_ptr<LuaEngine> engine = LuaEngine::create();
  Catalog catalog;

  void write_standard() {
    write_file(root, "federal/package.lua", kFederal);
    write_file(root, "federal/cats.lua", kCats);
    write_file(root, "chelyabinsk/package.lua", kRegion);
    write_file(root, "chelyabinsk/chebarkul/package.lua", kMunicipality);
  }
};

TEST_F(Tree, DiscoversFederalFirstThenParentsBeforeChildren) {
  write_standard();
  write_file(root, "altai/package.lua", "package { name = 'Алтай', level = 'region' }");
  auto p = discover_packages(root);
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0].territory, "federal");
  EXPECT_EQ(p[1].territory, "altai");
  EXPECT_EQ(p[2].territory, "chelyabinsk");
  EXPECT_EQ(p[3].territory, "chelyabinsk/chebarkul");
  EXPECT_EQ(p[3].level, "municipality");
}

TEST_F(Tree, LoadsEveryLevelAndOverridesById) {
  write_standard();
  auto errors = engine->load_tree(root, catalog);
  ASSERT_TRUE(errors.empty()) << errors[0];
  ASSERT_EQ(engine->packages().size(), 3u);
  EXPECT_EQ(engine->packages()[1].name, "Челябинская область");

  auto eff = catalog.effective("chelyabinsk/chebarkul");
  ASSERT_EQ(eff.criteria.size(), 2u);
  EXPECT_EQ(eff.criteria[0].item->title(), "ШНОР (муниципальный)");
  EXPECT_EQ(eff.criteria[0].territory, "chelyabinsk/chebarkul");
  EXPECT_EQ(eff.criteria[0].origin.kind, "package");
  EXPECT_EQ(eff.criteria[0].origin.where, "scripts/chelyabinsk/chebarkul/package.lua:2");
  EXPECT_EQ(eff.criteria[1].item->id(), "prevention");
  ASSERT_EQ(eff.categories.size(), 1u);
  EXPECT_EQ(eff.categories[0].origin.where, "scripts/federal/cats.lua:1");
  ASSERT_EQ(eff.risk_factors.size(), 1u);

  // The region sees the federal criterion with its region's parameter override.
  auto region = catalog.effective("chelyabinsk");
  ASSERT_EQ(region.criteria[0].item->title(), "ШНОР (федеральный)");
  auto p = region.params_for(region.criteria[0]);
  EXPECT_DOUBLE_EQ(p.number("fail_share", 0), 0.25);
  EXPECT_DOUBLE_EQ(p.number("min_works", 0), 2);
  EXPECT_DOUBLE_EQ(catalog.effective("altai").params_for(region.criteria[0]).number("fail_share", 0),
                   0.30);
}

TEST_F(Tree, RoadmapIndicatorAndReportBecomeSdkData) {
  write_standard();
  ASSERT_TRUE(engine->load_tree(root, catalog).empty());
  auto eff = catalog.effective("chelyabinsk/chebarkul");
  ASSERT_EQ(eff.roadmaps.size(), 1u);
  const auto& r = *eff.roadmaps[0].item;
  EXPECT_EQ(r.order_number, "28-п");
  EXPECT_EQ(r.year, 2023);
  EXPECT_EQ(r.year_kind, "calendar");
  ASSERT_EQ(r.activities.size(), 3u);
  EXPECT_EQ(r.activities[0].section, "I. Организационный этап");
  EXPECT_EQ(r.activities[0].columns.at("Выходной документ"), "Протокол");
  EXPECT_EQ(r.activities[1].number, "14");
  EXPECT_EQ(r.activities[2].number, "14");
  EXPECT_EQ(r.activities[1].scope, "school");
  ASSERT_EQ(eff.indicators.size(), 1u);
  EXPECT_EQ(eff.indicators[0].item->target, "не менее 2");
  EXPECT_EQ(eff.indicators[0].item->args.text("activity"), "1");
  ASSERT_NE(eff.indicator_type("count_done"), nullptr);
  ASSERT_EQ(eff.reports.size(), 1u);
  EXPECT_EQ(eff.reports[0].item->sections.size(), 2u);
}

TEST_F(Tree, BrokenPackageIsReportedAndSkippedOthersLoad) {
  write_standard();
  write_file(root, "chelyabinsk/package.lua",
             "package { name = 'Челябинская область', level = 'region' }\n"
             "criterion { id = 'half', title = 'x', category = 'low_results', "
             "evaluate = function() end }\n"
             "local x = nil + 1\n");
  auto errors = engine->load_tree(root, catalog);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("scripts/chelyabinsk/package.lua:3: пакет chelyabinsk не загружен"),
            std::string::npos)
      << errors[0];
  auto eff = catalog.effective("chelyabinsk/chebarkul");
  for (const auto& c : eff.criteria) EXPECT_NE(c.item->id(), "half");  // nothing half-loaded
  EXPECT_EQ(eff.criteria.size(), 1u);
  EXPECT_EQ(engine->run_string("return 1", "after.lua"), "");
}

TEST_F(Tree, DeclarationErrorNamesFileLineAndItem) {
  write_standard();
  write_file(root, "chelyabinsk/package.lua",
             "package { name = 'Ч', level = 'region' }\n\ncriterion { id = 'no_eval', "
             "title = 'x', category = 'low_results' }\n");
  auto errors = engine->load_tree(root, catalog);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("scripts/chelyabinsk/package.lua:3: пакет chelyabinsk не загружен: "
                           "критерий no_eval: нет функции evaluate (по одной школе) "
                           "или evaluate_all (по всем школам сразу)"),
            std::string::npos)
      << errors[0];
}

TEST_F(Tree, PackagesDoNotSeeEachOthersGlobals) {
  write_file(root, "federal/package.lua", "package { name = 'РФ', level = 'federal' }\nsecret = 1");
  write_file(root, "region/package.lua",
             "package { name = 'Р', level = 'region' }\nassert(secret == nil, 'видно чужое')");
  EXPECT_TRUE(engine->load_tree(root, catalog).empty());
}

TEST_F(Tree, RequireFindsOwnFolderThenRoot) {
  write_file(root, "federal/package.lua", "package { name = 'РФ', level = 'federal' }");
  write_file(root, "federal/lib/util.lua", "return { who = 'root' }");
  write_file(root, "region/package.lua",
             "package { name = 'Р', level = 'region' }\n"
             "assert(require('lib.mine').who == 'own')\n"
             "assert(require('federal.lib.util').who == 'root')\n"
             "assert(require('lib.mine') == require('lib.mine'))\n");
  write_file(root, "region/lib/mine.lua", "return { who = 'own' }");
  auto errors = engine->load_tree(root, catalog);
  EXPECT_TRUE(errors.empty()) << errors[0];
}

TEST_F(Tree, CheckTreeAcceptsAGoodTree) {
  write_standard();
  auto errors = engine->check_tree(root);
  EXPECT_TRUE(errors.empty()) << errors[0];
  EXPECT_TRUE(catalog.criteria().empty());
}

TEST_F(Tree, CheckTreeReportsEveryProblem) {
  write_standard();
  write_file(root, "chelyabinsk/package.lua", R"lua(package { name = "Ч", level = "oblast" }
criterion { id = "a", title = "A", category = "no_such_category", evaluate = function() end }
criterion { id = "a", title = "A2", category = "low_results", evaluate = function() end,
            params = { weights = { 1, 2 } } }
indicator { id = "i", title = "I", unit = "percents", type = "no_such_type" }
configure { ghost = { x = 1 } }
criterion { id = "b", titel = "B", category = "low_results", evaluate = function() end }
)lua");
  auto errors = engine->check_tree(root);
  auto has = [&](const std::string& s) {
    return std::any_of(errors.begin(), errors.end(),
                       [&](const std::string& e) { return e.find(s) != std::string::npos; });
  };
  EXPECT_TRUE(has("package.lua:1: package: поле «level» = «oblast»"));
  EXPECT_TRUE(has("package.lua:2: критерий a: неизвестная категория «no_such_category»"));
  EXPECT_TRUE(has("package.lua:3: критерий a: повторный идентификатор «a»"));
  EXPECT_TRUE(has("параметр «weights» должен быть числом, строкой или логическим"));
  EXPECT_TRUE(has("package.lua:5: показатель i: поле «unit» = «percents»"));
  EXPECT_TRUE(has("показатель i: неизвестный тип показателя «no_such_type»"));
  EXPECT_TRUE(has("configure: нет критерия или показателя «ghost»"));
  EXPECT_TRUE(has("критерий b: неизвестное поле «titel»"));
  EXPECT_TRUE(has("критерий b: не задано обязательное поле «title»"));
  EXPECT_GE(errors.size(), 9u);
}

TEST_F(Tree, CheckTreeAcceptsPluginProvidedIds) {
  write_file(root, "federal/package.lua",
             "package { name = 'РФ', level = 'federal' }\n"
             "indicator { id = 'x', title = 'X', unit = 'count', type = 'fioko_objectivity' }");
  EXPECT_EQ(engine->check_tree(root).size(), 1u);
  EXPECT_TRUE(engine->check_tree(root, {"fioko_objectivity"}).empty());
}

}  // namespace
