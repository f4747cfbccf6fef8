// The sandbox: which libraries a script sees, the read-only base every package environment
// falls back to, and the guarded replacements of setmetatable, collectgarbage, print and load.
#include <cstring>

#include "lua/core.hpp"
#include "lua/sandbox_parts.hpp"

namespace opora::host {

namespace {

constexpr const char* kLibsKey = "opora.libs";
constexpr std::size_t kMaxLogLines = 10'000;

// Refuses a metatable with __gc: finalizers run with hooks off, so a loop there would never be
// interrupted. Otherwise the original setmetatable (upvalue 1) does the work.
int sandbox_setmetatable(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  if (lua_type(L, 2) == LUA_TTABLE && raw_field(L, 2, "__gc") != LUA_TNIL)
    return luaL_error(L, "setmetatable: поле __gc в метатаблице запрещено");
  lua_settop(L, 2);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, 2, 1);
  return 1;
}

// Only the harmless modes: a script may not stop or retune the collector.
int sandbox_collectgarbage(lua_State* L) {
  const char* opt = luaL_optstring(L, 1, "collect");
  if (std::strcmp(opt, "count") == 0) {
    lua_pushnumber(L, lua_gc(L, LUA_GCCOUNT) + lua_gc(L, LUA_GCCOUNTB) / 1024.0);
    return 1;
  }
  if (std::strcmp(opt, "collect") == 0) {
    charge(L, std::int64_t(core_of(L).used) / kBytesPerUnit);  // a full collection walks the heap
    lua_gc(L, LUA_GCCOLLECT);
    lua_pushinteger(L, 0);
    return 1;
  }
  if (std::strcmp(opt, "step") == 0) {
    charge(L, 10'000);
    lua_pushboolean(L, lua_gc(L, LUA_GCSTEP, 0));
    return 1;
  }
  if (std::strcmp(opt, "isrunning") == 0) {
    lua_pushboolean(L, 1);
    return 1;
  }
  return luaL_error(L, "collectgarbage: режим «%s» недоступен в песочнице", opt);
}

// print() goes to the engine's log (LuaEngine::take_log), never to the terminal.
int sandbox_print(lua_State* L) {
  int n = lua_gettop(L);
  std::int64_t work = n;
  for (int i = 1; i <= n; ++i)
    if (lua_type(L, i) == LUA_TSTRING) work += std::int64_t(lua_rawlen(L, i)) / kBytesPerUnit;
  charge(L, work);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (int i = 1; i <= n; ++i) {
    if (i > 1) luaL_addchar(&b, '\t');
    luaL_tolstring(L, i, nullptr);
    luaL_addvalue(&b);
  }
  luaL_pushresult(&b);
  std::size_t len = 0;
  const char* s = lua_tolstring(L, -1, &len);
  return guarded(L, [&] {
    auto& log = core_of(L).log;
    if (log.size() < kMaxLogLines) log.emplace_back(s, std::min<std::size_t>(len, 4096));
    return 0;
  });
}

constexpr std::size_t kMaxChunkName = 40;

// The chunk name of a script's load(): always "=(load "<name>")". A script cannot name its
// chunk "@scripts/federal/criteria.lua" (or "=scripts/...") and so blame its errors on a file
// of the tree. The name is kept short, since Lua cuts chunk names at 60 bytes, which could cut
// the marker off; colons and control characters are replaced, so no "file:line:" can be formed.
void push_chunk_name(lua_State* L, int idx) {
  if (lua_isnoneornil(L, idx)) {
    lua_pushliteral(L, "=(load)");
    return;
  }
  std::size_t n = 0;
  const char* s = luaL_checklstring(L, idx, &n);
  while (n > 0 && (*s == '@' || *s == '=')) ++s, --n;
  char buf[kMaxChunkName + 1];
  std::size_t len = 0;
  for (std::size_t i = 0; i < n && len < kMaxChunkName; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    buf[len++] = c < 0x20 || c == ':' || c == '"' ? '_' : char(c);
  }
  // The cut must not leave half a UTF-8 sequence at the end.
  std::size_t start = len;
  while (start > 0 && (static_cast<unsigned char>(buf[start - 1]) & 0xC0) == 0x80) --start;
  if (start > 0 && static_cast<unsigned char>(buf[start - 1]) >= 0xC0) {
    auto lead = static_cast<unsigned char>(buf[start - 1]);
    std::size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (len - (start - 1) < need) len = start - 1;
  }
  buf[len] = '\0';
  lua_pushfstring(L, "=(load \"%s\")", buf);
}

// load(text [, name [, mode [, env]]]): text only; the chunk sees the caller's environment
// (upvalue 1) unless env is given, never the host's global table.
int sandbox_load(lua_State* L) {
  if (lua_type(L, 1) != LUA_TSTRING)
    return luaL_error(L, "load: принимается только текст фрагмента (строка)");
  std::size_t len = 0;
  const char* code = lua_tolstring(L, 1, &len);
  bool own_env = !lua_isnone(L, 4);
  lua_settop(L, 4);
  push_chunk_name(L, 2);
  lua_replace(L, 2);
  const char* name = lua_tostring(L, 2);
  const char* mode = luaL_optstring(L, 3, "t");
  if (std::strchr(mode, 'b')) {
    lua_pushnil(L);
    lua_pushliteral(L, "load: двоичные фрагменты запрещены");
    return 2;
  }
  charge(L, std::int64_t(len));  // compiling costs about an instruction per byte
  if (luaL_loadbufferx(L, code, len, name, "t") != LUA_OK) {
    lua_pushnil(L);
    lua_insert(L, -2);
    return 2;
  }
  lua_pushvalue(L, own_env ? 4 : lua_upvalueindex(1));
  if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
  return 1;
}

// A shallow copy of a library table with a protected metatable: each environment owns its
// copies, so changing `string.format` in one package cannot reach another.
void push_library_copy(lua_State* L, int src) {
  src = lua_absindex(L, src);
  lua_newtable(L);
  lua_pushnil(L);
  while (lua_next(L, src)) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -4);
  }
  lua_newtable(L);
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
}

