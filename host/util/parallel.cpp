#include "util/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace opora::host {

unsigned default_jobs() {
  unsigned n = std::thread::hardware_concurrency();
  return std::clamp(n, 1u, 8u);
}

void parallel_for(std::size_t items, unsigned workers,
                  const std::function<void(unsigned worker, std::size_t item)>& work) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first;
  std::mutex m;
  auto run = [&](unsigned w) {
    for (;;) {
      if (failed) return;
      auto i = next++;
      if (i >= items) return;
      try {
        work(w, i);
      } catch (...) {
        std::lock_guard lock(m);
        if (!first) first = std::current_exception();
        failed = true;
        return;
      }
    }
  };
  workers = unsigned(std::clamp<std::size_t>(workers, 1, std::max<std::size_t>(items, 1)));
  std::vector<std::thread> threads;
  for (unsigned w = 1; w < workers; ++w) threads.emplace_back(run, w);
  run(0);
  for (auto& t : threads) t.join();
  if (first) std::rethrow_exception(first);
}

}  // namespace opora::host
