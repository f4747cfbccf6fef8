#include "util/json_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

#include <nlohmann/json.hpp>

namespace opora::host {

namespace {

// Whether `text` is well-formed UTF-8 (Unicode Table 3-7: no overlong forms, no surrogates,
// nothing above U+10FFFF), with no byte that JSON must escape. Such text is its own literal.
bool plain_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) {
      if (c < 0x20 || c == '"' || c == '\\') return false;
      ++p;
      continue;
    }
    int extra;
    unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
    if (c >= 0xC2 && c <= 0xDF) extra = 1;
    else if (c == 0xE0) extra = 2, lo = 0xA0;
    else if (c == 0xED) extra = 2, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF) extra = 2;
    else if (c == 0xF0) extra = 3, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) extra = 3;
    else if (c == 0xF4) extra = 3, hi = 0x8F;
    else return false;
    if (end - p <= extra || p[1] < lo || p[1] > hi) return false;
    for (int k = 2; k <= extra; ++k)
      if (p[k] < 0x80 || p[k] > 0xBF) return false;
    p += extra + 1;
  }
  return true;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  if (plain_utf8(text)) {
    out += '"';
    out += text;
    out += '"';
    return;
  }
  // Escapes or invalid text: nlohmann's own serializer, so the result (or the error) is its.
  out += nlohmann::json(std::string(text)).dump();
}

void append_json_number(std::string& out, double value) {
  // Whole numbers below 10^15 print as digits and ".0" (nlohmann's fixed notation up to 15
  // digits); negative zero, fractions, large numbers and NaN take nlohmann's own path.
  if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 1e15 &&
      !(value == 0 && std::signbit(value))) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(value));
    out.append(buf, r.ptr);
    out += ".0";
    return;
  }
  out += nlohmann::json(value).dump();
}

}  // namespace opora::host
