// The indicator context view (docs/lua-api.md, "The indicator context"): roadmap progress and
// the saved identification, for indicator formulas written in Lua.
#include <string>
#include <vector>

#include "lua/core.hpp"
#include "lua/lua_items.hpp"
#include "lua/views.hpp"

namespace opora::host {

namespace {

const IndicatorContext& check_ctx(lua_State* L) {
  auto* c = static_cast<CtxView*>(luaL_checkudata(L, 1, kCtxMeta));
  if (!c->alive) luaL_error(L, "контекст показателя недоступен: вызов уже завершён");
  return *c->ctx;
}

void push_sv(lua_State* L, std::string_view v) { lua_pushlstring(L, v.data(), v.size()); }

// Pushes an array of school views of the context's run (uservalue 1).
void push_schools(lua_State* L, const std::vector<SchoolIndex>& schools) {
  lua_getiuservalue(L, 1, 1);
  int run = lua_gettop(L);
  push_school_cache(L, run);
  int cache = lua_gettop(L);
  lua_createtable(L, int(schools.size()), 0);
  lua_Integer n = 0;
  for (auto i : schools) {
    push_school_cached(L, cache, run, i);
    lua_rawseti(L, -2, ++n);
  }
  lua_replace(L, run);
  lua_settop(L, run);
}

int ctx_identified(lua_State* L) {
  const auto& c = check_ctx(L);
  std::size_t n = 0;
  const char* cat = luaL_checklstring(L, 2, &n);
  return guarded(L, [&] {
    push_schools(L, c.identified({cat, n}));
    return 1;
  });
}

int ctx_participants(lua_State* L) {
  const auto& c = check_ctx(L);
  std::size_t n = 0;
  const char* act = luaL_checklstring(L, 2, &n);
  return guarded(L, [&] {
    push_schools(L, c.participant_schools({act, n}));
    return 1;
  });
}

int ctx_occurrences(lua_State* L) {
  const auto& c = check_ctx(L);
  std::size_t n = 0;
  const char* act = luaL_checklstring(L, 2, &n);
  return guarded(L, [&] {
    auto occ = c.occurrences({act, n});
    lua_getiuservalue(L, 1, 1);
    int run = lua_gettop(L);
    push_school_cache(L, run);
    int cache = lua_gettop(L);
    lua_createtable(L, int(occ.size()), 0);
    lua_Integer k = 0;
    for (const auto& o : occ) {
      lua_createtable(L, 0, 7);
      push_sv(L, o.activity);
      lua_setfield(L, -2, "activity");
      if (o.school) {
        push_school_cached(L, cache, run, *o.school);
        lua_setfield(L, -2, "school");
      }
      push_sv(L, o.due);
      lua_setfield(L, -2, "due");
      push_sv(L, o.status);
      lua_setfield(L, -2, "status");
      push_sv(L, o.done_on);
      lua_setfield(L, -2, "done_on");
      lua_pushboolean(L, o.late);
      lua_setfield(L, -2, "late");
      lua_pushinteger(L, o.events);
      lua_setfield(L, -2, "events");
      lua_rawseti(L, -2, ++k);
    }
    return 1;
  });
}

int ctx_people(lua_State* L) {
  const auto& c = check_ctx(L);
  std::size_t n = 0, m = 0;
  const char* act = luaL_checklstring(L, 2, &n);
  const char* role = luaL_optlstring(L, 3, "", &m);
  return guarded(L, [&] {
    lua_pushinteger(L, c.participant_people({act, n}, {role, m}));
    return 1;
  });
}

int ctx_observation(lua_State* L) {
  const auto& c = check_ctx(L);
  std::size_t n = 0;
  const char* ind = luaL_checklstring(L, 2, &n);
  return guarded(L, [&] {
    auto v = c.observation({ind, n});
    if (v)
      lua_pushnumber(L, *v);
    else
      lua_pushnil(L);
    return 1;
  });
}

int ctx_index(lua_State* L) {
  auto* c = static_cast<CtxView*>(lua_touserdata(L, 1));
  if (!c->alive) return luaL_error(L, "контекст показателя недоступен: вызов уже завершён");
  std::size_t n = 0;
  const char* k = lua_tolstring(L, 2, &n);
  if (!k || lua_type(L, 2) != LUA_TSTRING) return 0;
  std::string_view key(k, n);
  if (key == "year") return lua_pushinteger(L, c->ctx->year()), 1;
  if (key == "territory") return push_sv(L, c->ctx->territory()), 1;
  if (key == "as_of") return push_sv(L, c->ctx->as_of()), 1;
  if (key == "identified") return lua_pushcfunction(L, ctx_identified), 1;
  if (key == "occurrences") return lua_pushcfunction(L, ctx_occurrences), 1;
  if (key == "participants") return lua_pushcfunction(L, ctx_participants), 1;
  if (key == "people") return lua_pushcfunction(L, ctx_people), 1;
  if (key == "observation") return lua_pushcfunction(L, ctx_observation), 1;
  // A report section's context is the same view with the report's own figures added.
  if (const auto* s = dynamic_cast<const SectionContext*>(c->ctx)) {
    if (key == "month") return push_sv(L, s->month()), 1;
    if (key == "territory_name") return push_sv(L, s->territory_name()), 1;
    // Fresh copies on every read: a script changing them changes nothing else.
    if (key == "indicators")
      return guarded(L, [&] { return push_json(L, nlohmann::json::parse(s->indicators_json())), 1; });
    if (key == "plan")
      return guarded(L, [&] { return push_json(L, nlohmann::json::parse(s->plan_json())), 1; });
  }
  return 0;
}

int ctx_newindex(lua_State* L) {
  return luaL_error(L, "контекст показателя доступен только для чтения (поле «%s»)",
                    luaL_tolstring(L, 2, nullptr));
}

}  // namespace

void register_indicator_view(lua_State* L) {
  static const luaL_Reg meta[] = {
      {"__index", ctx_index}, {"__newindex", ctx_newindex}, {nullptr, nullptr}};
  new_view_meta(L, kCtxMeta, meta, "контекст: метатаблица закрыта");
}

CtxView* push_indicator_context(lua_State* L, const IndicatorContext& ctx, int run_idx) {
  run_idx = lua_absindex(L, run_idx);
  auto* c = static_cast<CtxView*>(lua_newuserdatauv(L, sizeof(CtxView), 1));
  *c = CtxView{&ctx, true};
  lua_pushvalue(L, run_idx);
  lua_setiuservalue(L, -2, 1);
  luaL_setmetatable(L, kCtxMeta);
  return c;
}

}  // namespace opora::host
