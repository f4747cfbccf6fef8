// territories, packages, plugins, check: what the store and the catalog hold, and where from.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/app.hpp"
#include "engine/params_json.hpp"
#include "engine/views_json.hpp"
#include "lua/engine.hpp"
#include "plugins/loader.hpp"
#include "roadmap/plan.hpp"
#include "util/clock.hpp"

namespace opora::host {

namespace {

void run_territories(Runtime& rt, bool json) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& row : rt.territories()) {
    nlohmann::json t = {{"id", row.id},
                        {"name", row.name},
                        {"parent", row.parent.empty() ? nlohmann::json(nullptr)
                                                      : nlohmann::json(row.parent)},
                        {"level", row.level}};
    if (!json) {
      const auto& id = row.id;
      auto depth = std::count(id.begin(), id.end(), '/') + (id == "federal" ? 0 : 1);
      std::cout << std::string(2 * depth, ' ') << id << "  " << row.name << "\n";
    }
    out.push_back(std::move(t));
  }
  if (json) std::cout << out.dump(2) << "\n";
}

const char* kind_title(const std::string& kind) {
  if (kind == "category") return "Категории";
  if (kind == "criterion") return "Критерии";
  if (kind == "indicator_type") return "Типы показателей";
  if (kind == "indicator") return "Показатели";
  if (kind == "roadmap") return "Дорожные карты";
  if (kind == "report") return "Отчёты";
  if (kind == "section") return "Разделы отчётов";
  if (kind == "risk_factor") return "Факторы риска";
  if (kind == "importer") return "Импорт";
  if (kind == "renderer") return "Форматы отчётов";
  return "Прочее";
}

void run_packages(Runtime& rt, const std::string& territory_text, bool json) {
  std::string territory = territory_text.empty() ? "federal" : rt.territory(territory_text);
  auto eff = rt.catalog().effective(territory);
  auto items = effective_items_json(eff);
  if (json) {
    std::cout << nlohmann::json{{"territory", territory}, {"chain", eff.chain}, {"items", items},
                                {"replaced", eff.replaced}}
                     .dump(2)
              << "\n";
    return;
  }
  std::cout << "Действующая конфигурация: " << territory << " (";
  for (std::size_t i = 0; i < eff.chain.size(); ++i) std::cout << (i ? " → " : "") << eff.chain[i];
  std::cout << ")\n";
  std::string last;
  for (const auto& it : items) {
    auto kind = it["kind"].get<std::string>();
    if (kind != last) std::cout << "\n" << kind_title(kind) << ":\n";
    last = kind;
    std::cout << "  " << it["id"].get<std::string>() << " — " << it["title"].get<std::string>()
              << "\n      " << it["origin"].get<std::string>() << "\n";
  }
  if (!eff.replaced.empty()) {
    std::cout << "\nПереопределено:\n";
    for (const auto& r : eff.replaced) std::cout << "  " << r << "\n";
  }
}

void run_plugins(Runtime& rt, bool json) {
  rt.quiet_plugin_refusals();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : rt.plugins())
    out.push_back({{"file", p.file.string()}, {"name", p.name},   {"version", p.version},
                   {"title", p.title},        {"loaded", p.loaded}, {"error", p.error}});
  if (json) {
    std::cout << out.dump(2) << "\n";
    return;
  }
  if (out.empty()) std::cout << "Плагины не найдены в " << rt.globals().plugins << "\n";
  for (const auto& p : out) {
    if (p["loaded"].get<bool>())
      std::cout << "✔ " << p["name"].get<std::string>() << " " << p["version"].get<std::string>()
                << " — " << p["title"].get<std::string>() << "\n    " << p["file"].get<std::string>()
                << "\n";
    else
      std::cout << "✘ " << p["file"].get<std::string>() << "\n    " << p["error"].get<std::string>()
                << "\n";
  }
}

