#include "engine/views_json.hpp"

#include <map>
#include <set>

#include "roadmap/activity_number.hpp"

namespace opora::host {

namespace {

nlohmann::json opt(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json counts_json(const StatusCounts& c) {
  return nlohmann::json{{"due", c.due},
                        {"done", c.done},
                        {"overdue", c.overdue},
                        {"upcoming", c.upcoming},
                        {"done_in_month", c.done_in_month},
                        {"due_cumulative", c.due_cumulative},
                        {"done_cumulative", c.done_cumulative}};
}

template <class T, class Describe>
void list_items(nlohmann::json& out, const char* kind, const std::vector<Entry<T>>& items,
                Describe describe) {
  for (const auto& e : items) {
    nlohmann::json j = describe(*e.item);
    j["kind"] = kind;
    j["origin"] = e.origin.where;
    j["origin_kind"] = e.origin.kind;
    j["territory"] = e.territory;
    out.push_back(std::move(j));
  }
}

}  // namespace

nlohmann::json month_status_json(std::string_view territory, const MonthStatus& st) {
  nlohmann::json j = {{"territory", territory}, {"month", st.month.month},
                      {"total", counts_json(st.total)}};
  for (const auto& [k, c] : st.by_section) j["by_section"][k.empty() ? "-" : k] = counts_json(c);
  for (const auto& [k, c] : st.by_responsible)
    j["by_responsible"][k.empty() ? "-" : k] = counts_json(c);
  j["rows"] = nlohmann::json::array();
  for (const auto& r : st.rows)
    j["rows"].push_back({{"activity_id", r.activity->id}, {"occurrence", r.occurrence->id},
                         {"number", r.activity->number}, {"position", r.activity->position},
                         {"title", r.activity->title}, {"school", r.occurrence->login},
                         {"due", r.occurrence->due_end}, {"status", r.mark},
                         {"date", r.verdict.date}, {"events", r.verdict.events}});
  return j;
}

nlohmann::json indicators_json(std::string_view territory, const MonthInputs& in,
                               const std::vector<IndicatorResult>& results) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : results)
    list.push_back({{"id", r.id}, {"title", r.title}, {"unit", r.unit},
                    {"numerator", r.numerator}, {"denominator", r.denominator},
                    {"value", opt(r.value)}, {"previous", opt(r.previous)},
                    {"target", r.target_text},
                    {"met", r.met ? nlohmann::json(*r.met) : nlohmann::json(nullptr)},
                    {"not_due", r.not_due},
                    {"explanation", r.explanation}, {"origin", r.origin},
                    {"error", r.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.error)}});
  return nlohmann::json{
      {"territory", territory},
      {"month", in.month.month},
      {"as_of", in.month.last},
      {"plan", in.plan ? nlohmann::json(in.plan->roadmap) : nlohmann::json(nullptr)},
      {"identification_year", in.identification.used_year},
      {"indicators", list}};
}

nlohmann::json progress_history_json(const PlanState& plan, std::string_view activity) {
  auto effective = plan.effective_rows();
  std::set<std::int64_t> in_force(effective.begin(), effective.end());
  std::map<std::int64_t, const PlanOccurrence*> occ;
  for (const auto& o : plan.occurrences) occ[o.id] = &o;
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& p : plan.progress) {
    const auto* o = occ.at(p.occurrence);
    const auto& act = plan.activities[o->activity];
    if (!activity.empty() && !same_activity_number(act.number, std::string(activity))) continue;
    rows.push_back({{"id", p.id}, {"action", p.action},
                    {"supersedes", p.supersedes ? nlohmann::json(*p.supersedes) : nlohmann::json(nullptr)},
                    {"in_force", in_force.count(p.id) > 0}, {"activity", act.number},
                    {"position", act.position}, {"school", o->login}, {"due", o->due_end},
                    {"status", p.status}, {"date", p.date}, {"evidence", p.evidence},
                    {"note", p.note}, {"who", p.who}, {"recorded_at", p.recorded_at}});
  }
  nlohmann::json part = nlohmann::json::array();
  for (const auto& p : plan.participation) {
    std::string number;
    for (const auto& act : plan.activities)
      if (act.id == p.activity) number = act.number;
    if (!activity.empty() && !same_activity_number(number, std::string(activity))) continue;
    part.push_back({{"id", p.id}, {"activity", number}, {"school", p.login},
                    {"person", p.person}, {"role", p.role}, {"date", p.date},
                    {"retracted", p.retracted}, {"who", p.who}});
  }
  return nlohmann::json{{"progress", rows}, {"participation", part}};
}

nlohmann::json effective_items_json(const Effective& eff) {
  nlohmann::json items = nlohmann::json::array();
  list_items(items, "category", eff.categories,
             [](const CategoryInfo& c) { return nlohmann::json{{"id", c.code}, {"title", c.title}}; });
  list_items(items, "criterion", eff.criteria, [&](const Criterion& c) {
    return nlohmann::json{{"id", c.id()}, {"title", c.title()}, {"category", c.category()}};
  });
  list_items(items, "indicator_type", eff.indicator_types, [](const IndicatorType& t) {
    return nlohmann::json{{"id", t.id()}, {"title", t.title()}};
  });
  list_items(items, "indicator", eff.indicators, [](const IndicatorSpec& s) {
    return nlohmann::json{{"id", s.id}, {"title", s.title}, {"type", s.type}, {"target", s.target}};
  });
  list_items(items, "roadmap", eff.roadmaps, [](const RoadmapTemplate& r) {
    return nlohmann::json{{"id", r.id}, {"title", r.title}, {"activities", r.activities.size()}};
  });
  list_items(items, "report", eff.reports, [](const ReportSpec& r) {
    return nlohmann::json{{"id", r.id}, {"title", r.title}, {"sections", r.sections}};
  });
  // Built-in sections first (origin "host") unless a package replaces one, then the packages'.
  for (const auto& id : builtin_section_ids()) {
    bool replaced = false;
    for (const auto& e : eff.sections) replaced = replaced || e.item->id() == id;
    if (!replaced)
      items.push_back({{"kind", "section"}, {"id", id}, {"title", id}, {"origin", "встроенный"},
                       {"origin_kind", "host"}, {"territory", "federal"}});
  }
  list_items(items, "section", eff.sections, [](const ReportSection& s) {
    return nlohmann::json{{"id", s.id()}, {"title", s.title()}};
  });
  list_items(items, "risk_factor", eff.risk_factors,
             [](const RiskFactor& f) { return nlohmann::json{{"id", f.code}, {"title", f.title}}; });
  list_items(items, "importer", eff.importers, [](const Importer& i) {
    return nlohmann::json{{"id", i.id()}, {"title", i.title()}};
  });
  list_items(items, "renderer", eff.renderers, [](const Renderer& r) {
    return nlohmann::json{{"id", r.format()}, {"title", r.format()}};
  });
  return items;
}

}  // namespace opora::host
