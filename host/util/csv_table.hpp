// The host's row sources (CSV or an XLSX sheet, util/rows) as the SDK's TableReader: plugin
// importers read their files through it, so the host has one CSV, XLSX and encoding stack for
// every import.
#pragma once
#include <filesystem>

#include <opora/importer.hpp>
#include <opora/table.hpp>

#include "util/rows.hpp"

namespace opora::host {

class CsvTable final : public opora::TableReader {
 public:
  // CSV errors (a quote that never closes) go to `sink` with their line and column.
  // Plugin files keep a title block above the table, so the first row is not the header and
  // does not bound the width of the others.
  CsvTable(RowSource& rows, opora::ImportSink& sink) : csv_(rows), sink_(sink) {}
  CsvTable(CsvReader& csv, opora::ImportSink& sink) : csv_(csv), sink_(sink) {
    csv.set_width_from_first_row(false);
  }
  bool next(opora::TableRow& row) override;

 private:
  RowSource& csv_;
  opora::ImportSink& sink_;
  CsvRow raw_;
  bool ended_ = false;
};

// Opens `file` (CSV or XLSX by its content; `sheet` or the first) and lets `importer` read
// it; a file that cannot be opened is reported to `sink` as an error of the whole file (row 0).
void read_table(const opora::Importer& importer, const std::filesystem::path& file,
                opora::ImportSink& sink, std::string_view sheet = {});

}  // namespace opora::host
