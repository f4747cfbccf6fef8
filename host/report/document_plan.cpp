// Report sections about the plan itself: header, summary, the month's roadmap rows, the matrix.
#include <map>

#include "report/document_parts.hpp"
#include "roadmap/schedule.hpp"

namespace opora::host {

namespace {

json no_plan_text(const ReportData& r) {
  return {{"type", "text"},
          {"text", "Дорожная карта на " + std::to_string(r.in.year) +
                       " год не создана (opora roadmap create)."}};
}

double percent(int part, int whole) { return whole ? 100.0 * part / whole : 0.0; }

std::string russian_date(const std::string& iso) {
  auto d = Date::from_iso(iso);
  return d ? d->russian() : iso;
}

}  // namespace

json header_section(const ReportData& r) {
  json rows = json::array();
  auto add = [&](std::string k, std::string v) {
    rows.push_back({{"key", std::move(k)}, {"value", std::move(v)}});
  };
  add("Территория", r.territory_name);
  add("Отчётный месяц", r.in.month.month);
  add("Данные на", russian_date(r.in.month.last));
  if (r.in.plan) {
    add("Дорожная карта", r.in.plan->title);
    std::string order = r.in.plan->order_number;
    if (!r.in.plan->order_date.empty()) order += " от " + russian_date(r.in.plan->order_date);
    if (!order.empty()) add("Приказ", order);
  }
  add("Отбор школ", r.in.identification.used_year
                        ? "результат отбора за " + std::to_string(r.in.identification.used_year) +
                              " год от " + r.in.identification.run.created_at.substr(0, 10)
                        : "отбор не выполнен");
  json blocks = json::array(
      {{{"type", "table"},
        {"columns", json::array({column("key", "Параметр", "text"),
                                 column("value", "Значение", "text")})},
        {"rows", rows}}});
  if (!r.in.plan) blocks.push_back(no_plan_text(r));
  return section("header", "Общие сведения", blocks);
}

json summary_section(const ReportData& r) {
  json blocks = json::array();
  int met = 0, not_met = 0, failed = 0, not_due = 0;
  for (const auto& i : r.indicators) {
    if (!i.error.empty()) ++failed;
    else if (i.not_due) ++not_due;
    else if (i.met) (*i.met ? met : not_met)++;
  }
  if (r.status) {
    const auto& t = r.status->total;
    blocks.push_back(
        {{"type", "figures"},
         {"title", "Мероприятия"},
         {"items",
          json::array(
              {{{"label", "Срок в этом месяце"}, {"value", t.due}, {"unit", "count"}},
               {{"label", "Из них выполнено"},
                {"value", t.done},
                {"unit", "count"},
                {"status", t.done == t.due ? "ok" : "warn"}},
               {{"label", "Выполнено с нарушением срока"},
                {"value", t.done_late},
                {"unit", "count"},
                {"status", t.done_late ? "warn" : "ok"}},
               {{"label", "Просрочено"},
                {"value", t.overdue},
                {"unit", "count"},
                {"status", t.overdue ? "bad" : "ok"}},
               {{"label", "В следующем месяце"}, {"value", t.upcoming}, {"unit", "count"}},
               {{"label", "Выполнено с начала года"}, {"value", t.done_cumulative}, {"unit", "count"}},
               {{"label", "Срок наступил с начала года"},
                {"value", t.due_cumulative},
                {"unit", "count"}},
               {{"label", "Доля выполненных с начала года"},
                {"value", percent(t.done_cumulative, t.due_cumulative)},
                {"unit", "percent"},
                {"status", t.done_cumulative == t.due_cumulative ? "ok" : "warn"}}})}});
    json bars = json::array();
    for (const auto& [name, c] : r.status->by_section) {
      int rest = c.due_cumulative - c.done_cumulative - c.overdue;
      bars.push_back({{"label", name.empty() ? "Без раздела" : name},
                      {"value", c.due_cumulative},
                      {"parts", json::array({{{"label", "выполнено"},
                                              {"value", c.done_cumulative},
                                              {"status", "done"}},
                                             {{"label", "просрочено"},
                                              {"value", c.overdue},
                                              {"status", "overdue"}},
                                             {{"label", "в работе / в срок"},
                                              {"value", rest < 0 ? 0 : rest},
                                              {"status", "planned"}}})}});
    }
    blocks.push_back({{"type", "bar_chart"},
                      {"title", "Выполнение по разделам с начала года"},
                      {"unit", "count"},
                      {"bars", bars}});
  } else {
    blocks.push_back(no_plan_text(r));
  }
  blocks.push_back({{"type", "figures"},
                    {"title", "Показатели"},
                    {"items", json::array({{{"label", "Достигнуто"},
                                            {"value", met},
                                            {"unit", "count"},
                                            {"status", "ok"}},
                                           {{"label", "Не достигнуто"},
                                            {"value", not_met},
                                            {"unit", "count"},
                                            {"status", not_met ? "bad" : "ok"}},
                                           {{"label", "Срок не наступил"},
                                            {"value", not_due},
                                            {"unit", "count"}},
                                           {{"label", "Не рассчитано (ошибка)"},
                                            {"value", failed},
                                            {"unit", "count"},
                                            {"status", failed ? "warn" : "ok"}}})}});
  return section("summary", "Сводка", blocks);
}

namespace {

// The deadline as the document writes it; one the host did not understand says so, since its
// row is only an open window over the year (docs/deadlines.md).
bool unread(const PlanActivity& a) {
  return a.schedule.is_object() && a.schedule.value("kind", "") == "unparsed";
}

std::string deadline_cell(const PlanActivity& a) {
  if (!unread(a)) return a.deadline;
  return a.deadline.empty() ? "срок не указан" : a.deadline + " (срок не распознан)";
}

// Every activity of the plan whose deadline is not understood, whatever the month: its only
// occurrence is an open window due at the year's end, so the month's table would hide it.
std::optional<json> unread_deadlines_text(const ReportData& r) {
  if (!r.in.plan) return std::nullopt;
  std::string text;
  for (const auto& a : r.in.plan->activities) {
    if (!unread(a)) continue;
    text += (text.empty() ? "" : "; ") + a.number + " " + a.title + " — " +
            unread_deadline_text(Schedule::from_json(a.schedule));
  }
  if (text.empty()) return std::nullopt;
  return json{{"type", "text"},
              {"text", "Сроки не распознаны (мероприятие учтено как открытое на весь год, "
                       "уточните срок в дорожной карте): " + text}};
}

}  // namespace

json roadmap_section(const ReportData& r) {
  if (!r.status) return section("roadmap", "Дорожная карта", json::array({no_plan_text(r)}));
  json rows = json::array();
  for (const auto& row : r.status->rows) {
    const auto& a = *row.activity;
    const auto& o = *row.occurrence;
    json j = {{"number", a.number},
              {"section", a.section},
              {"title", a.title},
              {"deadline", deadline_cell(a)},
              {"due", o.due_end.empty() ? json(nullptr) : json(o.due_end)},
              {"school", o.login.empty() ? "" : o.login + " " + o.school_name},
              {"responsible", a.responsible},
              {"status", row.mark},
              {"date", row.verdict.date.empty() ? json(nullptr) : json(row.verdict.date)},
              {"evidence", row.state.evidence}};
    rows.push_back(std::move(j));
  }
  json table = {{"type", "table"},
                {"title", "Мероприятия месяца: срок в месяце, просроченные, выполненные, "
                          "на следующий месяц"},
                {"columns", json::array({column("number", "№", "text"),
                                         column("section", "Раздел", "text"),
                                         column("title", "Мероприятие", "text"),
                                         column("deadline", "Срок (по документу)", "text"),
                                         column("due", "Срок", "date"),
                                         column("school", "Школа", "text"),
                                         column("responsible", "Ответственный", "text"),
                                         column("status", "Статус", "status"),
                                         column("date", "Дата", "date"),
                                         column("evidence", "Подтверждение", "text")})},
                {"rows", rows},
                {"status_key", "status"}};
  json resp = json::array();
  for (const auto& [name, c] : r.status->by_responsible)
    resp.push_back({{"responsible", name.empty() ? "не указан" : name},
                    {"due", c.due},
                    {"done", c.done},
                    {"overdue", c.overdue},
                    {"upcoming", c.upcoming}});
  json by_resp = {{"type", "table"},
                  {"title", "По ответственным"},
                  {"columns", json::array({column("responsible", "Ответственный", "text"),
                                           column("due", "Срок в месяце", "count"),
                                           column("done", "Выполнено", "count"),
                                           column("overdue", "Просрочено", "count"),
                                           column("upcoming", "В следующем месяце", "count")})},
                  {"rows", resp}};
  json blocks = json::array({table});
  if (auto note = unread_deadlines_text(r)) blocks.push_back(*note);
  blocks.push_back(by_resp);
  return section("roadmap", "Дорожная карта", blocks);
}

json matrix_section(const ReportData& r) {
  if (!r.in.plan) return section("matrix", "Школы и мероприятия", json::array({no_plan_text(r)}));
  const auto& plan = *r.in.plan;
  PlanVerdicts verdicts(plan, r.in.month.last, &r.in.indicators.reach);
  std::vector<std::size_t> acts;
  for (std::size_t i = 0; i < plan.activities.size(); ++i)
    if (plan.activities[i].scope == "school") acts.push_back(i);
  std::map<std::string, std::string> schools;  // login → label
  // (login, activity) → the occurrence that speaks for the month: the latest due by its end,
  // else the first one after it.
  std::map<std::pair<std::string, std::size_t>, const PlanOccurrence*> pick;
  for (const auto& o : plan.occurrences) {
    if (!o.school) continue;
    schools[o.login] = o.login + " " + o.school_name;
    auto& p = pick[{o.login, o.activity}];
    bool in_time = o.due_end <= r.in.month.last;
    if (!p) p = &o;
    else if (in_time && (p->due_end > r.in.month.last || o.due_end > p->due_end)) p = &o;
  }
  json rows = json::array(), cols = json::array(), cells = json::array();
  for (auto i : acts) cols.push_back(plan.activities[i].number + ". " + plan.activities[i].title);
  for (const auto& [login, label] : schools) {
    rows.push_back(label);
    json line = json::array();
    for (auto i : acts) {
      auto it = pick.find({login, i});
      if (it == pick.end()) {
        line.push_back(nullptr);
        continue;
      }
      const auto* o = it->second;
      // The one verdict of engine/status.cpp; a window not begun yet is simply planned.
      std::string s = verdicts.of(o->id).mark;
      if (s == "not_due") s = "planned";
      line.push_back(s);
    }
    cells.push_back(line);
  }
  json blocks = json::array();
  if (acts.empty() || schools.empty())
    blocks.push_back({{"type", "text"},
                      {"text", acts.empty() ? "В дорожной карте нет мероприятий, которые "
                                              "выполняет каждая школа."
                                            : "Школы для мероприятий уровня школы ещё не "
                                              "определены: выполните отбор и повторите "
                                              "opora roadmap create."}});
  else
    blocks.push_back({{"type", "matrix"},
                      {"title", "Статус мероприятий по школам на конец месяца"},
                      {"rows", rows},
                      {"columns", cols},
                      {"cells", cells}});
  return section("matrix", "Школы и мероприятия", blocks);
}

}  // namespace opora::host
