// roadmap create / show / import / status: a territory's plan from its roadmap template.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/app.hpp"
#include "cli/output.hpp"
#include "cli/sql.hpp"
#include "engine/plan_context.hpp"
#include "engine/status.hpp"
#include "engine/views_json.hpp"
#include "roadmap/activity_number.hpp"
#include "roadmap/plan.hpp"
#include "roadmap/schedule.hpp"
#include "roadmap/table_import.hpp"

namespace opora::host {

namespace {

struct RoadmapArgs {
  std::string territory, template_id, file, out, month;
  int year = 0;
  bool json = false;
};

// Document cells may hold line breaks; a terminal line should not.
std::string one_line(std::string s) {
  for (auto& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

const RoadmapTemplate& pick_template(const Effective& eff, const std::string& territory,
                                     const std::string& id) {
  if (eff.roadmaps.empty())
    throw UserError("в пакетах территории " + territory + " нет шаблона дорожной карты");
  if (id.empty()) return *eff.roadmaps.back().item;  // the most specific level declares last
  for (const auto& r : eff.roadmaps)
    if (r.item->id == id) return *r.item;
  std::string known;
  for (const auto& r : eff.roadmaps) known += " " + r.item->id;
  throw UsageError("шаблон «" + id + "» не найден; есть:" + known);
}

void run_create(Runtime& rt, const RoadmapArgs& a) {
  auto territory = rt.territory(a.territory);
  auto eff = rt.catalog().effective(territory);
  const auto& t = pick_template(eff, territory, a.template_id);
  auto ident = plan_identification(rt.db(), territory, a.year);
  auto made = create_plan(rt.db(), t, territory, a.year, ident.members);
  std::cout << (made.new_roadmap ? "Создана дорожная карта" : "Дорожная карта уже есть") << " №"
            << made.roadmap << ": " << t.title << " (" << plan_year_of(t, a.year).label()
            << ")\n  добавлено мероприятий: " << made.activities_added
            << ", сроков выполнения: " << made.occurrences_added << "\n";
  if (made.shifted_years) {
    std::cout << "Внимание: шаблон «" << t.id << "» составлен на " << t.year
              << " год, карта создана на " << a.year << ": даты шаблона сдвинуты на "
              << (made.shifted_years > 0 ? "+" : "") << made.shifted_years << " г.";
    if (!made.shifted.empty()) {
      std::cout << " (мероприятия:";
      for (const auto& n : made.shifted) std::cout << " " << n;
      std::cout << ")";
    }
    std::cout << "\n";
  }
  // A deadline not understood gets one open window over the year: say so for every such row.
  for (const auto& u : unread_deadlines(t, a.year))
    std::cerr << "Внимание: дорожная карта «" << t.id << "», " << u.message << "\n";
  if (!ident.used_year)
    std::cout << "Внимание: отбор школ за " << a.year << " и " << a.year - 1
              << " год не сохранён (opora identify --save); мероприятия уровня школы получат "
                 "строки по школам при повторном запуске roadmap create.\n";
  else
    std::cout << "  школы — по отбору за " << ident.used_year << " год (запуск №" << ident.run.id
              << ")\n";
  if (ident.used_year && !made.waiting.empty()) {
    std::cout << "  нет отобранных школ для мероприятий:";
    for (const auto& n : made.waiting) std::cout << " " << n;
    std::cout << "\n";
  }
}

nlohmann::json activity_json(const ActivityTemplate& a, const nlohmann::json& schedule) {
  nlohmann::json cols = nlohmann::json::object();
  for (const auto& [k, v] : a.columns) cols[k] = v;
  return {{"number", a.number},           {"section", a.section},   {"title", a.title},
          {"deadline", a.deadline},       {"schedule", schedule},   {"responsible", a.responsible},
          {"scope", a.scope.empty() ? "territory" : a.scope},       {"category", a.category},
          {"indicator", a.indicator},     {"columns", cols},        {"occurrences", nlohmann::json::array()}};
}

void run_show(Runtime& rt, const RoadmapArgs& a) {
  auto territory = rt.territory(a.territory);
  auto eff = rt.catalog().effective(territory);
  nlohmann::json out = {{"territory", territory}, {"year", a.year}};
  nlohmann::json acts = nlohmann::json::array();
  std::string title;
  if (auto id = find_plan(rt.db(), territory, a.year)) {
    auto plan = load_plan_state(rt.db(), *id);
    title = plan.title;
    auto states = plan.status_as_of("");
    for (const auto& pa : plan.activities) {
      ActivityTemplate t{pa.number, pa.section, pa.title, pa.deadline, pa.responsible,
                         pa.scope,  pa.category, pa.indicator, {}};
      auto j = activity_json(t, pa.schedule);
      j["columns"] = pa.columns;
      acts.push_back(j);
    }
    for (const auto& o : plan.occurrences) {
      auto st = states.find(o.id);
      acts[o.activity]["occurrences"].push_back(
          {{"seq", o.seq}, {"school", o.login.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.login)},
           {"start", o.due_start}, {"due", o.due_end}, {"kind", o.kind},
           {"status", st == states.end() ? "planned" : st->second.status}});
    }
    out["plan"] = *id;
  } else {
    const auto& t = pick_template(eff, territory, a.template_id);
    title = t.title;
    int year = a.year ? a.year : t.year;
    auto py = plan_year_of(t, year);
    for (const auto& at : t.activities) {
      auto s = activity_schedule(t, at, year);
      auto j = activity_json(at, s.to_json());
      for (const auto& d : expand(s, py))
        j["occurrences"].push_back({{"start", d.start.iso()}, {"due", d.end.iso()},
                                    {"kind", occurrence_kind(d.open, d.start, d.end)},
                                    {"label", d.label}});
      acts.push_back(j);
    }
    out["plan"] = nullptr;
  }
  out["title"] = title;
  out["activities"] = acts;
  if (a.json) {
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::cout << title << " — " << territory_name(rt.db(), territory) << ", " << a.year
            << (out["plan"].is_null() ? " (шаблон: план не создан)" : "") << "\n";
  std::string section;
  for (const auto& j : acts) {
    auto s = j["section"].get<std::string>();
    if (s != section) std::cout << "\n" << (section = s) << "\n";
    std::cout << "  " << canonical_activity_number(j["number"].get<std::string>()) << ". "
              << j["title"].get<std::string>()
              << "\n      срок: " << one_line(j["deadline"].get<std::string>()) << " ("
              << j["occurrences"].size() << " ср.)";
    const auto& sched = j["schedule"];
    if (sched.is_object() && sched.value("kind", "") == "unparsed")
      std::cout << " — " << unread_deadline_text(Schedule::from_json(sched));
    if (!j["responsible"].get<std::string>().empty())
      std::cout << "; ответственный: " << one_line(j["responsible"].get<std::string>());
    std::cout << "\n";
  }
}

void run_import(const Globals& g, const RoadmapArgs& a) {
  // A bad --out (the store, the table itself, a missing folder) fails before any work.
  if (!a.out.empty()) check_output_file(g, a.out, {a.file});
  std::error_code ec;
  // A FIFO or a device would block or never end; a folder is not a table.
  if (std::filesystem::exists(a.file, ec) && !std::filesystem::is_regular_file(a.file, ec))
    throw UserError("«" + a.file + "» — не обычный файл");
  RoadmapTemplate t;
  try {
    t = parse_roadmap_file(a.file);
  } catch (const std::runtime_error& e) {
    throw UserError(e.what());
  }
  // A new municipality is not in the store yet: the id is taken as written.
  t.territory = a.territory;
  auto lua = roadmap_to_lua(t);
  if (a.out.empty()) {
    std::cout << lua;
    return;
  }
  write_output(
      g, a.out,
      [&](const std::filesystem::path& tmp) {
        std::ofstream out(tmp, std::ios::binary);
        out << lua;
        out.close();
        if (!out) throw UserError("не удалось записать " + a.out);
      },
      {a.file});
  std::cout << "Записан " << a.out << ": мероприятий " << t.activities.size() << "\n";
}

void run_status(Runtime& rt, const RoadmapArgs& a) {
  auto territory = rt.territory(a.territory);
  auto eff = rt.catalog().effective(territory);
  MonthBounds b;
  try {
    b = month_bounds(a.month);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  auto ref = find_plan_for_month(rt.db(), eff, territory, b.month);
  if (!ref)
    throw UserError("нет дорожной карты территории " + territory + ", действующей в " + b.month +
                    " (opora roadmap create)");
  auto plan = load_plan_state(rt.db(), ref->roadmap);
  auto reach = activity_reach(plan, eff, plan_identification(rt.db(), territory, plan.year));
  auto st = month_status(plan, b.month, &reach);
  if (a.json) {
    std::cout << month_status_json(territory, st).dump(2) << "\n";
    return;
  }
  const auto& t = st.total;
  std::cout << plan.title << " — " << territory_name(rt.db(), territory) << ", " << b.month
            << "\nСрок в месяце: " << t.due << ", из них выполнено: " << t.done
            << "; просрочено: " << t.overdue << "; в следующем месяце: " << t.upcoming
            << "\nС начала года: срок наступил " << t.due_cumulative << ", выполнено "
            << t.done_cumulative << "\n\nПо разделам:\n";
  for (const auto& [k, c] : st.by_section)
    std::cout << "  " << (k.empty() ? "без раздела" : one_line(k)) << ": срок " << c.due << ", выполнено "
              << c.done << ", просрочено " << c.overdue << ", далее " << c.upcoming << "\n";
  std::cout << "\nПо ответственным:\n";
  for (const auto& [k, c] : st.by_responsible)
    std::cout << "  " << (k.empty() ? "не указан" : one_line(k)) << ": срок " << c.due << ", выполнено "
              << c.done << ", просрочено " << c.overdue << ", далее " << c.upcoming << "\n";
  std::cout << "\nМероприятия:\n";
  for (const auto& r : st.rows)
    std::cout << "  " << canonical_activity_number(r.activity->number) << ". " << r.activity->title
              << (r.occurrence->login.empty() ? "" : " [" + r.occurrence->login + "]")
              << " — срок " << r.occurrence->due_end << ": "
              << status_label(r.mark)
              << (r.verdict.date.empty() ? "" : " (" + r.verdict.date + ")") << "\n";
}

}  // namespace

void add_roadmap_commands(CLI::App& app, Runtime& rt) {
  auto a = std::make_shared<RoadmapArgs>();
  auto* rm = add_command(app, rt, "roadmap", "Дорожная карта: создание, просмотр, импорт, статус",
                         StoreUse::none);
  rm->require_subcommand(1);

  auto* create = add_command(*rm, rt, "create", "Создать план на год из шаблона территории",
                             StoreUse::write);
  create->add_option("--territory,-t", a->territory, "Территория")->required();
  create->add_option("--year,-y", a->year, "Год плана")->required();
  create->add_option("--template", a->template_id, "Id шаблона (по умолчанию — шаблон территории)");
  create->callback([&rt, a] { run_create(rt, *a); });

  auto* show = add_command(*rm, rt, "show", "Показать дорожную карту (план или шаблон)",
                           StoreUse::read);
  show->add_option("--territory,-t", a->territory, "Территория")->required();
  show->add_option("--year,-y", a->year, "Год плана")->required();
  show->add_option("--template", a->template_id, "Id шаблона");
  show->add_flag("--json", a->json, "Вывод в JSON");
  show->callback([&rt, a] { run_show(rt, *a); });

  auto* imp = add_command(*rm, rt, "import", "Таблица дорожной карты → пакет Lua (roadmap{})",
                          StoreUse::none);
  imp->add_option("file", a->file, "Файл с таблицей (CSV / текст с табуляциями)")->required();
  imp->add_option("--territory,-t", a->territory, "Территория");
  imp->add_option("--out,-o", a->out, "Записать в файл вместо вывода на экран");
  imp->callback([&rt, a] { run_import(rt.globals(), *a); });

  auto* status = add_command(*rm, rt, "status", "Статус выполнения за месяц", StoreUse::read);
  status->add_option("--territory,-t", a->territory, "Территория")->required();
  status->add_option("--month,-m", a->month, "Месяц ГГГГ-ММ")->required();
  status->add_flag("--json", a->json, "Вывод в JSON");
  status->callback([&rt, a] { run_status(rt, *a); });
}

}  // namespace opora::host
