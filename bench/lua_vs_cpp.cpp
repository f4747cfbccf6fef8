// Lua cost on a real rule: the federal `low_results` criterion as the package writes it in Lua
// (scripts/federal, loaded as is) and the same rule as a compiled plugin
// (simple_criterion_plugin.cpp), over the same snapshot: the Lua rule school by school with an
// explanation each (BM_Lua), and in its batch form with explanations for the flagged schools
// only, as identify() runs it (BM_LuaBatch); the C++ rule school by school (BM_Cpp). All must
// flag the same schools. bench/run.sh points OPORA_BENCH_DB at the
// national store (and OPORA_BENCH_YEAR at its last year); without it, a store of kSchools
// synthetic schools with 25 works a year is built in a temp dir.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "dataset/snapshot.hpp"
#include "lua/engine.hpp"
#include "plugins/loader.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"

namespace fs = std::filesystem;
using namespace opora;
using namespace opora::host;

namespace {

constexpr int kSchools = 40000;

// A store of kSchools schools with 25 works in each of two years, built once.
struct Fixture {
  fs::path dir = fs::temp_directory_path() / ("opora-bench-" + std::to_string(::getpid()));
  std::unique_ptr<Snapshot> data;
  std::vector<SchoolIndex> population;
  int year = 2024;
  Catalog lua_catalog, cpp_catalog;
  std::shared_ptr<LuaEngine> engine = LuaEngine::create();

  Fixture() {
    fs::create_directories(dir / "scripts");
    fs::copy(fs::path(OPORA_SOURCE_DIR) / "scripts" / "federal", dir / "scripts" / "federal",
             fs::copy_options::recursive);
    auto errors = engine->load_tree(dir / "scripts", lua_catalog);
    if (!errors.empty()) throw std::runtime_error(errors.front());
    auto status = load_plugin(OPORA_BENCH_PLUGIN, cpp_catalog);
    if (!status.loaded) throw std::runtime_error(status.error);

    if (const char* path = std::getenv("OPORA_BENCH_DB")) {
      const char* y = std::getenv("OPORA_BENCH_YEAR");
      year = y ? std::atoi(y) : year;
      auto db = Db::open(path);
      data = Snapshot::load(db.handle(), {{}, year - 1, year, false});
    } else {
      data = build_synthetic();
    }
    for (SchoolIndex i = 0; i < data->school_count(); ++i) population.push_back(i);
  }
  ~Fixture() { fs::remove_all(dir); }

  std::unique_ptr<Snapshot> build_synthetic() {
    auto db = Db::open(dir / "bench.db");
    migrate(db);
    db.exec("INSERT INTO territories VALUES ('federal','РФ',NULL,'federal','package'),"
            "('r','Р','federal','region','import'),('r/m','М','r','municipality','import')");
    std::mt19937 rng(1);
    Transaction tx(db);
    auto s = db.prepare("INSERT INTO schools(id, login, name, territory) VALUES (?, ?, ?, 'r/m')");
    auto r = db.prepare("INSERT INTO results VALUES (?, ?, 'ВПР', ?, ?, 25, ?, ?, 5, 5, NULL)");
    for (int i = 1; i <= kSchools; ++i) {
      s.bind_all(i, "sch" + std::to_string(i), "Школа").run();
      for (int year : {2023, 2024})
        for (int w = 0; w < 25; ++w) {
          int m2 = int(rng() % 11);  // up to 40% of "2": some works fail, few schools twice
          r.bind_all(i, year, 4 + w % 5, "Предмет " + std::to_string(w / 5), m2, 15 - m2).run();
        }
    }
    tx.commit();
    return Snapshot::load(db.handle(), {{}, 2023, 2024, false});
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

const Criterion& low_results(const Catalog& catalog) {
  for (const auto& c : catalog.criteria())
    if (c.item->id() == "low_results") return *c.item;
  throw std::runtime_error("no low_results criterion");
}

// Schools the rule flags, evaluated once outside the timing: the two must agree.
std::size_t flagged_by(const Catalog& catalog) {
  auto& f = fixture();
  const auto& c = low_results(catalog);
  auto run = c.start(RunContext{*f.data, f.year, "r", f.population}, c.defaults());
  std::size_t n = 0;
  for (auto i : f.population) n += run->evaluate(i).flagged;
  return n;
}

void evaluate_all(benchmark::State& state, const Catalog& catalog) {
  auto& f = fixture();
  const auto& c = low_results(catalog);
  auto params = c.defaults();
  std::size_t flagged = 0;
  for (auto _ : state) {
    auto run = c.start(RunContext{*f.data, f.year, "r", f.population}, params);
    for (auto i : f.population) flagged += run->evaluate(i).flagged;
  }
  benchmark::DoNotOptimize(flagged);
  state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(f.population.size()));
  auto lua = flagged_by(fixture().lua_catalog), cpp = flagged_by(fixture().cpp_catalog);
  state.counters["flagged"] = double(flagged_by(catalog));
  if (lua != cpp)
    state.SkipWithError(("Lua and C++ disagree: " + std::to_string(lua) + " vs " +
                         std::to_string(cpp) + " schools flagged").c_str());
}

void BM_Lua(benchmark::State& state) { evaluate_all(state, fixture().lua_catalog); }
void BM_Cpp(benchmark::State& state) { evaluate_all(state, fixture().cpp_catalog); }

// The Lua rule as `identify` runs it now: its batch form (evaluate_all over columns of works)
// once for the population, then explain() for the flagged schools only. It must flag what the
// C++ rule flags.
void BM_LuaBatch(benchmark::State& state) {
  auto& f = fixture();
  const auto& c = low_results(f.lua_catalog);
  auto params = c.defaults();
  std::size_t flagged = 0, explained = 0;
  std::vector<Verdict> verdicts(f.population.size());
  for (auto _ : state) {
    auto run = c.start(RunContext{*f.data, f.year, "r", f.population}, params);
    if (!run->evaluate_all(verdicts)) {
      state.SkipWithError("low_results has no batch form");
      return;
    }
    flagged = 0;
    for (std::size_t i = 0; i < verdicts.size(); ++i)
      if (verdicts[i].flagged) {
        ++flagged;
        explained += run->explain(f.population[i]).size();
      }
  }
  benchmark::DoNotOptimize(explained);
  state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(f.population.size()));
  state.counters["flagged"] = double(flagged);
  auto cpp = flagged_by(f.cpp_catalog);
  if (flagged != cpp)
    state.SkipWithError(("Lua batch and C++ disagree: " + std::to_string(flagged) + " vs " +
                         std::to_string(cpp) + " schools flagged").c_str());
}

BENCHMARK(BM_Cpp)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_Lua)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_LuaBatch)->Unit(benchmark::kMillisecond)->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
