#include "catalog/catalog.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "catalog/guarded.hpp"
#include "util/number.hpp"

namespace opora::host {

namespace {

// An item's territory as given by the item itself ("" = federal) or by the source.
std::string normalize(std::string_view t, const std::string& fallback) {
  if (t.empty()) return fallback;
  return std::string(t);
}

// Keeps the position of the first declaration and replaces the item when a later level
// declares the same id (override by id).
template <class T, class IdFn>
void merge_level(std::vector<Entry<T>>& out, const std::vector<Entry<T>>& all,
                 const std::string& level, IdFn id_of, std::vector<std::string>& replaced,
                 const char* kind) {
  for (const auto& e : all) {
    if (e.territory != level) continue;
    auto id = id_of(*e.item);
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const Entry<T>& o) { return id_of(*o.item) == id; });
    if (it == out.end()) {
      out.push_back(e);
    } else {
      replaced.push_back(std::string(kind) + " " + id + ": " + e.origin.where + " заменяет " +
                         it->origin.where);
      *it = e;
    }
  }
}

}  // namespace

void Effective::apply_overrides(Params& p, std::string_view id,
                                std::string_view item_territory) const {
  // Overrides from levels at or below the item's own level, in chain order.
  auto own = std::find(chain.begin(), chain.end(), item_territory);
  for (const auto& o : overrides) {
    if (o.item != id) continue;
    auto lvl = std::find(chain.begin(), chain.end(), o.territory);
    if (own != chain.end() && lvl < own) continue;
    for (const auto& [k, v] : o.params.all()) p.set(k, v);
  }
}

Params Effective::params_for(const Entry<Criterion>& c) const {
  Params p = c.item->defaults();
  apply_overrides(p, c.item->id(), c.territory);
  return p;
}

Params Effective::args_for(const Entry<IndicatorSpec>& i) const {
  Params p;
  const auto& spec = *i.item;
  for (const auto& t : indicator_types)
    if (t.item->id() == spec.type) apply_overrides(p, spec.type, t.territory);
  for (const auto& [k, v] : spec.args.all()) p.set(k, v);
  apply_overrides(p, spec.id, i.territory);
  return p;
}

const IndicatorType* Effective::indicator_type(std::string_view id) const {
  for (const auto& t : indicator_types)
    if (t.item->id() == id) return t.item.get();
  return nullptr;
}

const Entry<CategoryInfo>* Effective::category(std::string_view code) const {
  for (const auto& c : categories)
    if (c.item->code == code) return &c;
  return nullptr;
}

namespace {

std::string param_type(const ParamValue& v) {
  if (std::holds_alternative<double>(v)) return "число";
  if (std::holds_alternative<bool>(v)) return "логическое значение";
  return "строка";
}

std::string param_text(const ParamValue& v) {
  if (auto d = std::get_if<double>(&v)) return number_text(*d);
  if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return "«" + std::get<std::string>(v) + "»";
}

}  // namespace

std::string configure_problem(const std::string& kind, const std::string& id,
                              const Params& defaults, const std::string& name,
                              const ParamValue& value) {
  static const std::map<std::string, const char*> titles = {
      {"criterion", "критерия"}, {"indicator_type", "типа показателя"}, {"indicator", "показателя"}};
  std::string of = std::string(titles.at(kind)) + " " + id;
  auto it = defaults.all().find(name);
  if (it == defaults.all().end()) {
    std::string known;
    for (const auto& [k, v] : defaults.all()) known += (known.empty() ? "" : ", ") + k;
    return "у " + of + " нет параметра «" + name + "»" +
           (known.empty() ? std::string(" (параметров нет)") : " (есть: " + known + ")");
  }
  if (it->second.index() == value.index()) return {};
  return "параметр «" + name + "» " + of + " — " + param_type(it->second) + " (по умолчанию " +
         param_text(it->second) + "), а задано: " + param_type(value) + " " + param_text(value);
}

