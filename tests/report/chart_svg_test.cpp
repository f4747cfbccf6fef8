// chart_svg: the one entry the HTML report and the web's chart images draw through.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/render_charts.hpp"

namespace {

using nlohmann::json;
using opora::host::render::bar_chart_svg;
using opora::host::render::chart_svg;
using opora::host::render::line_chart_svg;

const json bar = {{"type", "bar_chart"},
                  {"title", "Показатели <b>"},
                  {"unit", "percent"},
                  {"bars", json::array({{{"label", "<script>alert('x')</script>"},
                                         {"value", 40},
                                         {"target", 50}}})}};

TEST(ChartSvg, DrawsEachChartTypeByItsOwnFunction) {
  EXPECT_EQ(chart_svg(bar), bar_chart_svg(bar));
  json line = {{"type", "line_chart"}, {"title", "Динамика"}, {"unit", "percent"},
               {"x", {"2022", "2023"}},
               {"series", json::array({{{"label", "все"}, {"values", {10.5, 12}}}})}};
  EXPECT_EQ(chart_svg(line), line_chart_svg(line));
  EXPECT_EQ(chart_svg({{"type", "table"}, {"rows", json::array()}}), "");
  EXPECT_EQ(chart_svg({{"type", "text"}, {"text", "x"}}), "");
}

TEST(ChartSvg, UserTextIsEscapedAndTheImageIsStandalone) {
  auto svg = chart_svg(bar);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;alert(&#39;x&#39;)"), std::string::npos);
  // Presentation attributes only: an image needs no inline style the CSP would have to allow.
  EXPECT_EQ(svg.find("style="), std::string::npos);
}

}  // namespace
