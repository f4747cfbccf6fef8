// The charts of the pages as SVG images (<img src>), one route each: the chart block of a report
// section, built by the report builder (build_report_section) and drawn by the report's own
// chart code (render::chart_svg), so a page and the monthly report never show different
// figures. Served as separate resources because the pages' Content-Security-Policy allows no
// inline markup beyond what opora's stylesheet styles; an SVG loaded as an image runs nothing.
#include "web/charts.hpp"

#include "engine/identify.hpp"
#include "engine/month_inputs.hpp"
#include "report/document.hpp"
#include "report/render_charts.hpp"
#include "report/render_svg.hpp"
#include "web/html.hpp"
#include "web/views.hpp"

namespace opora::host::web {

namespace {

// Which chart of the report each image is: the section, the block type and, when a section
// has two charts of that type, the unit that tells them apart.
struct ChartSpec {
  std::string_view id;       // /t/{territory}/charts/<id>.svg
  std::string_view section;  // a section id of docs/report-schema.md
  std::string_view type;     // bar_chart | line_chart | matrix
  std::string_view unit;     // "" = the first block of the type
  std::string_view caption;  // what it shows (Russian): the route's title and the no-data text
};

const ChartSpec chart_specs[] = {
    {"status", "summary", "bar_chart", "", "Выполнение по разделам с начала года"},
    {"indicators", "indicators", "bar_chart", "percent",
     "Показатели (в процентах) и целевые значения"},
    {"indicators-count", "indicators", "bar_chart", "count",
     "Показатели (количество) и целевые значения"},
    {"dynamics", "dynamics", "line_chart", "percent",
     "Динамика доли отметок «2» отобранных и всех школ"},
    {"scorecard", "region_scorecard", "bar_chart", "",
     "Доля выполненных мероприятий муниципалитетов"},
    {"overdue", "region_overdue", "bar_chart", "", "Просроченные мероприятия муниципалитетов"},
    {"identified", "region_identified", "bar_chart", "", "Отобрано школ по категориям в области"},
};

const nlohmann::json* find_block(const nlohmann::json& section, const ChartSpec& spec) {
  if (!section.contains("blocks")) return nullptr;
  for (const auto& b : section["blocks"])
    if (b.value("type", std::string()) == spec.type &&
        (spec.unit.empty() || b.value("unit", std::string()) == spec.unit))
      return &b;
  return nullptr;
}

// A chart the month has no data for is still an image, saying so: a page never shows a broken
// picture.
std::string no_data_svg(const std::string& title) {
  render::Svg svg(700, 40, title);
  svg.text(10, 24, title + ": нет данных за этот месяц", {.size = 12, .fill = "#616161"});
  return svg.str();
}

void get_chart(Ctx& ctx, const ChartSpec& spec) {
  const auto& t = ctx.target.territory;
  auto month = month_of(ctx, t);
  auto eff = ctx.ws.catalog().effective(t);
  int year;
  try {
    year = year_for_month(ctx.db(), eff, t, month);
  } catch (const std::invalid_argument& e) {
    throw HttpError(400, e.what());
  }
  // The snapshot `opora report` reads for one territory: its own schools and years.
  auto data = Snapshot::load(ctx.db().handle(), {{t}, year - lookback_years, year + 1, false});
  auto section = build_report_section(ctx.db(), ctx.ws.catalog(), *data, t, month,
                                      std::string(spec.section));
  const auto* block = find_block(section, spec);
  std::string svg = block ? render::chart_svg(*block) : std::string();
  if (svg.empty()) svg = no_data_svg(std::string(spec.caption));
  ctx.res.status = 200;
  ctx.res.set_content("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg, "image/svg+xml");
}

}  // namespace

std::string chart_src(const std::string& territory, std::string_view chart,
                      const std::string& month) {
  return "/t/" + url_encode(territory) + "/charts/" + std::string(chart) + ".svg?month=" +
         url_encode(month);
}

std::string chart_img(const std::string& territory, std::string_view chart,
                      const std::string& month, std::string_view alt) {
  return "<figure class=\"chart\"><figcaption>" + esc(alt) + "</figcaption><img src=\"" +
         esc(chart_src(territory, chart, month)) + "\" alt=\"" + esc(alt) + "\" data-chart=\"" +
         esc(chart) + "\"></figure>";
}

void add_chart_routes(std::vector<Route>& out) {
  for (const auto& spec : chart_specs)
    out.push_back({"GET", "/t/{territory}/charts/" + std::string(spec.id) + ".svg", Kind::page,
                   auth::Action::read, TargetFrom::path, "Диаграмма: " + std::string(spec.caption),
                   [&spec](Ctx& ctx) { get_chart(ctx, spec); }});
}

}  // namespace opora::host::web
