#include "report/section_blocks.hpp"

#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "roadmap/calendar.hpp"

namespace opora::host {

namespace {

using json = nlohmann::json;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw BlockError(where + ": " + what);
}

const json& field(const json& b, const char* name, const std::string& where) {
  if (!b.contains(name) || b[name].is_null()) fail(where, std::string("нет поля «") + name + "»");
  return b[name];
}

std::string text_of(const json& v, const std::string& where, const char* name) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();
  fail(where, std::string("поле «") + name + "» должно быть строкой");
}

std::optional<double> number_or_null(const json& v, const std::string& where) {
  if (v.is_null()) return std::nullopt;
  if (!v.is_number()) fail(where, "ожидается число или nil, получено " + std::string(v.type_name()));
  double d = v.get<double>();
  if (!std::isfinite(d)) fail(where, "число должно быть конечным");
  return d;
}

const json& array_field(const json& b, const char* name, const std::string& where) {
  const auto& a = field(b, name, where);
  if (!a.is_array()) fail(where, std::string("поле «") + name + "» должно быть массивом");
  return a;
}

std::string one_of(const json& v, const std::set<std::string>& allowed, const std::string& where,
                   const char* name) {
  std::string s = text_of(v, where, name);
  if (allowed.count(s)) return s;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  fail(where, std::string("поле «") + name + "» = «" + s + "»: допустимо " + list);
}

const std::set<std::string> kUnits = {"count", "percent", "number"};
const std::set<std::string> kStatuses = {"done", "in_progress", "overdue", "due", "upcoming",
                                         "planned", "open", "cancelled", "met", "not_met",
                                         "window", "not_due"};

json titled(const json& in, json out) {
  if (in.contains("title") && in["title"].is_string()) out["title"] = in["title"];
  return out;
}

void paragraph(const json& b, const std::string& w, json& out) {
  out.push_back(titled(b, {{"type", "text"}, {"text", text_of(field(b, "text", w), w, "text")}}));
}

// A key–value table is a two-column table: the renderers already draw it well.
void key_value(const json& b, const std::string& w, json& out) {
  json rows = json::array();
  std::size_t i = 0;
  for (const auto& it : array_field(b, "items", w)) {
    std::string at = w + ", строка №" + std::to_string(++i);
    if (!it.is_object()) fail(at, "ожидается { label = ..., value = ... }");
    rows.push_back({{"label", text_of(field(it, "label", at), at, "label")},
                    {"value", it.contains("value") && !it["value"].is_null()
                                  ? text_of(it["value"], at, "value")
                                  : std::string("—")}});
  }
  out.push_back(titled(b, {{"type", "table"},
                           {"columns", json::array({{{"key", "label"}, {"title", "Показатель"},
                                                     {"type", "text"}},
                                                    {{"key", "value"}, {"title", "Значение"},
                                                     {"type", "text"}}})},
                           {"rows", std::move(rows)}}));
}

void table(const json& b, const std::string& w, json& out) {
  static const std::set<std::string> types = {"text", "number", "count", "percent", "date",
                                              "status"};
  json columns = json::array();
  std::map<std::string, std::string> type_of;
  std::size_t c = 0;
  for (const auto& col : array_field(b, "columns", w)) {
    std::string at = w + ", колонка №" + std::to_string(++c);
    if (!col.is_object()) fail(at, "ожидается { key = ..., title = ..., type = ... }");
    std::string key = text_of(field(col, "key", at), at, "key");
    std::string type = col.contains("type") ? one_of(col["type"], types, at, "type") : "text";
    if (type_of.count(key)) fail(at, "колонка «" + key + "» повторяется");
    type_of[key] = type;
    columns.push_back({{"key", key},
                       {"title", col.contains("title") ? text_of(col["title"], at, "title") : key},
                       {"type", type}});
  }
  if (columns.empty()) fail(w, "в таблице нет колонок");
  json rows = json::array();
  std::size_t r = 0;
  for (const auto& row : array_field(b, "rows", w)) {
    std::string at = w + ", строка №" + std::to_string(++r);
    if (!row.is_object()) fail(at, "строка должна быть таблицей { колонка = значение }");
    json clean = json::object();
    for (const auto& [key, v] : row.items()) {
      auto t = type_of.find(key);
      if (t == type_of.end()) fail(at, "нет колонки «" + key + "»");
      std::string cell = at + ", колонка «" + key + "»";
      if (v.is_null()) {
        clean[key] = nullptr;
      } else if (t->second == "text") {
        clean[key] = text_of(v, cell, key.c_str());
      } else if (t->second == "date") {
        if (!v.is_string() || !Date::from_iso(v.get<std::string>()))
          fail(cell, "дата должна быть строкой ГГГГ-ММ-ДД");
        clean[key] = v;
      } else if (t->second == "status") {
        clean[key] = one_of(v, kStatuses, cell, key.c_str());
      } else {
        clean[key] = *number_or_null(v, cell);
      }
    }
    rows.push_back(std::move(clean));
  }
  json t = titled(b, {{"type", "table"}, {"columns", std::move(columns)}, {"rows", std::move(rows)}});
  if (b.contains("status_key")) {
    std::string k = text_of(b["status_key"], w, "status_key");
    if (!type_of.count(k)) fail(w, "status_key: нет колонки «" + k + "»");
    t["status_key"] = k;
  }
  out.push_back(std::move(t));
}

