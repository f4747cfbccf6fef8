// Schema migrations by PRAGMA user_version: version 1 is schema.sql, later versions follow.
#pragma once
#include "store/db.hpp"

namespace opora::host {

// The version a fully migrated store has.
int latest_schema_version();

// Brings the store up to latest_schema_version(), one transaction per version. Throws
// StoreError for a store newer than this program, or a SQLite file opora did not make.
void migrate(Db& db);

// For readers, which never migrate: throws StoreError unless the store is exactly at
// latest_schema_version() (an older one names `opora init`, a newer one its version).
void require_current_schema(Db& db);

}  // namespace opora::host
