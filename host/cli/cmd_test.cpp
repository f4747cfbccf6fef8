// test: run the rule tests of the packages (scripts/<territory>/tests/*.lua) and report each case.
#include <iostream>

#include "cli/app.hpp"
#include "engine/rule_tests.hpp"
#include "lua/engine.hpp"

namespace opora::host {

namespace {

void run_tests(Runtime& rt, const std::string& territory_text) {
  // Tests run against the tree as it loads: a package that failed is named, and fails the run.
  auto& catalog = rt.catalog();
  std::string territory = territory_text.empty() ? std::string() : rt.territory(territory_text);
  std::vector<RuleTestTerritory> territories;
  for (const auto& t : rt.territories()) territories.push_back({t.id, t.name, t.parent, t.level});
  auto root = std::filesystem::path(rt.globals().scripts);
  auto files = find_rule_tests(root, territory);
  if (files.empty())
    throw UserError("тестов правил нет: ни одного файла " +
                    (territory.empty() ? std::string("<территория>") : territory) +
                    "/tests/*.lua в " + root.string());
  // Test files run in a sandbox of their own: nothing they do reaches the packages' state.
  auto sandbox = LuaEngine::create();
  std::size_t passed = 0, failed = 0;
  std::string current;
  for (const auto& f : files) {
    if (f.territory != current) {
      current = f.territory;
      std::cout << "Территория " << current << ":\n";
    }
    for (const auto& r : run_rule_test_file(catalog, *sandbox, root, f, territories)) {
      std::cout << "  " << (r.passed() ? "✔ " : "✘ ") << (r.name.empty() ? r.where : r.name)
                << (r.passed() ? "" : "  (" + r.where + ")") << "\n";
      for (const auto& p : r.problems) std::cout << "      " << p << "\n";
      ++(r.passed() ? passed : failed);
    }
  }
  std::cout << "\n" << passed << " пройдено, " << failed << " не пройдено\n";
  if (!rt.package_errors().empty())
    throw UserError("не загружены пакеты (" + std::to_string(rt.package_errors().size()) +
                    ", см. выше): тесты проверили не все правила");
  if (failed) throw UserError("тесты правил не пройдены: " + std::to_string(failed));
}

}  // namespace

void add_test_commands(CLI::App& app, Runtime& rt) {
  auto territory = std::make_shared<std::string>();
  auto* t = add_command(app, rt, "test",
                        "Проверить правила территорий их тестами (scripts/<территория>/tests/*.lua)",
                        StoreUse::none);
  t->add_option("territory", *territory,
                "Территория (id или последняя часть id); без неё — тесты всех пакетов");
  t->callback([&rt, territory] { run_tests(rt, *territory); });
}

}  // namespace opora::host
