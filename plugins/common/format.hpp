// Numbers the way Russian readers expect them in explanations: a decimal comma.
#pragma once
#include <cstdio>
#include <string>

namespace opora::plugin_util {

// 37.5 → "37,5" with `digits` decimals.
inline std::string decimal(double v, int digits = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  std::string s = buf;
  for (auto& c : s)
    if (c == '.') c = ',';
  return s;
}

// 0.375 → "37,5%".
inline std::string percent(double share, int digits = 1) {
  return decimal(share * 100.0, digits) + "%";
}

}  // namespace opora::plugin_util
