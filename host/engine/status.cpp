#include "engine/status.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

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

std::string occurrence_mark(const PlanOccurrence& o, std::string_view status,
                            std::string_view done_on, std::string_view as_of) {
  // "" = as of everything recorded: every due date has passed.
  std::string_view now = as_of.empty() ? std::string_view("9999-12-31") : as_of;
  bool open = o.kind == "open" || o.due_end.empty();
  if (status == "cancelled") return "cancelled";
  if (status == "done") return !open && done_on > o.due_end ? "done_late" : "done";
  if (open) return status == "in_progress" ? "in_progress" : "open";
  // Overdue from the day after the due date.
  if (o.due_end < now) return "overdue";
  if (status == "in_progress") return "in_progress";
  if (!o.due_start.empty() && o.due_start > now) return "not_due";
  return "due";
}

namespace {

using OccurrenceList = std::vector<const PlanOccurrence*>;

// The occurrence a dated participation belongs to among one school's (or the territory's)
// occurrences of an activity, in due order: the first not yet due on that date, else the last
// (taking part after the last due date is late, not lost).
const PlanOccurrence* slot_of(const OccurrenceList& list, const std::string& date) {
  if (list.empty()) return nullptr;
  for (const auto* o : list)
    if (o->due_end.empty() || o->due_end >= date) return o;
  return list.back();
}

}  // namespace

PlanVerdicts::PlanVerdicts(const PlanState& plan, std::string as_of, const ActivityReach* reach)
    : as_of_(std::move(as_of)) {
  // Records in force by the date: the latest decides; done ones are the events counted.
  std::unordered_map<std::int64_t, const ProgressRow*> by_id;
  for (const auto& p : plan.progress) by_id[p.id] = &p;
  std::map<std::int64_t, const ProgressRow*> deciding;
  std::map<std::int64_t, std::set<std::pair<std::string, std::string>>> events;
  for (auto id : plan.effective_rows()) {
    const auto* p = by_id[id];
    if (!as_of_.empty() && p->date > as_of_) continue;
    auto& d = deciding[p->occurrence];
    // The latest event wins; on the same date the later entry.
    if (!d || std::tie(p->date, p->id) > std::tie(d->date, d->id)) d = p;
    if (p->status == "done") events[p->occurrence].insert({p->date, p->evidence});
  }

  // Occurrences per (activity, school) in due order, and participation slotted into them.
  std::unordered_map<std::int64_t, std::size_t> activity_index;
  for (std::size_t i = 0; i < plan.activities.size(); ++i)
    activity_index[plan.activities[i].id] = i;
  std::map<std::pair<std::size_t, std::int64_t>, OccurrenceList> lists;  // school 0 = territory
  for (const auto& o : plan.occurrences) lists[{o.activity, o.school.value_or(0)}].push_back(&o);
  std::map<std::int64_t, std::map<std::int64_t, std::string>> took;  // occurrence → school → date
  for (const auto& p : plan.participation) {
    if (p.retracted || !p.school || (!as_of_.empty() && p.date > as_of_)) continue;
    auto ai = activity_index.find(p.activity);
    if (ai == activity_index.end()) continue;
    took_part_[ai->second].insert(*p.school);
    bool per_school = plan.activities[ai->second].scope == "school";
    auto li = lists.find({ai->second, per_school ? *p.school : 0});
    if (li == lists.end()) continue;
    if (const auto* o = slot_of(li->second, p.date)) {
      auto& when = took[o->id][*p.school];
      if (when.empty() || p.date < when) when = p.date;
    }
  }

  for (const auto& o : plan.occurrences) {
    OccurrenceVerdict v;
    if (auto d = deciding.find(o.id); d != deciding.end()) {
      const auto* p = d->second;
      v.record = OccurrenceStatus{p->status, p->date, p->evidence, p->note, p->who, p->id};
      v.status = p->status.empty() ? "planned" : p->status;
      v.date = p->date;
    }
    const auto& part = took[o.id];
    if (o.school) {
      // A school's own occurrence: its taking part is the occurrence done.
      if (auto it = part.find(*o.school);
          it != part.end() && v.status != "done" && v.status != "cancelled") {
        v.status = "done";
        v.date = it->second;
      }
    } else {
      // A territory-level occurrence reaching schools: done once all it should reach took part.
      const std::set<std::int64_t>* want = nullptr;
      if (reach)
        if (auto r = reach->find(o.activity); r != reach->end() && !r->second.empty())
          want = &r->second;
      std::string last;
      for (const auto& [school, date] : part)
        if (!want || want->count(school)) {
          ++v.reached;
          last = std::max(last, date);
        }
      v.expected = want ? int(want->size()) : 0;
      if (v.status != "done" && v.status != "cancelled" && v.reached > 0) {
        if (want && v.reached == v.expected) {
          v.status = "done";
          v.date = last;
        } else if (v.status == "planned") {
          v.status = "in_progress";
          v.date = last;
        }
      }
    }
    v.events = int(events[o.id].size());
    if (v.done() && v.events == 0) v.events = 1;
    v.mark = occurrence_mark(o, v.status, v.date, as_of_);
    if (v.done() && o.school) took_part_[o.activity].insert(*o.school);
    verdicts_.emplace(o.id, std::move(v));
  }
}

