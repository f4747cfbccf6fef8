#include "store/migrations.hpp"

#include <functional>
#include <string>
#include <vector>

#include "store/history.hpp"
#include "store/schema_sql.hpp"

namespace opora::host {

namespace {

struct Migration {
  int version;
  const char* what;
  std::function<void(Db&)> apply;
};

// Append only: a released version is never edited, a change is a new entry.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
      {1, "schema v1 (schema.sql)", [](Db& db) { db.exec(schema_v1_sql); }},
      {2, "history triggers",
       [](Db& db) {
         for (auto table : history_tables()) create_history_triggers(db, table);
       }},
      {3, "plan history; progress append-only",
       [](Db& db) {
         for (auto table : {"roadmaps", "activities", "occurrences", "participation"})
           create_history_triggers(db, table);
         // Progress is a log: a correction or an undo is a new row, never an edit.
         db.exec(
             "CREATE TRIGGER progress_no_update BEFORE UPDATE ON progress BEGIN "
             "SELECT RAISE(ABORT, 'progress is append-only'); END;"
             "CREATE TRIGGER progress_no_delete BEFORE DELETE ON progress BEGIN "
             "SELECT RAISE(ABORT, 'progress is append-only'); END;");
       }},
      {4, "store metadata (e.g. synthetic demo data)",
       [](Db& db) {
         db.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
       }},
      {5, "indexes for one plan's rows on a national store",
       [](Db& db) {
         db.exec("CREATE INDEX activities_roadmap ON activities(roadmap);"
                 "CREATE INDEX participation_activity ON participation(activity);");
       }},
      {6, "accounts and sessions of the web workplace (auth/)",
       [](Db& db) {
         // The password hash lives apart from users, so users' history never copies a hash.
         db.exec(
             "CREATE TABLE users ("
             "  id INTEGER PRIMARY KEY,"
             "  login TEXT NOT NULL UNIQUE,"
             "  name TEXT NOT NULL DEFAULT '',"
             "  role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'methodologist', "
             "'curator')),"
             "  territory TEXT NOT NULL REFERENCES territories(id),"
             "  school TEXT REFERENCES schools(login),"
             "  disabled INTEGER NOT NULL DEFAULT 0,"
             "  password_changed_at TEXT NOT NULL,"
             "  password_version INTEGER NOT NULL DEFAULT 1,"
             "  created_at TEXT NOT NULL);"
             "CREATE TABLE user_passwords ("
             "  user INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
             "  hash TEXT NOT NULL);"
             "CREATE TABLE sessions ("
             "  token_hash TEXT PRIMARY KEY,"
             "  user INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
             "  csrf TEXT NOT NULL,"
             "  created_at INTEGER NOT NULL,"
             "  expires_at INTEGER NOT NULL) WITHOUT ROWID;"
             "CREATE INDEX sessions_user ON sessions(user);"
             // Writes from the web are attributed: who saved a run, who retracted a
             // participation (progress and participation rows already carry `who`).
             "ALTER TABLE identification_runs ADD COLUMN created_by TEXT NOT NULL DEFAULT '';"
             "ALTER TABLE participation ADD COLUMN retracted_by TEXT NOT NULL DEFAULT '';");
         create_history_triggers(db, "users");
         create_history_triggers(db, "participation");
       }},
      {7, "the data an identification run read: fingerprints by table and year",
       [](Db& db) {
         db.exec("ALTER TABLE identification_runs ADD COLUMN data TEXT NOT NULL DEFAULT '{}';"
                 "ALTER TABLE identification_runs ADD COLUMN data_hash TEXT NOT NULL DEFAULT '';");
       }},
      {8, "files attached to progress records (the web workplace)",
       [](Db& db) {
         // The content lives in the store under a generated id: the uploader's file name is
         // shown, never used as a path. Append-only like the progress rows it belongs to.
         db.exec(
             "CREATE TABLE attachments ("
             "  id INTEGER PRIMARY KEY,"
             "  progress INTEGER NOT NULL REFERENCES progress(id),"
             "  name TEXT NOT NULL, mime TEXT NOT NULL, size INTEGER NOT NULL,"
             "  content BLOB NOT NULL, who TEXT NOT NULL, recorded_at TEXT NOT NULL);"
             "CREATE INDEX attachments_progress ON attachments(progress);"
             "CREATE TRIGGER attachments_no_update BEFORE UPDATE ON attachments BEGIN "
             "SELECT RAISE(ABORT, 'attachments are append-only'); END;"
             "CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments BEGIN "
             "SELECT RAISE(ABORT, 'attachments are append-only'); END;");
       }},
      {9, "the data version the snapshot cache is keyed by (store/db.hpp data_version)",
       [](Db& db) {
         // A store that already holds data gets a version now, so its first run can build the
         // cache; later writes to the snapshot tables replace it (Transaction::commit).
         db.exec("INSERT OR IGNORE INTO meta(key, value) VALUES ('data_version', "
                 "printf('1-%016x', random()))");
       }},
  };
  return list;
}

}  // namespace

int latest_schema_version() { return migrations().back().version; }

namespace {

// A store this program cannot use as it is, or "" when it can (perhaps after migrating).
// A file with tables but no version was not made by opora: migrating it would mix schemas.
std::string foreign_or_newer(Db& db, int current) {
  if (current > latest_schema_version())
    return "база данных «" + db.path() + "»: версия схемы " + std::to_string(current) +
           " новее поддерживаемой " + std::to_string(latest_schema_version()) +
           " (база создана более новой версией opora; обновите программу)";
  if (current == 0 && db.scalar("SELECT count(*) FROM sqlite_schema") > 0)
    return "файл «" + db.path() + "» — база SQLite, но не база opora (нет версии схемы)";
  return "";
}

}  // namespace

void migrate(Db& db) {
  int current = db.user_version();
  if (auto why = foreign_or_newer(db, current); !why.empty()) throw StoreError(why);
  for (const auto& m : migrations()) {
    if (m.version <= current) continue;
    Transaction tx(db);
    m.apply(db);
    db.set_user_version(m.version);
    tx.commit();
  }
}

void require_current_schema(Db& db) {
  int current = db.user_version();
  if (auto why = foreign_or_newer(db, current); !why.empty()) throw StoreError(why);
  if (current == 0)
    throw StoreError("база данных «" + db.path() + "» пуста: создайте её командой opora init");
  if (current < latest_schema_version())
    throw StoreError("база данных «" + db.path() + "»: версия схемы " + std::to_string(current) +
                     " старше нужной " + std::to_string(latest_schema_version()) +
                     "; обновите её командой opora init (команды чтения базу не изменяют)");
}

}  // namespace opora::host
