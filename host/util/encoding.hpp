// Text encodings of exported files: ФИС ОКО and office software write UTF-8 or Windows-1251.
#pragma once
#include <string>
#include <string_view>

namespace opora::host {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Windows-1251 bytes to UTF-8. Every byte maps; the one unassigned byte (0x98) becomes U+FFFD.
std::string cp1251_to_utf8(std::string_view s);

}  // namespace opora::host
