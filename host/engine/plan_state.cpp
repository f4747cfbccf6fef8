#include "engine/plan_state.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace opora::host {

namespace {

std::string text(const Statement& q, int col) { return std::string(q.column_text(col)); }

std::optional<std::int64_t> opt_id(const Statement& q, int col) {
  if (q.column_null(col)) return std::nullopt;
  return q.column_int64(col);
}

}  // namespace

std::vector<std::int64_t> PlanState::effective_rows() const {
  // Replay the append-only log: a correction replaces the row it supersedes; an undo removes
  // its row and, for an undone correction, brings back what that correction had replaced.
  std::unordered_map<std::int64_t, const ProgressRow*> by_id;
  for (const auto& p : progress) by_id[p.id] = &p;
  std::set<std::int64_t> active;
  for (const auto& p : progress) {
    if (p.action == "record") {
      active.insert(p.id);
    } else if (p.action == "correct") {
      if (p.supersedes) active.erase(*p.supersedes);
      active.insert(p.id);
    } else if (p.action == "undo" && p.supersedes) {
      active.erase(*p.supersedes);
      auto it = by_id.find(*p.supersedes);
      if (it != by_id.end() && it->second->action == "correct" && it->second->supersedes)
        active.insert(*it->second->supersedes);
    }
  }
  return {active.begin(), active.end()};
}

std::map<std::int64_t, OccurrenceStatus> PlanState::status_as_of(std::string_view as_of) const {
  std::unordered_map<std::int64_t, const ProgressRow*> by_id;
  for (const auto& p : progress) by_id[p.id] = &p;
  std::map<std::int64_t, OccurrenceStatus> out;
  std::map<std::int64_t, const ProgressRow*> best;
  for (auto id : effective_rows()) {
    const auto* p = by_id[id];
    if (!as_of.empty() && p->date > as_of) continue;
    auto& b = best[p->occurrence];
    // The latest event wins; on the same date the later entry.
    if (!b || std::tie(p->date, p->id) > std::tie(b->date, b->id)) b = p;
  }
  for (const auto& [occ, p] : best)
    out[occ] = OccurrenceStatus{p->status, p->date, p->evidence, p->note, p->who, p->id};
  return out;
}

PlanState load_plan_state(Db& db, std::int64_t roadmap) {
  PlanState s;
  s.roadmap = roadmap;
  {
    auto q = db.prepare(
        "SELECT territory, year, template, title, order_number, order_date FROM roadmaps "
        "WHERE id = ?");
    q.bind(1, roadmap);
    if (!q.step()) throw StoreError("нет дорожной карты №" + std::to_string(roadmap));
    s.territory = text(q, 0);
    s.year = q.column_int(1);
    s.template_id = text(q, 2);
    s.title = text(q, 3);
    s.order_number = text(q, 4);
    s.order_date = text(q, 5);
  }
  std::unordered_map<std::int64_t, std::size_t> activity_index;
  {
    auto q = db.prepare(
        "SELECT id, position, number, section, title, deadline, schedule, responsible, scope, "
        "category, indicator, columns FROM activities WHERE roadmap = ? ORDER BY position");
    q.bind(1, roadmap);
    while (q.step()) {
      PlanActivity a;
      a.id = q.column_int64(0);
      a.position = q.column_int(1);
      a.number = text(q, 2);
      a.section = text(q, 3);
      a.title = text(q, 4);
      a.deadline = text(q, 5);
      a.schedule = nlohmann::json::parse(text(q, 6), nullptr, false);
      a.responsible = text(q, 7);
      a.scope = text(q, 8);
      a.category = text(q, 9);
      a.indicator = text(q, 10);
      a.columns = nlohmann::json::parse(text(q, 11), nullptr, false);
      activity_index[a.id] = s.activities.size();
      s.activities.push_back(std::move(a));
    }
  }
  {
    auto q = db.prepare(
        "SELECT o.id, o.activity, o.school, coalesce(sc.login, ''), coalesce(sc.name, ''), "
        "o.seq, o.due_start, o.due_end, o.kind FROM occurrences o "
        "JOIN activities a ON a.id = o.activity LEFT JOIN schools sc ON sc.id = o.school "
        "WHERE a.roadmap = ? ORDER BY a.position, sc.login, o.seq");
    q.bind(1, roadmap);
    while (q.step()) {
      PlanOccurrence o;
      o.id = q.column_int64(0);
      o.activity = activity_index.at(q.column_int64(1));
      o.school = opt_id(q, 2);
      o.login = text(q, 3);
      o.school_name = text(q, 4);
      o.seq = q.column_int(5);
      o.due_start = text(q, 6);
      o.due_end = text(q, 7);
      o.kind = text(q, 8);
      s.occurrences.push_back(std::move(o));
    }
  }
  {
    auto q = db.prepare(
        "SELECT p.id, p.occurrence, p.action, p.supersedes, coalesce(p.status, ''), "
        "coalesce(p.date, ''), p.evidence, p.note, p.who, p.recorded_at FROM progress p "
        "JOIN occurrences o ON o.id = p.occurrence JOIN activities a ON a.id = o.activity "
        "WHERE a.roadmap = ? ORDER BY p.id");
    q.bind(1, roadmap);
    while (q.step()) {
      ProgressRow p;
      p.id = q.column_int64(0);
      p.occurrence = q.column_int64(1);
      p.action = text(q, 2);
      p.supersedes = opt_id(q, 3);
      p.status = text(q, 4);
      p.date = text(q, 5);
      p.evidence = text(q, 6);
      p.note = text(q, 7);
      p.who = text(q, 8);
      p.recorded_at = text(q, 9);
      s.progress.push_back(std::move(p));
    }
  }
  {
    auto q = db.prepare(
        "SELECT p.id, p.activity, p.school, coalesce(sc.login, ''), p.person, p.role, p.date, "
        "p.who, p.retracted FROM participation p JOIN activities a ON a.id = p.activity "
        "LEFT JOIN schools sc ON sc.id = p.school WHERE a.roadmap = ? ORDER BY p.id");
    q.bind(1, roadmap);
    while (q.step()) {
      ParticipationRow r;
      r.id = q.column_int64(0);
      r.activity = q.column_int64(1);
      r.school = opt_id(q, 2);
      r.login = text(q, 3);
      r.person = text(q, 4);
      r.role = text(q, 5);
      r.date = text(q, 6);
      r.who = text(q, 7);
      r.retracted = q.column_int(8) != 0;
      s.participation.push_back(std::move(r));
    }
  }
  return s;
}

}  // namespace opora::host
