// One notion of done (issue 9 §1) and time read the way the plan reads it (§2), on hand-made
// plans with known answers. Each test is named after the seed row it reproduces.
#include "engine/indicators.hpp"
#include "engine/month_inputs.hpp"
#include "engine/progress.hpp"
#include "engine/status.hpp"
#include "fixture.hpp"
#include "report/document.hpp"

namespace opora::host::test {

namespace {

class PlanStatus : public EngineStore {
 protected:
  // A plan of its own: the template is registered in the catalog so that its year kind is known.
  std::int64_t plan_of(std::vector<ActivityTemplate> acts, int year = 2023,
                       std::string kind = "calendar") {
    RoadmapTemplate t = muni_template();
    t.id = "case_plan";
    t.year = year;
    t.year_kind = kind;
    t.activities = std::move(acts);
    catalog_->add_roadmap(t);
    return create_plan(*db_, t, "reg/muni", year, members()).roadmap;
  }

  static ActivityTemplate with_indicator(ActivityTemplate a, std::string id) {
    a.indicator = std::move(id);
    return a;
  }

  PlanState plan(std::int64_t id) { return load_plan_state(*db_, id); }

  std::int64_t occurrence(const PlanState& p, std::string number, std::string school = "",
                          std::string due = "") {
    OccurrenceQuery q;
    q.activity = std::move(number);
    q.school = std::move(school);
    q.due = std::move(due);
    return find_occurrence(p, q).id;
  }

  void record(std::int64_t occ, std::string status, std::string date,
              std::string evidence = "Протокол") {
    record_progress(*db_, occ, {std::move(status), std::move(date), std::move(evidence), "", "тест"});
  }

  void took_part(const PlanState& p, std::string number, int school, std::string date) {
    for (const auto& a : p.activities)
      if (a.number == number) {
        Participation part;
        part.activity = a.id;
        part.school = school;
        part.date = std::move(date);
        part.who = "тест";
        add_participation(*db_, part);
        return;
      }
    FAIL() << "no activity " << number;
  }

  // Indicators of the month as the report computes them.
  std::map<std::string, IndicatorResult> indicators(std::string month) {
    auto eff = catalog_->effective("reg/muni");
    data_ = load_snapshot_for(*db_, "reg/muni", 2023, false);
    in_ = load_month(*db_, eff, *data_, "reg/muni", month);
    std::map<std::string, IndicatorResult> by;
    for (auto& r : compute_indicators(eff, in_->indicators, in_->month.last,
                                      in_->month.previous_last))
      by[r.id] = r;
    return by;
  }

  // The month status with the schools each activity should reach, as `roadmap status` makes it.
  MonthStatus status(const PlanState& p, std::string month) {
    auto eff = catalog_->effective("reg/muni");
    reach_ = activity_reach(p, eff, plan_identification(*db_, "reg/muni", p.year));
    return month_status(p, month, &reach_);
  }

  static const StatusRow* row(const MonthStatus& st, std::string number, std::string due = "") {
    for (const auto& r : st.rows)
      if (r.activity->number == number &&
          (due.empty() || r.occurrence->due_end.compare(0, due.size(), due) == 0))
        return &r;
    return nullptr;
  }

