#include "web/year_compare.hpp"

#include <map>

#include "engine/rule_diff.hpp"
#include "engine/run_records.hpp"
#include "engine/runs.hpp"
#include "report/rule_diff_document.hpp"
#include "web/context.hpp"
#include "web/views.hpp"

namespace opora::host::web {

namespace {

// Last year's outcomes re-indexed onto this year's snapshot (schools by store id), with an
// empty outcome for every school of `now` it lacks: compare_identifications walks the first
// side's schools, so a school new this year still shows as entered.
Identification on_schools_of(const Identification& before, const Snapshot& from,
                             const Snapshot& to, const Identification& now) {
  std::map<std::int64_t, SchoolIndex> index;
  for (const auto& s : now.schools) index[to.store_id(s.school)] = s.school;
  Identification out;
  out.territory = before.territory;
  out.year = before.year;
  out.ruleset = before.ruleset;
  out.ruleset_hash = before.ruleset_hash;
  std::map<SchoolIndex, bool> seen;
  for (const auto& s : before.schools) {
    auto it = index.find(from.store_id(s.school));
    if (it == index.end()) continue;  // not a school of the territory this year
    SchoolOutcome o = s;
    o.school = it->second;
    seen[o.school] = true;
    out.schools.push_back(std::move(o));
  }
  for (const auto& s : now.schools)
    if (!seen.count(s.school)) out.schools.push_back({s.school, {}, {}});
  return out;
}

}  // namespace

nlohmann::json compare_with_last_year(Db& db, const Catalog& catalog, const std::string& territory,
                                      int year, const Identification& now, const Snapshot& data) {
  const int prev = year - 1;
  auto saved = latest_identification(db, territory, prev);
  std::optional<RunRecord> run;
  if (saved.id) run = find_run(db, saved.id);
  Identification before;
  std::string label;
  if (run) {
    // A saved run reads back onto any snapshot of its schools: this year's.
    before = on_schools_of(saved_identification(db, *run, data, territory), data, data, now);
    label = std::to_string(prev) + " год: сохранённый отбор, запуск №" + std::to_string(run->id) +
            " от " + run->created_at;
  } else {
    auto prev_data = load_snapshot_for(db, territory, prev);
    auto id = identify(catalog, *prev_data, territory, prev);
    if (!id.complete())
      throw HttpError(422, "сравнение с " + std::to_string(prev) +
                               " годом невозможно: отбор за него не сохранён, а пересчёт по "
                               "действующим правилам не удался\n" +
                               describe_failures(id, *prev_data));
    before = on_schools_of(id, *prev_data, data, now);
    label = std::to_string(prev) +
            " год: отбор не сохранялся, пересчитан по действующим правилам";
  }
  auto eff = catalog.effective(territory);
  std::vector<std::string> order;
  for (const auto& c : eff.categories) order.push_back(c.item->code);
  auto diff = compare_identifications(before, now, order);
  RuleSide a{label, before.ruleset_hash, run ? run->id : 0};
  RuleSide b{std::to_string(year) + " год: действующие правила", now.ruleset_hash, 0};
  RuleDiffView v{territory, territory_name(db, territory), year, a, b,
                 compare_rulesets(before.ruleset, now.ruleset), diff, data, eff, false, ""};
  auto j = rule_diff_json(v);
  j["previous_year"] = prev;
  j["a"]["year"] = prev;
  j["a"]["source"] = run ? "saved_run" : "recomputed";
  j["b"]["year"] = year;
  j["b"]["source"] = "current_rules";
  return j;
}

}  // namespace opora::host::web
