#include "roadmap/activity_number.hpp"

#include <array>

#include "util/text.hpp"

namespace opora::host {

namespace {

// Words a number may be prefixed with, lower case; the longest first so «пункт» wins over «п».
constexpr std::array<std::string_view, 4> kPrefixes = {"пункт", "№", "п.", "п "};

bool is_space(std::string_view s, std::size_t i, std::size_t& width) {
  if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') return width = 1, true;
  if (s.compare(i, 2, "\xC2\xA0") == 0) return width = 2, true;  // no-break space
  return false;
}

}  // namespace

std::string canonical_activity_number(std::string_view written) {
  std::string_view s = trim(written);
  // A prefix only counts before a digit: «п. 5» is 5, a bare «п» is kept as written.
  for (bool again = true; again;) {
    again = false;
    const std::string lower = to_lower(s.substr(0, 12));
    for (auto p : kPrefixes) {
      if (!lower.starts_with(p)) continue;
      std::string_view rest = trim(s.substr(p.size()));
      if (rest.starts_with(".")) rest = trim(rest.substr(1));  // «пункт. 5»
      if (!rest.empty() && rest[0] >= '0' && rest[0] <= '9') {
        s = rest;
        again = true;
      }
      break;
    }
  }
  std::string out;
  for (std::size_t i = 0, w = 0; i < s.size(); i += w) {
    if (is_space(s, i, w)) continue;
    w = 1;
    out += s[i];
  }
  while (out.size() > 1 && out.back() == '.') out.pop_back();
  return out;
}

bool same_activity_number(std::string_view a, std::string_view b) {
  return canonical_activity_number(a) == canonical_activity_number(b);
}

}  // namespace opora::host
