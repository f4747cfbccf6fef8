// Bulk progress from CSV: activity;school;due;status;date;evidence;note;who (Russian headers
// too). Validated like the other importers — every problem as file:row:column — and all or
// nothing: one bad row and nothing is written (ImportFailed lists the problems).
#pragma once
#include <cstdint>
#include <filesystem>

#include "store/db.hpp"

namespace opora::host {

struct ProgressImportReport {
  int rows = 0;      // data rows read
  int written = 0;   // progress rows appended
};

ProgressImportReport import_progress_csv(Db& db, std::int64_t roadmap,
                                         const std::filesystem::path& file);
// The same over text in memory; `name` is used in messages.
ProgressImportReport import_progress_text(Db& db, std::int64_t roadmap, std::string text,
                                          const std::string& name);

}  // namespace opora::host
