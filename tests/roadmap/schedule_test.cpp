// Deadline phrases → schedules → dated occurrences. The table lists every deadline text of the
// five seed roadmaps (/work/shared/seeds, "Сроки"/"Срок"/"Период реализации" columns) verbatim.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "roadmap/schedule.hpp"

namespace opora::host {
namespace {

using Kind = Schedule::Kind;

TEST(Calendar, DatesAndSchoolYears) {
  EXPECT_EQ((Date{2023, 12, 31}).add_days(1), (Date{2024, 1, 1}));
  EXPECT_EQ((Date{2024, 3, 1}).add_days(-1), (Date{2024, 2, 29}));
  EXPECT_EQ((Date{2023, 2, 10}).end_of_month(), (Date{2023, 2, 28}));
  EXPECT_EQ((Date{2023, 2, 5}).iso(), "2023-02-05");
  EXPECT_EQ((Date{2023, 2, 5}).russian(), "05.02.2023");
  EXPECT_EQ(Date::from_iso("2024-02-29"), (Date{2024, 2, 29}));
  EXPECT_FALSE(Date::from_iso("2023-02-29"));
  EXPECT_FALSE(Date::from_iso("2023-2-01"));
  EXPECT_FALSE((Date{2023, 13, 1}).valid());
  EXPECT_LT((Date{2022, 12, 31}), (Date{2023, 1, 1}));

  EXPECT_EQ(school_year_of({2023, 3, 15}), 2022);
  EXPECT_EQ(school_year_of({2023, 9, 1}), 2023);
  const PlanYear school{2022, true}, calendar{2023, false};
  EXPECT_EQ(school.start(), (Date{2022, 9, 1}));
  EXPECT_EQ(school.end(), (Date{2023, 8, 31}));
  EXPECT_EQ(school.year_of_month(8), 2023);
  EXPECT_EQ(school.year_of_month(9), 2022);
  EXPECT_EQ(calendar.year_of_month(9), 2023);
  EXPECT_EQ(school.label(), "2022/2023 учебный год");

  auto q = school_quarter_of({2023, 2, 1});
  ASSERT_TRUE(q);
  EXPECT_EQ(q->number, 3);
  EXPECT_EQ(q->school_year, 2022);
  EXPECT_FALSE(school_quarter_of({2022, 11, 1}));  // autumn holidays
  EXPECT_FALSE(school_quarter_of({2023, 7, 1}));   // summer

  EXPECT_EQ(month_of_word("марте"), 3);
  EXPECT_EQ(month_of_word("мая"), 5);
  EXPECT_EQ(month_of_word("сентябрь"), 9);
  EXPECT_EQ(month_of_word("маяк"), 0);
  EXPECT_EQ(month_of_word("мартовский"), 0);
}

// Compact form of a schedule's kind and key fields: "by_date 2023-02-10", "months 10 12 03 05".
std::string summary(const Schedule& s) {
  std::string out(kind_name(s.kind));
  auto month = [](const MonthRef& r) {
    char buf[16];
    if (r.year) std::snprintf(buf, sizeof buf, "%02d.%04d", r.month, r.year);
    else std::snprintf(buf, sizeof buf, "%02d", r.month);
    return std::string(buf);
  };
  switch (s.kind) {
    case Kind::date:
    case Kind::by_date: out += " " + s.last.iso(); break;
    case Kind::range: out += " " + s.first.iso() + ".." + s.last.iso(); break;
    case Kind::months:
    case Kind::yearly:
      for (const MonthSpan& sp : s.months)
        out += " " + (sp.from == sp.to ? month(sp.from) : month(sp.from) + ".." + month(sp.to));
      break;
    case Kind::until_quarter: out += " " + std::to_string(s.quarter); break;
    case Kind::external: if (!s.body.empty()) out += " " + s.body; break;
    case Kind::event: out += " " + s.event; break;
    default: break;
  }
  return out;
}

// Plan years of the seed documents: the year each roadmap is for.
const PlanYear kSerafimovich{2023, false};  // 000: план на 2023 год
const PlanYear kBagan{2022, true};          // 001: приказ 04.07.2022, учебный год 2022/2023
const PlanYear kChebarkul{2023, false};     // 002: комплекс мероприятий на 2023 год
const PlanYear kZima{2024, false};          // 003: дорожная карта на 2024 год
const PlanYear kSochi{2020, true};          // 004: приказ 28.01.2021, учебный год 2020/2021

struct SeedCase {
  const char* doc;
  const PlanYear* plan;
  const char* text;
  const char* expected;
};

const SeedCase kSeeds[] = {
    // 000_030444eb4d6b0ba3.txt, Серафимовичский район, "Сроки выполнения"
    {"000", &kSerafimovich, "25.01.2023", "date 2023-01-25"},
    {"000", &kSerafimovich, "До 10.02.2023", "by_date 2023-02-10"},
    {"000", &kSerafimovich, "13-17.02.2023", "range 2023-02-13..2023-02-17"},
    {"000", &kSerafimovich, "До 20.02.2023", "by_date 2023-02-20"},
    {"000", &kSerafimovich, "25.02.2023", "date 2023-02-25"},
    {"000", &kSerafimovich, "28.02.2023", "date 2023-02-28"},
    {"000", &kSerafimovich, "Март 2023", "months 03.2023"},
    {"000", &kSerafimovich, "До 10.04.2023", "by_date 2023-04-10"},
    {"000", &kSerafimovich, "В теч. года", "during_year"},
    {"000", &kSerafimovich, "По графику ВГАПО", "external ВГАПО"},
    {"000", &kSerafimovich, "ежеквартально", "quarterly"},
    {"000", &kSerafimovich, "Ноябрь 2022", "months 11.2022"},
    {"000", &kSerafimovich, "Январь 2023", "months 01.2023"},
    {"000", &kSerafimovich, "Февраль 2023", "months 02.2023"},
    {"000", &kSerafimovich, "Апрель 2023", "months 04.2023"},
    {"000", &kSerafimovich, "До 31.12.2023", "by_date 2023-12-31"},
    {"000", &kSerafimovich, "До 25.06.2023", "by_date 2023-06-25"},
    {"000", &kSerafimovich, "До 25.12.2023", "by_date 2023-12-25"},
    {"000", &kSerafimovich, "До 30.12.2023", "by_date 2023-12-30"},
    // 001_c56dc7990b71b4d9.txt, Баганский район, "Период /срок реализации/"
    {"001", &kBagan, "Июль 2022", "months 07.2022"},
    {"001", &kBagan, "Сентябрь 2022", "months 09.2022"},
    {"001", &kBagan, "В течение года", "during_year"},
    {"001", &kBagan, "Октябрь, декабрь, март, май", "months 10 12 03 05"},
    {"001", &kBagan, "Ежегодно", "yearly"},
    {"001", &kBagan, "сентябрь", "months 09"},
    {"001", &kBagan, "ежегодно", "yearly"},
    {"001", &kBagan, "Ежегодно Сентябрь", "yearly 09"},
    {"001", &kBagan, "Октябрь Декабрь Март Май", "months 10 12 03 05"},
    {"001", &kBagan, "Ежегодно В течение учебного года", "yearly"},
    {"001", &kBagan, "В течение учебного года", "during_year"},
    // 002_deeac558faf64412.txt, Чебаркульский округ, "Период реализации"
    {"002", &kChebarkul, "февраль 2023 г.", "months 02.2023"},
    {"002", &kChebarkul, "Март-июнь 2023 г.", "months 03.2023..06.2023"},
    {"002", &kChebarkul, "Март 2023 г.", "months 03.2023"},
    {"002", &kChebarkul, "Апрель 2023 г.", "months 04.2023"},
    {"002", &kChebarkul, "Май 2023 г.", "months 05.2023"},
    {"002", &kChebarkul, "Август 2023 г.", "months 08.2023"},
    {"002", &kChebarkul, "Ноябрь 2023 г.", "months 11.2023"},
    {"002", &kChebarkul, "Октябрь 2023 г.", "months 10.2023"},
    {"002", &kChebarkul, "Январь 2024 г.", "months 01.2024"},
    // 003_bf3917921c2b2912.txt, Зиминское МО, "Сроки реализации"
    {"003", &kZima, "Март-апрель", "months 03..04"},
    {"003", &kZima, "Март", "months 03"},
    {"003", &kZima, "Апрель", "months 04"},
    {"003", &kZima, "Январь-апрель", "months 01..04"},
    {"003", &kZima, "В течение года", "during_year"},
    {"003", &kZima, "Февраль-апрель", "months 02..04"},
    {"003", &kZima, "Апрель-май", "months 04..05"},
    {"003", &kZima, "Май", "months 05"},
    {"003", &kZima, "С течение года", "during_year"},
    {"003", &kZima, "Август", "months 08"},
    {"003", &kZima, "Апрель, сентябрь", "months 04 09"},
    {"003", &kZima, "Июнь", "months 06"},
    {"003", &kZima, "Октябрь", "months 10"},
    // 004_bad5b6982bec67cd.txt, Сочи, "Срок исполнения"
    {"004", &kSochi, "февраль 2021", "months 02.2021"},
    {"004", &kSochi, "февраль-апрель 2021", "months 02.2021..04.2021"},
    {"004", &kSochi, "январь 2021", "months 01.2021"},
    {"004", &kSochi, "август 2021", "months 08.2021"},
    {"004", &kSochi, "не реже одного в четверть", "school_quarters"},
    {"004", &kSochi, "не реже одной в полугодие", "half_years"},
    {"004", &kSochi, "не реже одного в полугодие", "half_years"},
    {"004", &kSochi, "в течение года", "during_year"},
    {"004", &kSochi, "по плану работы", "external"},
    {"004", &kSochi, "декабрь 2020", "months 12.2020"},
    {"004", &kSochi, "до 15 декабря 2020", "by_date 2020-12-15"},
    {"004", &kSochi, "в конце четверти", "end_of_quarter"},
    {"004", &kSochi, "до четвертой четверти", "until_quarter 4"},
    {"004", &kSochi, "после проведения оценочной процедуры",
     "event после проведения оценочной процедуры"},
    {"004", &kSochi, "по плану работы МТКП", "external МТКП"},
    {"004", &kSochi, "по плану работы МНЦ", "external МНЦ"},
    {"004", &kSochi, "по плану работы ИРО КК, СЦРО", "external ИРО КК, СЦРО"},
};

TEST(ScheduleSeeds, EveryDeadlineOfTheFiveDocumentsParses) {
  for (const SeedCase& c : kSeeds) {
    Schedule s = parse_deadline(c.text, *c.plan);
    EXPECT_TRUE(s.parsed()) << c.doc << ": " << c.text;
    EXPECT_EQ(summary(s), c.expected) << c.doc << ": " << c.text;
    EXPECT_EQ(s.text, c.text) << c.doc;
  }
}

// Other spellings the brief and real documents use.
TEST(ScheduleParse, AcceptedVariants) {
  const PlanYear plan{2022, true};
  const std::pair<const char*, const char*> cases[] = {
      {"25.01.2023 г.", "date 2023-01-25"},
      {"25.01.23", "date 2023-01-25"},
      {"5.3.2023", "date 2023-03-05"},
      {"  ДО\n 10.02.2023 г.  ", "by_date 2023-02-10"},
      {"не позднее 01.03.2023", "by_date 2023-03-01"},
      {"Не позже 15 марта 2023 года", "by_date 2023-03-15"},
      {"до 15 декабря", "by_date 2022-12-15"},
      {"до 15.03", "by_date 2023-03-15"},
      {"13.02-17.03.2023", "range 2023-02-13..2023-03-17"},
      {"13.02.2023 – 17.03.2023", "range 2023-02-13..2023-03-17"},
      {"с 13.02.2023 по 17.03.2023", "range 2023-02-13..2023-03-17"},
      {"28.12-10.01.2023", "range 2022-12-28..2023-01-10"},
      {"Март\n2023", "months 03.2023"},
      {"в марте", "months 03"},
      {"сентябрь – декабрь 2023", "months 09.2023..12.2023"},
      {"ноябрь-февраль 2023", "months 11.2022..02.2023"},
      {"сентябрь 2022 — май 2023.", "months 09.2022..05.2023"},
      {"октябрь, декабрь 2022, март и май 2023", "months 10.2022 12.2022 03.2023 05.2023"},
      {"ежемесячно", "months 09 10 11 12 01 02 03 04 05 06 07 08"},
      {"ежечетвертно", "school_quarters"},
      {"по четвертям", "school_quarters"},
      {"Не реже 1 раза в четверть", "school_quarters"},
      {"в течение учебного года.", "during_year"},
      {"В ТЕЧЕНИЕ  ГОДА", "during_year"},
      {"постоянно", "during_year"},
      {"ежегодно в сентябре", "yearly 09"},
      {"Ежегодно, октябрь и апрель", "yearly 10 04"},
      {"до IV четверти", "until_quarter 4"},
      {"до начала II четверти", "until_quarter 2"},
      {"в соответствии с графиком ГАУ ДПО ИРО", "external ГАУ ДПО ИРО"},
      {"По плану работы МНЦ.", "external МНЦ"},
      {"по мере поступления запросов", "event по мере поступления запросов"},
  };
  for (auto [text, expected] : cases) EXPECT_EQ(summary(parse_deadline(text, plan)), expected) << text;
}

TEST(ScheduleParse, AnythingElseIsUnparsedAndKeptAsWritten) {
  const PlanYear plan{2023, false};
  const char* cases[] = {"", "   ", "как получится", "32.01.2023", "31.02.2023",
                         "17-13.02.2023", "март 2023 и что-то ещё", "до", "до пятой четверти",
                         "ежегодно по вторникам", "20233", "10.02.2023 10.03.2023"};
  for (const char* text : cases) {
    Schedule s = parse_deadline(text, plan);
    EXPECT_FALSE(s.parsed()) << text << " → " << summary(s);
    EXPECT_EQ(s.text, text);
    auto due = expand(s, plan);
    ASSERT_EQ(due.size(), 1u) << text;
    EXPECT_TRUE(due[0].open);
    EXPECT_EQ(due[0].end, (Date{2023, 12, 31}));
  }
  auto due = expand(parse_deadline("как  получится\nпотом", plan), plan);
  EXPECT_EQ(due[0].label, "срок не распознан: как получится потом");
}

// Expansion: start, end and label of every occurrence.
std::string dues(const std::vector<Due>& list) {
  std::string out;
  for (const Due& d : list) {
    if (!out.empty()) out += "; ";
    out += d.start.iso() + ".." + d.end.iso() + (d.open ? " open " : " ") + d.label;
  }
  return out;
}

std::string expanded(const char* text, const PlanYear& plan) {
  return dues(expand(parse_deadline(text, plan), plan));
}

const PlanYear kSchool2022{2022, true};
const PlanYear kCalendar2023{2023, false};

TEST(ScheduleExpand, DateByDateAndRange) {
  EXPECT_EQ(expanded("25.01.2023", kCalendar2023), "2023-01-25..2023-01-25 25.01.2023");
  EXPECT_EQ(expanded("До 10.02.2023", kCalendar2023), "2023-01-01..2023-02-10 до 10.02.2023");
  EXPECT_EQ(expanded("13-17.02.2023", kCalendar2023),
            "2023-02-13..2023-02-17 13.02.2023–17.02.2023");
  // An explicit date outside the plan year is kept as written.
  EXPECT_EQ(expanded("до 15 декабря 2020", PlanYear{2021, false}),
            "2020-12-15..2020-12-15 до 15.12.2020");
}

TEST(ScheduleExpand, MonthListInSchoolYear) {
  EXPECT_EQ(expanded("Октябрь, декабрь, март, май", kSchool2022),
            "2022-10-01..2022-10-31 октябрь 2022; 2022-12-01..2022-12-31 декабрь 2022; "
            "2023-03-01..2023-03-31 март 2023; 2023-05-01..2023-05-31 май 2023");
  // In a calendar year the same months come in date order.
  EXPECT_EQ(expanded("Октябрь, декабрь, март, май", kCalendar2023),
            "2023-03-01..2023-03-31 март 2023; 2023-05-01..2023-05-31 май 2023; "
            "2023-10-01..2023-10-31 октябрь 2023; 2023-12-01..2023-12-31 декабрь 2023");
}

TEST(ScheduleExpand, MonthRunsAreOneWindow) {
  EXPECT_EQ(expanded("Январь-апрель", PlanYear{2024, false}),
            "2024-01-01..2024-04-30 январь–апрель 2024");
  EXPECT_EQ(expanded("Февраль-апрель", PlanYear{2024, true}),
            "2025-02-01..2025-04-30 февраль–апрель 2025");
  EXPECT_EQ(expanded("сентябрь 2022 – май 2023", kCalendar2023),
            "2022-09-01..2023-05-31 сентябрь 2022 – май 2023");
  EXPECT_EQ(expanded("Февраль 2024", PlanYear{2024, false}), "2024-02-01..2024-02-29 февраль 2024");
}

TEST(ScheduleExpand, CalendarQuarters) {
  EXPECT_EQ(expanded("ежеквартально", kCalendar2023),
            "2023-01-01..2023-03-31 I квартал 2023; 2023-04-01..2023-06-30 II квартал 2023; "
            "2023-07-01..2023-09-30 III квартал 2023; 2023-10-01..2023-12-31 IV квартал 2023");
  EXPECT_EQ(expanded("ежеквартально", kSchool2022),
            "2022-09-01..2022-09-30 III квартал 2022; 2022-10-01..2022-12-31 IV квартал 2022; "
            "2023-01-01..2023-03-31 I квартал 2023; 2023-04-01..2023-06-30 II квартал 2023");
}

TEST(ScheduleExpand, SchoolQuartersAndHalfYears) {
  EXPECT_EQ(expanded("не реже одного в четверть", kSchool2022),
            "2022-09-01..2022-10-27 I четверть 2022/2023 учебного года; "
            "2022-11-05..2022-12-28 II четверть 2022/2023 учебного года; "
            "2023-01-09..2023-03-22 III четверть 2022/2023 учебного года; "
            "2023-04-01..2023-05-25 IV четверть 2022/2023 учебного года");
  EXPECT_EQ(expanded("ежечетвертно", kCalendar2023),
            "2023-01-09..2023-03-22 III четверть 2022/2023 учебного года; "
            "2023-04-01..2023-05-25 IV четверть 2022/2023 учебного года; "
            "2023-09-01..2023-10-27 I четверть 2023/2024 учебного года; "
            "2023-11-05..2023-12-28 II четверть 2023/2024 учебного года");
  EXPECT_EQ(expanded("не реже одной в полугодие", kSchool2022),
            "2022-09-01..2022-12-28 1 полугодие 2022/2023 учебного года; "
            "2023-01-09..2023-05-25 2 полугодие 2022/2023 учебного года");
}

TEST(ScheduleExpand, QuarterBoundsAreParameters) {
  SchoolTerms terms;
  terms.end[0] = {10, 30};
  auto list = expand(parse_deadline("в конце четверти", kSchool2022), kSchool2022, terms);
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0].end, (Date{2022, 10, 30}));
  EXPECT_EQ(list[0].label, "конец I четверти 2022/2023 учебного года");
  EXPECT_EQ(list[3].end, (Date{2023, 5, 25}));
}

