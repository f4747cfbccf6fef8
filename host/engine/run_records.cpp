#include "engine/run_records.hpp"

#include <algorithm>
#include <cstdio>

#include "util/fingerprint.hpp"

namespace opora::host {

namespace {

// FNV-1a fed row by row (the same function as fingerprint_hex, without holding a table's text).
struct Fnv {
  std::uint64_t h = 1469598103934665603ull;
  void add(std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0x1f;  // a field separator no text contains
    h *= 1099511628211ull;
  }
  std::string hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
  }
};

std::string region_of(std::string_view territory) {
  return std::string(territory.substr(0, territory.find('/')));
}

// Schools of the region (?1), the scope load_snapshot_for reads.
constexpr const char* in_region =
    "(s.territory = ?1 OR substr(s.territory, 1, length(?1) + 1) = ?1 || '/')";

struct Part {
  const char* name;
  std::string sql;   // year first, then the row's fields, in primary-key order per school
  bool year_bound;   // only the run's years (results), or every year (context)
};

const std::vector<Part>& parts() {
  static const std::vector<Part> all = {
      {"results",
       "SELECT r.year, s.login, r.procedure, r.grade, r.subject, r.participants, r.m2, r.m3, "
       "r.m4, r.m5, r.mean_score FROM schools s JOIN results r ON r.school = s.id WHERE ",
       true},
      {"student_results",
       "SELECT r.year, s.login, r.procedure, r.grade, r.subject, r.student, r.primary_score, "
       "r.mark FROM schools s JOIN student_results r ON r.school = s.id WHERE ",
       true},
      {"observations",
       "SELECT r.year, s.login, r.indicator, r.value FROM schools s JOIN observations r ON "
       "r.school = s.id WHERE ",
       false},
      {"risk_profiles",
       "SELECT r.year, s.login, r.factor, r.level FROM schools s JOIN risk_profiles r ON "
       "r.school = s.id WHERE ",
       false},
  };
  return all;
}

// A column as text: REAL columns with every digit, so equal text means equal value.
std::string field(const Statement& q, int col) {
  if (q.column_null(col)) return "\x01null";
  if (sqlite3_column_type(q.handle(), col) == SQLITE_FLOAT) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", q.column_double(col));
    return buf;
  }
  return std::string(q.column_text(col));
}

}  // namespace

nlohmann::json data_fingerprints(Db& db, std::string_view territory, int year) {
  auto region = region_of(territory);
  nlohmann::json out = nlohmann::json::object();
  {
    Fnv f;
    auto q = db.prepare(std::string("SELECT s.login, s.name, s.territory, s.kind, s.locality, "
                                    "s.students FROM schools s WHERE ") +
                        in_region + " ORDER BY s.id");
    q.bind_all(region);
    while (q.step())
      for (int c = 0; c < q.column_count(); ++c) f.add(field(q, c));
    out["schools"] = f.hex();
  }
  for (const auto& p : parts()) {
    std::string sql = p.sql + in_region;
    if (p.year_bound) sql += " AND r.year BETWEEN ?2 AND ?3";
    sql += " ORDER BY s.id";
    auto q = db.prepare(sql);
    q.bind(1, region);
    if (p.year_bound) q.bind(2, year - lookback_years).bind(3, year + 1);
    // Rows arrive by school; each year's rows feed that year's fingerprint in the same order.
    std::map<int, Fnv> by_year;
    while (q.step()) {
      auto& f = by_year[q.column_int(0)];
      for (int c = 1; c < q.column_count(); ++c) f.add(field(q, c));
    }
    for (const auto& [y, f] : by_year) out[std::string(p.name) + "/" + std::to_string(y)] = f.hex();
  }
  return out;
}

std::string data_hash(const nlohmann::json& fingerprints) {
  return fingerprint_hex(fingerprints.dump());
}

void record_run_data(Db& db, std::int64_t run, std::string_view territory, int year) {
  auto prints = data_fingerprints(db, territory, year);
  db.prepare("UPDATE identification_runs SET data = ?, data_hash = ? WHERE id = ?")
      .bind_all(prints.dump(), data_hash(prints), run)
      .run();
}

