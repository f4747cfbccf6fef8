// The ways a limit could be swallowed or run around, closed at the functions that open them:
// - pcall / xpcall / coroutine.resume return normally after a limit error: each raises the
//   limit again as soon as it returns, so the error always reaches the host.
// - xpcall's message handler runs with the hook off when the error was raised by the hook: the
//   handler is skipped once a limit has tripped.
// - a coroutine killed by the hook keeps its hook disabled (Lua does not restore it when the
//   coroutine dies), so its to-be-closed variables (run by coroutine.close and by the error path
//   of coroutine.wrap) would run unbounded: they are not run for such a coroutine.
// - __gc is refused by setmetatable (sandbox.cpp).
// Also here: freezing a package's environment once its chunk has run, and rawset refusing the
// frozen tables.
#include <cstdio>

#include "lua/core.hpp"
#include "lua/sandbox_parts.hpp"

namespace opora::host {

namespace {

constexpr const char* kFrozenKey = "opora.frozen_tables";

int after_call(lua_State* L, int, lua_KContext) {
  rethrow_limit(L);
  return lua_gettop(L);
}

// Calls the original (upvalue 1) with all arguments, yieldable, then checks the limits.
int call_then_check(lua_State* L) {
  int n = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_callk(L, n, LUA_MULTRET, 0, after_call);
  return after_call(L, LUA_OK, 0);
}

int guarded_handler(lua_State* L) {
  if (core_of(L).limited()) {
    lua_settop(L, 1);
    return 1;
  }
  int n = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, n, 1);
  return 1;
}

int guarded_xpcall(lua_State* L) {
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, guarded_handler, 1);
  lua_replace(L, 2);
  return call_then_check(L);
}

bool frozen(lua_State* L, int idx) {
  idx = lua_absindex(L, idx);
  lua_getfield(L, LUA_REGISTRYINDEX, kFrozenKey);
  lua_pushvalue(L, idx);
  bool yes = lua_rawget(L, -2) != LUA_TNIL;
  lua_pop(L, 2);
  return yes;
}

int guarded_rawset(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  if (frozen(L, 1))
    return luaL_error(L, "rawset: глобальные переменные и библиотеки пакета нельзя менять "
                         "после его загрузки");
  return call_then_check(L);
}

// coroutine.close: a coroutine a limit killed is reported, not closed.
int guarded_close(lua_State* L) {
  lua_State* co = lua_tothread(L, 1);
  luaL_argexpected(L, co, 1, "coroutine");
  int st = lua_status(co);
  if (st != LUA_OK && st != LUA_YIELD && killed_by_limit(L, 1)) {
    rethrow_limit(L);
    lua_pushboolean(L, 0);
    lua_pushliteral(L, "сопрограмма остановлена лимитом, её переменные <close> не выполняются");
    return 2;
  }
  lua_settop(L, 1);
  return call_then_check(L);
}

// The function coroutine.wrap returns. upvalues: 1 the coroutine, 2 the original resume,
// 3 the guarded close.
int wrapped_call(lua_State* L) {
  int n = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_insert(L, 1);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 2);
  lua_call(L, n + 1, LUA_MULTRET);
  rethrow_limit(L);
  if (lua_toboolean(L, 1)) return lua_gettop(L) - 1;
  lua_settop(L, 2);
  lua_State* co = lua_tothread(L, lua_upvalueindex(1));
  int st = lua_status(co);
  if (st != LUA_OK && st != LUA_YIELD) {  // it died: close its variables, as the stock wrap does
    lua_pushvalue(L, lua_upvalueindex(3));
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_call(L, 1, 2);
    rethrow_limit(L);
    lua_replace(L, 2);  // an error of a __close replaces the original one
    lua_settop(L, 2);
  }
  if (st != LUA_ERRMEM && lua_type(L, 2) == LUA_TSTRING) {
    luaL_where(L, 1);
    lua_insert(L, 2);
    lua_concat(L, 2);
  }
  return lua_error(L);
}

// upvalues: 1 the original resume, 2 the guarded close
int guarded_wrap(lua_State* L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_State* co = lua_newthread(L);
  lua_pushvalue(L, 1);
  lua_xmove(L, co, 1);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_pushcclosure(L, wrapped_call, 3);
  return 1;
}

