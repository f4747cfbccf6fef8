// Work spread over threads: `report --all` and `identify --jobs` hand out independent items
// (a municipality's report, a region's schools) to workers that each own their connection and
// Lua state, and join in order.
#pragma once
#include <cstddef>
#include <functional>

namespace opora::host {

// Workers to use when the user names none: the machine's hardware threads, at most 8 (beyond
// that the store's page reads and the memory of one state per worker cost more than they give).
unsigned default_jobs();

// Runs work(worker, item) for every item 0..items-1 on min(workers, items) threads; worker 0 is
// the calling thread. Items are handed out in increasing order. The first exception stops the
// handing out of further items and is rethrown here once every thread has finished.
void parallel_for(std::size_t items, unsigned workers,
                  const std::function<void(unsigned worker, std::size_t item)>& work);

}  // namespace opora::host
