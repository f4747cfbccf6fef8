#include "dataset/snapshot.hpp"

#include "dataset/snapshot_cache.hpp"

#include "store/territory.hpp"
#include "util/vocabulary.hpp"
#include "util/year_rows.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace opora::host {

namespace {

// A prepared statement that finalizes itself.
class Query {
 public:
  Query(sqlite3* db, const std::string& sql) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("snapshot: ") + sqlite3_errmsg(db));
  }
  ~Query() { sqlite3_finalize(stmt_); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  sqlite3_stmt* operator*() const { return stmt_; }
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(std::string("snapshot: ") + sqlite3_errmsg(sqlite3_db_handle(stmt_)));
  }
  std::string_view text(int col) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string_view(p, sqlite3_column_bytes(stmt_, col)) : std::string_view();
  }
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// SQL condition selecting schools (alias s) in the requested territory subtrees; the ids are
// bound as parameters ?1.. in order.
bool whole_country(const SnapshotRequest& r);

std::string territory_filter(const SnapshotRequest& r) {
  if (whole_country(r)) return "1";
  std::string sql = "(";
  for (std::size_t i = 0; i < r.territories.size(); ++i)
    sql += (i ? " OR " : "") + in_subtree_sql("s.territory", int(i + 1), r.territories[i]);
  return sql + ")";
}

// The request's schools, through the territory index when it names one territory (several are
// ORs of ranges, which SQLite serves from the same index on its own).
std::string schools_from(const SnapshotRequest& r) {
  return r.territories.size() == 1 ? schools_of_subtree("s", r.territories[0]) : "schools s";
}

bool whole_country(const SnapshotRequest& r) {
  return r.territories.empty() ||
         std::find(r.territories.begin(), r.territories.end(), "federal") != r.territories.end();
}

// "FROM <table> <alias> WHERE <territory condition>". For the whole country the join with
// schools is left out: it would cost one schools lookup per row, and rows of schools outside
// the snapshot are skipped by the loaders anyway.
std::string rows_of(const SnapshotRequest& r, const char* table, const char* alias) {
  if (whole_country(r)) return std::string(" FROM ") + table + " " + alias + " WHERE 1";
  // Schools first (CROSS JOIN fixes the order): the territory's schools through the index on
  // schools.territory, then each school's rows by the key prefix, never the national table.
  return " FROM " + schools_from(r) + " CROSS JOIN " + table + " " + alias + " ON " + alias +
         ".school = s.id WHERE " + territory_filter(r);
}

// Rows grouped by school. For the whole country in store-id order, the key's order, so they
// need no reordering. For a territory no ORDER BY: the schools-first join already returns each
// school's rows together (in the territory index's order), and a sort by s.id would either sort
// every row of the territory or tempt SQLite to scan all schools in rowid order; the loaders put
// the groups in school order themselves (BySchool).
std::string by_school(const SnapshotRequest& r, const char* alias) {
  if (whole_country(r)) return std::string(" ORDER BY ") + alias + ".school";
  return "";
}

void bind_territories(Query& q, const SnapshotRequest& r) {
  for (std::size_t i = 0; i < r.territories.size(); ++i)
    if (r.territories[i] != "federal")
      sqlite3_bind_text(*q, int(i + 1), r.territories[i].c_str(), -1, SQLITE_TRANSIENT);
}

std::string year_filter(const SnapshotRequest& r, const char* column) {
  std::string sql;
  if (r.first_year) sql += std::string(" AND ") + column + " >= " + std::to_string(r.first_year);
  if (r.last_year) sql += std::string(" AND ") + column + " <= " + std::to_string(r.last_year);
  return sql;
}

// Turns per-school record counts (begin[i + 1] = count of school i) into slice offsets.
void offsets(std::vector<std::uint32_t>& begin) {
  for (std::size_t i = 0; i + 1 < begin.size(); ++i) begin[i + 1] += begin[i];
}