TEST(ScheduleExpand, UntilQuarter) {
  EXPECT_EQ(expanded("до четвертой четверти", kSchool2022),
            "2022-09-01..2023-03-31 до IV четверти 2022/2023 учебного года");
  EXPECT_EQ(expanded("до IV четверти", PlanYear{2021, false}),
            "2021-01-01..2021-03-31 до IV четверти 2020/2021 учебного года");
  // Quarter I starts the school year: due on its first day, not before it.
  EXPECT_EQ(expanded("до I четверти", kSchool2022),
            "2022-09-01..2022-09-01 до I четверти 2022/2023 учебного года");
}

TEST(ScheduleExpand, YearlyAndDuringYear) {
  EXPECT_EQ(expanded("В теч. года", kCalendar2023), "2023-01-01..2023-12-31 в течение 2023 года");
  EXPECT_EQ(expanded("В течение учебного года", kSchool2022),
            "2022-09-01..2023-08-31 в течение 2022/2023 учебного года");
  EXPECT_EQ(expanded("Ежегодно", kSchool2022),
            "2022-09-01..2023-08-31 ежегодно, 2022/2023 учебный год");
  EXPECT_EQ(expanded("Ежегодно Сентябрь", kSchool2022), "2022-09-01..2022-09-30 сентябрь 2022");
  EXPECT_EQ(expanded("Ежегодно Сентябрь", kCalendar2023), "2023-09-01..2023-09-30 сентябрь 2023");
}

