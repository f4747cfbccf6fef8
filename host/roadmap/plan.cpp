#include "roadmap/plan.hpp"

#include <algorithm>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "roadmap/schedule.hpp"
#include "util/clock.hpp"

namespace opora::host {

namespace {

std::int64_t ensure_roadmap(Db& db, const RoadmapTemplate& t, std::string_view territory,
                            int year, bool& created) {
  if (auto id = find_plan(db, territory, year)) return *id;
  auto ins = db.prepare(
      "INSERT INTO roadmaps(territory, year, template, title, order_number, order_date, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  ins.bind_all(territory, year, t.id, t.title, t.order_number, t.order_date, utc_now_iso());
  ins.run();
  created = true;
  return db.last_insert_rowid();
}

// The activity row at `position`, created from the template when missing. `existing` holds the
// plan's activity ids by position, read once: a query per activity would scan the plan's
// activities each time (the index is by roadmap only), quadratic in the plan's size.
std::int64_t ensure_activity(Db& db, std::int64_t roadmap, int position,
                             const ActivityTemplate& a, const Schedule& s,
                             const std::unordered_map<int, std::int64_t>& existing, bool& added) {
  if (auto it = existing.find(position); it != existing.end()) return it->second;
  nlohmann::json columns = nlohmann::json::object();
  for (const auto& [k, v] : a.columns) columns[k] = v;
  auto ins = db.prepare(
      "INSERT INTO activities(roadmap, position, number, section, title, deadline, schedule, "
      "responsible, scope, category, indicator, columns) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  ins.bind_all(roadmap, position, a.number, a.section, a.title, a.deadline, s.to_json().dump(),
               a.responsible, a.scope.empty() ? std::string("territory") : a.scope, a.category,
               a.indicator, columns.dump());
  ins.run();
  added = true;
  return db.last_insert_rowid();
}

}  // namespace

PlanYear plan_year_of(const RoadmapTemplate& t, int year) {
  return PlanYear{year, t.year_kind == "school"};
}

Schedule activity_schedule(const RoadmapTemplate& t, const ActivityTemplate& a, int year) {
  int written = t.year ? t.year : year;
  return shifted(parse_deadline(a.deadline, plan_year_of(t, written)), year - written);
}

std::vector<UnreadDeadline> unread_deadlines(const RoadmapTemplate& t, int year) {
  std::vector<UnreadDeadline> out;
  int position = 0;
  for (const auto& a : t.activities) {
    ++position;
    Schedule s = activity_schedule(t, a, year);
    if (s.parsed()) continue;
    out.push_back({position, a.number,
                   "мероприятие " + a.number + " (" + std::to_string(position) +
                       "-е по порядку): " + unread_deadline_text(s)});
  }
  return out;
}

std::string occurrence_kind(bool open, const Date& start, const Date& end) {
  if (open) return "open";
  return start == end ? "dated" : "window";
}

std::optional<std::int64_t> find_plan(Db& db, std::string_view territory, int year) {
  auto q = db.prepare("SELECT id FROM roadmaps WHERE territory = ? AND year = ?");
  q.bind_all(territory, year);
  if (q.step()) return q.column_int64(0);
  return std::nullopt;
}

PlanCreated create_plan(Db& db, const RoadmapTemplate& t, std::string_view territory, int year,
                        const CategoryMembers& members) {
  PlanCreated out;
  auto plan = plan_year_of(t, year);
  if (t.year && t.year != year) out.shifted_years = year - t.year;
  Transaction tx(db);
  out.roadmap = ensure_roadmap(db, t, territory, year, out.new_roadmap);
  auto has = db.prepare(
      "SELECT 1 FROM occurrences WHERE activity = ? AND school IS ? AND seq = ?");
  auto ins = db.prepare(
      "INSERT INTO occurrences(activity, school, seq, due_start, due_end, kind) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  std::unordered_map<int, std::int64_t> existing;
  {
    auto q = db.prepare("SELECT position, id FROM activities WHERE roadmap = ?");
    q.bind(1, out.roadmap);
    while (q.step()) existing.emplace(q.column_int(0), q.column_int64(1));
  }
  int position = 0;
  for (const auto& a : t.activities) {
    ++position;
    auto schedule = activity_schedule(t, a, year);
    if (out.shifted_years &&
        schedule.to_json() != parse_deadline(a.deadline, plan_year_of(t, t.year)).to_json())
      out.shifted.push_back(a.number);
    auto dues = expand(schedule, plan);
    bool added = false;
    auto activity = ensure_activity(db, out.roadmap, position, a, schedule, existing, added);
    if (added) ++out.activities_added;

    std::vector<std::optional<std::int64_t>> schools;
    if (a.scope == "school") {
      // An empty category means every identified school, whatever its category.
      for (const auto& [code, ids] : members)
        if (a.category.empty() || code == a.category)
          for (auto id : ids)
            if (std::find(schools.begin(), schools.end(), id) == schools.end())
              schools.emplace_back(id);
      if (schools.empty()) out.waiting.push_back(a.number);
    } else {
      schools.emplace_back(std::nullopt);
    }
    for (const auto& school : schools) {
      int seq = 0;
      for (const auto& d : dues) {
        ++seq;
        has.bind_all(activity, school, seq);
        bool exists = has.step();
        has.reset();
        if (exists) continue;
        ins.bind_all(activity, school, seq, d.start.iso(), d.end.iso(),
                     occurrence_kind(d.open, d.start, d.end));
        ins.run();
        ++out.occurrences_added;
      }
    }
  }
  tx.commit();
  return out;
}

}  // namespace opora::host
