#include "engine/progress_sim.hpp"

#include <algorithm>
#include <random>

#include "engine/plan_state.hpp"
#include "engine/progress.hpp"
#include "engine/status.hpp"
#include "roadmap/calendar.hpp"

namespace opora::host {

namespace {

constexpr const char* kWho = "демо: координатор";

// Deterministic per occurrence, whatever else the plan holds: seed ⊕ occurrence id.
std::mt19937_64 rng_for(std::uint64_t seed, std::int64_t id) {
  std::seed_seq s{std::uint32_t(seed), std::uint32_t(seed >> 32), std::uint32_t(id),
                  std::uint32_t(std::uint64_t(id) >> 32)};
  return std::mt19937_64(s);
}

std::string shifted(const std::string& iso, int days, const std::string& cap) {
  auto d = Date::from_iso(iso);
  if (!d) return iso;
  auto r = d->add_days(days).iso();
  return r > cap ? cap : r;
}

}  // namespace

void simulate_progress(Db& db, std::int64_t roadmap_id, std::string month, std::uint64_t seed) {
  auto bounds = month_bounds(month);
  // The simulation's today is the month it simulates, whatever the real date.
  const std::optional<Date> sim_today = Date::from_iso(bounds.last);
  auto plan = load_plan_state(db, roadmap_id);
  auto done_before = plan.status_as_of("");
  Transaction tx(db);
  for (const auto& o : plan.occurrences) {
    if (done_before.count(o.id)) continue;  // already has progress: keep it (idempotent)
    if (o.due_start > bounds.last) continue;
    auto rng = rng_for(seed, o.id);
    std::uniform_real_distribution<double> u(0, 1);
    double roll = u(rng);
    const auto& a = plan.activities[o.activity];
    ProgressEntry e;
    e.who = kWho;
    e.evidence = "Приказ (демо) №" + std::to_string(100 + o.id % 400);
    bool past = o.due_end <= bounds.last;
    if (past) {
      if (roll < 0.72) {
        e.status = "done";  // on time, a few days before the due date
        e.date = shifted(o.due_end, -int(rng() % 5), bounds.last);
      } else if (roll < 0.84) {
        e.status = "done";  // late
        e.date = shifted(o.due_end, 5 + int(rng() % 25), bounds.last);
        e.note = "выполнено с опозданием";
      } else if (roll < 0.90) {
        e.status = "in_progress";
        e.date = shifted(o.due_end, -3, bounds.last);
        e.evidence.clear();
      } else if (roll < 0.92) {
        e.status = "cancelled";
        e.date = shifted(o.due_end, -1, bounds.last);
        e.note = "перенесено распоряжением управления образования";
        e.evidence.clear();
      } else {
        continue;  // missing: nothing recorded
      }
    } else {
      // Due later: sometimes already started.
      if (roll > 0.35) continue;
      e.status = "in_progress";
      e.date = o.due_start < bounds.first ? bounds.first : o.due_start;
      e.evidence.clear();
    }
    if (e.date < o.due_start && e.status == "done") e.date = o.due_start;
    auto row = record_progress(db, o.id, e, sim_today);
    (void)row;
    // Events of the territory: schools of the plan and teachers took part.
    if (e.status == "done" && !o.school) {
      for (const auto& other : plan.occurrences)
        if (other.school && u(rng) < 0.08)
          add_participation(db, {a.id, other.school, "", "", e.date, kWho}, sim_today);
      int teachers = int(rng() % 6);
      for (int t = 0; t < teachers; ++t)
        add_participation(db, {a.id, std::nullopt,
                               "Педагог " + std::to_string(o.id) + "-" + std::to_string(t + 1),
                               "teacher", e.date, kWho},
                          sim_today);
    }
  }
  // The denominator of people-share indicators.
  auto has = db.prepare(
      "SELECT 1 FROM territory_observations WHERE territory = ? AND indicator = 'teachers_total'");
  has.bind(1, plan.territory);
  if (!has.step()) {
    auto schools = db.prepare("SELECT count(*) FROM schools WHERE territory = ?");
    schools.bind(1, plan.territory);
    schools.step();
    auto n = schools.column_int64(0);
    auto ins = db.prepare(
        "INSERT INTO territory_observations(territory, year, indicator, value) VALUES (?,?,?,?)");
    ins.bind_all(plan.territory, plan.year, "teachers_total", double(std::max<std::int64_t>(n, 1) * 24));
    ins.run();
  }
  tx.commit();
}

}  // namespace opora::host
