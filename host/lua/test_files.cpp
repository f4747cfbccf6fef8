// Rule test files: scripts/<territory>/tests/*.lua declare cases with case{...}; the host reads
// them here into JSON and runs them itself (engine/rule_tests.cpp). A test file is sandboxed like
// a package (same limits, its own environment) but declares nothing: case{} is all it may call.
#include <fstream>
#include <sstream>

#include "lua/core.hpp"
#include "lua/engine.hpp"
#include "lua/sandbox_parts.hpp"
#include "lua/values.hpp"

namespace opora::host {

namespace {

constexpr int kMaxDepth = 16;              // fixtures are shallow: case → results → row → field
constexpr std::size_t kMaxValues = 200'000;  // values of all cases of one file

struct Collected {
  std::vector<nlohmann::json> cases;
  std::size_t values = 0;
};

nlohmann::json to_json(lua_State* L, int idx, int depth, Collected& out, const std::string& path);

nlohmann::json table_to_json(lua_State* L, int idx, int depth, Collected& out,
                             const std::string& path) {
  idx = lua_absindex(L, idx);
  if (depth > kMaxDepth)
    luaL_error(L, "case{}: %s: вложенность таблиц больше %d", path.c_str(), kMaxDepth);
  lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, idx));
  // A list when every key is 1..n; otherwise a record with string keys.
  bool list = true;
  std::size_t keys = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    ++keys;
    if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1 || lua_tointeger(L, -2) > n)
      list = false;
    lua_pop(L, 1);
  }
  if (list && keys == static_cast<std::size_t>(n)) {
    auto arr = nlohmann::json::array();
    for (lua_Integer i = 1; i <= n; ++i) {
      lua_rawgeti(L, idx, i);
      arr.push_back(to_json(L, -1, depth + 1, out, path + "[" + std::to_string(i) + "]"));
      lua_pop(L, 1);
    }
    return arr;
  }
  auto obj = nlohmann::json::object();
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_error(L, "case{}: %s: ключи таблицы — либо строки, либо номера 1..n подряд",
                 path.c_str());
    std::string key = lua_tostring(L, -2);
    obj[key] = to_json(L, -1, depth + 1, out, path.empty() ? key : path + "." + key);
    lua_pop(L, 1);
  }
  return obj;
}

nlohmann::json to_json(lua_State* L, int idx, int depth, Collected& out, const std::string& path) {
  auto& core = core_of(L);
  if (++out.values > kMaxValues)
    luaL_error(L, "case{}: в файле больше %d значений", static_cast<int>(kMaxValues));
  if (core.spend(1)) luaL_error(L, "%s", core.tripped.c_str());
  switch (lua_type(L, idx)) {
    case LUA_TSTRING: {
      std::size_t len = 0;
      const char* s = lua_tolstring(L, idx, &len);
      return std::string(s, len);
    }
    case LUA_TNUMBER:
      if (lua_isinteger(L, idx)) return static_cast<std::int64_t>(lua_tointeger(L, idx));
      return checked_finite(L, idx, ("case{}: " + path).c_str());
    case LUA_TBOOLEAN:
      return static_cast<bool>(lua_toboolean(L, idx));
    case LUA_TTABLE:
      return table_to_json(L, idx, depth, out, path);
    default:
      luaL_error(L, "case{}: %s: значение типа %s (допустимы строки, числа, логические "
                    "значения и таблицы)", path.c_str(), luaL_typename(L, idx));
  }
  return nullptr;
}

// case{...}: upvalue 1 is the Collected of the file being read.
int case_function(lua_State* L) {
  auto* out = static_cast<Collected*>(lua_touserdata(L, lua_upvalueindex(1)));
  luaL_checktype(L, 1, LUA_TTABLE);
  auto position = caller_position(L);
  auto value = table_to_json(L, 1, 0, *out, "");
  if (!value.is_object())
    luaL_error(L, "case{}: ожидалась таблица с полями name, year, schools, ..., expect");
  auto colon = position.rfind(':');
  value["line"] = colon == std::string::npos ? 0 : std::atoi(position.c_str() + colon + 1);
  out->cases.push_back(std::move(value));
  return 0;
}

}  // namespace

LuaEngine::TestCases LuaEngine::read_test_file(const std::filesystem::path& root,
                                               const std::filesystem::path& file) {
  namespace fs = std::filesystem;
  std::lock_guard lock(core_->mutex);
  TestCases result;
  std::error_code ec;
  core_->root = fs::weakly_canonical(root, ec);
  if (ec) core_->root = root;
  core_->root_label = core_->root.filename().string();
  auto canonical = fs::weakly_canonical(file, ec);
  auto label = (fs::path(core_->root_label) / canonical.lexically_relative(core_->root))
                   .generic_string();
  if (!inside_tree(file, core_->root)) {
    result.error = label + ": файл теста ведёт за пределы дерева скриптов";
    return result;
  }
  auto size = fs::file_size(file, ec);
  if (!ec && size > kMaxScriptBytes) {
    result.error = label + ": файл слишком велик";
    return result;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    result.error = label + ": не удалось прочитать файл";
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string code = text.str();
  Collected collected;
  core_->loading = nullptr;  // declarations refuse to run: a test registers nothing
  // Its own memory account, as a package has: a heavy test file fails alone.
  CallScope scope(*core_, core_->owner_of("test:" + label));
  auto err = core_->run([&](lua_State* L) {
    push_environment(L, file.parent_path());
    lua_pushstring(L, "case");
    lua_pushlightuserdata(L, &collected);
    lua_pushcclosure(L, case_function, 1);
    lua_rawset(L, -3);
    load_text(L, code, "@" + label, -1);
    lua_call(L, 0, 0);
  });
  if (!err.empty()) {
    result.error = decorate(err, label, "тест");
    return result;
  }
  result.cases = std::move(collected.cases);
  return result;
}

}  // namespace opora::host
