// diff, runs, verify: an identification compared under two rule sets, the saved runs listed, a
// saved run recomputed. Every side is identify() (engine/identify.hpp) or a saved run read back
// (engine/run_records.hpp); the comparison is engine/rule_diff.hpp.
#include <iostream>
#include <map>
#include <set>

#include "cli/app.hpp"
#include "cli/output.hpp"
#include "cli/sql.hpp"
#include "engine/rule_diff.hpp"
#include "engine/run_records.hpp"
#include "engine/runs.hpp"
#include "lua/engine.hpp"
#include "plugins/loader.hpp"
#include "report/renderers.hpp"
#include "report/rule_diff_document.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace opora::host {

namespace {

// Another scripts tree with the same plugins: a catalog of its own, items before their engine.
struct OtherRules {
  std::shared_ptr<LuaEngine> lua;
  std::unique_ptr<Catalog> catalog;
  ~OtherRules() {
    catalog.reset();
    lua.reset();
  }
};

std::unique_ptr<OtherRules> load_rules(Runtime& rt, const std::string& scripts) {
  if (!std::filesystem::is_directory(scripts))
    throw UsageError("--scripts-b: нет такого каталога: " + scripts);
  auto o = std::make_unique<OtherRules>();
  o->catalog = std::make_unique<Catalog>();
  register_builtin_renderers(*o->catalog);
  // The same plugins: refusals were already reported for the current rules.
  load_plugins(rt.globals().plugins, *o->catalog);
  o->lua = LuaEngine::create();
  auto errors = o->lua->load_tree(scripts, *o->catalog);
  if (!errors.empty()) {
    std::string all;
    for (const auto& e : errors) all += "\n  " + e;
    throw UserError("правила из " + scripts + " не загружены, сравнение было бы неполным:" + all);
  }
  return o;
}

// "low_results.fail_share=0.25": a parameter override of a criterion, typed like its default.
struct ParamSet {
  std::string text, item, param;
  ParamValue value;
};

// The territories whose schools a diff judges: the territory and each school's own.
std::set<std::string> judged_levels(const Snapshot& data, const std::string& territory) {
  std::set<std::string> levels{territory};
  for (auto s : data.schools_in(territory)) levels.insert(std::string(data.territory_of(s)));
  return levels;
}

// The value is typed like the default of the criterion the territories actually run (a region
// may replace a federal criterion by id with other parameters).
ParamSet parse_set(const Catalog& catalog, const std::set<std::string>& levels,
                   const std::string& text) {
  auto eq = text.find('=');
  auto dot = text.find('.');
  if (eq == std::string::npos || dot == std::string::npos || dot > eq || dot == 0 || dot + 1 == eq)
    throw UsageError("--set «" + text + "»: ожидается КРИТЕРИЙ.ПАРАМЕТР=ЗНАЧЕНИЕ, например "
                     "low_results.fail_share=0.25");
  ParamSet s{text, text.substr(0, dot), text.substr(dot + 1, eq - dot - 1), 0.0};
  std::string raw = text.substr(eq + 1);
  std::optional<Params> found;
  std::set<std::string> known;
  for (const auto& level : levels)
    for (const auto& c : catalog.effective(level).criteria) {
      known.insert(c.item->id());
      if (c.item->id() == s.item && !found) found = c.item->defaults();
    }
  if (!found) {
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    throw UsageError("--set «" + text + "»: критерий «" + s.item + "» не найден (есть: " + list +
                     ")");
  }
  const auto& defaults = *found;
  auto it = defaults.all().find(s.param);
  if (it == defaults.all().end())
    throw UsageError("--set «" + text + "»: " +
                     configure_problem("criterion", s.item, defaults, s.param, 0.0));
  if (std::holds_alternative<double>(it->second)) {
    auto n = parse_number(raw);
    if (!n) throw UsageError("--set «" + text + "»: параметр «" + s.param + "» — число, а задано «" + raw + "»");
    s.value = *n;
  } else if (std::holds_alternative<bool>(it->second)) {
    if (raw == "true" || raw == "да") s.value = true;
    else if (raw == "false" || raw == "нет") s.value = false;
    else throw UsageError("--set «" + text + "»: параметр «" + s.param + "» — true или false, а задано «" + raw + "»");
  } else {
    s.value = raw;
  }
  return s;
}

// Adds the overrides at every territory whose schools are judged, after everything the packages
// set: the most specific level's last configure{} is what a school runs with.
void apply_sets(Catalog& catalog, const std::vector<ParamSet>& sets,
                const std::set<std::string>& levels) {
  for (const auto& s : sets)
    for (const auto& t : levels) {
      catalog.set_source({"cli", "--set " + s.text}, t, nullptr);
      Params p;
      p.set(s.param, s.value);
      catalog.add_override(s.item, std::move(p));
    }
}

std::vector<std::string> category_order(const Effective& eff) {
  std::vector<std::string> out;
  for (const auto& c : eff.categories) out.push_back(c.item->code);
  return out;
}

std::string short_hash(const std::string& h) { return h.empty() ? "—" : h; }

// The scope of a saved run: its own territory, or one under it.
std::string run_scope(Runtime& rt, const RunRecord& run, const std::string& given) {
  if (given.empty()) return run.territory;
  auto t = rt.territory(given);
  if (run.territory != "federal" && t != run.territory && !t.starts_with(run.territory + "/"))
    throw UsageError("запуск №" + std::to_string(run.id) + " — отбор по территории " +
                     run.territory + ", а не по " + t);
  return t;
}

RunRecord need_run(Runtime& rt, std::int64_t id) {
  auto run = find_run(rt.db(), id);
  if (!run)
    throw UsageError("запуск №" + std::to_string(id) + " не найден (список: opora runs)");
  return *run;
}

std::string run_label(const RunRecord& r) {
  return "сохранённый отбор, запуск №" + std::to_string(r.id) + " от " + r.created_at;
}

// ---- diff ----

struct DiffArgs {
  std::string territory, scripts_b, out;
  int year = 0;
  std::int64_t run = 0;
  std::vector<std::string> sets;
  bool json = false, all = false;
};

// The terminal view reads the same JSON as --json: titles and explanations in words.
void print_schools(const nlohmann::json& list, const char* mark, bool explain) {
  for (const auto& s : list) {
    std::cout << "  " << mark << " " << s["login"].get<std::string>() << "  "
              << s["name"].get<std::string>() << "\n";
    if (!explain) continue;
    auto text = [](const nlohmann::json& t) {
      return t.get<std::string>().empty() ? std::string("нет вердикта") : t.get<std::string>();
    };
    std::cout << "      А: " << text(s["before"]) << "\n      Б: " << text(s["after"]) << "\n";
  }
}

void print_diff(const RuleDiffView& v, bool all) {
  auto j = rule_diff_json(v);
  std::cout << "Сравнение отбора: " << v.territory_name << " (" << v.territory << "), " << v.year
            << " год\n  А: " << v.a.label << " (правила " << short_hash(v.a.ruleset_hash)
            << ")\n  Б: " << v.b.label << " (правила " << short_hash(v.b.ruleset_hash) << ")\n";
  if (v.rules.empty()) {
    std::cout << "Критерии и их параметры в обеих редакциях совпадают.\n";
  } else {
    std::cout << "Изменения правил:\n";
    for (const auto& r : v.rules) std::cout << "  " << r.text << "\n";
  }
  for (const auto& c : j["categories"]) {
    std::cout << "\n" << c["title"].get<std::string>() << " (" << c["code"].get<std::string>()
              << "): войдут " << c["entered"].size() << ", выйдут " << c["left"].size()
              << ", останутся " << c["stayed"].size() << "\n";
    print_schools(c["entered"], "+", true);
    print_schools(c["left"], "−", true);
    print_schools(c["stayed"], "=", all);
  }
}

void run_diff(Runtime& rt, const DiffArgs& a) {
  if (!a.run && a.scripts_b.empty() && a.sets.empty())
    throw UsageError("укажите, с чем сравнивать: --scripts-b КАТАЛОГ, --set КРИТЕРИЙ.ПАРАМЕТР="
                     "ЗНАЧЕНИЕ или --run НОМЕР");
  if (!a.out.empty())
    check_output_file(rt.globals(), a.out, {rt.globals().scripts, rt.globals().plugins});
  std::optional<RunRecord> run;
  std::string territory;
  int year = a.year;
  if (a.run) {
    run = need_run(rt, a.run);
    territory = run_scope(rt, *run, a.territory);
    if (year && year != run->year)
      throw UsageError("запуск №" + std::to_string(run->id) + " — отбор за " +
                       std::to_string(run->year) + " год, а указан " + std::to_string(year));
    year = run->year;
  } else {
    if (a.territory.empty()) throw UsageError("укажите --territory");
    if (!year) throw UsageError("укажите --year");
    territory = rt.territory(a.territory);
  }
  auto data = load_snapshot_for(rt.db(), territory, year);
  Catalog& current = rt.catalog();

  // Side B: the other tree or today's rules, with the --set overrides on top.
  std::unique_ptr<OtherRules> other;
  if (!a.scripts_b.empty()) other = load_rules(rt, a.scripts_b);
  std::vector<ParamSet> sets;
  auto levels = judged_levels(*data, territory);
  for (const auto& s : a.sets)
    sets.push_back(parse_set(other ? *other->catalog : current, levels, s));
  std::unique_ptr<Catalog> changed;
  const Catalog* b_catalog = other ? other->catalog.get() : &current;
  if (!sets.empty()) {
    changed = std::make_unique<Catalog>(*b_catalog);
    apply_sets(*changed, sets, levels);
    b_catalog = changed.get();
  }

  RuleSide side_a, side_b;
  Identification id_a = run ? saved_identification(rt.db(), *run, *data, territory)
                            : identify(current, *data, territory, year);
  Identification id_b = identify(*b_catalog, *data, territory, year);
  for (const auto* id : {&id_a, &id_b})
    if (!id->complete())
      throw UserError("сравнение невозможно: не все критерии выполнены\n" +
                      describe_failures(*id, *data));
  side_a = {run ? run_label(*run) : "действующие правила (" + rt.globals().scripts + ")",
            id_a.ruleset_hash, run ? run->id : 0};
  std::string b_label = other ? "правила из " + a.scripts_b
                              : "действующие правила (" + rt.globals().scripts + ")";
  if (!sets.empty()) {
    b_label += ", изменено:";
    for (const auto& s : sets) b_label += " " + s.text;
  }
  side_b = {b_label, id_b.ruleset_hash, 0};

  auto eff = b_catalog->effective(territory);
  auto diff = compare_identifications(id_a, id_b, category_order(eff));
  RuleDiffView v{territory, territory_name(rt.db(), territory), year, side_a, side_b,
                 compare_rulesets(id_a.ruleset, id_b.ruleset), diff, *data, eff,
                 store_is_synthetic(rt), ""};
  if (a.json)
    std::cout << rule_diff_json(v).dump(2) << "\n";
  else
    print_diff(v, a.all);
  if (!a.out.empty()) {
    write_document(rt, territory, rule_diff_document(v), a.out);
    if (!a.json) std::cout << "\nДокумент записан: " << a.out << "\n";
  }
}

// ---- runs ----

struct RunsArgs {
  std::string territory;
  bool json = false;
};

void run_runs(Runtime& rt, const RunsArgs& a) {
  auto territory = a.territory.empty() ? std::string() : rt.territory(a.territory);
  auto runs = list_runs(rt.db(), territory);
  if (a.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : runs)
      out.push_back({{"id", r.id},
                     {"created_at", r.created_at},
                     {"territory", r.territory},
                     {"year", r.year},
                     {"ruleset_hash", r.ruleset_hash},
                     {"data_hash", r.data_hash},
                     {"schools", r.schools},
                     {"flagged", r.flagged}});
    std::cout << out.dump(2) << "\n";
    return;
  }
  if (runs.empty()) {
    std::cout << "Сохранённых отборов нет (сохранить: opora identify --save).\n";
    return;
  }
  std::cout << "Сохранённые отборы" << (territory.empty() ? "" : " по " + territory) << ": "
            << runs.size() << "\n";
  for (const auto& r : runs) {
    std::cout << "№" << r.id << "  " << r.created_at << "  " << r.territory << "  " << r.year
              << " год  правила " << short_hash(r.ruleset_hash) << "  данные "
              << short_hash(r.data_hash) << "\n    школ: " << r.schools;
    for (const auto& [cat, n] : r.flagged) std::cout << ", " << cat << ": " << n;
    std::cout << "\n";
  }
}

