// Tables an importer reads. The host opens the file and reads it with its own readers (the ones
// its built-in imports use): a CSV file — encoding (UTF-8 with or without BOM, else
// Windows-1251), delimiter (';', tab or ','), quoted cells with delimiters, "" and line breaks —
// or an XLSX workbook (the first sheet or `--sheet NAME`; shared and inline strings, numbers
// stored as text, dates as ISO text, merged ranges), which reaches the importer as the same rows, `line`
// being the sheet's row number. A plugin never parses a file itself, so there is one CSV, XLSX
// and encoding stack to harden.
#pragma once
#include <string>
#include <vector>

namespace opora {

struct TableRow {
  int line = 0;  // 1-based line of the file where the row starts (XLSX: the sheet's row)
  std::vector<std::string> cells;
};

class TableReader {
 public:
  virtual ~TableReader() = default;
  // Fills `row` with the next row that has a non-blank cell (rows of empty or space-only cells,
  // such as ";;;" lines of a spreadsheet, are skipped); false at the end of the table. A
  // malformed file (a quote that never closes) ends the table: the host reports that error with
  // its line and column itself.
  virtual bool next(TableRow& row) = 0;
};

}  // namespace opora
