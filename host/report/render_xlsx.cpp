#include "report/render_xlsx.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <xlsxwriter.h>

#include "report/render_doc.hpp"
#include "report/render_format.hpp"

namespace opora::host {
namespace {

using render::json;

// Column widths in characters: never narrower than a short number, never wider than a
// readable text column (longer text wraps).
constexpr double kMinWidth = 6, kMaxWidth = 50;

struct Formats {
  lxw_format* heading = nullptr;   // section title
  lxw_format* caption = nullptr;   // block title / document line
  lxw_format* header = nullptr;    // table header row
  lxw_format* note = nullptr;      // «Данные синтетические»
  lxw_format* percent = nullptr;
  lxw_format* date = nullptr;
  lxw_format* count = nullptr;
  lxw_format* number = nullptr;
  lxw_format* wrap = nullptr;
  lxw_format* overdue = nullptr;   // conditional fill for overdue rows
  std::map<std::string, lxw_format*> status;  // matrix cells by status
};

// One cell to write: a value in a column type.
struct Cell {
  json value;
  std::string type = "text";
};

class SheetWriter {
 public:
  SheetWriter(lxw_workbook* wb, Formats& f, lxw_worksheet* ws, std::string name)
      : wb_(wb), f_(f), ws_(ws), name_(std::move(name)) {}

  void check(lxw_error e, const char* what) const {
    if (e == LXW_NO_ERROR) return;
    throw std::runtime_error("XLSX: лист «" + name_ + "», строка " + std::to_string(row_ + 1) +
                             ": не удалось " + what + ": " + lxw_strerror(e));
  }

  void line(const std::string& text, lxw_format* fmt) {
    check(worksheet_write_string(ws_, row_, 0, text.c_str(), fmt), "записать текст");
    ++row_;
  }
  void skip() { ++row_; }

  // Writes a header row and the body; returns nothing, but remembers where the first tabular
  // header is (frozen) and where the first table is (autofilter, overdue colouring).
  void grid(const std::vector<std::string>& head, const std::vector<std::vector<Cell>>& rows,
            bool is_table, int status_col) {
    const lxw_row_t head_row = row_;
    table_widths_.assign(head.size(), 0);
    for (std::size_t c = 0; c < head.size(); ++c) {
      check(worksheet_write_string(ws_, row_, col(c), head[c].c_str(), f_.header), "записать заголовок");
      widen(c, render::utf8_length(head[c]) + 2);  // room for the autofilter button
    }
    ++row_;
    for (const auto& r : rows) {
      for (std::size_t c = 0; c < r.size(); ++c) write(c, r[c]);
      ++row_;
    }
    settle_widths(rows.size());
    if (!frozen_) {
      worksheet_freeze_panes(ws_, head_row + 1, 0);
      // Printed, the first table's header repeats on every page.
      check(worksheet_repeat_rows(ws_, head_row, head_row), "повторить строку заголовка");
      frozen_ = true;
    }
    if (!is_table || rows.empty() || filtered_) return;
    filtered_ = true;
    const lxw_row_t last = row_ - 1;
    check(worksheet_autofilter(ws_, head_row, 0, last, col(head.size() - 1)), "включить автофильтр");
    if (status_col < 0) return;
    // The formula is relative to the first data row: each row tests its own status cell.
    std::string ref = "$" + column_letters(status_col) + std::to_string(head_row + 2);
    std::string formula = "=" + ref + "=\"" + render::status_style("overdue").label + "\"";
    lxw_conditional_format cf{};
    cf.type = LXW_CONDITIONAL_TYPE_FORMULA;
    cf.value_string = formula.data();
    cf.format = f_.overdue;
    check(worksheet_conditional_format_range(ws_, head_row + 1, 0, last, col(head.size() - 1), &cf),
          "задать выделение просроченных строк");
  }

  void finish() {
    // Printable as it is: A4 landscape, as wide as one page, as many pages down as needed.
    worksheet_set_paper(ws_, 9);
    worksheet_set_landscape(ws_);
    worksheet_fit_to_pages(ws_, 1, 0);
    worksheet_set_margins(ws_, 0.4, 0.4, 0.6, 0.6);
    for (std::size_t c = 0; c < widths_.size(); ++c) {
      double w = std::clamp(widths_[c], kMinWidth, kMaxWidth);
      check(worksheet_set_column(ws_, col(c), col(c), w, nullptr), "задать ширину столбца");
    }
  }

 private:
  static lxw_col_t col(std::size_t c) { return static_cast<lxw_col_t>(c); }

