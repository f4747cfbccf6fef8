#include "report/document.hpp"

#include <set>

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

}  // namespace

nlohmann::json build_monthly_report(Db& db, const Catalog& catalog, const Snapshot& data,
                                    std::string_view territory, std::string_view month,
                                    const ReportOptions& options) {
  auto eff = catalog.effective(territory);
  auto in = load_month(db, eff, data, territory, month);
  ReportData r{db, eff, data, *in, name_of(db, territory), std::nullopt, {}};
  if (in->plan) r.status = month_status(*in->plan, in->month.month, &in->indicators.reach);
  r.indicators = compute_indicators(eff, in->indicators, in->month.last, in->month.previous_last);

  const ReportSpec* spec = nullptr;
  for (const auto& e : eff.reports)
    if (options.report_id.empty() ? !spec : e.item->id == options.report_id) spec = e.item.get();

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
  if (in->plan) {
    const auto* t = plan_template(eff, in->plan->template_id);
    doc["plan"] = {{"title", in->plan->title},
                   {"order_number", in->plan->order_number},
                   {"order_date", in->plan->order_date},
                   {"year", in->plan->year},
                   {"year_kind", t && t->year_kind == "school" ? "school" : "calendar"}};
  } else {
    doc["plan"] = nullptr;
  }
  static const std::vector<std::string> all = {"header",     "summary", "roadmap",
                                               "matrix",     "indicators", "schools",
                                               "dynamics",   "risk_profiles"};
  const auto& wanted = spec ? spec->sections : all;
  json sections = json::array();
  for (const auto& s : wanted) {
    if (s == "header") sections.push_back(header_section(r));
    else if (s == "summary") sections.push_back(summary_section(r));
    else if (s == "roadmap") sections.push_back(roadmap_section(r));
    else if (s == "matrix") sections.push_back(matrix_section(r));
    else if (s == "indicators") sections.push_back(indicators_section(r));
    else if (s == "schools") sections.push_back(schools_section(r));
    else if (s == "dynamics") sections.push_back(dynamics_section(r));
    else if (s == "risk_profiles") sections.push_back(risk_profiles_section(r));
    else
      sections.push_back(section(s, "Раздел «" + s + "»",
                                 json::array({{{"type", "text"},
                                               {"text", "Раздел «" + s +
                                                            "» не поддерживается этой версией "
                                                            "программы."}}})));
  }
  doc["sections"] = std::move(sections);
  return doc;
}

}  // namespace opora::host
