// identify with several workers (issue 10 §3): regions judged in parallel, each worker with its
// own Lua state, give exactly the run of one worker — verdicts, categories, and a failing rule's
// schools, which after its first failure get no verdict in whichever region they are.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/identify.hpp"
#include "worker_store_fixture.hpp"
#include "lua/engine.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"
#include "store/territory.hpp"

namespace opora::host::test {
namespace {

// Three regions whose schools interleave in id order (school i is in region i % 3), so no
// region is a contiguous range of the run's school order.
class ParallelIdentify : public WorkerStore {
 protected:
  void SetUp() override {
    open_store("opora-par");
    ensure_territory(*db_, "federal", "РФ", "", "federal", "package");
    for (int r = 0; r < 3; ++r) {
      auto reg = "r" + std::to_string(r);
      ensure_territory(*db_, reg, "Область " + reg, "federal", "region", "import");
      ensure_territory(*db_, reg + "/m", "Район", reg, "municipality", "import");
    }
    for (int i = 1; i <= 12; ++i) {
      auto q = db_->prepare("INSERT INTO schools(id, login, name, territory) VALUES (?, ?, ?, ?)");
      q.bind_all(i, "sch" + std::to_string(100 + i), "Школа", "r" + std::to_string(i % 3) + "/m")
          .run();
      auto res = db_->prepare(
          "INSERT INTO results VALUES (?, 2022, 'ВПР', 5, 'Русский язык', 20, ?, 8, 6, 2, NULL)");
      res.bind_all(i, i % 5).run();
    }
    std::filesystem::create_directories(dir_ / "scripts" / "federal");
    // `ok` flags schools with many "2"; `breaks` fails at sch107 (region r1) and `late` at
    // sch111 (r2) and sch105 (r2): the first failure of each rule in school order counts.
    std::ofstream(dir_ / "scripts" / "federal" / "package.lua") << R"(
package { name = "РФ", level = "federal" }
category { code = "low", title = "Низкие" }
category { code = "odd", title = "Нечётные" }
criterion { id = "ok", title = "Много двоек", category = "low",
  evaluate = function(school, p, _, run)
    local a = school:aggregate{ year = run.year }
    return a.m2 >= 3, a.m2, "двоек: " .. a.m2
  end }
criterion { id = "breaks", title = "Ломается", category = "odd",
  evaluate = function(school)
    if school.login == "sch107" then error("сломалось на " .. school.login) end
    return true, 1, "ок"
  end }
criterion { id = "late", title = "Ломается в другом регионе", category = "odd",
  evaluate = function(school)
    if school.login == "sch111" or school.login == "sch105" then
      error("позже: " .. school.login)
    end
    return false, 0, "нет"
  end }
)";
    load_workers();
  }

