// C functions that loop or allocate in proportion to their arguments are charged against the
// instruction budget before they start (the VM hook cannot fire inside C): one notion, the
// budget, for a loop in Lua and for work a library function does on its behalf. A function
// whose cost depends on a length a metamethod reports (__len) asks for the length once and
// works with that value, so a second answer cannot differ from what was charged.
// The pattern functions are not here: they charge every matching step (patterns.cpp).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "lua/core.hpp"
#include "lua/sandbox_parts.hpp"

namespace opora::host {

namespace {

std::int64_t units(double work) {
  if (!(work < 1e17)) return std::int64_t(1e17);  // also NaN: more than any budget
  return work < 0 ? 0 : std::int64_t(work);
}

double str_len(lua_State* L, int i) {
  return lua_type(L, i) == LUA_TSTRING ? double(lua_rawlen(L, i)) : 0.0;
}

// Number of positions i..j (1-based, negative from the end) of a string of length len.
double span(lua_State* L, int i_arg, int j_arg, double len, lua_Integer i_default) {
  auto rel = [&](lua_Integer pos) {
    double p = double(pos);
    if (p < 0) p = len + p + 1;
    return std::clamp(p, 1.0, std::max(len, 1.0));
  };
  lua_Integer i = luaL_optinteger(L, i_arg, i_default);
  double a = rel(i), b = rel(luaL_optinteger(L, j_arg, i));
  return b >= a ? b - a + 1 : 0;
}

double bytes(double n) { return n / double(kBytesPerUnit); }

std::int64_t cost_format(lua_State* L) {
  double work = str_len(L, 1);
  std::size_t n = 0;
  const char* f = luaL_checklstring(L, 1, &n);
  double specs = 0;
  for (std::size_t i = 0; i < n; ++i) specs += f[i] == '%';
  for (int i = 2, top = lua_gettop(L); i <= top; ++i) work += 4 * str_len(L, i);  // %q doubles
  return units(bytes(work + 100 * specs) + lua_gettop(L));
}
std::int64_t cost_byte(lua_State* L) {
  return units(span(L, 2, 3, str_len(L, 1), 1));
}
std::int64_t cost_args(lua_State* L) { return lua_gettop(L); }
std::int64_t cost_bytes_of_1(lua_State* L) { return units(bytes(str_len(L, 1)) + 1); }
std::int64_t cost_scan_1(lua_State* L) { return units(str_len(L, 1) / 4 + 1); }
// string.pack / packsize: sizes written in the format ("c1000000", "!16") are bytes to write.
std::int64_t cost_pack(lua_State* L) {
  std::size_t n = 0;
  const char* f = luaL_checklstring(L, 1, &n);
  double sizes = 0, cur = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (f[i] >= '0' && f[i] <= '9') {
      cur = cur * 10 + (f[i] - '0');
    } else {
      sizes += cur;
      cur = 0;
    }
  }
  double args = 0;
  for (int i = 2, top = lua_gettop(L); i <= top; ++i) args += str_len(L, i);
  return units(double(n) + bytes(sizes + cur + args));
}
std::int64_t cost_unpack(lua_State* L) { return units(str_len(L, 1) + bytes(str_len(L, 2))); }
std::int64_t cost_codepoint(lua_State* L) { return units(span(L, 2, 3, str_len(L, 1), 1)); }
std::int64_t cost_date(lua_State* L) { return units(4 * str_len(L, 1) + 1); }
std::int64_t cost_move(lua_State* L) {
  lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
  return e >= f ? units(double(e) - double(f) + 1) : 0;
}

struct Charged {
  const char* lib;
  const char* name;
  std::int64_t (*cost)(lua_State*);
};

// Every library function whose work grows with its arguments and that is not rewritten below.
const Charged kCharged[] = {
    {"string", "format", cost_format},   {"string", "byte", cost_byte},
    {"string", "char", cost_args},       {"string", "upper", cost_bytes_of_1},
    {"string", "lower", cost_bytes_of_1}, {"string", "reverse", cost_bytes_of_1},
    {"string", "sub", cost_bytes_of_1},  {"string", "pack", cost_pack},
    {"string", "packsize", cost_pack},   {"string", "unpack", cost_unpack},
    {"utf8", "char", cost_args},         {"utf8", "codepoint", cost_codepoint},
    {"utf8", "len", cost_scan_1},        {"utf8", "offset", cost_scan_1},
    {"table", "move", cost_move},        {"os", "date", cost_date},
};

// upvalues: 1 the original function, 2 its index in kCharged
int charged_call(lua_State* L) {
  charge(L, kCharged[lua_tointeger(L, lua_upvalueindex(2))].cost(L));
  int n = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, n, LUA_MULTRET);
  return lua_gettop(L);
}

// Calls the original (upvalue 1) with the n values on top of the stack as its arguments
// (whatever lies below them is dropped); returns its results.
int call_original(lua_State* L, int n) {
  int below = lua_gettop(L) - n;
  if (below > 0) {
    lua_rotate(L, 1, -below);
    lua_settop(L, n);
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, n, LUA_MULTRET);
  return lua_gettop(L);
}

// string.rep: a result of zero bytes is answered at once (the stock loop would still run
// `n` times); otherwise n steps plus the bytes written are charged.
int charged_rep(lua_State* L) {
  std::size_t len = 0, sep = 0;
  luaL_checklstring(L, 1, &len);
  lua_Integer n = luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &sep);
  if (n <= 0 || len + sep == 0) {
    lua_pushliteral(L, "");
    return 1;
  }
  double total = double(len) * double(n) + double(sep) * double(n - 1);
  charge(L, units(double(n) + bytes(total)));
  lua_settop(L, 3);
  return call_original(L, 3);
}

