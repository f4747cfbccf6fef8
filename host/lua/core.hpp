// Internal to host/lua: the Lua state, its limits and the protected-call protocol every entry
// from C++ into Lua goes through.
#pragma once
#include <lua.hpp>

#include <chrono>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "lua/engine.hpp"

namespace opora::host {

struct PackageLoad;  // declarations.hpp

// Largest package.lua or module a package may have (read into memory before the Lua cap applies).
constexpr std::uintmax_t kMaxScriptBytes = 4u << 20;

// The cumulative budget of one criterion run (one criterion over one region): its prepare and
// every evaluate draw on it, so a criterion cheap per call but heavy per school still stops.
struct RunBudget {
  std::int64_t used = 0;
  std::string territory;  // named in the message
};

// Memory is accounted per owner: 0 is the host (sandbox setup, run_string), every package gets
// its own id, so a package over its own cap fails only its own items.
using Owner = std::uint32_t;
constexpr Owner kHostOwner = 0;

struct LuaCore {
  explicit LuaCore(LuaLimits l);
  ~LuaCore();

  lua_State* L = nullptr;
  LuaLimits limits;
  std::recursive_mutex mutex;

  // Memory (custom allocator). Every block carries its owner in a header.
  std::size_t used = 0;
  std::vector<std::size_t> owner_used{0};  // bytes per owner
  std::vector<std::string> owner_names{""};
  std::map<std::string, Owner, std::less<>> owners;
  Owner owner = kHostOwner;  // who the allocations of the running call belong to
  bool killed = false;  // out of memory: sticky until the call ends, so pcall cannot hide it
  Owner killed_owner = kHostOwner;  // whose cap was hit (kHostOwner: the whole state's)
  struct { const void* ptr = nullptr; std::size_t osize = 0, nsize = 0; bool set = false; } retry;

  // Per-call budget (hook) and the per-run budget of the running criterion, if any.
  int depth = 0;
  std::int64_t instructions = 0;
  RunBudget* run_budget = nullptr;
  std::chrono::steady_clock::time_point deadline;
  std::string tripped;  // the limit message once a limit is exceeded in this call

  // The id of a package's memory account (created on first use).
  Owner owner_of(std::string_view territory);
  std::string memory_message() const;
  // Adds `units` of work to the budgets; on the first excess sets `tripped` (the caller adds
  // the position). Returns whether a limit is exceeded (now or earlier in this call).
  bool spend(std::int64_t units);
  bool limited() const { return killed || !tripped.empty(); }

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

// Who runs and on which budget, for the length of one entry into Lua (restored afterwards).
// Holds the state's mutex, so owner and budget are those of this caller's calls only.
struct CallScope {
  CallScope(LuaCore& c, Owner o, RunBudget* budget = nullptr)
      : lock(c.mutex), core(c), saved_owner(c.owner), saved_budget(c.run_budget) {
    c.owner = o;
    c.run_budget = budget;
  }
  ~CallScope() {
    core.owner = saved_owner;
    core.run_budget = saved_budget;
  }
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;
  std::lock_guard<std::recursive_mutex> lock;
  LuaCore& core;
  Owner saved_owner;
  RunBudget* saved_budget;
};

// Charges `units` (about one VM instruction each) of work a C function is about to do against
// the budgets, before it starts. Over budget, raises the limit error at the calling Lua line;
// the limit stays tripped until the call ends. Units: one per element, loop step or pattern
// step, one per kBytesPerUnit bytes copied.
constexpr std::int64_t kBytesPerUnit = 16;
void charge(lua_State* L, std::int64_t units);
// Raises the limit error again if a limit tripped in this call (after pcall and friends).
void rethrow_limit(lua_State* L);
// Whether the coroutine at idx was killed by a limit raised from the hook (its hook stays off).
bool killed_by_limit(lua_State* L, int idx);
// "<chunk>:<line>: " of the innermost Lua function on the stack, or "".
std::string lua_position(lua_State* L);

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
// Makes a package's environment (and its library copies) read-only after its chunk has run.
void freeze_environment(lua_State* L, int env_idx);
// Pushes a fresh environment for a package whose folder is `dir` (empty for run_string).
void push_environment(lua_State* L, const std::filesystem::path& dir);
// Loads a text chunk and sets its _ENV to the table at env_idx; pushes the function.
void load_text(lua_State* L, std::string_view code, const std::string& chunk, int env_idx);

// Raw field access for script tables read from C++ (no metamethods run).
int raw_field(lua_State* L, int idx, const char* key);  // pushes the value, returns its type

}  // namespace opora::host
