#include "roadmap/calendar.hpp"

#include "util/clock.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>

namespace opora::host {

namespace {

namespace chr = std::chrono;

chr::year_month_day ymd(const Date& d) {
  return chr::year{d.y} / chr::month{static_cast<unsigned>(d.m)} /
         chr::day{static_cast<unsigned>(d.d)};
}

Date from_ymd(const chr::year_month_day& v) {
  return {static_cast<int>(v.year()), static_cast<int>(static_cast<unsigned>(v.month())),
          static_cast<int>(static_cast<unsigned>(v.day()))};
}

Date at(int year, SchoolTerms::Bound b) { return {year, b.m, b.d}; }

// Autumn quarters (I, II) are in the starting year of the school year, spring ones in the next.
int quarter_year(int school_year, int index) { return index < 2 ? school_year : school_year + 1; }

struct MonthForms {
  std::string_view stem;
  std::string_view endings[3];
};

// Stems with the endings of nominative, genitive and prepositional: "март", "марта", "марте".
constexpr MonthForms kMonths[12] = {
    {"январ", {"ь", "я", "е"}},   {"феврал", {"ь", "я", "е"}}, {"март", {"", "а", "е"}},
    {"апрел", {"ь", "я", "е"}},   {"ма", {"й", "я", "е"}},     {"июн", {"ь", "я", "е"}},
    {"июл", {"ь", "я", "е"}},     {"август", {"", "а", "е"}},  {"сентябр", {"ь", "я", "е"}},
    {"октябр", {"ь", "я", "е"}},  {"ноябр", {"ь", "я", "е"}},  {"декабр", {"ь", "я", "е"}},
};

constexpr std::string_view kNames[12] = {"январь", "февраль", "март",     "апрель",
                                         "май",    "июнь",    "июль",     "август",
                                         "сентябрь", "октябрь", "ноябрь", "декабрь"};

}  // namespace

bool Date::valid() const { return m >= 1 && m <= 12 && d >= 1 && ymd(*this).ok(); }

std::string Date::iso() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string Date::russian() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", d, m, y);
  return buf;
}

std::optional<Date> Date::from_iso(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  Date out;
  auto num = [&](std::size_t pos, std::size_t len, int& v) {
    auto r = std::from_chars(s.data() + pos, s.data() + pos + len, v);
    return r.ec == std::errc{} && r.ptr == s.data() + pos + len;
  };
  if (!num(0, 4, out.y) || !num(5, 2, out.m) || !num(8, 2, out.d) || !out.valid())
    return std::nullopt;
  return out;
}

Date Date::add_days(int n) const {
  return from_ymd(chr::year_month_day{chr::sys_days{ymd(*this)} + chr::days{n}});
}

Date Date::end_of_month() const {
  chr::year_month_day_last last{chr::year{y} / chr::month{static_cast<unsigned>(m)} / chr::last};
  return {y, m, static_cast<int>(static_cast<unsigned>(last.day()))};
}

Date PlanYear::start() const { return school_year ? Date{year, 9, 1} : Date{year, 1, 1}; }

Date PlanYear::end() const { return school_year ? Date{year + 1, 8, 31} : Date{year, 12, 31}; }

int PlanYear::year_of_month(int month) const {
  return school_year && month < 9 ? year + 1 : year;
}

std::string PlanYear::label() const {
  if (school_year) return std::to_string(year) + "/" + std::to_string(year + 1) + " учебный год";
  return std::to_string(year) + " год";
}

int school_year_of(const Date& d) { return d.m >= 9 ? d.y : d.y - 1; }

std::vector<Term> school_quarters(int school_year, const SchoolTerms& terms) {
  std::vector<Term> out;
  for (int i = 0; i < 4; ++i) {
    int y = quarter_year(school_year, i);
    out.push_back({i + 1, school_year, at(y, terms.start[i]), at(y, terms.end[i])});
  }
  return out;
}

std::optional<Term> school_quarter_of(const Date& d, const SchoolTerms& terms) {
  for (const Term& q : school_quarters(school_year_of(d), terms))
    if (q.start <= d && d <= q.end) return q;
  return std::nullopt;
}

std::vector<Term> school_quarters_in(const PlanYear& plan, const SchoolTerms& terms) {
  if (plan.school_year) return school_quarters(plan.year, terms);
  std::vector<Term> out;
  for (const Term& t : school_quarters(plan.year - 1, terms))
    if (t.number >= 3) out.push_back(t);
  for (const Term& t : school_quarters(plan.year, terms))
    if (t.number <= 2) out.push_back(t);
  return out;
}

std::vector<Term> half_years_in(const PlanYear& plan, const SchoolTerms& terms) {
  auto q = school_quarters_in(plan, terms);
  std::vector<Term> out;
  for (std::size_t i = 0; i + 1 < q.size(); i += 2)
    out.push_back({q[i].number == 1 ? 1 : 2, q[i].school_year, q[i].start, q[i + 1].end});
  return out;
}

