// Params ⇄ JSON, for the saved rule set of a run and for `opora packages --json`.
#pragma once
#include <nlohmann/json.hpp>
#include <opora/params.hpp>

namespace opora::host {

inline nlohmann::json params_to_json(const Params& p) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : p.all())
    std::visit([&, key = k](const auto& x) { j[key] = x; }, v);
  return j;
}

}  // namespace opora::host
