// Roadmap deadlines: a Russian phrase as the document writes it ("Октябрь, декабрь, март, май",
// "не реже одного в четверть", "по графику ВГАПО") → a structured Schedule → dated occurrences
// (Due) within a plan year. Accepted phrases and their expansion: docs/deadlines.md.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "roadmap/calendar.hpp"

namespace opora::host {

// A month as written: year 0 means "no year given", placed inside the plan year on expansion.
struct MonthRef {
  int month = 0;
  int year = 0;
  friend bool operator==(const MonthRef&, const MonthRef&) = default;
};

// One month ("март") or a run of months ("январь-апрель"): from == to for a single month.
struct MonthSpan {
  MonthRef from, to;
  friend bool operator==(const MonthSpan&, const MonthSpan&) = default;
};

// A run of numbered terms as written: "II квартал" (from == to), "I–II квартал".
struct TermSpan {
  int from = 0, to = 0;
  friend bool operator==(const TermSpan&, const TermSpan&) = default;
};

struct Schedule {
  enum class Kind {
    date,             // "25.01.2023": on that day
    dates,            // "25.01.2023, 25.05.2023", "10 октября и 10 апреля": on each day
    by_date,          // "до 10.02.2023", "не позднее 15 декабря 2020", "до конца II квартала"
    range,            // "13-17.02.2023", "13.02-17.03.2023"
    months,           // "Март 2023", "сентябрь", "Октябрь, декабрь, март, май", "Январь-апрель",
                      // "ежемесячно", "до 25 числа каждого месяца" (day = 25)
    quarterly,        // "ежеквартально": calendar quarters
    school_quarters,  // "не реже одного в четверть", "ежечетвертно", "по четвертям"
    half_years,       // "не реже одной в полугодие"
    yearly,           // "ежегодно", "Ежегодно Сентябрь"
    during_year,      // "в течение года", "постоянно", "в течение 2024 года" (year = 2024)
    end_of_quarter,   // "в конце четверти"
    until_quarter,    // "до четвертой четверти", "до IV четверти"
    term,             // "II квартал 2024", "I полугодие", "III четверть", "2 триместр"
    weekly,           // "еженедельно", "по понедельникам": markable once a month
    daily,            // "ежедневно": markable once a month
    holidays,         // "в каникулы", "осенние каникулы"
    external,         // "по графику ВГАПО", "по плану работы МНЦ", "по отдельному графику"
    event,            // "после проведения оценочной процедуры", "по запросу", "по мере ..."
    unparsed,         // anything else: kept as written and flagged «срок не распознан»
  };

  Kind kind = Kind::unparsed;
  std::string text;               // the phrase as written in the document
  Date first{}, last{};           // date: both the day; by_date: last; range: first..last
  std::vector<Date> days;         // dates: each day, in the order written
  std::vector<MonthSpan> months;  // months; yearly: the month(s) of each year, may be empty
  int day = 0;                    // months: due on this day of the (last) month, 0 = its end
  bool following = false;         // months with day: the day is in the month after the window
  int quarter = 0;                // until_quarter: school quarter 1–4
  TermUnit unit = TermUnit::quarter;  // term: what is numbered
  std::vector<TermSpan> terms;    // term: the numbers written, in order
  int year = 0;                   // term, during_year: the year written (school year: its
                                  // start), 0 = the plan year
  bool school = false;            // during_year: `year` is a school year
  bool at_end = false;            // term: due on the last day only ("по итогам II четверти")
  int holiday = 0;                // holidays: 0 every holiday, 1 autumn, 2 winter, 3 spring, 4 summer
  std::string body;               // external: who keeps the schedule ("ВГАПО", may be empty)
  std::string event;              // event: the condition as written

  bool parsed() const { return kind != Kind::unparsed; }
  nlohmann::json to_json() const;
  // Throws std::invalid_argument naming the field when the JSON is not a schedule.
  static Schedule from_json(const nlohmann::json& j);
};

// "months", "by_date", ...: the kind's name as stored in JSON.
std::string_view kind_name(Schedule::Kind kind);

// Parses a deadline phrase. Case, extra spaces, line breaks, "г.", trailing dots and dash styles
// do not matter. The plan year places dates written without a year ("до 15 декабря").
Schedule parse_deadline(std::string_view text, const PlanYear& plan);

// The same schedule with every year it carries moved by `years`: dates (29 February becomes
// 28 February when needed), months with a year, a term's or a during_year's year. Used when a
// template written for one year is instantiated for another.
Schedule shifted(const Schedule& s, int years);

// Russian for an activity whose deadline is not understood, naming the phrase:
// «срок не распознан: «по звёздам»», or «срок не указан» for an empty one.
std::string unread_deadline_text(const Schedule& s);

// One dated occurrence of a schedule.
struct Due {
  Date start, end;    // the window; `end` is the due date
  bool open = false;  // event / external / unparsed: due whenever it happens within the window
  std::string label;  // Russian: "март 2023", "II четверть 2022/2023 учебного года", ...
};

// Occurrences of a schedule in a plan year, in date order. Months without a year are placed
// inside the plan year; explicit dates are kept as written even outside it. An unparsed
// schedule yields one open occurrence over the plan year, so the activity is never lost.
std::vector<Due> expand(const Schedule& s, const PlanYear& plan, const SchoolTerms& terms = {});

}  // namespace opora::host
