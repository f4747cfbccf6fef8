#include "report/render_md.hpp"

#include <algorithm>
#include <vector>

#include "report/render_doc.hpp"
#include "report/render_format.hpp"

namespace opora::host {
namespace {

using render::json;

// Table cell text: a `|` would split the cell and a line break would end the row.
std::string cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out.empty() ? " " : out;
}

// Running text: characters that Markdown would read as markup are escaped.
std::string inline_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' || c == '>' ||
        c == '|' || c == '\\' || c == '#')
      out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

struct Table {
  std::vector<std::string> head;
  std::vector<bool> right;  // numbers align right
  std::vector<std::vector<std::string>> rows;
};

void write_table(std::string& md, const Table& t) {
  md += "|";
  for (const auto& h : t.head) md += " " + cell(h) + " |";
  md += "\n|";
  for (std::size_t i = 0; i < t.head.size(); ++i) md += t.right[i] ? " ---: |" : " --- |";
  md += "\n";
  for (const auto& r : t.rows) {
    md += "|";
    for (std::size_t i = 0; i < t.head.size(); ++i) md += " " + cell(i < r.size() ? r[i] : "") + " |";
    md += "\n";
  }
  md += "\n";
}

std::string label_of(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

void block_md(std::string& md, const json& b) {
  const std::string type = b["type"];
  if (b.contains("title") && b["title"].is_string())
    md += "### " + inline_text(b["title"].get<std::string>()) + "\n\n";
  if (type == "text") {
    md += inline_text(b["text"].get<std::string>()) + "\n\n";
  } else if (type == "figures") {
    for (const auto& it : b["items"]) {
      md += "- " + inline_text(render::text_of(it, "label")) + ": **" +
            inline_text(render::format_value(it["value"], it.value("unit", std::string("number")))) + "**";
      std::string status = render::text_of(it, "status");
      if (!status.empty()) md += " (" + inline_text(render::status_style(status).label) + ")";
      md += "\n";
    }
    md += "\n";
  } else if (type == "table") {
    Table t;
    for (const auto& c : b["columns"]) {
      std::string ct = c.value("type", std::string("text"));
      t.head.push_back(c["title"]);
      t.right.push_back(ct == "number" || ct == "count" || ct == "percent");
    }
    for (const auto& r : b["rows"]) {
      auto& row = t.rows.emplace_back();
      for (const auto& c : b["columns"])
        row.push_back(render::format_value(r.value(c["key"].get<std::string>(), json()),
                                           render::cell_type(r, c)));
    }
    write_table(md, t);
  } else if (type == "bar_chart") {
    const std::string unit = b.value("unit", std::string("number"));
    bool targets = false;
    std::vector<std::string> parts;  // part labels in first-seen order become columns
    for (const auto& bar : b["bars"]) {
      targets = targets || (bar.contains("target") && bar["target"].is_number());
      for (const auto& p : bar.value("parts", json::array())) {
        std::string l = p.value("label", render::status_style(render::text_of(p, "status")).label);
        if (std::find(parts.begin(), parts.end(), l) == parts.end()) parts.push_back(l);
      }
    }
    Table t{{"", "Значение"}, {false, true}, {}};
    if (targets) t.head.push_back("Цель"), t.right.push_back(true);
    for (const auto& p : parts) t.head.push_back(p), t.right.push_back(true);
    for (const auto& bar : b["bars"]) {
      auto& row = t.rows.emplace_back();
      row.push_back(bar["label"]);
      row.push_back(render::format_value(bar.value("value", json()), unit));
      if (targets) row.push_back(render::format_value(bar.value("target", json()), unit));
      for (const auto& pl : parts) {
        json v;
        for (const auto& p : bar.value("parts", json::array()))
          if (p.value("label", render::status_style(render::text_of(p, "status")).label) == pl) v = p["value"];
        row.push_back(render::format_value(v, unit));
      }
    }
    write_table(md, t);
  } else if (type == "line_chart") {
    const std::string unit = b.value("unit", std::string("number"));
    Table t{{""}, {false}, {}};
    for (const auto& x : b["x"]) t.head.push_back(label_of(x)), t.right.push_back(true);
    for (const auto& s : b["series"]) {
      auto& row = t.rows.emplace_back();
      row.push_back(s["label"]);
      for (const auto& v : s["values"]) row.push_back(render::format_value(v, unit));
    }
    write_table(md, t);
  } else if (type == "matrix") {
    Table t{{""}, {false}, {}};
    for (const auto& c : b["columns"]) t.head.push_back(label_of(c)), t.right.push_back(false);
    for (std::size_t i = 0; i < b["rows"].size(); ++i) {
      auto& row = t.rows.emplace_back();
      row.push_back(label_of(b["rows"][i]));
      for (const auto& c : b["cells"][i]) {
        if (!c.is_string()) {
          row.push_back("—");
          continue;
        }
        auto st = render::status_style(c.get<std::string>());
        row.push_back(st.mark + " " + st.label);
      }
    }
    write_table(md, t);
  }
}

}  // namespace

std::string report_to_markdown(std::string_view report_json) {
  const json doc = render::parse_report(report_json);
  std::string md = "# " + inline_text(doc["title"].get<std::string>()) + "\n\n";
  if (doc.contains("territory") && doc["territory"].is_object())
    md += "**Территория:** " + inline_text(render::text_of(doc["territory"], "name")) + "  \n";
  if (doc.contains("month") && doc["month"].is_string())
    md += "**Отчётный период:** " + render::format_month(doc["month"].get<std::string>()) + "  \n";
  if (doc.contains("as_of") && doc["as_of"].is_string())
    md += "**По состоянию на:** " + render::format_date(doc["as_of"].get<std::string>()) + "  \n";
  const json plan = doc.value("plan", json());
  if (plan.is_object()) {
    md += "**План:** " + inline_text(render::text_of(plan, "title"));
    if (plan.contains("order_number"))
      md += " (приказ № " + inline_text(render::text_of(plan, "order_number")) + " от " +
            render::format_date(render::text_of(plan, "order_date")) + ")";
    md += "\n";
  }
  if (auto run = render::identification_run_text(doc); !run.empty())
    md += "**" + inline_text(run) + "**  \n";
  md += "\n";
  if (doc.value("synthetic", false))
    md += "> **Данные синтетические:** отчёт построен на демонстрационных данных.\n\n";
  for (const auto& s : doc["sections"]) {
    md += "## " + inline_text(render::text_of(s, "title", s["id"].get<std::string>())) + "\n\n";
    for (const auto& b : s["blocks"]) block_md(md, b);
  }
  if (doc.contains("explanatory_note") && doc["explanatory_note"].is_string()) {
    md += "## Пояснительная записка\n\n";
    for (const auto& p : render::paragraphs(doc["explanatory_note"].get<std::string>()))
      md += inline_text(p) + "\n\n";
  }
  if (doc.contains("signature") && doc["signature"].is_object()) {
    std::string who = render::text_of(doc["signature"], "executor");
    md += "Исполнитель: " + (who.empty() ? std::string("____________________________") : inline_text(who)) +
          "  \nПодпись: ____________________ Дата: «____» ______________ 20____ г.\n";
  }
  return md;
}

void MarkdownRenderer::render(std::string_view report_json, const std::filesystem::path& out) const {
  render::write_file(out, report_to_markdown(report_json));
}

}  // namespace opora::host
