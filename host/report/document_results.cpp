// Report sections about results: indicators, identified schools, dynamics, risk profiles.
#include <cmath>
#include <map>
#include <set>

#include "report/document_parts.hpp"

namespace opora::host {

json number_or_null(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return std::round(*v * 10.0) / 10.0;  // one decimal: what the document shows
}

std::string indicator_status(const IndicatorResult& i) {
  return !i.error.empty() ? ""
         : i.not_due      ? "not_due"
         : !i.met         ? ""
         : *i.met         ? "met"
                          : "not_met";
}

json indicators_section(const ReportData& r) {
  json rows = json::array(), pct_bars = json::array(), other_bars = json::array(),
       failures = json::array();
  for (const auto& i : r.indicators) {
    std::optional<double> change;
    if (i.value && i.previous) change = *i.value - *i.previous;
    std::string status = indicator_status(i);
    // A share over nothing is not «2 из 0»: the denominator has no data, and the row says so.
    bool no_denominator = i.error.empty() && i.denominator == 0 && i.unit == "percent";
    std::string explanation = readable_text(r.eff, i.explanation);
    if (no_denominator)
      explanation = "нет данных для знаменателя, значение не рассчитано" +
                    (explanation.empty() ? std::string() : " (" + explanation + ")");
    rows.push_back({{"id", i.id},
                    {"title", i.title},
                    {"numerator", i.numerator},
                    {"denominator", no_denominator ? json("нет данных") : json(i.denominator)},
                    {"value", number_or_null(i.value)},
                    {"unit", i.unit},
                    {"target", i.target_text},
                    {"activities", i.activities},
                    {"status", status.empty() ? json(nullptr) : json(status)},
                    {"previous", number_or_null(i.previous)},
                    {"change", number_or_null(change)},
                    // Percent cells are percent in every format (XLSX: a percent number format).
                    {"units", {{"value", i.unit}, {"previous", i.unit}, {"change", i.unit}}},
                    {"explanation", i.error.empty() ? explanation : "ошибка: " + readable_text(r.eff, i.error)}});
    if (!i.error.empty()) {
      failures.push_back(i.title + ": " + readable_text(r.eff, i.error));
      continue;
    }
    json bar = {{"label", i.title}, {"value", number_or_null(i.value)}};
    if (i.target) bar["target"] = i.target->value;
    (i.unit == "percent" ? pct_bars : other_bars).push_back(bar);
  }
  json blocks = json::array(
      {{{"type", "table"},
        {"columns", json::array({column("title", "Показатель", "text"),
                                 column("numerator", "Числитель", "number"),
                                 column("denominator", "Знаменатель", "number"),
                                 column("value", "Значение", "number"),
                                 column("target", "Целевое значение", "text"),
                                 column("status", "Достигнуто", "status"),
                                 column("previous", "Месяц назад", "number"),
                                 column("change", "Изменение", "number"),
                                 column("explanation", "Пояснение", "text")})},
        {"rows", rows},
        {"status_key", "status"}}});
  if (!pct_bars.empty())
    blocks.push_back({{"type", "bar_chart"},
                      {"title", "Показатели (в процентах) и целевые значения"},
                      {"unit", "percent"},
                      {"bars", pct_bars}});
  if (!other_bars.empty())
    blocks.push_back({{"type", "bar_chart"},
                      {"title", "Показатели (количество) и целевые значения"},
                      {"unit", "count"},
                      {"bars", other_bars}});
  for (const auto& f : failures)
    blocks.push_back({{"type", "text"}, {"text", "Показатель не рассчитан: " + f.get<std::string>()}});
  return section("indicators", "Показатели", blocks);
}

json schools_section(const ReportData& r) {
  const auto& ident = r.in.identification;
  if (!ident.run.id)
    return section("schools", "Отобранные школы",
                   json::array({{{"type", "text"},
                                 {"text", "Отбор школ не выполнен (opora identify --save)."}}}));
  json rows = json::array();
  for (auto i : identified_schools(r)) {
    auto info = r.data.school(i);
    auto id = r.data.store_id(i);
    std::string cats, text;
    auto it = ident.run.categories.find(id);
    if (it != ident.run.categories.end())
      for (const auto& c : it->second) cats += (cats.empty() ? "" : "; ") + category_title(r.eff, c);
    // Explanations of the school's flagged verdicts, as the engine read them with the run.
    auto why = ident.run.flagged.find(id);
    if (why != ident.run.flagged.end())
      for (const auto& v : why->second)
        text += (text.empty() ? "" : "\n") + category_title(r.eff, v.category) + ": " +
                readable_text(r.eff, v.explanation);
    rows.push_back({{"login", info.login},
                    {"name", info.name},
                    {"categories", cats},
                    {"explanation", text}});
  }
  return section(
      "schools", "Отобранные школы",
      json::array({{{"type", "table"},
                    {"title", "Отбор за " + std::to_string(ident.used_year) + " год"},
                    {"columns", json::array({column("login", "Логин", "text"),
                                             column("name", "Школа", "text"),
                                             column("categories", "Категории", "text"),
                                             column("explanation", "Основание", "text")})},
                    {"rows", rows}}}));
}

json dynamics_section(const ReportData& r) {
  auto identified = identified_schools(r);
  auto all = r.data.schools_in(r.in.territory);
  // Only years whose results were known on the report date: nothing from after it.
  auto as_of = Date::from_iso(r.in.month.last);
  std::set<int> years;
  for (auto i : all)
    for (const auto& row : r.data.results(i))
      if (!as_of || results_known_from(row.year) <= *as_of) years.insert(row.year);
  auto aggregate = [&](const std::vector<SchoolIndex>& schools, int year) {
    Aggregate a;
    ResultFilter f;
    f.year = year;
    for (auto i : schools) {
      auto s = r.data.aggregate(i, f);
      a.participants += s.participants;
      for (int k = 0; k < 4; ++k) a.marks[k] += s.marks[k];
      a.rows += s.rows;
    }
    return a;
  };
  json x = json::array(), share_id = json::array(), share_all = json::array(),
       mean_id = json::array(), mean_all = json::array();
  for (int y : years) {
    x.push_back(std::to_string(y));
    auto a = aggregate(identified, y), b = aggregate(all, y);
    auto share = [](const Aggregate& g) {
      return g.participants ? json(std::round(g.share2() * 1000.0) / 10.0) : json(nullptr);
    };
    auto mean = [](const Aggregate& g) {
      return g.rows ? json(std::round(g.mean_mark() * 100.0) / 100.0) : json(nullptr);
    };
    share_id.push_back(share(a));
    share_all.push_back(share(b));
    mean_id.push_back(mean(a));
    mean_all.push_back(mean(b));
  }
  std::string label = identified.empty() ? "Отобранные школы (нет)" : "Отобранные школы";
  json blocks = json::array(
      {{{"type", "line_chart"},
        {"title", "Доля отметок «2», %"},
        {"unit", "percent"},
        {"x", x},
        {"series", json::array({{{"label", label}, {"values", share_id}},
                                {{"label", "Все школы территории"}, {"values", share_all}}})}},
       {{"type", "line_chart"},
        {"title", "Средняя отметка"},
        {"unit", "number"},
        {"x", x},
        {"series", json::array({{{"label", label}, {"values", mean_id}},
                                {{"label", "Все школы территории"}, {"values", mean_all}}})}}});
  return section("dynamics", "Динамика результатов", blocks);
}

json risk_profiles_section(const ReportData& r) {
  auto identified = identified_schools(r);
  // The identification year's profiles, else the latest year before the plan with any.
  int year = 0;
  for (int y : {r.in.identification.used_year, r.in.year, r.in.year - 1, r.in.year - 2}) {
    if (!y) continue;
    for (auto i : identified)
      for (const auto& f : r.eff.risk_factors)
        if (r.data.risk_level(i, y, f.item->code)) year = y;
    if (year) break;
  }
  json bars = json::array(), rows = json::array();
  for (const auto& f : r.eff.risk_factors) {
    int high = 0, medium = 0, low = 0;
    for (auto i : identified) {
      int level = year ? r.data.risk_level(i, year, f.item->code) : 0;
      high += level == 3;
      medium += level == 2;
      low += level == 1;
    }
    bars.push_back({{"label", f.item->title}, {"value", high}});
    rows.push_back({{"factor", f.item->title}, {"high", high}, {"medium", medium}, {"low", low}});
  }
  json blocks = json::array();
  if (!year) {
    blocks.push_back({{"type", "text"},
                      {"text", "Рисковые профили отобранных школ не загружены."}});
  } else {
    blocks.push_back({{"type", "bar_chart"},
                      {"title", "Сколько отобранных школ имеют высокий уровень фактора риска (" +
                                    std::to_string(year) + ")"},
                      {"unit", "count"},
                      {"bars", bars}});
    blocks.push_back({{"type", "table"},
                      {"columns", json::array({column("factor", "Фактор риска", "text"),
                                               column("high", "Высокий", "count"),
                                               column("medium", "Средний", "count"),
                                               column("low", "Низкий", "count")})},
                      {"rows", rows}});
  }
  return section("risk_profiles", "Рисковые профили", blocks);
}

}  // namespace opora::host
