// Every write names its author, taken from the caller (the web passes the logged-in login):
// progress records, corrections, undos, participation and its retraction, saved runs.
#include "engine/progress.hpp"
#include "fixture.hpp"

namespace opora::host::test {

namespace {

std::string text(Db& db, const std::string& sql) {
  auto q = db.prepare(sql);
  EXPECT_TRUE(q.step()) << sql;
  return std::string(q.column_text(0));
}

}  // namespace

TEST_F(EngineStore, EveryProgressWriteKeepsItsAuthor) {
  auto plan = load_plan_state(*db_, make_plan());
  OccurrenceQuery q;
  q.activity = "1";
  auto o = find_occurrence(plan, q).id;
  auto r1 = record_progress(*db_, o, {"in_progress", "2023-01-20", "", "", "metod-a"});
  auto r2 = correct_progress(*db_, r1, {"done", "2023-01-24", "Приказ", "", "metod-b"});
  auto r3 = undo_progress(*db_, r2, "metod-c", "ошибка");
  auto who = [&](std::int64_t row) {
    return text(*db_, "SELECT who FROM progress WHERE id = " + std::to_string(row));
  };
  EXPECT_EQ(who(r1), "metod-a");
  EXPECT_EQ(who(r2), "metod-b");
  EXPECT_EQ(who(r3), "metod-c");
  EXPECT_THROW(record_progress(*db_, o, {"done", "2023-01-25", "", "", ""}), ProgressError);

  q.activity = "14";
  q.position = 7;
  auto act = find_activity(plan, q).id;
  auto p = add_participation(*db_, {act, std::nullopt, "Педагог", "teacher", "2023-04-10",
                                    "metod-a"});
  EXPECT_THROW(retract_participation(*db_, p, ""), ProgressError);
  retract_participation(*db_, p, "metod-b");
  EXPECT_EQ(text(*db_, "SELECT who || '/' || retracted_by FROM participation WHERE id = " +
                           std::to_string(p)),
            "metod-a/metod-b");
  // The store's history keeps the row as it was before the retraction.
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM history WHERE table_name = 'participation' AND "
                        "json_extract(old_value, '$.retracted') = 0 AND "
                        "json_extract(old_value, '$.who') = 'metod-a'"),
            1);
  EXPECT_THROW(retract_participation(*db_, p, "metod-b"), ProgressError);
}

TEST_F(EngineStore, SavedRunKeepsItsAuthor) {
  auto data = load_snapshot_for(*db_, "reg/muni", 2022);
  Identification id;
  id.territory = "reg/muni";
  id.year = 2022;
  id.ruleset = nlohmann::json::object();
  id.ruleset_hash = "h";
  auto run = save_identification(*db_, id, *data, "analyst-reg");
  EXPECT_EQ(text(*db_, "SELECT created_by FROM identification_runs WHERE id = " +
                           std::to_string(run)),
            "analyst-reg");
  auto cli_run = save_identification(*db_, id, *data);
  EXPECT_EQ(text(*db_, "SELECT created_by FROM identification_runs WHERE id = " +
                           std::to_string(cli_run)),
            "");
}

}  // namespace opora::host::test
