// A small hand-made store for engine tests: one municipality "reg/muni" with six schools, five
// of them identified as ШНОР by a saved run, a roadmap template and indicators of the
// municipality on top of the real federal package (so indicator types are the Lua ones).
#pragma once
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>

#include "catalog/catalog.hpp"
#include "dataset/snapshot.hpp"
#include "engine/runs.hpp"
#include "lua/engine.hpp"
#include "roadmap/plan.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"
#include "store/territory.hpp"

namespace opora::host::test {

inline ActivityTemplate activity(std::string number, std::string title, std::string deadline,
                                 std::string scope = "territory", std::string category = "") {
  ActivityTemplate a;
  a.number = std::move(number);
  a.section = "Муниципальный уровень";
  a.title = std::move(title);
  a.deadline = std::move(deadline);
  a.responsible = "Отдел образования";
  a.scope = std::move(scope);
  a.category = std::move(category);
  return a;
}

inline RoadmapTemplate muni_template() {
  RoadmapTemplate t;
  t.id = "plan_2023";
  t.title = "План поддержки школ на 2023 год";
  t.order_number = "28-п";
  t.order_date = "2023-01-10";
  t.year_kind = "calendar";
  t.year = 2023;
  t.sections = {"Муниципальный уровень"};
  t.activities = {
      activity("1", "Приказ об утверждении плана", "25.01.2023"),
      activity("2", "Совещание с руководителями", "до 10.02.2023"),
      activity("3", "Семинары", "Октябрь, декабрь, март, май"),
      activity("4", "Мониторинг", "ежеквартально"),
      activity("5", "Рисковый профиль", "март 2023", "school", "low_results"),
      activity("14", "Консультации", "в течение года"),
      activity("14", "Курсы повышения квалификации", "по графику ВГАПО"),
  };
  return t;
}

class EngineStore : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "opora-engine-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    db_ = std::make_unique<Db>(Db::open(dir_ / "opora.db"));
    migrate(*db_);
    ensure_territory(*db_, "federal", "Российская Федерация", "", "federal", "package");
    ensure_territory(*db_, "reg", "Тестовая область", "federal", "region", "import");
    ensure_territory(*db_, "reg/muni", "Тестовый район", "reg", "municipality", "import");
    for (int i = 1; i <= 6; ++i) {
      auto q = db_->prepare("INSERT INTO schools(id, login, name, territory) VALUES (?, ?, ?, ?)");
      q.bind_all(i, "sch99000" + std::to_string(i), "Школа №" + std::to_string(i), "reg/muni");
      q.run();
      for (int year : {2021, 2022}) {
        auto r = db_->prepare(
            "INSERT INTO results VALUES (?, ?, 'ВПР', 5, 'Русский язык', 20, ?, 8, 6, ?, NULL)");
        int m2 = i <= 5 ? 6 - (year - 2021) : 1;
        r.bind_all(i, year, m2, 6 - m2 + 1 - 1);
        r.run();
      }
      auto risk = db_->prepare("INSERT INTO risk_profiles VALUES (?, 2022, 'low_motivation', ?)");
      risk.bind_all(i, i <= 2 ? 3 : 1);
      risk.run();
    }
    db_->exec(
        "INSERT INTO identification_runs(id, territory, year, ruleset, ruleset_hash, created_at) "
        "VALUES (1, 'reg/muni', 2022, '{}', 'h', '2023-01-05T00:00:00Z')");
    for (int i = 1; i <= 5; ++i) {
      auto v = db_->prepare(
          "INSERT INTO verdicts VALUES (1, ?, 'low_results', 'low_results', 1, 1, ?)");
      v.bind_all(i, "доля «2» выше порога в 2 работах");
      v.run();
    }
    db_->exec(
        "INSERT INTO territory_observations VALUES ('reg/muni', 2023, 'teachers_total', 50)");

    catalog_ = std::make_unique<Catalog>();
    lua_ = LuaEngine::create();
    // Only the federal package: the indicator types the fixture's indicators use.
    std::filesystem::create_directories(dir_ / "scripts");
    std::filesystem::copy(std::filesystem::path(OPORA_SOURCE_DIR) / "scripts" / "federal",
                          dir_ / "scripts" / "federal",
                          std::filesystem::copy_options::recursive);
    auto errors = lua_->load_tree(dir_ / "scripts", *catalog_);
    ASSERT_TRUE(errors.empty()) << errors.front();
    catalog_->set_source({"package", "tests/engine"}, "reg/muni", nullptr);
    catalog_->add_roadmap(muni_template());
    add_indicator("rpsh_share", "Доля ШНОР, составивших РПШ", "percent", "share_done",
                  {{"category", std::string("low_results")}, {"activity", std::string("5")}},
                  "не менее 80%");
    add_indicator("rpsh_full", "Все ШНОР составили РПШ", "percent", "share_done",
                  {{"category", std::string("low_results")}, {"activity", std::string("5")}},
                  "100%");
    add_indicator("seminars", "Проведено семинаров", "count", "count_done",
                  {{"activity", std::string("3")}}, "не менее 2");
    add_indicator("teachers", "Доля педагогов на курсах", "percent", "people_share",
                  {{"activity", std::string("14")}, {"role", std::string("teacher")}},
                  "≥ 10%");
    add_indicator("broken", "Показатель с неизвестным типом", "percent", "no_such_type", {},
                  "100%");
  }

  void TearDown() override {
    db_.reset();
    catalog_.reset();
    lua_.reset();
    std::filesystem::remove_all(dir_);
  }

  void add_indicator(std::string id, std::string title, std::string unit, std::string type,
                     std::map<std::string, std::string> args, std::string target) {
    IndicatorSpec s;
    s.id = std::move(id);
    s.title = std::move(title);
    s.unit = std::move(unit);
    s.scope = "territory";
    s.type = std::move(type);
    for (auto& [k, v] : args) s.args.set(k, v);
    s.target = std::move(target);
    catalog_->add_indicator(std::move(s));
  }

  CategoryMembers members() {
    CategoryMembers m;
    for (std::int64_t i = 1; i <= 5; ++i) m["low_results"].push_back(i);
    return m;
  }

  std::int64_t make_plan() {
    return create_plan(*db_, muni_template(), "reg/muni", 2023, members()).roadmap;
  }

  std::int64_t count(const char* table) {
    return db_->scalar(std::string("SELECT count(*) FROM ") + table);
  }

  std::filesystem::path dir_;
  std::unique_ptr<Db> db_;
  std::unique_ptr<Catalog> catalog_;
  std::shared_ptr<LuaEngine> lua_;
};

}  // namespace opora::host::test
