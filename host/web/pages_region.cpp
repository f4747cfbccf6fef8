// The region's scorecard (municipalities × key indicators against targets), the identification
// of a territory with its saved runs, and the explanation of each verdict (`explain`).
#include <cmath>
#include <map>

#include "engine/identify.hpp"
#include "engine/runs.hpp"
#include "report/render_format.hpp"
#include "web/charts.hpp"
#include "web/html.hpp"
#include "web/year_compare.hpp"
#include "web/pages.hpp"
#include "web/views.hpp"

namespace opora::host::web {

namespace {

std::string fmt_value(const std::optional<double>& v, const std::string& unit) {
  if (!v) return "—";
  if (unit == "percent") return render::format_number(*v, 1) + " %";
  return render::format_number(*v, *v == std::floor(*v) ? 0 : 2);
}

}  // namespace

// The traffic light of one indicator result: the engine's met / not_due, never re-judged.
std::string indicator_light(const IndicatorResult& r) {
  if (!r.error.empty()) return light("missed", "ошибка");
  auto v = fmt_value(r.value, r.unit);
  if (r.target_text.empty()) return light("none", v);
  if (r.not_due) return light("not_due", v + " (срок не наступил)");
  if (!r.met) return light("none", v);
  return light(*r.met ? "met" : "missed", v);
}

std::string indicator_value(const IndicatorResult& r) { return fmt_value(r.value, r.unit); }

namespace {

void get_scorecard(Ctx& ctx) {
  const auto& region = ctx.target.territory;
  auto month = month_of(ctx, region);
  auto q = ctx.db().prepare(
      "SELECT id, name FROM territories WHERE parent = ? AND level = 'municipality' ORDER BY id");
  q.bind(1, region);
  std::vector<std::pair<std::string, std::string>> municipalities;
  while (q.step()) municipalities.emplace_back(q.column_text(0), q.column_text(1));

  struct Row {
    std::string id, name;
    bool plan = false;
    StatusCounts total;
    std::map<std::string, IndicatorResult> results;
  };
  std::vector<Row> rows;
  std::vector<std::pair<std::string, std::string>> columns;  // indicator id, title
  std::map<int, std::unique_ptr<Snapshot>> snapshots;        // one per plan year of the region
  for (const auto& [id, name] : municipalities) {
    if (!auth::allowed(ctx.db(), ctx.user(), auth::Action::read, id)) continue;
    Row row;
    row.id = id;
    row.name = name;
    auto eff = ctx.ws.catalog().effective(id);
    if (auto ref = find_plan_for_month(ctx.db(), eff, id, month)) {
      auto& data = snapshots[ref->year.year];
      if (!data) data = load_snapshot_for(ctx.db(), id, ref->year.year, false);
      auto in = load_month(ctx.db(), eff, *data, id, month);
      row.plan = true;
      row.total = month_status(*in->plan, in->month.month, &in->indicators.reach).total;
      for (auto& r : compute_indicators(eff, in->indicators, in->month.last, in->month.previous_last)) {
        bool known = false;
        for (const auto& c : columns) known = known || c.first == r.id;
        if (!known) columns.emplace_back(r.id, r.title);
        row.results[r.id] = std::move(r);
      }
    }
    rows.push_back(std::move(row));
  }
  std::string base = "/t/" + url_encode(region) + "/scorecard";
  std::string b = "<h1>Сводка: " + esc(territory_name(ctx.db(), region)) + ", " + month_words(month) +
                  "</h1>" + months_nav(base, month) +
                  "<p class=\"muted\">Зелёный — цель достигнута, красный — не достигнута, серый — "
                  "срок не наступил.</p><div class=\"wide\"><table id=\"scorecard\"><thead><tr>"
                  "<th>Муниципалитет</th><th class=\"num\">Срок в месяце</th><th class=\"num\">"
                  "Выполнено</th><th class=\"num\">Просрочено</th>";
  for (const auto& [id, title] : columns) b += "<th title=\"" + esc(id) + "\">" + esc(title) + "</th>";
  b += "</tr></thead><tbody>";
  for (const auto& r : rows) {
    b += "<tr data-territory=\"" + esc(r.id) + "\"><td><a href=\"/t/" + url_encode(r.id) +
         "/month?month=" + month + "\">" + esc(r.name) + "</a></td>";
    if (!r.plan) {
      b += "<td colspan=\"" + std::to_string(3 + columns.size()) +
           "\" class=\"muted\">нет дорожной карты на этот месяц</td></tr>";
      continue;
    }
    b += "<td class=\"num\">" + std::to_string(r.total.due) + "</td><td class=\"num\">" +
         std::to_string(r.total.done) + "</td><td class=\"num\">" +
         std::to_string(r.total.overdue) + "</td>";
    for (const auto& [id, title] : columns) {
      auto it = r.results.find(id);
      b += "<td>" + (it == r.results.end() ? std::string("<span class=\"muted\">—</span>")
                                           : indicator_light(it->second) +
                                                 (it->second.target_text.empty()
                                                      ? ""
                                                      : " <span class=\"muted\">цель " +
                                                            esc(it->second.target_text) + "</span>")) +
           "</td>";
    }
    b += "</tr>";
  }
  b += "</tbody></table></div>";
  b += chart_img(region, "scorecard", month, "Доля выполненных мероприятий с начала года") +
       chart_img(region, "overdue", month, "Просрочено мероприятий на конец месяца");
  ctx.html(page(ctx, "Сводка", b, region));
}

int identification_year(Ctx& ctx, const std::string& territory) {
  if (auto y = ctx.field("year"); !y.empty()) {
    try {
      return std::stoi(y);
    } catch (const std::exception&) {
      throw HttpError(400, "год «" + y + "» — не число");
    }
  }
  // The latest saved run covering the territory, else the latest year with results.
  auto q = ctx.db().prepare(
      "SELECT max(year) FROM identification_runs WHERE territory = ?1 OR ?1 LIKE territory || '/%'");
  q.bind(1, territory);
  if (q.step() && !q.column_null(0)) return q.column_int(0);
  auto r = ctx.db().prepare("SELECT max(year) FROM results");
  if (r.step() && !r.column_null(0)) return r.column_int(0);
  return std::stoi(this_month().substr(0, 4));
}

// The comparison with last year: the categories' counts, then each category's schools that
// entered and left (stayed ones folded), with both years' explanations — all read from the
// JSON of compare_with_last_year, the same the API answers.
std::string comparison_html(const nlohmann::json& j, const Effective& eff,
                            const std::map<std::string, int>& now) {
  const std::string prev = std::to_string(j["previous_year"].get<int>());
  const std::string year = std::to_string(j["year"].get<int>());
  std::map<std::string, const nlohmann::json*> by_code;
  for (const auto& c : j["categories"]) by_code[c["code"].get<std::string>()] = &c;
  auto size = [&](const std::string& code, const char* list) -> std::size_t {
    auto it = by_code.find(code);
    return it == by_code.end() ? 0 : (*it->second)[list].size();
  };
  std::string b = "<h2 id=\"compare\">Сравнение с " + prev + " годом</h2><p class=\"muted\">" +
                  esc(j["a"]["label"].get<std::string>()) + " → " +
                  esc(j["b"]["label"].get<std::string>()) + "</p>";
  if (!j["rule_changes"].empty()) {
    b += "<p>Правила с тех пор изменились:</p><ul>";
    for (const auto& r : j["rule_changes"]) b += "<li>" + esc(r["text"].get<std::string>()) + "</li>";
    b += "</ul>";
  }
  b += "<table id=\"categories\"><thead><tr><th>Категория</th><th class=\"num\">Школ в " + year +
       "</th><th class=\"num\">в " + prev + "</th><th class=\"num\">Вошли</th><th class=\"num\">"
       "Вышли</th><th class=\"num\">Остались</th></tr></thead><tbody>";
  for (const auto& c : eff.categories) {
    const auto& code = c.item->code;
    auto it = now.find(code);
    b += "<tr data-category=\"" + esc(code) + "\"><td>" + esc(c.item->title) +
         "</td><td class=\"num\">" + std::to_string(it == now.end() ? 0 : it->second) +
         "</td><td class=\"num prev\">" + std::to_string(size(code, "left") + size(code, "stayed")) +
         "</td><td class=\"num entered\">" + std::to_string(size(code, "entered")) +
         "</td><td class=\"num left\">" + std::to_string(size(code, "left")) +
         "</td><td class=\"num stayed\">" + std::to_string(size(code, "stayed")) + "</td></tr>";
  }
  b += "</tbody></table>";
  auto schools = [&](const nlohmann::json& list) {
    std::string t = "<table class=\"compare\"><thead><tr><th>Школа</th><th>" + prev +
                    "</th><th>" + year + "</th></tr></thead><tbody>";
    for (const auto& s : list) {
      auto why = [](const nlohmann::json& x) {
        auto text = x.get<std::string>();
        return text.empty() ? std::string("<span class=\"muted\">нет вердикта</span>") : esc(text);
      };
      const auto login = s["login"].get<std::string>();
      // The login opens this year's verdicts of the school (explain).
      t += "<tr data-school=\"" + esc(login) + "\"><td><a href=\"/t/" +
           url_encode(j["territory"].get<std::string>()) + "/explain?school=" + url_encode(login) +
           "&amp;year=" + year + "\">" + esc(login) + "</a> " + esc(s["name"].get<std::string>()) +
           "</td><td>" + why(s["before"]) + "</td><td>" + why(s["after"]) + "</td></tr>";
    }
    return t + "</tbody></table>";
  };
  for (const auto& c : j["categories"]) {
    const auto code = c["code"].get<std::string>();
    b += "<section class=\"category-change\" data-category=\"" + esc(code) + "\"><h3>" +
         esc(c["title"].get<std::string>()) + "</h3>";
    if (!c["entered"].empty())
      b += "<h4>Вошли (" + std::to_string(c["entered"].size()) + ")</h4>" + schools(c["entered"]);
    if (!c["left"].empty())
      b += "<h4>Вышли (" + std::to_string(c["left"].size()) + ")</h4>" + schools(c["left"]);
    if (c["entered"].empty() && c["left"].empty())
      b += "<p class=\"muted\">Состав категории не изменился.</p>";
    if (!c["stayed"].empty())
      b += "<details><summary>Остались (" + std::to_string(c["stayed"].size()) + ")</summary>" +
           schools(c["stayed"]) + "</details>";
    b += "</section>";
  }
  return b;
}

void get_identification(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  int year = identification_year(ctx, t);
  auto data = load_snapshot_for(ctx.db(), t, year);
  auto id = identify(ctx.ws.catalog(), *data, t, year);
  auto eff = ctx.ws.catalog().effective(t);
  auto saved = latest_identification(ctx.db(), t, year);
  std::map<std::string, int> per_category;
  for (const auto& s : id.schools)
    for (const auto& c : s.categories) ++per_category[c];
  std::string base = "/t/" + url_encode(t) + "/identification";
  std::string b = "<h1>Отбор школ: " + esc(territory_name(ctx.db(), t)) + ", " +
                  std::to_string(year) + " год</h1><p class=\"months\"><a href=\"" + base +
                  "?year=" + std::to_string(year - 1) + "\">← " + std::to_string(year - 1) +
                  "</a> <a href=\"" + base + "?year=" + std::to_string(year + 1) + "\">" +
                  std::to_string(year + 1) + " →</a></p>";
  b += "<p>По действующим правилам (" + esc(id.ruleset_hash.substr(0, 12)) + "). " +
       (saved.id ? "Сохранённый отбор: запуск №" + std::to_string(saved.id) + " от " +
                       esc(saved.created_at) +
                       (saved.ruleset_hash == id.ruleset_hash ? " — по тем же правилам"
                                                              : " — правила с тех пор изменились")
                 : std::string("Отбор за этот год не сохранён.")) + "</p>";
  if (!id.complete())
    b += "<p class=\"error\">Не все критерии выполнены:<br>" +
         esc(describe_failures(id, *data)) + "</p>";
  if (auth::allowed(ctx.db(), ctx.user(), auth::Action::write, t) && id.complete())
    b += "<form method=\"post\" action=\"" + base + "/save\">" + csrf_input(ctx) +
         "<input type=\"hidden\" name=\"year\" value=\"" + std::to_string(year) + "\"><button type=\"submit\">Сохранить результат отбора</button></form>";
  // Last year beside this one, by the rule-diff engine (year_compare.hpp): per category the
  // schools that entered, left or stayed, each with both years' explanations.
  if (id.complete()) {
    try {
      b += comparison_html(compare_with_last_year(ctx.db(), ctx.ws.catalog(), t, year, id, *data),
                           eff, per_category);
    } catch (const HttpError& e) {
      b += "<p class=\"notice\" id=\"compare-error\">" + esc(e.what()) + "</p>";
    }
  }
  {
    // Results over the years of the month the region works in, as the monthly report draws them.
    auto month = month_of(ctx, t);
    if (territory_level(ctx.db(), t) == "region")
      b += chart_img(t, "identified", month, "Отобрано школ по категориям в области");
    b += chart_img(t, "dynamics", month, "Доля отметок «2», %: отобранные и все школы территории");
  }
  b += "<h2>Отобранные школы</h2><table id=\"schools\"><thead><tr><th>Школа</th>"
       "<th>Категории</th><th>Почему</th></tr></thead><tbody>";
  for (const auto& s : id.schools) {
    if (s.categories.empty()) continue;
    auto info = data->school(s.school);
    std::string cats, why;
    for (const auto& c : s.categories) {
      auto* cat = eff.category(c);
      cats += esc(cat ? cat->item->title : c) + "<br>";
    }
    for (const auto& v : s.verdicts)
      if (v.verdict.flagged) why += "<div>" + esc(v.verdict.explanation) + "</div>";
    b += "<tr><td><a href=\"/t/" + url_encode(t) + "/explain?school=" +
         url_encode(info.login) + "&amp;year=" + std::to_string(year) + "\">" +
         esc(info.login) + "</a> " + esc(info.name) + "</td><td>" + cats + "</td><td>" + why +
         "</td></tr>";
  }
  b += "</tbody></table>";
  ctx.html(page(ctx, "Отбор школ", b, t));
}

void post_identification_save(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  int year = identification_year(ctx, t);
  auto data = load_snapshot_for(ctx.db(), t, year);
  auto id = identify(ctx.ws.catalog(), *data, t, year);
  if (!id.complete())
    throw HttpError(422, "результат отбора не сохранён: не все критерии выполнены\n" +
                             describe_failures(id, *data));
  // save_identification is all or nothing in its own transaction.
  ctx.write([&] { save_identification(ctx.db(), id, *data, ctx.user().login); }, false);
  ctx.redirect("/t/" + url_encode(t) + "/identification?year=" + std::to_string(year));
}

void get_explain(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  auto eff = ctx.ws.catalog().effective(t);
  auto school = ctx.field("school");
  std::string b;
  if (school.empty()) {
    b = "<h1>Правила отбора: " + esc(territory_name(ctx.db(), t)) + "</h1><p>Цепочка пакетов: ";
    for (std::size_t i = 0; i < eff.chain.size(); ++i) b += (i ? " → " : "") + esc(eff.chain[i]);
    b += "</p><table><thead><tr><th>Критерий</th><th>Источник</th><th>Параметры</th></tr></thead>"
         "<tbody>";
    for (const auto& c : eff.criteria) {
      std::string params;
      auto values = eff.params_for(c);
      for (const auto& [k, v] : values.all()) {
        std::string value;
        std::visit([&](const auto& x) {
          if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::string>) value = x;
          else if constexpr (std::is_same_v<std::decay_t<decltype(x)>, bool>) value = x ? "true" : "false";
          else value = render::format_number(static_cast<double>(x), 2);
        }, v);
        std::string from = "по умолчанию";
        for (const auto& o : eff.overrides)
          if (o.item == c.item->id() && o.params.has(k)) from = o.origin.where;
        params += "<div>" + esc(k) + " = " + esc(value) + " <span class=\"muted\">(" + esc(from) +
                  ")</span></div>";
      }
      b += "<tr><td>" + esc(c.item->id()) + " — " + esc(c.item->title()) + "</td><td>" +
           esc(c.origin.where) + " (уровень " + esc(c.territory) + ")</td><td>" + params +
           "</td></tr>";
    }
    b += "</tbody></table>";
    ctx.html(page(ctx, "Правила отбора", b, t));
    return;
  }
  int year = identification_year(ctx, t);
  auto data = load_snapshot_for(ctx.db(), t, year);
  auto idx = data->find_school(school);
  // The school must lie in the territory of the path (whose access was checked).
  if (!idx || !auth::within(ctx.db(), data->territory_of(*idx), t))
    throw HttpError(404, "школа " + school + " не найдена на территории " + t);
  auto id = identify(ctx.ws.catalog(), *data, data->territory_of(*idx), year);
  for (const auto& s : id.schools) {
    if (s.school != *idx) continue;
    auto info = data->school(s.school);
    b = "<h1>" + esc(info.login) + " " + esc(info.name) + "</h1><p>" + esc(info.territory) + ", " +
        std::to_string(year) + " год</p><table id=\"verdicts\"><thead><tr><th>Отнесена</th>"
        "<th>Критерий</th><th>Категория</th><th>Объяснение</th></tr></thead><tbody>";
    for (const auto& v : s.verdicts) {
      auto* cat = eff.category(v.category);
      b += "<tr><td>" + std::string(v.verdict.flagged ? light("missed", "да") : light("none", "нет")) +
           "</td><td>" + esc(v.criterion) + "</td><td>" + esc(cat ? cat->item->title : v.category) +
           "</td><td>" + esc(v.verdict.explanation) + "</td></tr>";
    }
    b += "</tbody></table>";
  }
  ctx.html(page(ctx, "Объяснение", b, t));
}

}  // namespace

void add_region_pages(std::vector<Route>& out) {
  using A = auth::Action;
  out.push_back({"GET", "/t/{territory}/scorecard", Kind::page, A::read, TargetFrom::path,
                 "Сводка региона: муниципалитеты × показатели и цели", get_scorecard});
  out.push_back({"GET", "/t/{territory}/identification", Kind::page, A::read, TargetFrom::path,
                 "Отбор школ по действующим правилам", get_identification});
  out.push_back({"POST", "/t/{territory}/identification/save", Kind::page, A::write,
                 TargetFrom::path, "Сохранить результат отбора", post_identification_save});
  out.push_back({"GET", "/t/{territory}/explain", Kind::page, A::read, TargetFrom::path,
                 "Объяснение: правила и вердикты школы", get_explain});
}

}  // namespace opora::host::web
