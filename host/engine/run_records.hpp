// What a saved identification run records beside its verdicts, so it can be listed and
// reproduced (opora runs, opora verify): the fingerprint of the data it read, table by table and
// year by year, and reading a run back as an Identification that the comparison of
// engine/rule_diff.hpp takes like a fresh one.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "dataset/snapshot.hpp"
#include "engine/identify.hpp"
#include "store/db.hpp"

namespace opora::host {

// The data an identification of `territory` for `year` reads (load_snapshot_for: every school
// of its region; results and student results of year - lookback_years .. year + 1; context and
// risk profiles of every year), as one fingerprint per part: "schools", "results/2022",
// "student_results/2022", "observations/2021", "risk_profiles/2022". Equal fingerprints mean
// equal rows.
nlohmann::json data_fingerprints(Db& db, std::string_view territory, int year);
// The fingerprint of all the parts together.
std::string data_hash(const nlohmann::json& fingerprints);

// Writes the data fingerprints of the run (inside the caller's transaction).
void record_run_data(Db& db, std::int64_t run, std::string_view territory, int year);

struct RunRecord {
  std::int64_t id = 0;
  std::string territory;
  int year = 0;
  std::string created_at;
  nlohmann::json ruleset;  // every criterion used: id, origin, territory, params (by rule key)
  std::string ruleset_hash;
  nlohmann::json data;  // data_fingerprints() at save time ({} for runs saved before they were kept)
  std::string data_hash;
  std::map<std::string, int> flagged;  // category → schools flagged into it
  std::size_t schools = 0;             // schools with verdicts
};

// Every saved run, newest first; only those of `territory` and below when given.
std::vector<RunRecord> list_runs(Db& db, std::string_view territory = {});
std::optional<RunRecord> find_run(Db& db, std::int64_t id);
// Only the data hash of a run ("" when none was recorded): what a report's header names.
std::string run_data_hash(Db& db, std::int64_t id);

// The saved run as an identification of the snapshot's schools in `territory` (the run's or one
// under it): each school's verdicts as they were saved, in criterion order of the rule set.
Identification saved_identification(Db& db, const RunRecord& run, const Snapshot& data,
                                    std::string_view territory);

}  // namespace opora::host
