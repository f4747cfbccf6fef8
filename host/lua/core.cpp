// The Lua state and its limits: a capped allocator with a kill flag, a sticky instruction and
// wall-clock hook, and the protected-call protocol (run) every entry from C++ goes through.
#include "lua/core.hpp"
#include "lua/messages.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>

namespace opora::host {

namespace {

// The hook fires every kInterval VM instructions; the budget is counted in these steps.
constexpr int kInterval = 1000;

// Each block starts with a header naming its owner, so a free is credited to the package that
// allocated the block whoever runs when the collector frees it. 16 bytes keep malloc's alignment.
struct alignas(16) BlockHeader {
  Owner owner;
};
constexpr std::size_t kHeader = sizeof(BlockHeader);
static_assert(kHeader == 16);

void* capped_alloc(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
  auto& c = *static_cast<LuaCore*>(ud);
  std::size_t old = ptr ? osize : 0;  // with ptr == NULL, osize is a type tag
  char* block = ptr ? static_cast<char*>(ptr) - kHeader : nullptr;
  Owner owner = block ? reinterpret_cast<BlockHeader*>(block)->owner : c.owner;
  if (nsize == 0) {
    std::free(block);
    c.used -= old;
    c.owner_used[owner] -= old;
    return nullptr;
  }
  // Lua retries a failed allocation once after an emergency collection: only a failure that
  // is not followed by a successful retry of the same request kills the call.
  bool is_retry = c.retry.set && c.retry.ptr == ptr && c.retry.osize == osize &&
                  c.retry.nsize == nsize;
  c.retry.set = false;
  bool state_ok = c.used - old + nsize <= c.limits.memory_bytes;
  bool owner_ok = owner == kHostOwner ||
                  c.owner_used[owner] - old + nsize <= c.limits.package_memory_bytes;
  void* p = nullptr;
  if (nsize <= old || (state_ok && owner_ok)) p = std::realloc(block, nsize + kHeader);
  if (!p) {
    c.killed = true;
    c.killed_owner = state_ok ? owner : kHostOwner;
    c.retry = {ptr, osize, nsize, true};
    return nullptr;
  }
  if (is_retry) c.killed = false;
  reinterpret_cast<BlockHeader*>(p)->owner = owner;
  c.used = c.used - old + nsize;
  c.owner_used[owner] = c.owner_used[owner] - old + nsize;
  return static_cast<char*>(p) + kHeader;
}

// Threads a limit killed inside the hook keep hooks disabled (Lua does not restore them when a
// coroutine dies), so their to-be-closed variables must never be run: see sandbox_guards.cpp.
constexpr const char* kKilledKey = "opora.killed_threads";

void mark_killed(lua_State* L) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, kKilledKey) == LUA_TTABLE) {
    lua_pushthread(L);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
  }
  lua_pop(L, 1);
}

[[noreturn]] void raise_limit(lua_State* L) {
  LuaCore& c = core_of(L);
  mark_killed(L);
  // Sticky: from now on the hook fires on every instruction of this thread and raises again.
  lua_sethook(L, lua_gethook(L), LUA_MASKCOUNT, 1);
  if (c.killed) luaL_error(L, "not enough memory");
  luaL_error(L, "%s", c.tripped.c_str());
  std::abort();  // luaL_error does not return
}

// Once a limit is exceeded the hook fires on every instruction of the thread and raises again,
// so a script's pcall cannot swallow it.
void limits_hook(lua_State* L, lua_Debug*) {
  LuaCore& c = core_of(L);
  if (!c.limited()) {
    if (lua_gethookcount(L) == 1) {  // a coroutine left sticky by an earlier call
      lua_sethook(L, lua_gethook(L), LUA_MASKCOUNT, kInterval);
      return;
    }
    if (!c.spend(kInterval)) return;
    if (!c.killed) c.tripped.insert(0, lua_position(L));
  }
  raise_limit(L);
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
  auto err = run([](lua_State* s) {
    lua_newtable(s);  // weak keys: a killed coroutine is still collected
    lua_newtable(s);
    lua_pushliteral(s, "k");
    lua_setfield(s, -2, "__mode");
    lua_setmetatable(s, -2);
    lua_setfield(s, LUA_REGISTRYINDEX, kKilledKey);
    open_sandbox(s);
  });
  if (!err.empty()) {
    lua_close(L);
    throw std::runtime_error("не удалось подготовить песочницу Lua: " + err);
  }
}