  std::unique_ptr<Snapshot> data_;
  std::unique_ptr<MonthInputs> in_;
  ActivityReach reach_;
};

}  // namespace

// Зима row 25: a territory row «организация участия ШНОР» with participation recorded for every
// ШНОР is done — the status agrees with the 100 % of its participation indicator.
TEST_F(PlanStatus, Zima25ParticipationOfEverySchoolIsTheRowDone) {
  add_indicator("needs_share", "100% ШНОР приняли участие в сборе образовательных потребностей",
                "percent", "participation_share",
                {{"category", std::string("low_results")}, {"activity", std::string("25")}},
                "100%");
  auto id = plan_of({with_indicator(activity("25", "Организация участия ШНОР в сборе потребностей",
                                             "Апрель, сентябрь"),
                                    "needs_share")});
  auto p = plan(id);
  for (int s = 1; s <= 4; ++s) took_part(p, "25", s, "2023-04-1" + std::to_string(s));
  p = plan(id);
  // Four of five: in progress in April, overdue in May; the indicator is not met either.
  ASSERT_TRUE(row(status(p, "2023-04"), "25", "2023-04"));
  EXPECT_EQ(row(status(p, "2023-04"), "25", "2023-04")->mark, "in_progress");
  EXPECT_EQ(row(status(p, "2023-05"), "25", "2023-04")->mark, "overdue");
  EXPECT_FALSE(*indicators("2023-04")["needs_share"].met);

  took_part(p, "25", 5, "2023-04-28");
  p = plan(id);
  auto april = status(p, "2023-04");
  const auto* r = row(april, "25", "2023-04");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->mark, "done");
  EXPECT_EQ(r->verdict.date, "2023-04-28");
  EXPECT_EQ(r->verdict.reached, 5);
  EXPECT_EQ(r->verdict.expected, 5);
  EXPECT_EQ(april.total.done, 1);
  EXPECT_EQ(status(p, "2023-05").total.overdue, 0);  // not ПРОСРОЧЕНО any more
  auto ind = indicators("2023-04")["needs_share"];
  EXPECT_DOUBLE_EQ(*ind.value, 100.0);
  EXPECT_TRUE(*ind.met);
}

// Зима row 26: a per-school row done for every ШНОР counts as their participation: «100% ШНОР
// приняли участие в исследовании» is 100 %, not 0 %. And the other way round: a school recorded
// as taking part has its own occurrence done.
TEST_F(PlanStatus, Zima26SchoolRowsDoneAreTheSchoolsParticipation) {
  add_indicator("survey_share", "100% ШНОР приняли участие в исследовании", "percent",
                "participation_share",
                {{"category", std::string("low_results")}, {"activity", std::string("26")}},
                "100%");
  auto id = plan_of({with_indicator(activity("26", "Анкетирование ШНОР", "Март-апрель", "school",
                                             "low_results"),
                                    "survey_share")});
  auto p = plan(id);
  for (int s = 1; s <= 4; ++s) record(occurrence(p, "26", "sch99000" + std::to_string(s)), "done",
                                      "2023-04-0" + std::to_string(s));
  took_part(p, "26", 5, "2023-04-20");  // the fifth school only through participation
  p = plan(id);
  auto ind = indicators("2023-04")["survey_share"];
  EXPECT_EQ(ind.numerator, 5);
  EXPECT_DOUBLE_EQ(*ind.value, 100.0);
  EXPECT_TRUE(*ind.met);
  auto st = status(p, "2023-04");
  EXPECT_EQ(st.total.due, 5);
  EXPECT_EQ(st.total.done, 5);
  const auto* fifth = row(st, "26");
  for (const auto& r : st.rows)
    if (r.occurrence->login == "sch990005") fifth = &r;
  EXPECT_EQ(fifth->mark, "done");
  EXPECT_EQ(fifth->verdict.date, "2023-04-20");
}

