// Indicator targets as roadmap documents write them: «не менее 2», «100%», «≥ 10%», «не более 5 %».
// Here in util because both the Lua declarations (checked when a package loads) and the
// indicator engine (compared with values) read them, through this one parser.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace opora::host {

struct Target {
  enum class Op { ge, gt, le, lt, eq };
  Op op = Op::ge;
  double value = 0;
  bool percent = false;
  bool met(double v) const;
  std::string describe() const;  // "≥ 80 %"
};

// nullopt when the text holds no number ("по плану"). When it holds digits that are not a
// finite number ("1000…0" of 400 digits), also nullopt, with the reason in *error if given.
std::optional<Target> parse_target(std::string_view text, std::string* error = nullptr);

}  // namespace opora::host
