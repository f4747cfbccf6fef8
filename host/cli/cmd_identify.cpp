// identify, explain: run the effective criteria of a territory for a year, show and save verdicts.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>

#include "cli/app.hpp"
#include "cli/sql.hpp"
#include "engine/identify.hpp"
#include "engine/runs.hpp"
#include "util/parallel.hpp"

namespace opora::host {

namespace {

struct IdentifyArgs {
  std::string territory;
  int year = 0;
  bool save = false;
  bool json = false;
  bool all = false;
  int jobs = 0;  // 0 = default_jobs()
};

void print_text(const Identification& id, const Snapshot& data, Runtime& rt, bool all) {
  auto eff = rt.catalog().effective(id.territory);
  std::cout << "Отбор школ: " << territory_name(rt.db(), id.territory) << " (" << id.territory
            << "), " << id.year << " год — данные предыдущих лет включительно по " << id.year
            << "\n";
  std::map<std::string, int> per_category;
  std::size_t flagged = 0;
  for (const auto& s : id.schools) {
    if (!s.categories.empty()) ++flagged;
    for (const auto& c : s.categories) ++per_category[c];
  }
  std::cout << "Школ: " << id.schools.size() << ", отнесено хотя бы к одной категории: " << flagged
            << "\n";
  for (const auto& c : eff.categories) {
    auto it = per_category.find(c.item->code);
    std::cout << "  " << c.item->title << ": " << (it == per_category.end() ? 0 : it->second)
              << "\n";
  }
  std::cout << "\n";
  for (const auto& s : id.schools) {
    if (s.categories.empty() && !all) continue;
    auto info = data.school(s.school);
    std::cout << info.login << "  " << info.name << "\n";
    for (const auto& v : s.verdicts) {
      if (!v.verdict.flagged && !all) continue;
      auto* cat = eff.category(v.category);
      std::cout << "    " << (v.verdict.flagged ? "✔ " : "· ")
                << (cat ? cat->item->title : v.category) << " [" << v.criterion << "]: "
                << v.verdict.explanation << "\n";
    }
  }
}

void run_identify(Runtime& rt, const IdentifyArgs& a) {
  auto territory = rt.territory(a.territory);
  if (a.jobs < 0) throw UsageError("--jobs: нужно число потоков не меньше 1");
  auto data = load_snapshot_for_rules(rt.db(), rt.catalog(), territory, a.year);
  // Regions are the parts judged in parallel: more workers than regions would idle.
  unsigned workers = a.jobs ? unsigned(a.jobs) : default_jobs();
  workers = unsigned(std::min<std::size_t>(workers, std::max<std::size_t>(data->regions().size(), 1)));
  auto own = worker_runtimes(rt, workers);
  std::vector<const Catalog*> catalogs{&rt.catalog()};
  for (unsigned w = 1; w < workers; ++w) catalogs.push_back(&own[w]->catalog());
  // Explanations are built where they are shown or kept: every school's for --all and a saved
  // run, otherwise only the flagged schools' (a national run flags a fifth of its schools).
  IdentifyOptions options;
  options.explain_all = a.all || a.save;
  auto id = identify(catalogs, *data, territory, a.year, options);
  // A package that did not load takes its criteria with it: such a run is not the territory's
  // identification either, so it is not saved (the errors were printed on loading).
  bool packages_ok = rt.package_errors().empty();
  if (a.save && id.complete() && packages_ok) {
    auto run = save_identification(rt.db(), id, *data);
    if (!a.json)
      std::cout << "Результат отбора сохранён (запуск №" << run << ", правила " << id.ruleset_hash
                << ")\n\n";
  }
  if (a.json) {
    write_json(std::cout, id, *data, !a.all);
    std::cout << "\n";
  } else {
    print_text(id, *data, rt, a.all);
  }
  if (!id.complete())
    // With --save nothing was written: a partial run is never the identification.
    throw UserError(std::string(a.save ? "результат отбора не сохранён: " : "") +
                    "не все критерии выполнены (школы без вердикта — ниже)\n" +
                    describe_failures(id, *data));
  if (a.save && !packages_ok)
    throw UserError("результат отбора не сохранён: не загружены пакеты (" +
                    std::to_string(rt.package_errors().size()) +
                    ", см. выше), отбор выполнен не по всем правилам");
}

struct ExplainArgs {
  std::string territory;
  std::string school;
  int year = 0;
};

void run_explain(Runtime& rt, const ExplainArgs& a) {
  auto territory = rt.territory(a.territory);
  auto eff = rt.catalog().effective(territory);
  if (a.school.empty()) {
    std::cout << "Цепочка пакетов: ";
    for (std::size_t i = 0; i < eff.chain.size(); ++i)
      std::cout << (i ? " → " : "") << eff.chain[i];
    std::cout << "\n\nКритерии и их параметры:\n";
    for (const auto& c : eff.criteria) {
      std::cout << "  " << c.item->id() << " — " << c.item->title() << "\n    источник: "
                << c.origin.where << " (уровень " << c.territory << ")\n";
      auto params = eff.params_for(c);
      for (const auto& [k, v] : params.all()) {
        std::cout << "    " << k << " = ";
        std::visit([](const auto& x) { std::cout << x; }, v);
        // Which level set this value last.
        std::string from = "по умолчанию";
        for (const auto& o : eff.overrides)
          if (o.item == c.item->id() && o.params.has(k)) from = o.origin.where;
        std::cout << "  (" << from << ")\n";
      }
    }
    if (!eff.replaced.empty()) {
      std::cout << "\nПереопределения:\n";
      for (const auto& r : eff.replaced) std::cout << "  " << r << "\n";
    }
    return;
  }
  if (!a.year) throw UsageError("для объяснения по школе укажите --year");
  auto data = load_snapshot_for_rules(rt.db(), rt.catalog(), territory, a.year);
  auto idx = data->find_school(a.school);
  if (!idx) throw UsageError("школа " + a.school + " не найдена на территории " + territory);
  auto id = identify(rt.catalog(), *data, data->territory_of(*idx), a.year);
  for (const auto& s : id.schools) {
    if (s.school != *idx) continue;
    auto info = data->school(s.school);
    std::cout << info.login << "  " << info.name << " (" << info.territory << "), " << a.year
              << "\n";
    for (const auto& v : s.verdicts)
      std::cout << "  " << (v.verdict.flagged ? "ДА " : "нет") << "  " << v.criterion << " → "
                << v.category << ": " << v.verdict.explanation << "\n";
  }
}

}  // namespace

void add_identify_commands(CLI::App& app, Runtime& rt) {
  auto a = std::make_shared<IdentifyArgs>();
  auto* id = add_command(app, rt, "identify", "Отбор школ по правилам территории за год",
                         StoreUse::read);
  id->add_option("--territory,-t", a->territory, "Территория (id или последняя часть id)")
      ->required();
  id->add_option("--year,-y", a->year, "Год, за который отбираются школы")->required();
  writes_store(id->add_flag("--save", a->save, "Сохранить результат отбора в базе"), rt);
  id->add_flag("--json", a->json, "Вывод в JSON");
  id->add_flag("--all", a->all, "Показать все школы и все вердикты, а не только отобранные");
  id->add_option("--jobs,-j", a->jobs,
                 "Сколько регионов оценивать одновременно (по умолчанию — по числу ядер, не "
                 "больше 8); результат от этого не зависит");
  id->callback([&rt, a] { run_identify(rt, *a); });

  auto e = std::make_shared<ExplainArgs>();
  auto* ex = add_command(
      app, rt, "explain",
      "Откуда взят каждый критерий и параметр; почему школа отобрана (--school)",
      StoreUse::read);
  ex->add_option("--territory,-t", e->territory, "Территория")->required();
  ex->add_option("--school,-s", e->school, "Логин школы (например, sch740001)");
  ex->add_option("--year,-y", e->year, "Год");
  ex->callback([&rt, e] { run_explain(rt, *e); });
}

}  // namespace opora::host
