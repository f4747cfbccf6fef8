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

// The one rule for the date of a record of work on a plan (progress, participation): from
// 1 January of the year before the plan year (preparation) to 31 December two years after it
// (a school plan year ends in August of the next year; late reports a year after that),
// widened to a year around the work's own due dates (ISO, may be empty) since a plan may keep
// the dated deadlines of an older document; and for work reported as happened — anything but
// planned — no later than `today` plus kRecordAheadDays (the record is made when the work is
// done). Returns "" or the Russian reason.
inline constexpr int kRecordAheadDays = 31;
std::string record_date_problem(const Date& d, int plan_year, bool planned, const Date& today,
                                std::string_view due_start = {}, std::string_view due_end = {});
// Today's local date.
Date today_local();

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

// One named period, unclipped: calendar quarter 1–4 and half-year 1–2 of a calendar `year`;
// school quarter 1–4, school half-year 1–2 (quarters I–II / III–IV) and trimester 1–3 of the
// school year starting in September of `year`. Trimesters: I 1 Sep–30 Nov, II 1 Dec–end of
// February, III 1 Mar–31 May. Term::school_year is `year`.
enum class TermUnit { quarter, half_year, school_quarter, school_half_year, trimester };
Term term_of(TermUnit unit, int number, int year, const SchoolTerms& terms = {});
// How many terms of the unit a year has: 4, 2, 4, 2, 3.
int terms_per_year(TermUnit unit);
// Whether the unit's `year` is a school year (starting in September) rather than a calendar one.
bool school_unit(TermUnit unit);

// School holidays of the school year starting in `school_year`, the gaps between its quarters:
// 1 autumn, 2 winter, 3 spring, 4 summer (until 31 August).
std::vector<Term> school_holidays(int school_year, const SchoolTerms& terms = {});
// Holidays whose last day falls in the plan year, in date order, clipped to its start.
std::vector<Term> school_holidays_in(const PlanYear& plan, const SchoolTerms& terms = {});

// The first day the assessment results of a year are known: ВПР and the other spring
// procedures end in May, so a year's results count from 1 June. A report as of an earlier
// date does not show them.
Date results_known_from(int year);

// Russian month names, lower case: 1 → "январь"; 0 for an unknown word.
std::string_view month_name(int month);
// A month "YYYY-MM" as a reader writes it: "2023-03" → "март 2023"; nullopt when malformed.
std::optional<std::string> month_label(std::string_view year_month);
// Month number of a Russian month word in any case form ("март", "марта", "марте"), else 0.
// The word must already be lower case (ё may be е).
int month_of_word(std::string_view lower_word);
// Roman numeral for 1–4: "I", "II", "III", "IV".
std::string_view roman(int n);

}  // namespace opora::host
