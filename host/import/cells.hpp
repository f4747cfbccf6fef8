// Typed reading of the cells of one CSV row; a malformed cell is reported with its position.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "import/errors.hpp"
#include "import/fields.hpp"
#include "util/csv.hpp"

namespace opora::host {

class Cells {
 public:
  Cells(const CsvRow& row, const Columns& cols, ErrorList& errors)
      : row_(row), cols_(cols), errors_(errors) {}

  int line() const { return row_.line; }
  // Trimmed text of the field; "" when the column is absent or the row is short.
  std::string_view text(F f) const;
  // Like text(), but an empty cell is reported.
  std::string_view required_text(F f);
  // A whole number; an empty cell is reported when `required`, a malformed one always.
  std::optional<std::int64_t> integer(F f, bool required = true);
  // A decimal number with a comma or a point.
  std::optional<double> number(F f, bool required = true);
  // Reports a problem with the cell of `f` (for checks of values).
  void fail(F f, const std::string& message);
  // True while no cell of this row has been reported.
  bool ok() const { return ok_; }

 private:
  const CsvRow& row_;
  const Columns& cols_;
  ErrorList& errors_;
  bool ok_ = true;
};

}  // namespace opora::host
