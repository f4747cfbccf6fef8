// Fuzzes the CSV importer: the first byte picks the kind, the rest is the file. A refused import
// (ImportFailed) must leave the store unchanged; a StoreError means validation let bad data reach
// SQLite, and is reported as a finding (abort) like a crash.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "import/import.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"

namespace fs = std::filesystem;
using namespace opora::host;

namespace {

// Row counts of every table an import writes, and a checksum of the result figures.
std::string fingerprint(Db& db) {
  std::string out;
  for (const char* t : {"territories", "schools", "results", "observations", "student_results",
                        "risk_profiles", "territory_observations"})
    out += std::to_string(db.scalar(std::string("SELECT count(*) FROM ") + t)) + ";";
  return out + std::to_string(db.scalar("SELECT total(participants + m2 + 3 * m3) FROM results"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const fs::path dir = [] {
    auto p = fs::temp_directory_path() / ("opora_fuzz_csv_" + std::to_string(::getpid()));
    fs::create_directories(p);
    return p;
  }();
  const auto& kinds = builtin_import_kinds();
  std::string kind(kinds[data[0] % kinds.size()]);
  auto file = dir / "input.csv";
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data) + 1, std::streamsize(size - 1));

  // A fresh store with one region, one municipality and one school for rows to refer to.
  fs::remove(dir / "t.db");
  fs::remove(dir / "t.db-wal");
  fs::remove(dir / "t.db-shm");
  auto db = Db::open(dir / "t.db");
  migrate(db);
  db.exec(
      "INSERT OR IGNORE INTO territories(id, name, parent, level) VALUES "
      "('federal', 'РФ', NULL, 'federal'), ('r', 'Р', 'federal', 'region'), "
      "('r/m', 'М', 'r', 'municipality');"
      "INSERT INTO schools(login, name, territory) VALUES ('sch1', 'Школа', 'r/m');");
  auto before = fingerprint(db);
  try {
    import_file(db, kind, file);
  } catch (const ImportFailed&) {
    if (fingerprint(db) != before) {
      std::cerr << "a refused " << kind << " import changed the store\n";
      std::abort();
    }
  } catch (const StoreError& e) {
    std::cerr << "store error on " << kind << " import: " << e.what() << "\n";
    std::abort();
  }
  return 0;
}