// Сочи row 31, «Составление рискованного профиля ОО … не реже одного в четверть»: a recurring
// per-school activity. A school with a quarter overdue has not done the activity, whatever it did
// in earlier quarters, so «Доля ШНОР, составивших рисковый профиль» does not read 100 % beside a
// row that says ПРОСРОЧЕНО; an early completion counts before anything is due.
TEST_F(PlanStatus, Sochi31AnOverdueQuarterLeavesTheSchoolOutOfTheShare) {
  add_indicator("risk_profile_share", "Доля ШНОР, составивших рисковый профиль ОО", "percent",
                "share_done",
                {{"category", std::string("low_results")}, {"activity", std::string("31")}},
                "100%");
  auto id = plan_of({with_indicator(activity("31", "Составление рискованного профиля ОО",
                                             "Март, май", "school", "low_results"),
                                    "risk_profile_share")});
  auto p = plan(id);
  // Before anything is due, the early completion of one school counts.
  record(occurrence(p, "31", "sch990001", "2023-03"), "done", "2023-02-20");
  EXPECT_EQ(indicators("2023-02")["risk_profile_share"].numerator, 1);
  for (int s = 2; s <= 5; ++s)
    record(occurrence(p, "31", "sch99000" + std::to_string(s), "2023-03"), "done", "2023-03-1" + std::to_string(s));
  for (int s = 1; s <= 4; ++s)
    record(occurrence(p, "31", "sch99000" + std::to_string(s), "2023-05"), "done", "2023-05-1" + std::to_string(s));
  p = plan(id);
  auto april = indicators("2023-04")["risk_profile_share"];
  EXPECT_EQ(april.numerator, 5);
  EXPECT_TRUE(*april.met);
  // May's occurrence of the fifth school is due on 31 May: overdue in June, and the share drops.
  auto june = indicators("2023-06")["risk_profile_share"];
  EXPECT_EQ(june.numerator, 4);
  EXPECT_FALSE(*june.met);
  const StatusRow* fifth = nullptr;
  auto st = status(p, "2023-06");
  for (const auto& r : st.rows)
    if (r.occurrence->login == "sch990005" && r.occurrence->due_end == "2023-05-31") fifth = &r;
  ASSERT_TRUE(fifth);
  EXPECT_EQ(fifth->mark, "overdue");
  // Cancelling it excuses the school.
  record(occurrence(p, "31", "sch990005", "2023-05"), "cancelled", "2023-06-05");
  EXPECT_EQ(indicators("2023-06")["risk_profile_share"].numerator, 5);
}

// Зима row 8: «Не менее 2 встреч» due in May. Two meetings are two records of the one May
// occurrence, and the count target counts them; `--seq 2` names a second deadline, which the
// row does not have, and the refusal says how to record a second meeting.
TEST_F(PlanStatus, Zima8TwoMeetingsOfOneDeadlineCountTwo) {
  add_indicator("arp_meetings", "Не менее 2 встреч", "count", "count_done",
                {{"activity", std::string("8")}}, "не менее 2");
  auto id = plan_of({with_indicator(activity("8", "Консультационные встречи", "Май"),
                                    "arp_meetings")});
  auto p = plan(id);
  auto o = occurrence(p, "8");
  record(o, "done", "2023-05-10", "Протокол №1");
  EXPECT_DOUBLE_EQ(*indicators("2023-05")["arp_meetings"].value, 1.0);
  record(o, "done", "2023-05-24", "Протокол №2");
  auto ind = indicators("2023-05")["arp_meetings"];
  EXPECT_DOUBLE_EQ(*ind.value, 2.0);
  EXPECT_TRUE(*ind.met);
  p = plan(id);
  EXPECT_EQ(row(status(p, "2023-05"), "8")->verdict.events, 2);
  // As of 15 May only the first meeting had taken place.
  EXPECT_EQ(PlanVerdicts(p, "2023-05-15").of(o).events, 1);

  OccurrenceQuery q;
  q.activity = "8";
  q.seq = 2;
  try {
    find_occurrence(p, q);
    FAIL() << "a second deadline that does not exist was accepted";
  } catch (const ProgressError& e) {
    EXPECT_NE(std::string(e.what()).find("ещё одной записью без --seq"), std::string::npos)
        << e.what();
  }
}

// Done after the due date is «выполнено с нарушением срока», in the status and for indicators.
TEST_F(PlanStatus, DoneAfterTheDueDateIsDoneLate) {
  auto id = plan_of({activity("2", "Совещание", "до 10.02.2023"), activity("3", "Приказ", "15.02.2023")});
  auto p = plan(id);
  record(occurrence(p, "2"), "done", "2023-02-15");
  record(occurrence(p, "3"), "done", "2023-02-15");
  p = plan(id);
  auto feb = status(p, "2023-02");
  EXPECT_EQ(row(feb, "2")->mark, "done_late");
  EXPECT_EQ(row(feb, "3")->mark, "done");
  EXPECT_EQ(feb.total.done, 2);
  EXPECT_EQ(feb.total.done_late, 1);
  EXPECT_EQ(status_label("done_late"), "выполнено с нарушением срока");
}

