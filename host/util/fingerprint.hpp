// A stable 64-bit fingerprint (FNV-1a) of a text, as hex: identifies the exact rule set a run
// used. Not a security hash; it only has to change when the rules change.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace opora::host {

inline std::string fingerprint_hex(std::string_view text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace opora::host