const OccurrenceVerdict& PlanVerdicts::of(std::int64_t occurrence) const {
  static const OccurrenceVerdict none;
  auto it = verdicts_.find(occurrence);
  return it == verdicts_.end() ? none : it->second;
}

const std::set<std::int64_t>& PlanVerdicts::took_part(std::size_t activity) const {
  static const std::set<std::int64_t> none;
  auto it = took_part_.find(activity);
  return it == took_part_.end() ? none : it->second;
}

MonthStatus month_status(const PlanState& plan, std::string_view month,
                         const ActivityReach* reach) {
  MonthStatus out;
  out.month = month_bounds(month);
  const auto& b = out.month;
  PlanVerdicts verdicts(plan, b.last, reach);
  for (const auto& o : plan.occurrences) {
    const auto& a = plan.activities[o.activity];
    const auto& v = verdicts.of(o.id);
    bool done = v.done();
    bool due_now = o.due_end >= b.first && o.due_end <= b.last;
    bool overdue = v.mark == "overdue";
    bool upcoming = o.due_end >= b.next_first && o.due_end <= b.next_last;
    bool done_now = done && v.date >= b.first && v.date <= b.last;
    bool by_end = o.due_end <= b.last;
    // A window of several months is worked on in each of them, not only in its last.
    bool window = o.kind == "window" && !o.due_start.empty() && o.due_start <= b.last &&
                  o.due_end > b.last;

    auto count = [&](StatusCounts& c) {
      c.due += due_now;
      c.done += due_now && done;
      c.overdue += overdue;
      c.upcoming += upcoming;
      c.done_in_month += done_now;
      c.done_late += done_now && v.mark == "done_late";
      c.due_cumulative += by_end;
      c.done_cumulative += by_end && done;
    };
    count(out.total);
    count(out.by_section[a.section]);
    auto people = responsible_people(a.responsible);
    if (people.empty()) count(out.by_responsible[""]);
    for (const auto& person : people) count(out.by_responsible[person]);

    if (!(due_now || overdue || upcoming || done_now || window)) continue;
    std::string mark = v.mark;
    if (mark == "due" || mark == "not_due")
      mark = window ? "window" : upcoming ? "upcoming" : mark;
    out.rows.push_back({&o, &a, v.record, mark, v});
  }
  return out;
}

namespace {

// Single bytes only: a lone 0xA0 is a continuation byte of Cyrillic letters (Р is D0 A0).
bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r'; }

// One person's spelling reduced to one form (see responsible_people).
std::string person_key(std::string_view raw) {
  std::string s;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = raw[i];
    // U+00A0 (no-break space) is C2 A0 in UTF-8.
    bool space = is_space(c) || (c == 0xC2 && i + 1 < raw.size() &&
                                 static_cast<unsigned char>(raw[i + 1]) == 0xA0);
    if (space) {
      if (c == 0xC2) ++i;
      if (!s.empty() && s.back() != ' ' && s.back() != '.') s += ' ';
      continue;
    }
    s += char(c);
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  // A trailing dot or comma after a word is punctuation; after a single letter it is an initial.
  while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ':')) {
    if (s.back() == '.') {
      std::size_t end = s.size() - 1, begin = end;
      while (begin > 0 && s[begin - 1] != ' ' && s[begin - 1] != '.') --begin;
      std::string_view word(s.data() + begin, end - begin);
      std::size_t letters = 0;
      for (unsigned char c : word) letters += (c & 0xC0) != 0x80;
      if (letters == 1) break;
    }
    s.pop_back();
    while (!s.empty() && s.back() == ' ') s.pop_back();
  }
  return s;
}

}  // namespace

std::vector<std::string> responsible_people(std::string_view cell) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (std::size_t i = 0; i <= cell.size(); ++i) {
    if (i < cell.size() && cell[i] != ',' && cell[i] != ';' && cell[i] != '\n') continue;
    auto person = person_key(cell.substr(from, i - from));
    if (!person.empty() && std::find(out.begin(), out.end(), person) == out.end())
      out.push_back(std::move(person));
    from = i + 1;
  }
  return out;
}

std::string_view status_label(std::string_view mark) {
  static const std::map<std::string_view, std::string_view> words = {
      {"done", "выполнено"},
      {"done_late", "выполнено с нарушением срока"},
      {"in_progress", "выполняется"},
      {"overdue", "просрочено"},
      {"due", "срок в этом месяце"},
      {"window", "в работе, срок позже"},
      {"upcoming", "в следующем месяце"},
      {"not_due", "срок не наступил"},
      {"planned", "запланировано"},
      {"open", "по событию / по графику"},
      {"cancelled", "отменено"},
  };
  auto it = words.find(mark);
  return it == words.end() ? mark : it->second;
}

}  // namespace opora::host
