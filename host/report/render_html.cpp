#include "report/render_html.hpp"

#include "report/render_charts.hpp"
#include "report/render_doc.hpp"
#include "report/render_format.hpp"
#include "report/render_html_style.hpp"
#include "report/render_svg.hpp"

namespace opora::host {
namespace {

using render::json;
using render::xml_escape;

bool numeric_type(std::string_view t) { return t == "number" || t == "count" || t == "percent"; }

// A status as a CSS class suffix only when it is a plain identifier: the value comes from data.
std::string status_class(const json& v) {
  if (!v.is_string()) return "";
  std::string s = v.get<std::string>();
  if (s.empty()) return "";
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || c == '_')) return "";
  return s;
}

std::string badge(std::string_view status) {
  auto st = render::status_style(status);
  return "<span class=\"badge\" style=\"background:" + xml_escape(st.color) + "\" aria-hidden=\"true\">" +
         xml_escape(st.mark) + "</span>" + xml_escape(st.label);
}

// "2023-04-03T09:15:00Z" → "03.04.2023 09:15 (UTC)"; other text as is.
void figures_html(std::string& h, const json& b) {
  h += "<div class=\"figures\">\n";
  for (const auto& it : b["items"]) {
    std::string unit = it.value("unit", std::string("number"));
    std::string status = render::text_of(it, "status");
    std::string border = status.empty() ? "" : " style=\"border-left-color:" +
                                                   xml_escape(render::status_style(status).color) + "\"";
    h += "<div class=\"figure\"" + border + "><div class=\"figure-value\">" +
         xml_escape(render::format_value(it["value"], unit)) + "</div><div class=\"figure-label\">" +
         xml_escape(render::text_of(it, "label")) + "</div>";
    if (!status.empty())
      h += "<div class=\"figure-status\" style=\"color:" +
           xml_escape(render::status_style(status).color) + "\">" +
           xml_escape(render::status_style(status).mark + " " + render::status_style(status).label) +
           "</div>";
    h += "</div>\n";
  }
  h += "</div>\n";
}

void table_html(std::string& h, const json& b) {
  const json& cols = b["columns"];
  const std::string status_key = render::text_of(b, "status_key");
  h += "<table class=\"data\">\n<thead><tr>";
  for (const auto& c : cols) {
    std::string type = c.value("type", std::string("text"));
    h += std::string("<th scope=\"col\"") + (numeric_type(type) ? " class=\"num\"" : "") + ">" +
         xml_escape(c["title"].get<std::string>()) + "</th>";
  }
  h += "</tr></thead>\n<tbody>\n";
  for (const auto& r : b["rows"]) {
    std::string cls = status_key.empty() ? "" : status_class(r.value(status_key, json()));
    h += cls.empty() ? "<tr>" : "<tr class=\"row-" + cls + "\">";
    for (const auto& c : cols) {
      const std::string key = c["key"];
      const std::string type = render::cell_type(r, c);
      const json v = r.value(key, json());
      if (type == "status" && v.is_string()) {
        h += "<td class=\"status\">" + badge(v.get<std::string>()) + "</td>";
      } else if (type == "date" && v.is_string() && render::parse_date(v.get<std::string>())) {
        h += "<td class=\"date\"><time datetime=\"" + xml_escape(v.get<std::string>()) + "\">" +
             xml_escape(render::format_date(v.get<std::string>())) + "</time></td>";
      } else {
        h += std::string("<td") + (numeric_type(type) ? " class=\"num\"" : "") + ">" +
             xml_escape(render::format_value(v, type)) + "</td>";
      }
    }
    h += "</tr>\n";
  }
  h += "</tbody>\n</table>\n";
}

void block_html(std::string& h, const json& b) {
  const std::string type = b["type"];
  if (b.contains("title") && b["title"].is_string())
    h += "<h3>" + xml_escape(b["title"].get<std::string>()) + "</h3>\n";
  if (type == "figures") return figures_html(h, b);
  if (type == "table") return table_html(h, b);
  if (type == "text") {
    h += "<p class=\"text\">" + xml_escape(b["text"].get<std::string>()) + "</p>\n";
    return;
  }
  h += "<figure class=\"chart chart-" + type + "\">\n";
  h += render::chart_svg(b);
  h += "</figure>\n";
}