TEST(ScheduleExpand, ExternalAndEventAreOpen) {
  EXPECT_EQ(expanded("По графику ВГАПО", kCalendar2023),
            "2023-01-01..2023-12-31 open По графику ВГАПО");
  EXPECT_EQ(expanded("после проведения\nоценочной процедуры", kSchool2022),
            "2022-09-01..2023-08-31 open после проведения оценочной процедуры");
}

TEST(ScheduleJson, RoundTripsEverySeedPhrase) {
  for (const SeedCase& c : kSeeds) {
    Schedule s = parse_deadline(c.text, *c.plan);
    nlohmann::json j = s.to_json();
    Schedule back = Schedule::from_json(j);
    EXPECT_EQ(back.to_json(), j) << c.text;
    EXPECT_EQ(summary(back), c.expected);
  }
  Schedule bad = parse_deadline("как получится", kCalendar2023);
  EXPECT_EQ(Schedule::from_json(bad.to_json()).text, "как получится");
}

TEST(ScheduleJson, BadJsonNamesTheField) {
  auto error = [](const char* text) {
    try {
      Schedule::from_json(nlohmann::json::parse(text));
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error(R"({"kind":"fortnightly","text":"x"})").find("unknown kind 'fortnightly'"), std::string::npos);
  EXPECT_NE(error(R"({"kind":"date","text":"x","date":"2023-02-30"})").find("'date'"),
            std::string::npos);
  EXPECT_NE(error(R"({"kind":"until_quarter","text":"x","quarter":5})").find("'quarter'"),
            std::string::npos);
  EXPECT_NE(error(R"({"kind":"months","text":"x","months":[]})").find("'months'"), std::string::npos);
  EXPECT_NE(error(R"({"text":"x"})").find("'kind'"), std::string::npos);
}

// Property: a random valid date written as d.m.yyyy (padded or not, with "г." or not) parses back
// to itself, and survives JSON.
TEST(ScheduleProperty, ExactDatesRoundTrip) {
  std::mt19937 rng(20230125);
  std::uniform_int_distribution<int> year(1990, 2099), month(1, 12), day(1, 31), coin(0, 1);
  int checked = 0;
  while (checked < 3000) {
    Date d{year(rng), month(rng), day(rng)};
    if (!d.valid()) continue;
    char buf[64];
    if (coin(rng)) std::snprintf(buf, sizeof buf, "%d.%d.%d", d.d, d.m, d.y);
    else std::snprintf(buf, sizeof buf, "%02d.%02d.%04d%s", d.d, d.m, d.y, coin(rng) ? " г." : "");
    Schedule s = parse_deadline(buf, PlanYear{d.y, coin(rng) == 1});
    ASSERT_EQ(s.kind, Kind::date) << buf;
    ASSERT_EQ(s.last, d) << buf;
    ASSERT_EQ(Schedule::from_json(s.to_json()).last, d) << buf;
    ++checked;
  }
}

// Property: any mix of deadline words, numbers, punctuation and raw bytes parses without crashing,
// keeps its text and expands to at least one well-formed occurrence.
TEST(ScheduleProperty, ArbitraryTextNeverBreaksTheParser) {
  const char* pieces[] = {"до", "не", "позднее", "с", "по", "в", "ежегодно", "март", "мая",
                          "четверти", "IV", "течение", "года", "г.", "13", "02", "2023", "99",
                          ".", "-", "–", ",", " ", "\n", "\xD0", "\xD1\x91", "\xE2\x80", "31.02",
                          "1.2.3.4", "123456789012"};
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(pieces) - 1), len(0, 8);
  for (int n = 0; n < 20000; ++n) {
    std::string text;
    for (std::size_t k = len(rng); k > 0; --k) text += pieces[pick(rng)];
    for (bool school : {false, true}) {
      const PlanYear plan{2023, school};
      Schedule s = parse_deadline(text, plan);
      ASSERT_EQ(s.text, text);
      auto list = expand(s, plan);
      ASSERT_FALSE(list.empty()) << text;
      for (const Due& d : list) ASSERT_TRUE(d.start.valid() && d.end.valid() && d.start <= d.end) << text;
      ASSERT_EQ(Schedule::from_json(s.to_json()).to_json(), s.to_json()) << text;
    }
  }
}

