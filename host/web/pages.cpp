#include "web/pages.hpp"

#include "web/charts.hpp"

namespace opora::host::web {

void add_page_routes(std::vector<Route>& out) {
  add_account_pages(out);
  add_month_pages(out);
  add_region_pages(out);
  add_document_pages(out);
  add_chart_routes(out);
}

}  // namespace opora::host::web
