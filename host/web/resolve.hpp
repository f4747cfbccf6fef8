// The target resolvers of the route table (TargetFrom): what territory, and which school, a
// request is about, read from the store — never from what the client says about it.
#pragma once
#include "web/routes.hpp"

namespace opora::host::web {

// Throws HttpError 404 when the thing named does not exist.
Target resolve_target(Ctx& ctx, TargetFrom from);

// The territory and school of a plan row, by SQL from the ids (0 / "" when not found).
Target target_of_activity(Db& db, std::int64_t activity);
Target target_of_occurrence(Db& db, std::int64_t occurrence);
Target target_of_progress_row(Db& db, std::int64_t row);

}  // namespace opora::host::web
