#include "report/render_charts.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "report/render_format.hpp"
#include "report/render_svg.hpp"

namespace opora::host::render {
namespace {

using json = nlohmann::json;

constexpr double kWidth = 700;       // CSS px: fits the A4 content width; scales down if needed
constexpr double kCharWidth = 7.0;   // average glyph width of 11 px DejaVu Sans, Cyrillic

// Splits text into at most `max_lines` lines of about `max_chars` characters at spaces; the last
// line ends with "…" when text remains.
std::vector<std::string> wrap(std::string_view text, std::size_t max_chars, std::size_t max_lines) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t sp = text.find(' ', start);
    if (sp == std::string_view::npos) sp = text.size();
    if (sp > start) words.emplace_back(text.substr(start, sp - start));
    start = sp + 1;
  }
  std::vector<std::string> lines;
  std::string cur;
  std::size_t i = 0;
  for (; i < words.size(); ++i) {
    std::string next = cur.empty() ? words[i] : cur + " " + words[i];
    if (utf8_length(next) <= max_chars || cur.empty()) {
      cur = next;
      continue;
    }
    lines.push_back(cur);
    cur = words[i];
    if (lines.size() == max_lines) break;
  }
  if (lines.size() < max_lines && !cur.empty()) {
    lines.push_back(cur);
    cur.clear();
    ++i;
  }
  bool rest = i < words.size();
  if (!lines.empty()) {
    std::string& last = lines.back();
    if (utf8_length(last) > max_chars) {
      // Cut a single over-long word on a character boundary.
      std::size_t keep = 0, chars = 0;
      while (keep < last.size() && chars + 1 < max_chars) {
        ++keep;
        while (keep < last.size() && (static_cast<unsigned char>(last[keep]) & 0xC0) == 0x80) ++keep;
        ++chars;
      }
      last = last.substr(0, keep);
      rest = true;
    }
    if (rest) last += "…";
  }
  return lines;
}

// A round axis maximum at or a little above `v`: 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^n.
double nice_max(double v) {
  if (v <= 0) return 1;
  double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0})
    if (m * p >= v - 1e-9) return m * p;
  return 10 * p;
}

// How many gridline steps divide `max` into round values (whole ones for counts).
int tick_steps(double max, bool whole) {
  for (int n : {4, 5, 6, 3, 2}) {
    double step = max / n;
    double unit = whole ? 1.0 : std::pow(10.0, std::floor(std::log10(step)));
    double r = step / (unit * (whole ? 1 : 0.5));
    if (std::abs(r - std::round(r)) < 1e-9 && step >= (whole ? 1 : 0)) return n;
  }
  return whole && max < 2 ? 1 : 4;
}

struct LegendItem {
  std::string color;
  std::string label;
  std::string mark;  // status sign drawn on the swatch, or "" for a line sample
  std::string dash;  // for a line sample
  std::string mark_color = "#ffffff";
};

// Lays legend items out left to right, wrapping; returns the height used.
double legend_height(const std::vector<LegendItem>& items, double width) {
  double x = 0, rows = items.empty() ? 0 : 1;
  for (const auto& it : items) {
    double w = 30 + utf8_length(it.label) * kCharWidth + 16;
    if (x > 0 && x + w > width) {
      ++rows;
      x = 0;
    }
    x += w;
  }
  return rows * 20;
}

void draw_legend(Svg& svg, const std::vector<LegendItem>& items, double x0, double y0,
                 double width) {
  double x = 0, y = y0;
  for (const auto& it : items) {
    double w = 30 + utf8_length(it.label) * kCharWidth + 16;
    if (x > 0 && x + w > width) {
      x = 0;
      y += 20;
    }
    if (it.mark.empty()) {
      svg.line(x0 + x, y + 8, x0 + x + 22, y + 8,
               Svg::Style::stroked(it.color, 2.5, it.dash));
    } else {
      svg.rect(x0 + x, y, 22, 15, Svg::Style::filled(it.color, "legend-swatch"));
      svg.text(x0 + x + 11, y + 11.5, it.mark,
               {.size = 10, .anchor = Svg::Anchor::middle, .bold = true, .fill = it.mark_color});
    }
    svg.text(x0 + x + 28, y + 12, it.label, {.size = 11});
    x += w;
  }
}

