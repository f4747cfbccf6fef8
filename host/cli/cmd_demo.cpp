// demo and generate: the deterministic synthetic data set, imported and put to work.
#include <iostream>
#include <map>

#include "auth/demo_accounts.hpp"
#include "cli/app.hpp"
#include "cli/output.hpp"
#include "cli/sql.hpp"
#include "demo/generator.hpp"
#include "demo/seed_territories.hpp"
#include "engine/identify.hpp"
#include "engine/runs.hpp"
#include "engine/plan_context.hpp"
#include "engine/progress_sim.hpp"
#include "import/import.hpp"
#include "roadmap/plan.hpp"

namespace opora::host {

namespace {

struct GenerateArgs {
  int schools = 40000;
  int years = 5;
  int last_year = 2025;
  std::uint64_t seed = 1;
  double students = 0.01;
  std::string out = "opora-data";
};

GeneratedFiles generate(const GenerateArgs& a, std::vector<FixedTerritory> territories = {},
                        std::vector<FixedSchool> schools = {}) {
  if (a.years < 1 || a.years > 30) throw UsageError("--years: от 1 до 30");
  if (a.schools < 0) throw UsageError("--schools: не меньше 0");
  GeneratorOptions o;
  o.schools = a.schools;
  o.last_year = a.last_year;
  o.first_year = a.last_year - a.years + 1;
  o.seed = a.seed;
  o.student_sample = a.students;
  o.fixed_territories = std::move(territories);
  o.fixed_schools = std::move(schools);
  try {
    return generate_country(o, a.out);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
}

// Every file the generator will write, checked before it writes any.
void check_generated(const Globals& g, const std::filesystem::path& dir) {
  prepare_output_dir(g, dir);
  auto f = generated_files(dir);
  for (const auto& p :
       {f.territories, f.schools, f.results, f.context, f.students, f.risk, f.readme})
    check_output_file(g, p);
}

void run_generate(const Globals& g, const GenerateArgs& a) {
  check_generated(g, a.out);
  auto files = generate(a);
  std::cout << "Синтетические данные (seed " << a.seed << ") записаны в " << a.out << ":\n"
            << "  школ: " << files.school_count << ", строк результатов: " << files.result_rows
            << ", строк результатов обучающихся: " << files.student_rows << "\n";
  for (const auto& f : {files.territories, files.schools, files.results, files.context,
                        files.students, files.risk})
    std::cout << "  " << f.string() << "\n";
}

// Imports every generated file in dependency order.
void import_all(Db& db, const GeneratedFiles& f, const Catalog& catalog) {
  for (auto [kind, path] : {std::pair{"territories", f.territories}, {"schools", f.schools},
                            {"results", f.results}, {"context", f.context},
                            {"students", f.students}, {"risk", f.risk}}) {
    if (path.empty() || !std::filesystem::exists(path)) continue;
    import_file(db, kind, path, &catalog);
  }
}

struct DemoArgs {
  std::string out = "demo-out";
  int schools = 3000;
  std::uint64_t seed = 1;
  int plan_month = 7;  // reports for the 7th month of each plan year (March of a school year)
  std::vector<std::string> formats = {"html", "xlsx", "json", "md"};
};

// The month `n` (1-based) of a plan year, as YYYY-MM.
std::string plan_month(const PlanYear& py, int n) {
  int m = py.start().m + n - 1, y = py.start().y;
  while (m > 12) {
    m -= 12;
    ++y;
  }
  std::string out = std::to_string(y) + "-";
  if (m < 10) out += "0";
  return out + std::to_string(m);
}

// The municipality's plan from its template, progress up to the month, and its reports.
void plan_and_report(Runtime& rt, const DemoMunicipality& m, const DemoArgs& a) {
  auto eff = rt.catalog().effective(m.territory);
  if (eff.roadmaps.empty()) return;
  const auto& t = *eff.roadmaps.back().item;
  auto ident = plan_identification(rt.db(), m.territory, m.plan_year);
  auto made = create_plan(rt.db(), t, m.territory, m.plan_year, ident.members);
  auto month = plan_month(plan_year_of(t, m.plan_year), a.plan_month);
  simulate_progress(rt.db(), made.roadmap, month, a.seed);
  std::cout << "  Дорожная карта «" << t.title << "» (" << plan_year_of(t, m.plan_year).label()
            << "): мероприятий " << t.activities.size() << ", сроков выполнения "
            << made.occurrences_added << "; ход выполнения смоделирован по " << month << "\n";
  auto dir = std::filesystem::path(a.out) / "reports";  // prepared by run_demo
  for (const auto& f : a.formats)
    std::cout << "    отчёт: " << write_monthly_report(rt, m.territory, month, f, dir).string()
              << "\n";
}

void summarize(Runtime& rt, const Identification& id, const Snapshot& data, int max_schools) {
  auto eff = rt.catalog().effective(id.territory);
  std::map<std::string, int> counts;
  for (const auto& s : id.schools)
    for (const auto& c : s.categories) ++counts[c];
  std::cout << "\n" << territory_name(rt.db(), id.territory) << " (" << id.territory << "), отбор за "
            << id.year << " г.: школ " << id.schools.size() << "\n";
  for (const auto& c : eff.categories)
    if (counts[c.item->code])
      std::cout << "  " << c.item->title << ": " << counts[c.item->code] << "\n";
  int shown = 0;
  for (const auto& s : id.schools) {
    if (s.categories.empty() || shown >= max_schools) continue;
    ++shown;
    auto info = data.school(s.school);
    std::cout << "    " << info.login << " " << info.name << ":";
    for (const auto& c : s.categories) std::cout << " " << c;
    std::cout << "\n";
    for (const auto& v : s.verdicts)
      if (v.verdict.flagged) std::cout << "        " << v.criterion << ": " << v.verdict.explanation << "\n";
  }
  for (const auto& e : id.errors) std::cerr << "Ошибка: " << e << "\n";
}

// `opora demo` marks its store; only such a store may be rebuilt in place.
bool is_demo_store(const std::filesystem::path& path) {
  try {
    auto db = Db::open(path, Access::read_only);
    auto q = db.prepare("SELECT value FROM meta WHERE key = 'synthetic'");
    return q.step() && q.column_text(0) == "1";
  } catch (const StoreError&) {
    return false;  // not a database, or one without the mark (an older schema has no meta)
  }
}

// The demo's store: --db when given on the command line, else D/opora-demo.db. It is rebuilt
// from nothing, so an existing file is replaced only when it is an earlier demo's store.
std::string demo_store(const Globals& globals, const DemoArgs& a) {
  auto fallback = (std::filesystem::path(a.out) / "opora-demo.db").string();
  auto db = globals.db_given ? globals.db : fallback;
  std::error_code ec;
  if (std::filesystem::exists(db, ec) && !is_demo_store(db))
    throw UsageError("«" + db +
                     "» уже существует и не является демонстрационной базой: opora demo строит "
                     "базу заново. " +
                     (globals.db_given ? "Укажите в --db новый файл или не указывайте --db (база "
                                         "будет в " + fallback + ")"
                                       : std::string("Укажите другой каталог в --out")));
  return db;
}

void run_demo(const Globals& globals, const DemoArgs& a) {
  Globals g = globals;
  g.db = demo_store(globals, a);
  prepare_output_dir(g, a.out);
  auto data_dir = std::filesystem::path(a.out) / "data";
  check_generated(g, data_dir);
  prepare_output_dir(g, std::filesystem::path(a.out) / "reports");
  for (auto suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(g.db + suffix);
  Runtime rt(g);
  rt.use_store(StoreUse::write);

  GenerateArgs gen;
  gen.schools = a.schools;
  gen.seed = a.seed;
  gen.years = 9;  // the seed documents' plans look back to 2018
  gen.out = data_dir.string();
  auto seeds = demo_seed_territories();
  auto files = generate(gen, seeds.territories, seeds.schools);
  std::cout << "Демонстрационные данные — СИНТЕТИЧЕСКИЕ (генератор opora, seed " << a.seed
            << "): школ " << files.school_count << ", строк результатов " << files.result_rows
            << "\n  файлы: " << gen.out << "\n  база: " << g.db << "\n";
  import_all(rt.db(), files, rt.catalog());
  auto regional = write_regional_files(files.results, gen.out);
  import_file(rt.db(), "nso_monitoring", regional.nso_monitoring, &rt.catalog());
  import_file(rt.db(), "results", regional.krasnodar_kdr, &rt.catalog());
  rt.db().exec("INSERT OR REPLACE INTO meta(key, value) VALUES ('synthetic', '1')");

  // The seed documents' municipalities, each for the year its plan was built from.
  for (const auto& m : seeds.municipalities) {
    auto data = load_snapshot_for(rt.db(), m.territory, m.identify_year);
    auto id = identify(rt.catalog(), *data, m.territory, m.identify_year);
    save_identification(rt.db(), id, *data);
    summarize(rt, id, *data, 40);
    plan_and_report(rt, m, a);
  }
  // A synthetic region under the federal rules only.
  auto region = rt.db().prepare(
      "SELECT id FROM territories WHERE level = 'region' AND source = 'import' ORDER BY id LIMIT 1");
  if (region.step()) {
    std::string r(region.column_text(0));
    auto data = load_snapshot_for(rt.db(), r, gen.last_year);
    auto id = identify(rt.catalog(), *data, r, gen.last_year);
    save_identification(rt.db(), id, *data);
    summarize(rt, id, *data, 5);
  }
  std::cout << "\nГотово. База: " << g.db << "; отчёты: "
            << (std::filesystem::path(a.out) / "reports").string()
            << ".\nДальше, например: opora --db " << g.db
            << " explain --territory chebarkul --school sch740076 --year 2022\n";
  // The web workplace on this store: demo accounts with fresh passwords, printed once.
  auto accounts = auth::create_demo_accounts(rt.db());
  std::cout << "\nВеб-интерфейс — рабочее место в браузере:\n  opora --db " << g.db
            << " serve\n  затем откройте http://127.0.0.1:8080/ и войдите под одной из учётных "
               "записей.\n  ПАРОЛИ ТОЛЬКО ДЛЯ ДЕМОНСТРАЦИИ (новые при каждом запуске demo):\n";
  for (const auto& [user, password] : accounts)
    std::cout << "    " << user.login << "  " << password << "  — " << auth::role_title(user.role)
              << ", " << territory_name(rt.db(), user.territory) << "\n";
}

}  // namespace

void add_demo_commands(CLI::App& app, Runtime& rt) {
  auto d = std::make_shared<DemoArgs>();
  auto* demo = add_command(
      app, rt, "demo",
      "Построить демонстрационную базу из синтетических данных и выполнить отбор школ",
      StoreUse::none);  // it builds its own store (run_demo)
  demo->add_option("--out,-o", d->out,
                   "Каталог для данных, отчётов и базы (база — в --db, если он указан; по "
                   "умолчанию demo-out)");
  demo->add_option("--schools", d->schools, "Число синтетических школ помимо школ документов");
  demo->add_option("--seed", d->seed, "Зерно генератора");
  demo->add_option("--plan-month", d->plan_month,
                   "Месяц плана, по который моделируется ход выполнения и строятся отчёты "
                   "(1 — первый месяц плана; по умолчанию 7)")
      ->check(CLI::Range(1, 12));
  demo->callback([&rt, d] { run_demo(rt.globals(), *d); });

  auto g = std::make_shared<GenerateArgs>();
  auto* gen = add_command(
      app, rt, "generate", "Сгенерировать синтетическую страну (CSV в форматах импорта)",
      StoreUse::none);
  gen->add_option("--schools", g->schools, "Число школ (по умолчанию 40000)");
  gen->add_option("--years", g->years, "Число лет (по умолчанию 5)");
  gen->add_option("--last-year", g->last_year, "Последний год данных (по умолчанию 2025)");
  gen->add_option("--seed", g->seed, "Зерно генератора (по умолчанию 1)");
  gen->add_option("--students", g->students,
                  "Доля школ с результатами обучающихся (по умолчанию 0.01)");
  gen->add_option("--out,-o", g->out, "Каталог для файлов")->required();
  gen->callback([&rt, g] { run_generate(rt.globals(), *g); });
}

}  // namespace opora::host
