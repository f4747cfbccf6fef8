#include "util/target.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>

#include "util/number.hpp"
#include "util/text.hpp"

namespace opora::host {

bool Target::met(double v) const {
  constexpr double eps = 1e-9;
  switch (op) {
    case Op::ge: return v >= value - eps;
    case Op::gt: return v > value + eps;
    case Op::le: return v <= value + eps;
    case Op::lt: return v < value - eps;
    case Op::eq: return std::fabs(v - value) < eps;
  }
  return false;
}

std::string Target::describe() const {
  const char* sign = op == Op::ge ? "≥ " : op == Op::gt ? "> " : op == Op::le ? "≤ "
                     : op == Op::lt ? "< " : "= ";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", value);
  return sign + std::string(buf) + (percent ? " %" : "");
}

std::optional<Target> parse_target(std::string_view text, std::string* error) {
  auto t = to_lower(text);
  auto digit = t.find_first_of("0123456789");
  if (digit == std::string::npos) return std::nullopt;
  Target out;
  std::size_t i = digit;
  while (i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == ',' ||
                          t[i] == '.'))
    ++i;
  std::string_view num(t.data() + digit, i - digit);
  while (!num.empty() && (num.back() == '.' || num.back() == ',')) num.remove_suffix(1);
  // The host's one number reader: no exceptions, finite values only, bounded length.
  auto value = parse_number(num);
  if (!value) {
    if (error)
      *error = "цель «" + std::string(text) + "»: число «" + std::string(num) +
               "» не читается (слишком длинное или не число)";
    return std::nullopt;
  }
  out.value = *value;
  auto rest = std::string_view(t).substr(i);
  auto after = trim(rest);
  out.percent = after.starts_with("%") || after.starts_with("процент");
  auto before = std::string_view(t).substr(0, digit);
  auto has = [&](std::string_view s) { return before.find(s) != std::string_view::npos; };
  if (has("не более") || has("не выше") || has("≤") || has("<=") || has("до "))
    out.op = Target::Op::le;
  else if (has("не менее") || has("не ниже") || has("≥") || has(">="))
    out.op = Target::Op::ge;
  else if (has("более") || has("свыше") || has(">"))
    out.op = Target::Op::gt;
  else if (has("менее") || has("<"))
    out.op = Target::Op::lt;
  else
    out.op = Target::Op::ge;  // "100%", "2 встречи": at least what is written
  return out;
}

}  // namespace opora::host
