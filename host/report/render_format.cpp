#include "report/render_format.hpp"

#include <cmath>
#include <cstdio>

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

std::optional<Date> parse_date(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (iso[i] < '0' || iso[i] > '9') return -1;
      v = v * 10 + (iso[i] - '0');
    }
    return v;
  };
  Date d{digits(0, 4), digits(5, 2), digits(8, 2)};
  if (d.year < 1900 || d.month < 1 || d.month > 12 || d.day < 1) return std::nullopt;
  static constexpr int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  int max = d.month == 2 && !leap ? 28 : days[d.month - 1];
  if (d.day > max) return std::nullopt;
  return d;
}

std::string format_date(std::string_view iso) {
  auto d = parse_date(iso);
  if (!d) return std::string(iso);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", d->day, d->month, d->year);
  return buf;
}

std::string format_month(std::string_view ym) {
  static constexpr const char* names[] = {"январь", "февраль", "март",     "апрель",
                                          "май",    "июнь",    "июль",     "август",
                                          "сентябрь", "октябрь", "ноябрь", "декабрь"};
  if (ym.size() != 7 || ym[4] != '-') return std::string(ym);
  auto d = parse_date(std::string(ym) + "-01");
  if (!d) return std::string(ym);
  return std::string(names[d->month - 1]) + " " + std::string(ym.substr(0, 4));
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

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace opora::host::render