// Per-school records that arrive grouped by school, the schools in any order, laid out as one
// array in school-index order with slice offsets. Rows already in index order (the whole
// country, a single municipality) are appended in place; the owner of each row is kept, and the
// array reordered at the end, only once a school comes after a later one.
template <class T>
class BySchool {
 public:
  BySchool(std::vector<T>& out, std::vector<std::uint32_t>& begin, std::size_t schools)
      : out_(out), begin_(begin) {
    begin_.assign(schools + 1, 0);
  }
  void add(SchoolIndex i, const T& v) {
    if (in_order_ && i < last_) {
      in_order_ = false;
      // The rows so far are in index order: their owners follow from the counts.
      owner_.reserve(out_.size() + 1);
      for (SchoolIndex k = 0; k + 1 < begin_.size(); ++k)
        owner_.insert(owner_.end(), begin_[k + 1], k);
    }
    last_ = i;
    out_.push_back(v);
    if (!in_order_) owner_.push_back(i);
    ++begin_[i + 1];
  }
  void finish() {
    offsets(begin_);
    if (in_order_) return;
    // A stable counting sort by owner: each school's rows keep their order.
    std::vector<T> sorted(out_.size());
    std::vector<std::uint32_t> next(begin_.begin(), begin_.end() - 1);
    for (std::size_t k = 0; k < out_.size(); ++k) sorted[next[owner_[k]]++] = out_[k];
    out_ = std::move(sorted);
    owner_.clear();
    owner_.shrink_to_fit();
  }

 private:
  std::vector<T>& out_;
  std::vector<std::uint32_t>& begin_;
  std::vector<SchoolIndex> owner_;
  SchoolIndex last_ = 0;
  bool in_order_ = true;
};

}  // namespace

int Snapshot::Interned::intern(std::string_view s) {
  // Loaders meet the same name many rows running: answer those without hashing.
  if (last >= 0 && names[last] == s) return last;
  auto it = ids.find(s);
  if (it != ids.end()) return last = it->second;
  int id = int(names.size());
  names.emplace_back(s);
  ids.emplace(std::string(s), id);
  return last = id;
}

int Snapshot::Interned::find(std::string_view s) const {
  auto it = ids.find(s);
  return it == ids.end() ? -1 : it->second;
}

std::size_t Snapshot::WorkKeyHash::operator()(const WorkKey& k) const {
  std::size_t h = k.school;
  for (int v : {k.year, k.procedure, k.subject, k.grade}) h = h * 1000003u ^ std::size_t(v);
  return h;
}

