#include "store/db.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>
#include <system_error>
#include <unordered_set>

namespace opora::host {

namespace {

std::string file_of(sqlite3* db) {
  const char* f = db ? sqlite3_db_filename(db, "main") : nullptr;
  return f ? f : "";
}

// SQLite's failures that come from the file or its surroundings, in Russian and naming the
// file. Empty for the others (a constraint, a bad statement): their SQLite text is kept.
std::string environment_error(int code, const std::string& file) {
  auto f = "«" + file + "»";
  switch (code & 0xff) {
    case SQLITE_NOTADB:
      return "файл " + f + " не является базой данных opora (это не файл SQLite)";
    case SQLITE_CORRUPT:
      return "база данных " + f + " повреждена";
    case SQLITE_CANTOPEN:
      return "не удалось открыть базу данных " + f +
             ": файл или каталог не существует или недоступен";
    case SQLITE_READONLY:
      return "база данных " + f + " доступна только для чтения, а команда изменяет её";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "база данных " + f +
             " занята: в неё сейчас записывает другая команда; повторите позже";
    case SQLITE_FULL:
      return "нет места на диске для базы данных " + f;
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return "нет доступа к базе данных " + f;
    case SQLITE_IOERR:
      return "ошибка чтения или записи базы данных " + f;
    case SQLITE_NOMEM:
      return "не хватило памяти при работе с базой данных " + f;
    default:
      return "";
  }
}

[[noreturn]] void throw_sqlite(sqlite3* db, int code, const std::string& detail) {
  auto env = environment_error(code, file_of(db));
  if (!env.empty()) throw StoreError(env, code);
  throw StoreError("ошибка базы данных (" + detail + "): " + sqlite3_errmsg(db), code);
}

[[noreturn]] void throw_error(sqlite3* db, std::string_view what) {
  throw_sqlite(db, sqlite3_extended_errcode(db), std::string(what));
}

// A path as a URI filename (RFC 3986): every byte outside the unreserved set and '/' escaped.
std::string file_uri(const std::filesystem::path& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out = "file:";
  for (unsigned char c : std::filesystem::absolute(path).string()) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

struct WriteTracker {
  bool dirty = false;  // a snapshot table changed since the last bump (or commit, if rolled back)
};

namespace {

constexpr std::array<std::string_view, 6> kSnapshotTables = {
    "schools", "territories", "results", "student_results", "observations", "risk_profiles"};

// Set by the authorizer while a statement that writes a snapshot table is being prepared; the
// code that prepared it (Statement, Db::exec) takes it. Prepares run on the calling thread.
thread_local WriteTracker* t_prepared_writer = nullptr;

// Called by SQLite for every table a statement (and the triggers it fires) reads or writes, at
// prepare time only: no cost per row, unlike a trigger or an update hook (which also never fires
// for WITHOUT ROWID tables such as results).
int authorize(void* tracker, int action, const char* table, const char*, const char*,
              const char*) {
  if ((action == SQLITE_INSERT || action == SQLITE_UPDATE || action == SQLITE_DELETE) && table &&
      is_snapshot_table(table))
    t_prepared_writer = static_cast<WriteTracker*>(tracker);
  return SQLITE_OK;
}

std::mutex g_tracked_mutex;
std::unordered_set<const sqlite3*>& tracked() {
  static std::unordered_set<const sqlite3*> set;
  return set;
}

// Replaces the data version within the current transaction (or as its own, in autocommit).
// A store without meta (a test's bare schema) has no version to keep.
void bump_data_version(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO meta(key, value) VALUES ('data_version', "
                         "printf('1-%016x', random())) ON CONFLICT(key) DO UPDATE SET value = "
                         "printf('%d-%016x', CAST(value AS INTEGER) + 1, random())",
                         -1, &stmt, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return;
  }
  int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE)
    throw StoreError(std::string("ошибка базы данных (версия данных): ") + sqlite3_errmsg(db),
                     sqlite3_extended_errcode(db));
}

}  // namespace

bool is_snapshot_table(std::string_view table) {
  for (auto t : kSnapshotTables)
    if (t.size() == table.size() &&
        std::equal(t.begin(), t.end(), table.begin(),
                   [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); }))
      return true;
  return false;
}

bool data_version_tracked(sqlite3* db) {
  std::lock_guard lock(g_tracked_mutex);
  return tracked().count(db) > 0;
}

std::string data_version(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'data_version'", -1, &stmt,
                         nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    if (p) out.assign(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, 0)));
  }
  sqlite3_finalize(stmt);
  return out;
}