void add_unique(std::vector<LegendItem>& items, LegendItem item) {
  for (const auto& it : items)
    if (it.label == item.label && it.color == item.color) return;
  items.push_back(std::move(item));
}

double number_or(const json& v, double fallback) { return v.is_number() ? v.get<double>() : fallback; }

}  // namespace

std::string bar_chart_svg(const json& block) {
  const std::string unit = block.value("unit", std::string("number"));
  const json& bars = block["bars"];
  const double label_w = 250, value_w = 140, top = 8, row_h = 36, bar_h = 16;
  const double x0 = label_w + 10, x1 = kWidth - value_w;

  double max = unit == "percent" ? 100 : 0;
  bool any_target = false;
  std::vector<LegendItem> legend;
  for (const auto& b : bars) {
    max = std::max({max, number_or(b["value"], 0), number_or(b.value("target", json()), 0)});
    if (b.contains("target") && b["target"].is_number()) any_target = true;
    double sum = 0;
    for (const auto& p : b.value("parts", json::array())) {
      sum += number_or(p["value"], 0);
      std::string status = p.value("status", std::string());
      add_unique(legend, {status_style(status).color, p.value("label", status_style(status).label),
                          status_style(status).mark, ""});
    }
    max = std::max(max, sum);
  }
  max = nice_max(max);
  if (any_target) legend.insert(legend.begin(), {"#212121", "цель", "", ""});

  const double plot_h = bars.size() * row_h;
  const double axis_y = top + plot_h;
  const double legend_y = axis_y + 26;
  const double height = legend_y + legend_height(legend, kWidth) + 4;
  Svg svg(kWidth, height, block.value("title", std::string("Диаграмма")));
  auto sx = [&](double v) { return x0 + (x1 - x0) * std::clamp(v / max, 0.0, 1.0); };

  const int steps = tick_steps(max, unit == "count");
  for (int t = 0; t <= steps; ++t) {
    double v = max * t / steps, x = sx(v);
    svg.line(x, top, x, axis_y, Svg::Style::stroked("#e0e0e0"));
    svg.text(x, axis_y + 14, format_unit(v, unit),
             {.size = 9.5, .anchor = Svg::Anchor::middle, .fill = "#616161"});
  }
  svg.line(x0, top, x0, axis_y, Svg::Style::stroked("#9e9e9e"));

  double y = top;
  for (const auto& b : bars) {
    const std::string label = b["label"];
    auto lines = wrap(label, static_cast<std::size_t>(label_w / kCharWidth), 2);
    double ly = y + row_h / 2 + 4 - (lines.size() - 1) * 6.5;
    for (const auto& l : lines) {
      svg.text(label_w, ly, l, {.size = 11, .anchor = Svg::Anchor::end});
      ly += 13;
    }
    const double by = y + (row_h - bar_h) / 2;
    const json& value = b["value"];
    std::string value_text = value.is_number() ? format_unit(value.get<double>(), unit) : "нет данных";
    if (b.contains("parts") && !b["parts"].empty()) {
      double acc = 0;
      for (const auto& p : b["parts"]) {
        double v = p["value"].get<double>();
        auto st = status_style(p.value("status", std::string()));
        std::string plabel = p.value("label", st.label);
        double xa = sx(acc), xb = sx(acc + v);
        svg.rect(xa, by, xb - xa, bar_h, Svg::Style::filled(st.color, "bar-part", "#ffffff"),
                 label + ": " + plabel + " — " + format_unit(v, unit));
        if (xb - xa >= 16)
          svg.text((xa + xb) / 2, by + 12, format_unit(v, unit),
                   {.size = 10, .anchor = Svg::Anchor::middle, .bold = true, .fill = "#ffffff"});
        acc += v;
      }
      if (!value.is_number()) value_text = format_unit(acc, unit);
    } else if (value.is_number()) {
      svg.rect(x0, by, sx(value.get<double>()) - x0, bar_h, Svg::Style::filled("#4a78b8", "bar"),
               label + " — " + value_text);
    } else {
      svg.rect(x0, by, 0, bar_h, Svg::Style::filled("#4a78b8", "bar"), label + " — нет данных");
    }
    if (b.contains("target") && b["target"].is_number()) {
      double t = b["target"].get<double>(), tx = sx(t);
      svg.line(tx, by - 5, tx, by + bar_h + 5, Svg::Style::stroked("#212121", 2.5, "", "target"));
      value_text += " · цель " + format_unit(t, unit);
    }
    svg.text(x1 + 8, by + 12, value_text, {.size = 11, .bold = true});
    y += row_h;
  }
  draw_legend(svg, legend, 10, legend_y, kWidth - 20);
  return svg.str();
}

