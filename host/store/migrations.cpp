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
  };
  return list;
}

}  // namespace

int latest_schema_version() { return migrations().back().version; }

void migrate(Db& db) {
  int current = db.user_version();
  if (current > latest_schema_version())
    throw StoreError("база данных создана более новой версией программы (схема " +
                     std::to_string(current) + ", поддерживается до " +
                     std::to_string(latest_schema_version()) + ")");
  for (const auto& m : migrations()) {
    if (m.version <= current) continue;
    Transaction tx(db);
    m.apply(db);
    db.set_user_version(m.version);
    tx.commit();
  }
}

}  // namespace opora::host
