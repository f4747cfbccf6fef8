#include "report/render_svg.hpp"

#include <cstdio>

namespace opora::host::render {
namespace {

// Coordinates with two decimals are plenty for a page and keep the file small.
std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string style_attrs(const Svg::Style& s) {
  std::string a = " fill=\"" + xml_escape(s.fill) + "\"";
  if (s.stroke != "none") {
    a += " stroke=\"" + xml_escape(s.stroke) + "\" stroke-width=\"" + num(s.stroke_width) + "\"";
    if (!s.dash.empty()) a += " stroke-dasharray=\"" + xml_escape(s.dash) + "\"";
  }
  if (!s.css_class.empty()) a += " class=\"" + xml_escape(s.css_class) + "\"";
  return a;
}

std::string close_with_tooltip(std::string_view tooltip) {
  if (tooltip.empty()) return "/>\n";
  return "><title>" + xml_escape(tooltip) + "</title></";
}

}  // namespace

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

Svg::Svg(double width, double height, std::string_view title)
    : width_(width), height_(height), title_(title) {}

void Svg::rect(double x, double y, double w, double h, const Style& style,
               std::string_view tooltip) {
  body_ += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w < 0 ? 0 : w) +
           "\" height=\"" + num(h < 0 ? 0 : h) + "\"" + style_attrs(style);
  body_ += close_with_tooltip(tooltip);
  if (!tooltip.empty()) body_ += "rect>\n";
}

void Svg::line(double x1, double y1, double x2, double y2, const Style& style) {
  body_ += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
           num(y2) + "\"" + style_attrs(style) + "/>\n";
}

void Svg::polyline(const std::vector<std::pair<double, double>>& points, const Style& style) {
  std::string pts;
  for (const auto& [x, y] : points) {
    if (!pts.empty()) pts += ' ';
    pts += num(x) + "," + num(y);
  }
  body_ += "<polyline points=\"" + pts + "\"" + style_attrs(style) +
           " stroke-linejoin=\"round\"/>\n";
}

void Svg::circle(double cx, double cy, double r, const Style& style, std::string_view tooltip) {
  body_ += "<circle cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"" + num(r) + "\"" +
           style_attrs(style);
  body_ += close_with_tooltip(tooltip);
  if (!tooltip.empty()) body_ += "circle>\n";
}

void Svg::text(double x, double y, std::string_view s, const Text& t) {
  static constexpr const char* anchors[] = {"start", "middle", "end"};
  body_ += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"" + num(t.size) +
           "\" text-anchor=\"" + anchors[static_cast<int>(t.anchor)] + "\" fill=\"" +
           xml_escape(t.fill) + "\"";
  if (t.bold) body_ += " font-weight=\"bold\"";
  if (t.rotate != 0)
    body_ += " transform=\"rotate(" + num(t.rotate) + " " + num(x) + " " + num(y) + ")\"";
  body_ += ">" + xml_escape(s) + "</text>\n";
}

std::string Svg::str() const {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 " + num(width_) +
         " " + num(height_) + "\" width=\"" + num(width_) + "\" height=\"" + num(height_) +
         "\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n<title>" + xml_escape(title_) +
         "</title>\n" + body_ + "</svg>\n";
}

}  // namespace opora::host::render
