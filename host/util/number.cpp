#include "util/number.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "util/text.hpp"

namespace opora::host {

namespace {

// Copies the digits of `s` into `buf` with the decimal comma as a point and group spaces
// dropped. Returns false when the text cannot be a number (too long, letters, two separators).
bool normalize(std::string_view s, char (&buf)[64], std::size_t& len) {
  s = trim(s);
  len = 0;
  bool separator = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ') continue;
    if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
      ++i;
      continue;
    }
    if (c == ',' || c == '.') {
      if (separator) return false;
      separator = true;
      c = '.';
    } else if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == 'e' || c == 'E')) {
      return false;
    }
    if (len == sizeof buf) return false;
    buf[len++] = c;
  }
  return len > 0;
}

}  // namespace

std::optional<double> parse_number(std::string_view s) {
  char buf[64];
  std::size_t len;
  if (!normalize(s, buf, len)) return std::nullopt;
  const char* first = buf;
  if (*first == '+') ++first;
  double v;
  auto [end, ec] = std::from_chars(first, buf + len, v);
  if (ec != std::errc() || end != buf + len || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  char buf[64];
  std::size_t len;
  if (!normalize(s, buf, len)) return std::nullopt;
  const char* first = buf;
  if (*first == '+') ++first;
  std::int64_t v;
  auto [end, ec] = std::from_chars(first, buf + len, v);
  if (ec != std::errc()) return std::nullopt;
  if (end == buf + len) return v;
  // "12.0" / "12,00" from a spreadsheet: a whole number written with zero decimals.
  if (*end != '.' || end + 1 == buf + len) return std::nullopt;
  for (const char* p = end + 1; p < buf + len; ++p)
    if (*p != '0') return std::nullopt;
  return v;
}

std::optional<std::int64_t> whole_in_range(double v, std::int64_t lo, std::int64_t hi) {
  // NaN fails both comparisons; lo and hi are exact as doubles for the ranges used (|x| < 2^53).
  if (!(v >= double(lo) && v <= double(hi)) || std::floor(v) != v) return std::nullopt;
  return std::int64_t(v);
}

}  // namespace opora::host

namespace opora::host {

std::string number_text(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.14g", v);
  return buf;
}

}  // namespace opora::host
