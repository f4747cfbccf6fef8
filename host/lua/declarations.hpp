// Internal to host/lua: what one package run collects. In load mode the declarations become
// pending catalog registrations, committed only if the whole package ran without error; in
// check mode they are only validated and remembered for cross-reference checks.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "lua/engine.hpp"

namespace opora::host {

enum class LoadMode { load, check };

struct PackageLoad {
  PackageInfo info;
  LoadMode mode = LoadMode::load;
  std::shared_ptr<LuaEngine> engine;

  std::vector<std::function<void(Catalog&)>> commits;  // load mode
  std::string sources;  // every Lua text the package ran, in order (Origin::source)
  std::vector<std::string> errors;                     // check mode: every problem found
  // kind -> ids declared (uniqueness; "activity" holds the activity numbers of the roadmaps)
  std::map<std::string, std::set<std::string>> ids;
  std::size_t elements = 0;  // declared elements so far (capped: LuaLimits::max_declarations)

  // A reference to an item that must exist along the territory chain (check mode).
  struct Ref {
    std::string kind;  // category | indicator_type | indicator | item | activity
    std::string id;
    std::string where;  // "file:line: <label>"
  };
  std::vector<Ref> refs;

  // What configure{} sets is checked against the parameters of its target (check mode):
  // kind ("criterion", "indicator_type", "indicator") -> id -> declared defaults / arguments.
  std::map<std::string, std::map<std::string, Params>> params;
  std::map<std::string, std::string> indicator_type_of;  // indicator id -> type id
  struct Configure {
    std::string item;
    Params params;
    std::string where;  // "file:line: configure"
  };
  std::vector<Configure> configures;
};


}  // namespace opora::host
