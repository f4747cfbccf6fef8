// A small SVG writer for the inline charts of the HTML report. Every string that goes in is
// escaped here, so chart code cannot forget to.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace opora::host::render {

// Escapes & < > " ' for element text and attribute values alike.
std::string xml_escape(std::string_view s);

class Svg {
 public:
  // `title` is the accessible name (role="img" + <title>).
  Svg(double width, double height, std::string_view title);

  struct Style {
    std::string fill = "none";
    std::string stroke = "none";
    double stroke_width = 1;
    std::string dash;      // stroke-dasharray, "" for solid
    std::string css_class;  // class attribute, "" for none

    static Style filled(std::string fill, std::string css_class = "", std::string stroke = "none") {
      Style s;
      s.fill = std::move(fill);
      s.css_class = std::move(css_class);
      s.stroke = std::move(stroke);
      return s;
    }
    static Style stroked(std::string stroke, double width = 1, std::string dash = "",
                         std::string css_class = "") {
      Style s;
      s.stroke = std::move(stroke);
      s.stroke_width = width;
      s.dash = std::move(dash);
      s.css_class = std::move(css_class);
      return s;
    }
  };

  // `tooltip` becomes a <title> child: shown on hover, read by screen readers.
  void rect(double x, double y, double w, double h, const Style& style,
            std::string_view tooltip = "");
  void line(double x1, double y1, double x2, double y2, const Style& style);
  void polyline(const std::vector<std::pair<double, double>>& points, const Style& style);
  void circle(double cx, double cy, double r, const Style& style, std::string_view tooltip = "");

  enum class Anchor { start, middle, end };
  struct Text {
    double size = 11;
    Anchor anchor = Anchor::start;
    bool bold = false;
    std::string fill = "#212121";
    double rotate = 0;  // degrees around (x, y)
  };
  void text(double x, double y, std::string_view s, const Text& t);

  std::string str() const;

 private:
  double width_, height_;
  std::string title_;
  std::string body_;
};

}  // namespace opora::host::render
