#include "util/csv_table.hpp"

#include <memory>

namespace opora::host {

namespace {

bool blank(std::string_view cell) { return cell.find_first_not_of(" \t\r") == std::string_view::npos; }

}  // namespace

bool CsvTable::next(opora::TableRow& row) {
  if (ended_) return false;
  try {
    while (csv_.next(raw_)) {
      bool any = false;
      for (auto f : raw_.fields) any = any || !blank(f);
      if (!any) continue;  // ";;;" lines a spreadsheet writes between tables
      row.line = raw_.line;
      row.cells.assign(raw_.fields.begin(), raw_.fields.end());
      return true;
    }
  } catch (const CsvError& e) {
    ended_ = true;
    sink_.error(e.line, e.column, e.what());
    return false;
  }
  ended_ = true;
  return false;
}

void read_table(const opora::Importer& importer, const std::filesystem::path& file,
                opora::ImportSink& sink, std::string_view sheet) {
  std::unique_ptr<RowSource> rows;
  try {
    rows = open_rows(file, sheet);
  } catch (const std::runtime_error& e) {
    sink.error(0, 0, e.what());
    return;
  }
  CsvTable table(*rows, sink);
  importer.read(table, sink);
}

}  // namespace opora::host
