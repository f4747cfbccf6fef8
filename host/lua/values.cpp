#include "lua/values.hpp"

#include <cmath>
#include <cstdio>

#include "util/number.hpp"

namespace opora::host {

std::string finite_problem(double v) {
  if (std::isfinite(v)) return {};
  return "нужно конечное число, получено " + number_text(v);
}

std::string whole_problem(double v, std::int64_t lo, std::int64_t hi) {
  if (whole_in_range(v, lo, hi)) return {};
  return "нужно целое число от " + std::to_string(lo) + " до " + std::to_string(hi) +
         ", получено " + number_text(v);
}

namespace {

// The text of a number into a buffer: no C++ object may be alive when luaL_error unwinds.
void number_into(double v, char (&buf)[48]) {
  std::snprintf(buf, sizeof buf, "%s", number_text(v).c_str());
}

}  // namespace

double checked_finite(lua_State* L, int idx, const char* what) {
  double v = lua_tonumber(L, idx);
  if (!std::isfinite(v)) {
    char text[48];
    number_into(v, text);
    luaL_error(L, "%s: нужно конечное число, получено %s", what, text);
  }
  return v;
}

std::int64_t checked_whole(lua_State* L, int idx, const char* what, std::int64_t lo,
                           std::int64_t hi) {
  // An integer subtype is compared as such: a lua_Integer near 2^63 is not exact as a double.
  if (lua_isinteger(L, idx)) {
    lua_Integer i = lua_tointeger(L, idx);
    if (i >= lo && i <= hi) return i;
  } else if (auto w = whole_in_range(lua_tonumber(L, idx), lo, hi)) {
    return *w;
  }
  char text[48];
  if (lua_isinteger(L, idx))
    std::snprintf(text, sizeof text, "%lld", static_cast<long long>(lua_tointeger(L, idx)));
  else
    number_into(lua_tonumber(L, idx), text);
  return luaL_error(L, "%s: нужно целое число от %I до %I, получено %s", what,
                    lua_Integer(lo), lua_Integer(hi), text);
}

int optional_year(lua_State* L, int idx, int fallback, const char* what) {
  if (lua_isnoneornil(L, idx)) return fallback;
  luaL_checknumber(L, idx);
  return int(checked_whole(L, idx, what, 0, kMaxYear));
}

}  // namespace opora::host
