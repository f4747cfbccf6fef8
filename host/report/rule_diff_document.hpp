// `opora diff` as data: the JSON of `--json` and the report document (`opora.report/1`) every
// renderer draws, so the comparison is a file a ministry attaches to a draft order.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "dataset/snapshot.hpp"
#include "engine/rule_diff.hpp"

namespace opora::host {

struct RuleSide {
  std::string label;         // Russian: «действующие правила», «запуск №3 от …», «правила из DIR»
  std::string ruleset_hash;
  std::int64_t run = 0;      // the saved run it is, 0 for a fresh identification
};

struct RuleDiffView {
  std::string territory, territory_name;
  int year = 0;
  RuleSide a, b;
  std::vector<RuleChange> rules;
  const IdentificationDiff& diff;
  const Snapshot& data;
  const Effective& eff;  // category titles
  bool synthetic = false;
  std::string generated_at;  // "" = now
};

nlohmann::json rule_diff_json(const RuleDiffView& v);
nlohmann::json rule_diff_document(const RuleDiffView& v);

}  // namespace opora::host