  std::vector<std::string> logins(const std::vector<SchoolIndex>& v) {
    std::vector<std::string> out;
    for (auto i : v) out.emplace_back(data_->school(i).login);
    return out;
  }
};

TEST_F(ParallelIdentify, TwoWorkersGiveTheRunOfOne) {
  auto one = identify(*catalogs_[0], *data_, "federal", 2022);
  auto two = identify({catalogs_[0].get(), catalogs_[1].get()}, *data_, "federal", 2022);
  EXPECT_EQ(to_json(one, *data_, false).dump(), to_json(two, *data_, false).dump());
  EXPECT_EQ(one.errors, two.errors);
  EXPECT_EQ(one.ruleset_hash, two.ruleset_hash);
  ASSERT_EQ(one.failures.size(), two.failures.size());
  for (std::size_t i = 0; i < one.failures.size(); ++i) {
    EXPECT_EQ(one.failures[i].criterion, two.failures[i].criterion);
    EXPECT_EQ(one.failures[i].failed_at, two.failures[i].failed_at);
    EXPECT_EQ(logins(one.failures[i].schools), logins(two.failures[i].schools));
  }
}

// The answers, known by hand: a failed rule is not run again for any later school.
TEST_F(ParallelIdentify, AFailedRuleGivesNoVerdictToAnyLaterSchool) {
  auto id = identify({catalogs_[0].get(), catalogs_[1].get()}, *data_, "federal", 2022);
  ASSERT_EQ(id.failures.size(), 2u);
  // sch105 (region r2) fails `late` before sch107 fails `breaks`: failures in school order.
  EXPECT_EQ(id.failures[0].criterion, "late");
  EXPECT_EQ(data_->school(id.failures[0].failed_at).login, "sch105");
  EXPECT_EQ(logins(id.failures[0].schools),
            (std::vector<std::string>{"sch105", "sch106", "sch107", "sch108", "sch109", "sch110",
                                      "sch111", "sch112"}));
  EXPECT_EQ(id.failures[1].criterion, "breaks");
  EXPECT_EQ(logins(id.failures[1].schools),
            (std::vector<std::string>{"sch107", "sch108", "sch109", "sch110", "sch111",
                                      "sch112"}));
  EXPECT_EQ(id.errors.front().rfind("критерий late (", 0), 0u) << id.errors.front();
  EXPECT_NE(id.errors.front().find("позже: sch105"), std::string::npos) << id.errors.front();
  // Schools before the failures keep every verdict; later ones only those of `ok`.
  ASSERT_EQ(id.schools.size(), 12u);
  EXPECT_EQ(id.schools[0].verdicts.size(), 3u);
  EXPECT_EQ(id.schools[5].verdicts.size(), 2u);   // sch106: `late` failed before it
  EXPECT_EQ(id.schools[11].verdicts.size(), 1u);  // sch112: only `ok`
  // `odd` came only from `breaks`: flagged before sch107, never after.
  auto has = [&](int i, const char* c) {
    const auto& cats = id.schools[i].categories;
    return std::find(cats.begin(), cats.end(), c) != cats.end();
  };
  EXPECT_TRUE(has(0, "odd"));
  EXPECT_FALSE(has(7, "odd"));
}

}  // namespace
}  // namespace opora::host::test

namespace opora::host::test {
namespace {

// `identify --json` is written school by school (no DOM of the whole run): the text is exactly
// the DOM's, with errors and failures, flagged only or all, and for a run with no school.
TEST_F(ParallelIdentify, StreamedJsonIsTheDomText) {
  auto id = identify(*catalogs_[0], *data_, "federal", 2022);
  ASSERT_FALSE(id.failures.empty());
  for (bool flagged_only : {false, true}) {
    std::ostringstream out;
    write_json(out, id, *data_, flagged_only);
    EXPECT_EQ(out.str(), to_json(id, *data_, flagged_only).dump(2)) << flagged_only;
  }
  // Names and explanations that need escaping, and fractional scores, through a new snapshot.
  db_->prepare("UPDATE schools SET name = ? WHERE id = 3")
      .bind_all(std::string("МБОУ \"Школа\" № 3\\ \n\t\x01 ✓"))
      .run();
  std::ofstream(dir_ / "scripts" / "federal" / "package.lua", std::ios::app) << R"(
criterion { id = "frac", title = "Дроби", category = "low",
  evaluate = function(school)
    local a = school:aggregate{}
    return a.m2 > 2, a.m2 / 3 - 0.0, "«кавычки» \"и\" \\ перевод\nстроки " .. school.name
  end }
)";
  Catalog with_frac;
  auto engine = LuaEngine::create();
  ASSERT_TRUE(engine->load_tree(dir_ / "scripts", with_frac).empty());
  auto data = Snapshot::load(db_->handle(), {{}, 2018, 2023, false});
  auto tricky = identify(with_frac, *data, "federal", 2022);
  for (bool flagged_only : {false, true}) {
    std::ostringstream out;
    write_json(out, tricky, *data, flagged_only);
    EXPECT_EQ(out.str(), to_json(tricky, *data, flagged_only).dump(2)) << flagged_only;
    EXPECT_NE(out.str().find("\\u0001"), std::string::npos);
  }
  Identification empty;
  empty.territory = "r0/m";
  empty.year = 2022;
  std::ostringstream out;
  write_json(out, empty, *data_, true);
  EXPECT_EQ(out.str(), to_json(empty, *data_, true).dump(2));
}

}  // namespace
}  // namespace opora::host::test
