#include "report/render_doc.hpp"

#include <fstream>
#include <stdexcept>

namespace opora::host::render {
namespace {

// Where a problem is, in the words a report author reads.
struct Where {
  std::string text;
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("Документ отчёта: " + text + ": " + what);
  }
};

void need(const json& obj, const char* key, json::value_t type, const Where& w) {
  auto it = obj.find(key);
  if (it == obj.end()) w.fail(std::string("нет поля «") + key + "»");
  bool ok = it->type() == type ||
            (type == json::value_t::number_float && it->is_number());
  if (!ok) w.fail(std::string("поле «") + key + "» имеет неверный тип");
}

void need_number_or_null(const json& v, const std::string& name, const Where& w) {
  if (!v.is_number() && !v.is_null()) w.fail("«" + name + "» должно быть числом или null");
}

void check_figures(const json& b, const Where& w) {
  need(b, "items", json::value_t::array, w);
  for (const auto& item : b["items"]) {
    if (!item.is_object()) w.fail("элемент «items» должен быть объектом");
    need(item, "label", json::value_t::string, w);
    if (!item.contains("value")) w.fail("у показателя нет поля «value»");
  }
}

void check_table(const json& b, const Where& w) {
  need(b, "columns", json::value_t::array, w);
  need(b, "rows", json::value_t::array, w);
  for (const auto& c : b["columns"]) {
    if (!c.is_object()) w.fail("столбец должен быть объектом");
    need(c, "key", json::value_t::string, w);
    need(c, "title", json::value_t::string, w);
  }
  std::size_t n = 0;
  for (const auto& r : b["rows"]) {
    ++n;
    if (!r.is_object()) w.fail("строка " + std::to_string(n) + " должна быть объектом");
  }
}

void check_bars(const json& b, const Where& w) {
  need(b, "bars", json::value_t::array, w);
  std::size_t n = 0;
  for (const auto& bar : b["bars"]) {
    ++n;
    Where bw{w.text + ", столбец " + std::to_string(n)};
    if (!bar.is_object()) bw.fail("должен быть объектом");
    need(bar, "label", json::value_t::string, bw);
    need_number_or_null(bar.value("value", json()), "value", bw);
    if (bar.contains("target")) need_number_or_null(bar["target"], "target", bw);
    if (bar.contains("parts")) {
      need(bar, "parts", json::value_t::array, bw);
      for (const auto& p : bar["parts"]) {
        if (!p.is_object() || !p.contains("value") || !p["value"].is_number())
          bw.fail("часть столбца должна иметь числовое «value»");
      }
    }
  }
}

void check_line(const json& b, const Where& w) {
  need(b, "x", json::value_t::array, w);
  need(b, "series", json::value_t::array, w);
  std::size_t width = b["x"].size();
  for (const auto& s : b["series"]) {
    if (!s.is_object()) w.fail("ряд должен быть объектом");
    need(s, "label", json::value_t::string, w);
    need(s, "values", json::value_t::array, w);
    if (s["values"].size() != width)
      w.fail("в ряду «" + s["label"].get<std::string>() + "» " +
             std::to_string(s["values"].size()) + " значений, а подписей по оси X " +
             std::to_string(width));
    for (const auto& v : s["values"]) need_number_or_null(v, "values", w);
  }
}

void check_matrix(const json& b, const Where& w) {
  need(b, "rows", json::value_t::array, w);
  need(b, "columns", json::value_t::array, w);
  need(b, "cells", json::value_t::array, w);
  if (b["cells"].size() != b["rows"].size()) w.fail("число строк «cells» не равно числу «rows»");
  for (const auto& row : b["cells"]) {
    if (!row.is_array() || row.size() != b["columns"].size())
      w.fail("каждая строка «cells» должна иметь столько ячеек, сколько «columns»");
    for (const auto& c : row)
      if (!c.is_string() && !c.is_null()) w.fail("ячейка матрицы — статус (строка) или null");
  }
}

void check_block(const json& b, const Where& w) {
  if (!b.is_object()) w.fail("блок должен быть объектом");
  need(b, "type", json::value_t::string, w);
  const std::string type = b["type"];
  if (type == "figures") return check_figures(b, w);
  if (type == "table") return check_table(b, w);
  if (type == "bar_chart") return check_bars(b, w);
  if (type == "line_chart") return check_line(b, w);
  if (type == "matrix") return check_matrix(b, w);
  if (type == "text") return need(b, "text", json::value_t::string, w);
  w.fail("неизвестный тип блока «" + type + "»");
}

}  // namespace

json parse_report(std::string_view report_json) {
  json doc;
  try {
    doc = json::parse(report_json);
  } catch (const json::parse_error& e) {
    throw std::runtime_error(std::string("Документ отчёта не является корректным JSON: ") +
                             e.what());
  }
  Where top{"корень"};
  if (!doc.is_object()) top.fail("ожидается объект");
  need(doc, "schema", json::value_t::string, top);
  if (doc["schema"] != "opora.report/1")
    top.fail("неподдерживаемая схема «" + doc["schema"].get<std::string>() +
             "», ожидается «opora.report/1»");
  need(doc, "title", json::value_t::string, top);
  need(doc, "sections", json::value_t::array, top);
  if (doc.contains("synthetic") && !doc["synthetic"].is_boolean())
    top.fail("поле «synthetic» должно быть true или false");
  std::size_t si = 0;
  for (const auto& s : doc["sections"]) {
    ++si;
    Where sw{"секция " + std::to_string(si)};
    if (!s.is_object()) sw.fail("ожидается объект");
    need(s, "id", json::value_t::string, sw);
    sw.text = "секция «" + s["id"].get<std::string>() + "»";
    need(s, "blocks", json::value_t::array, sw);
    std::size_t bi = 0;
    for (const auto& b : s["blocks"]) {
      ++bi;
      std::string type = b.is_object() ? b.value("type", std::string("?")) : "?";
      check_block(b, Where{sw.text + ", блок " + std::to_string(bi) + " (" + type + ")"});
    }
  }
  return doc;
}

void write_file(const std::filesystem::path& out, std::string_view content) {
  std::error_code ec;
  if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path(), ec);
  std::ofstream f(out, std::ios::binary | std::ios::trunc);
  if (!f) throw std::runtime_error("Не удалось открыть файл для записи: " + out.string());
  f.write(content.data(), static_cast<std::streamsize>(content.size()));
  f.close();
  if (!f) throw std::runtime_error("Не удалось записать файл: " + out.string());
}

std::string text_of(const json& obj, const char* key, std::string_view fallback) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string(fallback);
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

}  // namespace opora::host::render
