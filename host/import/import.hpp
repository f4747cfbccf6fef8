// Importing data files into the store: all or nothing, validated, idempotent.
//
//   opora::host::import_file(db, "results", "vpr-2024.csv");
//
// Kinds read from CSV or XLSX (columns by ФИС ОКО's Russian names or English keys, any order, any case):
//   territories        id; name; parent; level
//   schools            login; name; territory; kind; locality; students
//   results            login; procedure; year; grade; subject; participants; m2; m3; m4; m5;
//                      mean_score (optional)
//   context            login; year; indicator; value
//   students           login; procedure; year; grade; subject; student; primary_score; mark
//   risk               login; year; factor; level (1..3 or низкий / средний / высокий)
//   territory_context  territory; year; indicator; value
// and any importer a plugin registered in the catalog, by its id().
#pragma once
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.hpp"

namespace opora::host {

class Catalog;

struct ImportReport {
  std::int64_t rows = 0;       // data rows read
  std::int64_t inserted = 0;
  std::int64_t updated = 0;    // existing rows whose values changed
  std::int64_t unchanged = 0;  // existing rows written again with the same values (not touched)
};

// The import was refused and the store left as it was. Each error reads
// "file:row:column: message" (CSV) or "file:Лист1!D17: message" (XLSX), in Russian, at most 50.
class ImportFailed : public std::runtime_error {
 public:
  explicit ImportFailed(std::vector<std::string> errors);
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::vector<std::string> errors_;
};

// The kinds the host reads itself, in the order a fresh store needs them.
const std::vector<std::string_view>& builtin_import_kinds();

// Imports `file` as `kind` in one transaction. The file is CSV or XLSX, told by its content
// (`sheet` names the XLSX sheet; the first one when empty); the header may sit below a title
// block. Throws ImportFailed (bad data, unknown kind), StoreError (the database itself failed).
ImportReport import_file(Db& db, std::string_view kind, const std::filesystem::path& file,
                         const Catalog* catalog = nullptr, std::string_view sheet = {});

}  // namespace opora::host
