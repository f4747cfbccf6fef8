#include "engine/runs.hpp"


#include "catalog/catalog.hpp"
#include "engine/run_records.hpp"
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

std::int64_t save_identification(Db& db, const Identification& id, const Snapshot& data) {
  if (!id.complete())
    throw IncompleteIdentification(
        "результат отбора не сохранён: не все критерии выполнены, а частичный отбор не может "
        "считаться результатом. Исправьте критерии и повторите отбор.\n" +
        describe_failures(id, data));
  Transaction tx(db);
  auto run = db.prepare(
      "INSERT INTO identification_runs(territory, year, ruleset, ruleset_hash, created_at) "
      "VALUES (?, ?, ?, ?, ?)");
  run.bind_all(id.territory, id.year, id.ruleset.dump(), id.ruleset_hash, utc_now_iso()).run();
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
  // Driven from the territory's schools: a national run holds every school's verdicts, and
  // reading them all for one municipality's report was most of that report's time.
  auto v = db.prepare(
      "SELECT v.school, v.category FROM schools s JOIN verdicts v ON v.run = ?1 AND "
      "v.school = s.id WHERE v.flagged = 1 AND (s.territory = ?2 OR substr(s.territory, 1, "
      "length(?2) + 1) = ?2 || '/' OR ?2 = 'federal') ORDER BY s.id");
  std::string t(territory);
  v.bind_all(out.id, t);
  while (v.step()) {
    auto& cats = out.categories[v.column_int64(0)];
    std::string c(v.column_text(1));
    if (std::find(cats.begin(), cats.end(), c) == cats.end()) cats.push_back(std::move(c));
  }
  return out;
}

}  // namespace opora::host
