// The deadline phrases municipal plans write every day (issue 9, section 3), beyond the seed
// documents: each phrase with the schedule it must become and its dated occurrences in a
// calendar plan year (2024, a leap year) and a school plan year (2023/2024), computed by hand
// from docs/deadlines.md — default school quarters I 01.09–27.10, II 05.11–28.12,
// III 09.01–22.03, IV 01.04–25.05; holidays in the gaps, summer until 31.08.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "roadmap/schedule.hpp"

namespace opora::host {
namespace {

using Kind = Schedule::Kind;

const PlanYear kCal{2024, false};
const PlanYear kSchool{2023, true};

std::string unit_name(TermUnit u) {
  switch (u) {
    case TermUnit::quarter: return "quarter";
    case TermUnit::half_year: return "half_year";
    case TermUnit::school_quarter: return "school_quarter";
    case TermUnit::school_half_year: return "school_half_year";
    case TermUnit::trimester: return "trimester";
  }
  return "?";
}

// Kind and the fields that matter: "term quarter 2 y2024", "months ×12 day=25", "external ВГАПО".
std::string summary(const Schedule& s) {
  std::string out(kind_name(s.kind));
  switch (s.kind) {
    case Kind::date:
    case Kind::by_date: out += " " + s.last.iso(); break;
    case Kind::range: out += " " + s.first.iso() + ".." + s.last.iso(); break;
    case Kind::months:
    case Kind::yearly:
      if (s.months.size() > 3) {
        out += " x" + std::to_string(s.months.size());
      } else {
        for (const MonthSpan& sp : s.months) {
          char buf[48];
          std::snprintf(buf, sizeof buf, " %02d.%d..%02d.%d", sp.from.month, sp.from.year,
                        sp.to.month, sp.to.year);
          out += buf;
        }
      }
      if (s.day) out += " day=" + std::to_string(s.day);
      if (s.following) out += " next";
      break;
    case Kind::term:
      out += " " + unit_name(s.unit);
      for (const TermSpan& t : s.terms)
        out += " " + std::to_string(t.from) + (t.to != t.from ? "-" + std::to_string(t.to) : "");
      if (s.year) out += " y" + std::to_string(s.year);
      if (s.school) out += " school";
      if (s.at_end) out += " end";
      break;
    case Kind::during_year:
      if (s.year) out += " y" + std::to_string(s.year);
      if (s.school) out += " school";
      break;
    case Kind::holidays: out += " " + std::to_string(s.holiday); break;
    case Kind::until_quarter: out += " " + std::to_string(s.quarter); break;
    case Kind::external: if (!s.body.empty()) out += " " + s.body; break;
    default: break;
  }
  return out;
}

// "start..end" of every occurrence, "; "-separated, " open" for open ones. Twelve or more are
// abbreviated to "N× first … last".
std::string dues(const Schedule& s, const PlanYear& plan) {
  auto list = expand(s, plan);
  auto one = [](const Due& d) {
    return d.start.iso() + ".." + d.end.iso() + (d.open ? " open" : "");
  };
  if (list.size() >= 6)
    return std::to_string(list.size()) + "× " + one(list.front()) + " … " + one(list.back());
  std::string out;
  for (const Due& d : list) out += (out.empty() ? "" : "; ") + one(d);
  return out;
}

struct Case {
  const char* text;
  const char* cal_kind;  // parsed in the calendar plan
  const char* cal;       // occurrences in the calendar plan 2024
  const char* school;    // occurrences in the school plan 2023/2024
};

const Case kCases[] = {
    // The examples of issue 9.
    {"до 25 числа каждого месяца", "months x12 day=25",
     "12× 2024-01-01..2024-01-25 … 2024-12-01..2024-12-25",
     "12× 2023-09-01..2023-09-25 … 2024-08-01..2024-08-25"},
    {"еженедельно", "weekly", "12× 2024-01-01..2024-01-31 … 2024-12-01..2024-12-31",
     "12× 2023-09-01..2023-09-30 … 2024-08-01..2024-08-31"},
    {"II квартал 2024 г.", "term quarter 2 y2024", "2024-04-01..2024-06-30",
     "2024-04-01..2024-06-30"},
    {"I полугодие", "term half_year 1", "2024-01-01..2024-06-30", "2023-09-01..2023-12-28"},
    {"в течение 2024 года", "during_year y2024", "2024-01-01..2024-12-31",
     "2024-01-01..2024-12-31"},
    {"по отдельному графику", "external", "2024-01-01..2024-12-31 open",
     "2023-09-01..2024-08-31 open"},
    {"по запросу", "event", "2024-01-01..2024-12-31 open", "2023-09-01..2024-08-31 open"},

    // Each month by day N.
    {"ежемесячно до 5 числа", "months x12 day=5",
     "12× 2024-01-01..2024-01-05 … 2024-12-01..2024-12-05",
     "12× 2023-09-01..2023-09-05 … 2024-08-01..2024-08-05"},
    {"Ежемесячно, до 30-го числа", "months x12 day=30",
     "12× 2024-01-01..2024-01-30 … 2024-12-01..2024-12-30",
     "12× 2023-09-01..2023-09-30 … 2024-08-01..2024-08-30"},
    {"не позднее 10 числа каждого месяца", "months x12 day=10",
     "12× 2024-01-01..2024-01-10 … 2024-12-01..2024-12-10",
     "12× 2023-09-01..2023-09-10 … 2024-08-01..2024-08-10"},
    {"ежемесячно до 5 числа месяца, следующего за отчётным", "months x12 day=5 next",
     "12× 2024-01-01..2024-02-05 … 2024-12-01..2025-01-05",
     "12× 2023-09-01..2023-10-05 … 2024-08-01..2024-09-05"},
    // 31 in a short month is its last day.
    {"до 31 числа каждого месяца", "months x12 day=31",
     "12× 2024-01-01..2024-01-31 … 2024-12-01..2024-12-31",
     "12× 2023-09-01..2023-09-30 … 2024-08-01..2024-08-31"},

    {"ежеквартально до 10 числа месяца, следующего за отчётным кварталом", "months x4 day=10 next",
     "2024-01-01..2024-04-10; 2024-04-01..2024-07-10; 2024-07-01..2024-10-10; "
     "2024-10-01..2025-01-10",
     "2023-09-01..2023-10-10; 2023-10-01..2024-01-10; 2024-01-01..2024-04-10; "
     "2024-04-01..2024-07-10"},

    // Every month, every N months, N times a period.
    {"1 раз в месяц", "months x12", "12× 2024-01-01..2024-01-31 … 2024-12-01..2024-12-31",
     "12× 2023-09-01..2023-09-30 … 2024-08-01..2024-08-31"},
    {"до конца месяца", "months x12", "12× 2024-01-01..2024-01-31 … 2024-12-01..2024-12-31",
     "12× 2023-09-01..2023-09-30 … 2024-08-01..2024-08-31"},
    {"в течение месяца", "months x12", "12× 2024-01-01..2024-01-31 … 2024-12-01..2024-12-31",
     "12× 2023-09-01..2023-09-30 … 2024-08-01..2024-08-31"},
    {"раз в два месяца", "months x6", "6× 2024-01-01..2024-02-29 … 2024-11-01..2024-12-31",
     "6× 2023-09-01..2023-10-31 … 2024-07-01..2024-08-31"},
    {"2 раза в год", "half_years", "2024-01-01..2024-06-30; 2024-07-01..2024-12-31",
     "2023-09-01..2023-12-28; 2024-01-09..2024-05-25"},
    {"3 раза в год", "months 01.0..04.0 05.0..08.0 09.0..12.0",
     "2024-01-01..2024-04-30; 2024-05-01..2024-08-31; 2024-09-01..2024-12-31",
     "2023-09-01..2023-12-31; 2024-01-01..2024-04-30; 2024-05-01..2024-08-31"},
    {"не менее 4 раз в год", "quarterly",
     "2024-01-01..2024-03-31; 2024-04-01..2024-06-30; 2024-07-01..2024-09-30; "
     "2024-10-01..2024-12-31",
     "2023-09-01..2023-09-30; 2023-10-01..2023-12-31; 2024-01-01..2024-03-31; "
     "2024-04-01..2024-06-30"},
    {"не реже 1 раза в полугодие", "half_years", "2024-01-01..2024-06-30; 2024-07-01..2024-12-31",
     "2023-09-01..2023-12-28; 2024-01-09..2024-05-25"},
    {"один раз в год", "yearly", "2024-01-01..2024-12-31", "2023-09-01..2024-08-31"},

    // Weekly and daily: one markable occurrence a month.
    {"каждую неделю", "weekly", "12× 2024-01-01..2024-01-31 … 2024-12-01..2024-12-31",
     "12× 2023-09-01..2023-09-30 … 2024-08-01..2024-08-31"},
    {"по понедельникам", "weekly", "12× 2024-01-01..2024-01-31 … 2024-12-01..2024-12-31",
     "12× 2023-09-01..2023-09-30 … 2024-08-01..2024-08-31"},
    {"еженедельно, по пятницам", "weekly", "12× 2024-01-01..2024-01-31 … 2024-12-01..2024-12-31",
     "12× 2023-09-01..2023-09-30 … 2024-08-01..2024-08-31"},
    {"1 раз в неделю", "weekly", "12× 2024-01-01..2024-01-31 … 2024-12-01..2024-12-31",
     "12× 2023-09-01..2023-09-30 … 2024-08-01..2024-08-31"},
    {"ежедневно", "daily", "12× 2024-01-01..2024-01-31 … 2024-12-01..2024-12-31",
     "12× 2023-09-01..2023-09-30 … 2024-08-01..2024-08-31"},

    // Calendar quarters, Roman, Arabic, ordinal words; without a year they lie in the plan year
    // (a school year's III quarter is only its September).
    {"I квартал", "term quarter 1", "2024-01-01..2024-03-31", "2024-01-01..2024-03-31"},
    {"первый квартал", "term quarter 1", "2024-01-01..2024-03-31", "2024-01-01..2024-03-31"},
    {"1-й квартал 2024 года", "term quarter 1 y2024", "2024-01-01..2024-03-31",
     "2024-01-01..2024-03-31"},
    {"1 кв. 2024 г.", "term quarter 1 y2024", "2024-01-01..2024-03-31", "2024-01-01..2024-03-31"},
    {"III квартал", "term quarter 3", "2024-07-01..2024-09-30", "2023-09-01..2023-09-30"},
    {"в IV квартале 2023 года", "term quarter 4 y2023", "2023-10-01..2023-12-31",
     "2023-10-01..2023-12-31"},
    {"в течение III квартала", "term quarter 3", "2024-07-01..2024-09-30",
     "2023-09-01..2023-09-30"},
    {"I-II квартал 2024", "term quarter 1-2 y2024", "2024-01-01..2024-06-30",
     "2024-01-01..2024-06-30"},
    {"I и III кварталы", "term quarter 1 3", "2024-01-01..2024-03-31; 2024-07-01..2024-09-30",
     "2023-09-01..2023-09-30; 2024-01-01..2024-03-31"},
    {"до конца II квартала", "by_date 2024-06-30", "2024-01-01..2024-06-30",
     "2023-09-01..2024-06-30"},
    {"по итогам IV квартала", "term quarter 4 end", "2024-12-31..2024-12-31",
     "2023-12-31..2023-12-31"},

    // Half-years: a calendar year written means the calendar half; without one, the plan's kind.
    {"II полугодие 2024 года", "term half_year 2 y2024", "2024-07-01..2024-12-31",
     "2024-07-01..2024-12-31"},
    {"во втором полугодии", "term half_year 2", "2024-07-01..2024-12-31",
     "2024-01-09..2024-05-25"},
    {"1 полугодие 2023/2024 учебного года", "term school_half_year 1 y2023 school",
     "2023-09-01..2023-12-28", "2023-09-01..2023-12-28"},
    {"первое учебное полугодие", "term school_half_year 1", "2024-09-01..2024-12-28",
     "2023-09-01..2023-12-28"},

    // School quarters and trimesters.
    {"I четверть", "term school_quarter 1", "2024-09-01..2024-10-27", "2023-09-01..2023-10-27"},
    {"III четверть", "term school_quarter 3", "2024-01-09..2024-03-22",
     "2024-01-09..2024-03-22"},
    {"в течение III-IV четверти", "term school_quarter 3-4", "2024-01-09..2024-05-25",
     "2024-01-09..2024-05-25"},
    {"по итогам II четверти", "term school_quarter 2 end", "2024-12-28..2024-12-28",
     "2023-12-28..2023-12-28"},
    {"в конце 4-й четверти", "term school_quarter 4 end", "2024-05-25..2024-05-25",
     "2024-05-25..2024-05-25"},
    {"2 триместр", "term trimester 2", "2024-01-01..2024-02-29", "2023-12-01..2024-02-29"},
    {"по итогам четверти", "end_of_quarter",
     "2024-03-22..2024-03-22; 2024-05-25..2024-05-25; 2024-10-27..2024-10-27; "
     "2024-12-28..2024-12-28",
     "2023-10-27..2023-10-27; 2023-12-28..2023-12-28; 2024-03-22..2024-03-22; "
     "2024-05-25..2024-05-25"},

    // School holidays.
    {"в каникулы", "holidays 0",
     "2024-01-01..2024-01-08; 2024-03-23..2024-03-31; 2024-05-26..2024-08-31; "
     "2024-10-28..2024-11-04",
     "2023-10-28..2023-11-04; 2023-12-29..2024-01-08; 2024-03-23..2024-03-31; "
     "2024-05-26..2024-08-31"},
    {"осенние каникулы", "holidays 1", "2024-10-28..2024-11-04", "2023-10-28..2023-11-04"},
    {"в период зимних каникул", "holidays 2", "2024-01-01..2024-01-08", "2023-12-29..2024-01-08"},
    {"летние каникулы", "holidays 4", "2024-05-26..2024-08-31", "2024-05-26..2024-08-31"},

    // Years: the whole plan year, a year written, a school year written.
    {"весь период", "during_year", "2024-01-01..2024-12-31", "2023-09-01..2024-08-31"},
    {"2024 год", "during_year y2024", "2024-01-01..2024-12-31", "2024-01-01..2024-12-31"},
    {"в 2024 году", "during_year y2024", "2024-01-01..2024-12-31", "2024-01-01..2024-12-31"},
    {"в течение 2023-2024 учебного года", "during_year y2023 school", "2023-09-01..2024-08-31",
     "2023-09-01..2024-08-31"},
    // Two years: calendar years in a calendar plan, the school year in a school plan.
    {"2024-2025 гг.", "months 01.2024..12.2025", "2024-01-01..2025-12-31",
     "2024-09-01..2025-08-31"},
    {"до конца 2024 года", "by_date 2024-12-31", "2024-01-01..2024-12-31",
     "2023-09-01..2024-12-31"},
    {"по итогам года", "months 12.0..12.0", "2024-12-01..2024-12-31", "2024-06-01..2024-06-30"},
    {"по итогам учебного года", "months 06.0..06.0", "2024-06-01..2024-06-30",
     "2024-06-01..2024-06-30"},
    {"в начале учебного года", "months 09.0..09.0", "2024-09-01..2024-09-30",
     "2023-09-01..2023-09-30"},

    // Months, ranges of months, dates.
    {"август-сентябрь", "months 08.0..09.0", "2024-08-01..2024-09-30", "2024-08-01..2024-08-31"},
    {"с марта по май", "months 03.0..05.0", "2024-03-01..2024-05-31", "2024-03-01..2024-05-31"},
    {"в течение марта", "months 03.0..03.0", "2024-03-01..2024-03-31", "2024-03-01..2024-03-31"},
    {"в конце мая", "months 05.0..05.0", "2024-05-01..2024-05-31", "2024-05-01..2024-05-31"},
    {"до конца марта", "by_date 2024-03-31", "2024-01-01..2024-03-31", "2023-09-01..2024-03-31"},
    {"до 15 марта", "by_date 2024-03-15", "2024-01-01..2024-03-15", "2023-09-01..2024-03-15"},
    {"к 1 сентября", "by_date 2024-09-01", "2024-01-01..2024-09-01", "2023-09-01..2023-09-01"},
    {"до 1 сентября ежегодно", "by_date 2024-09-01", "2024-01-01..2024-09-01",
     "2023-09-01..2023-09-01"},
    {"ежегодно в IV квартале", "term quarter 4", "2024-10-01..2024-12-31",
     "2023-10-01..2023-12-31"},
    {"с 1 по 10 февраля 2024", "range 2024-02-01..2024-02-10", "2024-02-01..2024-02-10",
     "2024-02-01..2024-02-10"},
    {"10.02.2024, 10.03.2024", "dates", "2024-02-10..2024-02-10; 2024-03-10..2024-03-10",
     "2024-02-10..2024-02-10; 2024-03-10..2024-03-10"},
    {"10 октября и 10 апреля", "dates", "2024-04-10..2024-04-10; 2024-10-10..2024-10-10",
     "2023-10-10..2023-10-10; 2024-04-10..2024-04-10"},
    {"10, 20 и 30 марта 2024 г.", "dates",
     "2024-03-10..2024-03-10; 2024-03-20..2024-03-20; 2024-03-30..2024-03-30",
     "2024-03-10..2024-03-10; 2024-03-20..2024-03-20; 2024-03-30..2024-03-30"},

    // Seasons and parts of a month.
    {"весна 2024", "months 03.2024..05.2024", "2024-03-01..2024-05-31", "2024-03-01..2024-05-31"},
    {"осенью", "months 09.0..11.0", "2024-09-01..2024-11-30", "2023-09-01..2023-11-30"},
    {"первая декада сентября", "range 2024-09-01..2024-09-10", "2024-09-01..2024-09-10",
     "2023-09-01..2023-09-10"},
    {"вторая половина марта", "range 2024-03-16..2024-03-31", "2024-03-16..2024-03-31",
     "2024-03-16..2024-03-31"},
    {"последняя неделя мая", "range 2024-05-22..2024-05-31", "2024-05-22..2024-05-31",
     "2024-05-22..2024-05-31"},
    {"2023/24 учебный год", "during_year y2023 school", "2023-09-01..2024-08-31",
     "2023-09-01..2024-08-31"},
    {"каждые полгода", "half_years", "2024-01-01..2024-06-30; 2024-07-01..2024-12-31",
     "2023-09-01..2023-12-28; 2024-01-09..2024-05-25"},
    {"первая неделя каждого месяца", "months x12 day=7",
     "12× 2024-01-01..2024-01-07 … 2024-12-01..2024-12-07",
     "12× 2023-09-01..2023-09-07 … 2024-08-01..2024-08-07"},
    {"в начале месяца", "months x12 day=10",
     "12× 2024-01-01..2024-01-10 … 2024-12-01..2024-12-10",
     "12× 2023-09-01..2023-09-10 … 2024-08-01..2024-08-10"},
    {"ко дню учителя", "event", "2024-01-01..2024-12-31 open", "2023-09-01..2024-08-31 open"},
    {"2024 – 2026 годы", "months 01.2024..12.2026", "2024-01-01..2026-12-31",
     "2024-01-01..2026-12-31"},
    {"по итогам 2024 года", "months 12.2024..12.2024", "2024-12-01..2024-12-31",
     "2024-12-01..2024-12-31"},
    {"к концу учебного года", "by_date 2024-05-31", "2024-01-01..2024-05-31",
     "2023-09-01..2024-05-31"},
    {"весь период реализации дорожной карты", "during_year", "2024-01-01..2024-12-31",
     "2023-09-01..2024-08-31"},

    // Two phrases, one framing the other: the more telling one is the schedule.
    {"в течение года, ежемесячно", "months x12",
     "12× 2024-01-01..2024-01-31 … 2024-12-01..2024-12-31",
     "12× 2023-09-01..2023-09-30 … 2024-08-01..2024-08-31"},
    {"в течение года по мере необходимости", "event", "2024-01-01..2024-12-31 open",
     "2023-09-01..2024-08-31 open"},
    {"март-апрель (по графику ФИОКО)", "months 03.0..04.0", "2024-03-01..2024-04-30",
     "2024-03-01..2024-04-30"},
    {"2 раза в год (январь, июнь)", "months 01.0..01.0 06.0..06.0",
     "2024-01-01..2024-01-31; 2024-06-01..2024-06-30",
     "2024-01-01..2024-01-31; 2024-06-01..2024-06-30"},
    {"по итогам мониторинга, ежеквартально", "quarterly",
     "2024-01-01..2024-03-31; 2024-04-01..2024-06-30; 2024-07-01..2024-09-30; "
     "2024-10-01..2024-12-31",
     "2023-09-01..2023-09-30; 2023-10-01..2023-12-31; 2024-01-01..2024-03-31; "
     "2024-04-01..2024-06-30"},
    // Two dated parts that agree: the first as written is the deadline, the second a remark.
    {"сентябрь (начало учебного года)", "months 09.0..09.0", "2024-09-01..2024-09-30",
     "2023-09-01..2023-09-30"},
    {"ноябрь (осенние каникулы)", "months 11.0..11.0", "2024-11-01..2024-11-30",
     "2023-11-01..2023-11-30"},
    // Relative to an event: due when it happens, whatever frame is around it.
    {"в течение 10 дней после получения результатов", "event", "2024-01-01..2024-12-31 open",
     "2023-09-01..2024-08-31 open"},
    {"в течение месяца после проведения ВПР", "event", "2024-01-01..2024-12-31 open",
     "2023-09-01..2024-08-31 open"},

    // External schedules and events.
    {"по графику Рособрнадзора", "external Рособрнадзора", "2024-01-01..2024-12-31 open",
     "2023-09-01..2024-08-31 open"},
    {"по графику", "external", "2024-01-01..2024-12-31 open", "2023-09-01..2024-08-31 open"},
    {"в соответствии с графиком проведения ВПР", "external ВПР", "2024-01-01..2024-12-31 open",
     "2023-09-01..2024-08-31 open"},
    {"в установленные сроки", "external", "2024-01-01..2024-12-31 open",
     "2023-09-01..2024-08-31 open"},
    {"согласно утверждённому плану управления образования", "external управления образования",
     "2024-01-01..2024-12-31 open", "2023-09-01..2024-08-31 open"},
    {"по согласованию", "external", "2024-01-01..2024-12-31 open", "2023-09-01..2024-08-31 open"},
    {"по мере необходимости", "event", "2024-01-01..2024-12-31 open",
     "2023-09-01..2024-08-31 open"},
    {"при необходимости", "event", "2024-01-01..2024-12-31 open", "2023-09-01..2024-08-31 open"},
    {"по итогам мониторинга", "event", "2024-01-01..2024-12-31 open",
     "2023-09-01..2024-08-31 open"},
    {"по результатам ВПР", "event", "2024-01-01..2024-12-31 open", "2023-09-01..2024-08-31 open"},
};

TEST(DeadlinePhrases, EveryPhraseBecomesTheScheduleAndDatesWorkedOutByHand) {
  for (const Case& c : kCases) {
    Schedule cal = parse_deadline(c.text, kCal);
    EXPECT_TRUE(cal.parsed()) << c.text;
    EXPECT_EQ(summary(cal), c.cal_kind) << c.text;
    EXPECT_EQ(dues(cal, kCal), c.cal) << c.text << " in " << kCal.label();
    Schedule school = parse_deadline(c.text, kSchool);
    EXPECT_TRUE(school.parsed()) << c.text;
    EXPECT_EQ(dues(school, kSchool), c.school) << c.text << " in " << kSchool.label();
    // The stored form keeps everything the dates depend on.
    for (const Schedule* s : {&cal, &school}) {
      Schedule back = Schedule::from_json(s->to_json());
      EXPECT_EQ(back.to_json(), s->to_json()) << c.text;
      EXPECT_EQ(summary(back), summary(*s)) << c.text;
    }
  }
}

// Issue 9: «II квартал 2024 г.» was read as due 31.12, so a July completion counted as on time.
TEST(DeadlinePhrases, QuarterIsDueAtItsEndNotAtTheYearsEnd) {
  auto list = expand(parse_deadline("II квартал 2024 г.", kCal), kCal);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].end, (Date{2024, 6, 30}));
  EXPECT_LT(list[0].end, (Date{2024, 7, 15}));
  EXPECT_EQ(list[0].label, "II квартал 2024");
}

