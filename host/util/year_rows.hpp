// The rows of some years out of rows sorted by year first (a school's result rows, as
// Dataset::results promises). A forward scan, not a binary search: a school's rows are a few
// cache lines the scan streams through, where each probe of a binary search is a miss of its own
// (a country's rows are far larger than the caches).
#pragma once
#include <algorithm>
#include <span>

namespace opora::host {

template <class Row>
std::span<const Row> rows_of_years(std::span<const Row> all, int from, int to) {
  auto lo = std::find_if(all.begin(), all.end(), [&](const Row& r) { return r.year >= from; });
  auto hi = std::find_if(lo, all.end(), [&](const Row& r) { return r.year > to; });
  return {lo, hi};
}

}  // namespace opora::host
