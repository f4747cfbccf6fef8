// expand: a Schedule → its dated occurrences in one plan year, with Russian labels.
#include <algorithm>

#include "roadmap/schedule.hpp"

namespace opora::host {

namespace {

using Kind = Schedule::Kind;

const std::string kDash = "\xE2\x80\x93";  // en dash between the ends of a period

std::string school_year_label(int year) {
  return std::to_string(year) + "/" + std::to_string(year + 1) + " учебного года";
}

std::string whole_year_label(const PlanYear& plan) {
  return plan.school_year ? school_year_label(plan.year) : std::to_string(plan.year) + " года";
}

// Inner whitespace and line breaks collapsed, for labels made of the written text.
std::string collapsed(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

MonthRef placed(MonthRef r, const PlanYear& plan) {
  if (r.year == 0) r.year = plan.year_of_month(r.month);
  return r;
}

std::string month_label(const MonthRef& r) {
  return std::string(month_name(r.month)) + " " + std::to_string(r.year);
}

Due month_due(const MonthSpan& span, const PlanYear& plan, int day = 0, bool following = false) {
  MonthRef from = placed(span.from, plan), to = span.to;
  bool yearless = span.from.year == 0 && span.to.year == 0;
  // A run without years starts inside the plan year and goes forward: "ноябрь-февраль".
  if (yearless) to.year = from.year + (to.month < from.month ? 1 : 0);
  Due due{Date::first_of(from.year, from.month), Date::last_of(to.year, to.month), false, {}};
  // ...but a run that would leave the plan year is cut at its end.
  if (yearless) due.end = std::min(due.end, plan.end());
  if (from == to)
    due.label = month_label(from);
  else if (from.year == to.year)
    due.label = std::string(month_name(from.month)) + kDash + month_label(to);
  else
    due.label = month_label(from) + " " + kDash + " " + month_label(to);
  if (day) {
    // "до 25 числа": the day of the window's last month, or of the month after it.
    Date month = following ? due.end.add_days(1) : Date::first_of(due.end.y, due.end.m);
    Date at{month.y, month.m, std::min(day, month.end_of_month().d)};
    due.end = following ? at : std::max(std::min(at, due.end), due.start);
    due.label += ", до " + due.end.russian();
  }
  return due;
}

struct UnitWords {
  std::string_view nominative, genitive;
};

UnitWords unit_words(TermUnit u) {
  switch (u) {
    case TermUnit::quarter: return {"квартал", "квартала"};
    case TermUnit::half_year:
    case TermUnit::school_half_year: return {"полугодие", "полугодия"};
    case TermUnit::school_quarter: return {"четверть", "четверти"};
    case TermUnit::trimester: return {"триместр", "триместра"};
  }
  return {};
}

// The year term_of() needs for term `n` when the schedule gives none or a calendar year:
// the term whose last day falls in `calendar_year` (a school year may start the year before).
int school_year_ending_in(TermUnit u, int n, int calendar_year, const SchoolTerms& terms) {
  return term_of(u, n, calendar_year, terms).end.y == calendar_year ? calendar_year
                                                                     : calendar_year - 1;
}

int term_year(const Schedule& s, int n, const PlanYear& plan, const SchoolTerms& terms) {
  int last_month = n * 12 / terms_per_year(s.unit);  // of a calendar term
  if (s.year) {
    if (school_unit(s.unit))
      return s.school ? s.year : school_year_ending_in(s.unit, n, s.year, terms);
    if (s.school) return last_month >= 9 ? s.year : s.year + 1;  // "III квартал 2022/2023 уч. г."
    return s.year;
  }
  if (!school_unit(s.unit)) return plan.year_of_month(last_month);
  return plan.school_year ? plan.year : school_year_ending_in(s.unit, n, plan.year, terms);
}

Due term_due(const Schedule& s, const TermSpan& span, const PlanYear& plan,
             const SchoolTerms& terms) {
  // The span's last term fixes the year (its end is the due date); the first is in the same one.
  int year = term_year(s, span.to, plan, terms);
  Term first = term_of(s.unit, span.from, year, terms), last = term_of(s.unit, span.to, year, terms);
  Due due{first.start, last.end, false, {}};
  if (s.year == 0) due.start = std::max(due.start, std::min(plan.start(), due.end));
  std::string numbers(roman(span.from));
  if (span.to != span.from) numbers += kDash + std::string(roman(span.to));
  std::string when = school_unit(s.unit) ? school_year_label(year) : std::to_string(year);
  UnitWords w = unit_words(s.unit);
  if (s.at_end) {
    due.start = due.end;
    due.label = "конец " + numbers + " " + std::string(w.genitive) + " " + when;
  } else {
    due.label = numbers + " " + std::string(w.nominative) + " " + when;
  }
  return due;
}

constexpr std::string_view kHolidayNames[] = {"осенние", "зимние", "весенние", "летние"};

}  // namespace

namespace {

std::string quarter_label(const Term& q, bool genitive = false) {
  return std::string(roman(q.number)) + (genitive ? " четверти " : " четверть ") +
         school_year_label(q.school_year);
}

}  // namespace

std::vector<Due> expand(const Schedule& s, const PlanYear& plan, const SchoolTerms& terms) {
  std::vector<Due> out;
  const Date start = plan.start(), end = plan.end();
  switch (s.kind) {
    case Kind::date:
      out.push_back({s.last, s.last, false, s.last.russian()});
      break;
    case Kind::dates:
      for (const Date& d : s.days) out.push_back({d, d, false, d.russian()});
      break;
    case Kind::by_date:
      out.push_back({std::min(start, s.last), s.last, false, "до " + s.last.russian()});
      break;
    case Kind::range:
      out.push_back({s.first, s.last, false, s.first.russian() + kDash + s.last.russian()});
      break;
    case Kind::months:
    case Kind::yearly:
      for (const MonthSpan& span : s.months)
        out.push_back(month_due(span, plan, s.day, s.following));
      if (s.months.empty()) out.push_back({start, end, false, "ежегодно, " + plan.label()});
      break;
    case Kind::quarterly:
      for (const Term& q : calendar_quarters_in(plan))
        out.push_back({q.start, q.end, false,
                       std::string(roman(q.number)) + " квартал " + std::to_string(q.school_year)});
      break;
    case Kind::school_quarters:
      for (const Term& q : school_quarters_in(plan, terms))
        out.push_back({q.start, q.end, false, quarter_label(q)});
      break;
    case Kind::half_years:
      // A calendar plan is halved by the calendar, a school plan by its quarters (I–II, III–IV).
      if (!plan.school_year) {
        for (int h = 1; h <= 2; ++h) {
          Term t = term_of(TermUnit::half_year, h, plan.year, terms);
          out.push_back({t.start, t.end, false,
                         std::string(roman(h)) + " полугодие " + std::to_string(plan.year)});
        }
        break;
      }
      for (const Term& h : half_years_in(plan, terms))
        out.push_back({h.start, h.end, false,
                       std::to_string(h.number) + " полугодие " + school_year_label(h.school_year)});
      break;
    case Kind::end_of_quarter:
      for (const Term& q : school_quarters_in(plan, terms))
        out.push_back({q.end, q.end, false, "конец " + quarter_label(q, true)});
      break;
    case Kind::until_quarter:
      for (const Term& q : school_quarters_in(plan, terms)) {
        if (q.number != s.quarter) continue;
        // Due the day before the quarter starts, but never before the plan year does.
        Date due = std::max(q.start.add_days(-1), start);
        out.push_back({start, due, false, "до " + quarter_label(q, true)});
      }
      break;
    case Kind::during_year:
      if (s.year && s.school)
        out.push_back({Date{s.year, 9, 1}, Date{s.year + 1, 8, 31}, false,
                       "в течение " + school_year_label(s.year)});
      else if (s.year)
        out.push_back({Date{s.year, 1, 1}, Date{s.year, 12, 31}, false,
                       "в течение " + std::to_string(s.year) + " года"});
      else
        out.push_back({start, end, false, "в течение " + whole_year_label(plan)});
      break;
    case Kind::term:
      for (const TermSpan& span : s.terms) out.push_back(term_due(s, span, plan, terms));
      break;
    case Kind::weekly:
    case Kind::daily:
      // Marked once a month: the monthly report asks whether it happened that month.
      for (Date m = start; m <= end; m = m.end_of_month().add_days(1))
        out.push_back({m, m.end_of_month(), false,
                       std::string(s.kind == Kind::weekly ? "еженедельно, " : "ежедневно, ") +
                           month_label({m.m, m.y})});
      break;
    case Kind::holidays:
      for (const Term& h : school_holidays_in(plan, terms)) {
        if (s.holiday && h.number != s.holiday) continue;
        out.push_back({h.start, h.end, false,
                       std::string(kHolidayNames[h.number - 1]) + " каникулы " +
                           school_year_label(h.school_year)});
      }
      break;
    case Kind::external:
    case Kind::event:
      out.push_back({start, end, true, collapsed(s.text)});
      break;
    case Kind::unparsed:
      out.push_back({start, end, true, "срок не распознан: " + collapsed(s.text)});
      break;
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Due& a, const Due& b) { return a.end < b.end; });
  return out;
}

}  // namespace opora::host
