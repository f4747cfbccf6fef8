// Identification runs in the store: the snapshot a run needs, saving a run with its exact rule
// set, and reading back the latest saved categories of a territory and year.
#pragma once
#include <functional>
#include <map>
#include <stdexcept>
#include <memory>
#include <string>
#include <vector>

#include "dataset/snapshot.hpp"
#include "engine/identify.hpp"
#include "store/db.hpp"

namespace opora::host {

// Every school of the regions the territory belongs to (regional statistics need them), for the
// years `year - lookback_years` .. `year`.
std::unique_ptr<Snapshot> load_snapshot_for(Db& db, std::string_view territory, int year,
                                            bool students = true);
// The snapshot an identification of `year` by `catalog`'s rules reads: only the years they ask
// for (Criterion::years, the most of any rule of the catalog), or load_snapshot_for's when a
// rule asks for every year. The verdicts are the same either way: a Lua rule that declared its
// years cannot read others.
std::unique_ptr<Snapshot> load_snapshot_for_rules(Db& db, const Catalog& catalog,
                                                  std::string_view territory, int year);

// A run in which a criterion failed: never saved, so no report reads part of a run as the
// identification. The message lists each failed criterion and its schools.
struct IncompleteIdentification : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Saves the run and every verdict of every school, all or nothing; returns the run id.
// Throws IncompleteIdentification (and writes nothing) unless id.complete(). `who` is kept
// as the run's author (identification_runs.created_by): the web passes the logged-in login.
std::int64_t save_identification(Db& db, const Identification& id, const Snapshot& data,
                                 std::string_view who = {});

// A flagged verdict as saved: which criterion flagged the school into which category, and why.
struct SavedVerdict {
  std::string criterion, category, explanation;
};

struct SavedRun {
  std::int64_t id = 0;
  std::string created_at;
  std::string ruleset_hash;
  // store school id → categories it was flagged into
  std::map<std::int64_t, std::vector<std::string>> categories;
  // store school id → its flagged verdicts, by criterion
  std::map<std::int64_t, std::vector<SavedVerdict>> flagged;
};

// The latest saved run for exactly this territory and year, or for an ancestor territory
// that covers it (a regional run covers its municipalities), with the flagged verdicts of the
// territory's own schools (one read). Empty id when none.
SavedRun latest_identification(Db& db, std::string_view territory, int year);

// The one reader of saved verdicts: every flagged verdict of `run` for the schools of the
// territory's subtree ("federal" = all), grouped by school (store id), each school's in criterion
// order. Reads only those
// schools' verdicts, through the territory index and the (run, school) key, however large the
// run: a national run holds every school of the country.
using FlaggedVerdictFn = std::function<void(std::int64_t school, const SavedVerdict&)>;
void for_each_flagged_verdict(Db& db, std::int64_t run, std::string_view territory,
                              const FlaggedVerdictFn& f);

}  // namespace opora::host
