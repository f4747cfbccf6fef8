// Reading the tables that regional systems export (CSV "saved from Excel"): header-only and
// private to each plugin that includes it, so plugins stay independent of the host's code.
// Detects UTF-8 (with or without BOM) or Windows-1251, and ';', tab or ',' as the delimiter.
#pragma once
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace opora::plugin_util {

struct TableRow {
  int line = 0;  // 1-based line of the file where the row starts
  std::vector<std::string> cells;
};

inline bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;  // continuation bytes that follow
    if (c >= 0x80) {
      if (c >= 0xC2 && c <= 0xDF) n = 1;
      else if ((c >> 4) == 0xE) n = 2;
      else if (c >= 0xF0 && c <= 0xF4) n = 3;
      else return false;
    }
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += n + 1;
  }
  return true;
}

// Windows-1251 to UTF-8: 0xC0..0xFF are А..я; the upper-half punctuation comes from the table.
inline std::string cp1251_to_utf8(std::string_view s) {
  static const char16_t high[64] = {
      0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409,
      0x2039, 0x040A, 0x040C, 0x040B, 0x040F, 0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0xFFFD, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F, 0x00A0,
      0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9, 0x0404, 0x00AB,
      0x00AC, 0x00AD, 0x00AE, 0x0407, 0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6,
      0x00B7, 0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457};
  std::string out;
  out.reserve(s.size() * 2);
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    char32_t u = c < 0x80 ? c : c >= 0xC0 ? char32_t(0x0410 + (c - 0xC0)) : high[c - 0x80];
    if (u < 0x80) {
      out += char(u);
    } else if (u < 0x800) {
      out += char(0xC0 | (u >> 6));
      out += char(0x80 | (u & 0x3F));
    } else {
      out += char(0xE0 | (u >> 12));
      out += char(0x80 | ((u >> 6) & 0x3F));
      out += char(0x80 | (u & 0x3F));
    }
  }
  return out;
}

// The whole file as UTF-8 text; nullopt if it cannot be read.
inline std::optional<std::string> read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) return text.substr(3);
  if (valid_utf8(text)) return text;
  return cp1251_to_utf8(text);
}

// Splits text into rows of cells. Quoted cells may hold delimiters, "" and line breaks; blank
// lines are skipped. The delimiter is ';' if the text has one outside quotes, else tab, else ','.
inline std::vector<TableRow> split_table(std::string_view text) {
  char delim = ',';
  {
    bool quoted = false, tab = false;
    for (char c : text) {
      if (c == '"') quoted = !quoted;
      if (quoted) continue;
      if (c == ';') {
        delim = ';';
        break;
      }
      if (c == '\t') tab = true;
    }
    if (delim != ';' && tab) delim = '\t';
  }
  std::vector<TableRow> rows;
  TableRow row;
  std::string cell;
  bool quoted = false, any = false;
  int line = 1;
  row.line = 1;
  auto end_row = [&] {
    row.cells.push_back(std::move(cell));
    cell.clear();
    bool blank = true;
    for (const auto& c : row.cells)
      if (c.find_first_not_of(" \t\r") != std::string::npos) blank = false;
    if (!blank) rows.push_back(std::move(row));
    row = TableRow{};
    any = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (!any) row.line = line;
    any = true;
    if (c == '"') {
      quoted = true;
    } else if (c == delim) {
      row.cells.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\n') {
      end_row();
      ++line;
    } else if (c != '\r') {
      cell += c;
    }
  }
  if (any || !cell.empty()) end_row();
  return rows;
}

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
  return v;
}

// A whole non-negative count: "25", "1 200"; nullopt otherwise (also for "25,5").
inline std::optional<int> parse_count(std::string_view s) {
  auto v = parse_decimal(s);
  if (!v || *v < 0 || *v != double(std::int64_t(*v)) || *v > 1e9) return std::nullopt;
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