// The length of table argument 1 as the stock function would take it (one __len call at most).
lua_Integer length_of(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  return luaL_len(L, 1);
}

// table.concat(t [, sep [, i [, j]]]): the bounds are fixed here, so the original does not ask
// __len again; the bytes it wrote are charged after it.
int charged_concat(lua_State* L) {
  lua_Integer i = luaL_optinteger(L, 3, 1);
  lua_Integer j = lua_isnoneornil(L, 4) ? length_of(L) : luaL_checkinteger(L, 4);
  luaL_checktype(L, 1, LUA_TTABLE);
  std::size_t sep = 0;
  luaL_optlstring(L, 2, "", &sep);
  double n = j >= i ? double(j) - double(i) + 1 : 0;
  charge(L, units(n + bytes(n * double(sep))));
  lua_settop(L, 2);
  if (lua_isnil(L, 2)) {
    lua_pop(L, 1);
    lua_pushliteral(L, "");
  }
  lua_pushinteger(L, i);
  lua_pushinteger(L, j);
  int r = call_original(L, 4);
  charge(L, units(bytes(str_len(L, 1))));
  return r;
}

// table.unpack(t [, i [, j]]): same fixing of the bounds.
int charged_unpack(lua_State* L) {
  lua_Integer i = luaL_optinteger(L, 2, 1);
  lua_Integer j = lua_isnoneornil(L, 3) ? length_of(L) : luaL_checkinteger(L, 3);
  if (j >= i) charge(L, units(double(j) - double(i) + 1));
  lua_settop(L, 1);
  lua_pushinteger(L, i);
  lua_pushinteger(L, j);
  return call_original(L, 3);
}

// table.insert(t, [pos,] value), written here: the shift loop runs over the length taken once.
int charged_insert(lua_State* L) {
  lua_Integer next = length_of(L) + 1;  // first free slot
  lua_Integer pos = next;
  switch (lua_gettop(L)) {
    case 2:
      break;
    case 3:
      pos = luaL_checkinteger(L, 2);
      // pos in [1, next]; unsigned arithmetic also rejects pos <= 0
      luaL_argcheck(L, lua_Unsigned(pos) - 1u < lua_Unsigned(next), 2, "position out of bounds");
      charge(L, units(double(next) - double(pos)));
      for (lua_Integer k = next; k > pos; --k) {  // t[k] = t[k - 1]
        lua_geti(L, 1, k - 1);
        lua_seti(L, 1, k);
      }
      break;
    default:
      return luaL_error(L, "wrong number of arguments to 'insert'");
  }
  lua_seti(L, 1, pos);  // the value is on top
  return 0;
}

// table.remove(t [, pos]), written here for the same reason.
int charged_remove(lua_State* L) {
  lua_Integer size = length_of(L);
  lua_Integer pos = luaL_optinteger(L, 2, size);
  if (pos != size)  // an explicit position must lie in [1, size + 1]
    luaL_argcheck(L, lua_Unsigned(pos) - 1u <= lua_Unsigned(size), 2, "position out of bounds");
  if (size > pos) charge(L, units(double(size) - double(pos)));
  lua_geti(L, 1, pos);  // the result
  for (; pos < size; ++pos) {
    lua_geti(L, 1, pos + 1);
    lua_seti(L, 1, pos);
  }
  lua_pushnil(L);
  lua_seti(L, 1, pos);
  return 1;
}

// table.sort: n log n comparisons are charged. The stock sort takes the length itself, so a
// table whose __len could answer differently the second time is refused.
int charged_sort(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  if (luaL_getmetafield(L, 1, "__len") != LUA_TNIL)
    return luaL_error(L, "table.sort: таблица с метаметодом __len не поддерживается");
  double n = double(lua_rawlen(L, 1));
  charge(L, units(n * std::log2(n + 2) + n));
  int top = lua_gettop(L);
  return call_original(L, top);
}

void wrap(lua_State* L, int lib, const char* name, lua_CFunction fn) {
  lua_getfield(L, lib, name);
  lua_pushcclosure(L, fn, 1);
  lua_setfield(L, lib, name);
}

}  // namespace

void charge_libraries(lua_State* L, int libs_idx) {
  libs_idx = lua_absindex(L, libs_idx);
  for (std::size_t i = 0; i < std::size(kCharged); ++i) {
    lua_getfield(L, libs_idx, kCharged[i].lib);
    int lib = lua_gettop(L);
    lua_getfield(L, lib, kCharged[i].name);
    lua_pushinteger(L, lua_Integer(i));
    lua_pushcclosure(L, charged_call, 2);
    lua_setfield(L, lib, kCharged[i].name);
    lua_pop(L, 1);
  }
  lua_getfield(L, libs_idx, "string");
  wrap(L, lua_gettop(L), "rep", charged_rep);
  install_patterns(L, -1);
  lua_pop(L, 1);
  lua_getfield(L, libs_idx, "table");
  int t = lua_gettop(L);
  wrap(L, t, "concat", charged_concat);
  wrap(L, t, "unpack", charged_unpack);
  wrap(L, t, "sort", charged_sort);
  lua_pushcfunction(L, charged_insert);
  lua_setfield(L, t, "insert");
  lua_pushcfunction(L, charged_remove);
  lua_setfield(L, t, "remove");
  lua_pop(L, 1);
}

}  // namespace opora::host
