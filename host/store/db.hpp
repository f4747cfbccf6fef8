// A thin RAII layer over SQLite: the connection, prepared statements that are reused, and
// transactions that roll back unless committed. Errors are thrown as StoreError.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace opora::host {

class StoreError : public std::runtime_error {
 public:
  explicit StoreError(const std::string& what, int code = 0)
      : std::runtime_error(what), code_(code) {}
  // SQLite's extended result code, 0 when the error is not SQLite's.
  int code() const { return code_; }

 private:
  int code_;
};

// How a command uses the store: a reader never takes a write lock, never migrates and runs
// beside a writer (WAL); a writer creates the file and may migrate.
enum class Access { read_write, read_only };

// Per-connection bookkeeping of writes to the tables a dataset snapshot holds (db.cpp).
struct WriteTracker;

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  Statement(Statement&& o) noexcept : stmt_(o.stmt_), tracker_(o.tracker_) {
    o.stmt_ = nullptr;
    o.tracker_ = nullptr;
  }
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  // Parameters are 1-based, as in SQLite. Text is copied (views may point into reused buffers).
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, double v);
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, std::nullptr_t);
  template <class T>
  Statement& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind(i, nullptr);
  }
  // Binds every argument in order, starting at parameter 1.
  template <class... A>
  Statement& bind_all(const A&... args) {
    int i = 0;
    (bind(++i, args), ...);
    return *this;
  }

  // One step: true when a row is available, false when done.
  bool step();
  // Runs to completion and resets for reuse; returns sqlite3_changes() of the run.
  int run();
  // Ready for the next execution; bindings are kept until rebound.
  void reset();

  int column_count() const { return sqlite3_column_count(stmt_); }
  bool column_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::int64_t column_int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  int column_int(int col) const { return sqlite3_column_int(stmt_, col); }
  double column_double(int col) const { return sqlite3_column_double(stmt_, col); }
  // Valid until the next step/reset.
  std::string_view column_text(int col) const;

  sqlite3_stmt* handle() const { return stmt_; }

 private:
  [[noreturn]] void fail(const char* what) const;
  sqlite3_stmt* stmt_ = nullptr;
  // Set when the statement writes a snapshot table (seen by the authorizer at prepare time).
  WriteTracker* tracker_ = nullptr;
};

class Db {
 public:
  // read_write: opens (creating if needed) with WAL, foreign_keys=ON, synchronous=NORMAL and a
  // busy timeout. read_only: the file must exist; opened SQLITE_OPEN_READONLY (an immutable
  // snapshot when the -shm cannot be made, e.g. a read-only folder with no -wal). Both read
  // the header first, so a file that is not a database fails here, in Russian, naming it.
  // Does not migrate: call migrate() or require_current_schema() (store/migrations.hpp).
  static Db open(const std::filesystem::path& path, Access access = Access::read_write);

  Db(Db&& o) noexcept : db_(o.db_), tracker_(o.tracker_) {
    o.db_ = nullptr;
    o.tracker_ = nullptr;
  }
  Db& operator=(Db&& o) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  // Runs one or more statements without results.
  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  // The single integer of a one-row query, e.g. "SELECT count(*) FROM schools".
  std::int64_t scalar(std::string_view sql);

  int user_version();
  void set_user_version(int v);
  int changes() const { return sqlite3_changes(db_); }
  std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  bool in_transaction() const { return !sqlite3_get_autocommit(db_); }

  // Takes ownership of a connection sqlite3_open_v2 returned (even a failed one, to close it).
  static Db adopt(sqlite3* raw);

  // For code that speaks SQLite directly (the dataset snapshot).
  sqlite3* handle() const { return db_; }
  // The file of the main database, for messages.
  std::string path() const;
  bool read_only() const { return sqlite3_db_readonly(db_, "main") == 1; }

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  friend class Transaction;
  // Installs the authorizer that finds statements writing snapshot tables (Db::open).
  void track_writes();
  // A write to a snapshot table committed with no bump yet: bump now (autocommit only).
  void settle_data_version();
  sqlite3* db_ = nullptr;
  WriteTracker* tracker_ = nullptr;  // owned; null for adopted connections
};

// The data version of what a dataset snapshot reads (schools, territories, results, student
// scores, observations, risk profiles): the text "<counter>-<random>" under the key
// 'data_version' of meta. Every committed transaction of a Db connection that changed one of
// those tables replaces it, inside the same transaction (Transaction::commit; a lone statement
// outside a transaction right after it commits). The snapshot cache is keyed by it
// (dataset/snapshot_cache.hpp). Empty when the store has none (no meta table).
std::string data_version(sqlite3* db);
// Whether `db` is a connection Db::open made, so that its writes keep the data version.
// Connections opened otherwise (a test's raw sqlite3_open) never use the snapshot cache.
bool data_version_tracked(sqlite3* db);
// The tables whose rows a snapshot holds; a write to any of them bumps the data version.
bool is_snapshot_table(std::string_view table);

// BEGIN IMMEDIATE (the write lock is taken up front, so a busy database fails here, not
// half-way); rolls back on destruction unless commit() was called. A commit that changed many
// rows (an import, a national identification) refreshes the planner's table statistics, so the
// store never answers queries from statistics of a much smaller past.
class Transaction {
 public:
  explicit Transaction(Db& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Db& db_;
  bool done_ = false;
  std::int64_t changes_at_begin_ = 0;
};

// Rows a committed transaction must have changed before the statistics are refreshed.
inline constexpr std::int64_t analyze_after_changes = 1000;

}  // namespace opora::host
