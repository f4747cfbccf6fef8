#include "engine/progress.hpp"

#include <algorithm>

#include "roadmap/activity_number.hpp"
#include "roadmap/calendar.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

namespace opora::host {

namespace {

std::string describe(const PlanActivity& a) {
  return "строка " + std::to_string(a.position) + ", №" + a.number + " «" + a.title + "»";
}

struct Row {
  std::int64_t occurrence = 0;
  std::string action;
};

Row progress_row(Db& db, std::int64_t id) {
  auto q = db.prepare("SELECT occurrence, action FROM progress WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) throw ProgressError("нет записи о выполнении №" + std::to_string(id));
  return {q.column_int64(0), std::string(q.column_text(1))};
}

std::int64_t append(Db& db, std::int64_t occurrence, const char* action,
                    std::optional<std::int64_t> supersedes, const ProgressEntry& e) {
  auto ins = db.prepare(
      "INSERT INTO progress(occurrence, action, supersedes, status, date, evidence, note, who, "
      "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  std::optional<std::string> status, date;
  if (!e.status.empty()) status = e.status;
  if (!e.date.empty()) date = e.date;
  ins.bind_all(occurrence, action, supersedes, status, date, e.evidence, e.note, e.who,
               utc_now_iso());
  ins.run();
  return db.last_insert_rowid();
}

// A school takes part in a plan's activity only when it belongs to the plan's territory or a
// territory below it (a municipality's plan is not a place for another municipality's school).
void check_school_in_plan_territory(Db& db, std::int64_t activity, std::int64_t school) {
  auto q = db.prepare(
      "WITH RECURSIVE up(id) AS (SELECT s.territory FROM schools s WHERE s.id = ?1 "
      "  UNION SELECT t.parent FROM territories t JOIN up ON t.id = up.id WHERE t.parent IS NOT NULL) "
      "SELECT r.territory, s.login, s.territory, "
      "  EXISTS (SELECT 1 FROM up WHERE up.id = r.territory), "
      "  coalesce((SELECT name FROM territories WHERE id = r.territory), r.territory), "
      "  coalesce((SELECT name FROM territories WHERE id = s.territory), s.territory) "
      "FROM activities a JOIN roadmaps r ON r.id = a.roadmap, schools s "
      "WHERE a.id = ?2 AND s.id = ?1");
  q.bind_all(school, activity);
  if (!q.step()) throw ProgressError("нет мероприятия или школы для записи об участии");
  if (q.column_int64(3)) return;
  throw ProgressError("школа " + std::string(q.column_text(1)) + " относится к территории «" +
                      std::string(q.column_text(5)) + "» (" + std::string(q.column_text(2)) +
                      "), а дорожная карта — к территории «" + std::string(q.column_text(4)) +
                      "» (" + std::string(q.column_text(0)) +
                      "): участие школы другой территории не записывается");
}

}  // namespace

const PlanActivity& find_activity(const PlanState& plan, const OccurrenceQuery& q) {
  std::vector<const PlanActivity*> found;
  const std::string number = canonical_activity_number(q.activity);
  for (const auto& a : plan.activities) {
    if (canonical_activity_number(a.number) != number) continue;
    if (q.position && a.position != q.position) continue;
    if (!q.title.empty() && to_lower(a.title).find(to_lower(q.title)) == std::string::npos)
      continue;
    found.push_back(&a);
  }
  if (found.size() == 1) return *found.front();
  if (found.empty())
    throw ProgressError("в дорожной карте нет мероприятия №" + number +
                        (q.position || !q.title.empty() ? " с указанной строкой или названием"
                                                        : ""));
  std::string list;
  for (const auto* a : found) list += "\n  " + describe(*a);
  throw ProgressError("номер " + number +
                      " встречается в документе несколько раз; уточните --position (строка) "
                      "или --title (часть названия):" +
                      list);
}

const PlanOccurrence& find_occurrence(const PlanState& plan, const OccurrenceQuery& q) {
  const auto& a = find_activity(plan, q);
  auto index = std::size_t(&a - plan.activities.data());
  std::vector<const PlanOccurrence*> found;
  for (const auto& o : plan.occurrences) {
    if (o.activity != index) continue;
    if (!q.school.empty() && o.login != q.school) continue;
    if (!q.due.empty() && o.due_end.compare(0, q.due.size(), q.due) != 0) continue;
    if (q.seq && o.seq != q.seq) continue;
    found.push_back(&o);
  }
  if (found.size() == 1) return *found.front();
  if (found.empty()) {
    if (a.scope == "school" && q.school.empty())
      throw ProgressError("мероприятие " + describe(a) + " выполняет каждая школа: укажите --school");
    std::string hint;
    if (q.seq) {
      // --seq picks a deadline, not an event: a second meeting of one deadline is another
      // record of the same occurrence, and count targets count those records.
      int deadlines = 0;
      for (const auto& o : plan.occurrences)
        if (o.activity == index && (q.school.empty() || o.login == q.school)) ++deadlines;
      if (deadlines)
        hint = " (сроков у мероприятия: " + std::to_string(deadlines) +
               "); повторное проведение в тот же срок вносится ещё одной записью без --seq";
    }
    throw ProgressError("у мероприятия " + describe(a) + " нет срока с такими условиями" +
                        (q.school.empty() ? "" : " для школы " + q.school) + hint);
  }
  std::string list;
  for (const auto* o : found)
    list += "\n  " + (o->login.empty() ? std::string() : o->login + " ") + "№" +
            std::to_string(o->seq) + ": срок " + o->due_end;
  std::string hint = a.scope == "school" && q.school.empty() ? "--school, " : "";
  throw ProgressError("у мероприятия " + describe(a) + " несколько сроков; уточните " + hint +
                      "--due ГГГГ-ММ или --seq N:" + list);
}

std::string normalize_status(std::string_view text) {
  auto t = to_lower(trim(text));
  if (t == "done" || t == "выполнено" || t == "выполнен" || t == "да") return "done";
  if (t == "in_progress" || t == "выполняется" || t == "в работе" || t == "в процессе")
    return "in_progress";
  if (t == "cancelled" || t == "отменено" || t == "отменён" || t == "отменен") return "cancelled";
  if (t == "planned" || t == "запланировано" || t == "не начато") return "planned";
  return {};
}

void check_entry(const ProgressEntry& e) {
  if (normalize_status(e.status) != e.status || e.status.empty())
    throw ProgressError("неизвестный статус «" + e.status +
                        "»: допустимы done (выполнено), in_progress (выполняется), "
                        "cancelled (отменено), planned (запланировано)");
  auto d = Date::from_iso(e.date);
  if (!d || !d->valid()) throw ProgressError("дата «" + e.date + "» не в формате ГГГГ-ММ-ДД");
  if (e.who.empty()) throw ProgressError("укажите, кто вносит запись (--who)");
}

void check_entry_date(Db& db, std::int64_t occurrence, const ProgressEntry& e, const Date& today) {
  auto d = Date::from_iso(e.date);
  if (!d || !d->valid()) throw ProgressError("дата «" + e.date + "» не в формате ГГГГ-ММ-ДД");
  auto q = db.prepare(
      "SELECT r.year, o.due_start, o.due_end FROM occurrences o "
      "JOIN activities a ON a.id = o.activity JOIN roadmaps r ON r.id = a.roadmap WHERE o.id = ?");
  q.bind(1, occurrence);
  if (!q.step()) throw ProgressError("нет срока мероприятия №" + std::to_string(occurrence));
  if (auto p = record_date_problem(*d, static_cast<int>(q.column_int64(0)),
                                   e.status == "planned", today, q.column_text(1),
                                   q.column_text(2));
      !p.empty())
    throw ProgressError(p);
}

std::optional<std::int64_t> same_record_in_force(Db& db, std::int64_t occurrence,
                                                 const ProgressEntry& e) {
  // In force: a record or correction nothing supersedes (a correction or an undo would).
  auto q = db.prepare(
      "SELECT p.id FROM progress p WHERE p.occurrence = ? AND p.action <> 'undo' "
      "AND p.status IS ? AND p.date IS ? AND p.evidence = ? "
      "AND NOT EXISTS (SELECT 1 FROM progress n WHERE n.supersedes = p.id) ORDER BY p.id LIMIT 1");
  std::optional<std::string> status, date;
  if (!e.status.empty()) status = e.status;
  if (!e.date.empty()) date = e.date;
  q.bind_all(occurrence, status, date, e.evidence);
  if (!q.step()) return std::nullopt;
  return q.column_int64(0);
}

std::string duplicate_message(std::int64_t existing) {
  return "такая запись уже есть: №" + std::to_string(existing) +
         " (то же мероприятие, срок, статус, дата и подтверждение); повторное проведение "
         "вносится со своей датой или подтверждением, ошибку в записи исправляет "
         "progress correct --row " + std::to_string(existing);
}

std::int64_t record_progress(Db& db, std::int64_t occurrence, const ProgressEntry& e,
                             std::optional<Date> today) {
  check_entry(e);
  check_entry_date(db, occurrence, e, today ? *today : today_local());
  if (auto existing = same_record_in_force(db, occurrence, e))
    throw ProgressError(duplicate_message(*existing));
  return append(db, occurrence, "record", std::nullopt, e);
}

std::int64_t correct_progress(Db& db, std::int64_t row, const ProgressEntry& e) {
  check_entry(e);
  auto old = progress_row(db, row);
  if (old.action == "undo") throw ProgressError("запись №" + std::to_string(row) +
                                                " — отмена; исправлять можно запись о выполнении");
  check_entry_date(db, old.occurrence, e, today_local());
  return append(db, old.occurrence, "correct", row, e);
}

std::int64_t undo_progress(Db& db, std::int64_t row, const std::string& who,
                           const std::string& note) {
  if (who.empty()) throw ProgressError("укажите, кто отменяет запись (--who)");
  auto old = progress_row(db, row);
  if (old.action == "undo")
    throw ProgressError("запись №" + std::to_string(row) + " уже является отменой");
  auto already = db.prepare("SELECT id FROM progress WHERE supersedes = ?");
  already.bind(1, row);
  if (already.step())
    throw ProgressError("запись №" + std::to_string(row) + " уже заменена записью №" +
                        std::to_string(already.column_int64(0)));
  ProgressEntry e;
  e.who = who;
  e.note = note;
  return append(db, old.occurrence, "undo", row, e);
}

std::int64_t add_participation(Db& db, const Participation& p, std::optional<Date> today) {
  auto d = Date::from_iso(p.date);
  if (!d || !d->valid()) throw ProgressError("дата «" + p.date + "» не в формате ГГГГ-ММ-ДД");
  if (!p.school && p.person.empty())
    throw ProgressError("укажите школу (--school) или участника (--person)");
  if (p.who.empty()) throw ProgressError("укажите, кто вносит запись (--who)");
  {
    auto q = db.prepare(
        "SELECT r.year, min(nullif(o.due_start, '')), max(o.due_end) FROM activities a "
        "JOIN roadmaps r ON r.id = a.roadmap LEFT JOIN occurrences o ON o.activity = a.id "
        "WHERE a.id = ? GROUP BY a.id");
    q.bind(1, p.activity);
    if (q.step())
      if (auto problem = record_date_problem(*d, static_cast<int>(q.column_int64(0)), false,
                                             today ? *today : today_local(), q.column_text(1),
                                             q.column_text(2));
          !problem.empty())
        throw ProgressError(problem);
  }
  if (p.school) check_school_in_plan_territory(db, p.activity, *p.school);
  auto ins = db.prepare(
      "INSERT INTO participation(activity, school, person, role, date, who, recorded_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  ins.bind_all(p.activity, p.school, p.person, p.role, p.date, p.who, utc_now_iso());
  ins.run();
  return db.last_insert_rowid();
}

void retract_participation(Db& db, std::int64_t id, const std::string& who) {
  if (who.empty()) throw ProgressError("не указано, кто отзывает запись об участии");
  auto up = db.prepare(
      "UPDATE participation SET retracted = 1, retracted_by = ? WHERE id = ? AND retracted = 0");
  up.bind_all(who, id);
  if (up.run() == 0)
    throw ProgressError("нет действующей записи об участии №" + std::to_string(id));
}

std::int64_t school_id(Db& db, std::string_view login) {
  auto q = db.prepare("SELECT id FROM schools WHERE login = ?");
  q.bind(1, login);
  if (!q.step()) throw ProgressError("школа с логином «" + std::string(login) + "» не найдена");
  return q.column_int64(0);
}

}  // namespace opora::host
