// The Lua state and its limits: a capped allocator with a kill flag, a sticky instruction and
// wall-clock hook, and the protected-call protocol (run) every entry from C++ goes through.
#include "lua/core.hpp"
#include "lua/messages.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace opora::host {

namespace {

// The hook fires every kInterval VM instructions; the budget is counted in these steps.
constexpr int kInterval = 1000;

void* capped_alloc(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
  auto& c = *static_cast<LuaCore*>(ud);
  std::size_t old = ptr ? osize : 0;  // with ptr == NULL, osize is a type tag
  if (nsize == 0) {
    std::free(ptr);
    c.used -= old;
    return nullptr;
  }
  // Lua retries a failed allocation once after an emergency collection: only a failure that
  // is not followed by a successful retry of the same request kills the call.
  bool is_retry = c.retry.set && c.retry.ptr == ptr && c.retry.osize == osize &&
                  c.retry.nsize == nsize;
  c.retry.set = false;
  void* p = nullptr;
  if (nsize <= old || c.used - old + nsize <= c.limits.memory_bytes) p = std::realloc(ptr, nsize);
  if (!p) {
    c.killed = true;
    c.retry = {ptr, osize, nsize, true};
    return nullptr;
  }
  if (is_retry) c.killed = false;
  c.used = c.used - old + nsize;
  return p;
}

std::string where_running(lua_State* L) {
  lua_Debug ar;
  if (!lua_getstack(L, 0, &ar) || !lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) return {};
  const char* src = ar.source[0] == '@' ? ar.source + 1 : ar.short_src;
  return std::string(src) + ":" + std::to_string(ar.currentline) + ": ";
}

std::string memory_message(const LuaLimits& l) {
  return "превышен лимит памяти (" + std::to_string(l.memory_bytes >> 20) + " МБ)";
}

// Once a limit is exceeded the hook fires on every instruction of the thread and raises again,
// so a script's pcall cannot swallow it.
void limits_hook(lua_State* L, lua_Debug*) {
  LuaCore& c = core_of(L);
  if (c.tripped.empty() && !c.killed) {
    if (lua_gethookcount(L) == 1) {  // a coroutine left sticky by an earlier call
      lua_sethook(L, limits_hook, LUA_MASKCOUNT, kInterval);
      return;
    }
    c.instructions += kInterval;
    if (c.instructions > c.limits.instructions) {
      c.tripped = where_running(L) + "превышен лимит инструкций (" +
                  std::to_string(c.limits.instructions) + ")";
    } else if (std::chrono::steady_clock::now() > c.deadline) {
      char secs[32];
      std::snprintf(secs, sizeof secs, "%g", c.limits.wall_seconds);
      c.tripped = where_running(L) + "превышено время выполнения (" + secs + " с)";
    } else {
      return;
    }
  }
  lua_sethook(L, limits_hook, LUA_MASKCOUNT, 1);
  luaL_error(L, "%s", c.killed ? "not enough memory" : c.tripped.c_str());
}

struct Erased {
  void (*fn)(lua_State*, void*);
  void* ctx;
};

int trampoline(lua_State* L) {
  auto* e = static_cast<Erased*>(lua_touserdata(L, 1));
  lua_settop(L, 0);
  return guarded(L, [&] {
    e->fn(L, e->ctx);
    return 0;
  });
}

}  // namespace

LuaCore& core_of(lua_State* L) { return **static_cast<LuaCore**>(lua_getextraspace(L)); }

LuaCore::LuaCore(LuaLimits l) : limits(l) {
  L = lua_newstate(capped_alloc, this);
  if (!L) throw std::runtime_error("не удалось создать состояние Lua");
  *static_cast<LuaCore**>(lua_getextraspace(L)) = this;
  auto err = run([](lua_State* s) { open_sandbox(s); });
  if (!err.empty()) {
    lua_close(L);
    throw std::runtime_error("не удалось подготовить песочницу Lua: " + err);
  }
}

LuaCore::~LuaCore() { lua_close(L); }

void LuaCore::begin_call() {
  if (depth++ > 0) return;
  instructions = 0;
  tripped.clear();
  killed = false;
  retry.set = false;
  auto span = std::chrono::duration<double>(limits.wall_seconds);
  deadline = std::chrono::steady_clock::now() +
             std::chrono::duration_cast<std::chrono::steady_clock::duration>(span);
  lua_sethook(L, limits_hook, LUA_MASKCOUNT, kInterval);
}

void LuaCore::end_call() {
  if (--depth > 0) return;
  if (killed || !tripped.empty()) lua_gc(L, LUA_GCCOLLECT);
  killed = false;
  tripped.clear();
}

std::string LuaCore::run_erased(void (*fn)(lua_State*, void*), void* ctx) {
  std::lock_guard lock(mutex);
  int top = lua_gettop(L);
  begin_call();
  Erased e{fn, ctx};
  lua_pushcfunction(L, trampoline);
  lua_pushlightuserdata(L, &e);
  int status = lua_pcall(L, 1, 0, 0);
  std::string err;
  if (status != LUA_OK) {
    if (killed || status == LUA_ERRMEM)
      err = memory_message(limits);
    else if (!tripped.empty())
      err = tripped;
    else
      err = error_text(L, -1);
    if (err.empty()) err = "ошибка без текста";
  }
  lua_settop(L, top);
  end_call();
  return err;
}

std::string error_text(lua_State* L, int idx) {
  switch (lua_type(L, idx)) {
    case LUA_TSTRING: {
      std::size_t n = 0;
      const char* s = lua_tolstring(L, idx, &n);
      return std::string(s, n);
    }
    case LUA_TNUMBER: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.14g", lua_tonumber(L, idx));
      return buf;
    }
    default:
      return std::string("ошибка без текста (") + lua_typename(L, lua_type(L, idx)) + ")";
  }
}

std::string decorate(std::string_view msg, std::string_view origin, std::string_view label) {
  // A position "<file>.lua:<digits>: " at the start of the message.
  auto lua = msg.find(".lua:");
  if (lua != std::string_view::npos && msg.substr(0, lua).find(' ') == std::string_view::npos) {
    std::size_t i = lua + 5, digits = i;
    while (i < msg.size() && msg[i] >= '0' && msg[i] <= '9') ++i;
    if (i > digits && msg.substr(i, 2) == ": ") {
      return std::string(msg.substr(0, i + 2)) + std::string(label) + ": " +
             russian_lead_in(msg.substr(i + 2));
    }
  }
  return std::string(origin) + ": " + std::string(label) + ": " + russian_lead_in(msg);
}

std::string caller_position(lua_State* L, int level) {
  lua_Debug ar;
  if (!lua_getstack(L, level, &ar) || !lua_getinfo(L, "Sl", &ar)) return "?";
  const char* src = ar.source[0] == '@' ? ar.source + 1 : ar.short_src;
  return std::string(src) + ":" + std::to_string(ar.currentline);
}

int raw_field(lua_State* L, int idx, const char* key) {
  idx = lua_absindex(L, idx);
  lua_pushstring(L, key);
  return lua_rawget(L, idx);
}

}  // namespace opora::host
