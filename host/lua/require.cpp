// require inside the scripts tree: "lib.results" is lib/results.lua in the package's own folder,
// else under the scripts root. Names are dotted identifiers only, so "..", "/" and absolute
// paths cannot be written; symlinks leading out of the tree are refused after resolution.
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "lua/core.hpp"
#include "lua/declarations.hpp"
#include "lua/sandbox_parts.hpp"

namespace opora::host {

namespace {

constexpr std::uintmax_t kMaxModuleBytes = 4u << 20;
// Modules requiring modules nest C calls; past this depth the error names the module instead of
// Lua's anonymous "C stack overflow" (which comes at about 200 nested C calls).
constexpr int kMaxRequireDepth = 40;
char loading_marker;  // address used as the "being loaded" value in the cache
char depth_key;       // registry key of the current nesting depth of require

bool valid_module_name(std::string_view name) {
  if (name.empty() || name.size() > 200 || name.front() == '.' || name.back() == '.') return false;
  char prev = 0;
  for (char c : name) {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_';
    if (!word && c != '.') return false;
    if (c == '.' && prev == '.') return false;
    prev = c;
  }
  return true;
}

struct Module {
  std::string code;
  std::string chunk;  // "@<root label>/<relative path>"
};

// Finds and reads the module file; throws with a Russian message.
Module find_module(const LuaCore& c, std::string_view name, const std::filesystem::path& dir) {
  std::string rel(name);
  for (auto& ch : rel)
    if (ch == '.') ch = '/';
  rel += ".lua";
  // Rule tests are data for `opora test`, not code a package may run.
  for (const auto& part : std::filesystem::path(rel))
    if (part.string() == kTestsFolder)
      throw std::runtime_error("require \"" + std::string(name) +
                               "\": модули из папки tests/ — это тесты правил, их нельзя "
                               "подключать (их запускает opora test)");
  for (const auto& base : {dir, c.root}) {
    if (base.empty()) continue;
    auto file = base / rel;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) continue;
    if (!inside_tree(file, c.root))
      throw std::runtime_error("require \"" + std::string(name) + "\": файл вне дерева скриптов");
    if (std::filesystem::file_size(file, ec) > kMaxModuleBytes)
      throw std::runtime_error("require \"" + std::string(name) + "\": файл слишком велик");
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    auto shown = std::filesystem::path(c.root_label) /
                 std::filesystem::weakly_canonical(file).lexically_relative(
                     std::filesystem::weakly_canonical(c.root));
    return {text.str(), "@" + shown.generic_string()};
  }
  throw std::runtime_error("require \"" + std::string(name) +
                           "\": модуль не найден ни в папке пакета, ни в корне скриптов");
}

// upvalues: 1 environment, 2 cache of loaded modules, 3 package folder (string)
int sandbox_require(lua_State* L) {
  std::size_t len = 0;
  const char* name = luaL_checklstring(L, 1, &len);
  if (!valid_module_name(std::string_view(name, len)))
    return luaL_error(L, "require \"%s\": недопустимое имя модуля (только слова через точку, "
                         "без \"..\", \"/\" и абсолютных путей)", name);
  lua_settop(L, 1);
  if (lua_getfield(L, lua_upvalueindex(2), name) != LUA_TNIL) {
    if (lua_touserdata(L, -1) == &loading_marker)
      return luaL_error(L, "require \"%s\": циклическая зависимость модулей", name);
    return 1;
  }
  lua_pop(L, 1);
  guarded(L, [&] {  // C++ objects live only in here; Lua errors are raised after
    Module m = find_module(core_of(L), std::string_view(name, len),
                           std::filesystem::path(lua_tostring(L, lua_upvalueindex(3))));
    // A module read while its package loads is part of that package's rules (Origin::source).
    if (auto* pk = core_of(L).loading) pk->sources += m.code + '\x1e';
    lua_pushlstring(L, m.code.data(), m.code.size());
    lua_pushlstring(L, m.chunk.data(), m.chunk.size());
    return 0;
  });
  std::size_t code_len = 0;
  const char* code = lua_tolstring(L, 2, &code_len);
  if (luaL_loadbufferx(L, code, code_len, lua_tostring(L, 3), "t") != LUA_OK) return lua_error(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_setupvalue(L, -2, 1);
  lua_rawgetp(L, LUA_REGISTRYINDEX, &depth_key);
  lua_Integer depth = lua_tointeger(L, -1);
  lua_pop(L, 1);
  if (depth >= kMaxRequireDepth)
    return luaL_error(L, "require \"%s\": слишком глубокая вложенность модулей (более %d)", name,
                      kMaxRequireDepth);
  lua_pushinteger(L, depth + 1);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &depth_key);
  lua_pushlightuserdata(L, &loading_marker);
  lua_setfield(L, lua_upvalueindex(2), name);
  lua_pushvalue(L, 1);
  // Protected, so that a failed module leaves no "being loaded" mark behind: after
  // pcall(require, "bad"), require "bad" runs it again instead of reporting a cycle.
  int status = lua_pcall(L, 1, 1, 0);
  lua_pushinteger(L, depth);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &depth_key);
  if (status != LUA_OK) {
    lua_pushnil(L);
    lua_setfield(L, lua_upvalueindex(2), name);
    return lua_error(L);  // the module's own error, as it was raised
  }
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, lua_upvalueindex(2), name);
  return 1;
}

}  // namespace

bool inside_tree(const std::filesystem::path& file, const std::filesystem::path& root) {
  std::error_code ec;
  auto f = std::filesystem::canonical(file, ec);
  if (ec) return false;
  auto r = std::filesystem::canonical(root, ec);
  if (ec) return false;
  auto rel = f.lexically_relative(r);
  return !rel.empty() && *rel.begin() != "..";
}

void push_require(lua_State* L, int env_idx, const std::filesystem::path& dir) {
  env_idx = lua_absindex(L, env_idx);
  lua_pushvalue(L, env_idx);
  lua_newtable(L);
  lua_pushstring(L, dir.string().c_str());
  lua_pushcclosure(L, sandbox_require, 3);
}

}  // namespace opora::host
