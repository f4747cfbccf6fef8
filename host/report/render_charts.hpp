// The charts of the HTML report as inline SVG, one function per chart block of
// docs/report-schema.md. Input blocks are already validated by parse_report().
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace opora::host::render {

// Horizontal bars (class "bar"), each with its value and, when given, a target mark (class
// "target"); bars with `parts` are stacked (class "bar-part") with a legend of the parts.
std::string bar_chart_svg(const nlohmann::json& block);

// Lines with axes, gridlines, point markers, value labels on the last point and a legend; each
// series has its own colour and dash pattern, so it reads in black-and-white print too.
std::string line_chart_svg(const nlohmann::json& block);

// Rows × columns of coloured cells (class "cell"), each with its status mark, and a legend.
std::string matrix_svg(const nlohmann::json& block);

// The chart of a bar_chart, line_chart or matrix block by its type; "" for any other block.
// The HTML report inlines it, the web serves it as an image (web/charts.cpp).
std::string chart_svg(const nlohmann::json& block);

}  // namespace opora::host::render