// Issue 9: «до 25 числа каждого месяца» was one occurrence: every month must be markable.
TEST(DeadlinePhrases, EachMonthByDayIsTwelveOccurrences) {
  auto list = expand(parse_deadline("до 25 числа каждого месяца", kCal), kCal);
  ASSERT_EQ(list.size(), 12u);
  for (int m = 1; m <= 12; ++m) {
    EXPECT_EQ(list[m - 1].start, (Date{2024, m, 1}));
    EXPECT_EQ(list[m - 1].end, (Date{2024, m, 25}));
  }
  EXPECT_EQ(list[2].label, "март 2024, до 25.03.2024");
}

TEST(DeadlinePhrases, LabelsOfTheNewKinds) {
  auto label = [](const char* text, const PlanYear& plan) {
    std::string out;
    for (const Due& d : expand(parse_deadline(text, plan), plan))
      out += (out.empty() ? "" : "; ") + d.label;
    return out;
  };
  EXPECT_EQ(label("I полугодие", kSchool), "I полугодие 2023/2024 учебного года");
  EXPECT_EQ(label("I полугодие", kCal), "I полугодие 2024");
  EXPECT_EQ(label("по итогам II четверти", kSchool), "конец II четверти 2023/2024 учебного года");
  EXPECT_EQ(label("в течение 2024 года", kSchool), "в течение 2024 года");
  EXPECT_EQ(label("осенние каникулы", kSchool), "осенние каникулы 2023/2024 учебного года");
  EXPECT_EQ(label("I-II квартал 2024", kCal), "I–II квартал 2024");
  auto weekly = expand(parse_deadline("еженедельно", kCal), kCal);
  EXPECT_EQ(weekly[1].label, "еженедельно, февраль 2024");
}

