// Internal to host/lua: numbers crossing from a script into the host. Every place that keeps a
// number a script produced (a score, a numerator, a year, a filter field, a parameter) goes
// through these, so NaN, ±inf and out-of-range values are refused before any use or cast
// (a double->int conversion of such values is undefined behaviour).
#pragma once
#include <lua.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "util/number.hpp"

namespace opora::host {

// The reason a number may not cross ("" when it may): not finite / not whole / out of range.
std::string finite_problem(double v);
std::string whole_problem(double v, std::int64_t lo, std::int64_t hi);

// The number at idx (which must be a number), raising a Lua error "<what>: ..." unless finite.
double checked_finite(lua_State* L, int idx, const char* what);
// The whole number at idx within [lo, hi], raising a Lua error "<what>: ..." otherwise.
std::int64_t checked_whole(lua_State* L, int idx, const char* what, std::int64_t lo,
                           std::int64_t hi);

// Range of years a roadmap may declare; filters and look-ups accept 0..kMaxYear (0 = any).
inline constexpr std::int64_t kMinYear = 1900, kMaxYear = 2200;
// Bound of counts and grades a script passes (well inside int).
inline constexpr std::int64_t kMaxCount = 1'000'000'000;

// An optional year argument (absent or nil: `fallback`), checked like checked_whole.
int optional_year(lua_State* L, int idx, int fallback, const char* what);

}  // namespace opora::host
