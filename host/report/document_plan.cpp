// Report sections about the plan itself: header, summary, the month's roadmap rows, the matrix.
#include <algorithm>
#include <map>

#include "report/document_parts.hpp"
#include "report/render_format.hpp"
#include "roadmap/calendar.hpp"
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
  add("Отчётный месяц", month_label(r.in.month.month).value_or(r.in.month.month));
  add("Данные на", russian_date(r.in.month.last));
  if (r.in.plan) {
    add("Дорожная карта", r.in.plan->title);
    std::string order = r.in.plan->order_number;
    if (!r.in.plan->order_date.empty()) order += " от " + russian_date(r.in.plan->order_date);
    if (!order.empty()) add("Приказ", order);
  }
  add("Отбор школ", r.in.identification.used_year
                        ? "результат отбора за " + std::to_string(r.in.identification.used_year) +
                              " год от " + render::format_timestamp(r.in.identification.run.created_at).substr(0, 10)
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
    // The document's own order of its sections, not the alphabet.
    std::vector<std::string> order;
    for (const auto& a : r.in.plan->activities)
      if (std::find(order.begin(), order.end(), a.section) == order.end())
        order.push_back(a.section);
    for (const auto& name : order) {
      auto found = r.status->by_section.find(name);
      if (found == r.status->by_section.end()) continue;
      const auto& c = found->second;
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

namespace {

// The short name of a category for «20 из 26 ШНОР»: its title up to « — » («ШНОР — школы с …»).
std::string category_short(const Effective& eff, const std::string& code) {
  std::string t = category_title(eff, code);
  auto dash = t.find(" — ");
  return dash == std::string::npos ? t : t.substr(0, dash);
}

// How pressing a mark is, for the one mark of a group of school occurrences: the worst wins.
int mark_rank(const std::string& m) {
  static const std::map<std::string, int> rank = {
      {"overdue", 9}, {"due", 8},     {"window", 7},  {"in_progress", 6}, {"upcoming", 5},
      {"open", 4},    {"not_due", 3}, {"planned", 2}, {"done_late", 1},  {"done", 0},
      {"cancelled", -1}};
  auto it = rank.find(m);
  return it == rank.end() ? 4 : it->second;
}

bool done_mark(const std::string& m) { return m == "done" || m == "done_late"; }

// Every confirming document and note recorded for an occurrence by the date, in entry order,
// each once: the report lists them all, not only the deciding record's.
struct Confirmations {
  std::vector<std::string> evidence, notes;
};
std::map<std::int64_t, Confirmations> confirmations(const PlanState& plan,
                                                    const std::string& as_of) {
  std::map<std::int64_t, const ProgressRow*> by_id;
  for (const auto& p : plan.progress) by_id[p.id] = &p;
  std::map<std::int64_t, Confirmations> out;
  auto add = [](std::vector<std::string>& list, const std::string& v) {
    if (!v.empty() && std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
  };
  for (auto id : plan.effective_rows()) {
    const auto* p = by_id[id];
    if (p->date > as_of) continue;
    add(out[p->occurrence].evidence, p->evidence);
    add(out[p->occurrence].notes, p->note);
  }
  return out;
}

std::string joined(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& v : list) out += (out.empty() ? "" : "; ") + v;
  return out;
}

// Occurrences of one activity read together: a territory-level occurrence alone, the schools'
// occurrences of one activity and due date as one line («выполнено: 20 из 26 ШНОР»).
struct Line {
  const PlanActivity* activity = nullptr;
  std::string due, mark, date;
  std::vector<const PlanOccurrence*> schools;  // empty for a territory-level occurrence
  int done = 0;
  std::vector<std::string> evidence, notes;
};

void add_unique(std::vector<std::string>& to, const std::vector<std::string>& from) {
  for (const auto& v : from)
    if (std::find(to.begin(), to.end(), v) == to.end()) to.push_back(v);
}

// Groups (occurrence, mark, date) in document order into lines.
class Lines {
 public:
  void add(const PlanOccurrence& o, const PlanActivity& a, const std::string& mark,
           const std::string& date, const Confirmations* c) {
    std::size_t at;
    auto key = std::make_pair(o.activity, o.due_end);
    auto it = o.school ? index_.find(key) : index_.end();
    if (it == index_.end()) {
      at = lines_.size();
      lines_.push_back({&a, o.due_end, mark, date, {}, 0, {}, {}});
      if (o.school) index_[key] = at;
    } else {
      at = it->second;
      auto& l = lines_[at];
      if (mark_rank(mark) > mark_rank(l.mark)) l.mark = mark;
      if (done_mark(mark) && date > l.date) l.date = date;
    }
    auto& l = lines_[at];
    if (o.school) l.schools.push_back(&o);
    l.done += done_mark(mark);
    if (c) {
      add_unique(l.evidence, c->evidence);
      add_unique(l.notes, c->notes);
    }
  }
  const std::vector<Line>& lines() const { return lines_; }

 private:
  std::vector<Line> lines_;
  std::map<std::pair<std::size_t, std::string>, std::size_t> index_;
};

std::string schools_text(const ReportData& r, const Line& l) {
  std::string who = l.activity->category.empty() ? "школ"
                                                 : category_short(r.eff, l.activity->category);
  return "выполнено: " + std::to_string(l.done) + " из " + std::to_string(l.schools.size()) +
         " " + who;
}

// «Отметка о выполнении»: the words of the mark, its date, and for schools how many did it.
std::string completion_text(const ReportData& r, const Line& l) {
  std::string text(status_label(l.mark));
  if (done_mark(l.mark) && !l.date.empty()) text += " " + russian_date(l.date);
  if (!l.schools.empty()) text += " (" + schools_text(r, l) + ")";
  return text;
}

json line_row(const ReportData& r, const Line& l) {
  const auto& a = *l.activity;
  return {{"number", a.number},
          {"section", a.section},
          {"title", a.title},
          {"deadline", deadline_cell(a)},
          {"due", l.due.empty() ? json(nullptr) : json(l.due)},
          {"school", l.schools.empty() ? "" : schools_text(r, l)},
          {"responsible", a.responsible},
          {"status", l.mark},
          {"completion", completion_text(r, l)},
          {"date", l.date.empty() ? json(nullptr) : json(l.date)},
          {"evidence", joined(l.evidence)},
          {"note", joined(l.notes)}};
}

json activity_columns(bool with_completion) {
  json cols = json::array({column("number", "№", "text"), column("section", "Раздел", "text"),
                           column("title", "Мероприятие", "text"),
                           column("deadline", "Срок (по документу)", "text"),
                           column("due", "Срок", "date"), column("school", "Школы", "text"),
                           column("responsible", "Ответственный", "text"),
                           column("status", "Статус", "status")});
  if (with_completion) cols.push_back(column("completion", "Отметка о выполнении", "text"));
  cols.push_back(column("date", "Дата", "date"));
  cols.push_back(column("evidence", "Подтверждающие документы", "text"));
  cols.push_back(column("note", "Примечание", "text"));
  return cols;
}

// The people of the plan in the order the document first names them.
std::vector<std::string> people_in_order(const PlanState& plan) {
  std::vector<std::string> out;
  for (const auto& a : plan.activities)
    for (auto& p : responsible_people(a.responsible))
      if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(std::move(p));
  return out;
}

}  // namespace

json roadmap_section(const ReportData& r) {
  if (!r.status) return section("roadmap", "Дорожная карта", json::array({no_plan_text(r)}));
  const auto& plan = *r.in.plan;
  const auto& last = r.in.month.last;
  auto conf = confirmations(plan, last);
  auto conf_of = [&](std::int64_t id) {
    auto it = conf.find(id);
    return it == conf.end() ? nullptr : &it->second;
  };

  // The month's occurrences, per-school ones summarised per activity.
  Lines month;
  for (const auto& row : r.status->rows)
    month.add(*row.occurrence, *row.activity, row.mark,
              done_mark(row.mark) ? row.verdict.date : std::string(),
              conf_of(row.occurrence->id));
  json rows = json::array();
  for (const auto& l : month.lines()) rows.push_back(line_row(r, l));
  json table = {{"type", "table"},
                {"title", "Мероприятия месяца: срок в месяце, просроченные, выполненные, "
                          "на следующий месяц"},
                {"columns", activity_columns(false)},
                {"rows", rows},
                {"status_key", "status"}};

  // Everything due since the plan's start (or done already), with its completion mark.
  PlanVerdicts verdicts(plan, last, &r.in.indicators.reach);
  Lines all;
  json annex = json::array();
  for (const auto& o : plan.occurrences) {
    const auto& v = verdicts.of(o.id);
    if ((o.due_end.empty() || o.due_end > last) && !v.done()) continue;
    const auto& a = plan.activities[o.activity];
    const auto* c = conf_of(o.id);
    all.add(o, a, v.mark, v.done() ? v.date : "", c);
    if (o.school)
      annex.push_back({{"number", a.number},
                       {"title", a.title},
                       {"due", o.due_end.empty() ? json(nullptr) : json(o.due_end)},
                       {"school", o.login + " " + o.school_name},
                       {"status", v.mark},
                       {"date", v.done() && !v.date.empty() ? json(v.date) : json(nullptr)},
                       {"evidence", c ? joined(c->evidence) : ""},
                       {"note", c ? joined(c->notes) : ""}});
  }
  json cumulative = json::array();
  for (const auto& l : all.lines()) cumulative.push_back(line_row(r, l));
  json cumulative_table = {{"type", "table"},
                           {"title", "Выполнение дорожной карты с начала её действия"},
                           {"columns", activity_columns(true)},
                           {"rows", cumulative},
                           {"status_key", "status"}};

  // По ответственным: the month's lines under each person the document names.
  json resp = json::array(), by_person = json::array();
  auto people = people_in_order(plan);
  auto counts_of = [&](const std::string& person, const StatusCounts& c) {
    resp.push_back({{"responsible", person.empty() ? "не указан" : person},
                    {"due", c.due},
                    {"done", c.done},
                    {"overdue", c.overdue},
                    {"upcoming", c.upcoming}});
  };
  for (const auto& person : people) {
    auto it = r.status->by_responsible.find(person);
    if (it != r.status->by_responsible.end()) counts_of(person, it->second);
    for (const auto& l : month.lines()) {
      auto names = responsible_people(l.activity->responsible);
      if (std::find(names.begin(), names.end(), person) == names.end()) continue;
      by_person.push_back({{"responsible", person},
                           {"number", l.activity->number},
                           {"title", l.activity->title},
                           {"due", l.due.empty() ? json(nullptr) : json(l.due)},
                           {"status", l.mark},
                           {"completion", completion_text(r, l)}});
    }
  }
  if (auto it = r.status->by_responsible.find(""); it != r.status->by_responsible.end())
    counts_of("", it->second);
  json by_resp = {{"type", "table"},
                  {"title", "По ответственным"},
                  {"columns", json::array({column("responsible", "Ответственный", "text"),
                                           column("due", "Срок в месяце", "count"),
                                           column("done", "Выполнено", "count"),
                                           column("overdue", "Просрочено", "count"),
                                           column("upcoming", "В следующем месяце", "count")})},
                  {"rows", resp}};
  json by_person_table = {{"type", "table"},
                          {"title", "Мероприятия месяца по ответственным"},
                          {"columns", json::array({column("responsible", "Ответственный", "text"),
                                                   column("number", "№", "text"),
                                                   column("title", "Мероприятие", "text"),
                                                   column("due", "Срок", "date"),
                                                   column("status", "Статус", "status"),
                                                   column("completion", "Отметка о выполнении",
                                                          "text")})},
                          {"rows", by_person},
                          {"status_key", "status"}};
  json blocks = json::array({table});
  if (auto note = unread_deadlines_text(r)) blocks.push_back(*note);
  blocks.push_back(cumulative_table);
  blocks.push_back(by_resp);
  if (!by_person.empty()) blocks.push_back(by_person_table);
  if (!annex.empty())
    blocks.push_back({{"type", "table"},
                      {"title", "Приложение. Выполнение мероприятий по школам"},
                      {"columns", json::array({column("number", "№", "text"),
                                               column("title", "Мероприятие", "text"),
                                               column("due", "Срок", "date"),
                                               column("school", "Школа", "text"),
                                               column("status", "Статус", "status"),
                                               column("date", "Дата", "date"),
                                               column("evidence", "Подтверждающие документы",
                                                      "text"),
                                               column("note", "Примечание", "text")})},
                      {"rows", annex},
                      {"status_key", "status"}});
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
