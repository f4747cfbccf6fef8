// A streaming CSV reader for exported tables, the one reader every importer uses. The file is
// read in chunks into a buffer that holds at most one row (plus one chunk); fields are views into
// that buffer, quoted fields are unescaped in place, so reading a row allocates nothing once the
// buffer and the field vector have grown. Memory stays bounded by the row cap whatever the file
// size: a 100 MB file without a line break is refused after the first megabyte.
//
// Detected, not configured: the encoding (UTF-8 with or without BOM; a file whose first
// non-ASCII text is not valid UTF-8 is read as Windows-1251) and the delimiter (';', tab or ',',
// whichever appears outside quotes on most of the first 20 lines; ';' then tab win ties). Quoted
// fields may hold delimiters, "" escapes and newlines.
//
// Refused with the row and column (CsvError), so no importer can read them differently:
//   - a row longer than CsvLimits::max_record, a cell longer than max_cell, more than max_fields;
//   - control characters in a cell: C0 (NUL, ...) other than tab, a line break inside quotes
//     and the CR of a CRLF; DEL; C1 (U+0080–U+009F);
//   - a row with a non-empty field beyond the header's columns (empty trailing fields that
//     spreadsheets pad rows with are dropped);
//   - bytes that are not UTF-8 in a file detected as UTF-8;
//   - a quote that never closes, text after a closing quote.
#pragma once
#include <cstddef>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace opora::host {

// A malformed file; `line` and `column` are 1-based, the message is in Russian.
class CsvError : public std::runtime_error {
 public:
  CsvError(int line, int column, const std::string& message)
      : std::runtime_error(message), line(line), column(column) {}
  int line;
  int column;
};

struct CsvRow {
  int line = 0;  // line of the file where the row starts (1-based)
  std::vector<std::string_view> fields;
};

// Rows of a table file, whatever its format: CsvReader here, XlsxReader (util/xlsx) for a
// sheet. Importers read this, so header aliases, validation and all-or-nothing are shared.
class RowSource {
 public:
  virtual ~RowSource() = default;
  // The next non-blank row; false at the end. Views stay valid until the next call. A
  // malformed file throws CsvError with the row and column.
  virtual bool next(CsvRow& row) = 0;
  // Rows read from now on may have at most `n` non-empty fields (0: no limit); empty fields
  // past `n` are dropped.
  virtual void set_width(std::size_t n) = 0;
  // The sheet the rows come from ("" for CSV): error positions name it, as Excel does.
  virtual std::string_view sheet() const { return {}; }
};

enum class Encoding { utf8, utf8_bom, cp1251 };

// Caps that no real export comes near (a school's name is a few hundred bytes, a roadmap
// activity a few kilobytes); they bound memory and time on hostile or broken files.
struct CsvLimits {
  std::size_t max_cell = 64 * 1024;        // bytes of one cell, as read
  std::size_t max_record = 1024 * 1024;    // bytes of one row, quoted line breaks included
  std::size_t max_fields = 16384;          // columns of one row (a spreadsheet's maximum)
  // The first row is the header: later rows may not have more (non-empty) fields than it.
  // Readers of files with text above the table call set_width() at their header instead.
  bool first_row_sets_width = true;
};

class CsvReader final : public RowSource {
 public:
  // Opens a regular file. Throws std::runtime_error if it cannot be read.
  static CsvReader open(const std::filesystem::path& file, CsvLimits limits = {});
  // Reads text already in memory (tests, plugin importers).
  static CsvReader from_string(std::string text, CsvLimits limits = {});

  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;
  ~CsvReader();

  char delimiter() const { return delimiter_; }
  // Decided from the first chunk that has non-ASCII text (utf8 while all was ASCII).
  Encoding encoding() const { return encoding_; }

  // The next non-blank row; false at the end. Views stay valid until the next call.
  // Throws CsvError for anything listed in the header comment.
  bool next(CsvRow& row) override;

  // Rows read from now on may have at most `n` non-empty fields (0: no limit).
  void set_width(std::size_t n) override { width_ = n; }
  // Whether the first row is the header whose width bounds the later rows (CsvLimits).
  void set_width_from_first_row(bool on) { limits_.first_row_sets_width = on; }
  std::size_t width() const { return width_; }

 private:
  CsvReader() = default;
  void init();
  bool fill();  // reads one more chunk; false at the end of the input
  bool have(std::size_t n);  // at least n unread bytes, reading more if needed
  std::size_t record_end(std::size_t from);
  void check_field(std::string_view f, int line, int column) const;
  void decode(CsvRow& row);
  [[noreturn]] void too_long(std::size_t from, std::size_t field_start, std::size_t at,
                             int column) const;
  std::string_view field(char*& p, char* end, int line, int column, int& lines);

  struct File;  // the open descriptor; null for text in memory
  std::unique_ptr<File> file_;
  std::string buf_;    // unread input starts at pos_
  std::size_t pos_ = 0;
  bool eof_ = false;
  std::string converted_;  // this row's fields in UTF-8 (Windows-1251 files)
  CsvLimits limits_;
  std::size_t width_ = 0;
  int line_ = 1;
  bool first_ = true;
  bool decided_ = false;  // encoding known (a BOM or non-ASCII text seen)
  char delimiter_ = ';';
  Encoding encoding_ = Encoding::utf8;
};

}  // namespace opora::host
