// Pasted roadmap tables → RoadmapTemplate → editable Lua. The cell reader is the shared CSV
// reader (delimiter and encoding detection, quoted cells); this file knows the Russian columns.
#include "roadmap/table_import.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "roadmap/activity_number.hpp"
#include "util/csv.hpp"
#include "util/text.hpp"

namespace opora::host {
namespace {

enum class Role { number, title, deadline, responsible, other };

// A header cell → its role. Keys are header_key()s: lower case, ё → е, spaces collapsed.
// Matched by stems, so «Мероприятия (содержание деятельности)», «Период /срок реализации/»,
// «Ответственный (ФИО, должность)» and «Исполнители» are recognised as the documents write them.
Role role_of(std::string_view header) {
  const std::string key = header_key(header);
  auto has = [&](std::string_view stem) { return key.find(stem) != std::string::npos; };
  if (key.starts_with("№") || key == "n" || key == "n п/п" || key == "номер" || key == "п/п")
    return Role::number;
  if (has("ответствен") || has("исполнител")) return Role::responsible;
  if (has("срок") || has("период") || has("дата")) return Role::deadline;
  if (has("мероприяти") || has("содержание деятельности") || has("наименование"))
    return Role::title;
  return Role::other;
}

// "14", "1.", "2.1", "14а": a number as documents write them (no spaces, starts with a digit).
bool looks_like_number(std::string_view s) {
  if (s.empty() || s[0] < '0' || s[0] > '9' || s.size() > 12) return false;
  return s.find_first_of(" \t\n") == std::string_view::npos;
}

std::string clean_cell(std::string_view raw) {
  std::string out;
  for (char c : trim(raw))
    if (c != '\r') out += c;
  return out;
}

[[noreturn]] void fail(std::string_view file, int row, int column, const std::string& message) {
  throw std::runtime_error(std::string(file) + ":" + std::to_string(row) + ":" +
                           std::to_string(column) + ": " + message);
}

// One table row: its first line in the file, its place in the pasted table (the header is
// row 1; a cell with line breaks makes the two differ) and its cells, trimmed.
struct Row {
  int line = 0;
  int table_row = 0;
  std::vector<std::string> cells;
};

// An error about one row: file:line:column as editors read it, and the row as the user sees
// it in the pasted table when a multi-line cell above it has shifted the lines.
[[noreturn]] void fail_row(std::string_view file, const Row& row, int column,
                           const std::string& message) {
  fail(file, row.line, column,
       message + (row.table_row != row.line
                      ? " (строка " + std::to_string(row.table_row) + " таблицы)"
                      : std::string()));
}

// Word repeats the header row on every page, and documents often number the columns under it
// («1 2 3 4 5»): such rows of a pasted table are layout, not activities.
bool repeats_header(const Row& row, const std::vector<std::string>& header_keys) {
  bool any = false;
  for (std::size_t c = 0; c < header_keys.size() || c < row.cells.size(); ++c) {
    const std::string cell = c < row.cells.size() ? header_key(row.cells[c]) : "";
    const std::string head = c < header_keys.size() ? header_keys[c] : "";
    if (cell != head) return false;
    any = any || !cell.empty();
  }
  return any;
}

bool numbers_the_columns(const Row& row) {
  int filled = 0;
  for (std::size_t c = 0; c < row.cells.size(); ++c) {
    if (row.cells[c].empty()) continue;
    if (canonical_activity_number(row.cells[c]) != std::to_string(c + 1)) return false;
    ++filled;
  }
  return filled >= 3;  // «1 2» could be an activity numbered 1 titled «2»; three cannot
}

struct Layout {
  std::vector<Role> roles;
  std::vector<std::string> headers;
  std::optional<std::size_t> number, title, deadline, responsible;
};

Layout read_header(const Row& row, std::string_view file) {
  Layout l;
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    std::string h = row.cells[i];
    Role r = role_of(h);
    auto claim = [&](std::optional<std::size_t>& slot) {
      if (slot) r = Role::other;  // a second column of the same kind stays in `columns`
      else slot = i;
    };
    if (h.empty()) r = Role::other;
    else if (r == Role::number) claim(l.number);
    else if (r == Role::title) claim(l.title);
    else if (r == Role::deadline) claim(l.deadline);
    else if (r == Role::responsible) claim(l.responsible);
    l.roles.push_back(r);
    l.headers.push_back(std::move(h));
  }
  if (!l.headers.empty() && looks_like_number(l.headers[0]))
    fail_row(file, row, 1,
         "нет строки заголовка: первая строка должна называть столбцы (например, «№», "
         "«Наименование мероприятия», «Сроки», «Ответственные»)");
  if (!l.title)
    fail_row(file, row, 1,
         "в строке заголовка нет столбца с наименованием мероприятия (ожидался «Наименование "
         "мероприятия», «Мероприятие» или «Содержание деятельности»)");
  return l;
}

// A column with an empty header whose cells are all numbers is the number column (Sochi's table
// leaves «№» unwritten). Decided after reading every row.
void infer_number_column(Layout& l, const std::vector<Row>& rows, std::string_view file,
                         int header_line) {
  if (l.number) return;
  for (std::size_t c = 0; c < l.headers.size() && !l.number; ++c) {
    if (!l.headers[c].empty()) continue;
    bool numbers = false, other = false;
    for (const Row& r : rows) {
      int filled = 0;
      for (const auto& v : r.cells) filled += v.empty() ? 0 : 1;
      if (filled <= 1 || c >= r.cells.size()) continue;  // section rows do not count
      const std::string& v = r.cells[c];
      if (v.empty()) continue;
      (looks_like_number(v) ? numbers : other) = true;
    }
    if (numbers && !other) l.number = c;
  }
  if (!l.number)
    fail(file, header_line, 1,
         "в строке заголовка нет столбца с номером мероприятия (ожидался «№» или «№ п/п»)");
  l.roles[*l.number] = Role::number;
}

}  // namespace

