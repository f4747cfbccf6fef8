// progress record / correct / undo / participation / history / import: the plan's append-only
// log of what was done. Nothing is overwritten; `history` shows every row.
#include <ctime>
#include <iostream>
#include <set>

#include "cli/app.hpp"
#include "util/clock.hpp"
#include "engine/plan_state.hpp"
#include "engine/progress.hpp"
#include "engine/progress_import.hpp"
#include "engine/progress_sim.hpp"
#include "engine/views_json.hpp"
#include "import/import.hpp"
#include "roadmap/activity_number.hpp"
#include "roadmap/plan.hpp"

namespace opora::host {

namespace {

struct ProgressArgs {
  std::string territory;
  int year = 0;
  OccurrenceQuery q;
  ProgressEntry e;
  std::int64_t row = 0;
  std::string person, role, file;
  std::int64_t retract = 0;
  bool json = false;
  std::string month;
  std::uint64_t seed = 1;
};

std::int64_t plan_of(Runtime& rt, const ProgressArgs& a, std::string& territory) {
  territory = rt.territory(a.territory);
  auto id = find_plan(rt.db(), territory, a.year);
  if (!id)
    throw UserError("нет дорожной карты территории " + territory + " на " +
                    std::to_string(a.year) + " год (opora roadmap create)");
  return *id;
}

// ProgressError is the user's mistake in the data asked for: exit 1 with the Russian message.
template <class F>
void guarded(F&& f) {
  try {
    f();
  } catch (const ProgressError& e) {
    throw UserError(e.what());
  }
}

ProgressEntry entry(const ProgressArgs& a) {
  ProgressEntry e = a.e;
  auto s = normalize_status(e.status);
  if (s.empty()) throw UsageError("неизвестный статус «" + e.status + "»");
  e.status = s;
  if (e.date.empty()) e.date = local_today_iso();
  return e;
}

const char* status_word(const std::string& s) {
  if (s == "done") return "выполнено";
  if (s == "in_progress") return "выполняется";
  if (s == "cancelled") return "отменено";
  if (s == "planned") return "запланировано";
  return "";
}

void run_record(Runtime& rt, const ProgressArgs& a) {
  std::string t;
  auto plan = load_plan_state(rt.db(), plan_of(rt, a, t));
  guarded([&] {
    const auto& occ = find_occurrence(plan, a.q);
    auto id = record_progress(rt.db(), occ.id, entry(a));
    const auto& act = plan.activities[occ.activity];
    std::cout << "Запись №" << id << ": мероприятие " << act.number << " «" << act.title << "»"
              << (occ.login.empty() ? "" : ", школа " + occ.login) << ", срок " << occ.due_end
              << " — " << status_word(entry(a).status) << "\n";
  });
}

void run_correct(Runtime& rt, const ProgressArgs& a) {
  guarded([&] {
    auto id = correct_progress(rt.db(), a.row, entry(a));
    std::cout << "Запись №" << id << " исправляет запись №" << a.row << "\n";
  });
}

void run_undo(Runtime& rt, const ProgressArgs& a) {
  guarded([&] {
    auto id = undo_progress(rt.db(), a.row, a.e.who, a.e.note);
    std::cout << "Запись №" << id << " отменяет запись №" << a.row << "\n";
  });
}

void run_participation(Runtime& rt, const ProgressArgs& a) {
  std::string t;
  auto plan = load_plan_state(rt.db(), plan_of(rt, a, t));
  guarded([&] {
    if (a.retract) {
      retract_participation(rt.db(), a.retract, a.e.who);
      std::cout << "Запись об участии №" << a.retract << " отозвана\n";
      return;
    }
    const auto& act = find_activity(plan, a.q);
    Participation p{act.id, std::nullopt, a.person, a.role,
                    a.e.date.empty() ? local_today_iso() : a.e.date, a.e.who};
    if (!a.q.school.empty()) p.school = school_id(rt.db(), a.q.school);
    auto id = add_participation(rt.db(), p);
    std::cout << "Участие №" << id << ": мероприятие " << act.number << " «" << act.title
              << "»" << (a.q.school.empty() ? "" : ", школа " + a.q.school)
              << (a.person.empty() ? "" : ", " + a.person) << "\n";
  });
}

void run_history(Runtime& rt, const ProgressArgs& a) {
  std::string t;
  auto plan = load_plan_state(rt.db(), plan_of(rt, a, t));
  auto history = progress_history_json(plan, a.q.activity);
  const auto& rows = history["progress"];
  const auto& part = history["participation"];
  if (a.json) {
    std::cout << history.dump(2) << "\n";
    return;
  }
  static const std::map<std::string, std::string> actions = {
      {"record", "запись"}, {"correct", "исправление"}, {"undo", "отмена"}};
  std::cout << "История выполнения (" << rows.size() << " записей):\n";
  for (const auto& r : rows) {
    std::cout << "  №" << r["id"].get<std::int64_t>() << " " << r["recorded_at"].get<std::string>()
              << " " << actions.at(r["action"].get<std::string>());
    if (!r["supersedes"].is_null()) std::cout << " записи №" << r["supersedes"].get<std::int64_t>();
    std::cout << ": мероприятие " << r["activity"].get<std::string>() << " (строка "
              << r["position"].get<int>() << ")";
    if (!r["school"].get<std::string>().empty()) std::cout << " [" << r["school"].get<std::string>() << "]";
    std::cout << ", срок " << r["due"].get<std::string>();
    if (r["action"] != "undo")
      std::cout << " — " << status_word(r["status"].get<std::string>()) << " "
                << r["date"].get<std::string>();
    if (!r["evidence"].get<std::string>().empty()) std::cout << ", " << r["evidence"].get<std::string>();
    if (!r["note"].get<std::string>().empty()) std::cout << " (" << r["note"].get<std::string>() << ")";
    std::cout << "; внёс: " << r["who"].get<std::string>()
              << (r["in_force"].get<bool>() ? "" : "  [не действует]") << "\n";
  }
  if (!part.empty()) {
    std::cout << "Участие (" << part.size() << "):\n";
    for (const auto& p : part)
      std::cout << "  №" << p["id"].get<std::int64_t>() << " мероприятие "
                << p["activity"].get<std::string>() << " " << p["date"].get<std::string>() << " "
                << p["school"].get<std::string>() << " " << p["person"].get<std::string>()
                << (p["role"].get<std::string>().empty() ? "" : " (" + p["role"].get<std::string>() + ")")
                << (p["retracted"].get<bool>() ? "  [отозвано]" : "") << "\n";
  }
}

void run_import(Runtime& rt, const ProgressArgs& a) {
  std::string t;
  auto id = plan_of(rt, a, t);
  try {
    auto r = import_progress_csv(rt.db(), id, a.file);
    std::cout << "Загружено записей о выполнении: " << r.written << " (строк " << r.rows << ")\n";
  } catch (const ImportFailed& e) {
    throw UserError(std::string("файл не загружен, база не изменена:\n") + e.what());
  }
}

void occurrence_options(CLI::App* c, ProgressArgs& a) {
  c->add_option("--activity,-a", a.q.activity, "Номер мероприятия, как в документе")->required();
  c->add_option("--position", a.q.position, "Строка документа (если номер повторяется)");
  c->add_option("--title", a.q.title, "Часть названия (если номер повторяется)");
  c->add_option("--school,-s", a.q.school, "Логин школы");
}

void plan_options(CLI::App* c, ProgressArgs& a) {
  c->add_option("--territory,-t", a.territory, "Территория")->required();
  c->add_option("--year,-y", a.year, "Год плана")->required();
}

void entry_options(CLI::App* c, ProgressArgs& a) {
  c->add_option("--status", a.e.status,
                "done (выполнено), in_progress (выполняется), cancelled (отменено)")
      ->default_val("done");
  c->add_option("--date", a.e.date, "Дата ГГГГ-ММ-ДД (по умолчанию сегодня)");
  c->add_option("--evidence", a.e.evidence, "Подтверждение: документ, номер, ссылка");
  c->add_option("--note", a.e.note, "Примечание");
  c->add_option("--who", a.e.who, "Кто вносит запись")->required();
}

}  // namespace

void add_progress_commands(CLI::App& app, Runtime& rt) {
  auto a = std::make_shared<ProgressArgs>();
  auto* p = add_command(app, rt, "progress",
                        "Выполнение дорожной карты: записи, исправления, история", StoreUse::none);
  p->require_subcommand(1);

  auto* rec =
      add_command(*p, rt, "record", "Отметить выполнение срока мероприятия", StoreUse::write);
  plan_options(rec, *a);
  occurrence_options(rec, *a);
  rec->add_option("--due", a->q.due, "Месяц срока ГГГГ-ММ");
  rec->add_option("--seq", a->q.seq, "Порядковый номер срока");
  entry_options(rec, *a);
  rec->callback([&rt, a] { run_record(rt, *a); });

  auto* cor = add_command(*p, rt, "correct", "Исправить запись (новая запись заменяет старую)",
                          StoreUse::write);
  cor->add_option("--row", a->row, "Номер исправляемой записи")->required();
  entry_options(cor, *a);
  cor->callback([&rt, a] { run_correct(rt, *a); });

  auto* undo = add_command(*p, rt, "undo", "Отменить запись (отмена сохраняется в истории)",
                           StoreUse::write);
  undo->add_option("--row", a->row, "Номер отменяемой записи")->required();
  undo->add_option("--who", a->e.who, "Кто отменяет")->required();
  undo->add_option("--note", a->e.note, "Причина");
  undo->callback([&rt, a] { run_undo(rt, *a); });

  auto* part = add_command(*p, rt, "participation", "Участие школ и работников в мероприятии",
                           StoreUse::write);
  plan_options(part, *a);
  part->add_option("--activity,-a", a->q.activity, "Номер мероприятия");
  part->add_option("--position", a->q.position, "Строка документа (если номер повторяется)");
  part->add_option("--title", a->q.title, "Часть названия");
  part->add_option("--school,-s", a->q.school, "Логин школы-участницы");
  part->add_option("--person", a->person, "Участник (ФИО или должность)");
  part->add_option("--role", a->role, "Роль участника (teacher, manager, ...)");
  part->add_option("--date", a->e.date, "Дата ГГГГ-ММ-ДД (по умолчанию сегодня)");
  part->add_option("--who", a->e.who, "Кто вносит запись")->required();
  part->add_option("--retract", a->retract, "Отозвать запись об участии с этим номером");
  part->callback([&rt, a] {
    if (!a->retract && a->q.activity.empty()) throw UsageError("укажите --activity или --retract");
    run_participation(rt, *a);
  });

  auto* hist = add_command(*p, rt, "history", "Все записи и изменения", StoreUse::read);
  plan_options(hist, *a);
  hist->add_option("--activity,-a", a->q.activity, "Только это мероприятие");
  hist->add_flag("--json", a->json, "Вывод в JSON");
  hist->callback([&rt, a] { run_history(rt, *a); });

  auto* sim = add_command(
      *p, rt, "simulate",
      "Демонстрация: синтетический ход выполнения плана до месяца (только для демо)",
      StoreUse::write);
  plan_options(sim, *a);
  sim->add_option("--month,-m", a->month, "До какого месяца ГГГГ-ММ")->required();
  sim->add_option("--seed", a->seed, "Зерно генератора");
  sim->callback([&rt, a] {
    std::string t;
    auto id = plan_of(rt, *a, t);
    try {
      simulate_progress(rt.db(), id, a->month, a->seed);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
    std::cout << "Синтетический ход выполнения записан до " << a->month << "\n";
  });

  auto* imp = add_command(
      *p, rt, "import", "Загрузить записи из CSV: мероприятие;школа;срок;статус;дата;подтверждение;"
                "примечание;кто",
      StoreUse::write);
  plan_options(imp, *a);
  imp->add_option("file", a->file, "Файл CSV")->required();
  imp->callback([&rt, a] { run_import(rt, *a); });
}

}  // namespace opora::host
