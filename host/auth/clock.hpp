// The clock of sessions and login throttling, as unix seconds, injectable so tests can move it.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>

namespace opora::host::auth {

using Clock = std::function<std::int64_t()>;

inline Clock system_clock() {
  return [] {
    return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
  };
}

}  // namespace opora::host::auth