void Db::track_writes() {
  tracker_ = new WriteTracker();
  sqlite3_set_authorizer(db_, authorize, tracker_);
  std::lock_guard lock(g_tracked_mutex);
  tracked().insert(db_);
}

void Db::settle_data_version() {
  if (!tracker_ || !tracker_->dirty || !sqlite3_get_autocommit(db_)) return;
  // The write committed on its own (no Transaction): record the change right after it.
  bump_data_version(db_);
  tracker_->dirty = false;
}

Statement::Statement(sqlite3* db, std::string_view sql) {
  t_prepared_writer = nullptr;
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  tracker_ = t_prepared_writer;
  t_prepared_writer = nullptr;
  if (rc != SQLITE_OK) throw_error(db, sql);
}

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(stmt_);
    stmt_ = o.stmt_;
    tracker_ = o.tracker_;
    o.stmt_ = nullptr;
    o.tracker_ = nullptr;
  }
  return *this;
}

void Statement::fail(const char* what) const {
  sqlite3* db = sqlite3_db_handle(stmt_);
  std::string sql = sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "";
  int code = sqlite3_extended_errcode(db);
  // The statement must be usable again after a failed step (e.g. a constraint violation).
  sqlite3_reset(stmt_);
  throw_sqlite(db, code, std::string(what) + ": " + sql);
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
  if (!tracker_) {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail("step");
  }
  // A statement that may write a snapshot table: a step that changed rows marks the data
  // version for a bump (an upsert that found the row unchanged does not).
  sqlite3* db = sqlite3_db_handle(stmt_);
  auto before = sqlite3_total_changes64(db);
  int rc = sqlite3_step(stmt_);
  if (sqlite3_total_changes64(db) != before) tracker_->dirty = true;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail("step");
  if (tracker_->dirty && sqlite3_get_autocommit(db)) {
    // Outside a transaction the change is committed already: bump the version right after.
    bump_data_version(db);
    tracker_->dirty = false;
  }
  return rc == SQLITE_ROW;
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

namespace {

// One connection; `Db` owns it from here on, so a failed open still closes it.
Db open_connection(const std::string& name, int flags, const std::filesystem::path& shown) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(name.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  Db db = Db::adopt(raw);
  if (rc != SQLITE_OK) {
    int code = raw ? sqlite3_extended_errcode(raw) : rc;
    auto env = environment_error(code, shown.string());
    throw StoreError(env.empty() ? "не удалось открыть базу данных «" + shown.string() + "»: " +
                                       (raw ? sqlite3_errmsg(raw) : "нет памяти")
                                 : env,
                     code);
  }
  sqlite3_extended_result_codes(raw, 1);
  // A writer waits for another writer; a WAL reader waits only through a recovery.
  sqlite3_busy_timeout(raw, 5000);
  // Reads the header: a text file, a zip or an empty lock-less folder fails here, not later.
  db.scalar("SELECT count(*) FROM sqlite_schema");
  return db;
}

}  // namespace

Db Db::adopt(sqlite3* raw) { return Db(raw); }

Db Db::open(const std::filesystem::path& path, Access access) {
  std::error_code ec;
  // A folder, a FIFO or a device is no store (opening a FIFO would wait forever).
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    throw StoreError("«" + path.string() + "» — " +
                     (std::filesystem::is_directory(path, ec) ? "каталог" : "не обычный файл") +
                     ", а не файл базы данных");
  if (access == Access::read_only) {
    if (!std::filesystem::exists(path, ec))
      throw StoreError("база данных «" + path.string() +
                       "» не найдена (создайте её: opora init или opora import)");
    try {
      Db db = open_connection(path.string(), SQLITE_OPEN_READONLY, path);
      db.track_writes();
      return db;
    } catch (const StoreError& e) {
      // A WAL reader needs the -shm. In a folder it may not write, with no -wal present, no
      // writer can be at work (it would need the -wal), so the main file is the whole store.
      int primary = e.code() & 0xff;
      auto wal = path.string() + "-wal";
      bool no_wal = !std::filesystem::exists(wal, ec) || std::filesystem::file_size(wal, ec) == 0;
      if (!(primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN)) throw;
      if (!no_wal)
        // Committed rows may still be only in the -wal, which a reader cannot replay here.
        throw StoreError("базу данных «" + path.string() +
                             "» нельзя прочитать: рядом с ней остался журнал " + wal +
                             ", а создать служебный файл " + path.string() +
                             "-shm нет права; откройте её один раз с правом записи "
                             "(например, opora init)",
                         e.code());
      Db db = open_connection(file_uri(path) + "?immutable=1",
                              SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, path);
      db.track_writes();
      return db;
    }
  }
  Db db = open_connection(path.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, path);
  db.track_writes();
  db.exec(
      "PRAGMA journal_mode=WAL;"
      "PRAGMA synchronous=NORMAL;"
      "PRAGMA foreign_keys=ON;");
  // trusted_schema stays ON: the history triggers call json_object(), which SQLite 3.40 does
  // not mark innocuous. The store is our own file, not an untrusted one.
  return db;
}

std::string Db::path() const { return file_of(db_); }

namespace {
void close_tracked(sqlite3* db, WriteTracker* tracker) {
  if (tracker) {
    std::lock_guard lock(g_tracked_mutex);
    tracked().erase(db);
  }
  sqlite3_close_v2(db);
  delete tracker;
}
}  // namespace

Db& Db::operator=(Db&& o) noexcept {
  if (this != &o) {
    close_tracked(db_, tracker_);
    db_ = o.db_;
    tracker_ = o.tracker_;
    o.db_ = nullptr;
    o.tracker_ = nullptr;
  }
  return *this;
}

Db::~Db() { close_tracked(db_, tracker_); }

void Db::exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  t_prepared_writer = nullptr;
  auto before = sqlite3_total_changes64(db_);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (tracker_ && t_prepared_writer == tracker_ && sqlite3_total_changes64(db_) != before)
    tracker_->dirty = true;
  t_prepared_writer = nullptr;
  // A COMMIT run as text (or a lone write) leaves nothing for Transaction::commit to bump.
  if (rc == SQLITE_OK) settle_data_version();
  if (rc != SQLITE_OK) {
    int code = sqlite3_extended_errcode(db_);
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    auto env = environment_error(code, file_of(db_));
    throw StoreError(env.empty() ? "ошибка базы данных: " + msg : env, code);
  }
}