namespace {

RoadmapTemplate parse_rows(CsvReader& reader, std::string_view file_name) {
  std::vector<Row> rows;
  int table_row = 0;
  try {
    CsvRow row;
    while (reader.next(row)) {
      bool blank = std::all_of(row.fields.begin(), row.fields.end(),
                               [](std::string_view f) { return trim(f).empty(); });
      if (rows.empty() && blank) continue;  // the header is the first row with text
      // Cells beyond the header's columns are refused by the reader from here on.
      if (rows.empty()) reader.set_width(row.fields.size());
      Row& r = rows.emplace_back();
      r.line = row.line;
      r.table_row = ++table_row;
      for (auto f : row.fields) r.cells.push_back(clean_cell(f));
    }
  } catch (const CsvError& e) {
    fail(file_name, e.line, e.column, e.what());
  }
  if (rows.empty()) fail(file_name, 1, 1, "таблица пуста: нет строки заголовка");
  const int header_line = rows.front().line;

  Layout layout = read_header(rows.front(), file_name);
  std::vector<std::string> header_keys;
  for (const auto& h : layout.headers) header_keys.push_back(header_key(h));
  rows.erase(rows.begin());
  std::erase_if(rows, [&](const Row& r) {
    return repeats_header(r, header_keys) || numbers_the_columns(r);
  });
  infer_number_column(layout, rows, file_name, header_line);

  RoadmapTemplate t;
  t.id = std::filesystem::path(std::string(file_name)).stem().string();
  std::string section;
  bool section_listed = false;
  for (const Row& r : rows) {
    std::vector<std::string> cells = r.cells;
    int filled = 0;
    std::size_t last = 0;
    for (std::size_t c = 0; c < cells.size(); ++c)
      if (!cells[c].empty()) ++filled, last = c;
    if (filled == 0) continue;
    if (last >= layout.headers.size())
      fail_row(file_name, r, static_cast<int>(last) + 1,
           "ячейка за пределами таблицы: в строке заголовка " +
               std::to_string(layout.headers.size()) + " столбцов");
    cells.resize(layout.headers.size());
    if (filled == 1 && !(last == *layout.number && looks_like_number(cells[last]))) {
      section = cells[last];
      t.sections.push_back(section);
      section_listed = true;
      continue;
    }
    ActivityTemplate a;
    a.section = section;
    a.number = canonical_activity_number(cells[*layout.number]);
    a.title = cells[*layout.title];
    if (a.title.empty())
      fail_row(file_name, r, static_cast<int>(*layout.title) + 1,
           "у мероприятия " + (a.number.empty() ? std::string() : "№ " + a.number + " ") +
               "не заполнено наименование («" + layout.headers[*layout.title] + "»)");
    if (layout.deadline) a.deadline = cells[*layout.deadline];
    if (layout.responsible) a.responsible = cells[*layout.responsible];
    for (std::size_t c = 0; c < cells.size(); ++c)
      if (layout.roles[c] == Role::other && !cells[c].empty())
        a.columns[layout.headers[c].empty() ? "Столбец " + std::to_string(c + 1) : layout.headers[c]] =
            cells[c];
    if (!section_listed && t.sections.empty()) {
      t.sections.push_back("");  // activities before any section row
      section_listed = true;
    }
    t.activities.push_back(std::move(a));
  }
  if (t.activities.empty())
    fail(file_name, header_line, 1, "в таблице нет ни одного мероприятия");
  return t;
}

// The header decides the width, not whatever blank line comes first.
CsvLimits table_limits() {
  CsvLimits l;
  l.first_row_sets_width = false;
  return l;
}

}  // namespace

