// Schema migrations by PRAGMA user_version: version 1 is schema.sql, later versions follow.
#pragma once
#include "store/db.hpp"

namespace opora::host {

// The version a fully migrated store has.
int latest_schema_version();

// Brings the store up to latest_schema_version(), one transaction per version. Throws
// StoreError for a store newer than this program.
void migrate(Db& db);

}  // namespace opora::host
