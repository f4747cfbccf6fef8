// The fixed deadline phrases: each whole phrase (canonical form: lower case, ё → е, commas
// dropped, aliases applied — see schedule_parse.cpp) and the schedule it builds. Add a phrase
// here when its words name one schedule; structured forms are rules in schedule_parse.cpp.
#include "roadmap/schedule_phrases.hpp"

namespace opora::host::deadline_phrases {

using Kind = Schedule::Kind;

// Every month of the plan year, each placed by the plan year on expansion; `step` months a run.
void month_runs(Schedule& s, const PlanYear& plan, int step) {
  s.kind = Kind::months;
  s.months.clear();
  int first = plan.start().m;
  for (int i = 0; i < 12; i += step) {
    int from = (first - 1 + i) % 12 + 1, to = (first - 1 + i + step - 1) % 12 + 1;
    s.months.push_back({{from, 0}, {to, 0}});
  }
}

void every_month(Schedule& s, const PlanYear& plan) { month_runs(s, plan, 1); }

namespace {

// "в начале месяца": the first decade of each; "в середине месяца": by the 20th.
void month_start(Schedule& s, const PlanYear& plan) {
  every_month(s, plan);
  s.day = 10;
}
void month_middle(Schedule& s, const PlanYear& plan) {
  every_month(s, plan);
  s.day = 20;
}

template <Kind K>
void just(Schedule& s, const PlanYear&) {
  s.kind = K;
}

template <int M>
void in_month(Schedule& s, const PlanYear&) {
  s.kind = Kind::months;
  s.months = {{{M, 0}, {M, 0}}};
}

// "года" in a school plan is the school year: its end is May (lessons end), its results June.
void end_of_year(Schedule& s, const PlanYear& plan) {
  plan.school_year ? in_month<5>(s, plan) : in_month<12>(s, plan);
}
void after_year(Schedule& s, const PlanYear& plan) {
  plan.school_year ? in_month<6>(s, plan) : in_month<12>(s, plan);
}
void start_of_year(Schedule& s, const PlanYear& plan) {
  plan.school_year ? in_month<9>(s, plan) : in_month<1>(s, plan);
}

template <int M, int D>
void by_day_of(Schedule& s, const PlanYear& plan) {
  s.kind = Kind::by_date;
  s.last = Date{plan.year_of_month(M), M, D};
}
void by_plan_end(Schedule& s, const PlanYear& plan) {
  s.kind = Kind::by_date;
  s.last = plan.end();
}

template <int H>
void holiday(Schedule& s, const PlanYear&) {
  s.kind = Kind::holidays;
  s.holiday = H;
}


const Fixed kFixed[] = {
    // the whole plan year
    {"в течение года", just<Kind::during_year>},
    {"в течение учебного года", just<Kind::during_year>},
    {"в течение учебного", just<Kind::during_year>},  // "в теч. уч. г."
    {"в течение календарного года", just<Kind::during_year>},
    {"в течение всего года", just<Kind::during_year>},
    {"в течение всего учебного года", just<Kind::during_year>},
    {"в течение всего календарного года", just<Kind::during_year>},
    {"в течение всего периода", just<Kind::during_year>},
    {"в течение периода реализации", just<Kind::during_year>},
    {"в течение всего периода реализации", just<Kind::during_year>},
    {"в течение срока реализации", just<Kind::during_year>},
    {"в течение всего срока", just<Kind::during_year>},
    {"в течение всего срока реализации", just<Kind::during_year>},
    {"в период реализации", just<Kind::during_year>},
    {"на протяжении года", just<Kind::during_year>},
    {"на протяжении всего года", just<Kind::during_year>},
    {"на протяжении учебного года", just<Kind::during_year>},
    {"на протяжении всего учебного года", just<Kind::during_year>},
    {"на протяжении всего периода", just<Kind::during_year>},
    {"с течение года", just<Kind::during_year>},  // a typo seen in a real roadmap
    {"весь период", just<Kind::during_year>},
    {"весь период реализации", just<Kind::during_year>},
    {"весь срок", just<Kind::during_year>},
    {"весь год", just<Kind::during_year>},
    {"весь учебный год", just<Kind::during_year>},
    {"весь учебного года", just<Kind::during_year>},  // "весь учебный год" after the alias
    {"учебного года", just<Kind::during_year>},       // "учебный год"
    {"учебного год", just<Kind::during_year>},
    {"круглогодично", just<Kind::during_year>},
    {"круглый год", just<Kind::during_year>},
    {"постоянно", just<Kind::during_year>},
    {"систематически", just<Kind::during_year>},
    {"регулярно", just<Kind::during_year>},
    {"в течение отчетного периода", just<Kind::during_year>},
    {"на постоянной основе", just<Kind::during_year>},
    {"в постоянном режиме", just<Kind::during_year>},
    {"постоянно в течение года", just<Kind::during_year>},
    {"постоянно в течение учебного года", just<Kind::during_year>},
    // every month
    {"ежемесячно", every_month},
    {"каждый месяц", every_month},
    {"по месяцам", every_month},
    {"помесячно", every_month},
    {"в течение месяца", every_month},
    {"в течение каждого месяца", every_month},
    {"до конца месяца", every_month},
    {"до конца каждого месяца", every_month},
    {"в конце месяца", every_month},
    {"в конце каждого месяца", every_month},
    {"конец месяца", every_month},
    {"конец каждого месяца", every_month},
    {"в начале месяца", month_start},
    {"в начале каждого месяца", month_start},
    {"начало месяца", month_start},
    {"начало каждого месяца", month_start},
    {"в середине месяца", month_middle},
    {"в середине каждого месяца", month_middle},
    {"по итогам месяца", every_month},
    {"по итогам каждого месяца", every_month},
    {"ежемесячно до конца месяца", every_month},
    {"ежемесячно в течение года", every_month},
    {"ежемесячно в течение учебного года", every_month},
    {"ежемесячно в течение календарного года", every_month},
    // calendar quarters
    {"ежеквартально", just<Kind::quarterly>},
    {"поквартально", just<Kind::quarterly>},
    {"по кварталам", just<Kind::quarterly>},
    {"каждый квартал", just<Kind::quarterly>},
    {"в конце квартала", just<Kind::quarterly>},
    {"в конце каждого квартала", just<Kind::quarterly>},
    {"до конца квартала", just<Kind::quarterly>},
    {"до конца каждого квартала", just<Kind::quarterly>},
    {"по итогам квартала", just<Kind::quarterly>},
    {"по итогам каждого квартала", just<Kind::quarterly>},
    {"ежеквартально в течение года", just<Kind::quarterly>},
    {"ежеквартально до конца квартала", just<Kind::quarterly>},
    // school quarters
    {"ежечетвертно", just<Kind::school_quarters>},
    {"по четвертям", just<Kind::school_quarters>},
    {"каждую четверть", just<Kind::school_quarters>},
    {"каждая четверть", just<Kind::school_quarters>},
    {"в каждой четверти", just<Kind::school_quarters>},
    {"в течение каждой четверти", just<Kind::school_quarters>},
    {"в течение четверти", just<Kind::school_quarters>},
    {"в конце четверти", just<Kind::end_of_quarter>},
    {"конец четверти", just<Kind::end_of_quarter>},
    {"конец каждой четверти", just<Kind::end_of_quarter>},
    {"в конце каждой четверти", just<Kind::end_of_quarter>},
    {"в конце учебной четверти", just<Kind::end_of_quarter>},
    {"до конца четверти", just<Kind::end_of_quarter>},
    {"до конца каждой четверти", just<Kind::end_of_quarter>},
    {"по окончании четверти", just<Kind::end_of_quarter>},
    {"по окончании каждой четверти", just<Kind::end_of_quarter>},
    {"по завершении четверти", just<Kind::end_of_quarter>},
    {"по завершении каждой четверти", just<Kind::end_of_quarter>},
    {"по итогам четверти", just<Kind::end_of_quarter>},
    {"по итогам каждой четверти", just<Kind::end_of_quarter>},
    {"по итогам учебной четверти", just<Kind::end_of_quarter>},
    {"по итогам каждой учебной четверти", just<Kind::end_of_quarter>},
    // half-years and trimesters
    {"ежеполугодно", just<Kind::half_years>},
    {"по полугодиям", just<Kind::half_years>},
    {"каждое полугодие", just<Kind::half_years>},
    {"в каждом полугодии", just<Kind::half_years>},
    {"в конце полугодия", just<Kind::half_years>},
    {"в конце каждого полугодия", just<Kind::half_years>},
    {"до конца полугодия", just<Kind::half_years>},
    {"по итогам полугодия", just<Kind::half_years>},
    {"по итогам каждого полугодия", just<Kind::half_years>},
    {"по триместрам", trimesters},
    {"каждый триместр", trimesters},
    {"по итогам триместра", trimesters},
    {"по итогам каждого триместра", trimesters},
    // weeks and days: marked once a month
    {"еженедельно", just<Kind::weekly>},
    {"каждую неделю", just<Kind::weekly>},
    {"по неделям", just<Kind::weekly>},
    {"еженедельно в течение года", just<Kind::weekly>},
    {"еженедельно в течение учебного года", just<Kind::weekly>},
    {"ежедневно", just<Kind::daily>},
    {"каждый день", just<Kind::daily>},
    {"ежедневно в течение года", just<Kind::daily>},
    {"ежедневно в течение учебного года", just<Kind::daily>},
    // each year; the beginning and the end of the year
    {"ежегодно", just<Kind::yearly>},
    {"каждый год", just<Kind::yearly>},
    {"в начале года", start_of_year},
    {"в начале учебного года", in_month<9>},
    {"начало учебного года", in_month<9>},
    {"на начало учебного года", in_month<9>},
    {"на начало года", start_of_year},
    {"на конец года", end_of_year},
    {"на конец учебного года", in_month<5>},
    {"в конце года", end_of_year},
    {"конец года", end_of_year},
    {"начало года", start_of_year},
    {"в конце календарного года", in_month<12>},
    {"в конце учебного года", in_month<5>},
    {"конец учебного года", in_month<5>},
    {"по итогам года", after_year},
    {"по итогам календарного года", in_month<12>},
    {"по окончании года", after_year},
    {"по итогам учебного года", in_month<6>},
    {"по окончании учебного года", in_month<6>},
    {"по завершении учебного года", in_month<6>},
    {"до начала учебного года", by_day_of<8, 31>},
    {"к началу учебного года", by_day_of<8, 31>},
    {"до конца года", by_plan_end},
    {"к концу года", by_plan_end},
    {"не позднее конца года", by_plan_end},
    {"к концу учебного года", by_day_of<5, 31>},
    {"до окончания учебного года", by_day_of<5, 31>},
    {"к окончанию учебного года", by_day_of<5, 31>},
    {"к концу календарного года", by_day_of<12, 31>},
    {"до конца учебного года", by_day_of<5, 31>},
    {"до конца календарного года", by_day_of<12, 31>},
    // school holidays
    {"в каникулы", holiday<0>},
    {"каникулы", holiday<0>},
    {"в период каникул", holiday<0>},
    {"во время каникул", holiday<0>},
    {"в каникулярное время", holiday<0>},
    {"в каникулярный период", holiday<0>},
    {"в летний период", holiday<4>},
    {"летний период", holiday<4>},
    {"в течение летнего периода", holiday<4>},
    {"в период летней оздоровительной кампании", holiday<4>},
};

}  // namespace

void trimesters(Schedule& s, const PlanYear&) {
  s.kind = Kind::term;
  s.unit = TermUnit::trimester;
  s.terms = {{1, 1}, {2, 2}, {3, 3}};
}

std::span<const Fixed> fixed_phrases() { return kFixed; }

}  // namespace opora::host::deadline_phrases
