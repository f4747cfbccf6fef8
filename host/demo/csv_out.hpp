// A buffered `;`-separated writer for the generator: millions of rows, so no iostream per field,
// numbers through std::to_chars and one fwrite per megabyte.
#pragma once
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace opora::host::gen {

class CsvOut {
 public:
  // Opens `path` for writing and writes the header line; throws std::runtime_error on failure.
  CsvOut(const std::filesystem::path& path, std::string_view header);
  ~CsvOut();
  CsvOut(const CsvOut&) = delete;
  CsvOut& operator=(const CsvOut&) = delete;

  CsvOut& text(std::string_view s);      // a field; `;`, quotes and newlines are quoted
  CsvOut& integer(long long v);
  CsvOut& fixed(double v, int decimals);  // e.g. 12.35, never exponent notation
  void end_row();
  // Flushes and closes; throws if the disk refused anything. Called by the destructor silently.
  void close();

 private:
  void separator();
  void flush_if_full();

  std::FILE* file_ = nullptr;
  std::filesystem::path path_;
  std::string buf_;
  bool row_started_ = false;
};

}  // namespace opora::host::gen
