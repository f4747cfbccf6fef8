#include "web/routes.hpp"

namespace opora::host::web {

const std::vector<Route>& route_table() {
  static const std::vector<Route> table = [] {
    std::vector<Route> out;
    add_asset_routes(out);
    add_page_routes(out);
    add_api_routes(out);
    return out;
  }();
  return table;
}

std::string_view action_id(auth::Action a) {
  switch (a) {
    case auth::Action::read: return "read";
    case auth::Action::write: return "write";
    case auth::Action::administer: return "administer";
  }
  return "?";
}

std::string_view target_id(TargetFrom t) {
  switch (t) {
    case TargetFrom::none: return "none";
    case TargetFrom::path: return "path";
    case TargetFrom::activity: return "activity";
    case TargetFrom::activity_field: return "activity_field";
    case TargetFrom::occurrence: return "occurrence";
    case TargetFrom::row: return "row";
    case TargetFrom::participation: return "participation";
    case TargetFrom::attachment: return "attachment";
    case TargetFrom::global: return "global";
  }
  return "?";
}

}  // namespace opora::host::web