int frozen_newindex(lua_State* L) {
  const char* prefix = lua_tostring(L, lua_upvalueindex(1));
  const char* key = lua_type(L, 2) == LUA_TSTRING || lua_type(L, 2) == LUA_TNUMBER
                        ? lua_tostring(L, 2)
                        : luaL_typename(L, 2);
  if (*prefix == 0)
    return luaL_error(L, "нельзя создавать или менять глобальную переменную «%s» после "
                         "загрузки пакета (состояние между вызовами держите в prepare или в local)",
                      key);
  return luaL_error(L, "нельзя менять «%s%s» после загрузки пакета", prefix, key);
}

int raw_next(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  if (lua_next(L, 1)) return 2;
  lua_pushnil(L);
  return 1;
}

// pairs over a frozen table walks what it holds. upvalue 1: the backing table.
int frozen_pairs(lua_State* L) {
  lua_pushcfunction(L, raw_next);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushnil(L);
  return 3;
}

// Moves the contents of table t into a backing table and leaves t empty, reading through to
// the backing table and refusing every write. `fallback` (0 for none) is where the backing
// table itself reads through to.
void freeze_table(lua_State* L, int t, const char* prefix, int fallback) {
  t = lua_absindex(L, t);
  if (frozen(L, t)) return;
  lua_newtable(L);
  int backing = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, backing);
  }
  lua_pushnil(L);
  while (lua_next(L, backing)) {
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_pushnil(L);
    lua_rawset(L, t);
  }
  if (fallback) {
    lua_newtable(L);
    lua_pushvalue(L, fallback);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, backing);
  }
  lua_newtable(L);
  lua_pushvalue(L, backing);
  lua_setfield(L, -2, "__index");
  lua_pushstring(L, prefix);
  lua_pushcclosure(L, frozen_newindex, 1);
  lua_setfield(L, -2, "__newindex");
  lua_pushvalue(L, backing);
  lua_pushcclosure(L, frozen_pairs, 1);
  lua_setfield(L, -2, "__pairs");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, t);
  lua_getfield(L, LUA_REGISTRYINDEX, kFrozenKey);
  lua_pushvalue(L, t);
  lua_pushboolean(L, 1);
  lua_rawset(L, -3);
  lua_settop(L, backing - 1);
}

// table[name] = fn with the original table[name] as upvalue 1.
void replace(lua_State* L, int table, const char* name, lua_CFunction fn) {
  lua_getfield(L, table, name);
  lua_pushcclosure(L, fn, 1);
  lua_setfield(L, table, name);
}

}  // namespace

void install_guards(lua_State* L, int base_idx, int libs_idx) {
  base_idx = lua_absindex(L, base_idx);
  libs_idx = lua_absindex(L, libs_idx);
  lua_newtable(L);  // weak keys: frozen tables are still collected with their package
  lua_newtable(L);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, kFrozenKey);

  replace(L, base_idx, "pcall", call_then_check);
  replace(L, base_idx, "xpcall", guarded_xpcall);
  replace(L, base_idx, "rawset", guarded_rawset);

  lua_getfield(L, libs_idx, "coroutine");
  int co = lua_gettop(L);
  lua_getfield(L, co, "resume");
  int resume = lua_gettop(L);
  replace(L, co, "close", guarded_close);
  lua_pushvalue(L, resume);
  lua_getfield(L, co, "close");
  lua_pushcclosure(L, guarded_wrap, 2);
  lua_setfield(L, co, "wrap");
  replace(L, co, "resume", call_then_check);
  lua_settop(L, co - 1);
}

void freeze_environment(lua_State* L, int env_idx) {
  env_idx = lua_absindex(L, env_idx);
  for (const char* lib : {"string", "table", "math", "utf8", "coroutine", "os"}) {
    lua_pushstring(L, lib);
    if (lua_rawget(L, env_idx) == LUA_TTABLE) {
      char prefix[32];  // no C++ object may live across a Lua error
      std::snprintf(prefix, sizeof prefix, "%s.", lib);
      freeze_table(L, -1, prefix, 0);
    }
    lua_pop(L, 1);
  }
  lua_rawgeti(L, LUA_REGISTRYINDEX, core_of(L).base_ref);
  freeze_table(L, env_idx, "", lua_gettop(L));
  lua_pop(L, 1);
}

}  // namespace opora::host
