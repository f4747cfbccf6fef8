#include <algorithm>

#include "report/render_xlsx.hpp"
#include "util/text.hpp"

namespace opora::host::render {
namespace {

// Excel counts UTF-16 units: a character outside the BMP (a 4-byte UTF-8 sequence) takes two.
std::size_t excel_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) == 0x80) continue;
    n += (c >= 0xF0) ? 2 : 1;
  }
  return n;
}

// The longest prefix of `s` of at most `limit` Excel units, ending at a word boundary when
// that keeps most of it (a sheet tab reads better with whole words).
std::string cut(std::string_view s, std::size_t limit) {
  std::size_t end = 0;
  while (end < s.size()) {
    std::size_t next = end + 1;
    while (next < s.size() && (static_cast<unsigned char>(s[next]) & 0xC0) == 0x80) ++next;
    if (excel_length(s.substr(0, next)) > limit) break;
    end = next;
  }
  if (end < s.size() && s[end] != ' ') {
    std::size_t space = s.substr(0, end).rfind(' ');
    if (space != std::string_view::npos && excel_length(s.substr(0, space)) * 3 >= limit * 2)
      end = space;
  }
  return std::string(s.substr(0, end));
}

std::string clean(std::string_view title) {
  std::string out;
  for (char c : title) {
    bool bad = c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' || c == '\\' ||
               static_cast<unsigned char>(c) < 0x20;
    char put = bad ? ' ' : c;
    if (put == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += put;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\'')) out.pop_back();
  std::size_t lead = out.find_first_not_of(" '");
  return lead == std::string::npos ? "" : out.substr(lead);
}

bool taken(const std::vector<std::string>& used, const std::string& name) {
  std::string key = to_lower(name);
  return std::any_of(used.begin(), used.end(),
                     [&](const std::string& u) { return to_lower(u) == key; });
}

}  // namespace

std::string xlsx_sheet_name(std::string_view title, std::vector<std::string>& used) {
  std::string base = clean(title);
  if (base.empty()) base = "Лист " + std::to_string(used.size() + 1);
  std::string name = cut(base, 31);
  // Trimming may leave an apostrophe or space at the new end.
  name = clean(name);
  for (int n = 2; taken(used, name) || name.empty(); ++n) {
    std::string suffix = " (" + std::to_string(n) + ")";
    name = clean(cut(base, 31 - suffix.size())) + suffix;
  }
  used.push_back(name);
  return name;
}

}  // namespace opora::host::render
