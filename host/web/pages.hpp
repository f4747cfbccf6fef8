// The page groups of the route table; each pages_*.cpp adds its rows.
#pragma once
#include <vector>

#include "web/routes.hpp"

namespace opora::host::web {

void add_account_pages(std::vector<Route>& out);   // login, logout, home, accounts (admin)
void add_month_pages(std::vector<Route>& out);     // month, activity, progress, history, files
void add_region_pages(std::vector<Route>& out);    // scorecard, identification, explain
void add_document_pages(std::vector<Route>& out);  // indicators, reports, rules

}  // namespace opora::host::web
