// Numbers as Russian spreadsheets write them: "12,5" or "12.5", "1 234" with (no-break) spaces.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace opora::host {

// A whole number, optionally signed; nullopt for empty or anything else ("12,0" is accepted).
std::optional<std::int64_t> parse_int(std::string_view s);

// A finite decimal number with a comma or a point; nullopt for empty or malformed text.
std::optional<double> parse_number(std::string_view s);

}  // namespace opora::host