std::unique_ptr<Snapshot> Snapshot::load(sqlite3* db, const SnapshotRequest& request) {
  std::unique_ptr<Snapshot> s;
  // One read transaction: every part of the snapshot sees the same state of the store, and
  // the data version the cache is checked against is that state's.
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  try {
    s = SnapshotFile::load(db, request);
    if (s) {
      // Student scores are not in the cache: they come from the store, in this transaction.
      if (request.students) s->load_students(db, request);
    } else {
      s.reset(new Snapshot());
      s->load_direct(db, request);
    }
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  s->index_regions();
  return s;
}

void Snapshot::load_direct(sqlite3* db, const SnapshotRequest& request) {
  load_schools(db, request);
  load_results(db, request);
  load_context(db, request);
  load_risk(db, request);
  if (request.students) load_students(db, request);
}

std::string_view Snapshot::own(std::string_view text) {
  if (text.empty()) return {};
  return owned_text_.emplace_back(text);
}

void Snapshot::load_schools(sqlite3* db, const SnapshotRequest& r) {
  Query q(db, "SELECT s.id, s.login, s.name, s.territory, s.kind, s.locality, "
              "coalesce(s.students, 0) FROM " + schools_from(r) + " WHERE " +
                  territory_filter(r) + " ORDER BY s.id");
  bind_territories(q, r);
  Interned territories, regions;
  while (q.step()) {
    store_ids_.push_back(q.integer(0));
    logins_.push_back(own(q.text(1)));
    names_.push_back(own(q.text(2)));
    auto t = q.text(3);
    territory_.push_back(territories.intern(t));
    region_.push_back(regions.intern(t.substr(0, t.find('/'))));
    kinds_.push_back(own(q.text(4)));
    localities_.push_back(own(q.text(5)));
    students_.push_back(std::int32_t(q.integer(6)));
  }
  territory_names_ = std::move(territories.names);
  region_names_ = std::move(regions.names);
}

std::string Snapshot::results_sql(const SnapshotRequest& r) {
  return "SELECT r.school, r.year, r.procedure, r.grade, r.subject, r.participants, r.m2, r.m3, "
         "r.m4, r.m5, r.mean_score" +
         rows_of(r, "results", "r") + year_filter(r, "r.year") + by_school(r, "r");
}

void Snapshot::load_results(sqlite3* db, const SnapshotRequest& r) {
  // Rows arrive in primary-key order (school, year, procedure, grade, subject), so each school's
  // rows are contiguous and already sorted.
  Query q(db, results_sql(r));
  bind_territories(q, r);
  BySchool<ResultRow> rows(rows_, row_begin_, school_count());
  StoreIdCache owner;
  while (q.step()) {
    auto idx = owner_of(q.integer(0), owner);
    if (!idx) continue;
    ResultRow row{};
    row.year = std::uint16_t(q.integer(1));
    row.procedure = std::uint16_t(procedures_.intern(q.text(2)));
    row.grade = std::uint8_t(q.integer(3));
    row.subject = std::uint16_t(subjects_.intern(q.text(4)));
    row.participants = std::int32_t(q.integer(5));
    for (int k = 0; k < 4; ++k) row.marks[k] = std::int32_t(q.integer(6 + k));
    row.mean_score = q.null(10) ? NAN : float(q.real(10));
    rows.add(*idx, row);
  }
  rows.finish();
  rows_data_ = rows_.data();
  row_count_ = rows_.size();
  row_end_.assign(row_begin_.begin() + 1, row_begin_.end());
}

void Snapshot::load_context(sqlite3* db, const SnapshotRequest& r) {
  Query q(db, "SELECT o.school, o.indicator, o.year, o.value" + rows_of(r, "observations", "o") +
                  by_school(r, "o"));
  bind_territories(q, r);
  BySchool<ContextValue> values(context_, context_begin_, school_count());
  StoreIdCache owner;
  while (q.step()) {
    auto idx = owner_of(q.integer(0), owner);
    if (!idx) continue;
    values.add(*idx, {indicators_.intern(q.text(1)), std::int32_t(q.integer(2)), q.real(3)});
  }
  values.finish();
  context_data_ = context_.data();
  context_end_.assign(context_begin_.begin() + 1, context_begin_.end());
}

void Snapshot::load_risk(sqlite3* db, const SnapshotRequest& r) {
  Query q(db, "SELECT p.school, p.year, p.factor, p.level" + rows_of(r, "risk_profiles", "p") +
                  by_school(r, "p"));
  bind_territories(q, r);
  BySchool<RiskValue> values(risk_, risk_begin_, school_count());
  StoreIdCache owner;
  while (q.step()) {
    auto idx = owner_of(q.integer(0), owner);
    if (!idx) continue;
    values.add(*idx, {std::int32_t(q.integer(1)), factors_.intern(q.text(2)),
                      std::int32_t(q.integer(3))});
  }
  values.finish();
  risk_data_ = risk_.data();
  risk_end_.assign(risk_begin_.begin() + 1, risk_begin_.end());
}

void Snapshot::load_students(sqlite3* db, const SnapshotRequest& r) {
  Query q(db, "SELECT t.school, t.year, t.procedure, t.subject, t.grade, t.primary_score" +
                  rows_of(r, "student_results", "t") + year_filter(r, "t.year"));
  bind_territories(q, r);
  StoreIdCache owner;
  while (q.step()) {
    auto idx = owner_of(q.integer(0), owner);
    if (!idx) continue;
    WorkKey key{*idx, int(q.integer(1)), procedures_.intern(q.text(2)),
                subjects_.intern(q.text(3)), int(q.integer(4))};
    scores_[key].push_back(std::int16_t(q.integer(5)));
  }
}

void Snapshot::index_regions() {
  region_members_.assign(region_names_.size(), {});
  for (SchoolIndex i = 0; i < school_count(); ++i) region_members_[region_[i]].push_back(i);
}

SchoolInfo Snapshot::school(SchoolIndex i) const {
  return SchoolInfo{logins_[i],         names_[i], territory_names_[territory_[i]],
                    region_names_[region_[i]], kinds_[i], localities_[i],
                    students_[i]};
}

std::optional<SchoolIndex> Snapshot::find_school(std::string_view login) const {
  std::call_once(by_login_once_, [&] {
    by_login_.reserve(logins_.size());
    for (SchoolIndex i = 0; i < logins_.size(); ++i) by_login_.emplace(logins_[i], i);
  });
  auto it = by_login_.find(login);
  if (it == by_login_.end()) return std::nullopt;
  return it->second;
}

std::optional<SchoolIndex> Snapshot::owner_of(std::int64_t store_id, StoreIdCache& cache) const {
  if (store_id != cache.store_id) cache = {store_id, find_store_id(store_id)};
  return cache.index;
}

std::optional<SchoolIndex> Snapshot::find_store_id(std::int64_t id) const {
  auto it = std::lower_bound(store_ids_.begin(), store_ids_.end(), id);
  if (it == store_ids_.end() || *it != id) return std::nullopt;
  return SchoolIndex(it - store_ids_.begin());
}

std::span<const ResultRow> Snapshot::results(SchoolIndex i) const {
  return {rows_data_ + row_begin_[i], rows_data_ + row_end_[i]};
}

Aggregate Snapshot::aggregate(SchoolIndex i, const ResultFilter& f) const {
  Aggregate a;
  auto rows = f.year ? rows_of_years(results(i), f.year, f.year) : results(i);
  for (const auto& r : rows) {
    if (f.procedure >= 0 && r.procedure != f.procedure) continue;
    if (f.subject >= 0 && r.subject != f.subject) continue;
    if (f.grade > 0 && r.grade != f.grade) continue;
    if (r.participants < f.min_participants) continue;
    a.add(r);
  }
  return a;
}

// Scripts and plugins may name a procedure or subject by an alias ("VPR", "math") or another
// spelling: the store holds canonical names only (imports map them), so read it the same way.
namespace {
template <class Interned, class Canonical>
int find_term(const Interned& names, std::string_view name, Canonical canonical) {
  int id = names.find(name);
  if (id >= 0) return id;
  if (auto c = canonical(name)) {
    id = names.find(*c);
    if (id >= 0) return id;
  }
  // A package's own procedure (КДР) under another case or script: compare the keys.
  // Only names the snapshot's rows use: a cached snapshot lists the whole country's names.
  const std::string key = term_key(name);
  for (std::size_t i = 0; i < names.names.size(); ++i)
    if (term_key(names.names[i]) == key && names.find(names.names[i]) == static_cast<int>(i))
      return static_cast<int>(i);
  return -1;
}
}  // namespace

int Snapshot::procedure_id(std::string_view name) const {
  return find_term(procedures_, name,
                   [](std::string_view n) { return standard_vocabulary().procedure(n); });
}
std::string_view Snapshot::procedure_name(int id) const {
  // Both branches must be views: a `std::string` branch would make the result a temporary.
  if (id < 0 || std::size_t(id) >= procedures_.names.size()) return {};
  return procedures_.names[id];
}
int Snapshot::subject_id(std::string_view name) const {
  return find_term(subjects_, name,
                   [](std::string_view n) { return standard_vocabulary().subject(n); });
}
std::string_view Snapshot::subject_name(int id) const {
  if (id < 0 || std::size_t(id) >= subjects_.names.size()) return {};
  return subjects_.names[id];
}

std::optional<double> Snapshot::context(SchoolIndex i, std::string_view indicator,
                                        int year) const {
  int id = indicators_.find(indicator);
  if (id < 0 || i >= school_count()) return std::nullopt;
  // The exact year if observed, else the latest earlier observation (context changes slowly).
  std::optional<double> best;
  int best_year = 0;
  for (auto k = context_begin_[i]; k < context_end_[i]; ++k) {
    const auto& c = context_data_[k];
    if (c.indicator != id) continue;
    if (c.year == year) return c.value;
    if (c.year < year && c.year > best_year) {
      best = c.value;
      best_year = c.year;
    }
  }
  return best;
}

std::span<const std::int16_t> Snapshot::student_scores(SchoolIndex i, int year, int procedure,
                                                       int subject, int grade) const {
  auto it = scores_.find(WorkKey{i, year, procedure, subject, grade});
  if (it == scores_.end()) return {};
  return it->second;
}

int Snapshot::risk_level(SchoolIndex i, int year, std::string_view factor) const {
  int id = factors_.find(factor);
  if (id < 0 || i >= school_count()) return 0;
  for (auto k = risk_begin_[i]; k < risk_end_[i]; ++k)
    if (risk_data_[k].factor == id && risk_data_[k].year == year) return risk_data_[k].level;
  return 0;
}

std::vector<SchoolIndex> Snapshot::schools_in(std::string_view t) const {
  std::vector<SchoolIndex> out;
  if (t.empty() || t == "federal") {
    for (SchoolIndex i = 0; i < school_count(); ++i) out.push_back(i);
    return out;
  }
  // A territory lies inside its region: only the region's schools (in index order) can match,
  // not the whole country's (report --all asks once per municipality).
  for (auto i : region_population(t.substr(0, t.find('/')))) {
    auto own = territory_of(i);
    if (own == t || (own.size() > t.size() && own.starts_with(t) && own[t.size()] == '/'))
      out.push_back(i);
  }
  return out;
}

std::span<const SchoolIndex> Snapshot::region_population(std::string_view region) const {
  for (std::size_t k = 0; k < region_names_.size(); ++k)
    if (region_names_[k] == region) return region_members_[k];
  return {};
}

std::vector<std::string_view> Snapshot::regions() const {
  return {region_names_.begin(), region_names_.end()};
}

}  // namespace opora::host
