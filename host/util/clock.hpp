// The current UTC time as ISO 8601, for created_at / recorded_at columns.
#pragma once
#include <ctime>
#include <string>

namespace opora::host {

inline std::string utc_now_iso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace opora::host