// ---- verify ----

struct VerifyArgs {
  std::int64_t run = 0;
};

const char* part_title(const std::string& table) {
  static const std::map<std::string, const char*> titles = {
      {"schools", "список школ"},
      {"results", "результаты оценочных процедур"},
      {"student_results", "результаты участников"},
      {"observations", "показатели контекста"},
      {"risk_profiles", "рисковые профили"}};
  auto it = titles.find(table);
  return it == titles.end() ? "данные" : it->second;
}

// "results/2022: результаты оценочных процедур за 2022 год — изменены" for each part that differs.
std::vector<std::string> data_changes(const nlohmann::json& saved, const nlohmann::json& now) {
  std::vector<std::string> out;
  std::set<std::string> keys;
  for (const auto* side : {&saved, &now})
    for (const auto& [k, v] : side->items()) keys.insert(k);
  for (const auto& k : keys) {
    bool in_saved = saved.contains(k), in_now = now.contains(k);
    if (in_saved && in_now && saved[k] == now[k]) continue;
    auto slash = k.find('/');
    std::string what = part_title(k.substr(0, slash));
    if (slash != std::string::npos) what += " за " + k.substr(slash + 1) + " год";
    out.push_back(k + ": " + what + " — " +
                  (!in_saved ? "появились" : !in_now ? "удалены" : "изменены"));
  }
  return out;
}