void bar_chart(const json& b, const std::string& w, json& out) {
  json bars = json::array();
  std::size_t i = 0;
  for (const auto& bar : array_field(b, "bars", w)) {
    std::string at = w + ", столбец №" + std::to_string(++i);
    if (!bar.is_object()) fail(at, "ожидается { label = ..., value = ... }");
    auto v = number_or_null(field(bar, "value", at), at);
    json j = {{"label", text_of(field(bar, "label", at), at, "label")}, {"value", *v}};
    if (bar.contains("target")) {
      if (auto t = number_or_null(bar["target"], at)) j["target"] = *t;
    }
    bars.push_back(std::move(j));
  }
  out.push_back(titled(b, {{"type", "bar_chart"},
                           {"unit", b.contains("unit") ? one_of(b["unit"], kUnits, w, "unit")
                                                       : std::string("number")},
                           {"bars", std::move(bars)}}));
}

void line_chart(const json& b, const std::string& w, json& out) {
  json x = json::array();
  for (const auto& l : array_field(b, "x", w)) x.push_back(text_of(l, w + ", x", "x"));
  json series = json::array();
  std::size_t i = 0;
  for (const auto& s : array_field(b, "series", w)) {
    std::string at = w + ", ряд №" + std::to_string(++i);
    if (!s.is_object()) fail(at, "ожидается { label = ..., values = { ... } }");
    json values = json::array();
    for (const auto& v : array_field(s, "values", at)) {
      auto d = number_or_null(v, at);
      values.push_back(d ? json(*d) : json(nullptr));
    }
    if (values.size() != x.size())
      fail(at, "значений " + std::to_string(values.size()) + ", а подписей x " +
                   std::to_string(x.size()));
    series.push_back({{"label", text_of(field(s, "label", at), at, "label")},
                      {"values", std::move(values)}});
  }
  out.push_back(titled(b, {{"type", "line_chart"},
                           {"unit", b.contains("unit") ? one_of(b["unit"], kUnits, w, "unit")
                                                       : std::string("number")},
                           {"x", std::move(x)},
                           {"series", std::move(series)}}));
}

// A list is drawn as paragraphs, one per item: no renderer needs a new kind for it.
void list(const json& b, const std::string& w, json& out) {
  bool first = true;
  for (const auto& it : array_field(b, "items", w)) {
    json p = {{"type", "text"}, {"text", "— " + text_of(it, w, "items")}};
    if (first) p = titled(b, std::move(p));
    first = false;
    out.push_back(std::move(p));
  }
}

using Mapper = std::function<void(const json&, const std::string&, json&)>;

// The block kinds a section may return, by `type`.
const std::map<std::string, Mapper>& kinds() {
  static const std::map<std::string, Mapper> all = {
      {"paragraph", paragraph}, {"text", paragraph},   {"key_value", key_value},
      {"table", table},         {"bar_chart", bar_chart}, {"line_chart", line_chart},
      {"list", list}};
  return all;
}

}  // namespace

nlohmann::json section_blocks(const nlohmann::json& returned) {
  // An empty Lua table converts to an empty array or object alike: both mean "no blocks".
  if (returned.is_object() && returned.empty()) return json::array();
  if (!returned.is_array()) throw BlockError("раздел должен вернуть массив блоков");
  json out = json::array();
  std::size_t i = 0;
  for (const auto& b : returned) {
    std::string where = "блок №" + std::to_string(++i);
    if (!b.is_object() || !b.contains("type") || !b["type"].is_string())
      fail(where, "блок должен быть таблицей с полем type");
    std::string type = b["type"].get<std::string>();
    where += " (" + type + ")";
    auto k = kinds().find(type);
    if (k == kinds().end()) {
      std::string known;
      for (const auto& [name, m] : kinds()) known += (known.empty() ? "" : ", ") + name;
      fail(where, "неизвестный тип блока (есть: " + known + ")");
    }
    k->second(b, where, out);
  }
  return out;
}

}  // namespace opora::host
