// Internal to host/lua: the read-only data views scripts get (school, run, indicator context).
// Each is a full userdata with a locked metatable; a view stops working (clear error) once the
// C++ call that created it has returned, so a script cannot keep a dangling one in a global.
#pragma once
#include <lua.hpp>

#include <span>
#include <string_view>

#include <opora/dataset.hpp>
#include <opora/indicator.hpp>

namespace opora::host {

struct RunView {
  const Dataset* data;
  int year;
  bool alive;
  const SchoolIndex* population;
  std::size_t population_size;
  // The first year of results the run may read (up to `year`), for a criterion that declared
  // its years (criterion{ years = N }); 0: every year of the snapshot.
  int first_year = 0;
};

// Creates the metatables (called once by open_sandbox).
void register_views(lua_State* L);
// Creates the metatable `name` of a read-only view with its metamethods (`__index`,
// `__newindex`, `__len`, `__tostring`, ...; a null-terminated luaL_Reg) and a `__metatable`
// text that closes it to scripts.
void new_view_meta(lua_State* L, const char* name, const luaL_Reg* metamethods,
                   const char* closed);

// Pushes a run view. Its uservalues hold the region name, a statistics cache and the per-run
// cache of school views.
RunView* push_run(lua_State* L, const Dataset& data, int year, std::string_view region,
                  std::span<const SchoolIndex> population);
// Pushes the view of school i in the run at run_idx, creating it at most once per run.
void push_school(lua_State* L, int run_idx, SchoolIndex i);
// The run view at idx (raises a Lua error if it is not one).
RunView* check_run(lua_State* L, int idx);
// The school cache table of the run at run_idx, pushed (fast path of evaluate).
void push_school_cache(lua_State* L, int run_idx);
// The run's table of work keys (api_school.cpp builds each key once per run), pushed.
void push_work_keys(lua_State* L, int run_idx);
// Pushes the key of a work ("ВПР, 5 класс, математика"), taken from or added to the run's keys
// table at `keys`.
void push_work_key(lua_State* L, const Dataset& d, const ResultRow& r, int keys);
// The snapshot index of the school view at idx (raises a Lua error if it is not a live one).
SchoolIndex school_index_of(lua_State* L, int idx);
// Pushes the cached view of school i from the cache table at cache_idx (run at run_idx).
void push_school_cached(lua_State* L, int cache_idx, int run_idx, SchoolIndex i);

struct CtxView {
  const IndicatorContext* ctx;
  bool alive;
};
// Pushes an indicator context view; school views it returns belong to the run at run_idx.
CtxView* push_indicator_context(lua_State* L, const IndicatorContext& ctx, int run_idx);

inline constexpr const char* kSchoolMeta = "opora.school";
inline constexpr const char* kRunMeta = "opora.run";
inline constexpr const char* kCtxMeta = "opora.indicator_context";

}  // namespace opora::host