std::int64_t Db::scalar(std::string_view sql) {
  Statement s = prepare(sql);
  if (!s.step()) throw StoreError("запрос не вернул строк: " + std::string(sql));
  return s.column_int64(0);
}

int Db::user_version() { return static_cast<int>(scalar("PRAGMA user_version")); }

void Db::set_user_version(int v) { exec("PRAGMA user_version=" + std::to_string(v)); }

Transaction::Transaction(Db& db) : db_(db), changes_at_begin_(sqlite3_total_changes64(db.handle())) {
  db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (done_) return;
  sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  // Rolled back: the snapshot tables hold what they held.
  if (db_.tracker_) db_.tracker_->dirty = false;
}

void Transaction::commit() {
  // The new data version commits with the change itself: no reader ever sees the new rows
  // under the old version.
  if (db_.tracker_ && db_.tracker_->dirty) {
    bump_data_version(db_.handle());
    db_.tracker_->dirty = false;
  }
  db_.exec("COMMIT");
  done_ = true;
  if (sqlite3_total_changes64(db_.handle()) - changes_at_begin_ < analyze_after_changes) return;
  // Sampled ANALYZE (each index reads a bounded number of rows) costs milliseconds even on a
  // national store. Statistics only guide the planner: the data is committed already, so a
  // failure here (e.g. another writer holds the lock) is not an error of the commit.
  sqlite3_exec(db_.handle(), "PRAGMA analysis_limit = 1000; ANALYZE", nullptr, nullptr, nullptr);
}

}  // namespace opora::host
