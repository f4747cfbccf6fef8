// opora test's runner: a case's fixture goes through the importers into an in-memory store, is
// identified with the territory's effective rules and compared with what it expects.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/rule_tests.hpp"

namespace fs = std::filesystem;
using namespace opora::host;

namespace {

struct Tree {
  fs::path root;
  Catalog catalog;
  std::shared_ptr<LuaEngine> engine = LuaEngine::create();
  std::vector<RuleTestTerritory> territories;

  explicit Tree(const fs::path& r) : root(r) {
    auto errors = engine->load_tree(root, catalog);
    EXPECT_TRUE(errors.empty()) << errors.front();
    for (const auto& p : engine->packages())
      territories.push_back({p.territory, p.name,
                             p.territory == "federal" ? ""
                             : p.territory.find('/') == std::string::npos
                                 ? "federal"
                                 : p.territory.substr(0, p.territory.rfind('/')),
                             p.level});
  }
  std::vector<RuleTestResult> run(const std::string& territory, const std::string& file) {
    auto sandbox = LuaEngine::create();
    return run_rule_test_file(catalog, *sandbox, root, {territory, root / territory / "tests" / file},
                              territories);
  }
};

// A copy of the shipped scripts tree in a temp folder, to change a rule in.
struct TreeCopy {
  fs::path root;
  TreeCopy() {
    root = fs::temp_directory_path() /
           ("opora-rule-tests-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(root);
    fs::create_directories(root);
    fs::copy(fs::path(OPORA_SOURCE_DIR) / "scripts", root / "scripts", fs::copy_options::recursive);
    root /= "scripts";
  }
  ~TreeCopy() { fs::remove_all(root.parent_path()); }
  void replace(const std::string& rel, const std::string& from, const std::string& to) {
    std::ifstream in(root / rel);
    std::stringstream s;
    s << in.rdbuf();
    auto text = s.str();
    auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    std::ofstream(root / rel) << text;
  }
};

TEST(RuleTests, FindsEachPackagesTestsOnly) {
  auto all = find_rule_tests(fs::path(OPORA_SOURCE_DIR) / "scripts");
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.front().territory, "federal");
  auto one = find_rule_tests(fs::path(OPORA_SOURCE_DIR) / "scripts", "chelyabinsk/chebarkul");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].path.filename(), "point_sum.lua");
}

TEST(RuleTests, ShippedChebarkulPointSumPasses) {
  Tree tree(fs::path(OPORA_SOURCE_DIR) / "scripts");
  auto results = tree.run("chelyabinsk/chebarkul", "point_sum.lua");
  ASSERT_EQ(results.size(), 3u);
  for (const auto& r : results) {
    EXPECT_TRUE(r.passed()) << r.name << ": " << (r.problems.empty() ? "" : r.problems[0]);
    EXPECT_NE(r.where.find("scripts/chelyabinsk/chebarkul/tests/point_sum.lua:"), std::string::npos);
  }
}

TEST(RuleTests, ShippedFederalAndRegionalParametersPass) {
  Tree tree(fs::path(OPORA_SOURCE_DIR) / "scripts");
  for (auto [t, f] : {std::pair{"federal", "low_results.lua"},
                      {"krasnodar/sochi", "routes.lua"},
                      {"irkutsk/zima", "low_results.lua"},
                      {"volgograd/serafimovich", "low_results.lua"}})
    for (const auto& r : tree.run(t, f))
      EXPECT_TRUE(r.passed()) << t << " " << r.name << ": " << r.problems.at(0);
}

