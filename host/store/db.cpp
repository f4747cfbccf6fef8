#include "store/db.hpp"

namespace opora::host {

namespace {

[[noreturn]] void throw_error(sqlite3* db, std::string_view what) {
  throw StoreError("ошибка базы данных (" + std::string(what) + "): " + sqlite3_errmsg(db));
}

}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) {
  if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt_, nullptr) != SQLITE_OK)
    throw_error(db, sql);
}

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(stmt_);
    stmt_ = o.stmt_;
    o.stmt_ = nullptr;
  }
  return *this;
}

void Statement::fail(const char* what) const {
  sqlite3* db = sqlite3_db_handle(stmt_);
  std::string sql = sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "";
  // The statement must be usable again after a failed step (e.g. a constraint violation).
  sqlite3_reset(stmt_);
  throw StoreError("ошибка базы данных (" + std::string(what) + ": " + sql +
                   "): " + sqlite3_errmsg(db));
}

Statement& Statement::bind(int i, std::int64_t v) {
  if (sqlite3_bind_int64(stmt_, i, v) != SQLITE_OK) fail("bind");
  return *this;
}

Statement& Statement::bind(int i, double v) {
  if (sqlite3_bind_double(stmt_, i, v) != SQLITE_OK) fail("bind");
  return *this;
}

Statement& Statement::bind(int i, std::string_view v) {
  // A view may point into a reused buffer: let SQLite copy it.
  // An empty view may have a null data(): SQLite would bind NULL, not ''.
  const char* data = v.data() ? v.data() : "";
  if (sqlite3_bind_text(stmt_, i, data, static_cast<int>(v.size()), SQLITE_TRANSIENT) !=
      SQLITE_OK)
    fail("bind");
  return *this;
}

Statement& Statement::bind(int i, std::nullptr_t) {
  if (sqlite3_bind_null(stmt_, i) != SQLITE_OK) fail("bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail("step");
}

int Statement::run() {
  while (step()) {
  }
  int n = sqlite3_changes(sqlite3_db_handle(stmt_));
  sqlite3_reset(stmt_);
  return n;
}

void Statement::reset() { sqlite3_reset(stmt_); }

std::string_view Statement::column_text(int col) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string_view();
}

Db Db::open(const std::filesystem::path& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  Db db(raw);  // closes `raw` even if opening failed
  if (rc != SQLITE_OK)
    throw StoreError("не удалось открыть базу данных " + path.string() + ": " +
                     (raw ? sqlite3_errmsg(raw) : "нет памяти"));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);
  db.exec(
      "PRAGMA journal_mode=WAL;"
      "PRAGMA synchronous=NORMAL;"
      "PRAGMA foreign_keys=ON;");
  // trusted_schema stays ON: the history triggers call json_object(), which SQLite 3.40 does
  // not mark innocuous. The store is our own file, not an untrusted one.
  return db;
}

Db& Db::operator=(Db&& o) noexcept {
  if (this != &o) {
    sqlite3_close_v2(db_);
    db_ = o.db_;
    o.db_ = nullptr;
  }
  return *this;
}

Db::~Db() { sqlite3_close_v2(db_); }

void Db::exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw StoreError("ошибка базы данных: " + msg);
  }
}

std::int64_t Db::scalar(std::string_view sql) {
  Statement s = prepare(sql);
  if (!s.step()) throw StoreError("запрос не вернул строк: " + std::string(sql));
  return s.column_int64(0);
}

int Db::user_version() { return static_cast<int>(scalar("PRAGMA user_version")); }

void Db::set_user_version(int v) { exec("PRAGMA user_version=" + std::to_string(v)); }

Transaction::Transaction(Db& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace opora::host