  static std::string column_letters(int c) {
    std::string s;
    for (++c; c > 0; c = (c - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (c - 1) % 26));
    return s;
  }

  void widen(std::size_t c, double w) {
    if (table_widths_.size() <= c) table_widths_.resize(c + 1, 0);
    table_widths_[c] = std::max(table_widths_[c], w);
  }

  // Tables of one sheet share its columns: the table with the most rows sets a column's width
  // (a «№» column is not stretched by a short table whose first column holds names); the text
  // of the others wraps.
  void settle_widths(std::size_t rows) {
    if (widths_.size() < table_widths_.size()) {
      widths_.resize(table_widths_.size(), 0);
      width_rows_.resize(table_widths_.size(), 0);
    }
    for (std::size_t c = 0; c < table_widths_.size(); ++c) {
      if (rows > width_rows_[c] || widths_[c] == 0) {
        widths_[c] = table_widths_[c];
        width_rows_[c] = rows;
      } else if (rows == width_rows_[c]) {
        widths_[c] = std::max(widths_[c], table_widths_[c]);
      }
    }
    table_widths_.clear();
  }

  lxw_format* status_format(const std::string& status) {
    auto it = f_.status.find(status);
    if (it != f_.status.end()) return it->second;
    lxw_format* fmt = workbook_add_format(wb_);
    if (!fmt) throw std::runtime_error("XLSX: не удалось создать формат ячейки");
    auto st = render::status_style(status);
    format_set_bg_color(fmt, std::stoi(st.color.substr(1), nullptr, 16));
    format_set_font_color(fmt, LXW_COLOR_WHITE);
    format_set_bold(fmt);
    return f_.status[status] = fmt;
  }

  void write(std::size_t c, const Cell& cell) {
    const json& v = cell.value;
    const std::string& t = cell.type;
    if (v.is_null()) return;  // an empty cell, not the text "—": filters and sums stay right
    if (v.is_number() && (t == "percent" || t == "count" || t == "number")) {
      double x = v.get<double>();
      lxw_format* fmt = t == "percent" ? f_.percent : t == "count" ? f_.count : f_.number;
      check(worksheet_write_number(ws_, row_, col(c), t == "percent" ? x / 100.0 : x, fmt),
            "записать число");
      widen(c, render::utf8_length(render::format_unit(x, t)) + 1);
      return;
    }
    if (t == "date" && v.is_string()) {
      if (auto d = render::parse_date(v.get<std::string>())) {
        lxw_datetime dt{d->y, d->m, d->d, 0, 0, 0};
        check(worksheet_write_datetime(ws_, row_, col(c), &dt, f_.date), "записать дату");
        widen(c, 11);
        return;
      }
    }
    if ((t == "status" || t == "matrix") && v.is_string()) {
      auto st = render::status_style(v.get<std::string>());
      lxw_format* fmt = t == "matrix" ? status_format(v.get<std::string>()) : nullptr;
      std::string text = t == "matrix" ? st.mark + " " + st.label : st.label;
      check(worksheet_write_string(ws_, row_, col(c), text.c_str(), fmt), "записать статус");
      widen(c, render::utf8_length(text) + 1);
      return;
    }
    std::string text = render::format_value(v, "text");
    double len = render::utf8_length(text) + 1;
    check(worksheet_write_string(ws_, row_, col(c), text.c_str(), f_.wrap), "записать текст");
    widen(c, len);
  }

