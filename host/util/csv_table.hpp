// The host's CSV reader as the SDK's TableReader: plugin importers read their files through
// it, so the host has one CSV and encoding stack (util/csv, util/encoding) for every import.
#pragma once
#include <filesystem>

#include <opora/importer.hpp>
#include <opora/table.hpp>

#include "util/csv.hpp"

namespace opora::host {

class CsvTable final : public opora::TableReader {
 public:
  // CSV errors (a quote that never closes) go to `sink` with their line and column.
  // Plugin files keep a title block above the table, so the first row is not the header and
  // does not bound the width of the others.
  CsvTable(CsvReader& csv, opora::ImportSink& sink) : csv_(csv), sink_(sink) {
    csv_.set_width_from_first_row(false);
  }
  bool next(opora::TableRow& row) override;

 private:
  CsvReader& csv_;
  opora::ImportSink& sink_;
  CsvRow raw_;
  bool ended_ = false;
};

// Opens `file` and lets `importer` read it; a file that cannot be opened is reported to `sink`
// as an error of the whole file (row 0).
void read_table(const opora::Importer& importer, const std::filesystem::path& file,
                opora::ImportSink& sink);

}  // namespace opora::host
