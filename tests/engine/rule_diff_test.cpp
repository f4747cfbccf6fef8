// Comparing identifications and rule sets (opora diff, opora verify) and the data fingerprints a
// saved run records: what enters, leaves and stays, which rule item changed, which table and year.
#include "engine/rule_diff.hpp"
#include "engine/run_records.hpp"
#include "fixture.hpp"

namespace opora::host::test {

namespace {

SchoolOutcome outcome(SchoolIndex s, bool flagged, std::string why) {
  SchoolOutcome o{s, {}, {{"low_results", "low_results", Verdict{flagged, 1, std::move(why)}}}};
  if (flagged) o.categories.push_back("low_results");
  return o;
}

nlohmann::json rule(std::string origin, double share) {
  return {{"criterion", "low_results"},
          {"category", "low_results"},
          {"origin", std::move(origin)},
          {"territory", "federal"},
          {"params", {{"fail_share", share}, {"min_works", 2}}}};
}

}  // namespace

TEST(RuleDiff, SchoolsEnterLeaveAndStayWithBothExplanations) {
  Identification a, b;
  a.schools = {outcome(0, true, "A0"), outcome(1, false, "A1"), outcome(2, true, "A2")};
  b.schools = {outcome(0, true, "B0"), outcome(1, true, "B1"), outcome(2, false, "B2")};
  auto d = compare_identifications(a, b, {"social_risk", "low_results"});
  ASSERT_EQ(d.categories.size(), 1u);  // only categories a verdict names
  const auto& c = d.categories[0];
  ASSERT_EQ(c.entered.size(), 1u);
  EXPECT_EQ(c.entered[0].school, 1u);
  EXPECT_EQ(c.entered[0].before, "A1");
  EXPECT_EQ(c.entered[0].after, "B1");
  ASSERT_EQ(c.left.size(), 1u);
  EXPECT_EQ(c.left[0].school, 2u);
  ASSERT_EQ(c.stayed.size(), 1u);
  EXPECT_EQ(c.stayed[0].school, 0u);
  EXPECT_FALSE(d.same_categories());
  EXPECT_EQ(d.verdicts.size(), 3u);  // every explanation differs
  auto same = compare_identifications(a, a, {});
  EXPECT_TRUE(same.same_categories());
  EXPECT_TRUE(same.verdicts.empty());
}

TEST(RuleDiff, RuleSetsNameTheChangedParameterAndIgnoreTheTreeFolder) {
  nlohmann::json a = {{"low_results@scripts/federal/criteria.lua:36",
                       rule("scripts/federal/criteria.lua:36", 0.3)}};
  nlohmann::json copy = {{"low_results@draft/federal/criteria.lua:36",
                          rule("draft/federal/criteria.lua:36", 0.3)}};
  nlohmann::json lower = {{"low_results@draft/federal/criteria.lua:36",
                           rule("draft/federal/criteria.lua:36", 0.25)}};
  EXPECT_TRUE(compare_rulesets(a, copy).empty());
  EXPECT_EQ(ruleset_fingerprint(a), ruleset_fingerprint(copy));
  auto changes = compare_rulesets(a, lower);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].criterion, "low_results");
  EXPECT_EQ(changes[0].text, "критерий low_results: fail_share 0.3 → 0.25");
  EXPECT_NE(ruleset_fingerprint(a), ruleset_fingerprint(lower));
  auto gone = compare_rulesets(a, nlohmann::json::object());
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_NE(gone[0].text.find("удалён"), std::string::npos) << gone[0].text;
}

TEST(RuleDiff, AChangedPackageTextIsOneChangeNamingItsCriteria) {
  auto with_source = [](std::string id, std::string source) {
    auto r = rule("scripts/federal/criteria.lua:36", 0.3);
    r["criterion"] = id;
    r["source"] = std::move(source);
    return r;
  };
  nlohmann::json a = {{"low_results@x", with_source("low_results", "s1")},
                      {"social_risk@x", with_source("social_risk", "s1")}};
  nlohmann::json b = {{"low_results@x", with_source("low_results", "s2")},
                      {"social_risk@x", with_source("social_risk", "s2")}};
  auto changes = compare_rulesets(a, b);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].criterion, "");
  EXPECT_EQ(changes[0].text, "пакет federal: изменён текст правил (критерии low_results, social_risk)");
  EXPECT_NE(ruleset_fingerprint(a), ruleset_fingerprint(b));
}

TEST(RuleDiff, CategoryExplanationTakesTheFlaggedVerdictsOfTheCategory) {
  SchoolOutcome s{0, {"low_results"},
                  {{"a", "low_results", Verdict{true, 1, "да"}},
                   {"b", "low_results", Verdict{false, 0, "нет"}},
                   {"c", "social_risk", Verdict{false, 0, "иное"}}}};
  EXPECT_EQ(category_explanation(s, "low_results"), "да");
  EXPECT_EQ(category_explanation(s, "social_risk"), "иное");
  EXPECT_EQ(category_explanation(s, "risk_zone"), "");
}

TEST_F(EngineStore, DataFingerprintsChangeOnlyForTheChangedTableAndYear) {
  auto before = data_fingerprints(*db_, "reg/muni", 2022);
  for (const char* key : {"schools", "results/2021", "results/2022", "risk_profiles/2022"})
    EXPECT_TRUE(before.contains(key)) << key << " in " << before.dump();
  EXPECT_EQ(before, data_fingerprints(*db_, "reg", 2022)) << "the region is the scope";
  db_->exec("UPDATE results SET m2 = m2 + 1 WHERE school = 1 AND year = 2021");
  auto after = data_fingerprints(*db_, "reg/muni", 2022);
  EXPECT_NE(before["results/2021"], after["results/2021"]);
  EXPECT_EQ(before["results/2022"], after["results/2022"]);
  EXPECT_EQ(before["schools"], after["schools"]);
  EXPECT_NE(data_hash(before), data_hash(after));
}

TEST_F(EngineStore, SavedRunRecordsItsDataAndReadsBackAsAnIdentification) {
  auto data = load_snapshot_for(*db_, "reg/muni", 2022);
  Identification id;
  id.territory = "reg/muni";
  id.year = 2022;
  id.ruleset = {{"low_results@x.lua:1", rule("scripts/x.lua:1", 0.3)}};
  id.ruleset_hash = ruleset_fingerprint(id.ruleset);
  auto schools = data->schools_in("reg/muni");
  for (std::size_t i = 0; i < schools.size(); ++i)
    id.schools.push_back(outcome(schools[i], i < 2, "школа " + std::to_string(i)));
  auto run = save_identification(*db_, id, *data);
  auto rec = find_run(*db_, run);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->data, data_fingerprints(*db_, "reg/muni", 2022));
  EXPECT_EQ(rec->data_hash, data_hash(rec->data));
  EXPECT_EQ(run_data_hash(*db_, run), rec->data_hash);
  EXPECT_EQ(rec->flagged.at("low_results"), 2);
  EXPECT_EQ(rec->schools, schools.size());
  auto back = saved_identification(*db_, *rec, *data, "reg/muni");
  auto d = compare_identifications(id, back, {});
  EXPECT_TRUE(d.same_categories());
  EXPECT_TRUE(d.verdicts.empty());
  auto listed = list_runs(*db_, "reg");
  ASSERT_GE(listed.size(), 2u);  // this run and the fixture's
  EXPECT_EQ(listed.front().id, run);
}

}  // namespace opora::host::test