// Phrases that still say nothing the host can date stay unparsed, never half-understood.
TEST(DeadlinePhrases, WhatIsNotUnderstoodStaysUnparsed) {
  const char* cases[] = {
      "как получится",       "V квартал 2024",         "5 квартал",
      "III полугодие",       "4 триместр",             "до 32 числа каждого месяца",
      "ежегодно по вторникам", "II квартал и что-то ещё", "по",
      "ежемесячно по вторникам и март",                "каникулы каникулы",
      "2025-2024 гг.",       "с мая по",
      // Two dated parts that disagree say two things; a remark that is no deadline stays.
      "май (по итогам года)", "10.02.2024 10.03.2024", "апрель-май 2024 (ВПР)",
      "пятая неделя марта",  "в срок",
  };
  for (const char* text : cases) {
    for (const PlanYear* plan : {&kCal, &kSchool}) {
      Schedule s = parse_deadline(text, *plan);
      EXPECT_FALSE(s.parsed()) << text << " → " << summary(s);
      EXPECT_EQ(unread_deadline_text(s), std::string("срок не распознан: «") + text + "»");
    }
  }
  EXPECT_EQ(unread_deadline_text(parse_deadline("", kCal)), "срок не указан");
  EXPECT_EQ(unread_deadline_text(parse_deadline("как\n  получится", kCal)),
            "срок не распознан: «как получится»");
}

