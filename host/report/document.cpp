#include "report/document.hpp"

#include <map>
#include <set>

#include "engine/run_records.hpp"
#include "report/document_parts.hpp"
#include "util/clock.hpp"

namespace opora::host {

json section(std::string id, std::string title, json blocks) {
  return {{"id", std::move(id)}, {"title", std::move(title)}, {"blocks", std::move(blocks)}};
}

json column(std::string key, std::string title, std::string type) {
  return {{"key", std::move(key)}, {"title", std::move(title)}, {"type", std::move(type)}};
}

std::string category_title(const Effective& eff, const std::string& code) {
  const auto* c = eff.category(code);
  return c ? c->item->title : code;
}

namespace {

bool code_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

std::string readable_text(const Effective& eff, const std::string& text) {
  std::string out;
  bool last_was_code = false;  // «low_results social_risk» reads as a list: titles with commas
  std::size_t i = 0;
  while (i < text.size()) {
    if (!code_char(text[i])) {
      std::size_t j = i;
      while (j < text.size() && !code_char(text[j])) ++j;
      std::string gap = text.substr(i, j - i);
      // Whitespace between two codes becomes a comma once the next one is known to be a code.
      std::size_t k = j;
      while (k < text.size() && code_char(text[k])) ++k;
      bool next_is_code = j < text.size() && eff.category(text.substr(j, k - j));
      out += last_was_code && next_is_code && gap.find_first_not_of(' ') == std::string::npos
                 ? ", "
                 : gap;
      i = j;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && code_char(text[j])) ++j;
    std::string word = text.substr(i, j - i);
    const auto* c = eff.category(word);
    out += c ? c->item->title : word;
    last_was_code = c != nullptr;
    i = j;
  }
  return out;
}

std::vector<SchoolIndex> identified_schools(const ReportData& r) {
  std::set<std::pair<std::string_view, SchoolIndex>> seen;
  for (const auto& [code, list] : r.in.indicators.identified)
    for (auto i : list) seen.insert({r.data.school(i).login, i});
  std::vector<SchoolIndex> out;
  for (const auto& [login, i] : seen) out.push_back(i);
  return out;
}

namespace {

std::string name_of(Db& db, std::string_view id) {
  auto q = db.prepare("SELECT name FROM territories WHERE id = ?");
  q.bind(1, id);
  return q.step() ? std::string(q.column_text(0)) : std::string(id);
}

// The territory's level as the store knows it; a package territory not yet in the store is a
// region when its id has no '/'.
std::string level_of(Db& db, std::string_view id) {
  auto q = db.prepare("SELECT level FROM territories WHERE id = ?");
  q.bind(1, id);
  if (q.step()) return std::string(q.column_text(0));
  return id == "federal" ? "federal" : id.find('/') == std::string_view::npos ? "region"
                                                                               : "municipality";
}

}  // namespace

const std::map<std::string, SectionBuilder, std::less<>>& builtin_sections() {
  static const std::map<std::string, SectionBuilder, std::less<>> all = {
      {"header", header_section},         {"summary", summary_section},
      {"roadmap", roadmap_section},       {"matrix", matrix_section},
      {"indicators", indicators_section}, {"schools", schools_section},
      {"dynamics", dynamics_section},     {"risk_profiles", risk_profiles_section},
      {"region_scorecard", region_scorecard_section},
      {"region_identified", region_identified_section},
      {"region_overdue", region_overdue_section}};
  return all;
}

namespace {

// One section by id, the way every report builds it: a package section of the same id overrides
// the built-in one, like any item by id.
json build_section(const ReportData& r, const std::string& s) {
  const Entry<ReportSection>* own = nullptr;
  for (const auto& e : r.eff.sections)
    if (e.item->id() == s) own = &e;
  if (own) return package_section(r, *own);
  auto builtin = builtin_sections().find(s);
  if (builtin != builtin_sections().end()) return builtin->second(r);
  return section(s, "Раздел «" + s + "»",
                 json::array({{{"type", "text"},
                               {"text", "Раздел «" + s +
                                            "» не поддерживается этой версией программы."}}}));
}

}  // namespace

MonthFigures month_figures(Db& db, const Effective& eff, const Snapshot& data,
                           std::string_view territory, std::string_view month) {
  MonthFigures f;
  f.in = load_month(db, eff, data, territory, month);
  if (f.in->plan) f.status = month_status(*f.in->plan, f.in->month.month, &f.in->indicators.reach);
  f.indicators =
      compute_indicators(eff, f.in->indicators, f.in->month.last, f.in->month.previous_last);
  return f;
}

nlohmann::json build_monthly_report(Db& db, const Catalog& catalog, const Snapshot& data,
                                    std::string_view territory, std::string_view month,
                                    const ReportOptions& options) {
  auto eff = catalog.effective(territory);
  auto figures = month_figures(db, eff, data, territory, month);
  const auto& in = figures.in;
  ReportData r{db, eff, data, *in, name_of(db, territory), std::move(figures.status),
               std::move(figures.indicators), &catalog, nullptr};

  const ReportSpec* spec = nullptr;
  const auto level = level_of(db, territory);
  auto report_id = options.report_id.empty()
                       ? default_report_id(level, eff.reports)
                       : options.report_id;
  for (const auto& e : eff.reports)
    if (report_id.empty() ? !spec : e.item->id == report_id) spec = e.item.get();

  json doc;
  doc["schema"] = "opora.report/1";
  doc["title"] = spec ? spec->title : "Ежемесячный отчёт о реализации дорожной карты";
  doc["territory"] = {{"id", std::string(territory)}, {"name", r.territory_name}};
  doc["month"] = in->month.month;
  doc["as_of"] = in->month.last;
  doc["generated_at"] = options.generated_at.empty() ? local_now_iso() : options.generated_at;
  doc["data_date"] = in->month.last;
  doc["synthetic"] = options.synthetic;
  // What the methodologist adds by hand and signs: rendered after the sections by every format.
  doc["explanatory_note"] = options.explanatory.empty() ? json(nullptr) : json(options.explanatory);
  doc["signature"] = {{"executor", options.executor}};
  // The saved identification the report's school lists and reach come from (opora runs).
  doc["identification_run"] = nullptr;
  if (const auto& run = in->identification.run; run.id)
    doc["identification_run"] = {{"id", run.id},
                                 {"year", in->identification.used_year},
                                 {"created_at", run.created_at},
                                 {"ruleset_hash", run.ruleset_hash},
                                 {"data_hash", run_data_hash(db, run.id)}};
  if (in->plan) {
    const auto* t = plan_template(eff, in->plan->template_id);
    doc["plan"] = {{"title", in->plan->title},
                   {"order_number", in->plan->order_number},
                   {"order_date", in->plan->order_date},
                   {"year", in->plan->year},
                   {"year_kind", t && t->year_kind == "school" ? "school" : "calendar"}};
  } else if (level != "region") {
    // A region's summary is about its municipalities' plans, not a plan of its own: no
    // «план не утверждён» line in its header.
    doc["plan"] = nullptr;
  }
  const auto& wanted = spec ? spec->sections : monthly_section_ids();
  json sections = json::array();
  for (const auto& s : wanted) sections.push_back(build_section(r, s));
  doc["sections"] = std::move(sections);
  return doc;
}

nlohmann::json build_report_section(Db& db, const Catalog& catalog, const Snapshot& data,
                                    std::string_view territory, std::string_view month,
                                    const std::string& id) {
  auto eff = catalog.effective(territory);
  auto figures = month_figures(db, eff, data, territory, month);
  ReportData r{db, eff, data, *figures.in, name_of(db, territory), std::move(figures.status),
               std::move(figures.indicators), &catalog, nullptr};
  return build_section(r, id);
}

}  // namespace opora::host
