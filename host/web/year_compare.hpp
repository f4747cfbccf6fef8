// The identification of a year compared with last year's, per category: schools that entered,
// left or stayed, with both explanations — the rule-diff engine's comparison
// (compare_identifications, rule_diff_json: the shape of `opora diff --json`), never a second one.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "dataset/snapshot.hpp"
#include "engine/identify.hpp"
#include "store/db.hpp"

namespace opora::host::web {

// `now` is the identification of `territory` for `year` by the current rules over `data`
// (load_snapshot_for(db, territory, year)). Last year (side "a") is the latest saved run of
// year - 1 covering the territory (its own or an ancestor's), else year - 1 identified again by
// today's rules; a.source says which ("saved_run" | "recomputed"), a.label says it in words.
// Throws HttpError 422 when last year's identification cannot be computed (a criterion failed).
nlohmann::json compare_with_last_year(Db& db, const Catalog& catalog, const std::string& territory,
                                      int year, const Identification& now, const Snapshot& data);

}  // namespace opora::host::web
