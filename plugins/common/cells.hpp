// Reading the cells of exported tables (numbers with a decimal comma, headers in any case):
// header-only and private to each plugin that includes it. The tables themselves are read by the
// host (opora::TableReader, sdk/include/opora/table.hpp): no plugin parses CSV or decodes text.
#pragma once
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace opora::plugin_util {

// Trims spaces, tabs and no-break spaces (U+00A0) at both ends.
inline std::string_view trim(std::string_view s) {
  auto is_space = [&](std::size_t i) {
    return s[i] == ' ' || s[i] == '\t' || s[i] == '\r';
  };
  while (!s.empty()) {
    if (is_space(0)) s.remove_prefix(1);
    else if (s.rfind("\xC2\xA0", 0) == 0) s.remove_prefix(2);
    else break;
  }
  while (!s.empty()) {
    if (is_space(s.size() - 1)) s.remove_suffix(1);
    else if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s.remove_suffix(2);
    else break;
  }
  return s;
}

// "12,5", "12.5", "1 234,5", "37,5%" → number; nullopt for empty or anything else.
inline std::optional<double> parse_decimal(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.back() == '%') s = trim(s.substr(0, s.size() - 1));
  std::string t;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ') continue;
    if (s.substr(i, 2) == "\xC2\xA0") {
      ++i;
      continue;
    }
    t += s[i] == ',' ? '.' : s[i];
  }
  if (t.empty()) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc{} || p != t.data() + t.size()) return std::nullopt;
  if (!std::isfinite(v)) return std::nullopt;  // from_chars reads "nan" and "inf" too
  return v;
}

// A whole non-negative count: "25", "1 200"; nullopt otherwise (also for "25,5").
inline std::optional<int> parse_count(std::string_view s) {
  auto v = parse_decimal(s);
  // Range first: converting a double beyond int64 to an integer is undefined behaviour.
  if (!v || *v < 0 || *v > 1e9 || *v != double(std::int64_t(*v))) return std::nullopt;
  return int(*v);
}

// Lower-cases Russian and Latin letters of UTF-8 text and squeezes spaces, for header matching.
inline std::string fold(std::string_view s) {
  s = trim(s);
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    if (c >= 'A' && c <= 'Z') {
      out += char(c + 32);
    } else if (c == 0xD0 && i + 1 < s.size()) {
      auto d = static_cast<unsigned char>(s[i + 1]);
      ++i;
      if (d >= 0x90 && d <= 0x9F) {  // А..П → а..п
        out += char(0xD0);
        out += char(d + 0x20);
      } else if (d >= 0xA0 && d <= 0xAF) {  // Р..Я → р..я
        out += char(0xD1);
        out += char(d - 0x20);
      } else if (d == 0x81) {  // Ё → е
        out += "\xD0\xB5";
      } else {
        out += char(c);
        out += char(d);
      }
    } else if (c == 0xD1 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x91) {
      out += "\xD0\xB5";  // ё → е
      ++i;
    } else {
      out += char(c);
    }
  }
  return out;
}

// Splits `total` into integer parts proportional to `percents` that add up to `total` exactly
// (largest remainder; ties go to the earlier part).
template <std::size_t N>
inline void percents_to_counts(const double (&percents)[N], int total, int (&out)[N]) {
  double sum = 0;
  for (double p : percents) sum += p;
  int assigned = 0;
  double rest[N];
  for (std::size_t i = 0; i < N; ++i) {
    double exact = sum > 0 ? percents[i] / sum * total : 0.0;
    out[i] = int(exact);
    rest[i] = exact - out[i];
    assigned += out[i];
  }
  for (int left = total - assigned; left > 0 && sum > 0; --left) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < N; ++i)
      if (rest[i] > rest[best] + 1e-9) best = i;
    ++out[best];
    rest[best] = -1.0;
  }
}

}  // namespace opora::plugin_util
