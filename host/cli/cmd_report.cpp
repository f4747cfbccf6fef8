// report: the monthly report of a territory (or of every municipality with a plan, --all)
// built once as a document and rendered by the catalog's renderer of the requested format.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <set>

#include "cli/app.hpp"
#include "cli/output.hpp"
#include "engine/month_inputs.hpp"
#include "engine/runs.hpp"
#include "report/document.hpp"
#include "report/renderers.hpp"
#include "util/parallel.hpp"

namespace opora::host {

namespace {

struct ReportArgs {
  std::string territory, month, format = "html", out;
  std::string explanatory, executor;  // --explanatory FILE, --executor "ФИО, должность"
  bool all = false;
  int jobs = 0;  // --jobs with --all; 0 = default_jobs()
};

const Renderer* find_renderer(Runtime& rt, const std::string& territory, const std::string& fmt) {
  auto eff = rt.catalog().effective(territory);
  const Renderer* found = nullptr;
  // The most specific level's renderer of the format wins.
  for (const auto& r : eff.renderers)
    if (r.item->format() == fmt) found = r.item.get();
  if (!found && fmt != "json") {
    std::string known;
    for (const auto& r : eff.renderers) known += " " + r.item->format();
    throw UsageError("формат «" + fmt + "» не поддерживается; есть:" + known);
  }
  return found;
}

// `opora demo` marks its store: generated data must say so in every report.
bool synthetic_store(Runtime& rt) {
  auto q = rt.db().prepare("SELECT value FROM meta WHERE key = 'synthetic'");
  return q.step() && q.column_text(0) == "1";
}

// Renders into `out` as it is (a temporary file: callers go through write_output).
void render_to(const Renderer* r, const nlohmann::json& doc, const std::filesystem::path& out) {
  if (r) {
    r->render(doc.dump(), out);
    return;
  }
  std::ofstream f(out, std::ios::binary);
  f << doc.dump(2) << "\n";
  if (!f) throw UserError("не удалось записать " + out.string());
}

void write(Runtime& rt, const Renderer* r, const nlohmann::json& doc,
           const std::filesystem::path& out) {
  // The report is built from the packages and plugins: their files are inputs too.
  const auto& g = rt.globals();
  write_output(
      g, out, [&](const std::filesystem::path& tmp) { render_to(r, doc, tmp); },
      {g.scripts, g.plugins});
}

std::string extension(const Renderer* r, const std::string& fmt) {
  return r ? r->extension() : fmt;
}

// The «Пояснительная записка» file as text (UTF-8), read whole.
std::string read_explanatory(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw UserError("не удалось прочитать пояснительную записку: " + path);
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
  return text;
}

nlohmann::json build_one(Runtime& rt, const std::string& territory, const std::string& month,
                         ReportOptions o = {}) {
  auto eff = rt.catalog().effective(territory);
  int year = year_for_month(rt.db(), eff, territory, month);
  // The report reads only the territory's own schools: load just them, not the whole region
  // (report --all loads one snapshot per region and shares it instead).
  SnapshotRequest req{{territory}, year - lookback_years, year + 1, false};
  auto data = Snapshot::load(rt.db().handle(), req);
  o.synthetic = synthetic_store(rt);
  return build_monthly_report(rt.db(), rt.catalog(), *data, territory, month, o);
}

void run_one(Runtime& rt, const ReportArgs& a) {
  // A bad --out fails before the report is built.
  if (!a.out.empty())
    check_output_file(rt.globals(), a.out, {rt.globals().scripts, rt.globals().plugins});
  auto territory = rt.territory(a.territory);
  auto* renderer = find_renderer(rt, territory, a.format);
  if (a.out.empty() && a.format != "json" && a.format != "md")
    throw UsageError("для формата " + a.format + " укажите файл: --out FILE");
  ReportOptions o;
  if (!a.explanatory.empty()) o.explanatory = read_explanatory(a.explanatory);
  o.executor = a.executor;
  auto doc = build_one(rt, territory, a.month, o);
  if (a.out.empty()) {
    // Text formats go to the terminal as they are, through a private temporary file.
    auto tmp = temporary_name(std::filesystem::temp_directory_path(),
                              "." + extension(renderer, a.format));
    try {
      render_to(renderer, doc, tmp);
      std::ifstream f(tmp, std::ios::binary);
      std::cout << f.rdbuf();
    } catch (...) {
      std::filesystem::remove(tmp);
      throw;
    }
    std::filesystem::remove(tmp);
    return;
  }
  write(rt, renderer, doc, a.out);
  std::cout << "Отчёт записан: " << a.out << "\n";
}

// One report of --all: a municipality and the snapshot that holds its region.
struct AllJob {
  std::string territory;
  const Snapshot* data = nullptr;
};

void run_all(Runtime& rt, const ReportArgs& a) {
  if (a.out.empty()) throw UsageError("для --all укажите каталог: --out DIR");
  // A note is written for one territory's month: it is not copied into every report.
  if (!a.explanatory.empty())
    throw UsageError("--explanatory относится к отчёту одной территории, не к --all");
  if (a.jobs < 0) throw UsageError("--jobs: нужно число потоков не меньше 1");
  MonthBounds b;
  try {
    b = month_bounds(a.month);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  prepare_output_dir(rt.globals(), a.out);
  // Municipalities with a plan covering the month, grouped by plan year: one snapshot per plan
  // year holds every region with such a plan (the years a report reads follow its plan year).
  std::map<int, std::vector<std::string>> by_year;
  auto q = rt.db().prepare(
      "SELECT DISTINCT r.territory FROM roadmaps r JOIN territories t ON t.id = r.territory "
      "WHERE t.level = 'municipality' AND r.year IN (?, ?) ORDER BY r.territory");
  int y = std::stoi(b.month.substr(0, 4));
  q.bind_all(y, y - 1);
  std::vector<std::string> territories;
  while (q.step()) territories.emplace_back(q.column_text(0));
  for (const auto& t : territories) {
    auto eff = rt.catalog().effective(t);
    if (auto plan = find_plan_for_month(rt.db(), eff, t, b.month))
      by_year[plan->year.year].push_back(t);
  }
  std::vector<AllJob> jobs;
  std::vector<std::unique_ptr<Snapshot>> snapshots;
  for (const auto& [year, list] : by_year) {
    std::set<std::string> regions;
    for (const auto& t : list) regions.insert(t.substr(0, t.find('/')));
    snapshots.push_back(Snapshot::load(
        rt.db().handle(),
        {{regions.begin(), regions.end()}, year - lookback_years, year + 1, false}));
    for (const auto& t : list) jobs.push_back({t, snapshots.back().get()});
  }
  if (jobs.empty()) throw UserError("ни у одной территории нет дорожной карты на " + b.month);
  // Reports in name order, whatever the plan year, as the files are listed.
  std::sort(jobs.begin(), jobs.end(),
            [](const AllJob& x, const AllJob& y) { return x.territory < y.territory; });
  bool synthetic = synthetic_store(rt);
  // Every worker but the first has a runtime of its own: its own read-only connection, and its
  // own Lua state and plugin items (a Lua state runs one call at a time; items of packages and
  // plugins are not shared between threads). The snapshots are read-only and shared.
  unsigned workers = a.jobs ? unsigned(a.jobs) : default_jobs();
  workers = unsigned(std::min<std::size_t>(workers, jobs.size()));
  auto own = worker_runtimes(rt, workers);
  std::mutex shown;
  std::size_t done = 0;
  parallel_for(jobs.size(), workers, [&](unsigned w, std::size_t i) {
    Runtime& wrt = w ? *own[w] : rt;
    const auto& job = jobs[i];
    auto* renderer = find_renderer(wrt, job.territory, a.format);
    ReportOptions o;
    o.synthetic = synthetic;
    o.executor = a.executor;
    auto doc = build_monthly_report(wrt.db(), wrt.catalog(), *job.data, job.territory, b.month, o);
    std::string name = job.territory;
    std::replace(name.begin(), name.end(), '/', '_');
    auto file = std::filesystem::path(a.out) /
                (name + "_" + b.month + "." + extension(renderer, a.format));
    write(wrt, renderer, doc, file);
    std::lock_guard lock(shown);
    progress("Отчёты", ++done, jobs.size());
  });
  std::cout << "Отчётов записано: " << done << " (каталог " << a.out << ")\n";
}

}  // namespace

std::filesystem::path write_monthly_report(Runtime& rt, const std::string& territory,
                                           const std::string& month, const std::string& format,
                                           const std::filesystem::path& dir) {
  auto* renderer = find_renderer(rt, territory, format);
  auto doc = build_one(rt, territory, month);
  std::string name = territory;
  std::replace(name.begin(), name.end(), '/', '_');
  auto file = dir / (name + "_" + month + "." + extension(renderer, format));
  write(rt, renderer, doc, file);
  return file;
}

void write_document(Runtime& rt, const std::string& territory, const nlohmann::json& doc,
                    const std::filesystem::path& out) {
  auto ext = out.extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  const Renderer* found = nullptr;
  std::string known;
  for (const auto& r : rt.catalog().effective(territory).renderers) {
    known += " ." + r.item->extension();
    if (r.item->extension() == ext) found = r.item.get();
  }
  if (!found && ext != "json")
    throw UsageError("файл " + out.string() + ": расширение «" + ext +
                     "» не соответствует ни одному формату; есть:" + known);
  write(rt, found, doc, out);
}

bool store_is_synthetic(Runtime& rt) { return synthetic_store(rt); }

void add_report_commands(CLI::App& app, Runtime& rt) {
  auto a = std::make_shared<ReportArgs>();
  auto* c = add_command(app, rt, "report", "Ежемесячный отчёт о реализации дорожной карты",
                        StoreUse::read);
  c->add_option("--territory,-t", a->territory, "Территория");
  c->add_option("--month,-m", a->month, "Месяц ГГГГ-ММ")->required();
  c->add_option("--format,-f", a->format, "html, xlsx, md, json (по умолчанию html)");
  c->add_option("--out,-o", a->out, "Файл отчёта (с --all — каталог)");
  c->add_option("--explanatory", a->explanatory,
                "Файл с текстом пояснительной записки за месяц (UTF-8)");
  c->add_option("--executor", a->executor, "Исполнитель: ФИО, должность, телефон");
  c->add_flag("--all", a->all, "Отчёты всех муниципалитетов, у которых есть план на этот месяц");
  c->add_option("--jobs,-j", a->jobs,
                "С --all: сколько отчётов строить одновременно (по умолчанию — по числу ядер, "
                "не больше 8); результат от этого не зависит");
  c->callback([&rt, a] {
    if (a->all) return run_all(rt, *a);
    if (a->territory.empty()) throw UsageError("укажите --territory или --all");
    run_one(rt, *a);
  });
}

}  // namespace opora::host
