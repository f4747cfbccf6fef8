// Indicators with their targets, the monthly report downloads, and the effective rules with
// where each item comes from (what `opora packages` and `opora check` show).
#include <map>

#include "engine/views_json.hpp"
#include "report/render_format.hpp"
#include "web/charts.hpp"
#include "web/html.hpp"
#include "web/pages.hpp"
#include "web/views.hpp"

namespace opora::host::web {

std::string indicator_light(const IndicatorResult& r);  // pages_region.cpp
std::string indicator_value(const IndicatorResult& r);

namespace {

void get_indicators(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  auto month = month_of(ctx, t);
  auto v = indicators_view(ctx, t, month);
  std::string base = "/t/" + url_encode(t) + "/indicators";
  std::string b = "<h1>Показатели: " + esc(territory_name(ctx.db(), t)) + ", " + month_words(month) +
                  " (на " + esc(render::format_date(v.in->month.last)) + ")</h1>" + months_nav(base, month);
  if (!v.in->plan) b += "<p class=\"notice\">Дорожная карта на этот месяц не создана.</p>";
  if (!v.in->identification.used_year) b += "<p class=\"notice\">Отбор школ не сохранён.</p>";
  b += "<table id=\"indicators\"><thead><tr><th>Показатель</th><th class=\"num\">Значение</th>"
       "<th class=\"num\">Из</th><th>Цель</th><th>Итог</th><th class=\"num\">Месяц назад</th>"
       "<th>Пояснение</th></tr></thead><tbody>";
  for (const auto& r : v.results) {
    b += "<tr data-indicator=\"" + esc(r.id) + "\"><td>" + esc(r.title) + "</td>";
    if (!r.error.empty()) {
      b += "<td colspan=\"6\" class=\"error\">" + esc(r.error) + "</td></tr>";
      continue;
    }
    b += "<td class=\"num value\">" + esc(indicator_value(r)) + "</td><td class=\"num\">" +
         (r.unit == "percent" ? esc(render::format_number(r.numerator, 0) + " из " +
                                    render::format_number(r.denominator, 0))
                              : std::string()) +
         "</td><td>" + esc(r.target_text) + "</td><td>" + indicator_light(r) +
         "</td><td class=\"num\">" +
         esc(r.previous ? render::format_number(*r.previous, r.unit == "percent" ? 1 : 0) : "—") +
         "</td><td>" + esc(r.explanation) + "</td></tr>";
  }
  b += "</tbody></table>";
  // The report's indicator charts (percent and count apart), when it would draw them.
  bool percent = false, count = false;
  for (const auto& r : v.results)
    if (r.error.empty()) (r.unit == "percent" ? percent : count) = true;
  if (percent)
    b += chart_img(t, "indicators", month, "Показатели (в процентах) и целевые значения");
  if (count)
    b += chart_img(t, "indicators-count", month, "Показатели (количество) и целевые значения");
  ctx.html(page(ctx, "Показатели", b, t));
}

struct Format {
  const char* id;
  const char* title;
  const char* mime;
};
const Format formats[] = {
    {"html", "HTML (для печати)", "text/html; charset=utf-8"},
    {"xlsx", "XLSX (Excel)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"md", "Markdown", "text/markdown; charset=utf-8"},
    {"json", "JSON", "application/json; charset=utf-8"},
};

void get_reports(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  auto month = month_of(ctx, t);
  std::string base = "/t/" + url_encode(t) + "/report?month=" + month + "&amp;format=";
  std::string b = "<h1>Отчёты: " + esc(territory_name(ctx.db(), t)) + "</h1>"
                  "<form method=\"get\" action=\"/t/" + url_encode(t) + "/reports\">"
                  "<label>Месяц <input type=\"month\" name=\"month\" value=\"" + esc(month) +
                  "\"></label> <button type=\"submit\">Показать</button></form>"
                  "<h2>Ежемесячный отчёт за " + month_words(month) + "</h2><ul class=\"downloads\">";
  for (const auto& f : formats)
    b += "<li><a id=\"report-" + std::string(f.id) + "\" href=\"" + base + f.id + "\">" + f.title +
         "</a></li>";
  b += "</ul>";
  ctx.html(page(ctx, "Отчёты", b, t));
}

}  // namespace

// Shared with the API: the report as `opora report` writes it, as a download.
void send_report(Ctx& ctx, const std::string& territory, const std::string& month,
                 const std::string& format) {
  const Format* f = nullptr;
  for (const auto& k : formats)
    if (format == k.id) f = &k;
  RenderedReport r;
  try {
    r = ctx.ws.report(territory, month, format);
  } catch (const HttpError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw HttpError(422, e.what());
  }
  // A report opened in the browser runs nothing: its own inline styles only.
  ctx.res.set_header("Content-Security-Policy",
                     "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
  ctx.download(r.bytes, f ? f->mime : "application/octet-stream", r.file_name);
}

namespace {

void get_report(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  auto format = ctx.field("format").empty() ? std::string("html") : ctx.field("format");
  send_report(ctx, t, month_of(ctx, t), format);
}

const char* kind_title(const std::string& kind) {
  static const std::map<std::string, const char*> titles = {
      {"category", "Категории"},        {"criterion", "Критерии"},
      {"indicator_type", "Типы показателей"}, {"indicator", "Показатели"},
      {"roadmap", "Дорожные карты"},    {"report", "Отчёты"},
      {"section", "Разделы отчётов"},   {"risk_factor", "Факторы риска"},
      {"importer", "Импорт"},           {"renderer", "Форматы отчётов"}};
  auto it = titles.find(kind);
  return it == titles.end() ? "Прочее" : it->second;
}

void get_rules(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  auto eff = ctx.ws.catalog().effective(t);
  auto items = effective_items_json(eff);
  std::string b = "<h1>Действующие правила: " + esc(territory_name(ctx.db(), t)) +
                  "</h1><p>Цепочка пакетов: ";
  for (std::size_t i = 0; i < eff.chain.size(); ++i) b += (i ? " → " : "") + esc(eff.chain[i]);
  b += ". <a href=\"/t/" + url_encode(t) + "/explain\">Критерии и параметры</a></p>";
  auto check = ctx.ws.check();
  b += "<h2>Проверка пакетов</h2>";
  if (check.errors.empty())
    b += "<p id=\"check\">Ошибок нет.</p>";
  else {
    b += "<ul id=\"check\" class=\"error\">";
    for (const auto& e : check.errors) b += "<li>" + esc(e) + "</li>";
    b += "</ul>";
  }
  if (!check.warnings.empty()) {
    b += "<ul class=\"muted\">";
    for (const auto& w : check.warnings) b += "<li>" + esc(w) + "</li>";
    b += "</ul>";
  }
  std::string last;
  for (const auto& it : items) {
    auto kind = it["kind"].get<std::string>();
    if (kind != last) {
      if (!last.empty()) b += "</tbody></table>";
      b += "<h2>" + esc(kind_title(kind)) + "</h2><table><thead><tr><th>Код</th><th>Название</th>"
           "<th>Откуда</th><th>Уровень</th></tr></thead><tbody>";
      last = kind;
    }
    b += "<tr><td>" + esc(it["id"].get<std::string>()) + "</td><td>" +
         esc(it["title"].get<std::string>()) + "</td><td>" + esc(it["origin"].get<std::string>()) +
         "</td><td>" + esc(it["territory"].get<std::string>()) + "</td></tr>";
  }
  if (!last.empty()) b += "</tbody></table>";
  if (!eff.replaced.empty()) {
    b += "<h2>Переопределено</h2><ul>";
    for (const auto& r : eff.replaced) b += "<li>" + esc(r) + "</li>";
    b += "</ul>";
  }
  ctx.html(page(ctx, "Правила", b, t));
}

}  // namespace

void add_document_pages(std::vector<Route>& out) {
  using A = auth::Action;
  out.push_back({"GET", "/t/{territory}/indicators", Kind::page, A::read, TargetFrom::path,
                 "Показатели и целевые значения за месяц", get_indicators});
  out.push_back({"GET", "/t/{territory}/reports", Kind::page, A::read, TargetFrom::path,
                 "Отчёты за месяц: ссылки на скачивание", get_reports});
  out.push_back({"GET", "/t/{territory}/report", Kind::page, A::read, TargetFrom::path,
                 "Скачать ежемесячный отчёт (?month=&format=html|xlsx|md|json)", get_report});
  out.push_back({"GET", "/t/{territory}/rules", Kind::page, A::read, TargetFrom::path,
                 "Действующие правила и откуда они", get_rules});
}

}  // namespace opora::host::web