std::string line_chart_svg(const json& block) {
  static const char* colors[] = {"#1565c0", "#c62828", "#2e7d32", "#6a1b9a",
                                 "#ef6c00", "#00838f", "#5d4037", "#455a64"};
  static const char* dashes[] = {"", "7 4", "2 3", "9 3 2 3"};
  const std::string unit = block.value("unit", std::string("number"));
  const json& xs = block["x"];
  const json& series = block["series"];
  const double left = 56, right = 120, top = 14, plot_h = 220;

  double max = 0;
  for (const auto& s : series)
    for (const auto& v : s["values"]) max = std::max(max, number_or(v, 0));
  max = nice_max(max * 1.05);

  std::vector<LegendItem> legend;
  for (std::size_t i = 0; i < series.size(); ++i)
    legend.push_back({colors[i % 8], series[i]["label"], "", dashes[i % 4]});
  const double axis_y = top + plot_h, legend_y = axis_y + 34;
  const double height = legend_y + legend_height(legend, kWidth - 20) + 4;
  Svg svg(kWidth, height, block.value("title", std::string("График")));

  const double x0 = left, x1 = kWidth - right;
  const std::size_t n = xs.size();
  auto sx = [&](std::size_t i) { return n <= 1 ? (x0 + x1) / 2 : x0 + (x1 - x0) * i / (n - 1); };
  auto sy = [&](double v) { return axis_y - plot_h * std::clamp(v / max, 0.0, 1.0); };

  const int steps = tick_steps(max, unit == "count");
  for (int t = 0; t <= steps; ++t) {
    double v = max * t / steps;
    svg.line(x0, sy(v), x1, sy(v), Svg::Style::stroked(t == 0 ? "#757575" : "#e0e0e0"));
    svg.text(x0 - 6, sy(v) + 4, format_unit(v, unit),
             {.size = 9.5, .anchor = Svg::Anchor::end, .fill = "#616161"});
  }
  svg.line(x0, top, x0, axis_y, Svg::Style::stroked("#757575"));
  for (std::size_t i = 0; i < n; ++i) {
    std::string label = xs[i].is_string() ? xs[i].get<std::string>() : xs[i].dump();
    svg.line(sx(i), axis_y, sx(i), axis_y + 4, Svg::Style::stroked("#757575"));
    svg.text(sx(i), axis_y + 17, label, {.size = 10.5, .anchor = Svg::Anchor::middle});
  }

  for (std::size_t si = 0; si < series.size(); ++si) {
    const auto& s = series[si];
    const std::string label = s["label"];
    Svg::Style line = Svg::Style::stroked(colors[si % 8], 2.2, dashes[si % 4], "series");
    // A null breaks the line: a missing year must not look like a straight trend.
    std::vector<std::pair<double, double>> run;
    auto flush = [&] {
      if (run.size() > 1) svg.polyline(run, line);
      run.clear();
    };
    std::size_t last = n;
    for (std::size_t i = 0; i < n && i < s["values"].size(); ++i) {
      const json& v = s["values"][i];
      if (!v.is_number()) {
        flush();
        continue;
      }
      run.emplace_back(sx(i), sy(v.get<double>()));
      last = i;
    }
    flush();
    for (std::size_t i = 0; i < n && i < s["values"].size(); ++i) {
      const json& v = s["values"][i];
      if (!v.is_number()) continue;
      std::string xl = xs[i].is_string() ? xs[i].get<std::string>() : xs[i].dump();
      svg.circle(sx(i), sy(v.get<double>()), 3.2, Svg::Style::filled(colors[si % 8], "", "#ffffff"),
                 label + ", " + xl + ": " + format_unit(v.get<double>(), unit));
    }
    if (last < n) {
      double v = s["values"][last].get<double>();
      svg.text(sx(last) + 7, sy(v) + 4, format_unit(v, unit),
               {.size = 10, .bold = true, .fill = colors[si % 8]});
    }
  }
  draw_legend(svg, legend, 10, legend_y, kWidth - 20);
  return svg.str();
}

