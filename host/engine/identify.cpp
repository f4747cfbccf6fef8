#include "engine/identify.hpp"

#include <map>
#include <memory>
#include <set>
#include <stdexcept>

#include "engine/params_json.hpp"
#include "engine/rule_diff.hpp"

namespace opora::host {

namespace {

struct RunKey {
  const Criterion* criterion;
  std::string region;
  std::string params;
  bool operator<(const RunKey& o) const {
    return std::tie(criterion, region, params) < std::tie(o.criterion, o.region, o.params);
  }
};

}  // namespace

Identification identify(const Catalog& catalog, const Snapshot& data, std::string_view territory,
                        int year) {
  Identification out;
  out.territory = std::string(territory);
  out.year = year;

  auto targets = data.schools_in(territory);

  // What a municipality runs: its effective criteria with merged parameters, computed once.
  struct Prepared {
    const Entry<Criterion>* entry;
    Params params;
    std::string params_key;
    std::string rule_key;
    std::string config_problem;  // a configure{} the rule cannot use: the criterion fails with it
  };
  struct Plan {
    Effective effective;
    std::vector<Prepared> criteria;
  };
  std::map<std::string, std::unique_ptr<Plan>, std::less<>> plans;
  // One started run per (criterion, region, parameters): prepare() runs once.
  std::map<RunKey, std::unique_ptr<CriterionRun>> runs;
  // rule key → its entry in out.failures
  std::map<std::string, std::size_t> failed;
  nlohmann::json rules = nlohmann::json::object();

  for (auto school : targets) {
    auto t = data.territory_of(school);
    auto plan_it = plans.find(t);
    if (plan_it == plans.end()) {
      auto plan = std::make_unique<Plan>();
      plan->effective = catalog.effective(t);
      for (const auto& entry : plan->effective.criteria) {
        Params params = plan->effective.params_for(entry);
        auto pjson = params_to_json(params);
        auto rule_key = entry.item->id() + "@" + entry.origin.where;
        // A municipality's configure{} gives the same rule other parameters: its own item in the
        // rule set, so the rule set (and its hash) changes when any territory's parameters do.
        if (rules.contains(rule_key) && rules[rule_key]["params"] != pjson)
          rule_key += " " + std::string(t);
        if (!rules.contains(rule_key))
          rules[rule_key] = {{"criterion", entry.item->id()},
                             {"category", entry.item->category()},
                             {"origin", entry.origin.where},
                             {"territory", entry.territory},
                             {"params", pjson}};
        // The rule's code: a changed package text is a changed rule even with equal parameters.
        if (!entry.origin.source.empty()) rules[rule_key]["source"] = entry.origin.source;
        plan->criteria.push_back({&entry, std::move(params), pjson.dump(), rule_key,
                                  override_problem(plan->effective, entry)});
      }
      plan_it = plans.emplace(std::string(t), std::move(plan)).first;
    }

    SchoolOutcome outcome{school, {}, {}};
    for (const auto& c : plan_it->second->criteria) {
      const auto& item = *c.entry->item;
      if (auto f = failed.find(c.rule_key); f != failed.end()) {
        out.failures[f->second].schools.push_back(school);
        continue;
      }
      try {
        if (!c.config_problem.empty()) throw std::runtime_error(c.config_problem);
        RunKey key{&item, std::string(data.region_of(school)), c.params_key};
        auto run_it = runs.find(key);
        if (run_it == runs.end()) {
          RunContext ctx{data, year, key.region, data.region_population(key.region)};
          run_it = runs.emplace(key, item.start(ctx, c.params)).first;
        }
        Verdict v = run_it->second->evaluate(school);
        auto cat = item.category();
        if (v.flagged &&
            std::find(outcome.categories.begin(), outcome.categories.end(), cat) ==
                outcome.categories.end())
          outcome.categories.push_back(cat);
        outcome.verdicts.push_back({item.id(), std::move(cat), std::move(v)});
      } catch (const std::exception& e) {
        // A failing criterion is named and skipped; the rest of the run goes on.
        failed.emplace(c.rule_key, out.failures.size());
        out.failures.push_back({item.id(), c.entry->origin.where, e.what(), school, {school}});
        out.errors.push_back("критерий " + item.id() + " (" + c.entry->origin.where +
                             "): " + e.what());
      }
    }
    out.schools.push_back(std::move(outcome));
  }
  out.ruleset = std::move(rules);
  out.ruleset_hash = ruleset_fingerprint(out.ruleset);
  return out;
}

std::string describe_failures(const Identification& id, const Snapshot& data,
                              std::size_t max_logins) {
  std::string out;
  for (const auto& f : id.failures) {
    out += "  критерий " + f.criterion + " (" + f.origin + "): без вердикта " +
           std::to_string(f.schools.size()) + " из " + std::to_string(id.schools.size()) +
           " школ:";
    for (std::size_t i = 0; i < f.schools.size() && i < max_logins; ++i)
      out += std::string(i ? ", " : " ") + std::string(data.school(f.schools[i]).login);
    if (f.schools.size() > max_logins)
      out += " и ещё " + std::to_string(f.schools.size() - max_logins);
    out += "; ошибка у школы " + std::string(data.school(f.failed_at).login) + ": " + f.error +
           "\n";
  }
  return out;
}

nlohmann::json to_json(const Identification& id, const Snapshot& data, bool flagged_only) {
  nlohmann::json schools = nlohmann::json::array();
  for (const auto& s : id.schools) {
    if (flagged_only && s.categories.empty()) continue;
    auto info = data.school(s.school);
    nlohmann::json verdicts = nlohmann::json::array();
    for (const auto& v : s.verdicts)
      verdicts.push_back({{"criterion", v.criterion},
                          {"category", v.category},
                          {"flagged", v.verdict.flagged},
                          {"score", v.verdict.score},
                          {"explanation", v.verdict.explanation}});
    schools.push_back({{"login", info.login},
                       {"name", info.name},
                       {"territory", info.territory},
                       {"categories", s.categories},
                       {"verdicts", std::move(verdicts)}});
  }
  nlohmann::json j = {{"territory", id.territory}, {"year", id.year}, {"schools", std::move(schools)}};
  if (!id.errors.empty()) j["errors"] = id.errors;
  if (!id.failures.empty()) {
    nlohmann::json failures = nlohmann::json::array();
    for (const auto& f : id.failures) {
      nlohmann::json logins = nlohmann::json::array();
      for (auto s : f.schools) logins.push_back(std::string(data.school(s).login));
      failures.push_back({{"criterion", f.criterion},
                          {"origin", f.origin},
                          {"error", f.error},
                          {"failed_at", std::string(data.school(f.failed_at).login)},
                          {"schools", std::move(logins)}});
    }
    j["failures"] = std::move(failures);
  }
  return j;
}

}  // namespace opora::host
