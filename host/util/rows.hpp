// Rows of a table file, whatever its format (RowSource, declared with CsvRow in util/csv.hpp):
// the one source every importer reads (built-in
// kinds through host/import, plugin importers through the SDK's TableReader). A CSV file and an
// XLSX sheet give the same rows (line = the file's line or the sheet's row number, fields by
// column), so header aliases, validation and all-or-nothing are shared, not per format.
#pragma once
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "util/csv.hpp"

namespace opora::host {


// Excel's letters of a 1-based column: 1 → A, 27 → AA, 16384 → XFD.
std::string column_letters(int column);

// The one way a position in a table file is written in messages:
//   CSV:  file:row:column (file:row when column is 0)
//   XLSX: file:Лист1!D17 (file:Лист1!17 when column is 0, file:Лист1 when row is 0); a sheet
//         name with spaces or punctuation is quoted as Excel quotes it: 'Мой лист'!D17.
std::string format_position(std::string_view file, std::string_view sheet, int row, int column);

// Applies the header width to a row just read (shared by the readers): a non-empty field past
// `width` is refused with its position, empty ones are dropped. No-op when width is 0.
void apply_width(CsvRow& row, std::size_t width);

// Refuses a cell (CsvError at line, column) that is longer than `max_cell` bytes or holds a
// control character (C0 other than tab and line feed, DEL, C1): exported tables never have them;
// where they do, the file is binary, truncated or mis-decoded.
void check_cell(std::string_view cell, int line, int column, std::size_t max_cell);

// Opens `file` by its content, not its name: a zip archive (PK\3\4) is read as XLSX (`sheet`,
// or the first sheet when empty), anything else as CSV. Throws std::runtime_error with a
// Russian message naming the file when it cannot be opened or is not a table at all.
std::unique_ptr<RowSource> open_rows(const std::filesystem::path& file,
                                     std::string_view sheet = {});

}  // namespace opora::host
