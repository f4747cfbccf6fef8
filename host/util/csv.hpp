// A streaming CSV reader for exported tables. The file is memory-mapped (or converted once from
// Windows-1251); fields are views into that buffer, quoted fields are unescaped in place, so
// reading a row allocates nothing once the field vector has grown.
//
// Detected, not configured: the encoding (UTF-8 with or without BOM; anything that is not valid
// UTF-8 is read as Windows-1251) and the delimiter (';', tab or ',', whichever appears outside
// quotes on most of the first 20 lines; ';' then tab win ties). Quoted fields may hold delimiters,
// "" escapes and newlines.
#pragma once
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

enum class Encoding { utf8, utf8_bom, cp1251 };

class CsvReader {
 public:
  // Opens and maps a file. Throws std::runtime_error if it cannot be read.
  static CsvReader open(const std::filesystem::path& file);
  // Reads text already in memory (tests, plugin importers).
  static CsvReader from_string(std::string text);

  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;
  ~CsvReader();

  char delimiter() const { return delimiter_; }
  Encoding encoding() const { return encoding_; }

  // The next non-blank row; false at the end. Views stay valid while the reader lives.
  // Throws CsvError on a quote that never closes or text after a closing quote.
  bool next(CsvRow& row);

 private:
  CsvReader() = default;
  void init();
  std::string_view field(char*& p, int line, int column, int& lines);

  struct Mapping;
  std::unique_ptr<Mapping> mapping_;
  std::string owned_;  // converted or in-memory text
  char* pos_ = nullptr;
  char* end_ = nullptr;
  int line_ = 1;
  bool started_ = false;
  char delimiter_ = ';';
  Encoding encoding_ = Encoding::utf8;
};

}  // namespace opora::host