// A template written for 2023 and instantiated for 2024 moves every written year.
TEST(DeadlinePhrases, ShiftMovesWrittenYearsOnly) {
  const PlanYear y2023{2023, false};
  auto moved = [&](const char* text) { return summary(shifted(parse_deadline(text, y2023), 1)); };
  EXPECT_EQ(moved("25.01.2023"), "date 2024-01-25");
  EXPECT_EQ(moved("13-17.02.2023"), "range 2024-02-13..2024-02-17");
  EXPECT_EQ(moved("Март-июнь 2023 г."), "months 03.2024..06.2024");
  EXPECT_EQ(moved("Январь 2024 г."), "months 01.2025..01.2025");
  EXPECT_EQ(moved("II квартал 2023"), "term quarter 2 y2024");
  EXPECT_EQ(moved("в течение 2023 года"), "during_year y2024");
  EXPECT_EQ(moved("сентябрь"), "months 09.0..09.0");  // no year written: placed by the plan
  EXPECT_EQ(summary(shifted(parse_deadline("29.02.2024", kCal), 1)), "date 2025-02-28");
}

}  // namespace
}  // namespace opora::host

namespace opora::host {
namespace {

// Property: any mix of the words of the wider grammar parses without crashing, keeps its text,
// expands to well-formed occurrences and survives the stored form.
TEST(DeadlinePhrases, ArbitraryMixesOfTheGrammarsWordsNeverBreakIt) {
  const char* pieces[] = {"до", "ежемесячно", "ежеквартально", "каждого", "месяца", "числа", "25",
                          "31", "0", "II", "iv", "первое", "квартал", "полугодие", "четверти",
                          "триместр", "учебного", "года", "2024", "2023/24", "2024-2025", "-",
                          ",", "(", ")", "в", "течение", "по", "итогам", "конца", "каникулы",
                          "осенних", "еженедельно", "пятницам", "раз", "2", "в год", "каждые",
                          "полгода", "следующего", "за", "отчетным", "после", "декада", "вторая",
                          "марта", "весна", "с", "ежегодно", "29.02.2024", "и", "\xD0"};
  std::mt19937 rng(9);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(pieces) - 1), len(1, 7);
  for (int n = 0; n < 8000; ++n) {
    std::string text;
    for (std::size_t k = len(rng); k > 0; --k) text += std::string(pieces[pick(rng)]) + " ";
    for (const PlanYear* plan : {&kCal, &kSchool}) {
      Schedule s = parse_deadline(text, *plan);
      ASSERT_EQ(s.text, text);
      auto list = expand(s, *plan);
      ASSERT_FALSE(list.empty()) << text;
      for (const Due& d : list)
        ASSERT_TRUE(d.start.valid() && d.end.valid() && d.start <= d.end) << text;
      ASSERT_EQ(Schedule::from_json(s.to_json()).to_json(), s.to_json()) << text;
      ASSERT_EQ(summary(shifted(s, 1)).empty(), false);
    }
  }
}

}  // namespace
}  // namespace opora::host