// Серафимович row 6, due 20.02: on 21.02 it is overdue, and so at the end of February — not
// «срок в этом месяце».
TEST_F(PlanStatus, Serafimovich6OverdueTheDayAfterItsDeadline) {
  auto id = plan_of({activity("6", "Мониторинг", "20.02.2023")});
  auto p = plan(id);
  auto o = occurrence(p, "6");
  EXPECT_EQ(PlanVerdicts(p, "2023-02-20").of(o).mark, "due");
  EXPECT_EQ(PlanVerdicts(p, "2023-02-21").of(o).mark, "overdue");
  EXPECT_EQ(PlanVerdicts(p, "2023-02-01").of(o).mark, "not_due");
  auto feb = status(p, "2023-02");
  ASSERT_TRUE(row(feb, "6"));
  EXPECT_EQ(row(feb, "6")->mark, "overdue");
  EXPECT_EQ(feb.total.overdue, 1);
  EXPECT_EQ(feb.total.due, 1);
}

// Чебаркуль row 3, «Март-июнь 2023 г.»: a window of four months is shown in each of them.
TEST_F(PlanStatus, Chebarkul3WindowAppearsInEveryMonthOfIt) {
  auto id = plan_of({activity("3", "Разработка программ", "Март-июнь 2023 г.")});
  auto p = plan(id);
  EXPECT_FALSE(row(status(p, "2023-02"), "3"));
  for (auto m : {"2023-03", "2023-04", "2023-05"}) {
    auto st = status(p, m);  // the rows point into it: keep it while they are read
    const auto* r = row(st, "3");
    ASSERT_TRUE(r) << m;
    EXPECT_EQ(r->mark, "window") << m;
  }
  EXPECT_EQ(row(status(p, "2023-06"), "3")->mark, "due");
  EXPECT_EQ(row(status(p, "2023-07"), "3")->mark, "overdue");
  record(occurrence(p, "3"), "in_progress", "2023-04-05");
  p = plan(id);
  EXPECT_EQ(row(status(p, "2023-04"), "3")->mark, "in_progress");
}

// Чебаркуль's 2023 plan ends with rows due in January 2024: January 2024 is reportable, with
// the 2023 plan (and its identification), February 2024 is not.
TEST_F(PlanStatus, Chebarkul2023PlanReportsJanuary2024) {
  plan_of({activity("1", "Анализ", "Март 2023 г."), activity("20", "Итоги года", "Январь 2024 г.")});
  auto eff = catalog_->effective("reg/muni");
  auto jan = find_plan_for_month(*db_, eff, "reg/muni", "2024-01");
  ASSERT_TRUE(jan);
  EXPECT_EQ(jan->year.year, 2023);
  EXPECT_FALSE(find_plan_for_month(*db_, eff, "reg/muni", "2024-02"));
  EXPECT_EQ(year_for_month(*db_, eff, "reg/muni", "2024-01"), 2023);
  auto jan_plan = plan(jan->roadmap);  // the status rows point into the plan: keep it
  auto st = status(jan_plan, "2024-01");
  EXPECT_EQ(st.total.due, 1);
  EXPECT_EQ(row(st, "20")->mark, "due");
  EXPECT_EQ(row(st, "1")->mark, "overdue");
}

