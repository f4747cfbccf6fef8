// Small string helpers for reading exported tables: trimming and case folding of Russian text.
#pragma once
#include <string>
#include <string_view>

namespace opora::host {

// Without leading/trailing ASCII whitespace and no-break spaces (U+00A0).
std::string_view trim(std::string_view s);

// Lower case for ASCII and Russian Cyrillic (А–Я, Ё); other bytes are copied as they are.
std::string to_lower(std::string_view s);

// A header cell reduced to a comparable key: trimmed, lower case, ё → е, quote marks («»"')
// removed, inner runs of whitespace collapsed to one space. "  Кол-во «2» " → "кол-во 2".
std::string header_key(std::string_view s);

}  // namespace opora::host
