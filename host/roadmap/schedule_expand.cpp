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

Due month_due(const MonthSpan& span, const PlanYear& plan) {
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
  return due;
}

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
    case Kind::by_date:
      out.push_back({std::min(start, s.last), s.last, false, "до " + s.last.russian()});
      break;
    case Kind::range:
      out.push_back({s.first, s.last, false, s.first.russian() + kDash + s.last.russian()});
      break;
    case Kind::months:
    case Kind::yearly:
      for (const MonthSpan& span : s.months) out.push_back(month_due(span, plan));
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
      out.push_back({start, end, false, "в течение " + whole_year_label(plan)});
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