std::string override_problem(const Effective& eff, const Entry<Criterion>& c) {
  const auto id = c.item->id();
  Params defaults = c.item->defaults();
  auto own = std::find(eff.chain.begin(), eff.chain.end(), c.territory);
  for (const auto& o : eff.overrides) {
    if (o.item != id) continue;
    auto lvl = std::find(eff.chain.begin(), eff.chain.end(), o.territory);
    if (own != eff.chain.end() && lvl < own) continue;
    for (const auto& [k, v] : o.params.all())
      if (auto p = configure_problem("criterion", id, defaults, k, v); !p.empty())
        return o.origin.where + ": configure: " + p;
  }
  return {};
}

void Catalog::set_source(Origin origin, std::string territory, std::shared_ptr<void> keepalive,
                         std::string plugin) {
  origin_ = std::move(origin);
  territory_ = territory.empty() ? "federal" : std::move(territory);
  keepalive_ = std::move(keepalive);
  plugin_ = std::move(plugin);
}

void Catalog::adopt(Catalog&& other) {
  auto move_all = [](auto& to, auto& from) {
    for (auto& e : from) to.push_back(std::move(e));
    from.clear();
  };
  move_all(categories_, other.categories_);
  move_all(criteria_, other.criteria_);
  move_all(indicator_types_, other.indicator_types_);
  move_all(indicators_, other.indicators_);
  move_all(roadmaps_, other.roadmaps_);
  move_all(reports_, other.reports_);
  move_all(importers_, other.importers_);
  move_all(renderers_, other.renderers_);
  move_all(sections_, other.sections_);
  move_all(risk_factors_, other.risk_factors_);
  move_all(overrides_, other.overrides_);
}

template <class T>
Entry<T> Catalog::wrap(std::unique_ptr<T> item, std::string territory) {
  // The deleter holds the source alive: a plugin's library is unloaded only after the last
  // object it created is destroyed.
  auto keep = keepalive_;
  std::shared_ptr<T> ptr(item.release(), [keep](T* p) mutable {
    delete p;
    keep.reset();
  });
  return Entry<T>{std::move(ptr), origin_, std::move(territory)};
}

template <class T>
std::unique_ptr<T> Catalog::guarded(std::unique_ptr<T> item) const {
  // Plugin code is only ever called through its guard, even here in the catalog.
  if (plugin_.empty()) return item;
  return guard(std::move(item), plugin_, keepalive_);
}

template <class T>
Entry<T> Catalog::wrap(std::unique_ptr<T> item) {
  item = guarded(std::move(item));
  auto territory = normalize(item->territory(), territory_);
  return wrap(std::move(item), std::move(territory));
}

template <class T>
Entry<T> Catalog::wrap_value(T value) {
  std::string t = normalize(value.territory, territory_);
  value.territory = t;
  return Entry<T>{std::make_shared<T>(std::move(value)), origin_, std::move(t)};
}

void Catalog::add_category(CategoryInfo c) { categories_.push_back(wrap_value(std::move(c))); }
void Catalog::add_criterion(std::unique_ptr<Criterion> c) {
  criteria_.push_back(wrap(std::move(c)));
}
void Catalog::add_indicator_type(std::unique_ptr<IndicatorType> t) {
  indicator_types_.push_back(wrap(std::move(t)));
}
void Catalog::add_indicator(IndicatorSpec spec) {
  indicators_.push_back(wrap_value(std::move(spec)));
}
void Catalog::add_roadmap(RoadmapTemplate t) { roadmaps_.push_back(wrap_value(std::move(t))); }
void Catalog::add_report(ReportSpec r) { reports_.push_back(wrap_value(std::move(r))); }
// Importers and renderers have no territory of their own: they belong to their source's level.
void Catalog::add_importer(std::unique_ptr<Importer> i) {
  importers_.push_back(wrap(guarded(std::move(i)), territory_));
}
void Catalog::add_renderer(std::unique_ptr<Renderer> r) {
  renderers_.push_back(wrap(guarded(std::move(r)), territory_));
}
void Catalog::add_section(std::unique_ptr<ReportSection> s) {
  sections_.push_back(wrap(std::move(s)));
}
void Catalog::add_override(std::string item, Params params) {
  overrides_.push_back(ParamOverride{std::move(item), std::move(params), origin_, territory_});
}