void copy_global(lua_State* L, int from, int to, const char* name) {
  lua_getfield(L, from, name);
  lua_setfield(L, to, name);
}

}  // namespace

void open_sandbox(lua_State* L) {
  luaL_requiref(L, "_G", luaopen_base, 0);
  int globals = lua_gettop(L);
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 0);
  int str = lua_gettop(L);
  luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 0);
  luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 0);
  luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 0);
  luaL_requiref(L, LUA_COLIBNAME, luaopen_coroutine, 0);
  luaL_requiref(L, LUA_OSLIBNAME, luaopen_os, 0);
  int os = lua_gettop(L);

  // The real string table: strings index it through their metatable, so it is patched in
  // place (no dump, capped pattern functions and rep) and the metatable is hidden.
  lua_pushnil(L);
  lua_setfield(L, str, "dump");
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);

  // Library tables every environment gets a copy of.
  lua_newtable(L);
  int libs = lua_gettop(L);
  lua_pushvalue(L, str);
  lua_setfield(L, libs, "string");
  lua_pushvalue(L, str + 1);
  lua_setfield(L, libs, "table");
  lua_pushvalue(L, str + 2);
  lua_setfield(L, libs, "math");
  lua_pushvalue(L, str + 3);
  lua_setfield(L, libs, "utf8");
  lua_pushvalue(L, str + 4);
  lua_setfield(L, libs, "coroutine");
  lua_newtable(L);
  int safe_os = lua_gettop(L);
  for (const char* f : {"time", "date", "clock", "difftime"}) copy_global(L, os, safe_os, f);
  lua_setfield(L, libs, "os");
  charge_libraries(L, libs);
  lua_setfield(L, LUA_REGISTRYINDEX, kLibsKey);

  // The base: safe functions of the global library plus the opora declarations.
  lua_newtable(L);
  int base = lua_gettop(L);
  for (const char* f : {"assert", "error", "ipairs", "next", "pairs", "pcall", "xpcall",
                        "rawequal", "rawget", "rawlen", "rawset", "select", "tonumber",
                        "tostring", "type", "getmetatable", "_VERSION"})
    copy_global(L, globals, base, f);
  lua_getfield(L, globals, "setmetatable");
  lua_pushcclosure(L, sandbox_setmetatable, 1);
  lua_setfield(L, base, "setmetatable");
  lua_pushcfunction(L, sandbox_collectgarbage);
  lua_setfield(L, base, "collectgarbage");
  lua_pushcfunction(L, sandbox_print);
  lua_setfield(L, base, "print");
  register_declarations(L, base);
  lua_getfield(L, LUA_REGISTRYINDEX, kLibsKey);
  install_guards(L, base, -1);
  lua_pop(L, 1);
  core_of(L).base_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_settop(L, globals - 1);
}

void push_environment(lua_State* L, const std::filesystem::path& dir) {
  lua_newtable(L);
  int env = lua_gettop(L);
  lua_newtable(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, core_of(L).base_ref);
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, env);
  lua_pushvalue(L, env);
  lua_setfield(L, env, "_G");

  lua_getfield(L, LUA_REGISTRYINDEX, kLibsKey);
  int libs = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, libs)) {
    push_library_copy(L, -1);
    lua_setfield(L, env, lua_tostring(L, -3));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);

  lua_pushvalue(L, env);
  lua_pushcclosure(L, sandbox_load, 1);
  lua_setfield(L, env, "load");
  push_require(L, env, dir);
  lua_setfield(L, env, "require");
}

void load_text(lua_State* L, std::string_view code, const std::string& chunk, int env_idx) {
  env_idx = lua_absindex(L, env_idx);
  if (luaL_loadbufferx(L, code.data(), code.size(), chunk.c_str(), "t") != LUA_OK) lua_error(L);
  lua_pushvalue(L, env_idx);
  lua_setupvalue(L, -2, 1);
}

}  // namespace opora::host
