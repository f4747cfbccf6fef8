// The JSON API under /api/v1/: the same data as the pages, in the shapes of the CLI's --json
// (engine/views_json.hpp builds both). Writes take the session's CSRF token in X-CSRF-Token.
#include <set>

#include "engine/identify.hpp"
#include "engine/progress.hpp"
#include "engine/runs.hpp"
#include "engine/views_json.hpp"
#include "util/clock.hpp"
#include "web/html.hpp"
#include "web/routes.hpp"
#include "web/views.hpp"
#include "web/year_compare.hpp"

namespace opora::host::web {

std::int64_t record_with_file(Ctx& ctx, std::int64_t occurrence, const ProgressEntry& e);
void send_report(Ctx& ctx, const std::string& territory, const std::string& month,
                 const std::string& format);

namespace {

nlohmann::json user_json(const auth::User& u) {
  return {{"login", u.login},
          {"name", u.name},
          {"role", std::string(auth::role_id(u.role))},
          {"role_title", std::string(auth::role_title(u.role))},
          {"territory", u.territory},
          {"school", u.school.empty() ? nlohmann::json(nullptr) : nlohmann::json(u.school)}};
}

void me(Ctx& ctx) {
  auto j = user_json(ctx.user());
  j["csrf"] = ctx.session->csrf;
  j["expires_at"] = ctx.session->expires_at;
  ctx.json(j);
}

// `opora territories --json`, only those the user may read.
void territories(Ctx& ctx) {
  nlohmann::json out = nlohmann::json::array();
  auto q = ctx.db().prepare(
      "SELECT id, name, coalesce(parent, ''), level FROM territories "
      "ORDER BY id = 'federal' DESC, id");
  while (q.step()) {
    std::string id(q.column_text(0));
    if (!auth::allowed(ctx.db(), ctx.user(), auth::Action::read, id)) continue;
    std::string parent(q.column_text(2));
    out.push_back({{"id", id},
                   {"name", std::string(q.column_text(1))},
                   {"parent", parent.empty() ? nlohmann::json(nullptr) : nlohmann::json(parent)},
                   {"level", std::string(q.column_text(3))}});
  }
  ctx.json(out);
}

int year_field(Ctx& ctx) {
  auto y = ctx.field("year");
  if (y.empty()) throw HttpError(400, "укажите год: ?year=ГГГГ");
  try {
    return std::stoi(y);
  } catch (const std::exception&) {
    throw HttpError(400, "год «" + y + "» — не число");
  }
}

// `opora identify --json [--all]`.
void identification(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  int year = year_field(ctx);
  auto data = load_snapshot_for(ctx.db(), t, year);
  auto id = identify(ctx.ws.catalog(), *data, t, year);
  ctx.json(to_json(id, *data, ctx.field("all") != "1"));
}

// The year's identification by the current rules against last year's, per category
// (web/year_compare.hpp): the shape of `opora diff --json` plus previous_year, a.year/source,
// b.year/source.
void identification_compare(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  int year = year_field(ctx);
  auto data = load_snapshot_for(ctx.db(), t, year);
  auto id = identify(ctx.ws.catalog(), *data, t, year);
  if (!id.complete())
    throw HttpError(422, "сравнение невозможно: не все критерии выполнены\n" +
                             describe_failures(id, *data));
  ctx.json(compare_with_last_year(ctx.db(), ctx.ws.catalog(), t, year, id, *data));
}

void explain(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  int year = year_field(ctx);
  auto school = ctx.field("school");
  auto data = load_snapshot_for(ctx.db(), t, year);
  auto idx = data->find_school(school);
  // The school must lie in the territory of the path (whose access was checked).
  if (!idx || !auth::within(ctx.db(), data->territory_of(*idx), t))
    throw HttpError(404, "школа " + school + " не найдена на территории " + t);
  auto id = identify(ctx.ws.catalog(), *data, data->territory_of(*idx), year);
  nlohmann::json verdicts = nlohmann::json::array();
  for (const auto& s : id.schools) {
    if (s.school != *idx) continue;
    for (const auto& v : s.verdicts)
      verdicts.push_back({{"criterion", v.criterion}, {"category", v.category},
                          {"flagged", v.verdict.flagged}, {"score", v.verdict.score},
                          {"explanation", v.verdict.explanation}});
  }
  auto info = data->school(*idx);
  ctx.json({{"school", std::string(info.login)}, {"name", std::string(info.name)},
            {"territory", std::string(info.territory)}, {"year", year}, {"verdicts", verdicts}});
}

// `opora roadmap status --json`.
void month(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  auto v = month_view(ctx, t, month_of(ctx, t));
  if (!v->status)
    throw HttpError(404, "нет дорожной карты территории " + t + ", действующей в " + v->month.month);
  ctx.json(month_status_json(t, *v->status));
}

// `opora indicators --json`.
void indicators(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  auto v = indicators_view(ctx, t, month_of(ctx, t));
  ctx.json(indicators_json(t, *v.in, v.results));
}

void history(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  int year = 0;
  auto id = plan_for_year(ctx, t, year);
  if (!id) throw HttpError(404, "нет дорожной карты территории " + t);
  ctx.json(progress_history_json(load_plan_state(ctx.db(), *id), ctx.field("activity")));
}

void activity(Ctx& ctx) {
  auto id = ctx.id_param("id");
  auto q = ctx.db().prepare("SELECT roadmap FROM activities WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) throw HttpError(404, "мероприятие не найдено");
  auto plan = load_plan_state(ctx.db(), q.column_int64(0));
  auto eff = ctx.ws.catalog().effective(plan.territory);
  auto reach = activity_reach(plan, eff, plan_identification(ctx.db(), plan.territory, plan.year));
  PlanVerdicts verdicts(plan, "", &reach);
  std::size_t index = 0;
  for (std::size_t i = 0; i < plan.activities.size(); ++i)
    if (plan.activities[i].id == id) index = i;
  const auto& a = plan.activities[index];
  nlohmann::json occ = nlohmann::json::array();
  std::set<std::int64_t> mine;
  for (const auto& o : plan.occurrences) {
    if (o.activity != index) continue;
    mine.insert(o.id);
    const auto& v = verdicts.of(o.id);
    occ.push_back({{"id", o.id}, {"seq", o.seq},
                   {"school", o.login.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.login)},
                   {"start", o.due_start}, {"due", o.due_end}, {"kind", o.kind},
                   {"mark", v.mark}, {"status", v.status}, {"date", v.date},
                   {"events", v.events}, {"reached", v.reached}, {"expected", v.expected}});
  }
  auto h = progress_history_json(plan, a.number);
  // The number may repeat in a document: keep this activity's rows (its position).
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : h["progress"])
    if (r["position"] == a.position) rows.push_back(r);
  ctx.json({{"id", a.id}, {"territory", plan.territory}, {"plan", plan.roadmap},
            {"year", plan.year}, {"number", a.number}, {"position", a.position},
            {"section", a.section}, {"title", a.title}, {"deadline", a.deadline},
            {"responsible", a.responsible}, {"scope", a.scope}, {"category", a.category},
            {"indicator", a.indicator}, {"occurrences", occ}, {"progress", rows}});
}

ProgressEntry entry_from_json(Ctx& ctx) {
  auto j = ctx.body_json();
  ProgressEntry e;
  auto s = normalize_status(j.value("status", std::string("done")));
  if (s.empty()) throw HttpError(422, "неизвестный статус «" + j.value("status", std::string()) + "»");
  e.status = s;
  e.date = j.value("date", local_today_iso());
  e.evidence = j.value("evidence", std::string());
  e.note = j.value("note", std::string());
  e.who = ctx.user().login;
  return e;
}

void progress_post(Ctx& ctx) {
  auto j = ctx.body_json();
  if (!j.contains("occurrence") || !j["occurrence"].is_number_integer())
    throw HttpError(400, "укажите occurrence — номер срока мероприятия");
  auto row = record_with_file(ctx, j["occurrence"].get<std::int64_t>(), entry_from_json(ctx));
  ctx.json({{"id", row}, {"who", ctx.user().login}}, 201);
}

void progress_correct(Ctx& ctx) {
  auto row = ctx.id_param("row");
  auto e = entry_from_json(ctx);
  std::int64_t id = 0;
  ctx.write([&] { id = correct_progress(ctx.db(), row, e); });
  ctx.json({{"id", id}, {"supersedes", row}}, 201);
}

void progress_undo(Ctx& ctx) {
  auto row = ctx.id_param("row");
  auto j = ctx.body_json();
  std::int64_t id = 0;
  ctx.write([&] { id = undo_progress(ctx.db(), row, ctx.user().login, j.value("note", std::string())); });
  ctx.json({{"id", id}, {"supersedes", row}}, 201);
}

void report(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  auto format = ctx.field("format").empty() ? std::string("json") : ctx.field("format");
  send_report(ctx, t, month_of(ctx, t), format);
}

// `opora packages --json`.
void packages(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  auto eff = ctx.ws.catalog().effective(t);
  auto check = ctx.ws.check();
  ctx.json({{"territory", t}, {"chain", eff.chain}, {"items", effective_items_json(eff)},
            {"replaced", eff.replaced}, {"check_errors", check.errors},
            {"check_warnings", check.warnings}});
}

void routes(Ctx& ctx) { ctx.json(routes_json()); }

}  // namespace

