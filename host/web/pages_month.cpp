// The municipality's month, an activity with its occurrences and records, the progress form
// and its corrections, participation, attached files and the history. Every status comes from
// the engine (month_status, PlanVerdicts); every write goes through engine/progress.
#include <set>

#include "engine/plan_context.hpp"
#include "engine/progress.hpp"
#include "engine/views_json.hpp"
#include "roadmap/activity_number.hpp"
#include "util/clock.hpp"
#include "web/attachments.hpp"
#include "web/charts.hpp"
#include "web/html.hpp"
#include "web/pages.hpp"
#include "web/resolve.hpp"
#include "web/views.hpp"

namespace opora::host::web {

namespace {

std::string tlink(const std::string& territory, const std::string& rest) {
  return "/t/" + url_encode(territory) + "/" + rest;
}

std::string activity_href(std::int64_t id) { return "/activity/" + std::to_string(id); }

std::string counts_cells(const StatusCounts& c) {
  return "<td class=\"num\">" + std::to_string(c.due) + "</td><td class=\"num\">" +
         std::to_string(c.done) + "</td><td class=\"num\">" + std::to_string(c.overdue) +
         "</td><td class=\"num\">" + std::to_string(c.upcoming) + "</td>";
}

// The month's rows in the groups a methodologist works through.
struct Group {
  const char* title;
  std::set<std::string> marks;
};
const Group month_groups[] = {
    {"Просрочено", {"overdue"}},
    {"Срок в этом месяце", {"due", "done", "done_late", "in_progress", "cancelled"}},
    {"В следующем месяце", {"upcoming"}},
    {"В работе (срок позже) и по событию", {"window", "open", "not_due", "planned"}},
};

void get_month(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  auto month = month_of(ctx, t);
  auto v = month_view(ctx, t, month);
  std::string b = "<h1>" + esc(territory_name(ctx.db(), t)) + ": " + month_words(month) + "</h1>" +
                  months_nav(tlink(t, "month"), month);
  if (!v->status) {
    b += "<p class=\"notice\">Нет дорожной карты территории на " + month_words(month) +
         ".</p>";
    ctx.html(page(ctx, "Месяц", b, t));
    return;
  }
  const auto& st = *v->status;
  b += "<p>" + esc(v->plan->title) + " (план " + std::to_string(v->plan->year) + ")</p>";
  b += "<div class=\"totals\" id=\"totals\"><div>Срок в месяце<b id=\"due\">" +
       std::to_string(st.total.due) + "</b></div><div>Выполнено<b id=\"done\">" +
       std::to_string(st.total.done) + "</b></div><div>Просрочено<b id=\"overdue\">" +
       std::to_string(st.total.overdue) + "</b></div><div>В следующем месяце<b id=\"upcoming\">" +
       std::to_string(st.total.upcoming) + "</b></div><div>С начала года<b>" +
       std::to_string(st.total.done_cumulative) + " из " + std::to_string(st.total.due_cumulative) +
       "</b></div></div>";
  b += "<h2>По разделам</h2><table><thead><tr><th>Раздел</th><th class=\"num\">Срок</th>"
       "<th class=\"num\">Выполнено</th><th class=\"num\">Просрочено</th><th class=\"num\">"
       "Далее</th></tr></thead><tbody>";
  for (const auto& [k, c] : st.by_section)
    b += "<tr><td>" + esc(k.empty() ? "без раздела" : k) + "</td>" + counts_cells(c) + "</tr>";
  b += "</tbody></table>";
  b += chart_img(t, "status", month, "Выполнение по разделам с начала года");
  for (const auto& g : month_groups) {
    std::string rows;
    for (const auto& r : st.rows) {
      if (!g.marks.count(r.mark)) continue;
      rows += "<tr><td>" + esc(canonical_activity_number(r.activity->number)) + "</td><td><a href=\"" +
              activity_href(r.activity->id) + "\">" + esc(r.activity->title) + "</a></td><td>" +
              esc(r.occurrence->login) + "</td><td class=\"num\">" + esc(r.occurrence->due_end) +
              "</td><td>" + mark_badge(r.mark) + "</td><td class=\"num\">" + esc(r.verdict.date) +
              "</td></tr>";
    }
    if (rows.empty()) continue;
    b += std::string("<h2>") + g.title + "</h2><table class=\"rows\"><thead><tr><th>№</th>"
         "<th>Мероприятие</th><th>Школа</th><th class=\"num\">Срок</th><th>Состояние</th>"
         "<th class=\"num\">Дата</th></tr></thead><tbody>" + rows + "</tbody></table>";
  }
  ctx.html(page(ctx, "Месяц " + month, b, t));
}

struct LoadedActivity {
  PlanState plan;
  std::size_t index = 0;
  ActivityReach reach;
};

LoadedActivity load_activity(Ctx& ctx, std::int64_t id) {
  auto q = ctx.db().prepare("SELECT roadmap FROM activities WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) throw HttpError(404, "мероприятие не найдено");
  LoadedActivity a{load_plan_state(ctx.db(), q.column_int64(0)), 0, {}};
  for (std::size_t i = 0; i < a.plan.activities.size(); ++i)
    if (a.plan.activities[i].id == id) a.index = i;
  auto eff = ctx.ws.catalog().effective(a.plan.territory);
  a.reach = activity_reach(a.plan, eff, plan_identification(ctx.db(), a.plan.territory, a.plan.year));
  return a;
}

const char* action_word(const std::string& a) {
  if (a == "record") return "запись";
  if (a == "correct") return "исправление";
  return "отмена";
}

std::string status_options(const std::string& selected) {
  static const std::pair<const char*, const char*> statuses[] = {
      {"done", "выполнено"}, {"in_progress", "выполняется"}, {"cancelled", "отменено"}};
  std::string out;
  for (const auto& [id, title] : statuses)
    out += std::string("<option value=\"") + id + "\"" + (selected == id ? " selected" : "") +
           ">" + title + "</option>";
  return out;
}

void get_activity(Ctx& ctx) {
  auto id = ctx.id_param("id");
  auto a = load_activity(ctx, id);
  const auto& plan = a.plan;
  const auto& act = plan.activities[a.index];
  const auto& t = plan.territory;
  PlanVerdicts verdicts(plan, "", &a.reach);
  auto in_force_rows = plan.effective_rows();
  std::set<std::int64_t> in_force(in_force_rows.begin(), in_force_rows.end());
  std::map<std::int64_t, std::vector<Attachment>> files;
  for (auto& f : attachments_of_plan(ctx.db(), plan.roadmap)) files[f.progress].push_back(f);

  std::string b = "<h1>Мероприятие " + esc(canonical_activity_number(act.number)) + ". " +
                  esc(act.title) + "</h1>";
  if (auto rec = ctx.field("recorded"); !rec.empty())
    b += "<p class=\"notice\" id=\"recorded\">Запись №" + esc(rec) + " сохранена.</p>";
  b += "<table class=\"facts\"><tbody><tr><th>Раздел</th><td>" + esc(act.section) +
       "</td></tr><tr><th>Срок (по документу)</th><td>" + esc(act.deadline) +
       "</td></tr><tr><th>Ответственный</th><td>" + esc(act.responsible) +
       "</td></tr><tr><th>Уровень</th><td>" + esc(act.scope == "school" ? "школа" : "территория") +
       "</td></tr><tr><th>Категория</th><td>" + esc(act.category) +
       "</td></tr><tr><th>Показатель</th><td>" + esc(act.indicator) + "</td></tr></tbody></table>";
  bool can_write_territory = auth::allowed(ctx.db(), ctx.user(), auth::Action::write, t);

  std::string options;
  b += "<h2>Сроки выполнения</h2><table id=\"occurrences\"><thead><tr><th>№</th><th>Школа</th>"
       "<th class=\"num\">Начало</th><th class=\"num\">Срок</th><th>Состояние</th>"
       "<th class=\"num\">Дата</th><th class=\"num\">Событий</th><th class=\"num\">Школ "
       "участвовало</th></tr></thead><tbody>";
  bool first_open = true;
  // Today, unless the plan is of another time (a past year's plan): then the selected due date.
  std::string today = local_today_iso(), default_date;
  bool today_fits = std::stoi(today.substr(0, 4)) <= plan.year + 1;
  for (const auto& o : plan.occurrences) {
    if (o.activity != a.index) continue;
    const auto& v = verdicts.of(o.id);
    b += "<tr id=\"occ-" + std::to_string(o.id) + "\"><td>" + std::to_string(o.seq) + "</td><td>" +
         esc(o.login.empty() ? "" : o.login + " " + o.school_name) + "</td><td class=\"num\">" +
         esc(o.due_start) + "</td><td class=\"num\">" + esc(o.due_end) + "</td><td>" +
         mark_badge(v.mark) + "</td><td class=\"num\">" + esc(v.date) + "</td><td class=\"num\">" +
         std::to_string(v.events) + "</td><td class=\"num\">" +
         (v.expected ? std::to_string(v.reached) + " из " + std::to_string(v.expected) : "") +
         "</td></tr>";
    if (!auth::allowed(ctx.db(), ctx.user(), auth::Action::write, t, o.login)) continue;
    bool select = first_open && !v.done();
    if (select) {
      first_open = false;
      default_date = today_fits || o.due_end.empty() ? today : std::min(today, o.due_end);
    }
    options += "<option value=\"" + std::to_string(o.id) + "\"" + (select ? " selected" : "") +
               ">срок " + esc(o.due_end.empty() ? "по событию" : o.due_end) +
               (o.login.empty() ? "" : " — " + esc(o.login)) + " (" + esc(status_label(v.mark)) +
               ")</option>";
  }
  b += "</tbody></table>";

  if (default_date.empty()) {
    // Nothing open: the last due date of a past year's plan, else today.
    default_date = today;
    for (const auto& o : plan.occurrences)
      if (o.activity == a.index && !today_fits && !o.due_end.empty()) default_date = std::min(today, o.due_end);
  }
  if (!options.empty())
    b += "<h2>Отметить выполнение</h2><form class=\"card\" id=\"progress-form\" method=\"post\" "
         "action=\"/progress\" enctype=\"multipart/form-data\">" + csrf_input(ctx) +
         "<label>Срок <select name=\"occurrence\">" + options + "</select></label>"
         "<label>Состояние <select name=\"status\">" + status_options("done") + "</select></label>"
         "<label>Дата <input type=\"date\" name=\"date\" value=\"" + esc(default_date) +
         "\" required></label>"
         "<label>Подтверждение (документ, номер, ссылка) <input type=\"text\" name=\"evidence\">"
         "</label><label>Примечание <input type=\"text\" name=\"note\"></label>"
         "<label>Файл (не больше " + std::to_string(ctx.shared.options.max_upload / (1024 * 1024)) +
         " МБ) <input type=\"file\" name=\"file\"></label>"
         "<button type=\"submit\">Сохранить</button></form>";

  b += "<h2>Записи и история</h2><table id=\"records\"><thead><tr><th>№</th><th>Внесено</th>"
       "<th>Действие</th><th>Срок</th><th>Состояние</th><th>Дата</th><th>Подтверждение</th>"
       "<th>Примечание</th><th>Внёс</th><th>Файлы</th><th></th></tr></thead><tbody>";
  std::map<std::int64_t, const PlanOccurrence*> occ;
  for (const auto& o : plan.occurrences) occ[o.id] = &o;
  for (const auto& p : plan.progress) {
    const auto* o = occ.at(p.occurrence);
    if (o->activity != a.index) continue;
    std::string links;
    for (const auto& f : files[p.id])
      links += "<a href=\"/files/" + std::to_string(f.id) + "\">" + esc(f.name) + "</a> (" +
               std::to_string(f.size) + " Б) ";
    bool live = in_force.count(p.id) > 0;
    b += "<tr" + std::string(live ? "" : " class=\"muted\"") + "><td>" + std::to_string(p.id) +
         "</td><td>" + esc(p.recorded_at) + "</td><td>" + action_word(p.action) +
         (p.supersedes ? " записи №" + std::to_string(*p.supersedes) : "") + "</td><td>" +
         esc(o->due_end) + (o->login.empty() ? "" : " " + esc(o->login)) + "</td><td>" +
         (p.action == "undo" ? "" : mark_badge(p.status)) + "</td><td>" + esc(p.date) +
         "</td><td>" + esc(p.evidence) + "</td><td>" + esc(p.note) + "</td><td>" + esc(p.who) +
         "</td><td>" + links + "</td><td>";
    if (live && p.action != "undo" &&
        auth::allowed(ctx.db(), ctx.user(), auth::Action::write, t, o->login)) {
      auto base = "/progress/" + std::to_string(p.id);
      b += "<details><summary>Исправить / отменить</summary><form method=\"post\" action=\"" +
           base + "/correct\">" + csrf_input(ctx) + "<select name=\"status\">" +
           status_options(p.status) + "</select><input type=\"date\" name=\"date\" value=\"" +
           esc(p.date) + "\"><input type=\"text\" name=\"evidence\" value=\"" + esc(p.evidence) +
           "\"><input type=\"text\" name=\"note\" placeholder=\"причина\"><button "
           "type=\"submit\">Исправить</button></form><form method=\"post\" action=\"" + base +
           "/undo\">" + csrf_input(ctx) + "<input type=\"text\" name=\"note\" "
           "placeholder=\"причина\"><button type=\"submit\">Отменить запись</button></form>"
           "</details>";
    }
    b += "</td></tr>";
  }
  b += "</tbody></table>";

  b += "<h2>Участие школ и работников</h2><table id=\"participation\"><thead><tr><th>№</th>"
       "<th>Школа</th><th>Участник</th><th>Роль</th><th>Дата</th><th>Внёс</th><th></th></tr>"
       "</thead><tbody>";
  for (const auto& p : plan.participation) {
    if (p.activity != act.id) continue;
    b += "<tr" + std::string(p.retracted ? " class=\"muted\"" : "") + "><td>" +
         std::to_string(p.id) + "</td><td>" + esc(p.login) + "</td><td>" + esc(p.person) +
         "</td><td>" + esc(p.role) + "</td><td>" + esc(p.date) + "</td><td>" + esc(p.who) +
         "</td><td>" +
         (p.retracted ? std::string("отозвано")
          : auth::allowed(ctx.db(), ctx.user(), auth::Action::write, t, p.login)
              ? "<form class=\"inline\" method=\"post\" action=\"/participation/" +
                    std::to_string(p.id) + "/retract\">" + csrf_input(ctx) +
                    "<button type=\"submit\">Отозвать</button></form>"
              : std::string()) +
         "</td></tr>";
  }
  b += "</tbody></table>";
  const auto& u = ctx.user();
  if (can_write_territory || (u.role == auth::Role::curator && !u.school.empty()))
    b += "<form class=\"card\" method=\"post\" action=\"/participation\">" + csrf_input(ctx) +
         "<input type=\"hidden\" name=\"activity\" value=\"" + std::to_string(act.id) + "\">"
         "<label>Школа (логин) <input type=\"text\" name=\"school\" value=\"" + esc(u.school) +
         "\"></label><label>Участник (ФИО или должность) <input type=\"text\" name=\"person\">"
         "</label><label>Роль <input type=\"text\" name=\"role\"></label><label>Дата <input "
         "type=\"date\" name=\"date\" value=\"" + esc(local_today_iso()) + "\"></label>"
         "<button type=\"submit\">Добавить участие</button></form>";
  b += "<p><a href=\"" + tlink(t, "month") + "\">← к месяцу</a> · <a href=\"" +
       tlink(t, "history?year=" + std::to_string(plan.year)) + "\">вся история плана</a></p>";
  ctx.html(page(ctx, act.title, b, t));
}

ProgressEntry entry_from(Ctx& ctx) {
  ProgressEntry e;
  auto s = normalize_status(ctx.field("status").empty() ? "done" : ctx.field("status"));
  if (s.empty()) throw HttpError(422, "неизвестный статус «" + ctx.field("status") + "»");
  e.status = s;
  e.date = ctx.field("date").empty() ? local_today_iso() : ctx.field("date");
  e.evidence = ctx.field("evidence");
  e.note = ctx.field("note");
  // Every write is the logged-in user's, by login (the history shows who).
  e.who = ctx.user().login;
  return e;
}

std::int64_t activity_of_occurrence(Db& db, std::int64_t occurrence) {
  auto q = db.prepare("SELECT activity FROM occurrences WHERE id = ?");
  q.bind(1, occurrence);
  return q.step() ? q.column_int64(0) : 0;
}

std::int64_t occurrence_of_row(Db& db, std::int64_t row) {
  auto q = db.prepare("SELECT occurrence FROM progress WHERE id = ?");
  q.bind(1, row);
  return q.step() ? q.column_int64(0) : 0;
}

}  // namespace

// Shared with the API: records progress (and the attached file) in one transaction.
std::int64_t record_with_file(Ctx& ctx, std::int64_t occurrence, const ProgressEntry& e) {
  const httplib::MultipartFormData* file = nullptr;
  if (ctx.req.has_file("file")) {
    file = &ctx.req.files.find("file")->second;
    if (file->content.empty() && file->filename.empty()) file = nullptr;
  }
  if (file && file->content.size() > ctx.shared.options.max_upload)
    throw HttpError(413, "файл больше " +
                             std::to_string(ctx.shared.options.max_upload / (1024 * 1024)) +
                             " МБ не принимается");
  std::int64_t row = 0;
  ctx.write([&] {
    row = record_progress(ctx.db(), occurrence, e);
    if (file) add_attachment(ctx.db(), row, file->filename, file->content_type, file->content, e.who);
  });
  return row;
}

namespace {

void post_progress(Ctx& ctx) {
  auto occurrence = std::stoll(ctx.field("occurrence"));
  auto row = record_with_file(ctx, occurrence, entry_from(ctx));
  ctx.redirect(activity_href(activity_of_occurrence(ctx.db(), occurrence)) + "?recorded=" +
               std::to_string(row));
}

void post_correct(Ctx& ctx) {
  auto row = ctx.id_param("row");
  auto e = entry_from(ctx);
  std::int64_t id = 0;
  ctx.write([&] { id = correct_progress(ctx.db(), row, e); });
  ctx.redirect(activity_href(activity_of_occurrence(ctx.db(), occurrence_of_row(ctx.db(), row))) +
               "?recorded=" + std::to_string(id));
}

void post_undo(Ctx& ctx) {
  auto row = ctx.id_param("row");
  std::int64_t id = 0;
  ctx.write([&] { id = undo_progress(ctx.db(), row, ctx.user().login, ctx.field("note")); });
  ctx.redirect(activity_href(activity_of_occurrence(ctx.db(), occurrence_of_row(ctx.db(), row))) +
               "?recorded=" + std::to_string(id));
}

void post_participation(Ctx& ctx) {
  std::int64_t activity = 0;
  try {
    activity = std::stoll(ctx.field("activity"));
  } catch (const std::exception&) {
    throw HttpError(400, "не указано мероприятие");
  }
  Participation p{activity, std::nullopt, ctx.field("person"), ctx.field("role"),
                  ctx.field("date").empty() ? local_today_iso() : ctx.field("date"),
                  ctx.user().login};
  auto school = ctx.field("school");
  if (!school.empty()) p.school = school_id(ctx.db(), school);
  ctx.write([&] { add_participation(ctx.db(), p); });
  ctx.redirect(activity_href(activity));
}

void post_retract(Ctx& ctx) {
  auto id = ctx.id_param("id");
  std::int64_t activity = 0;
  {
    auto q = ctx.db().prepare("SELECT activity FROM participation WHERE id = ?");
    q.bind(1, id);
    if (q.step()) activity = q.column_int64(0);
  }
  ctx.write([&] { retract_participation(ctx.db(), id, ctx.user().login); });
  ctx.redirect(activity_href(activity));
}

void get_file(Ctx& ctx) {
  auto f = attachment_content(ctx.db(), ctx.id_param("id"));
  if (!f) throw HttpError(404, "файл не найден");
  // Always a download of opaque bytes: an uploaded HTML file never runs in our origin.
  ctx.download(f->second, "application/octet-stream", f->first.name);
}

void get_history(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  int year = 0;
  auto id = plan_for_year(ctx, t, year);
  std::string b = "<h1>История выполнения: " + esc(territory_name(ctx.db(), t)) + "</h1>";
  if (!id) {
    b += "<p class=\"notice\">Нет дорожной карты" +
         (year ? " на " + std::to_string(year) + " год" : std::string()) + ".</p>";
    ctx.html(page(ctx, "История", b, t));
    return;
  }
  auto plan = load_plan_state(ctx.db(), *id);
  auto h = progress_history_json(plan);
  std::map<std::string, std::int64_t> activity_ids;
  for (const auto& a : plan.activities) activity_ids[a.number + "#" + std::to_string(a.position)] = a.id;
  b += "<p>" + esc(plan.title) + ", " + std::to_string(plan.year) + " год. Записей: " +
       std::to_string(h["progress"].size()) + ".</p><table id=\"history\"><thead><tr><th>№</th>"
       "<th>Внесено</th><th>Действие</th><th>Мероприятие</th><th>Школа</th><th>Срок</th>"
       "<th>Состояние</th><th>Дата</th><th>Подтверждение</th><th>Примечание</th><th>Внёс</th>"
       "</tr></thead><tbody>";
  for (const auto& r : h["progress"]) {
    auto key = r["activity"].get<std::string>() + "#" + std::to_string(r["position"].get<int>());
    b += std::string("<tr") + (r["in_force"].get<bool>() ? "" : " class=\"muted\"") + "><td>" +
         std::to_string(r["id"].get<std::int64_t>()) + "</td><td>" +
         esc(r["recorded_at"].get<std::string>()) + "</td><td>" +
         action_word(r["action"].get<std::string>()) +
         (r["supersedes"].is_null() ? "" : " №" + std::to_string(r["supersedes"].get<std::int64_t>())) +
         "</td><td><a href=\"" + activity_href(activity_ids[key]) + "\">" +
         esc(r["activity"].get<std::string>()) + "</a></td><td>" + esc(r["school"].get<std::string>()) +
         "</td><td>" + esc(r["due"].get<std::string>()) + "</td><td>" +
         (r["action"] == "undo" ? "" : mark_badge(r["status"].get<std::string>())) + "</td><td>" +
         esc(r["date"].get<std::string>()) + "</td><td>" + esc(r["evidence"].get<std::string>()) +
         "</td><td>" + esc(r["note"].get<std::string>()) + "</td><td>" +
         esc(r["who"].get<std::string>()) + "</td></tr>";
  }
  b += "</tbody></table>";
  ctx.html(page(ctx, "История", b, t));
}

}  // namespace

void add_month_pages(std::vector<Route>& out) {
  using A = auth::Action;
  out.push_back({"GET", "/t/{territory}/month", Kind::page, A::read, TargetFrom::path,
                 "Месяц муниципалитета: срок, выполнено, просрочено, следующий месяц", get_month});
  out.push_back({"GET", "/activity/{id}", Kind::page, A::read, TargetFrom::activity,
                 "Мероприятие: сроки, записи, история, участие", get_activity});
  out.push_back({"POST", "/progress", Kind::page, A::write, TargetFrom::occurrence,
                 "Отметить выполнение (с подтверждением и файлом)", post_progress});
  out.push_back({"POST", "/progress/{row}/correct", Kind::page, A::write, TargetFrom::row,
                 "Исправить запись", post_correct});
  out.push_back({"POST", "/progress/{row}/undo", Kind::page, A::write, TargetFrom::row,
                 "Отменить запись", post_undo});
  out.push_back({"POST", "/participation", Kind::page, A::write, TargetFrom::activity_field,
                 "Участие школы или работника", post_participation});
  out.push_back({"POST", "/participation/{id}/retract", Kind::page, A::write,
                 TargetFrom::participation, "Отозвать запись об участии", post_retract});
  out.push_back({"GET", "/files/{id}", Kind::page, A::read, TargetFrom::attachment,
                 "Файл, приложенный к записи", get_file});
  out.push_back({"GET", "/t/{territory}/history", Kind::page, A::read, TargetFrom::path,
                 "История выполнения плана", get_history});
}

}  // namespace opora::host::web