void run_check(Runtime& rt, const std::string& dir) {
  std::filesystem::path root = dir.empty() ? rt.globals().scripts : dir;
  auto result = check_packages(rt.globals(), root.string());
  for (const auto& w : result.warnings) std::cerr << w << "\n";
  if (result.errors.empty()) {
    std::cout << "Пакеты в " << root.string() << " проверены: ошибок нет";
    if (result.unread) std::cout << "; сроков не распознано: " << result.unread;
    std::cout << "\n";
    return;
  }
  for (const auto& e : result.errors) std::cerr << e << "\n";
  throw UserError("найдено ошибок в пакетах: " + std::to_string(result.errors.size()));
}

}  // namespace

CheckResult check_packages(const Globals& g, const std::string& dir) {
  std::filesystem::path root = dir.empty() ? g.scripts : dir;
  CheckResult out;
  // Categories and indicator types compiled plugins provide are known to the packages.
  // Their criteria's defaults let configure{} on them be checked like on a package's.
  std::vector<std::string> external;
  std::map<std::string, Params> external_params;
  Catalog plugin_items;
  // A refused plugin is not a package error, but its items are missing: say so, as every other
  // command does, so a package relying on them is not checked against a silent gap.
  for (const auto& p : load_plugins(g.plugins, plugin_items))
    if (!p.loaded) out.warnings.push_back("Плагин не загружен: " + p.error);
  for (const auto& t : plugin_items.territories()) {
    auto e = plugin_items.effective(t);
    for (const auto& c : e.categories) external.push_back(c.item->code);
    for (const auto& i : e.indicator_types) external.push_back(i.item->id());
    for (const auto& c : e.criteria) {
      external.push_back(c.item->id());
      external_params[c.item->id()] = c.item->defaults();
    }
  }
  auto engine = LuaEngine::create();
  out.errors = engine->check_tree(root, external, external_params);
  // A deadline not understood is no error (the activity gets an open window over the year),
  // but the author must see every such row: the roadmaps are read as they load.
  Catalog loaded;
  LuaEngine::create()->load_tree(root, loaded);
  for (const auto& r : loaded.roadmaps()) {
    int year = r.item->year ? r.item->year : std::stoi(local_today_iso().substr(0, 4));
    for (const auto& u : unread_deadlines(*r.item, year)) {
      out.warnings.push_back(r.origin.where + ": внимание: дорожная карта «" + r.item->id +
                             "», " + u.message);
      ++out.unread;
    }
  }
  return out;
}

void add_catalog_commands(CLI::App& app, Runtime& rt) {
  auto json = std::make_shared<bool>(false);
  auto* t = add_command(app, rt, "territories", "Список территорий", StoreUse::read);
  t->add_flag("--json", *json, "Вывод в JSON");
  t->callback([&rt, json] { run_territories(rt, *json); });

  auto territory = std::make_shared<std::string>();
  auto pjson = std::make_shared<bool>(false);
  auto* p = add_command(
      app, rt, "packages",
      "Действующие критерии, показатели, карты и отчёты территории и их источник",
      StoreUse::optional);
  p->add_option("--territory,-t", *territory, "Территория (по умолчанию федеральный уровень)");
  p->add_flag("--json", *pjson, "Вывод в JSON");
  p->callback([&rt, territory, pjson] { run_packages(rt, *territory, *pjson); });

  auto gjson = std::make_shared<bool>(false);
  auto* g = add_command(app, rt, "plugins", "Загруженные и отклонённые плагины", StoreUse::none);
  g->add_flag("--json", *gjson, "Вывод в JSON");
  g->callback([&rt, gjson] { run_plugins(rt, *gjson); });

  auto dir = std::make_shared<std::string>();
  auto* c = add_command(app, rt, "check", "Проверить пакеты Lua, не выполняя критериев",
                        StoreUse::none);
  c->add_option("dir", *dir, "Каталог пакетов (по умолчанию scripts/)");
  c->callback([&rt, dir] { run_check(rt, *dir); });
}

}  // namespace opora::host