void add_api_routes(std::vector<Route>& out) {
  using A = auth::Action;
  auto api = [&out](const char* method, const char* path, std::optional<A> action, TargetFrom t,
                    const char* title, Handler h) {
    out.push_back({method, path, Kind::api, action, t, title, std::move(h)});
  };
  api("GET", "/api/v1/me", A::read, TargetFrom::none, "Текущий пользователь и токен CSRF", me);
  api("GET", "/api/v1/routes", A::read, TargetFrom::none, "Таблица маршрутов", routes);
  api("GET", "/api/v1/territories", A::read, TargetFrom::none, "Доступные территории", territories);
  api("GET", "/api/v1/t/{territory}/identification", A::read, TargetFrom::path,
      "Отбор школ (как identify --json)", identification);
  api("GET", "/api/v1/t/{territory}/identification/compare", A::read, TargetFrom::path,
      "Отбор года против прошлого года (как diff --json)", identification_compare);
  api("GET", "/api/v1/t/{territory}/explain", A::read, TargetFrom::path,
      "Вердикты школы (?school=&year=)", explain);
  api("GET", "/api/v1/t/{territory}/month", A::read, TargetFrom::path,
      "Статус месяца (как roadmap status --json)", month);
  api("GET", "/api/v1/t/{territory}/indicators", A::read, TargetFrom::path,
      "Показатели (как indicators --json)", indicators);
  api("GET", "/api/v1/t/{territory}/history", A::read, TargetFrom::path,
      "История (как progress history --json)", history);
  api("GET", "/api/v1/t/{territory}/packages", A::read, TargetFrom::path,
      "Действующие правила (как packages --json) и проверка", packages);
  api("GET", "/api/v1/t/{territory}/report", A::read, TargetFrom::path,
      "Ежемесячный отчёт (?month=&format=)", report);
  api("GET", "/api/v1/activity/{id}", A::read, TargetFrom::activity,
      "Мероприятие со сроками и записями", activity);
  api("POST", "/api/v1/progress", A::write, TargetFrom::occurrence, "Отметить выполнение",
      progress_post);
  api("POST", "/api/v1/progress/{row}/correct", A::write, TargetFrom::row, "Исправить запись",
      progress_correct);
  api("POST", "/api/v1/progress/{row}/undo", A::write, TargetFrom::row, "Отменить запись",
      progress_undo);
}

}  // namespace opora::host::web
