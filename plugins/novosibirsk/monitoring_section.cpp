// Report section nso_monitoring: the regional monitoring (РМКП) of the reported year by school —
// each school's works, how many students stayed below the basic level, and whether the
// school is in the preventive group of the saved identification. Баган's monthly report lists
// it; any Novosibirsk municipality may.
#include <algorithm>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "format.hpp"
#include "monitoring.hpp"

namespace nso {
namespace {

using json = nlohmann::json;

class MonitoringSection final : public opora::ReportSection {
 public:
  std::string id() const override { return "nso_monitoring"; }
  std::string title() const override {
    return "Региональный мониторинг качества подготовки обучающихся (РМКП)";
  }
  std::string territory() const override { return nso::territory; }

  std::string build(const opora::SectionContext& ctx) const override {
    const auto& data = ctx.data();
    // The data may hold more than the reported territory (`report --all` reads one snapshot for
    // every region with a plan): only the territory's own schools are the section's.
    std::string_view here = ctx.territory();
    auto ours = [&](opora::SchoolIndex s) {
      auto t = data.school(s).territory;
      return t == here || (t.size() > here.size() && t.substr(0, here.size()) == here &&
                           t[here.size()] == '/');
    };
    int proc = data.procedure_id(procedure);
    // The latest monitoring year up to the report's year: the monitoring runs once a year.
    int year = 0;
    if (proc >= 0)
      for (opora::SchoolIndex s = 0; s < data.school_count(); ++s)
        for (const auto& row : ours(s) ? data.results(s) : std::span<const opora::ResultRow>{})
          if (row.procedure == proc && row.year <= ctx.year()) year = std::max(year, int(row.year));
    if (!year)
      return json::array({{{"type", "paragraph"},
                           {"text", "Результатов регионального мониторинга нет "
                                    "(opora import nso_monitoring ФАЙЛ)."}}})
          .dump();
    std::set<std::string> group;
    for (auto s : ctx.identified(prevention_group)) group.insert(std::string(data.school(s).login));
    json rows = json::array(), bars = json::array();
    int schools = 0, in_group = 0, total = 0, below = 0;
    for (opora::SchoolIndex s = 0; s < data.school_count(); ++s) {
      if (!ours(s)) continue;
      int works = 0, participants = 0, low = 0;
      for (const auto& row : data.results(s)) {
        if (row.procedure != proc || row.year != year) continue;
        ++works;
        participants += row.participants;
        low += row.marks[0];  // «ниже базового» is stored as mark 2
      }
      if (!works) continue;
      auto info = data.school(s);
      bool member = group.count(std::string(info.login)) > 0;
      ++schools;
      in_group += member;
      total += participants;
      below += low;
      double share = participants ? 100.0 * low / participants : 0.0;
      rows.push_back({{"login", info.login},
                      {"name", info.name},
                      {"works", works},
                      {"participants", participants},
                      {"below", low},
                      {"share", participants ? json(share) : json(nullptr)},
                      {"group", member ? "да" : "нет"}});
      if (participants) bars.push_back({{"label", info.name}, {"value", share}});
    }
    return json::array(
               {{{"type", "key_value"},
                 {"title", "Мониторинг " + std::to_string(year) + " года"},
                 {"items",
                  json::array({{{"label", "Школ с работами мониторинга"}, {"value", schools}},
                               {{"label", "Участников"}, {"value", total}},
                               {{"label", "Ниже базового уровня"},
                                {"value", total ? opora::plugin_util::percent(double(below) / total)
                                                : std::string("нет данных")}},
                               {{"label", "В группе профилактики"}, {"value", in_group}}})}},
                {{"type", "table"},
                 {"title", "Результаты по школам"},
                 {"columns", json::array({{{"key", "login"}, {"title", "Логин"}, {"type", "text"}},
                                          {{"key", "name"}, {"title", "Школа"}, {"type", "text"}},
                                          {{"key", "works"}, {"title", "Работ"}, {"type", "number"}},
                                          {{"key", "participants"}, {"title", "Участников"}, {"type", "number"}},
                                          {{"key", "below"}, {"title", "Ниже базового"}, {"type", "number"}},
                                          {{"key", "share"}, {"title", "Доля ниже базового"}, {"type", "percent"}},
                                          {{"key", "group"}, {"title", "Группа профилактики"}, {"type", "text"}}})},
                 {"rows", std::move(rows)}},
                {{"type", "bar_chart"},
                 {"title", "Доля обучающихся ниже базового уровня"},
                 {"unit", "percent"},
                 {"bars", std::move(bars)}}})
        .dump();
  }
};

}  // namespace

std::unique_ptr<opora::ReportSection> make_monitoring_section() {
  return std::make_unique<MonitoringSection>();
}

}  // namespace nso
