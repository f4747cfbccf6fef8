// Territory-wide statistics of the run, computed once per run and filter and cached in the run:
//   run:percentile_rank(school, filter)    where the school's share of "2" stands in its region
//   run:territory_mean(filter[, territory]) the region's (or a municipality's) share of "2"
// (docs/lua-api.md, "The run").
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "lua/core.hpp"
#include "lua/result_filter.hpp"
#include "lua/views.hpp"

namespace opora::host {

namespace {

constexpr int kStatsSlot = 2;  // the run's statistics cache (see push_run)

struct Sums {
  std::int64_t m2 = 0, participants = 0, mark_sum = 0, marks = 0, schools = 0;
  void add(const Aggregate& a) {
    m2 += a.marks[0];
    participants += a.participants;
    mark_sum += 2 * a.marks[0] + 3 * a.marks[1] + 4 * a.marks[2] + 5 * a.marks[3];
    marks += a.marks[0] + a.marks[1] + a.marks[2] + a.marks[3];
    ++schools;
  }
};

Aggregate aggregate_of(const Dataset& d, SchoolIndex i, const Filter& f) {
  Aggregate a;
  if (f.none) return a;
  for (const auto& r : f.rows(d.results(i)))
    if (f.take(r)) a.add(r);
  return a;
}

std::string procedures_of(const Filter& f) {
  std::string out;
  for (std::uint8_t i = 0; i < f.procedure_count; ++i) out += "," + std::to_string(f.procedures[i]);
  return out;
}

std::string key_of(const Filter& f) {
  return "share2\n" + std::to_string(f.year) + "\n" + std::to_string(f.procedure) + "\n" +
         std::to_string(f.subject) + "\n" + std::to_string(f.grade) + "\n" +
         std::to_string(f.min_participants) + (f.none ? "\nnone" : "") + procedures_of(f);
}

void push_sums(lua_State* L, const Sums& s) {
  lua_createtable(L, 0, 4);
  if (s.participants > 0) {
    lua_pushnumber(L, double(s.m2) / double(s.participants));
    lua_setfield(L, -2, "share2");
  }
  if (s.marks > 0) {
    lua_pushnumber(L, double(s.mark_sum) / double(s.marks));
    lua_setfield(L, -2, "mean_mark");
  }
  lua_pushinteger(L, s.participants);
  lua_setfield(L, -2, "participants");
  lua_pushinteger(L, s.schools);
  lua_setfield(L, -2, "schools");
}

// Pushes the statistics table of the filter: [1..n] the sorted shares of "2" of the population's
// schools with results, `all` the region's sums, `t` the sums per municipality. Built once.
void push_stats(lua_State* L, int run_idx, const RunView* r, const Filter& f) {
  lua_getiuservalue(L, run_idx, kStatsSlot);
  auto key = key_of(f);
  lua_pushlstring(L, key.data(), key.size());
  if (lua_rawget(L, -2) == LUA_TTABLE) {
    lua_remove(L, -2);
    return;
  }
  lua_pop(L, 1);
  std::vector<double> values;
  Sums all;
  std::map<std::string, Sums, std::less<>> per_territory;
  for (std::size_t k = 0; k < r->population_size; ++k) {
    auto i = r->population[k];
    auto a = aggregate_of(*r->data, i, f);
    if (a.participants == 0) continue;
    values.push_back(a.share2());
    all.add(a);
    auto t = r->data->school(i).territory;
    auto it = per_territory.find(t);
    if (it == per_territory.end()) it = per_territory.emplace(std::string(t), Sums{}).first;
    it->second.add(a);
  }
  std::sort(values.begin(), values.end());
  lua_createtable(L, int(values.size()), 2);
  for (std::size_t k = 0; k < values.size(); ++k) {
    lua_pushnumber(L, values[k]);
    lua_rawseti(L, -2, lua_Integer(k) + 1);
  }
  push_sums(L, all);
  lua_setfield(L, -2, "all");
  lua_createtable(L, 0, int(per_territory.size()));
  for (const auto& [t, s] : per_territory) {
    push_sums(L, s);
    lua_setfield(L, -2, t.c_str());
  }
  lua_setfield(L, -2, "t");
  lua_pushlstring(L, key.data(), key.size());
  lua_pushvalue(L, -2);
  lua_rawset(L, -4);
  lua_remove(L, -2);
}

SchoolIndex school_index(lua_State* L, int idx, const char* method) {
  if (lua_type(L, idx) != LUA_TUSERDATA) luaL_error(L, "%s: первый аргумент — школа", method);
  lua_getfield(L, idx, "index");
  if (!lua_isinteger(L, -1)) luaL_error(L, "%s: первый аргумент — школа", method);
  auto i = SchoolIndex(lua_tointeger(L, -1));
  lua_pop(L, 1);
  return i;
}

}  // namespace

// The share of the region's schools (with results under the filter) whose share of "2" is at
// most this school's: 1.0 is the weakest school of the region. nil without results.
int run_percentile_rank(lua_State* L) {
  RunView* r = check_run(L, 1);
  auto i = school_index(L, 2, "run:percentile_rank");
  Filter f = read_filter(L, 3, "run:percentile_rank", *r);
  auto a = aggregate_of(*r->data, i, f);
  if (a.participants == 0) return lua_pushnil(L), 1;
  double v = a.share2();
  push_stats(L, 1, r, f);
  // Binary search for the number of values <= v in the sorted array.
  lua_Integer lo = 0, hi = lua_Integer(lua_rawlen(L, -1));
  lua_Integer n = hi;
  while (lo < hi) {
    lua_Integer mid = (lo + hi) / 2;
    lua_rawgeti(L, -1, mid + 1);
    double x = lua_tonumber(L, -1);
    lua_pop(L, 1);
    if (x <= v + 1e-12)
      lo = mid + 1;
    else
      hi = mid;
  }
  lua_pushnumber(L, n > 0 ? double(lo) / double(n) : 0.0);
  return 1;
}

// { share2, mean_mark, participants, schools } of the region, or of one municipality of it.
int run_territory_mean(lua_State* L) {
  RunView* r = check_run(L, 1);
  Filter f = read_filter(L, 2, "run:territory_mean", *r);
  const char* territory = luaL_optstring(L, 3, nullptr);
  push_stats(L, 1, r, f);
  if (!territory) {
    lua_getfield(L, -1, "all");
    return 1;
  }
  lua_getfield(L, -1, "t");
  if (lua_getfield(L, -1, territory) != LUA_TTABLE) push_sums(L, Sums{});
  return 1;
}

}  // namespace opora::host