LuaCore::~LuaCore() { lua_close(L); }

Owner LuaCore::owner_of(std::string_view territory) {
  auto it = owners.find(territory);
  if (it != owners.end()) return it->second;
  auto id = Owner(owner_used.size());
  owner_used.push_back(0);
  owner_names.emplace_back(territory);
  owners.emplace(std::string(territory), id);
  return id;
}

std::string LuaCore::memory_message() const {
  if (killed_owner != kHostOwner)
    return "превышен лимит памяти пакета " + owner_names[killed_owner] + " (" +
           std::to_string(limits.package_memory_bytes >> 20) + " МБ)";
  return "превышен лимит памяти (" + std::to_string(limits.memory_bytes >> 20) + " МБ)";
}

bool LuaCore::spend(std::int64_t units) {
  if (limited()) return true;
  instructions += units;
  if (run_budget) run_budget->used += units;
  if (instructions > limits.instructions) {
    tripped = "превышен лимит инструкций (" + std::to_string(limits.instructions) + ")";
  } else if (run_budget && run_budget->used > limits.run_instructions) {
    tripped = "превышен лимит инструкций на прогон критерия по территории «" +
              run_budget->territory + "» (" + std::to_string(limits.run_instructions) + ")";
  } else if (std::chrono::steady_clock::now() > deadline) {
    char secs[32];
    std::snprintf(secs, sizeof secs, "%g", limits.wall_seconds);
    tripped = std::string("превышено время выполнения (") + secs + " с)";
  } else {
    return false;
  }
  return true;
}

void charge(lua_State* L, std::int64_t units) {
  LuaCore& c = core_of(L);
  if (units < 0) units = std::numeric_limits<std::int64_t>::max() / 4;
  bool was = c.limited();
  if (!c.spend(units)) return;
  if (!was && !c.killed) c.tripped.insert(0, lua_position(L));
  raise_limit(L);
}

bool killed_by_limit(lua_State* L, int idx) {
  idx = lua_absindex(L, idx);
  lua_getfield(L, LUA_REGISTRYINDEX, kKilledKey);
  lua_pushvalue(L, idx);
  bool yes = lua_rawget(L, -2) != LUA_TNIL;
  lua_pop(L, 2);
  return yes;
}

void rethrow_limit(lua_State* L) {
  if (core_of(L).limited()) raise_limit(L);
}

std::string lua_position(lua_State* L) {
  lua_Debug ar;
  for (int level = 0; lua_getstack(L, level, &ar); ++level) {
    if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) continue;
    const char* src = ar.source[0] == '@' ? ar.source + 1 : ar.short_src;
    return std::string(src) + ":" + std::to_string(ar.currentline) + ": ";
  }
  return {};
}

void LuaCore::begin_call() {
  if (depth++ > 0) return;
  instructions = 0;
  tripped.clear();
  killed = false;
  killed_owner = kHostOwner;
  retry.set = false;
  auto span = std::chrono::duration<double>(limits.wall_seconds);
  deadline = std::chrono::steady_clock::now() +
             std::chrono::duration_cast<std::chrono::steady_clock::duration>(span);
  // A run already over its budget fails at once.
  if (run_budget && run_budget->used > limits.run_instructions) spend(0);
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
  // A limit that tripped is the call's error even if the script swallowed it and returned.
  if (status != LUA_OK || limited()) {
    if (killed || status == LUA_ERRMEM)
      err = memory_message();
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
