// section{}: the C++ side of a report section written in Lua, and the conversion of the blocks
// it returns (plain Lua tables) into JSON for the report's block checker (report/section_blocks).
#include <cmath>
#include <stdexcept>
#include <string>

#include "lua/core.hpp"
#include "lua/lua_items.hpp"
#include "lua/views.hpp"

namespace opora::host {

void push_json(lua_State* L, const nlohmann::json& v) {
  luaL_checkstack(L, 4, "данные раздела слишком глубоко вложены");
  switch (v.type()) {
    case nlohmann::json::value_t::null: lua_pushnil(L); break;
    case nlohmann::json::value_t::boolean: lua_pushboolean(L, v.get<bool>()); break;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: lua_pushinteger(L, v.get<lua_Integer>()); break;
    case nlohmann::json::value_t::number_float: lua_pushnumber(L, v.get<double>()); break;
    case nlohmann::json::value_t::string: {
      const auto& s = v.get_ref<const std::string&>();
      lua_pushlstring(L, s.data(), s.size());
      break;
    }
    case nlohmann::json::value_t::array: {
      lua_createtable(L, int(v.size()), 0);
      lua_Integer i = 0;
      for (const auto& e : v) {
        push_json(L, e);
        lua_rawseti(L, -2, ++i);  // a null leaves a hole, as nil does in Lua
      }
      break;
    }
    case nlohmann::json::value_t::object: {
      lua_createtable(L, 0, int(v.size()));
      for (const auto& [k, e] : v.items()) {
        push_json(L, e);
        lua_setfield(L, -2, k.c_str());
      }
      break;
    }
    default: lua_pushnil(L);
  }
}

nlohmann::json lua_to_json(lua_State* L, int idx, int depth) {
  idx = lua_absindex(L, idx);
  if (depth > 32) luaL_error(L, "блоки раздела вложены глубже 32 уровней");
  switch (lua_type(L, idx)) {
    case LUA_TNIL: return nullptr;
    case LUA_TBOOLEAN: return bool(lua_toboolean(L, idx));
    case LUA_TNUMBER: {
      if (lua_isinteger(L, idx)) return std::int64_t(lua_tointeger(L, idx));
      double d = lua_tonumber(L, idx);
      if (!std::isfinite(d)) luaL_error(L, "в блоке раздела число %f не является конечным", d);
      return d;
    }
    case LUA_TSTRING: {
      std::size_t n = 0;
      const char* s = lua_tolstring(L, idx, &n);
      return std::string(s, n);
    }
    case LUA_TTABLE: {
      luaL_checkstack(L, 4, "блоки раздела слишком глубоко вложены");
      // An array when it has a border n > 0 and nothing but 1..n; a nil inside (rawlen counts
      // to the last value of a constructor) becomes null.
      auto n = lua_Integer(lua_rawlen(L, idx));
      bool array = n > 0, object = false;
      lua_pushnil(L);
      while (lua_next(L, idx)) {
        if (lua_type(L, -2) == LUA_TSTRING) {
          object = true;
        } else if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1 ||
                   lua_tointeger(L, -2) > n) {
          lua_pop(L, 2);
          luaL_error(L, "в блоке раздела ключ типа %s: нужны строки или индексы 1..n",
                     luaL_typename(L, -2));
        }
        lua_pop(L, 1);
      }
      if (array && object) luaL_error(L, "таблица блока смешивает массив и поля с именами");
      if (!array && !object) return nlohmann::json::array();
      if (array) {
        nlohmann::json out = nlohmann::json::array();
        for (lua_Integer i = 1; i <= n; ++i) {
          lua_rawgeti(L, idx, i);
          out.push_back(lua_to_json(L, -1, depth + 1));
          lua_pop(L, 1);
        }
        return out;
      }
      nlohmann::json out = nlohmann::json::object();
      lua_pushnil(L);
      while (lua_next(L, idx)) {
        std::size_t kn = 0;
        const char* k = lua_tolstring(L, -2, &kn);
        out[std::string(k, kn)] = lua_to_json(L, -1, depth + 1);
        lua_pop(L, 1);
      }
      return out;
    }
    default:
      return luaL_error(L, "значение типа %s нельзя поместить в блок раздела",
                        luaL_typename(L, idx)),
             nullptr;
  }
}

std::string LuaSection::build(const SectionContext& ctx) const {
  std::string out;
  // The same budget and sandbox as a criterion or an indicator formula.
  CallScope scope(build_->engine->core(), spec_.owner);
  auto err = build_->engine->core().run([&](lua_State* L) {
    RunView* rv = push_run(L, ctx.data(), ctx.year(), "", {});
    CtxView* cv = push_indicator_context(L, ctx, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, build_->ref);
    lua_pushvalue(L, 2);
    int status = lua_pcall(L, 1, 1, 0);
    rv->alive = false;
    cv->alive = false;
    if (status != LUA_OK) lua_error(L);
    if (lua_type(L, -1) != LUA_TTABLE)
      luaL_error(L, "build должен вернуть массив блоков, получено %s", luaL_typename(L, -1));
    out = lua_to_json(L, -1).dump();
  });
  if (!err.empty())
    throw std::runtime_error(decorate(err, spec_.origin, "раздел «" + spec_.id + "»"));
  return out;
}

}  // namespace opora::host
