// Validation errors of one import: positioned, capped, thrown together.
#pragma once
#include <string>
#include <vector>

namespace opora::host {

class ErrorList {
 public:
  static constexpr std::size_t kLimit = 50;

  explicit ErrorList(std::string file) : file_(std::move(file)) {}

  // Adds "position: message", the position as format_position() writes it (file:row:column,
  // file:row when column is 0; file:Лист1!D17 for a sheet). Throws
  // ImportFailed at the kLimit-th error: the rest of the file would only add noise.
  void add(int row, int column, const std::string& message);
  bool empty() const { return errors_.empty(); }
  // Throws ImportFailed if anything was added.
  void throw_if_any();
  const std::string& file() const { return file_; }
  // The sheet the rows come from (XLSX): positions then read file:Лист1!D17.
  void set_sheet(std::string sheet) { sheet_ = std::move(sheet); }

 private:
  std::string file_;
  std::string sheet_;
  std::vector<std::string> errors_;
};

}  // namespace opora::host
