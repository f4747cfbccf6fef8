// The run view: the year under review, the region, its schools and statistics computed once
// per run (docs/lua-api.md, "The run").
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "lua/core.hpp"
#include "lua/values.hpp"
#include "lua/views.hpp"

namespace opora::host {

void register_school_view(lua_State* L);  // api_school.cpp
int run_percentile_rank(lua_State* L);     // api_run_stats.cpp
int run_territory_mean(lua_State* L);      // api_run_stats.cpp
int run_works(lua_State* L);               // api_works.cpp
void register_works_view(lua_State* L);    // api_works.cpp

namespace {

enum RunSlot { kRegion = 1, kStats = 2, kSchools = 3, kWorkKeys = 4 };
// The key (in the statistics cache) of whether the population is ascending.
const char kPositionKey = 0;

int run_schools(lua_State* L) {
  RunView* r = check_run(L, 1);
  lua_settop(L, 1);
  push_school_cache(L, 1);
  lua_createtable(L, int(r->population_size), 0);
  for (std::size_t i = 0; i < r->population_size; ++i) {
    push_school_cached(L, 2, 1, r->population[i]);
    lua_rawseti(L, -2, lua_Integer(i) + 1);
  }
  return 1;
}

// mean, standard deviation (sample) and count of a context indicator over the population.
int run_context_stats(lua_State* L) {
  RunView* r = check_run(L, 1);
  std::size_t n = 0;
  const char* ind = luaL_checklstring(L, 2, &n);
  int year = optional_year(L, 3, r->year, "run:context_stats");
  lua_getiuservalue(L, 1, kStats);
  lua_pushfstring(L, "%s\n%d", ind, year);
  if (lua_rawget(L, -2) == LUA_TTABLE) {
    lua_rawgeti(L, -1, 1);
    lua_rawgeti(L, -2, 2);
    lua_rawgeti(L, -3, 3);
    return 3;
  }
  lua_pop(L, 1);
  double sum = 0, sq = 0;
  lua_Integer count = 0;
  for (std::size_t i = 0; i < r->population_size; ++i) {
    auto v = r->data->context(r->population[i], {ind, n}, year);
    if (!v) continue;
    sum += *v;
    sq += *v * *v;
    ++count;
  }
  lua_createtable(L, 3, 0);
  if (count > 0) {
    double mean = sum / double(count);
    double var = count > 1 ? (sq - double(count) * mean * mean) / double(count - 1) : 0.0;
    lua_pushnumber(L, mean);
    lua_rawseti(L, -2, 1);
    lua_pushnumber(L, std::sqrt(std::max(0.0, var)));
    lua_rawseti(L, -2, 2);
  }
  lua_pushinteger(L, count);
  lua_rawseti(L, -2, 3);
  lua_pushfstring(L, "%s\n%d", ind, year);
  lua_pushvalue(L, -2);
  lua_rawset(L, -4);
  lua_rawgeti(L, -1, 1);
  lua_rawgeti(L, -2, 2);
  lua_rawgeti(L, -3, 3);
  return 3;
}

// run:context_column(indicator [, year]): the indicator of every school of the population, an
// array aligned with run:schools() (false where not observed; the same value school:context
// gives). One call per indicator instead of one per school: a territory-wide index over 40,000
// schools reads its eight indicators without a school view or a call per school.
int run_context_column(lua_State* L) {
  RunView* r = check_run(L, 1);
  std::size_t n = 0;
  const char* ind = luaL_checklstring(L, 2, &n);
  int year = optional_year(L, 3, r->year, "run:context_column");
  lua_createtable(L, int(r->population_size), 0);
  for (std::size_t i = 0; i < r->population_size; ++i) {
    if (auto v = r->data->context(r->population[i], {ind, n}, year))
      lua_pushnumber(L, *v);
    else
      lua_pushboolean(L, false);
    lua_rawseti(L, -2, lua_Integer(i) + 1);
  }
  return 1;
}

// run:position(school): the school's place in run:schools() (1-based), or nil for a school
// outside the population: where its values are in the arrays of run:works, context_column and
// a batch's own columns. Regions' populations are ascending (a binary search); any other
// population is searched in order. Whether it is ascending is found once per run.
int run_position(lua_State* L) {
  RunView* r = check_run(L, 1);
  SchoolIndex school = school_index_of(L, 2);
  const SchoolIndex* begin = r->population;
  const SchoolIndex* end = begin + r->population_size;
  lua_getiuservalue(L, 1, kStats);
  if (lua_rawgetp(L, -1, &kPositionKey) == LUA_TNIL) {
    lua_pushboolean(L, std::is_sorted(begin, end));
    lua_rawsetp(L, -3, &kPositionKey);
    lua_rawgetp(L, -2, &kPositionKey);
  }
  bool ascending = lua_toboolean(L, -1);
  const SchoolIndex* at = ascending ? std::lower_bound(begin, end, school)
                                    : std::find(begin, end, school);
  if (at == end || *at != school)
    lua_pushnil(L);
  else
    lua_pushinteger(L, lua_Integer(at - begin) + 1);
  return 1;
}

// The q-quantile with linear interpolation between order statistics; nil for an empty array.
int run_quantile(lua_State* L) {
  check_run(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  luaL_checknumber(L, 3);
  double q = checked_finite(L, 3, "run:quantile");
  if (!(q >= 0 && q <= 1)) return luaL_error(L, "run:quantile: q должно быть от 0 до 1");
  lua_Integer n = lua_Integer(lua_rawlen(L, 2));
  bool bad = false;
  double result = 0;
  bool empty = n == 0;
  if (!empty) {
    std::vector<double> v;  // C++ object: errors are raised after it is gone
    v.reserve(std::size_t(n));
    for (lua_Integer i = 1; i <= n && !bad; ++i) {
      // NaN would break the ordering std::sort relies on.
      if (lua_rawgeti(L, 2, i) == LUA_TNUMBER && std::isfinite(lua_tonumber(L, -1)))
        v.push_back(lua_tonumber(L, -1));
      else
        bad = true;
      lua_pop(L, 1);
    }
    if (!bad) {
      std::sort(v.begin(), v.end());
      double pos = q * double(v.size() - 1);
      auto lo = std::size_t(std::floor(pos));
      auto hi = std::min(lo + 1, v.size() - 1);
      result = v[lo] + (v[hi] - v[lo]) * (pos - double(lo));
    }
  }
  if (bad) return luaL_error(L, "run:quantile: в массиве значений не только конечные числа");
  if (empty)
    lua_pushnil(L);
  else
    lua_pushnumber(L, result);
  return 1;
}

const luaL_Reg run_methods[] = {{"schools", run_schools},
                                {"works", run_works},
                                {"context_stats", run_context_stats},
                                {"context_column", run_context_column},
                                {"position", run_position},
                                {"quantile", run_quantile},
                                {"percentile_rank", run_percentile_rank},
                                {"territory_mean", run_territory_mean}};

int run_index(lua_State* L) {
  auto* r = static_cast<RunView*>(lua_touserdata(L, 1));
  if (!r->alive) return luaL_error(L, "run недоступен: вызов уже завершён");
  std::size_t n = 0;
  const char* k = lua_tolstring(L, 2, &n);
  if (!k || lua_type(L, 2) != LUA_TSTRING) return 0;
  std::string_view key(k, n);
  if (key == "year") return lua_pushinteger(L, r->year), 1;
  if (key == "region") return lua_getiuservalue(L, 1, kRegion), 1;
  for (const auto& m : run_methods)
    if (key == m.name) return lua_pushcfunction(L, m.func), 1;
  return 0;
}

// #run: the number of schools of run:schools(), without building their views.
int run_len(lua_State* L) {
  lua_pushinteger(L, lua_Integer(check_run(L, 1)->population_size));
  return 1;
}

int run_newindex(lua_State* L) {
  return luaL_error(L, "run доступен только для чтения (поле «%s»)", luaL_tolstring(L, 2, nullptr));
}

}  // namespace

RunView* check_run(lua_State* L, int idx) {
  auto* r = static_cast<RunView*>(luaL_checkudata(L, idx, kRunMeta));
  if (!r->alive) luaL_error(L, "run недоступен: вызов уже завершён");
  return r;
}

void push_school_cache(lua_State* L, int run_idx) { lua_getiuservalue(L, run_idx, kSchools); }
void push_work_keys(lua_State* L, int run_idx) { lua_getiuservalue(L, run_idx, kWorkKeys); }

RunView* push_run(lua_State* L, const Dataset& data, int year, std::string_view region,
                  std::span<const SchoolIndex> population) {
  auto* r = static_cast<RunView*>(lua_newuserdatauv(L, sizeof(RunView), 4));
  *r = RunView{&data, year, true, population.data(), population.size(), 0};
  lua_pushlstring(L, region.data(), region.size());
  lua_setiuservalue(L, -2, kRegion);
  lua_newtable(L);
  lua_setiuservalue(L, -2, kStats);
  lua_newtable(L);
  lua_setiuservalue(L, -2, kSchools);
  lua_newtable(L);
  lua_setiuservalue(L, -2, kWorkKeys);
  luaL_setmetatable(L, kRunMeta);
  return r;
}

void register_indicator_view(lua_State* L);  // api_indicator.cpp

void new_view_meta(lua_State* L, const char* name, const luaL_Reg* metamethods,
                   const char* closed) {
  luaL_newmetatable(L, name);
  luaL_setfuncs(L, metamethods, 0);
  lua_pushstring(L, closed);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}

void register_views(lua_State* L) {
  static const luaL_Reg run_meta[] = {
      {"__index", run_index}, {"__newindex", run_newindex}, {"__len", run_len}, {nullptr, nullptr}};
  new_view_meta(L, kRunMeta, run_meta, "run: метатаблица закрыта");
  register_school_view(L);
  register_works_view(L);
  register_indicator_view(L);
}

}  // namespace opora::host