std::string matrix_svg(const json& block) {
  const json& rows = block["rows"];
  const json& cols = block["columns"];
  const json& cells = block["cells"];
  const double label_w = 230;
  const std::size_t ncols = std::max<std::size_t>(cols.size(), 1);
  const double cell_w = std::min(90.0, (kWidth - label_w - 10) / ncols), cell_h = 28;
  const bool rotated = cell_w < 50;
  const std::size_t col_chars = static_cast<std::size_t>((cell_w - 4) / (kCharWidth * 0.9));
  const double head_h = rotated ? 120 : 46;

  std::vector<LegendItem> legend;
  for (const auto& row : cells)
    for (const auto& c : row)
      if (c.is_string()) {
        auto st = status_style(c.get<std::string>());
        add_unique(legend, {st.color, st.label, st.mark, ""});
      }
  bool any_empty = false;
  for (const auto& row : cells)
    for (const auto& c : row) any_empty = any_empty || c.is_null();
  if (any_empty) legend.push_back({"#f5f5f5", "не относится к школе", "—", "", "#757575"});

  const double grid_y = head_h, legend_y = grid_y + rows.size() * cell_h + 16;
  const double height = legend_y + legend_height(legend, kWidth - 20) + 4;
  Svg svg(kWidth, height, block.value("title", std::string("Матрица статусов")));

  for (std::size_t j = 0; j < cols.size(); ++j) {
    std::string label = cols[j].is_string() ? cols[j].get<std::string>() : cols[j].dump();
    double cx = label_w + 10 + j * cell_w + cell_w / 2;
    if (rotated) {
      auto l = wrap(label, 20, 1);
      svg.text(cx + 3, head_h - 6, l.empty() ? "" : l[0], {.size = 10, .rotate = -60});
    } else {
      auto lines = wrap(label, std::max<std::size_t>(col_chars, 4), 3);
      double ly = head_h - 6 - (lines.size() - 1) * 12;
      for (const auto& l : lines) {
        svg.text(cx, ly, l, {.size = 9.5, .anchor = Svg::Anchor::middle});
        ly += 12;
      }
    }
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::string rlabel = rows[i].is_string() ? rows[i].get<std::string>() : rows[i].dump();
    double y = grid_y + i * cell_h;
    auto lines = wrap(rlabel, static_cast<std::size_t>(label_w / kCharWidth), 1);
    svg.text(label_w, y + cell_h / 2 + 4, lines.empty() ? "" : lines[0],
             {.size = 11, .anchor = Svg::Anchor::end});
    for (std::size_t j = 0; j < cols.size(); ++j) {
      double x = label_w + 10 + j * cell_w;
      std::string clabel = cols[j].is_string() ? cols[j].get<std::string>() : cols[j].dump();
      const json& c = cells[i][j];
      if (c.is_string()) {
        auto st = status_style(c.get<std::string>());
        svg.rect(x + 1, y + 1, cell_w - 2, cell_h - 2, Svg::Style::filled(st.color, "cell"),
                 rlabel + " — " + clabel + ": " + st.label);
        svg.text(x + cell_w / 2, y + cell_h / 2 + 4.5, st.mark,
                 {.size = 12, .anchor = Svg::Anchor::middle, .bold = true, .fill = "#ffffff"});
      } else {
        svg.rect(x + 1, y + 1, cell_w - 2, cell_h - 2,
                 Svg::Style::filled("#f5f5f5", "cell", "#e0e0e0"),
                 rlabel + " — " + clabel + ": не относится");
        svg.text(x + cell_w / 2, y + cell_h / 2 + 4, "—",
                 {.size = 11, .anchor = Svg::Anchor::middle, .fill = "#9e9e9e"});
      }
    }
  }
  draw_legend(svg, legend, 10, legend_y, kWidth - 20);
  return svg.str();
}

std::string chart_svg(const nlohmann::json& block) {
  using Draw = std::string (*)(const nlohmann::json&);
  static const std::pair<std::string_view, Draw> charts[] = {
      {"bar_chart", bar_chart_svg}, {"line_chart", line_chart_svg}, {"matrix", matrix_svg}};
  const auto type = block.value("type", std::string());
  for (const auto& [name, draw] : charts)
    if (type == name) return draw(block);
  return {};
}

}  // namespace opora::host::render
