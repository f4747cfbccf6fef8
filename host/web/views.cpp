#include "web/views.hpp"

#include "engine/runs.hpp"
#include "roadmap/plan.hpp"
#include "web/html.hpp"

namespace opora::host::web {

std::string default_month(Db& db, const std::string& territory) {
  auto q = db.prepare(
      "SELECT max(p.date) FROM progress p JOIN occurrences o ON o.id = p.occurrence "
      "JOIN activities a ON a.id = o.activity JOIN roadmaps r ON r.id = a.roadmap "
      "WHERE (r.territory = ?1 OR r.territory LIKE ?1 || '/%') AND p.date IS NOT NULL");
  q.bind(1, territory);
  if (q.step() && !q.column_null(0)) return std::string(q.column_text(0).substr(0, 7));
  return this_month();
}

std::string month_of(Ctx& ctx, const std::string& territory) {
  auto m = ctx.field("month");
  if (m.empty()) return default_month(ctx.db(), territory);
  try {
    return month_bounds(m).month;
  } catch (const std::invalid_argument& e) {
    throw HttpError(400, e.what());
  }
}

std::unique_ptr<MonthView> month_view(Ctx& ctx, const std::string& territory,
                                      const std::string& month) {
  auto v = std::make_unique<MonthView>();
  v->territory = territory;
  try {
    v->month = month_bounds(month);
  } catch (const std::invalid_argument& e) {
    throw HttpError(400, e.what());
  }
  auto eff = ctx.ws.catalog().effective(territory);
  v->ref = find_plan_for_month(ctx.db(), eff, territory, v->month.month);
  if (!v->ref) return v;
  v->plan.emplace(load_plan_state(ctx.db(), v->ref->roadmap));
  v->reach = activity_reach(*v->plan, eff, plan_identification(ctx.db(), territory, v->plan->year));
  v->status.emplace(month_status(*v->plan, v->month.month, &v->reach));
  return v;
}

IndicatorsView indicators_view(Ctx& ctx, const std::string& territory, const std::string& month) {
  IndicatorsView v;
  auto eff = ctx.ws.catalog().effective(territory);
  int year;
  try {
    year = year_for_month(ctx.db(), eff, territory, month);
  } catch (const std::invalid_argument& e) {
    throw HttpError(400, e.what());
  }
  v.data = load_snapshot_for(ctx.db(), territory, year, false);
  v.in = load_month(ctx.db(), eff, *v.data, territory, month);
  v.results = compute_indicators(eff, v.in->indicators, v.in->month.last, v.in->month.previous_last);
  return v;
}

std::string territory_name(Db& db, const std::string& id) {
  auto q = db.prepare("SELECT name FROM territories WHERE id = ?");
  q.bind(1, id);
  return q.step() ? std::string(q.column_text(0)) : id;
}

std::string territory_level(Db& db, const std::string& id) {
  auto q = db.prepare("SELECT level FROM territories WHERE id = ?");
  q.bind(1, id);
  return q.step() ? std::string(q.column_text(0)) : std::string();
}

std::optional<std::int64_t> plan_for_year(Ctx& ctx, const std::string& territory, int& year) {
  auto y = ctx.field("year");
  if (!y.empty()) {
    try {
      year = std::stoi(y);
    } catch (const std::exception&) {
      throw HttpError(400, "год «" + y + "» — не число");
    }
    return find_plan(ctx.db(), territory, year);
  }
  auto eff = ctx.ws.catalog().effective(territory);
  auto ref = find_plan_for_month(ctx.db(), eff, territory, default_month(ctx.db(), territory));
  if (!ref) return std::nullopt;
  auto q = ctx.db().prepare("SELECT year FROM roadmaps WHERE id = ?");
  q.bind(1, ref->roadmap);
  if (q.step()) year = q.column_int(0);
  return ref->roadmap;
}

}  // namespace opora::host::web
