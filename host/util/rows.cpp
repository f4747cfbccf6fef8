#include "util/rows.hpp"

#include <cstdio>
#include <fstream>

#include "util/text.hpp"
#include "util/xlsx.hpp"

namespace opora::host {

namespace {

// Sheet names Excel writes without quotes in a reference: letters (any script), digits, '_'.
bool plain_sheet_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
        c == '_')
      continue;
    return false;
  }
  return true;
}

}  // namespace

std::string column_letters(int column) {
  std::string s;
  for (int n = column; n > 0; n = (n - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
  return s;
}

std::string format_position(std::string_view file, std::string_view sheet, int row, int column) {
  std::string p(file);
  if (sheet.empty()) {
    p += ":" + std::to_string(row);
    if (column > 0) p += ":" + std::to_string(column);
    return p;
  }
  p += ':';
  if (plain_sheet_name(sheet)) {
    p += sheet;
  } else {
    p += '\'';
    for (char c : sheet) p += c == '\'' ? std::string("''") : std::string(1, c);
    p += '\'';
  }
  if (row <= 0) return p;
  p += '!';
  if (column > 0) p += column_letters(column);
  p += std::to_string(row);
  return p;
}

void apply_width(CsvRow& row, std::size_t width) {
  if (width == 0 || row.fields.size() <= width) return;
  for (std::size_t c = width; c < row.fields.size(); ++c)
    if (!trim(row.fields[c]).empty())
      throw CsvError(row.line, static_cast<int>(c) + 1,
                     "лишнее значение «" + std::string(trim(row.fields[c]).substr(0, 80)) +
                         "» за последним столбцом: в строке заголовка " + std::to_string(width) +
                         " столбцов (разделитель внутри значения без кавычек?)");
  row.fields.resize(width);
}

void check_cell(std::string_view f, int line, int column, std::size_t max_cell) {
  if (f.size() > max_cell)
    throw CsvError(line, column,
                   "ячейка длиннее " + std::to_string(max_cell / 1024) + " КБ" + " (" +
                       std::to_string(f.size()) + " байт): в таблицах выгрузок таких не бывает");
  for (std::size_t i = 0; i < f.size(); ++i) {
    auto c = static_cast<unsigned char>(f[i]);
    unsigned code = c;
    if ((c >= 0x20 && c != 0x7F && c != 0xC2) || c == '\t' || c == '\n') continue;
    if (c == 0xC2) {  // C1 controls are U+0080–U+009F: C2 80 … C2 9F
      auto next = i + 1 < f.size() ? static_cast<unsigned char>(f[i + 1]) : 0u;
      if (next < 0x80 || next > 0x9F) continue;
      code = next;
    }
    char hex[16];
    std::snprintf(hex, sizeof hex, "U+%04X", code);
    throw CsvError(line, column,
                   std::string("управляющий символ ") + hex + (code == 0 ? " (NUL)" : "") +
                       " в ячейке (позиция " + std::to_string(i + 1) +
                       "): в таблицах его не бывает — файл повреждён или это не текст");
  }
}

std::unique_ptr<RowSource> open_rows(const std::filesystem::path& file, std::string_view sheet) {
  char magic[8] = {};
  {
    std::ifstream in(file, std::ios::binary);
    in.read(magic, sizeof magic);
  }
  std::string_view head(magic, sizeof magic);
  if (head.starts_with("PK\x03\x04") || head.starts_with(std::string_view("PK\x05\x06", 4)))
    return XlsxReader::open(file, sheet);
  // An OLE2 compound file: Excel 97–2003 .xls, or an .xlsx protected by a password.
  if (head == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
    throw std::runtime_error(file.string() +
                             ": файл Excel 97–2003 (.xls) или книга, защищённая паролем; такие не "
                             "читаются — сохраните её в Excel как «Книга Excel (.xlsx)» без "
                             "пароля или как CSV");
  if (!sheet.empty())
    throw std::runtime_error(file.string() + ": --sheet относится к файлам XLSX, а это CSV");
  auto csv = std::make_unique<CsvReader>(CsvReader::open(file));
  // The header may sit below a title block: the importer sets the width where it finds it.
  csv->set_width_from_first_row(false);
  return csv;
}

}  // namespace opora::host
