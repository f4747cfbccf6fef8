#include "report/render_format.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "engine/status.hpp"

namespace opora::host::render {

StatusStyle status_style(std::string_view s) {
  // Plan marks take their words from the engine, the same as `roadmap status` prints.
  auto plan = [&](const char* colour, const char* mark) {
    return StatusStyle{std::string(status_label(s)), colour, mark};
  };
  if (s == "done") return plan("#2e7d32", "✓");
  if (s == "done_late") return plan("#9e9d24", "✓!");
  if (s == "in_progress") return plan("#1565c0", "→");
  if (s == "overdue") return plan("#c62828", "!");
  if (s == "due") return plan("#ef6c00", "●");
  if (s == "window") return plan("#1565c0", "◐");
  if (s == "upcoming") return plan("#8e24aa", "»");
  if (s == "not_due") return plan("#90a4ae", "○");
  if (s == "planned") return plan("#90a4ae", "○");
  if (s == "open") return plan("#00838f", "~");
  if (s == "cancelled") return plan("#616161", "×");
  if (s == "met") return {"достигнут", "#2e7d32", "✓"};
  if (s == "not_met") return {"не достигнут", "#c62828", "✗"};
  if (s == "ok") return {"в норме", "#2e7d32", "✓"};
  if (s == "warn") return {"требует внимания", "#ef6c00", "!"};
  if (s == "bad") return {"критично", "#c62828", "‼"};
  return {std::string(s), "#9e9e9e", "?"};
}

std::optional<host::Date> parse_date(std::string_view iso) { return host::Date::from_iso(iso); }

std::string format_date(std::string_view iso) {
  auto d = parse_date(iso);
  return d ? d->russian() : std::string(iso);
}

std::string format_month(std::string_view ym) {
  auto label = host::month_label(ym);
  return label ? *label : std::string(ym);
}

std::string format_timestamp(std::string_view ts) {
  if (ts.size() < 16 || ts[10] != 'T') return format_date(ts);
  auto day = parse_date(ts.substr(0, 10));
  if (!day) return std::string(ts);
  if (ts.back() == 'Z' && ts.size() >= 19) {
    std::tm utc{};
    utc.tm_year = day->y - 1900;
    utc.tm_mon = day->m - 1;
    utc.tm_mday = day->d;
    utc.tm_hour = std::atoi(std::string(ts.substr(11, 2)).c_str());
    utc.tm_min = std::atoi(std::string(ts.substr(14, 2)).c_str());
    utc.tm_sec = std::atoi(std::string(ts.substr(17, 2)).c_str());
    std::time_t t = timegm(&utc);
    std::tm local{};
    localtime_r(&t, &local);
    char buf[32];
    std::strftime(buf, sizeof buf, "%d.%m.%Y %H:%M", &local);
    return buf;
  }
  return day->russian() + " " + std::string(ts.substr(11, 5));
}

std::string format_number(double v, int decimals) {
  if (!std::isfinite(v)) return "—";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string raw = buf;
  // Drop trailing zeros of the fraction: 80.0 reads as "80", 35.70 as "35,7".
  if (auto dot = raw.find('.'); dot != std::string::npos) {
    while (raw.back() == '0') raw.pop_back();
    if (raw.back() == '.') raw.pop_back();
  }
  std::string sign;
  if (!raw.empty() && raw[0] == '-') {
    sign = "−";
    raw.erase(0, 1);
  }
  auto dot = raw.find('.');
  std::string whole = raw.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : "," + raw.substr(dot + 1);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0 && whole.size() > 4) grouped += "\u00a0";
    grouped += whole[i];
  }
  if (grouped == "0" && frac.empty()) sign.clear();
  return sign + grouped + frac;
}

std::string format_unit(double v, std::string_view unit) {
  if (unit == "percent") return format_number(v, 1) + "\u00a0%";
  if (unit == "count") return format_number(v, 0);
  return format_number(v, 2);
}

std::string format_value(const nlohmann::json& v, std::string_view type) {
  if (v.is_null()) return "—";
  if (type == "status" && v.is_string()) return status_style(v.get<std::string>()).label;
  if (type == "date" && v.is_string()) return format_date(v.get<std::string>());
  if (v.is_number()) return format_unit(v.get<double>(), type);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "да" : "нет";
  return v.dump();
}

std::string cell_type(const nlohmann::json& row, const nlohmann::json& column) {
  const std::string key = column.value("key", std::string());
  auto units = row.find("units");
  if (units != row.end() && units->is_object()) {
    auto it = units->find(key);
    if (it != units->end() && it->is_string()) return it->get<std::string>();
  }
  return column.value("type", std::string("text"));
}

std::vector<std::string> paragraphs(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    while (!cur.empty() && cur.back() == ' ') cur.pop_back();
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  std::size_t i = 0;
  while (i <= text.size()) {
    std::size_t nl = text.find('\n', i);
    std::string_view line = text.substr(i, nl == std::string_view::npos ? text.npos : nl - i);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty()) flush();
    else cur += (cur.empty() ? "" : " ") + std::string(line);
    if (nl == std::string_view::npos) break;
    i = nl + 1;
  }
  flush();
  return out;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string identification_run_text(const nlohmann::json& doc) {
  auto it = doc.find("identification_run");
  if (it == doc.end() || !it->is_object()) return {};
  const auto& r = *it;
  std::string out = "Отбор школ: запуск №" + r.value("id", nlohmann::json(0)).dump();
  if (r.contains("created_at") && r["created_at"].is_string())
    out += " от " + format_timestamp(r["created_at"].get<std::string>());
  if (r.contains("year") && r["year"].is_number()) out += " (" + r["year"].dump() + " год)";
  auto hash = [&](const char* key) {
    return r.contains(key) && r[key].is_string() && !r[key].get<std::string>().empty()
               ? r[key].get<std::string>()
               : std::string("не записан");
  };
  return out + "; отпечаток правил " + hash("ruleset_hash") + ", данных " + hash("data_hash");
}

}  // namespace opora::host::render
