// The XLSX renderer (libxlsxwriter): one sheet per report section, real numbers, percents and
// dates, fitted columns, a frozen header row, an autofilter on tables and overdue rows coloured.
// Charts are written as small tables of their numbers.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <opora/renderer.hpp>

namespace opora::host {

class XlsxRenderer final : public Renderer {
 public:
  std::string format() const override { return "xlsx"; }
  std::string extension() const override { return "xlsx"; }
  // Writes `out` atomically (a temporary file renamed on success); throws std::runtime_error
  // with a Russian message naming the sheet and row when libxlsxwriter reports an error.
  void render(std::string_view report_json, const std::filesystem::path& out) const override;
};

namespace render {

// An Excel sheet name for a section title: no []:*?/\ characters, no leading or trailing
// apostrophe, at most 31 characters, and unique (case-insensitively) among `used`, which it
// extends. An empty title becomes "Лист N".
std::string xlsx_sheet_name(std::string_view title, std::vector<std::string>& used);

}  // namespace render
}  // namespace opora::host
