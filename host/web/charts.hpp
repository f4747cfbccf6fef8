// The pages' charts as SVG images: one route per chart (charts.cpp), embedded with <img>.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "web/routes.hpp"

namespace opora::host::web {

// The image address of `chart` (an id of the chart table in charts.cpp) for the month.
std::string chart_src(const std::string& territory, std::string_view chart,
                      const std::string& month);
// A <figure> with the chart's <img>, `alt` its caption and its text for screen readers.
std::string chart_img(const std::string& territory, std::string_view chart,
                      const std::string& month, std::string_view alt);

void add_chart_routes(std::vector<Route>& out);

}  // namespace opora::host::web
