// The federal criteria (scripts/federal) on hand-made stores with known answers, run through the
// real engine: the Lua package, the snapshot and identify(). Edge cases of the published rule:
// exactly 30% "2", 9 vs 10 participants, a missing previous year, +10.0 vs +9.9 p.p.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/identify.hpp"
#include "lua/engine.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"

namespace opora::host {
namespace {

namespace fs = std::filesystem;

class FederalCriteria : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("opora-criteria-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "scripts");
    fs::copy(fs::path(OPORA_SOURCE_DIR) / "scripts" / "federal", dir_ / "scripts" / "federal",
             fs::copy_options::recursive);
    db_ = std::make_unique<Db>(Db::open(dir_ / "t.db"));
    migrate(*db_);
    db_->exec(
        "INSERT INTO territories(id, name, parent, level) VALUES ('federal', 'РФ', NULL, "
        "'federal'), ('r', 'Регион', 'federal', 'region'), ('r/m', 'Район', 'r', "
        "'municipality'), ('r/lax', 'Район с мягким правилом', 'r', 'municipality')");
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }

  void school(const std::string& login, const std::string& territory = "r/m") {
    auto q = db_->prepare("INSERT INTO schools(login, name, territory) VALUES (?, ?, ?)");
    q.bind_all(login, "Школа " + login, territory).run();
  }
  // One work: `participants` took it, `m2` got "2", the rest "3".
  void work(const std::string& login, int year, int grade, const std::string& subject,
            int participants, int m2, const std::string& procedure = "ВПР") {
    auto q = db_->prepare(
        "INSERT INTO results(school, year, procedure, grade, subject, participants, m2, m3, m4, "
        "m5) SELECT id, ?, ?, ?, ?, ?, ?, ?, 0, 0 FROM schools WHERE login = ?");
    q.bind_all(year, procedure, grade, subject, participants, m2, participants - m2, login).run();
  }
  void context(const std::string& login, int year, const std::string& indicator, double v) {
    auto q = db_->prepare(
        "INSERT INTO observations(school, year, indicator, value) SELECT id, ?, ?, ? FROM "
        "schools WHERE login = ?");
    q.bind_all(year, indicator, v, login).run();
  }
  void package(const std::string& territory, const std::string& text) {
    fs::create_directories(dir_ / "scripts" / territory);
    std::ofstream(dir_ / "scripts" / territory / "package.lua") << text;
  }

  // Runs identification of territory `t` for `year`; returns login -> verdict of `criterion`.
  std::map<std::string, Verdict> run(const std::string& criterion, int year,
                                     const std::string& t = "r") {
    Catalog catalog;
    auto engine = LuaEngine::create();
    auto errors = engine->load_tree(dir_ / "scripts", catalog);
    EXPECT_TRUE(errors.empty()) << errors.front();
    auto data = Snapshot::load(db_->handle(), {{"r"}, year - 4, year, false});
    last_ = identify(catalog, *data, t, year);
    std::map<std::string, Verdict> out;
    for (const auto& s : last_.schools)
      for (const auto& v : s.verdicts)
        if (v.criterion == criterion) out[std::string(data->school(s.school).login)] = v.verdict;
    return out;
  }

