// The route table: every page, API endpoint and asset of the server is one row — method, path
// pattern, kind, the Action it needs, how its territory is found, and the handler. The server
// registers exactly these rows and nothing else; `opora serve --routes` prints them (for the
// access-matrix test), docs/web-api.md describes them.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "web/context.hpp"

namespace opora::host::web {

// How the territory (and school) of a request is found before the handler runs. Each is one
// resolver in routes.cpp; the access check runs on what it returns.
//   none        not about a territory (login, me, the list of territories, assets)
//   path        the {territory} of the path
//   activity    the plan of activity {id} (path)
//   occurrence  the plan of the occurrence named by the form / JSON field "occurrence", with its
//               school (a curator writes only their school's rows)
//   activity_field  the plan of the activity named by the field "activity", with the school of
//               the field "school" (which auth::allowed requires to lie in that territory)
//   row         the plan of progress row {row} (path), with its occurrence's school
//   participation  the plan of participation row {id}, with its school
//   attachment  the plan of the progress row attachment {id} belongs to
//   global      everything (administration): checked against the federal level
enum class TargetFrom { none, path, activity, activity_field, occurrence, row, participation, attachment, global };

using Handler = std::function<void(Ctx&)>;

struct Route {
  std::string method;   // GET | POST
  std::string pattern;  // "/t/{territory}/month"; {territory} matches a territory id with '/'
  Kind kind = Kind::page;
  // nullopt: public (login page, assets). Otherwise a session is required and auth::allowed()
  // must grant this action on the resolved target (for TargetFrom::none, a session suffices).
  std::optional<auth::Action> action;
  TargetFrom target = TargetFrom::none;
  std::string title;  // what it is, in Russian (docs and --routes)
  Handler handler;
  bool csrf = true;   // POST only: the session's CSRF token must come with it (not for login)
};

const std::vector<Route>& route_table();

std::string_view action_id(auth::Action a);
std::string_view target_id(TargetFrom t);

// Each group of handlers adds its rows (pages_*.cpp, api.cpp).
void add_page_routes(std::vector<Route>& out);
void add_api_routes(std::vector<Route>& out);
void add_asset_routes(std::vector<Route>& out);

}  // namespace opora::host::web