// Баган's school-year 2022/2023 plan opens with rows for July 2022, before its school year.
TEST_F(PlanStatus, BaganSchoolYearPlanReportsJuly2022) {
  plan_of({activity("1", "Анализ результатов", "Июль 2022"), activity("2", "Семинар", "сентябрь")},
          2022, "school");
  auto eff = catalog_->effective("reg/muni");
  auto july = find_plan_for_month(*db_, eff, "reg/muni", "2022-07");
  ASSERT_TRUE(july);
  EXPECT_TRUE(july->year.school_year);
  EXPECT_EQ(row(status(plan(july->roadmap), "2022-07"), "1")->mark, "due");
  EXPECT_FALSE(find_plan_for_month(*db_, eff, "reg/muni", "2022-06"));
}

// Зима's May summary: indicators of rows due later are «срок не наступил», not critical; an
// indicator already reached counts as reached; after the deadline it is not reached.
TEST_F(PlanStatus, ZimaMayIndicatorsOfLaterRowsAreNotYetDue) {
  add_indicator("sept_events", "Не менее 1 мероприятия в сентябре", "count", "count_done",
                {{"activity", std::string("30")}}, "не менее 1");
  add_indicator("april_events", "Не менее 1 мероприятия в апреле", "count", "count_done",
                {{"activity", std::string("31")}}, "не менее 1");
  add_indicator("early_events", "Не менее 1 мероприятия в декабре", "count", "count_done",
                {{"activity", std::string("32")}}, "не менее 1");
  auto id = plan_of({activity("30", "Семинар", "Сентябрь"), activity("31", "Встреча", "Апрель"),
                     activity("32", "Конференция", "Декабрь")});
  auto p = plan(id);
  record(occurrence(p, "32"), "done", "2023-05-12");  // held early
  auto may = indicators("2023-05");
  EXPECT_TRUE(may["sept_events"].not_due);
  EXPECT_FALSE(may["sept_events"].met);
  EXPECT_FALSE(may["april_events"].not_due);
  EXPECT_FALSE(*may["april_events"].met);
  EXPECT_FALSE(may["early_events"].not_due);
  EXPECT_TRUE(*may["early_events"].met);
  auto october = indicators("2023-10");
  EXPECT_FALSE(october["sept_events"].not_due);
  EXPECT_FALSE(*october["sept_events"].met);

  // The report's summary counts them apart from the unreached ones.
  auto doc = build_monthly_report(*db_, *catalog_, *data_, "reg/muni", "2023-05", {});
  for (const auto& s : doc["sections"]) {
    if (s["id"] != "summary") continue;
    for (const auto& b : s["blocks"])
      if (b.value("title", "") == "Показатели")
        for (const auto& item : b["items"]) {
          if (item["label"] == "Срок не наступил") {
            EXPECT_GE(item["value"].get<int>(), 1);
          }
        }
  }
  for (const auto& s : doc["sections"])
    if (s["id"] == "indicators")
      for (const auto& r : s["blocks"][0]["rows"])
        if (r["id"] == "sept_events") {
          EXPECT_EQ(r["status"], "not_due");
        }
}

// A March 2023 report plots the results known by 31.03.2023: not 2023's, not 2024's.
TEST_F(PlanStatus, March2023ReportChartsStopAtTheReportDate) {
  for (int i = 1; i <= 6; ++i)
    for (int year : {2023, 2024}) {
      auto r = db_->prepare(
          "INSERT INTO results VALUES (?, ?, 'ВПР', 5, 'Русский язык', 20, 2, 8, 6, 4, NULL)");
      r.bind_all(i, year);
      r.run();
    }
  plan_of({activity("1", "Приказ", "25.01.2023")});
  auto data = load_snapshot_for(*db_, "reg/muni", 2023, false);
  auto years_of = [&](const char* month) {
    auto doc = build_monthly_report(*db_, *catalog_, *data, "reg/muni", month, {});
    for (const auto& s : doc["sections"])
      if (s["id"] == "dynamics") return s["blocks"][0]["x"];
    return nlohmann::json();
  };
  EXPECT_EQ(years_of("2023-03"), nlohmann::json({"2021", "2022"}));
  EXPECT_EQ(years_of("2023-06"), nlohmann::json({"2021", "2022", "2023"}));
}

}  // namespace opora::host::test