namespace {

constexpr const char* run_columns =
    "SELECT id, territory, year, created_at, ruleset, ruleset_hash, data, data_hash FROM "
    "identification_runs";

RunRecord read_record(Db& db, const Statement& q) {
  RunRecord r;
  r.id = q.column_int64(0);
  r.territory = std::string(q.column_text(1));
  r.year = q.column_int(2);
  r.created_at = std::string(q.column_text(3));
  r.ruleset = nlohmann::json::parse(q.column_text(4), nullptr, false);
  if (r.ruleset.is_discarded()) r.ruleset = nlohmann::json::object();
  r.ruleset_hash = std::string(q.column_text(5));
  r.data = nlohmann::json::parse(q.column_text(6), nullptr, false);
  if (r.data.is_discarded()) r.data = nlohmann::json::object();
  r.data_hash = std::string(q.column_text(7));
  auto c = db.prepare(
      "SELECT category, count(DISTINCT school) FROM verdicts WHERE run = ? AND flagged = 1 "
      "GROUP BY category ORDER BY category");
  c.bind_all(r.id);
  while (c.step()) r.flagged[std::string(c.column_text(0))] = c.column_int(1);
  auto n = db.prepare("SELECT count(DISTINCT school) FROM verdicts WHERE run = ?");
  n.bind_all(r.id);
  if (n.step()) r.schools = std::size_t(n.column_int64(0));
  return r;
}

}  // namespace

std::vector<RunRecord> list_runs(Db& db, std::string_view territory) {
  std::string t(territory);
  auto q = db.prepare(std::string(run_columns) +
                      " WHERE ?1 = '' OR territory = ?1 OR substr(territory, 1, length(?1) + 1) "
                      "= ?1 || '/' ORDER BY id DESC");
  q.bind_all(t);
  std::vector<RunRecord> out;
  while (q.step()) out.push_back(read_record(db, q));
  return out;
}

std::optional<RunRecord> find_run(Db& db, std::int64_t id) {
  auto q = db.prepare(std::string(run_columns) + " WHERE id = ?");
  q.bind_all(id);
  if (!q.step()) return std::nullopt;
  return read_record(db, q);
}

std::string run_data_hash(Db& db, std::int64_t id) {
  auto q = db.prepare("SELECT data_hash FROM identification_runs WHERE id = ?");
  q.bind_all(id);
  return q.step() ? std::string(q.column_text(0)) : std::string();
}

Identification saved_identification(Db& db, const RunRecord& run, const Snapshot& data,
                                    std::string_view territory) {
  Identification out;
  out.territory = std::string(territory);
  out.year = run.year;
  out.ruleset = run.ruleset;
  out.ruleset_hash = run.ruleset_hash;
  // Criterion order of the rule set as saved (its keys are "criterion@origin").
  std::map<std::string, std::size_t> order;
  for (const auto& [key, rule] : run.ruleset.items())
    order.emplace(rule.value("criterion", key), order.size());
  std::map<std::int64_t, std::vector<CriterionVerdict>> by_school;
  auto q = db.prepare(
      "SELECT school, criterion, category, flagged, score, explanation FROM verdicts WHERE run = ?");
  q.bind_all(run.id);
  while (q.step())
    by_school[q.column_int64(0)].push_back(
        {std::string(q.column_text(1)), std::string(q.column_text(2)),
         Verdict{q.column_int(3) != 0, q.column_double(4), std::string(q.column_text(5))}});
  for (auto school : data.schools_in(territory)) {
    SchoolOutcome o{school, {}, {}};
    if (auto it = by_school.find(data.store_id(school)); it != by_school.end()) {
      o.verdicts = std::move(it->second);
      std::stable_sort(o.verdicts.begin(), o.verdicts.end(), [&](const auto& a, const auto& b) {
        auto ia = order.find(a.criterion), ib = order.find(b.criterion);
        return (ia == order.end() ? order.size() : ia->second) <
               (ib == order.end() ? order.size() : ib->second);
      });
      for (const auto& v : o.verdicts)
        if (v.verdict.flagged &&
            std::find(o.categories.begin(), o.categories.end(), v.category) == o.categories.end())
          o.categories.push_back(v.category);
    }
    out.schools.push_back(std::move(o));
  }
  return out;
}

}  // namespace opora::host
