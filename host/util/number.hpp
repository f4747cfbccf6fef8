// Numbers as Russian spreadsheets write them: "12,5" or "12.5", "1 234" with (no-break) spaces.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace opora::host {

// A whole number, optionally signed; nullopt for empty or anything else ("12,0" is accepted).
std::optional<std::int64_t> parse_int(std::string_view s);

// A finite decimal number with a comma or a point; nullopt for empty or malformed text.
std::optional<double> parse_number(std::string_view s);

// `v` as an integer when it is finite, whole and within [lo, hi]. The range is checked on the
// double before any cast: converting NaN, ±inf or 1e300 to an integer is undefined behaviour.
std::optional<std::int64_t> whole_in_range(double v, std::int64_t lo, std::int64_t hi);

// "nan", "inf", "1e+300", "2023", "0.3": a number as a message shows it.
std::string number_text(double v);

}  // namespace opora::host
