// Length and complexity caps on the pattern functions and string.rep. The VM hook cannot fire
// inside a C function, so a backtracking pattern or a huge rep must be refused before it runs.
#include <cmath>
#include <cstring>

#include "lua/core.hpp"
#include "lua/sandbox_parts.hpp"

namespace opora::host {

namespace {

// Backtracking of k quantified items over n characters costs up to C(n + k, k) steps; patterns
// with one quantifier are bounded by the subject cap alone.
constexpr double kMaxPatternSteps = 1e11;

std::size_t skip_set(std::string_view p, std::size_t i) {  // p[i] == '['
  std::size_t j = i + 1;
  if (j < p.size() && p[j] == '^') ++j;
  do {  // the first character of a set may be ']'
    if (j >= p.size()) break;
    j += (p[j] == '%') ? 2 : 1;
  } while (j < p.size() && p[j] != ']');
  return j + 1;
}

int count_quantifiers(std::string_view p) {
  int k = 0;
  std::size_t i = (!p.empty() && p[0] == '^') ? 1 : 0;
  while (i < p.size()) {
    char c = p[i];
    if (c == '(' || c == ')') {
      ++i;
      continue;
    }
    if (c == '%' && i + 1 < p.size() && p[i + 1] == 'b') {
      i += 4;
      continue;
    }
    if (c == '%' && i + 1 < p.size() && p[i + 1] == 'f') {
      i += 2;
      if (i < p.size() && p[i] == '[') i = skip_set(p, i);
      continue;
    }
    if (c == '%')
      i += 2;
    else if (c == '[')
      i = skip_set(p, i);
    else
      ++i;
    if (i < p.size() && p[i] != 0 && std::strchr("*+-?", p[i])) {
      ++k;
      ++i;
    }
  }
  return k;
}

bool too_complex(std::size_t n, int k) {
  if (k < 2) return false;
  double log_steps = std::lgamma(double(n + k) + 1) - std::lgamma(double(k) + 1) -
                     std::lgamma(double(n) + 1);
  return log_steps > std::log(kMaxPatternSteps);
}

// Checks subject and pattern of a pattern function, then calls the original (upvalue 1) with
// the same arguments. `name` is for messages.
int capped(lua_State* L, const char* name, bool plain_allowed) {
  std::size_t n = 0, m = 0;
  luaL_checklstring(L, 1, &n);
  const char* pat = luaL_checklstring(L, 2, &m);
  const auto& lim = core_of(L).limits;
  if (n > lim.max_pattern_subject)
    return luaL_error(L, "%s: строка длиннее %d символов", name, int(lim.max_pattern_subject));
  if (m > lim.max_pattern)
    return luaL_error(L, "%s: шаблон длиннее %d символов", name, int(lim.max_pattern));
  bool plain = plain_allowed && lua_toboolean(L, 4);
  if (!plain) {
    int k = count_quantifiers(std::string_view(pat, m));
    if (too_complex(n, k))
      return luaL_error(L, "%s: шаблон слишком сложен (%d квантификаторов на строке длиной %d)",
                        name, k, int(n));
  }
  int args = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, args, LUA_MULTRET);
  return lua_gettop(L);
}

int cap_find(lua_State* L) { return capped(L, "string.find", true); }
int cap_match(lua_State* L) { return capped(L, "string.match", false); }
int cap_gmatch(lua_State* L) { return capped(L, "string.gmatch", false); }
int cap_gsub(lua_State* L) { return capped(L, "string.gsub", false); }

// string.rep may not build a string larger than an eighth of the memory cap.
int cap_rep(lua_State* L) {
  std::size_t len = 0, sep = 0;
  luaL_checklstring(L, 1, &len);
  lua_Integer times = luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &sep);
  double total = times > 0 ? double(len) * double(times) + double(sep) * double(times - 1) : 0;
  double cap = double(core_of(L).limits.memory_bytes) / 8;
  if (total > cap)
    return luaL_error(L, "string.rep: результат слишком велик (%f байт, допустимо %I)", total,
                      lua_Integer(cap));
  int args = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, args, 1);
  return 1;
}

void wrap(lua_State* L, int idx, const char* name, lua_CFunction fn) {
  lua_getfield(L, idx, name);
  lua_pushcclosure(L, fn, 1);
  lua_setfield(L, idx, name);
}

}  // namespace

void patch_string_library(lua_State* L, int idx) {
  idx = lua_absindex(L, idx);
  wrap(L, idx, "find", cap_find);
  wrap(L, idx, "match", cap_match);
  wrap(L, idx, "gmatch", cap_gmatch);
  wrap(L, idx, "gsub", cap_gsub);
  wrap(L, idx, "rep", cap_rep);
}

}  // namespace opora::host