void Catalog::add_risk_factor(RiskFactor f) { risk_factors_.push_back(wrap_value(std::move(f))); }
void Catalog::add_procedure(ProcedureDecl p) { procedures_.push_back(wrap_value(std::move(p))); }

const std::vector<std::string>& monthly_section_ids() {
  static const std::vector<std::string> ids = {"header",     "summary", "roadmap",
                                               "matrix",     "indicators", "schools",
                                               "dynamics",   "risk_profiles"};
  return ids;
}

std::string default_report_id(std::string_view level,
                              const std::vector<Entry<ReportSpec>>& reports) {
  // By the territory's level: a region reports on its municipalities, a municipality on its plan.
  static const std::map<std::string, std::vector<std::string>, std::less<>> wanted = {
      {"region", {"regional", "monthly"}}, {"municipality", {"monthly"}}, {"federal", {"monthly"}}};
  auto it = wanted.find(level);
  if (it != wanted.end())
    for (const auto& id : it->second)
      for (const auto& r : reports)
        if (r.item->id == id) return id;
  return {};
}

const std::vector<std::string>& builtin_section_ids() {
  static const std::vector<std::string> ids = [] {
    auto all = monthly_section_ids();
    // The region's summary of its municipalities (report{ id = "regional" } of a region).
    for (const char* id : {"region_scorecard", "region_identified", "region_overdue"})
      all.push_back(id);
    return all;
  }();
  return ids;
}

std::vector<std::string> Catalog::chain_of(std::string_view territory) {
  std::vector<std::string> chain{"federal"};
  if (territory.empty() || territory == "federal") return chain;
  std::size_t pos = 0;
  while (true) {
    auto slash = territory.find('/', pos);
    chain.emplace_back(territory.substr(0, slash));
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  return chain;
}

Effective Catalog::effective(std::string_view territory) const {
  Effective e;
  e.chain = chain_of(territory);
  for (const auto& level : e.chain) {
    merge_level(e.categories, categories_, level, [](const CategoryInfo& c) { return c.code; },
                e.replaced, "category");
    merge_level(e.criteria, criteria_, level, [](const Criterion& c) { return c.id(); },
                e.replaced, "criterion");
    merge_level(e.indicator_types, indicator_types_, level,
                [](const IndicatorType& t) { return t.id(); }, e.replaced, "indicator_type");
    merge_level(e.indicators, indicators_, level, [](const IndicatorSpec& s) { return s.id; },
                e.replaced, "indicator");
    merge_level(e.roadmaps, roadmaps_, level, [](const RoadmapTemplate& r) { return r.id; },
                e.replaced, "roadmap");
    merge_level(e.reports, reports_, level, [](const ReportSpec& r) { return r.id; }, e.replaced,
                "report");
    merge_level(e.importers, importers_, level, [](const Importer& i) { return i.id(); },
                e.replaced, "importer");
    merge_level(e.renderers, renderers_, level, [](const Renderer& r) { return r.format(); },
                e.replaced, "renderer");
    merge_level(e.sections, sections_, level, [](const ReportSection& s) { return s.id(); },
                e.replaced, "section");
    merge_level(e.risk_factors, risk_factors_, level, [](const RiskFactor& f) { return f.code; },
                e.replaced, "risk_factor");
    for (const auto& o : overrides_)
      if (o.territory == level) e.overrides.push_back(o);
  }
  return e;
}

std::vector<std::string> Catalog::territories() const {
  auto s = levels();
  return {s.begin(), s.end()};
}

std::set<std::string, std::less<>> Catalog::levels() const {
  std::set<std::string, std::less<>> s;
  auto take = [&](const auto& v) {
    for (const auto& e : v) s.insert(e.territory);
  };
  take(categories_);
  take(criteria_);
  take(indicator_types_);
  take(indicators_);
  take(roadmaps_);
  take(reports_);
  take(importers_);
  take(renderers_);
  take(sections_);
  take(risk_factors_);
  take(procedures_);
  take(overrides_);
  return s;
}

}  // namespace opora::host