void header_html(std::string& h, const json& doc, const std::string& territory) {
  h += "<header class=\"report-head\">\n";
  if (!territory.empty()) h += "<p class=\"territory\">" + xml_escape(territory) + "</p>\n";
  h += "<h1>" + xml_escape(doc["title"].get<std::string>()) + "</h1>\n";
  std::string period;
  if (doc.contains("month") && doc["month"].is_string())
    period = "Отчётный период: " + render::format_month(doc["month"].get<std::string>());
  if (doc.contains("as_of") && doc["as_of"].is_string())
    period += (period.empty() ? "По состоянию на " : " · по состоянию на ") +
              render::format_date(doc["as_of"].get<std::string>());
  if (!period.empty()) h += "<p class=\"meta\">" + xml_escape(period) + "</p>\n";
  const json plan = doc.value("plan", json());
  if (plan.is_object()) {
    std::string p = render::text_of(plan, "title");
    std::string num = render::text_of(plan, "order_number");
    if (!num.empty()) {
      p += (p.empty() ? "" : ". ") + std::string("Приказ № ") + num;
      std::string date = render::text_of(plan, "order_date");
      if (!date.empty()) p += " от " + render::format_date(date);
    }
    h += "<p class=\"meta plan\">" + xml_escape(p) + "</p>\n";
  } else if (doc.contains("plan")) {
    h += "<p class=\"meta plan\">План (дорожная карта) на этот год не утверждён.</p>\n";
  }
  if (auto run = render::identification_run_text(doc); !run.empty())
    h += "<p class=\"meta run\">" + xml_escape(run) + "</p>\n";
  if (doc.value("synthetic", false))
    h += "<p class=\"synthetic\" role=\"note\">Данные синтетические: отчёт построен на "
         "сгенерированных демонстрационных данных, а не на сведениях школ.</p>\n";
  h += "</header>\n";
}

}  // namespace

std::string report_to_html(std::string_view report_json) {
  const json doc = render::parse_report(report_json);
  const std::string title = doc["title"];
  const std::string territory =
      doc.contains("territory") && doc["territory"].is_object() ? render::text_of(doc["territory"], "name") : "";

  std::string h;
  h.reserve(64 * 1024);
  h += "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
       "<meta name=\"generator\" content=\"opora\">\n<title>";
  h += xml_escape(title + (territory.empty() ? "" : " — " + territory));
  h += "</title>\n<style>";
  h += render::kHtmlStyle;
  h += "</style>\n</head>\n<body>\n";
  header_html(h, doc, territory);

  const json& sections = doc["sections"];
  if (sections.size() > 1) {
    h += "<nav class=\"toc\" aria-label=\"Содержание\"><ol>\n";
    for (std::size_t i = 0; i < sections.size(); ++i)
      h += "<li><a href=\"#s" + std::to_string(i + 1) + "\">" +
           xml_escape(render::text_of(sections[i], "title", sections[i]["id"].get<std::string>())) +
           "</a></li>\n";
    h += "</ol></nav>\n";
  }
  h += "<main>\n";
  for (std::size_t i = 0; i < sections.size(); ++i) {
    const json& s = sections[i];
    // Anchors by position: section ids come from packages and need not be valid HTML ids.
    h += "<section id=\"s" + std::to_string(i + 1) + "\" data-section=\"" +
         xml_escape(s["id"].get<std::string>()) + "\">\n<h2>" +
         xml_escape(render::text_of(s, "title", s["id"].get<std::string>())) + "</h2>\n";
    for (const auto& b : s["blocks"]) block_html(h, b);
    h += "</section>\n";
  }
  if (doc.contains("explanatory_note") && doc["explanatory_note"].is_string()) {
    h += "<section class=\"explanatory\">\n<h2>Пояснительная записка</h2>\n";
    // Paragraphs as the user wrote them: a blank line separates two.
    for (const auto& p : render::paragraphs(doc["explanatory_note"].get<std::string>()))
      h += "<p>" + xml_escape(p) + "</p>\n";
    h += "</section>\n";
  }
  if (doc.contains("signature") && doc["signature"].is_object()) {
    std::string who = render::text_of(doc["signature"], "executor");
    h += "<section class=\"signature\">\n<p>Исполнитель: " +
         xml_escape(who.empty() ? "____________________________" : who) +
         "</p>\n<p>Подпись: ____________________ Дата: «____» ______________ 20____ г.</p>\n"
         "</section>\n";
  }
  h += "</main>\n<footer>";
  std::string foot = "Сформировано: " + render::format_timestamp(render::text_of(doc, "generated_at", "—"));
  if (doc.contains("data_date") && doc["data_date"].is_string())
    foot += " · данные на " + render::format_date(doc["data_date"].get<std::string>());
  if (doc.value("synthetic", false)) foot += " · данные синтетические";
  foot += " · opora";
  h += xml_escape(foot) + "</footer>\n</body>\n</html>\n";
  return h;
}

void HtmlRenderer::render(std::string_view report_json, const std::filesystem::path& out) const {
  render::write_file(out, report_to_html(report_json));
}

}  // namespace opora::host
