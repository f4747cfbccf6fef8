// Progress, status, indicators and the report on the fixture store.
#include <fstream>
#include <sstream>

#include "engine/indicators.hpp"
#include "engine/month_inputs.hpp"
#include "engine/progress.hpp"
#include "engine/progress_import.hpp"
#include "engine/status.hpp"
#include "fixture.hpp"
#include "import/import.hpp"
#include "report/document.hpp"

namespace opora::host::test {

namespace {

// Designated initializers would leave fields out (-Wmissing-field-initializers).
OccurrenceQuery query(std::string activity, std::string school, std::string due, int position,
                      std::string title) {
  OccurrenceQuery q;
  q.activity = std::move(activity);
  q.school = std::move(school);
  q.due = std::move(due);
  q.position = position;
  q.title = std::move(title);
  return q;
}

ProgressEntry done(std::string date) { return {"done", std::move(date), "Приказ №1", "", "тест"}; }

std::int64_t occ(const PlanState& p, OccurrenceQuery q) { return find_occurrence(p, q).id; }

}  // namespace

TEST_F(EngineStore, RecordCorrectUndoAppendOnly) {
  auto plan = load_plan_state(*db_, make_plan());
  auto o = occ(plan, query("1", "", "", 0, ""));
  auto r1 = record_progress(*db_, o, {"in_progress", "2023-01-20", "", "", "тест"});
  auto r2 = correct_progress(*db_, r1, done("2023-01-24"));
  EXPECT_EQ(count("progress"), 2);
  auto s = load_plan_state(*db_, plan.roadmap).status_as_of("");
  EXPECT_EQ(s[o].status, "done");
  EXPECT_EQ(s[o].date, "2023-01-24");
  undo_progress(*db_, r2, "тест", "ошибка");
  EXPECT_EQ(count("progress"), 3);  // nothing overwritten: three rows
  s = load_plan_state(*db_, plan.roadmap).status_as_of("");
  EXPECT_EQ(s[o].status, "in_progress");  // back to what the correction replaced
  EXPECT_THROW(undo_progress(*db_, r2, "тест", ""), ProgressError);
  EXPECT_THROW(db_->exec("UPDATE progress SET status = 'done'"), StoreError);
  EXPECT_THROW(db_->exec("DELETE FROM progress"), StoreError);
}

TEST_F(EngineStore, AmbiguousNumberNeedsPositionOrTitle) {
  auto plan = load_plan_state(*db_, make_plan());
  try {
    find_activity(plan, query("14", "", "", 0, ""));
    FAIL() << "ambiguous number accepted";
  } catch (const ProgressError& e) {
    EXPECT_NE(std::string(e.what()).find("--position"), std::string::npos);
  }
  EXPECT_EQ(find_activity(plan, query("14", "", "", 7, "")).title,
            "Курсы повышения квалификации");
  EXPECT_EQ(find_activity(plan, query("14", "", "", 0, "консульт")).position, 6);
  EXPECT_THROW(find_occurrence(plan, query("5", "", "", 0, "")), ProgressError);  // which school?
  EXPECT_THROW(find_occurrence(plan, query("3", "", "", 0, "")), ProgressError);  // which month?
  EXPECT_EQ(find_occurrence(plan, query("3", "", "2023-05", 0, "")).due_end, "2023-05-31");
}

TEST_F(EngineStore, BulkImportReportsPositionsAndChangesNothing) {
  auto id = make_plan();
  std::string bad =
      "мероприятие;школа;срок;статус;дата;подтверждение;примечание;кто\n"
      "1;;;выполнено;2023-01-25;Приказ №5;;Иванова\n"
      "5;sch990001;;сделано;2023-03-10;;;Иванова\n"
      "99;;;выполнено;2023-03-10;;;Иванова\n"
      "3;;;выполнено;10.03.2023;;;Иванова\n";
  try {
    import_progress_text(*db_, id, bad, "progress.csv");
    FAIL() << "bad file accepted";
  } catch (const ImportFailed& e) {
    std::string all = e.what();
    EXPECT_NE(all.find("progress.csv:3:4:"), std::string::npos) << all;  // unknown status
    EXPECT_NE(all.find("progress.csv:4:1:"), std::string::npos) << all;  // unknown activity
    EXPECT_NE(all.find("progress.csv:5:5:"), std::string::npos) << all;  // date format
  }
  EXPECT_EQ(count("progress"), 0);
  std::string good =
      "activity;school;due;status;date;evidence;note;who\n"
      "1;;;done;2023-01-25;Приказ №5;;Иванова\n"
      "5;sch990001;;выполнено;2023-03-10;РПШ;;Иванова\n";
  auto r = import_progress_text(*db_, id, good, "good.csv");
  EXPECT_EQ(r.written, 2);
  EXPECT_EQ(count("progress"), 2);
}

TEST_F(EngineStore, MonthStatusCounts) {
  auto plan = load_plan_state(*db_, make_plan());
  record_progress(*db_, occ(plan, query("1", "", "", 0, "")), done("2023-01-25"));
  record_progress(*db_, occ(plan, query("3", "", "2023-03", 0, "")), done("2023-03-15"));
  record_progress(*db_, occ(plan, query("5", "sch990001", "", 0, "")), done("2023-03-20"));
  plan = load_plan_state(*db_, plan.roadmap);
  auto st = month_status(plan, "2023-03");
  // Due in March: seminar, quarter I monitoring, 5 risk profiles.
  EXPECT_EQ(st.total.due, 7);
  EXPECT_EQ(st.total.done, 2);
  EXPECT_EQ(st.total.overdue, 1);  // the meeting due 10.02, never recorded
  EXPECT_EQ(st.total.upcoming, 0);
  EXPECT_EQ(st.total.done_cumulative, 3);
  EXPECT_EQ(month_status(plan, "2023-04").total.upcoming, 1);  // May seminar
  EXPECT_THROW(month_bounds("2023-13"), std::invalid_argument);
}

TEST_F(EngineStore, TargetsParseAsDocumentsWriteThem) {
  auto t = parse_target("не менее 2");
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->met(2));
  EXPECT_FALSE(t->met(1));
  EXPECT_TRUE(parse_target("100%")->percent);
  EXPECT_FALSE(parse_target("100%")->met(80));
  EXPECT_TRUE(parse_target("≥ 10%")->met(10));
  EXPECT_TRUE(parse_target("10 % педагогических работников")->met(12.5));
  EXPECT_FALSE(parse_target("не более 5 %")->met(6));
  EXPECT_FALSE(parse_target("по плану"));
}