TEST(RuleTests, ChangedThresholdFailsTheCasePinningIt) {
  TreeCopy copy;
  copy.replace("chelyabinsk/criteria.lua", "min_points = 40,", "min_points = 60,");
  Tree tree(copy.root);
  auto results = tree.run("chelyabinsk/chebarkul", "point_sum.lua");
  ASSERT_EQ(results.size(), 3u);
  EXPECT_FALSE(results[0].passed());
  EXPECT_EQ(results[0].name,
            "Чебаркуль: ШНСУ — школа с наибольшей суммой баллов (56), вторая (50) — нет");
  ASSERT_FALSE(results[0].problems.empty());
  EXPECT_NE(results[0].problems[0].find("школа s76 не отнесена к «social_risk»"), std::string::npos)
      << results[0].problems[0];
  EXPECT_TRUE(results[1].passed());
  EXPECT_TRUE(results[2].passed());
}

TEST(RuleTests, RegionalParameterChangeFailsTheMunicipalityCase) {
  TreeCopy copy;
  copy.replace("volgograd/criteria.lua", "min_participants = 8,", "min_participants = 10,");
  Tree tree(copy.root);
  auto results = tree.run("volgograd/serafimovich", "low_results.lua");
  ASSERT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].passed());
}

TEST(RuleTests, FixtureGoesThroughImportValidation) {
  TreeCopy copy;
  std::ofstream(copy.root / "federal" / "tests" / "bad_data.lua")
      << "case { name = 'плохие данные', territory = 'chelyabinsk', year = 2023,\n"
         "  schools = { { login = 'a' } },\n"
         "  results = { { login = 'a', procedure = 'НЕТ ТАКОЙ', year = 2023, grade = 4,\n"
         "    subject = 'Математика', participants = 20, m2 = 1, m3 = 19, m4 = 0, m5 = 0 },\n"
         "    { login = 'ghost', procedure = 'ВПР', year = 2023, grade = 4,\n"
         "    subject = 'Математика', participants = 20, m2 = 1, m3 = 19, m4 = 0, m5 = 0 } },\n"
         "  expect = { flagged = { low_results = { 'a' } } } }\n"
         "case { name = 'опечатки', territory = 'chelyabinsk', year = 2023,\n"
         "  schools = { { login = 'a' } }, colour = 1,\n"
         "  expect = { flagged = { low_resluts = { 'a' } }, not_flagged = { low_results = { 'b' } } } }\n";
  Tree tree(copy.root);
  auto results = tree.run("federal", "bad_data.lua");
  ASSERT_EQ(results.size(), 2u);
  ASSERT_FALSE(results[0].passed());
  std::string all;
  for (const auto& p : results[0].problems) all += p + "\n";
  EXPECT_NE(all.find("results.csv:2"), std::string::npos) << all;
  EXPECT_NE(all.find("results.csv:3"), std::string::npos) << all;
  EXPECT_EQ(all.find("opora-test-"), std::string::npos) << all;  // no temp paths shown
  EXPECT_EQ(results[0].where, "scripts/federal/tests/bad_data.lua:1");
  all.clear();
  for (const auto& p : results[1].problems) all += p + "\n";
  EXPECT_NE(all.find("неизвестное поле «colour»"), std::string::npos) << all;
  EXPECT_EQ(results[1].where, "scripts/federal/tests/bad_data.lua:8");
}

TEST(RuleTests, UnknownKeysAndLoginsFailTheCase) {
  TreeCopy copy;
  std::ofstream(copy.root / "federal" / "tests" / "typos.lua")
      << "case { name = 'опечатки', territory = 'chelyabinsk', year = 2023,\n"
         "  schools = { { login = 'a' } },\n"
         "  expect = { flagged = { low_resluts = { 'a' } }, not_flagged = { low_results = { 'b' } } } }\n";
  Tree tree(copy.root);
  auto results = tree.run("federal", "typos.lua");
  ASSERT_EQ(results.size(), 1u);
  std::string all;
  for (const auto& p : results[0].problems) all += p + "\n";
  EXPECT_NE(all.find("low_resluts: нет такой категории или критерия"), std::string::npos) << all;
  EXPECT_NE(all.find("школы b нет среди школ"), std::string::npos) << all;
}

}  // namespace
