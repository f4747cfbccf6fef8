// Two identifications of the same schools compared (opora diff: two rule sets; opora verify: a
// saved run and its recomputation). Both come from identify() or a saved run read back
// (engine/run_records.hpp): this file never judges a school itself.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "dataset/snapshot.hpp"
#include "engine/identify.hpp"

namespace opora::host {

struct SchoolChange {
  SchoolIndex school;
  std::string before;  // why the school is (not) in the category under rules A; "" = no verdict
  std::string after;   // the same under rules B
};

struct CategoryChange {
  std::string category;
  std::vector<SchoolChange> entered;  // in the category under B only
  std::vector<SchoolChange> left;     // under A only
  std::vector<SchoolChange> stayed;   // under both
};

// One criterion verdict of one school that is not the same in both (flagged, score or text).
struct VerdictChange {
  SchoolIndex school;
  std::string criterion;
  std::string before, after;  // "ДА/нет (score): explanation"; "" = no such verdict
};

struct IdentificationDiff {
  // Every category a verdict of either side names, in `category_order`, then the rest by code.
  std::vector<CategoryChange> categories;
  std::vector<VerdictChange> verdicts;
  bool same_categories() const;
};

// `a` and `b` must be over the same snapshot's schools (the same territory).
IdentificationDiff compare_identifications(const Identification& a, const Identification& b,
                                           const std::vector<std::string>& category_order);

// A rule item of a rule set (Identification::ruleset) that is not the same in the other:
// "criterion low_results (scripts/federal/criteria.lua:36): fail_share 0.3 → 0.25".
// A package whose Lua text changed is one change naming its criteria (criterion ""):
// "пакет federal: изменён текст правил (критерии low_results, social_risk)".
struct RuleChange {
  std::string criterion;
  std::string text;  // Russian
};
std::vector<RuleChange> compare_rulesets(const nlohmann::json& a, const nlohmann::json& b);

// The fingerprint of a rule set (Identification::ruleset_hash): of its items with package origins
// taken inside the scripts tree, so a copy of the tree under another folder name is the same
// rule set.
std::string ruleset_fingerprint(const nlohmann::json& ruleset);

// The category's explanations of a school's verdicts: the flagged ones when it is in the
// category, every one otherwise; "" when it has no verdict of that category.
std::string category_explanation(const SchoolOutcome& s, const std::string& category);

}  // namespace opora::host
