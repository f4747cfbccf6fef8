// How values read in Russian in every output: numbers with a decimal comma, dates as
// ДД.ММ.ГГГГ, months by name, and each status with its label, colour and mark — status is never
// shown by colour alone.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "roadmap/calendar.hpp"

namespace opora::host::render {

struct StatusStyle {
  std::string label;  // Russian, e.g. "просрочено"
  std::string color;  // fill, "#c62828"
  std::string mark;   // a one-glyph sign drawn next to / inside the colour, e.g. "!"
};

// Known statuses of docs/report-schema.md plus figure statuses ok / warn / bad; anything else
// keeps its own text as the label and a neutral grey.
StatusStyle status_style(std::string_view status);

// "2023-03-31" → {2023, 3, 31}; nullopt unless a real calendar date in that exact form. The one
// date module (roadmap/calendar.hpp) reads it: the report has no date parser of its own.
std::optional<host::Date> parse_date(std::string_view iso);

std::string format_date(std::string_view iso);    // "31.03.2023", or the text as is
std::string format_month(std::string_view ym);    // "2023-03" → "март 2023", or the text as is
// An ISO timestamp in local time, "01.04.2023 12:30": one with "Z" (UTC) is converted to the
// machine's time zone, one with an offset or none is shown as written.
std::string format_timestamp(std::string_view ts);
std::string format_number(double v, int decimals);  // 12345.6 → "12 345,6" (no-break space)

// A JSON value as text for a column type (text, number, count, percent, date, status);
// null → "—".
std::string format_value(const nlohmann::json& v, std::string_view type);

// A value in a chart unit: "80 %", "12", "3,5".
std::string format_unit(double v, std::string_view unit);

// The type of a table cell: the row's own `units` entry for the column (an indicator's value is
// a percent in one row and a count in the next), else the column's type.
std::string cell_type(const nlohmann::json& row, const nlohmann::json& column);

// Text split into paragraphs at blank lines, each trimmed, line breaks inside kept as spaces.
std::vector<std::string> paragraphs(std::string_view text);

// The saved identification a report is based on (`identification_run` of the document):
// "Отбор школ: запуск №5 от 01.12.2026 12:00 (2022 год); отпечаток правил …, данных …";
// "" when the document names none.
std::string identification_run_text(const nlohmann::json& doc);

// Number of characters (code points) of UTF-8 text.
std::size_t utf8_length(std::string_view s);

}  // namespace opora::host::render