  lxw_workbook* wb_;
  Formats& f_;
  lxw_worksheet* ws_;
  std::string name_;
  lxw_row_t row_ = 0;
  bool frozen_ = false;
  bool filtered_ = false;
  std::vector<double> widths_, table_widths_;
  std::vector<std::size_t> width_rows_;
};

std::string label_of(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

void write_block(SheetWriter& w, const json& b) {
  const std::string type = b["type"];
  if (b.contains("title") && b["title"].is_string()) w.line(b["title"], nullptr);
  if (type == "text") {
    w.line(b["text"], nullptr);
  } else if (type == "figures") {
    std::vector<std::vector<Cell>> rows;
    for (const auto& it : b["items"]) {
      std::string status = render::text_of(it, "status");
      rows.push_back({{it["label"]}, {it["value"], it.value("unit", std::string("number"))},
                      {status.empty() ? json() : json(status), "status"}});
    }
    w.grid({"Показатель", "Значение", "Оценка"}, rows, false, -1);
  } else if (type == "table") {
    std::vector<std::string> head;
    int status_col = -1;
    const std::string status_key = render::text_of(b, "status_key");
    for (const auto& c : b["columns"]) {
      if (c["key"] == status_key) status_col = static_cast<int>(head.size());
      head.push_back(c["title"]);
    }
    std::vector<std::vector<Cell>> rows;
    for (const auto& r : b["rows"]) {
      auto& row = rows.emplace_back();
      for (const auto& c : b["columns"])
        row.push_back({r.value(c["key"].get<std::string>(), json()), render::cell_type(r, c)});
    }
    w.grid(head, rows, true, status_col);
  } else if (type == "bar_chart") {
    const std::string unit = b.value("unit", std::string("number"));
    std::vector<std::string> head{"", "Значение"};
    bool targets = std::any_of(b["bars"].begin(), b["bars"].end(),
                               [](const json& bar) { return bar.contains("target"); });
    if (targets) head.push_back("Цель");
    std::vector<std::string> parts;
    for (const auto& bar : b["bars"])
      for (const auto& p : bar.value("parts", json::array())) {
        std::string l = p.value("label", render::status_style(render::text_of(p, "status")).label);
        if (std::find(parts.begin(), parts.end(), l) == parts.end()) parts.push_back(l);
      }
    head.insert(head.end(), parts.begin(), parts.end());
    std::vector<std::vector<Cell>> rows;
    for (const auto& bar : b["bars"]) {
      auto& row = rows.emplace_back();
      row.push_back({bar["label"]});
      row.push_back({bar.value("value", json()), unit});
      if (targets) row.push_back({bar.value("target", json()), unit});
      for (const auto& pl : parts) {
        json v;
        for (const auto& p : bar.value("parts", json::array()))
          if (p.value("label", render::status_style(render::text_of(p, "status")).label) == pl) v = p["value"];
        row.push_back({v, unit});
      }
    }
    w.grid(head, rows, false, -1);
  } else if (type == "line_chart") {
    const std::string unit = b.value("unit", std::string("number"));
    std::vector<std::string> head{""};
    for (const auto& x : b["x"]) head.push_back(label_of(x));
    std::vector<std::vector<Cell>> rows;
    for (const auto& s : b["series"]) {
      auto& row = rows.emplace_back();
      row.push_back({s["label"]});
      for (const auto& v : s["values"]) row.push_back({v, unit});
    }
    w.grid(head, rows, false, -1);
  } else if (type == "matrix") {
    std::vector<std::string> head{""};
    for (const auto& c : b["columns"]) head.push_back(label_of(c));
    std::vector<std::vector<Cell>> rows;
    for (std::size_t i = 0; i < b["rows"].size(); ++i) {
      auto& row = rows.emplace_back();
      row.push_back({label_of(b["rows"][i])});
      for (const auto& c : b["cells"][i]) row.push_back({c, "matrix"});
    }
    w.grid(head, rows, false, -1);
  }
  w.skip();
}

void check_lxw(lxw_error e) {
  if (e != LXW_NO_ERROR)
    throw std::runtime_error(std::string("XLSX: не удалось задать ширину столбца: ") + lxw_strerror(e));
}

lxw_format* add_format(lxw_workbook* wb) {
  lxw_format* f = workbook_add_format(wb);
  if (!f) throw std::runtime_error("XLSX: не удалось создать формат ячейки");
  return f;
}

Formats make_formats(lxw_workbook* wb) {
  Formats f;
  f.heading = add_format(wb);
  format_set_bold(f.heading);
  format_set_font_size(f.heading, 14);
  format_set_font_color(f.heading, 0x1F3B64);
  f.caption = add_format(wb);
  format_set_italic(f.caption);
  f.header = add_format(wb);
  format_set_bold(f.header);
  format_set_bg_color(f.header, 0x1F3B64);
  format_set_font_color(f.header, LXW_COLOR_WHITE);
  format_set_text_wrap(f.header);
  format_set_align(f.header, LXW_ALIGN_VERTICAL_TOP);
  f.note = add_format(wb);
  format_set_bold(f.note);
  format_set_font_color(f.note, 0xBF360C);
  f.percent = add_format(wb);
  format_set_num_format(f.percent, "0.0%");
  f.date = add_format(wb);
  format_set_num_format(f.date, "dd.mm.yyyy");
  f.count = add_format(wb);
  format_set_num_format(f.count, "0");
  f.number = add_format(wb);
  format_set_num_format(f.number, "General");
  f.wrap = add_format(wb);
  format_set_text_wrap(f.wrap);
  format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
  f.overdue = add_format(wb);
  format_set_bg_color(f.overdue, 0xFDECEA);
  format_set_font_color(f.overdue, 0x9C0006);
  return f;
}

void write_book(lxw_workbook* wb, const json& doc) {
  Formats f = make_formats(wb);
  const std::string title = doc["title"];
  std::string territory =
      doc.contains("territory") && doc["territory"].is_object() ? render::text_of(doc["territory"], "name") : "";
  std::string subtitle = territory;
  if (doc.contains("month") && doc["month"].is_string())
    subtitle += (subtitle.empty() ? "" : ", ") + render::format_month(doc["month"].get<std::string>());
  if (doc.contains("as_of") && doc["as_of"].is_string())
    subtitle += "; по состоянию на " + render::format_date(doc["as_of"].get<std::string>());

  lxw_doc_properties props{};
  props.title = const_cast<char*>(title.c_str());
  props.subject = const_cast<char*>(subtitle.c_str());
  std::string author = "opora";
  props.author = author.data();
  if (lxw_error e = workbook_set_properties(wb, &props); e != LXW_NO_ERROR)
    throw std::runtime_error(std::string("XLSX: не удалось задать свойства книги: ") + lxw_strerror(e));

  std::vector<std::string> used;
  const bool synthetic = doc.value("synthetic", false);
  const std::string run = render::identification_run_text(doc);
  for (const auto& s : doc["sections"]) {
    const std::string section_title = render::text_of(s, "title", s["id"].get<std::string>());
    std::string name = render::xlsx_sheet_name(section_title, used);
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    if (!ws) throw std::runtime_error("XLSX: не удалось создать лист «" + name + "»");
    SheetWriter w(wb, f, ws, name);
    w.line(section_title, f.heading);
    w.line(title + (subtitle.empty() ? "" : " — " + subtitle), f.caption);
    if (synthetic) w.line("Данные синтетические (демонстрационные)", f.note);
    if (!run.empty()) w.line(run, f.caption);
    w.skip();
    for (const auto& b : s["blocks"]) write_block(w, b);
    w.finish();
  }
  {
    std::string name = render::xlsx_sheet_name("Пояснительная записка", used);
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    if (!ws) throw std::runtime_error("XLSX: не удалось создать лист «" + name + "»");
    SheetWriter w(wb, f, ws, name);
    w.line("Пояснительная записка", f.heading);
    w.line(title + (subtitle.empty() ? "" : " — " + subtitle), f.caption);
    w.skip();
    if (doc.contains("explanatory_note") && doc["explanatory_note"].is_string())
      for (const auto& p : render::paragraphs(doc["explanatory_note"].get<std::string>()))
        w.line(p, f.wrap);
    else
      w.line("", nullptr);
    w.skip();
    std::string who = doc.contains("signature") && doc["signature"].is_object()
                          ? render::text_of(doc["signature"], "executor")
                          : "";
    w.line("Исполнитель: " + (who.empty() ? std::string("____________________________") : who),
           nullptr);
    w.line("Подпись: ____________________ Дата: «____» ______________ 20____ г.", nullptr);
    check_lxw(worksheet_set_column(ws, 0, 0, 100, nullptr));
    w.finish();
  }
  if (doc["sections"].empty()) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Отчёт");
    if (!ws) throw std::runtime_error("XLSX: не удалось создать лист «Отчёт»");
    SheetWriter(wb, f, ws, "Отчёт").line(title + " — разделов нет", f.heading);
  }
}

}  // namespace

void XlsxRenderer::render(std::string_view report_json, const std::filesystem::path& out) const {
  const json doc = render::parse_report(report_json);
  std::error_code ec;
  if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path(), ec);
  // Written beside the target and renamed: a failed render never leaves a half-written file.
  std::filesystem::path tmp = out;
  tmp += ".tmp";
  lxw_workbook* wb = workbook_new(tmp.string().c_str());
  if (!wb) throw std::runtime_error("XLSX: не удалось создать книгу " + out.string());
  try {
    write_book(wb, doc);
  } catch (...) {
    lxw_workbook_free(wb);
    throw;
  }
  if (lxw_error e = workbook_close(wb); e != LXW_NO_ERROR) {
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error("XLSX: не удалось записать файл " + out.string() + ": " + lxw_strerror(e));
  }
  std::filesystem::rename(tmp, out, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error("XLSX: не удалось записать файл " + out.string() + ": " + ec.message());
  }
}

}  // namespace opora::host
