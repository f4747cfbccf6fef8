// Dates, plan years and school terms (четверти, полугодия) for roadmap schedules.
#pragma once
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace opora::host {

// A calendar date without time zone. Invalid dates (31.02) are representable; check valid().
struct Date {
  int y = 0, m = 0, d = 0;

  bool valid() const;
  std::string iso() const;      // "2023-01-25"
  std::string russian() const;  // "25.01.2023"
  static std::optional<Date> from_iso(std::string_view s);
  Date add_days(int n) const;
  Date end_of_month() const;    // last day of this date's month
  static Date first_of(int year, int month) { return {year, month, 1}; }
  static Date last_of(int year, int month) { return Date{year, month, 1}.end_of_month(); }

  friend auto operator<=>(const Date&, const Date&) = default;
};

// The plan year: calendar (1 Jan – 31 Dec of `year`) or school (1 Sep `year` – 31 Aug `year+1`).
struct PlanYear {
  int year = 0;
  bool school_year = false;

  Date start() const;
  Date end() const;
  bool contains(const Date& d) const { return start() <= d && d <= end(); }
  // Where a month named without a year falls: school year puts Sep–Dec in `year`, Jan–Aug after.
  int year_of_month(int month) const;
  std::string label() const;  // "2023 год" / "2022/2023 учебный год"
};

// The first school year (starting in September) that contains `d`: 15.03.2023 → 2022.
int school_year_of(const Date& d);

// Boundaries of school quarters as month/day pairs, defaults of a typical regional calendar.
// Quarters I–II fall in the autumn of the school year, III–IV in the following spring.
struct SchoolTerms {
  struct Bound { int m, d; };
  Bound start[4] = {{9, 1}, {11, 5}, {1, 9}, {4, 1}};
  Bound end[4] = {{10, 27}, {12, 28}, {3, 22}, {5, 25}};
};

// One dated period: a school quarter, a half-year or a calendar quarter; `number` is 1-based.
struct Term {
  int number = 0;
  int school_year = 0;  // school terms: the year the school year starts; calendar quarters: year
  Date start, end;
};

// Quarters I–IV of the school year starting in September of `school_year`.
std::vector<Term> school_quarters(int school_year, const SchoolTerms& terms = {});
// The school quarter a date falls in; none during holidays and summer.
std::optional<Term> school_quarter_of(const Date& d, const SchoolTerms& terms = {});
// School quarters lying in a plan year, in date order. A calendar year holds III–IV of the
// school year that ends in it and I–II of the one that starts in it.
std::vector<Term> school_quarters_in(const PlanYear& plan, const SchoolTerms& terms = {});
// Half-years lying in a plan year: the 1st is quarters I–II, the 2nd is quarters III–IV.
std::vector<Term> half_years_in(const PlanYear& plan, const SchoolTerms& terms = {});
// Calendar quarters whose last day falls in the plan year, in date order, clipped to it.
std::vector<Term> calendar_quarters_in(const PlanYear& plan);

// The first day the assessment results of a year are known: ВПР and the other spring
// procedures end in May, so a year's results count from 1 June. A report as of an earlier
// date does not show them.
Date results_known_from(int year);

// Russian month names, lower case: 1 → "январь"; 0 for an unknown word.
std::string_view month_name(int month);
// Month number of a Russian month word in any case form ("март", "марта", "марте"), else 0.
// The word must already be lower case (ё may be е).
int month_of_word(std::string_view lower_word);
// Roman numeral for 1–4: "I", "II", "III", "IV".
std::string_view roman(int n);

}  // namespace opora::host
