// Internal to host/lua: the Lua state, its limits and the protected-call protocol every entry
// from C++ into Lua goes through.
#pragma once
#include <lua.hpp>

#include <chrono>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "lua/engine.hpp"

namespace opora::host {

struct PackageLoad;  // declarations.hpp

struct LuaCore {
  explicit LuaCore(LuaLimits l);
  ~LuaCore();

  lua_State* L = nullptr;
  LuaLimits limits;
  std::recursive_mutex mutex;

  // Memory (custom allocator).
  std::size_t used = 0;
  bool killed = false;  // out of memory: sticky until the call ends, so pcall cannot hide it
  struct { const void* ptr = nullptr; std::size_t osize = 0, nsize = 0; bool set = false; } retry;

  // Per-call budget (hook).
  int depth = 0;
  std::int64_t instructions = 0;
  std::chrono::steady_clock::time_point deadline;
  std::string tripped;  // the limit message once a limit is exceeded in this call

  // The package being loaded (declarations are accepted only then).
  PackageLoad* loading = nullptr;
  std::filesystem::path root;  // scripts root of the current load_tree / check_tree
  std::string root_label;      // its folder name, used in chunk names and origins

  int base_ref = LUA_NOREF;  // read-only base of every environment
  std::vector<std::string> log;

  // Runs `body(L)` as a protected call under the per-call limits. Returns "" or the error.
  template <class F>
  std::string run(F&& body);

  std::string run_erased(void (*fn)(lua_State*, void*), void* ctx);
  void begin_call();
  void end_call();
};

LuaCore& core_of(lua_State* L);

// The safe shape of a C function: the body runs in a try in an inner scope; a C++ exception
// becomes a Lua error raised only after every C++ object of that scope is gone. Lua's own errors
// (not std::exception) pass through untouched.
template <class F>
int guarded(lua_State* L, F&& body) {
  {
    try {
      return body();
    } catch (const std::exception& e) {
      lua_pushstring(L, e.what());
    }
  }
  return lua_error(L);
}

template <class F>
std::string LuaCore::run(F&& body) {
  using Fn = std::remove_reference_t<F>;
  return run_erased([](lua_State* L, void* ctx) { (*static_cast<Fn*>(ctx))(L); },
                    static_cast<void*>(&body));
}

// Error text from a Lua value without running script code (__tostring is not called).
std::string error_text(lua_State* L, int idx);
// "file:line: msg" -> "file:line: <label>: msg"; a message without a position gets `origin`.
std::string decorate(std::string_view msg, std::string_view origin, std::string_view label);
// "<chunk>:<line>" of the Lua function calling the current C function (level 1).
std::string caller_position(lua_State* L, int level = 1);

// sandbox.cpp
void open_sandbox(lua_State* L);  // libraries, patched string table, base table
// Pushes a fresh environment for a package whose folder is `dir` (empty for run_string).
void push_environment(lua_State* L, const std::filesystem::path& dir);
// Loads a text chunk and sets its _ENV to the table at env_idx; pushes the function.
void load_text(lua_State* L, std::string_view code, const std::string& chunk, int env_idx);

// Raw field access for script tables read from C++ (no metamethods run).
int raw_field(lua_State* L, int idx, const char* key);  // pushes the value, returns its type

}  // namespace opora::host