void run_verify(Runtime& rt, const VerifyArgs& a) {
  auto run = need_run(rt, a.run);
  auto data = load_snapshot_for(rt.db(), run.territory, run.year);
  auto now = identify(rt.catalog(), *data, run.territory, run.year);
  auto saved = saved_identification(rt.db(), run, *data, run.territory);
  auto now_data = data_fingerprints(rt.db(), run.territory, run.year);
  auto now_hash = data_hash(now_data);

  std::cout << "Запуск №" << run.id << ": " << territory_name(rt.db(), run.territory) << " ("
            << run.territory << "), " << run.year << " год, сохранён " << run.created_at << "\n";
  std::vector<std::string> problems;

  auto rules = compare_rulesets(run.ruleset, now.ruleset);
  std::cout << "  правила: " << short_hash(run.ruleset_hash) << ", сейчас "
            << short_hash(now.ruleset_hash) << (rules.empty() ? " — совпадают" : " — изменились")
            << "\n";
  for (const auto& r : rules) std::cout << "    " << r.text << "\n";
  if (!rules.empty()) problems.push_back("правила");
  if (!rt.package_errors().empty()) {
    std::cout << "    не загружены пакеты: " << rt.package_errors().size() << " (см. выше)\n";
    problems.push_back("пакеты");
  }

  if (run.data_hash.empty()) {
    std::cout << "  данные: отпечаток при сохранении не записан (запуск старой версии), сейчас "
              << now_hash << "\n";
  } else {
    auto changes = data_changes(run.data, now_data);
    std::cout << "  данные: " << run.data_hash << ", сейчас " << now_hash
              << (changes.empty() ? " — совпадают" : " — изменились") << "\n";
    for (const auto& c : changes) std::cout << "    " << c << "\n";
    if (!changes.empty()) problems.push_back("данные");
  }

  if (!now.complete()) {
    std::cout << "  пересчёт: не все критерии выполнены\n" << describe_failures(now, *data);
    problems.push_back("пересчёт");
  } else {
    auto eff = rt.catalog().effective(run.territory);
    auto diff = compare_identifications(saved, now, category_order(eff));
    std::size_t verdicts = 0;
    for (const auto& s : saved.schools) verdicts += s.verdicts.size();
    std::cout << "  вердикты: " << verdicts
              << (diff.verdicts.empty() ? " — совпадают"
                                        : ", изменилось " + std::to_string(diff.verdicts.size()))
              << "\n";
    for (const auto& c : diff.categories)
      if (!c.entered.empty() || !c.left.empty()) {
        const auto* cat = eff.category(c.category);
        std::cout << "    " << (cat ? cat->item->title : c.category) << ": вошли " << c.entered.size()
                  << ", вышли " << c.left.size() << "\n";
        for (const auto& s : c.entered)
          std::cout << "      + " << data->school(s.school).login << "  "
                    << data->school(s.school).name << "\n";
        for (const auto& s : c.left)
          std::cout << "      − " << data->school(s.school).login << "  "
                    << data->school(s.school).name << "\n";
      }
    const std::size_t shown = 20;
    for (std::size_t i = 0; i < diff.verdicts.size() && i < shown; ++i) {
      const auto& v = diff.verdicts[i];
      std::cout << "    " << data->school(v.school).login << " " << v.criterion << ": "
                << (v.before.empty() ? "—" : v.before) << "\n      сейчас: "
                << (v.after.empty() ? "—" : v.after) << "\n";
    }
    if (diff.verdicts.size() > shown)
      std::cout << "    … и ещё " << diff.verdicts.size() - shown << "\n";
    if (!diff.verdicts.empty()) problems.push_back("вердикты");
  }

  if (problems.empty()) {
    std::cout << "Запуск №" << run.id << " воспроизводится: те же правила, данные и вердикты.\n";
    return;
  }
  std::string what;
  for (const auto& p : problems) what += (what.empty() ? "" : ", ") + p;
  throw UserError("запуск №" + std::to_string(run.id) + " не воспроизводится: изменились " + what);
}

}  // namespace

