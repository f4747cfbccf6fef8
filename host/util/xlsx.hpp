// XLSX sheets as rows, for importers: libzip opens the archive, expat streams the XML (no DOM:
// memory stays bounded by one row plus the shared strings, whatever the sheet's size).
//
// Read: the first sheet or one named; shared strings (plain and rich), inline strings, numbers
// (written shortest, so 0.1 stays "0.1"), formula results, booleans as 1/0, and numbers styled
// as dates as ISO text (2024-05-15, with the time when there is one; 1900 and 1904 date systems).
// Merged cells: the value of a range stands in every row of its first column, so a header
// cell merged down over a two-row header, or a login merged over a school's rows, reads on each
// row; other cells of a range stay empty.
//
// Refused, before anything is imported: an archive that is truncated or not a zip, one without
// a workbook, a part that unpacks to more than XlsxLimits::max_part (or all parts read to more
// than max_total: zip bombs, with the size the archive claims checked before unpacking and the
// bytes actually unpacked counted), more shared strings than max_strings, cells past column
// 16,384 (XFD) or out of order, rows longer than CsvLimits::max_record, cells longer than
// max_cell, control characters, a DTD (entity expansion), malformed XML.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "util/csv.hpp"
#include "util/rows.hpp"

namespace opora::host {

struct XlsxLimits {
  std::uint64_t max_part = 256ull * 1024 * 1024;   // unpacked bytes of one part of the archive
  std::uint64_t max_total = 512ull * 1024 * 1024;  // unpacked bytes of all parts read
  std::size_t max_strings = 4 * 1024 * 1024;       // entries of the shared string table
  std::size_t max_merges = 1024 * 1024;            // merged ranges of the sheet
  CsvLimits cells;                                 // cell, row and column caps, as for CSV
};

class XlsxReader final : public RowSource {
 public:
  // Opens the archive and the sheet (`sheet`, or the first when empty). Throws
  // std::runtime_error with a Russian message naming the file when it cannot be read.
  static std::unique_ptr<XlsxReader> open(const std::filesystem::path& file,
                                          std::string_view sheet = {}, XlsxLimits limits = {});
  ~XlsxReader() override;

  bool next(CsvRow& row) override;
  void set_width(std::size_t n) override { width_ = n; }
  std::string_view sheet() const override;

  struct Impl;

 private:
  explicit XlsxReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::size_t width_ = 0;
};

}  // namespace opora::host
