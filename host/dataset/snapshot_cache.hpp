// The snapshot cache: the whole country's snapshot as compact columns in one file beside the
// store, keyed by the store's data version (store/db.hpp), mapped into memory by later runs.
//
// Decoding the snapshot out of SQLite is most of a run's time on a national store; the cache
// is built once per data version (by the first run that needs a snapshot after a change) and
// then read with mmap: a run touches only the schools and years its request names. Result rows
// are sorted by school then year, so a school's years are one contiguous slice; each
// (school, year) slice carries its own hash, checked when the slice is used. The layout and the
// rules are in docs/performance.md ("Snapshot cache").
//
// A cache is read only when its format, its row layout, the store's schema version and the
// store's data version all match and its hashes hold; anything else (a stale, truncated,
// corrupt or foreign file) is rebuilt, and when that fails the store is read as before. A
// failure to write never fails the command. `OPORA_SNAPSHOT_CACHE=off` bypasses it.
#pragma once
#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>

#include "dataset/snapshot.hpp"

namespace opora::host {

// "<database file>.snapshot"; empty for a store with no file (":memory:", a temporary one).
std::filesystem::path snapshot_cache_path(sqlite3* db);
// False when OPORA_SNAPSHOT_CACHE is "off", "0" or "no": every run reads the store.
bool snapshot_cache_enabled();

struct SnapshotFile {
  // The request from the cache of the store's current data version (built now when there is
  // none usable), or null: the caller reads the store. Runs inside the caller's read
  // transaction, so the version and the rows a build reads are one state of the store.
  // Student scores are never in the cache (the caller loads them from the store).
  static std::unique_ptr<Snapshot> load(sqlite3* db, const SnapshotRequest& request);
  // Writes `full` (a whole-country snapshot of every year, rows in store order) as the cache
  // of `version` and schema `schema`: a temporary file beside `file`, synced, then renamed
  // over it. Throws std::runtime_error (Russian text) on failure; removes the temporary file.
  static void write(const Snapshot& full, const std::filesystem::path& file,
                    const std::string& version, int schema);
  // The request from `file` when it is a sound cache of `version` and `schema`; else null and
  // `why` says what was wrong (for tests and the notice).
  static std::unique_ptr<Snapshot> read(const std::filesystem::path& file,
                                        const std::string& version, int schema,
                                        const SnapshotRequest& request, std::string* why);
};

}  // namespace opora::host
