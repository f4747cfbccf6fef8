// Demo progress: a deterministic, realistic history of a plan up to a month — most occurrences
// done on time, some late, some in progress, a few missing or cancelled; schools and teachers
// taking part in events; teachers_total recorded if absent. Only for the synthetic demo.
#pragma once
#include <cstdint>
#include <string>

#include "store/db.hpp"

namespace opora::host {

void simulate_progress(Db& db, std::int64_t roadmap_id, std::string month, std::uint64_t seed);

}  // namespace opora::host