RoadmapTemplate parse_roadmap_table(std::string_view text, std::string_view file_name) {
  CsvReader reader = [&] {
    try {
      return CsvReader::from_string(std::string(text), table_limits());
    } catch (const CsvError& e) {
      fail(file_name, e.line, e.column, e.what());
    }
  }();
  return parse_rows(reader, file_name);
}

RoadmapTemplate parse_roadmap_file(const std::filesystem::path& file) {
  std::optional<CsvReader> reader;
  try {
    reader.emplace(CsvReader::open(file, table_limits()));
  } catch (const CsvError& e) {
    fail(file.string(), e.line, e.column, e.what());
  }
  return parse_rows(*reader, file.string());
}

namespace {

// A Lua string literal: long brackets keep multi-line and quoted text as the user typed it
// (a long string drops a leading newline and has no escapes, so such text gets escapes).
std::string lua_string(const std::string& s) {
  bool verbatim = s.find_first_of("\n\"\\") != std::string::npos && s.front() != '\n';
  for (unsigned char c : s)
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) verbatim = false;
  if (verbatim) {
    for (std::string eq;; eq += '=') {
      const std::string close = "]" + eq + "]";
      if ((s + close).find(close) == s.size()) return "[" + eq + "[" + s + close;
    }
  }
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\%03u", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

void field(std::string& out, std::string_view indent, std::string_view key, const std::string& v) {
  if (v.empty()) return;
  out += std::string(indent) + std::string(key) + " = " + lua_string(v) + ",\n";
}

}  // namespace

std::string roadmap_to_lua(const RoadmapTemplate& t) {
  std::string out =
      "-- Roadmap template generated by `opora roadmap import`: every row of the table, numbers\n"
      "-- as written. Edit freely: year, order, scope/category of per-school rows, indicators.\n"
      "roadmap {\n";
  field(out, "  ", "id", t.id);
  // A pasted table has no title row; roadmap{} requires one, so a placeholder to edit.
  out += "  title = " +
         lua_string(t.title.empty() ? "Дорожная карта " + t.id : t.title) + ",\n";
  if (t.year != 0) out += "  year = " + std::to_string(t.year) + ",\n";
  else out += "  -- year = 2024,\n";
  if (!t.year_kind.empty()) field(out, "  ", "year_kind", t.year_kind);
  else out += "  -- year_kind = \"calendar\",  -- or \"school\"\n";
  if (!t.order_number.empty() || !t.order_date.empty())
    out += "  order = { number = " + lua_string(t.order_number) +
           ", date = " + lua_string(t.order_date) + " },\n";
  else out += "  -- order = { number = \"\", date = \"YYYY-MM-DD\" },\n";

  std::vector<std::string> sections = t.sections;
  for (const ActivityTemplate& a : t.activities)
    if (std::find(sections.begin(), sections.end(), a.section) == sections.end())
      sections.push_back(a.section);
  // Rows above the first section row (or a table with no section rows) have no section title,
  // which a section requires: they are listed directly under roadmap{}, which reads them first.
  const auto write_activities = [&](const std::string& s, std::string_view pad) {
    for (const ActivityTemplate& a : t.activities) {
      if (a.section != s) continue;
      out += std::string(pad) + "{\n";
      const std::string in = std::string(pad) + "  ";
      out += in + "number = " + lua_string(a.number) + ",\n";
      out += in + "title = " + lua_string(a.title) + ",\n";
      field(out, in, "deadline", a.deadline);
      field(out, in, "responsible", a.responsible);
      field(out, in, "scope", a.scope);
      field(out, in, "category", a.category);
      field(out, in, "indicator", a.indicator);
      if (!a.columns.empty()) {
        out += in + "columns = {\n";
        for (const auto& [k, v] : a.columns) {
          const std::string key = lua_string(k);  // "[[[" would not parse: pad long brackets
          out += in + (key[0] == '[' ? "  [ " + key + " ] = " : "  [" + key + "] = ");
          out += lua_string(v) + ",\n";
        }
        out += in + "},\n";
      }
      out += std::string(pad) + "},\n";
    }
  };
  if (std::find(sections.begin(), sections.end(), "") != sections.end()) {
    out += "  activities = {\n";
    write_activities("", "    ");
    out += "  },\n";
  }
  bool titled = false;
  for (const std::string& s : sections) {
    if (s.empty()) continue;
    if (!titled) out += "  sections = {\n";
    titled = true;
    out += "    {\n      title = " + lua_string(s) + ",\n      activities = {\n";
    write_activities(s, "        ");
    out += "      },\n    },\n";
  }
  if (titled) out += "  },\n";
  out += "}\n";
  return out;
}

}  // namespace opora::host