void add_rule_run_commands(CLI::App& app, Runtime& rt) {
  auto d = std::make_shared<DiffArgs>();
  auto* diff = add_command(app, rt, "diff",
                           "Что изменится в отборе школ при других правилах: войдут, выйдут, "
                           "останутся",
                           StoreUse::read);
  diff->add_option("--territory,-t", d->territory, "Территория");
  diff->add_option("--year,-y", d->year, "Год отбора");
  diff->add_option("--scripts-b", d->scripts_b, "Другой каталог пакетов Lua (редакция Б)");
  diff->add_option("--set", d->sets,
                   "Изменить параметр критерия в редакции Б: КРИТЕРИЙ.ПАРАМЕТР=ЗНАЧЕНИЕ "
                   "(например, low_results.fail_share=0.25); можно несколько раз");
  diff->add_option("--run", d->run, "Сохранённый отбор (номер запуска) как редакция А");
  diff->add_flag("--json", d->json, "Вывод в JSON");
  diff->add_option("--out,-o", d->out, "Документ сравнения: ФАЙЛ.html, .xlsx, .md или .json");
  diff->add_flag("--all", d->all, "Показать обоснования и для школ, которые остаются");
  diff->callback([&rt, d] { run_diff(rt, *d); });

  auto r = std::make_shared<RunsArgs>();
  auto* runs = add_command(app, rt, "runs", "Сохранённые отборы: правила, данные, итоги",
                           StoreUse::read);
  runs->add_option("--territory,-t", r->territory, "Только отборы этой территории и ниже");
  runs->add_flag("--json", r->json, "Вывод в JSON");
  runs->callback([&rt, r] { run_runs(rt, *r); });

  auto v = std::make_shared<VerifyArgs>();
  auto* verify = add_command(app, rt, "verify",
                             "Пересчитать сохранённый отбор и подтвердить те же вердикты или "
                             "назвать, что изменилось",
                             StoreUse::read);
  verify->add_option("run", v->run, "Номер запуска (opora runs)")->required();
  verify->callback([&rt, v] { run_verify(rt, *v); });
}

}  // namespace opora::host
