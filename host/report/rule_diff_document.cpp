#include "report/rule_diff_document.hpp"

#include "report/document_parts.hpp"
#include "util/clock.hpp"

namespace opora::host {

namespace {

json side_json(const RuleSide& s) {
  return {{"label", s.label},
          {"ruleset_hash", s.ruleset_hash},
          {"run", s.run ? json(s.run) : json(nullptr)}};
}

json school_json(const RuleDiffView& v, const SchoolChange& c) {
  auto info = v.data.school(c.school);
  return {{"login", info.login},
          {"name", info.name},
          {"territory", info.territory},
          {"before", readable_text(v.eff, c.before)},
          {"after", readable_text(v.eff, c.after)}};
}

json schools_json(const RuleDiffView& v, const std::vector<SchoolChange>& list) {
  json out = json::array();
  for (const auto& c : list) out.push_back(school_json(v, c));
  return out;
}

}  // namespace

json rule_diff_json(const RuleDiffView& v) {
  json cats = json::array();
  std::size_t entered = 0, left = 0;
  for (const auto& c : v.diff.categories) {
    entered += c.entered.size();
    left += c.left.size();
    cats.push_back({{"code", c.category},
                    {"title", category_title(v.eff, c.category)},
                    {"entered", schools_json(v, c.entered)},
                    {"left", schools_json(v, c.left)},
                    {"stayed", schools_json(v, c.stayed)}});
  }
  json rules = json::array();
  for (const auto& r : v.rules) rules.push_back({{"criterion", r.criterion}, {"text", r.text}});
  return {{"territory", v.territory},
          {"year", v.year},
          {"a", side_json(v.a)},
          {"b", side_json(v.b)},
          {"rule_changes", std::move(rules)},
          {"categories", std::move(cats)},
          {"summary", {{"entered", entered}, {"left", left}, {"changed", entered + left > 0}}}};
}

json rule_diff_document(const RuleDiffView& v) {
  json doc;
  doc["schema"] = "opora.report/1";
  doc["title"] = "Сравнение отбора школ по двум редакциям правил, " + std::to_string(v.year) +
                 " год";
  doc["territory"] = {{"id", v.territory}, {"name", v.territory_name}};
  doc["generated_at"] = v.generated_at.empty() ? local_now_iso() : v.generated_at;
  doc["synthetic"] = v.synthetic;

  json sections = json::array();
  json figures = json::array();
  for (const auto& c : v.diff.categories)
    figures.push_back({{"label", category_title(v.eff, c.category)},
                       {"value", "войдут: " + std::to_string(c.entered.size()) + ", выйдут: " +
                                     std::to_string(c.left.size()) + ", останутся: " +
                                     std::to_string(c.stayed.size())}});
  json rules = json::array();
  for (const auto& r : v.rules) rules.push_back({{"change", r.text}});
  json blocks = json::array(
      {{{"type", "table"},
        {"title", "Сравниваемые правила"},
        {"columns", json::array({column("side", "Редакция", "text"),
                                 column("label", "Правила", "text"),
                                 column("hash", "Отпечаток правил", "text")})},
        {"rows", json::array({{{"side", "А"}, {"label", v.a.label}, {"hash", v.a.ruleset_hash}},
                              {{"side", "Б"}, {"label", v.b.label}, {"hash", v.b.ruleset_hash}}})}},
       {{"type", "figures"}, {"title", "Итог по категориям"}, {"items", std::move(figures)}}});
  if (rules.empty())
    blocks.push_back({{"type", "text"},
                      {"text", "Параметры и источники критериев в обеих редакциях совпадают."}});
  else
    blocks.push_back({{"type", "table"},
                      {"title", "Что изменено в правилах"},
                      {"columns", json::array({column("change", "Изменение", "text")})},
                      {"rows", std::move(rules)}});
  sections.push_back(section("summary", "Итог сравнения", std::move(blocks)));

  for (const auto& c : v.diff.categories) {
    json rows = json::array();
    auto add = [&](const std::vector<SchoolChange>& list, const char* change) {
      for (const auto& s : list) {
        auto j = school_json(v, s);
        rows.push_back({{"change", change},
                        {"login", j["login"]},
                        {"name", j["name"]},
                        {"before", j["before"]},
                        {"after", j["after"]}});
      }
    };
    add(c.entered, "входит");
    add(c.left, "выходит");
    add(c.stayed, "остаётся");
    json cblocks = json::array();
    if (rows.empty())
      cblocks.push_back({{"type", "text"}, {"text", "Ни одна школа не отнесена к категории."}});
    else
      cblocks.push_back({{"type", "table"},
                         {"columns", json::array({column("change", "Изменение", "text"),
                                                  column("login", "Логин", "text"),
                                                  column("name", "Школа", "text"),
                                                  column("before", "Обоснование (А)", "text"),
                                                  column("after", "Обоснование (Б)", "text")})},
                         {"rows", std::move(rows)}});
    sections.push_back(section("category_" + c.category, category_title(v.eff, c.category),
                               std::move(cblocks)));
  }
  doc["sections"] = std::move(sections);
  return doc;
}

}  // namespace opora::host
