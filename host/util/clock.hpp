// Clock readings the store records: UTC timestamps and the local date.
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

// The local time with its UTC offset, "2026-12-01T21:55:00+03:00": what a reader of a report
// built now expects to see (the store keeps UTC).
inline std::string local_now_iso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &tm);
  std::string s = buf;
  if (s.size() >= 5 && (s[s.size() - 5] == '+' || s[s.size() - 5] == '-'))
    s.insert(s.size() - 2, ":");
  return s;
}

// Today's local date as YYYY-MM-DD: the default date of a progress record.
inline std::string local_today_iso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace opora::host