TEST_F(EngineStore, IndicatorsWithKnownAnswers) {
  auto plan = load_plan_state(*db_, make_plan());
  // Four of five ШНОР made their risk profile by the end of March; one more in April.
  for (int s = 1; s <= 4; ++s)
    record_progress(*db_, occ(plan, query("5", "sch99000" + std::to_string(s), "", 0, "")),
                    done("2023-03-2" + std::to_string(s)));
  record_progress(*db_, occ(plan, query("5", "sch990005", "", 0, "")), done("2023-04-03"));
  record_progress(*db_, occ(plan, query("3", "", "2023-03", 0, "")), done("2023-03-15"));
  auto act14 = find_activity(plan, query("14", "", "", 7, "")).id;
  for (int i = 0; i < 6; ++i)
    add_participation(*db_, {act14, std::nullopt, "Педагог " + std::to_string(i), "teacher",
                             "2023-04-10", "тест"});

  auto eff = catalog_->effective("reg/muni");
  auto data = load_snapshot_for(*db_, "reg/muni", 2023, false);
  auto in = load_month(*db_, eff, *data, "reg/muni", "2023-04");
  auto results = compute_indicators(eff, in->indicators, "2023-03-31", "2023-02-28");
  std::map<std::string, IndicatorResult> by;
  for (auto& r : results) by[r.id] = r;

  EXPECT_EQ(by["rpsh_share"].numerator, 4);
  EXPECT_EQ(by["rpsh_share"].denominator, 5);
  EXPECT_DOUBLE_EQ(*by["rpsh_share"].value, 80.0);
  EXPECT_TRUE(*by["rpsh_share"].met);   // не менее 80%
  EXPECT_FALSE(*by["rpsh_full"].met);   // 100%
  EXPECT_DOUBLE_EQ(*by["rpsh_share"].previous, 0.0);
  EXPECT_DOUBLE_EQ(*by["seminars"].value, 1.0);
  EXPECT_FALSE(*by["seminars"].met);    // не менее 2
  EXPECT_NE(by["broken"].error.find("no_such_type"), std::string::npos);

  auto april = compute_indicators(eff, in->indicators, "2023-04-30", "2023-03-31");
  for (auto& r : april) by[r.id] = r;
  EXPECT_DOUBLE_EQ(*by["rpsh_full"].value, 100.0);
  EXPECT_TRUE(*by["rpsh_full"].met);
  EXPECT_DOUBLE_EQ(*by["rpsh_full"].previous, 80.0);
  EXPECT_DOUBLE_EQ(*by["teachers"].value, 12.0);  // 6 of teachers_total 50
  EXPECT_TRUE(*by["teachers"].met);
}

