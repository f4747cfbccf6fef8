// Saving an identification is all or nothing: a run in which a criterion failed is refused
// before anything is written, and the refusal names the criterion and its schools.
#include "fixture.hpp"

namespace opora::host::test {

namespace {

Identification run_of_three(const Snapshot& data) {
  Identification id;
  id.territory = "reg/muni";
  id.year = 2022;
  id.ruleset = nlohmann::json::object();
  id.ruleset_hash = "h";
  auto schools = data.schools_in("reg/muni");
  for (std::size_t i = 0; i < 3; ++i)
    id.schools.push_back({schools[i], {}, {{"low_results", "low_results", Verdict{}}}});
  return id;
}

}  // namespace

TEST_F(EngineStore, SaveRefusesARunWithAFailedCriterion) {
  auto data = load_snapshot_for(*db_, "reg/muni", 2022);
  auto id = run_of_three(*data);
  auto schools = data->schools_in("reg/muni");
  // "broken" judged the first school, failed at the second, so the third has no verdict.
  id.failures.push_back({"broken", "scripts/reg/package.lua", "нет данных", schools[1],
                         {schools[1], schools[2]}});
  auto runs = count("identification_runs"), verdicts = count("verdicts");
  try {
    save_identification(*db_, id, *data);
    FAIL() << "a partial run was saved";
  } catch (const IncompleteIdentification& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("не сохранён"), std::string::npos) << m;
    EXPECT_NE(m.find("broken (scripts/reg/package.lua)"), std::string::npos) << m;
    auto second = std::string(data->school(schools[1]).login);
    auto third = std::string(data->school(schools[2]).login);
    EXPECT_NE(m.find(second + ", " + third), std::string::npos) << m;
    EXPECT_EQ(m.find(std::string(data->school(schools[0]).login)), std::string::npos) << m;
  }
  EXPECT_EQ(count("identification_runs"), runs);
  EXPECT_EQ(count("verdicts"), verdicts);
  // The latest identification is still the complete one of the fixture.
  EXPECT_EQ(latest_identification(*db_, "reg/muni", 2022).id, 1);
}

TEST_F(EngineStore, FailureListIsBounded) {
  auto data = load_snapshot_for(*db_, "reg/muni", 2022);
  auto id = run_of_three(*data);
  auto schools = data->schools_in("reg/muni");
  id.failures.push_back({"broken", "x.lua", "e", schools[0],
                         std::vector<SchoolIndex>(schools.begin(), schools.end())});
  auto m = describe_failures(id, *data, 2);
  EXPECT_NE(m.find("и ещё " + std::to_string(schools.size() - 2)), std::string::npos) << m;
  EXPECT_EQ(m.find(std::string(data->school(schools[2]).login) + ","), std::string::npos) << m;
}

TEST_F(EngineStore, SaveWritesACompleteRun) {
  auto data = load_snapshot_for(*db_, "reg/muni", 2022);
  auto id = run_of_three(*data);
  auto run = save_identification(*db_, id, *data);
  EXPECT_GT(run, 1);
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM verdicts WHERE run = " + std::to_string(run)), 3);
}

}  // namespace opora::host::test
