#include "engine/status.hpp"

#include <cstdio>
#include <stdexcept>

#include "roadmap/calendar.hpp"

namespace opora::host {

MonthBounds month_bounds(std::string_view month) {
  int y = 0, m = 0;
  if (month.size() != 7 || month[4] != '-' ||
      std::sscanf(std::string(month).c_str(), "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
    throw std::invalid_argument("месяц «" + std::string(month) + "» не в формате ГГГГ-ММ");
  MonthBounds b;
  b.month = std::string(month);
  b.first = Date::first_of(y, m).iso();
  b.last = Date::last_of(y, m).iso();
  int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
  b.next_first = Date::first_of(ny, nm).iso();
  b.next_last = Date::last_of(ny, nm).iso();
  b.previous_last = Date::first_of(y, m).add_days(-1).iso();
  return b;
}

MonthStatus month_status(const PlanState& plan, std::string_view month) {
  MonthStatus out;
  out.month = month_bounds(month);
  const auto& b = out.month;
  auto states = plan.status_as_of(b.last);
  for (const auto& o : plan.occurrences) {
    const auto& a = plan.activities[o.activity];
    auto it = states.find(o.id);
    OccurrenceStatus st = it == states.end() ? OccurrenceStatus{} : it->second;
    bool done = st.status == "done";
    bool cancelled = st.status == "cancelled";
    bool due_now = o.due_end >= b.first && o.due_end <= b.last;
    bool overdue = o.due_end < b.first && !done && !cancelled;
    bool upcoming = o.due_end >= b.next_first && o.due_end <= b.next_last;
    bool done_now = done && st.date >= b.first && st.date <= b.last;
    bool by_end = o.due_end <= b.last;

    auto count = [&](StatusCounts& c) {
      c.due += due_now;
      c.done += due_now && done;
      c.overdue += overdue;
      c.upcoming += upcoming;
      c.done_in_month += done_now;
      c.due_cumulative += by_end;
      c.done_cumulative += by_end && done;
    };
    count(out.total);
    count(out.by_section[a.section]);
    count(out.by_responsible[a.responsible]);

    if (!(due_now || overdue || upcoming || done_now)) continue;
    std::string mark = done        ? "done"
                       : cancelled ? "cancelled"
                       : overdue   ? "overdue"
                       : upcoming  ? "upcoming"
                       : st.status == "in_progress" ? "in_progress"
                       : o.kind == "open"           ? "open"
                                                    : "due";
    out.rows.push_back({&o, &a, st, mark});
  }
  return out;
}

}  // namespace opora::host
