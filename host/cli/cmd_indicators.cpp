// indicators: every indicator of a territory's effective package for a month, with target.
#include <cstdio>
#include <cmath>
#include <iostream>

#include "cli/app.hpp"
#include "report/render_format.hpp"
#include "cli/sql.hpp"
#include "engine/month_inputs.hpp"
#include "engine/runs.hpp"
#include "engine/views_json.hpp"

namespace opora::host {

namespace {

struct IndicatorArgs {
  std::string territory, month;
  bool json = false;
};

// Russian number formatting, shared with the report renderers ("80,0 %", "12 345").
std::string fmt(const std::optional<double>& v, const std::string& unit) {
  if (!v) return "—";
  if (unit == "percent") return render::format_number(*v, 1) + " %";
  return render::format_number(*v, *v == std::floor(*v) ? 0 : 2);
}

void run_indicators(Runtime& rt, const IndicatorArgs& a) {
  auto territory = rt.territory(a.territory);
  auto eff = rt.catalog().effective(territory);
  int year;
  try {
    year = year_for_month(rt.db(), eff, territory, a.month);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  auto data = load_snapshot_for(rt.db(), territory, year, false);
  auto in = load_month(rt.db(), eff, *data, territory, a.month);
  auto results = compute_indicators(eff, in->indicators, in->month.last, in->month.previous_last);
  bool failed = false;
  if (a.json) {
    for (const auto& r : results) failed |= !r.error.empty();
    std::cout << indicators_json(territory, *in, results).dump(2) << "\n";
  } else {
    std::cout << "Показатели: " << territory_name(rt.db(), territory) << ", " << in->month.month
              << " (на " << in->month.last << ")\n";
    if (!in->plan) std::cout << "Дорожная карта на этот месяц не создана.\n";
    if (!in->identification.used_year) std::cout << "Отбор школ не сохранён.\n";
    for (const auto& r : results) {
      std::cout << "\n" << r.title << " [" << r.id << "]\n";
      if (!r.error.empty()) {
        failed = true;
        std::cout << "  ОШИБКА: " << r.error << "\n";
        continue;
      }
      std::cout << "  значение: " << fmt(r.value, r.unit);
      // A count is its own numerator; a share shows what it was counted from.
      if (r.unit == "percent")
        std::cout << " (" << fmt(r.numerator, "") << " из " << fmt(r.denominator, "") << ")";
      if (!r.target_text.empty())
        std::cout << "; цель: " << r.target_text << " — "
                  << (r.not_due ? "срок не наступил"
                      : !r.met  ? "не определено"
                      : *r.met  ? "достигнута"
                                : "не достигнута");
      std::cout << "\n  месяц назад: " << fmt(r.previous, r.unit);
      if (!r.explanation.empty()) std::cout << "\n  " << r.explanation;
      std::cout << "\n";
    }
  }
  if (failed) throw UserError("часть показателей не рассчитана (см. выше)");
}

}  // namespace

void add_indicator_commands(CLI::App& app, Runtime& rt) {
  auto a = std::make_shared<IndicatorArgs>();
  auto* c = add_command(app, rt, "indicators",
                        "Показатели территории за месяц и их целевые значения", StoreUse::read);
  c->add_option("--territory,-t", a->territory, "Территория")->required();
  c->add_option("--month,-m", a->month, "Месяц ГГГГ-ММ")->required();
  c->add_flag("--json", a->json, "Вывод в JSON");
  c->callback([&rt, a] { run_indicators(rt, *a); });
}

}  // namespace opora::host