bool has_explicit_dates(const Schedule& s) {
  if (s.kind == Kind::date || s.kind == Kind::by_date || s.kind == Kind::range) return true;
  if (s.year || s.following) return true;  // a year written; a day in the month after
  for (const MonthSpan& sp : s.months)
    if (sp.from.year || sp.to.year) return true;
  return false;
}

// Property: every occurrence lies within the plan year (or ends at its end), except explicit
// dates, which are kept as written; every window is well-formed.
TEST(ScheduleProperty, OccurrencesStayInsideThePlanYear) {
  std::vector<std::string> phrases;
  for (const SeedCase& c : kSeeds) phrases.push_back(c.text);
  for (int m = 1; m <= 12; ++m) {
    phrases.push_back(std::string(month_name(m)));
    for (int n = 1; n <= 12; ++n)
      phrases.push_back(std::string(month_name(m)) + "-" + std::string(month_name(n)));
  }
  for (const char* p : {"ежемесячно", "до I четверти", "до II четверти", "до III четверти",
                        "ежечетвертно", "в конце четверти", "по мере необходимости",
                        "до 25 числа каждого месяца", "еженедельно", "ежедневно", "в каникулы",
                        "зимние каникулы", "I квартал", "III квартал", "I-II квартал",
                        "I и III кварталы", "I полугодие", "II полугодие", "I четверть",
                        "II-III четверть", "по итогам IV четверти", "1 триместр", "2 триместр",
                        "3 триместр", "по триместрам", "3 раза в год", "раз в два месяца",
                        "по итогам года", "по итогам учебного года", "в начале учебного года",
                        "до 31 числа каждого месяца", "I учебное полугодие"})
    phrases.push_back(p);
  int checked = 0;
  for (int year = 2019; year <= 2026; ++year) {
    for (bool school : {false, true}) {
      const PlanYear plan{year, school};
      for (const std::string& text : phrases) {
        Schedule s = parse_deadline(text, plan);
        auto list = expand(s, plan);
        EXPECT_FALSE(list.empty()) << text;
        for (const Due& d : list) {
          ASSERT_TRUE(d.start.valid() && d.end.valid()) << text;
          ASSERT_LE(d.start, d.end) << text << " in " << plan.label();
          ASSERT_FALSE(d.label.empty()) << text;
          if (has_explicit_dates(s)) continue;
          EXPECT_TRUE(plan.contains(d.start)) << text << " in " << plan.label();
          EXPECT_TRUE(plan.contains(d.end)) << text << " in " << plan.label();
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 1000);
}

}  // namespace
}  // namespace opora::host
