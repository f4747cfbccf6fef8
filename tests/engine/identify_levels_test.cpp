// identify prepares a territory's rules once per level its package chain last declares
// anything at (issue 10): territories that declare nothing share their region's or the
// federal rules, and a configure{} of one municipality still gives only that municipality
// other parameters — its own item in the rule set, keyed by the municipality.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "engine/identify.hpp"
#include "worker_store_fixture.hpp"
#include "engine/runs.hpp"
#include "lua/engine.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"
#include "store/territory.hpp"

namespace opora::host::test {
namespace {

class IdentifyLevels : public WorkerStore {
 protected:
  void SetUp() override {
    open_store("opora-lvl");
    ensure_territory(*db_, "federal", "РФ", "", "federal", "package");
    ensure_territory(*db_, "r0", "Область 0", "federal", "region", "import");
    ensure_territory(*db_, "r1", "Область 1", "federal", "region", "import");
    for (auto m : {"r0/m1", "r0/m2", "r1/m3"})
      ensure_territory(*db_, m, "Район", std::string(m).substr(0, 2), "municipality", "import");
    // Each municipality has schools with 2, 4 and 6 "2"s: the federal rule (at least 3) flags
    // two of them, r0/m1's configure{} (at least 5) one.
    int id = 0;
    for (auto m : {"r0/m1", "r0/m2", "r1/m3"})
      for (int twos : {2, 4, 6}) {
        ++id;
        db_->prepare("INSERT INTO schools(id, login, name, territory) VALUES (?, ?, 'Школа', ?)")
            .bind_all(id, "s" + std::to_string(id), m)
            .run();
        db_->prepare("INSERT INTO results VALUES (?, 2022, 'ВПР', 5, 'Русский язык', 20, ?, 8, 6, "
                     "0, NULL)")
            .bind_all(id, twos)
            .run();
      }
    auto write = [&](const std::filesystem::path& rel, const std::string& text) {
      std::filesystem::create_directories((dir_ / "scripts" / rel).parent_path());
      std::ofstream(dir_ / "scripts" / rel) << text;
    };
    write("federal/package.lua", R"(
package { name = "РФ", level = "federal" }
category { code = "low", title = "Низкие" }
criterion { id = "many2", title = "Много двоек", category = "low",
  params = { at_least = 3 },
  evaluate = function(school, p, _, run)
    local a = school:aggregate{ year = run.year }
    return a.m2 >= p.at_least, a.m2, "двоек: " .. a.m2 .. ", порог " .. p.at_least
  end }
)");
    write("r0/package.lua", "package { name = \"Область 0\", level = \"region\" }\n");
    write("r0/m1/package.lua", R"(
package { name = "Район 1", level = "municipality" }
configure { many2 = { at_least = 5 } }
)");
    load_workers();
  }
};

TEST_F(IdentifyLevels, OnlyTheConfiguredMunicipalityRunsOtherParameters) {
  for (std::size_t workers : {1u, 2u}) {
    std::vector<const Catalog*> cats;
    for (std::size_t w = 0; w < workers; ++w) cats.push_back(catalogs_[w].get());
    auto id = identify(cats, *data_, "federal", 2022);
    ASSERT_TRUE(id.complete());
    std::vector<std::string> keys;
    for (const auto& [k, v] : id.ruleset.items()) keys.push_back(k);
    ASSERT_EQ(keys.size(), 2u) << id.ruleset.dump();
    EXPECT_EQ(keys[0].rfind("many2@", 0), 0u) << keys[0];
    EXPECT_EQ(keys[1], keys[0] + " r0/m1");
    EXPECT_EQ(id.ruleset[keys[0]]["params"]["at_least"], 3);
    EXPECT_EQ(id.ruleset[keys[1]]["params"]["at_least"], 5);

    std::map<std::string, std::pair<bool, std::string>> got;
    for (const auto& s : id.schools) {
      ASSERT_EQ(s.verdicts.size(), 1u);
      got[std::string(data_->school(s.school).login)] = {s.verdicts[0].verdict.flagged,
                                                          s.verdicts[0].verdict.explanation};
    }
    // r0/m1 (s1..s3): at least 5; r0/m2 (s4..s6) and r1/m3 (s7..s9): at least 3.
    const std::map<std::string, std::pair<bool, std::string>> expected{
        {"s1", {false, "двоек: 2, порог 5"}}, {"s2", {false, "двоек: 4, порог 5"}},
        {"s3", {true, "двоек: 6, порог 5"}},  {"s4", {false, "двоек: 2, порог 3"}},
        {"s5", {true, "двоек: 4, порог 3"}},  {"s6", {true, "двоек: 6, порог 3"}},
        {"s7", {false, "двоек: 2, порог 3"}}, {"s8", {true, "двоек: 4, порог 3"}},
        {"s9", {true, "двоек: 6, порог 3"}}};
    EXPECT_EQ(got, expected) << workers << " workers";
  }
}

// An identification loads only the years its rules declare (criterion{ years = N }); one rule
// without a declaration loads every year of the look-back.
TEST_F(IdentifyLevels, TheSnapshotHoldsOnlyTheYearsTheRulesDeclare) {
  for (int y : {2019, 2020, 2021})
    db_->prepare("INSERT INTO results VALUES (1, ?, 'ВПР', 5, 'Русский язык', 20, 1, 8, 6, 5, "
                 "NULL)")
        .bind_all(y)
        .run();
  auto years_of = [&](const Catalog& c) {
    auto data = load_snapshot_for_rules(*db_, c, "federal", 2022);
    std::set<int> years;
    for (SchoolIndex i = 0; i < data->school_count(); ++i)
      for (const auto& r : data->results(i)) years.insert(r.year);
    return years;
  };
  EXPECT_EQ(years_of(*catalogs_[0]), (std::set<int>{2019, 2020, 2021, 2022}));  // undeclared

  std::ofstream(dir_ / "scripts" / "federal" / "package.lua", std::ios::app) << R"(
criterion { id = "two", title = "Два года", category = "low", years = 2,
  evaluate = function() return false, 0, "" end }
)";
  auto write_declared = [&] {
    // The same package with many2 declaring one year.
    std::ifstream in(dir_ / "scripts" / "federal" / "package.lua");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    auto at = text.find("params = { at_least = 3 },");
    text.insert(at, "years = 1, ");
    std::ofstream(dir_ / "scripts" / "federal" / "package.lua") << text;
  };
  write_declared();
  Catalog declared;
  auto engine = LuaEngine::create();
  auto errors = engine->load_tree(dir_ / "scripts", declared);
  ASSERT_TRUE(errors.empty()) << errors.front();
  EXPECT_EQ(years_of(declared), (std::set<int>{2021, 2022}));
  // The verdicts are those of the full snapshot.
  auto full = Snapshot::load(db_->handle(), {{}, 2018, 2023, false});
  auto a = identify(declared, *full, "federal", 2022);
  auto b = identify(declared, *load_snapshot_for_rules(*db_, declared, "federal", 2022),
                    "federal", 2022);
  std::ostringstream ja, jb;
  write_json(ja, a, *full, false);
  write_json(jb, b, *full, false);
  EXPECT_EQ(ja.str(), jb.str());
}

}  // namespace
}  // namespace opora::host::test