std::vector<Term> calendar_quarters_in(const PlanYear& plan) {
  std::vector<Term> out;
  for (int y = plan.start().y; y <= plan.end().y; ++y) {
    for (int q = 1; q <= 4; ++q) {
      Date last = Date::last_of(y, q * 3);
      if (!plan.contains(last)) continue;
      Date first = std::max(Date::first_of(y, q * 3 - 2), plan.start());
      out.push_back({q, y, first, last});
    }
  }
  return out;
}

Term term_of(TermUnit unit, int number, int year, const SchoolTerms& terms) {
  switch (unit) {
    case TermUnit::quarter:
      return {number, year, Date::first_of(year, number * 3 - 2), Date::last_of(year, number * 3)};
    case TermUnit::half_year:
      return {number, year, Date::first_of(year, number * 6 - 5), Date::last_of(year, number * 6)};
    case TermUnit::school_quarter:
      return school_quarters(year, terms)[static_cast<std::size_t>(number - 1)];
    case TermUnit::school_half_year: {
      auto q = school_quarters(year, terms);
      std::size_t first = number == 1 ? 0 : 2;
      return {number, year, q[first].start, q[first + 1].end};
    }
    case TermUnit::trimester: {
      constexpr int kFirstMonth[] = {9, 12, 3};
      int m = kFirstMonth[number - 1];
      int y = m >= 9 ? year : year + 1;
      Date start = Date::first_of(y, m);
      Date end = Date::last_of(m == 12 ? year + 1 : y, m == 12 ? 2 : m + 2);
      return {number, year, start, end};
    }
  }
  return {};
}

int terms_per_year(TermUnit unit) {
  switch (unit) {
    case TermUnit::half_year:
    case TermUnit::school_half_year: return 2;
    case TermUnit::trimester: return 3;
    default: return 4;
  }
}

bool school_unit(TermUnit unit) {
  return unit != TermUnit::quarter && unit != TermUnit::half_year;
}

std::vector<Term> school_holidays(int school_year, const SchoolTerms& terms) {
  auto q = school_quarters(school_year, terms);
  std::vector<Term> out;
  for (std::size_t i = 0; i < 3; ++i)
    out.push_back({static_cast<int>(i) + 1, school_year, q[i].end.add_days(1),
                   q[i + 1].start.add_days(-1)});
  out.push_back({4, school_year, q[3].end.add_days(1), Date{school_year + 1, 8, 31}});
  return out;
}

std::vector<Term> school_holidays_in(const PlanYear& plan, const SchoolTerms& terms) {
  std::vector<Term> out;
  for (int sy = plan.start().y - 1; sy <= plan.end().y; ++sy) {
    for (Term h : school_holidays(sy, terms)) {
      if (!plan.contains(h.end)) continue;
      h.start = std::max(h.start, plan.start());
      out.push_back(h);
    }
  }
  return out;
}

Date results_known_from(int year) { return {year, 6, 1}; }

std::string_view month_name(int month) {
  return month >= 1 && month <= 12 ? kNames[month - 1] : std::string_view{};
}

std::optional<std::string> month_label(std::string_view ym) {
  auto d = ym.size() == 7 ? Date::from_iso(std::string(ym) + "-01") : std::nullopt;
  if (!d) return std::nullopt;
  return std::string(month_name(d->m)) + " " + std::to_string(d->y);
}

int month_of_word(std::string_view w) {
  for (int i = 0; i < 12; ++i) {
    const MonthForms& f = kMonths[i];
    if (!w.starts_with(f.stem)) continue;
    std::string_view rest = w.substr(f.stem.size());
    for (std::string_view e : f.endings)
      if (rest == e) return i + 1;
  }
  return 0;
}

std::string_view roman(int n) {
  constexpr std::string_view kRoman[] = {"I", "II", "III", "IV"};
  return n >= 1 && n <= 4 ? kRoman[n - 1] : std::string_view{};
}

std::string record_date_problem(const Date& d, int plan_year, bool planned, const Date& today,
                                std::string_view due_start, std::string_view due_end) {
  Date first{plan_year - 1, 1, 1}, last{plan_year + 2, 12, 31};
  if (auto s = Date::from_iso(due_start); s && s->valid())
    first = std::min(first, Date{s->y - 1, s->m, 1});
  if (auto e = Date::from_iso(due_end); e && e->valid())
    last = std::max(last, Date{e->y + 1, e->m, 1}.end_of_month());
  if (d < first || d > last)
    return "дата " + d.russian() + " вне срока плана " + std::to_string(plan_year) +
           " года: допустимы даты с " + first.russian() + " по " + last.russian();
  const Date ahead = today.add_days(kRecordAheadDays);
  if (!planned && d > ahead)
    return "дата " + d.russian() + " ещё не наступила (сегодня " + today.russian() +
           "): выполненное отмечают датой, когда работа сделана; будущие даты — только у "
           "статуса «запланировано»";
  return {};
}

Date today_local() { return *Date::from_iso(local_today_iso()); }

}  // namespace opora::host