TEST_F(EngineStore, ReportMatchesGoldenFile) {
  // Stamps are shown in local time: the golden document is read in UTC wherever it runs.
  setenv("TZ", "UTC", 1);
  tzset();
  auto plan = load_plan_state(*db_, make_plan());
  record_progress(*db_, occ(plan, query("1", "", "", 0, "")), done("2023-01-25"));
  record_progress(*db_, occ(plan, query("3", "", "2023-03", 0, "")), done("2023-03-15"));
  for (int s = 1; s <= 4; ++s)
    record_progress(*db_, occ(plan, query("5", "sch99000" + std::to_string(s), "", 0, "")),
                    done("2023-03-2" + std::to_string(s)));
  auto data = load_snapshot_for(*db_, "reg/muni", 2023, false);
  ReportOptions o;
  o.generated_at = "2023-04-01T00:00:00Z";
  o.synthetic = true;
  auto doc = build_monthly_report(*db_, *catalog_, *data, "reg/muni", "2023-03", o);
  auto golden = std::filesystem::path(OPORA_TEST_DATA) / "engine" / "golden" / "report.json";
  if (std::getenv("OPORA_UPDATE_GOLDEN")) {
    std::ofstream(golden) << doc.dump(2) << "\n";
    GTEST_SKIP() << "golden file rewritten: " << golden;
  }
  std::ifstream in(golden);
  ASSERT_TRUE(in) << "no golden file " << golden << " (run with OPORA_UPDATE_GOLDEN=1)";
  auto expected = nlohmann::json::parse(in);
  EXPECT_EQ(doc, expected) << nlohmann::json::diff(expected, doc).dump(2);
  EXPECT_EQ(doc["schema"], "opora.report/1");
  EXPECT_EQ(doc["sections"].size(), 8u);
}

}  // namespace opora::host::test

namespace opora::host::test {

// Issue 8 §6: a progress record dated 2099 (or before the plan, or done "in the future") is
// refused by the one date rule, in record, correct, participation and bulk import alike.
TEST(RecordDates, OneRuleForThePlanYearAndToday) {
  const Date today{2023, 6, 1};
  EXPECT_EQ(record_date_problem({2023, 3, 10}, 2023, false, today), "");
  EXPECT_EQ(record_date_problem({2022, 1, 1}, 2023, false, today), "");  // preparation
  EXPECT_NE(record_date_problem({2099, 1, 1}, 2023, false, today).find("вне срока плана 2023"),
            std::string::npos);
  EXPECT_NE(record_date_problem({2021, 12, 31}, 2023, false, today), "");
  EXPECT_NE(record_date_problem({2023, 9, 1}, 2023, false, today).find("ещё не наступила"),
            std::string::npos);
  EXPECT_EQ(record_date_problem({2023, 9, 1}, 2023, true, today), "");  // planned may be ahead
  EXPECT_EQ(record_date_problem(today.add_days(kRecordAheadDays), 2023, false, today), "");
}

TEST_F(EngineStore, ProgressDated2099IsRefused) {
  auto plan = load_plan_state(*db_, make_plan());
  auto o = occ(plan, query("1", "", "", 0, ""));
  try {
    record_progress(*db_, o, done("2099-01-25"));
    FAIL() << "2099 accepted";
  } catch (const ProgressError& e) {
    EXPECT_NE(std::string(e.what()).find("вне срока плана 2023"), std::string::npos) << e.what();
  }
  auto r = record_progress(*db_, o, done("2023-01-25"));
  EXPECT_THROW(correct_progress(*db_, r, done("2099-01-25")), ProgressError);
  EXPECT_THROW(add_participation(*db_, {plan.activities[0].id, std::nullopt, "Педагог", "teacher",
                                        "2099-01-25", "тест"}),
               ProgressError);
  EXPECT_EQ(count("progress"), 1);
  EXPECT_EQ(count("participation"), 0);

  std::string bad =
      "activity;school;due;status;date;evidence;note;who\n"
      "3;;2023-05;done;2023-05-20;;;Иванова\n"
      "1;;;done;2099-01-25;;;Иванова\n";
  try {
    import_progress_text(*db_, plan.roadmap, bad, "progress.csv");
    FAIL() << "2099 accepted by the import";
  } catch (const ImportFailed& e) {
    std::string all = e.what();
    EXPECT_NE(all.find("progress.csv:3:5: дата 25.01.2099 вне срока плана 2023"), std::string::npos)
        << all;
  }
  EXPECT_EQ(count("progress"), 1);  // nothing of the refused file was written
}

}  // namespace opora::host::test
