#include "engine/runs.hpp"


#include <algorithm>

#include "catalog/catalog.hpp"
#include "engine/run_records.hpp"
#include "store/territory.hpp"
#include "util/clock.hpp"

namespace opora::host {


std::unique_ptr<Snapshot> load_snapshot_for(Db& db, std::string_view territory, int year,
                                            bool students) {
  SnapshotRequest r;
  auto region = std::string(territory.substr(0, territory.find('/')));
  r.territories = {region};
  r.first_year = year - lookback_years;
  r.last_year = year + 1;  // plan-year indicators look at the following spring's results
  r.students = students;
  return Snapshot::load(db.handle(), r);
}

std::unique_ptr<Snapshot> load_snapshot_for_rules(Db& db, const Catalog& catalog,
                                                  std::string_view territory, int year) {
  int years = 1;
  for (const auto& c : catalog.criteria()) {
    int n = c.item->years();
    if (n <= 0) return load_snapshot_for(db, territory, year);
    years = std::max(years, n);
  }
  SnapshotRequest r;
  r.territories = {std::string(territory.substr(0, territory.find('/')))};
  r.first_year = year - years + 1;
  r.last_year = year;
  r.students = true;
  return Snapshot::load(db.handle(), r);
}

std::int64_t save_identification(Db& db, const Identification& id, const Snapshot& data,
                                 std::string_view who) {
  if (!id.complete())
    throw IncompleteIdentification(
        "результат отбора не сохранён: не все критерии выполнены, а частичный отбор не может "
        "считаться результатом. Исправьте критерии и повторите отбор.\n" +
        describe_failures(id, data));
  Transaction tx(db);
  auto run = db.prepare(
      "INSERT INTO identification_runs(territory, year, ruleset, ruleset_hash, created_at, "
      "created_by) VALUES (?, ?, ?, ?, ?, ?)");
  run.bind_all(id.territory, id.year, id.ruleset.dump(), id.ruleset_hash, utc_now_iso(), who)
      .run();
  auto run_id = db.last_insert_rowid();
  // What the run read, so `opora verify` can name the table and year that changed.
  record_run_data(db, run_id, id.territory, id.year);
  auto verdict = db.prepare(
      "INSERT INTO verdicts(run, school, criterion, category, flagged, score, explanation) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const auto& s : id.schools)
    for (const auto& v : s.verdicts)
      verdict
          .bind_all(run_id, data.store_id(s.school), v.criterion, v.category,
                    int(v.verdict.flagged), v.verdict.score, v.verdict.explanation)
          .run();
  tx.commit();
  return run_id;
}

void for_each_flagged_verdict(Db& db, std::int64_t run, std::string_view territory,
                              const FlaggedVerdictFn& f) {
  // Schools first (CROSS JOIN fixes the order): the subtree's schools through the territory
  // index, then each one's verdicts by the (run, school) key prefix, already in criterion order.
  // Without table statistics SQLite otherwise walked every verdict of a national run for each
  // municipality's report. No ORDER BY: callers key by school, and a sort by id would tempt the
  // planner back to scanning all schools in rowid order.
  std::string sql =
      territory == "federal"
          ? "SELECT v.school, v.criterion, v.category, v.explanation FROM verdicts v "
            "WHERE v.run = ?1 AND v.flagged = 1 AND ?2 = 'federal'"
          : "SELECT v.school, v.criterion, v.category, v.explanation FROM " +
                schools_of_subtree("s", territory) +
                " CROSS JOIN verdicts v ON v.run = ?1 AND v.school = s.id WHERE v.flagged = 1 "
                "AND " + in_subtree_sql("s.territory", 2, territory);
  auto q = db.prepare(sql);
  q.bind_all(run, std::string(territory));
  SavedVerdict v;
  while (q.step()) {
    v.criterion = q.column_text(1);
    v.category = q.column_text(2);
    v.explanation = q.column_text(3);
    f(q.column_int64(0), v);
  }
}

SavedRun latest_identification(Db& db, std::string_view territory, int year) {
  SavedRun out;
  // The closest run: the territory itself first, then its ancestors up to federal.
  auto chain = Catalog::chain_of(territory);
  auto q = db.prepare(
      "SELECT id, created_at, ruleset_hash FROM identification_runs WHERE territory = ? AND "
      "year = ? ORDER BY id DESC LIMIT 1");
  for (auto it = chain.rbegin(); it != chain.rend() && !out.id; ++it) {
    q.bind_all(*it, year);
    if (q.step()) {
      out.id = q.column_int64(0);
      out.created_at = std::string(q.column_text(1));
      out.ruleset_hash = std::string(q.column_text(2));
    }
    q.reset();
  }
  if (!out.id) return out;
  for_each_flagged_verdict(db, out.id, territory, [&](std::int64_t school, const SavedVerdict& v) {
    auto& cats = out.categories[school];
    if (std::find(cats.begin(), cats.end(), v.category) == cats.end()) cats.push_back(v.category);
    out.flagged[school].push_back(v);
  });
  return out;
}

}  // namespace opora::host
