// The region's summary of its municipalities for a month (issue 13 §3): a scorecard of every
// municipality's indicators against their targets, the identified schools by category, the
// overdue activities. Each municipality's month is month_figures() over the same snapshot its
// own report reads, so every figure here is the one its municipal report shows.
#include <map>
#include <set>

#include "engine/month_inputs.hpp"
#include "engine/runs.hpp"
#include "report/document_parts.hpp"

namespace opora::host {

struct MunicipalityMonth {
  std::string id, name;
  Effective eff;
  std::unique_ptr<Snapshot> data;
  MonthFigures figures;
};

struct RegionMonth {
  std::vector<MunicipalityMonth> list;  // by name
};

namespace {

// What `opora report -t <municipality>` reads: the municipality's own schools for its plan year
// and the years before it (cli/cmd_report.cpp loads the same request).
std::unique_ptr<Snapshot> municipal_snapshot(Db& db, const Effective& eff,
                                             const std::string& territory,
                                             std::string_view month) {
  int year = year_for_month(db, eff, territory, month);
  SnapshotRequest req{{territory}, year - lookback_years, year + 1, false};
  return Snapshot::load(db.handle(), req);
}

const RegionMonth& region_month(const ReportData& r) {
  if (r.region) return *r.region;
  auto out = std::make_shared<RegionMonth>();
  auto q = r.db.prepare(
      "SELECT id, name FROM territories WHERE level = 'municipality' AND substr(id, 1, "
      "length(?1) + 1) = ?1 || '/' ORDER BY name, id");
  q.bind_all(std::string(r.in.territory));
  std::vector<std::pair<std::string, std::string>> ids;
  while (q.step()) ids.emplace_back(q.column_text(0), q.column_text(1));
  for (auto& [id, name] : ids) {
    MunicipalityMonth m{id, name, r.catalog->effective(id), nullptr, {}};
    m.data = municipal_snapshot(r.db, m.eff, id, r.in.month.month);
    m.figures = month_figures(r.db, m.eff, *m.data, id, r.in.month.month);
    out->list.push_back(std::move(m));
  }
  r.region = out;
  return *r.region;
}

json no_municipalities(const char* id, const char* title) {
  return section(id, title,
                 json::array({{{"type", "text"},
                               {"text", "У территории нет муниципалитетов в базе."}}}));
}

}  // namespace

json region_scorecard_section(const ReportData& r) {
  const char* id = "region_scorecard";
  const char* title = "Муниципалитеты: показатели и выполнение дорожных карт";
  const auto& region = region_month(r);
  if (region.list.empty()) return no_municipalities(id, title);
  json rows = json::array(), detail = json::array(), bars = json::array();
  for (const auto& m : region.list) {
    const auto& f = m.figures;
    int met = 0, not_met = 0, not_due = 0, unknown = 0;
    for (const auto& i : f.indicators) {
      auto s = indicator_status(i);
      (s == "met" ? met : s == "not_met" ? not_met : s == "not_due" ? not_due : unknown)++;
      detail.push_back({{"territory", m.name},
                        {"title", i.title},
                        {"value", number_or_null(i.value)},
                        {"target", i.target_text},
                        {"status", s.empty() ? json(nullptr) : json(s)},
                        {"units", {{"value", i.unit}}}});
    }
    json row = {{"territory", m.name},
                {"plan", f.in->plan ? json(f.in->plan->title) : json("нет плана на месяц")},
                {"indicators", f.indicators.size()},
                {"met", met},
                {"not_met", not_met},
                {"not_due", not_due},
                {"overdue", nullptr},
                {"done_share", nullptr}};
    if (f.status) {
      const auto& t = f.status->total;
      row["overdue"] = t.overdue;
      row["done_share"] = t.due_cumulative ? json(100.0 * t.done_cumulative / t.due_cumulative)
                                           : json(nullptr);
      bars.push_back({{"label", m.name}, {"value", row["done_share"]}});
    }
    // The row's colour: behind when an indicator is not met or an activity is overdue.
    bool behind = not_met > 0 || (f.status && f.status->total.overdue > 0);
    row["status"] = f.indicators.empty() && !f.status ? json(nullptr)
                                                      : json(behind ? "not_met" : "met");
    rows.push_back(std::move(row));
  }
  json blocks = json::array(
      {{{"type", "table"},
        {"title", "Сводка по муниципалитетам"},
        {"columns", json::array({column("territory", "Муниципалитет", "text"),
                                 column("plan", "Дорожная карта", "text"),
                                 column("indicators", "Показателей", "count"),
                                 column("met", "Достигнуто", "count"),
                                 column("not_met", "Не достигнуто", "count"),
                                 column("not_due", "Срок не наступил", "count"),
                                 column("overdue", "Просрочено мероприятий", "count"),
                                 column("done_share", "Выполнено с начала года", "percent"),
                                 column("status", "Итог", "status")})},
        {"rows", std::move(rows)},
        {"status_key", "status"}}});
  if (!bars.empty())
    blocks.push_back({{"type", "bar_chart"},
                      {"title", "Доля выполненных мероприятий с начала года"},
                      {"unit", "percent"},
                      {"bars", std::move(bars)}});
  if (!detail.empty())
    blocks.push_back({{"type", "table"},
                      {"title", "Показатели муниципалитетов и целевые значения"},
                      {"columns", json::array({column("territory", "Муниципалитет", "text"),
                                               column("title", "Показатель", "text"),
                                               column("value", "Значение", "number"),
                                               column("target", "Целевое значение", "text"),
                                               column("status", "Достигнуто", "status")})},
                      {"rows", std::move(detail)},
                      {"status_key", "status"}});
  return section(id, title, std::move(blocks));
}

json region_identified_section(const ReportData& r) {
  const char* id = "region_identified";
  const char* title = "Отобранные школы по муниципалитетам";
  const auto& region = region_month(r);
  if (region.list.empty()) return no_municipalities(id, title);
  // The region's categories in its order, then any a municipality adds.
  std::vector<std::string> codes;
  for (const auto& c : r.eff.categories) codes.push_back(c.item->code);
  for (const auto& m : region.list)
    for (const auto& [code, list] : m.figures.in->indicators.identified)
      if (!list.empty() && std::find(codes.begin(), codes.end(), code) == codes.end())
        codes.push_back(code);
  std::map<std::string, std::size_t> totals;
  std::vector<std::string> used;
  for (const auto& code : codes)
    for (const auto& m : region.list) {
      auto it = m.figures.in->indicators.identified.find(code);
      if (it != m.figures.in->indicators.identified.end() && !it->second.empty()) {
        used.push_back(code);
        break;
      }
    }
  json columns = json::array({column("territory", "Муниципалитет", "text"),
                              column("schools", "Школ", "count"),
                              column("run", "Отбор (запуск)", "text")});
  for (const auto& code : used) columns.push_back(column(code, category_title(r.eff, code), "count"));
  json rows = json::array();
  std::size_t schools = 0;
  for (const auto& m : region.list) {
    const auto& ident = m.figures.in->identification;
    json row = {{"territory", m.name},
                {"schools", m.data->school_count()},
                {"run", ident.run.id ? json("№" + std::to_string(ident.run.id) + ", " +
                                            std::to_string(ident.used_year) + " год")
                                     : json("не выполнен")}};
    schools += m.data->school_count();
    for (const auto& code : used) {
      auto it = m.figures.in->indicators.identified.find(code);
      std::size_t n = it == m.figures.in->indicators.identified.end() ? 0 : it->second.size();
      row[code] = n;
      totals[code] += n;
    }
    rows.push_back(std::move(row));
  }
  json total = {{"territory", "Итого"}, {"schools", schools}, {"run", ""}};
  for (const auto& code : used) total[code] = totals[code];
  rows.push_back(std::move(total));
  json bars = json::array();
  for (const auto& code : used)
    bars.push_back({{"label", category_title(r.eff, code)}, {"value", totals[code]}});
  json blocks = json::array({{{"type", "table"}, {"columns", std::move(columns)}, {"rows", std::move(rows)}}});
  if (!bars.empty())
    blocks.push_back({{"type", "bar_chart"},
                      {"title", "Отобрано школ по категориям в области"},
                      {"unit", "count"},
                      {"bars", std::move(bars)}});
  return section(id, title, std::move(blocks));
}

json region_overdue_section(const ReportData& r) {
  const char* id = "region_overdue";
  const char* title = "Просроченные мероприятия по муниципалитетам";
  const auto& region = region_month(r);
  if (region.list.empty()) return no_municipalities(id, title);
  json bars = json::array(), rows = json::array();
  for (const auto& m : region.list) {
    if (!m.figures.status) continue;
    bars.push_back({{"label", m.name}, {"value", m.figures.status->total.overdue}});
    for (const auto& row : m.figures.status->rows) {
      if (row.mark != "overdue") continue;
      std::string school = row.occurrence->school_name;
      rows.push_back({{"territory", m.name},
                      {"number", row.activity->number},
                      {"title", row.activity->title},
                      {"school", school},
                      {"responsible", row.activity->responsible},
                      {"due", row.occurrence->due_end},
                      {"status", row.mark}});
    }
  }
  json blocks = json::array();
  if (bars.empty()) {
    blocks.push_back({{"type", "text"}, {"text", "Ни у одного муниципалитета нет плана на месяц."}});
    return section(id, title, std::move(blocks));
  }
  blocks.push_back({{"type", "bar_chart"},
                    {"title", "Просрочено мероприятий на конец месяца"},
                    {"unit", "count"},
                    {"bars", std::move(bars)}});
  if (rows.empty())
    blocks.push_back({{"type", "text"}, {"text", "Просроченных мероприятий нет."}});
  else
    blocks.push_back({{"type", "table"},
                      {"columns", json::array({column("territory", "Муниципалитет", "text"),
                                               column("number", "№", "text"),
                                               column("title", "Мероприятие", "text"),
                                               column("school", "Школа", "text"),
                                               column("responsible", "Ответственный", "text"),
                                               column("due", "Срок", "date"),
                                               column("status", "Статус", "status")})},
                      {"rows", std::move(rows)},
                      {"status_key", "status"}});
  return section(id, title, std::move(blocks));
}

}  // namespace opora::host