  fs::path dir_;
  std::unique_ptr<Db> db_;
  Identification last_;
};

TEST_F(FederalCriteria, LowResultsAtExactlyThirtyPercentIsFlagged) {
  school("a");  // 6 of 20 = exactly 30% in two works, the same work also in the year before
  work("a", 2023, 5, "Математика", 20, 6);
  work("a", 2024, 5, "Математика", 20, 6);
  work("a", 2024, 6, "Русский язык", 20, 6);
  school("b");  // 299 of 1000 = 29.9%: just below
  work("b", 2023, 5, "Математика", 1000, 299);
  work("b", 2024, 5, "Математика", 1000, 299);
  work("b", 2024, 6, "Русский язык", 1000, 299);
  auto v = run("low_results", 2024);
  EXPECT_TRUE(v["a"].flagged) << v["a"].explanation;
  EXPECT_EQ(v["a"].score, 2);
  EXPECT_NE(v["a"].explanation.find("30,0%"), std::string::npos) << v["a"].explanation;
  EXPECT_NE(v["a"].explanation.find("ВПР, 5 класс, математика"), std::string::npos);
  EXPECT_FALSE(v["b"].flagged) << v["b"].explanation;
  EXPECT_EQ(v["b"].score, 0);
}

TEST_F(FederalCriteria, WorksBelowTenParticipantsAreNotJudged) {
  school("nine");  // the second failing work has only 9 participants
  work("nine", 2023, 5, "Математика", 20, 8);
  work("nine", 2024, 5, "Математика", 20, 8);
  work("nine", 2024, 6, "Русский язык", 9, 5);
  school("ten");  // the same with 10 participants
  work("ten", 2023, 5, "Математика", 20, 8);
  work("ten", 2024, 5, "Математика", 20, 8);
  work("ten", 2024, 6, "Русский язык", 10, 5);
  auto v = run("low_results", 2024);
  EXPECT_FALSE(v["nine"].flagged) << v["nine"].explanation;
  EXPECT_EQ(v["nine"].score, 1);
  EXPECT_TRUE(v["ten"].flagged) << v["ten"].explanation;
}

TEST_F(FederalCriteria, MissingPreviousYearNeedsTheRegionsOwnRule) {
  school("new", "r/m");  // two failing works, but no results the year before
  work("new", 2024, 5, "Математика", 20, 10);
  work("new", 2024, 6, "Русский язык", 20, 10);
  school("lax", "r/lax");
  work("lax", 2024, 5, "Математика", 20, 10);
  work("lax", 2024, 6, "Русский язык", 20, 10);
  package("r", "package { name = 'Регион', level = 'region' }\n");
  package("r/lax", "package { name = 'Район', level = 'municipality' }\n"
                   "configure { low_results = { require_both = false } }\n");
  auto v = run("low_results", 2024);
  EXPECT_FALSE(v["new"].flagged) << v["new"].explanation;  // federal default: both conditions
  EXPECT_NE(v["new"].explanation.find("нет"), std::string::npos);
  EXPECT_TRUE(v["lax"].flagged) << v["lax"].explanation;   // the municipality's parameter
}

TEST_F(FederalCriteria, NegativeDynamicsAtTenPointsExactly) {
  school("up10");  // 10% -> 20% of "2": +10.0 p.p.
  work("up10", 2023, 5, "Математика", 1000, 100);
  work("up10", 2024, 5, "Математика", 1000, 200);
  school("up99");  // 10% -> 19.9%: +9.9 p.p.
  work("up99", 2023, 5, "Математика", 1000, 100);
  work("up99", 2024, 5, "Математика", 1000, 199);
  school("up10b");  // 20% -> 30%: in doubles 0.3 - 0.2 is 0.0999..., still +10.0 p.p.
  work("up10b", 2023, 5, "Математика", 20, 4);
  work("up10b", 2024, 5, "Математика", 20, 6);
  school("once");  // no previous year
  work("once", 2024, 5, "Математика", 1000, 500);
  auto v = run("negative_dynamics", 2024);
  EXPECT_TRUE(v["up10"].flagged) << v["up10"].explanation;
  EXPECT_NE(v["up10"].explanation.find("+10,0 п. п."), std::string::npos) << v["up10"].explanation;
  EXPECT_TRUE(v["up10b"].flagged) << v["up10b"].explanation;
  EXPECT_NE(v["up10b"].explanation.find("+10,0 п. п."), std::string::npos) << v["up10b"].explanation;
  EXPECT_FALSE(v["up99"].flagged) << v["up99"].explanation;
  EXPECT_FALSE(v["once"].flagged);
}

TEST_F(FederalCriteria, SocialRiskIsTheTopDecileOfTheRegion) {
  // 20 schools whose only context is the share of low-income families, 0.05 .. 1.00: the index
  // orders them the same way, and the top decile (quantile 0.9) holds the two highest.
  for (int i = 1; i <= 20; ++i) {
    auto login = "s" + std::to_string(i);
    school(login);
    context(login, 2024, "low_income_share", 0.05 * i);
  }
  school("none");  // no context at all
  auto v = run("social_risk", 2024);
  for (int i = 1; i <= 20; ++i)
    EXPECT_EQ(v["s" + std::to_string(i)].flagged, i >= 19) << i << ": " << v["s" + std::to_string(i)].explanation;
  EXPECT_FALSE(v["none"].flagged);
  EXPECT_NE(v["none"].explanation.find("нет данных"), std::string::npos);
  EXPECT_NE(v["s20"].explanation.find("школ с данными: 20"), std::string::npos) << v["s20"].explanation;
}

TEST_F(FederalCriteria, RiskZoneAndResilient) {
  school("close");  // one failing work, not ШНОР
  work("close", 2024, 5, "Математика", 20, 7);
  work("close", 2024, 6, "Русский язык", 20, 1);
  school("fine");
  work("fine", 2024, 5, "Математика", 20, 1);
  work("fine", 2024, 6, "Русский язык", 20, 1);
  auto v = run("risk_zone", 2024);
  EXPECT_TRUE(v["close"].flagged) << v["close"].explanation;
  EXPECT_FALSE(v["fine"].flagged) << v["fine"].explanation;

  // Resilient: the poorest context of the region and the best marks.
  for (int i = 1; i <= 8; ++i) {
    auto login = "p" + std::to_string(i);
    school(login);
    context(login, 2024, "low_income_share", 0.1 * i);
    // marks fall with poverty, except p8: the poorest school with the best results
    int m2 = i == 8 ? 0 : i;
    work(login, 2024, 5, "Математика", 20, m2);
  }
  auto r = run("resilient", 2024);
  EXPECT_TRUE(r["p8"].flagged) << r["p8"].explanation;
  EXPECT_FALSE(r["p7"].flagged) << r["p7"].explanation;
  EXPECT_FALSE(r["p1"].flagged) << r["p1"].explanation;
}

TEST_F(FederalCriteria, AFailingCriterionIsNamedAndTheOthersStillRun) {
  school("a");
  work("a", 2024, 5, "Математика", 20, 10);
  package("r", "package { name = 'Регион', level = 'region' }\n"
               "criterion { id = 'broken', title = 'Сломанный', category = 'risk_zone',\n"
               "  evaluate = function(school) return school.nothing.at_all end }\n");
  auto v = run("low_results", 2024);
  ASSERT_EQ(v.count("a"), 1u);  // low_results still gave its verdict
  ASSERT_EQ(last_.errors.size(), 1u);
  EXPECT_NE(last_.errors[0].find("broken"), std::string::npos) << last_.errors[0];
  EXPECT_NE(last_.errors[0].find("scripts/r/package.lua:3"), std::string::npos) << last_.errors[0];
}

}  // namespace
}  // namespace opora::host
