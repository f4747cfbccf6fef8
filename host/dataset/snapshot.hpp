// The dataset snapshot: what a run needs, loaded once from the store into compact columns.
// Schools are dense indexes; each school's result rows are one contiguous slice of a single
// array, so a criterion scans a school's works without a query or a pointer chase.
#pragma once
#include <sqlite3.h>

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <opora/dataset.hpp>

namespace opora::host {

struct SnapshotRequest {
  // Territory ids whose subtrees to load ("federal" or empty = the whole country).
  std::vector<std::string> territories;
  int first_year = 0;  // 0 = no bound
  int last_year = 0;
  bool students = false;  // load student-level scores too (objectivity checks)
};

class Snapshot final : public Dataset {
 public:
  Snapshot() = default;
  // Not copied or moved: the schools' texts are views into its own strings.
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;
  // From the snapshot cache beside a file store when it is current (dataset/snapshot_cache.hpp;
  // built here when it is missing or stale), else from the store. The same snapshot either way.
  static std::unique_ptr<Snapshot> load(sqlite3* db, const SnapshotRequest& request);
  // The query that reads the results (territory ids bound as ?1..); exposed to test its plan.
  static std::string results_sql(const SnapshotRequest& request);

  std::size_t school_count() const override { return logins_.size(); }
  SchoolInfo school(SchoolIndex i) const override;
  std::optional<SchoolIndex> find_school(std::string_view login) const override;
  std::span<const ResultRow> results(SchoolIndex i) const override;
  Aggregate aggregate(SchoolIndex i, const ResultFilter& f) const override;
  int procedure_id(std::string_view name) const override;
  std::string_view procedure_name(int id) const override;
  int subject_id(std::string_view name) const override;
  std::string_view subject_name(int id) const override;
  std::optional<double> context(SchoolIndex i, std::string_view indicator,
                                int year) const override;
  std::span<const std::int16_t> student_scores(SchoolIndex i, int year, int procedure, int subject,
                                               int grade) const override;
  int risk_level(SchoolIndex i, int year, std::string_view factor) const override;

  // Host-side extras (not in the SDK).
  std::int64_t store_id(SchoolIndex i) const { return store_ids_[i]; }
  std::optional<SchoolIndex> find_store_id(std::int64_t id) const;
  std::string_view territory_of(SchoolIndex i) const { return territory_names_[territory_[i]]; }
  std::string_view region_of(SchoolIndex i) const { return region_names_[region_[i]]; }
  // Schools whose territory is `t` or lies under it.
  std::vector<SchoolIndex> schools_in(std::string_view t) const;
  // Every school of a region: the population territory-wide statistics run over.
  std::span<const SchoolIndex> region_population(std::string_view region) const;
  std::vector<std::string_view> regions() const;
  std::size_t result_count() const { return row_count_; }
  // Whether the rows came from the mapped cache file (tests and diagnostics).
  bool from_cache() const { return mapping_ != nullptr; }

 private:
  friend struct SnapshotFile;  // dataset/snapshot_cache.cpp: writes and maps the cache file
  // Every part from the store, inside the caller's read transaction.
  void load_direct(sqlite3* db, const SnapshotRequest& r);
  // Transparent hashing: lookups by string_view build no std::string.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Interned {
    std::vector<std::string> names;
    std::unordered_map<std::string, int, NameHash, std::equal_to<>> ids;
    int last = -1;  // the id intern() returned last
    int intern(std::string_view s);
    int find(std::string_view s) const;
  };
  struct ContextValue {
    std::int32_t indicator;
    std::int32_t year;
    double value;
  };
  struct RiskValue {
    std::int32_t year;
    std::int32_t factor;
    std::int32_t level;
  };

  void load_schools(sqlite3* db, const SnapshotRequest& r);
  void load_results(sqlite3* db, const SnapshotRequest& r);
  void load_context(sqlite3* db, const SnapshotRequest& r);
  void load_risk(sqlite3* db, const SnapshotRequest& r);
  void load_students(sqlite3* db, const SnapshotRequest& r);
  void index_regions();
  // Rows arrive grouped by school: remember the last store id → index answer.
  struct StoreIdCache {
    std::int64_t store_id = -1;
    std::optional<SchoolIndex> index;
  };
  std::optional<SchoolIndex> owner_of(std::int64_t store_id, StoreIdCache& cache) const;

  // The schools' texts are views: into the mapped cache file, or into owned_text_ for a
  // snapshot read from the store (a deque: its strings never move).
  std::string_view own(std::string_view text);
  std::deque<std::string> owned_text_;
  std::vector<std::int64_t> store_ids_;  // ascending (schools are loaded in store-id order)
  std::vector<std::string_view> logins_, names_, kinds_, localities_;
  std::vector<std::int32_t> students_;
  std::vector<std::int32_t> territory_, region_;
  std::vector<std::string> territory_names_, region_names_;
  // login → school, built by the first find_school (identify never asks; the web and explain
  // do, for one school).
  mutable std::once_flag by_login_once_;
  mutable std::unordered_map<std::string_view, SchoolIndex> by_login_;

  // School i's rows are rows_data_[row_begin_[i] .. row_end_[i]): rows_ loaded from the store,
  // or the mapped cache file (whose school slices may leave out years not asked for).
  std::vector<ResultRow> rows_;
  std::vector<std::uint32_t> row_begin_, row_end_;
  const ResultRow* rows_data_ = nullptr;
  std::size_t row_count_ = 0;
  std::shared_ptr<const void> mapping_;  // keeps the cache file mapped while rows point into it
  Interned procedures_, subjects_, indicators_, factors_;

  // Like the rows: school i's observations are context_data_[context_begin_[i] ..
  // context_end_[i]), owned in context_ or in the mapped cache file; risk levels likewise.
  std::vector<ContextValue> context_;
  std::vector<std::uint32_t> context_begin_, context_end_;
  const ContextValue* context_data_ = nullptr;
  std::vector<RiskValue> risk_;
  std::vector<std::uint32_t> risk_begin_, risk_end_;
  const RiskValue* risk_data_ = nullptr;

  struct WorkKey {
    SchoolIndex school;
    int year, procedure, subject, grade;
    bool operator==(const WorkKey&) const = default;
  };
  struct WorkKeyHash {
    std::size_t operator()(const WorkKey& k) const;
  };
  std::unordered_map<WorkKey, std::vector<std::int16_t>, WorkKeyHash> scores_;

  std::vector<std::vector<SchoolIndex>> region_members_;
};

}  // namespace opora::host
