// How values read in Russian in every output: numbers with a decimal comma, dates as
// ДД.ММ.ГГГГ, months by name, and each status with its label, colour and mark — status is never
// shown by colour alone.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace opora::host::render {

struct StatusStyle {
  std::string label;  // Russian, e.g. "просрочено"
  std::string color;  // fill, "#c62828"
  std::string mark;   // a one-glyph sign drawn next to / inside the colour, e.g. "!"
};

// Known statuses of docs/report-schema.md plus figure statuses ok / warn / bad; anything else
// keeps its own text as the label and a neutral grey.
StatusStyle status_style(std::string_view status);

struct Date {
  int year = 0, month = 0, day = 0;
};
// "2023-03-31" → {2023, 3, 31}; nullopt unless a real calendar date in that exact form.
std::optional<Date> parse_date(std::string_view iso);

std::string format_date(std::string_view iso);    // "31.03.2023", or the text as is
std::string format_month(std::string_view ym);    // "2023-03" → "март 2023", or the text as is
std::string format_number(double v, int decimals);  // 12345.6 → "12 345,6" (no-break space)

// A JSON value as text for a column type (text, number, count, percent, date, status);
// null → "—".
std::string format_value(const nlohmann::json& v, std::string_view type);

// A value in a chart unit: "80 %", "12", "3,5".
std::string format_unit(double v, std::string_view unit);

// Number of characters (code points) of UTF-8 text.
std::size_t utf8_length(std::string_view s);

}  // namespace opora::host::render
