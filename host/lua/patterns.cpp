// string.find / match / gmatch / gsub for the sandbox: the Lua 5.4 pattern language with the
// stock results, implemented here from the reference manual so that every matching step is
// charged against the instruction budget (charge() in core.hpp). The stock matcher runs in C
// with the VM hook silent, and no estimate made before it starts can tell a pathological
// pattern from gsub("%s+", " ") on a long text; counting the steps as they happen can, so a
// runaway pattern stops with the same budget error as a runaway loop.
//
// The matcher holds only plain data: a Lua error (limit, malformed pattern) may unwind it with
// longjmp at any step.
#include <cctype>
#include <cstring>

#include "lua/core.hpp"
#include "lua/sandbox_parts.hpp"

namespace opora::host {

namespace {

constexpr int kMaxCaptures = 32;              // as LUA_MAXCAPTURES
constexpr int kMaxDepth = 200;                // nested matcher calls (C stack), as in Lua
constexpr std::ptrdiff_t kOpen = -1;          // capture started and not yet closed
constexpr std::ptrdiff_t kPosition = -2;      // "()" captures a position
constexpr std::int64_t kChargeEvery = 4096;   // steps counted locally between charges
constexpr const char* kSpecials = "^$*+?.([%-";

unsigned char uc(char c) { return static_cast<unsigned char>(c); }

// One single-character class: %a, %d, ... (upper case = complement); any other char is literal.
bool class_match(unsigned char c, unsigned char cl) {
  bool r = false;
  switch (std::tolower(cl)) {
    case 'a': r = std::isalpha(c); break;
    case 'c': r = std::iscntrl(c); break;
    case 'd': r = std::isdigit(c); break;
    case 'g': r = std::isgraph(c); break;
    case 'l': r = std::islower(c); break;
    case 'p': r = std::ispunct(c); break;
    case 's': r = std::isspace(c); break;
    case 'u': r = std::isupper(c); break;
    case 'w': r = std::isalnum(c); break;
    case 'x': r = std::isxdigit(c); break;
    case 'z': r = c == 0; break;  // deprecated in the manual, still accepted by Lua 5.4
    default: return cl == c;
  }
  return std::isupper(cl) ? !r : r;
}

// A set "[...]": `open` points at '[', `close` at its closing ']'.
bool set_match(unsigned char c, const char* open, const char* close) {
  const char* p = open + 1;
  bool want = true;
  if (*p == '^') {
    want = false;
    ++p;
  }
  for (; p < close; ++p) {
    if (*p == '%') {
      ++p;
      if (class_match(c, uc(*p))) return want;
    } else if (p[1] == '-' && p + 2 < close) {
      if (uc(p[0]) <= c && c <= uc(p[2])) return want;
      p += 2;
    } else if (uc(*p) == c) {
      return want;
    }
  }
  return !want;
}

struct Matcher {
  lua_State* L;
  const char* fn;  // "string.find", ... for messages
  const char* s0;
  const char* s_end;
  const char* p_end;
  int depth = 0;
  int ncap = 0;
  struct {
    const char* at;
    std::ptrdiff_t len;
  } cap[kMaxCaptures];
  std::int64_t steps = 0;

  Matcher(lua_State* l, const char* name, const char* s, std::size_t ls, const char* p,
          std::size_t lp)
      : L(l), fn(name), s0(s), s_end(s + ls), p_end(p + lp) {}

  void step(std::int64_t n = 1) {
    steps += n;
    if (steps >= kChargeEvery) flush();
  }
  void flush() {
    std::int64_t n = steps;
    steps = 0;
    charge(L, n);
  }
  void reset() {
    depth = 0;
    ncap = 0;
  }
  [[noreturn]] void fail(const char* msg) {
    luaL_error(L, "%s: %s", fn, msg);
    std::abort();
  }
  [[noreturn]] void bad_index(int i) {
    luaL_error(L, "%s: неверный номер захвата %%%d", fn, i);
    std::abort();
  }

  // The end of the single-character class starting at p.
  const char* class_end(const char* p) {
    char c = *p++;
    if (c == '%') {
      if (p >= p_end) fail("некорректный шаблон (оканчивается на «%»)");
      return p + 1;
    }
    if (c == '[') {
      if (p < p_end && *p == '^') ++p;
      do {  // the first character of a set is taken literally, even ']'
        if (p >= p_end) fail("некорректный шаблон (нет закрывающей «]»)");
        if (*p++ == '%' && p < p_end) ++p;
      } while (p >= p_end || *p != ']');
      return p + 1;
    }
    return p;
  }

  bool single(const char* s, const char* p, const char* ep) const {
    if (s >= s_end) return false;
    unsigned char c = uc(*s);
    switch (*p) {
      case '.': return true;
      case '%': return class_match(c, uc(p[1]));
      case '[': return set_match(c, p, ep - 1);
      default: return uc(*p) == c;
    }
  }

  const char* match(const char* s, const char* p) {
    if (++depth > kMaxDepth) fail("шаблон слишком сложен");
    const char* r = match_here(s, p);
    --depth;
    return r;
  }

  // Matches pattern p at s; returns the end of the match or nullptr. Tail positions loop
  // instead of recursing, so depth grows with quantifiers and captures only.
  const char* match_here(const char* s, const char* p) {
    while (true) {
      step();
      if (p == p_end) return s;
      switch (*p) {
        case '(':
          if (p + 1 < p_end && p[1] == ')') return open_capture(s, p + 2, kPosition);
          return open_capture(s, p + 1, kOpen);
        case ')':
          return close_capture(s, p + 1);
        case '$':
          if (p + 1 == p_end) return s == s_end ? s : nullptr;
          break;
        case '%':
          if (p + 1 < p_end && p[1] == 'b') {
            s = balance(s, p + 2);
            if (!s) return nullptr;
            p += 4;
            continue;
          }
          if (p + 1 < p_end && p[1] == 'f') {
            p += 2;
            if (p >= p_end || *p != '[') fail("после %f в шаблоне нужна «[»");
            const char* ep = class_end(p);
            unsigned char before = s == s0 ? 0 : uc(s[-1]);
            unsigned char here = s < s_end ? uc(*s) : 0;
            if (set_match(before, p, ep - 1) || !set_match(here, p, ep - 1)) return nullptr;
            p = ep;
            continue;
          }
          if (p + 1 < p_end && std::isdigit(uc(p[1]))) {
            s = back_reference(s, p[1]);
            if (!s) return nullptr;
            p += 2;
            continue;
          }
          break;
        default:
          break;
      }
      const char* ep = class_end(p);
      char q = ep < p_end ? *ep : '\0';
      if (!single(s, p, ep)) {
        if (q == '*' || q == '?' || q == '-') {  // zero repetitions are fine
          p = ep + 1;
          continue;
        }
        return nullptr;
      }
      switch (q) {
        case '?': {
          if (const char* r = match(s + 1, ep + 1)) return r;
          p = ep + 1;
          continue;
        }
        case '+': return greedy(s + 1, p, ep);
        case '*': return greedy(s, p, ep);
        case '-': return lazy(s, p, ep);
        default:
          ++s;
          p = ep;
          continue;
      }
    }
  }

  // Longest run first, then shorter ones.
  const char* greedy(const char* s, const char* p, const char* ep) {
    std::ptrdiff_t n = 0;
    while (single(s + n, p, ep)) {
      ++n;
      step();
    }
    for (; n >= 0; --n)
      if (const char* r = match(s + n, ep + 1)) return r;
    return nullptr;
  }

  // Shortest run first, one more character at a time.
  const char* lazy(const char* s, const char* p, const char* ep) {
    while (true) {
      if (const char* r = match(s, ep + 1)) return r;
      if (!single(s, p, ep)) return nullptr;
      ++s;
    }
  }

  const char* open_capture(const char* s, const char* p, std::ptrdiff_t what) {
    if (ncap >= kMaxCaptures) fail("слишком много захватов");
    cap[ncap].at = s;
    cap[ncap].len = what;
    ++ncap;
    const char* r = match(s, p);
    if (!r) --ncap;
    return r;
  }

  const char* close_capture(const char* s, const char* p) {
    int l = ncap - 1;
    while (l >= 0 && cap[l].len != kOpen) --l;
    if (l < 0) fail("некорректный шаблон (лишняя «)»)");
    cap[l].len = s - cap[l].at;
    const char* r = match(s, p);
    if (!r) cap[l].len = kOpen;
    return r;
  }

  const char* balance(const char* s, const char* p) {
    if (p + 1 >= p_end) fail("некорректный шаблон (у %b нет двух символов)");
    if (s >= s_end || *s != p[0]) return nullptr;
    int level = 1;
    while (++s < s_end) {
      step();
      if (*s == p[1]) {
        if (--level == 0) return s + 1;
      } else if (*s == p[0]) {
        ++level;
      }
    }
    return nullptr;
  }

  const char* back_reference(const char* s, char digit) {
    int l = digit - '1';
    if (l < 0 || l >= ncap || cap[l].len == kOpen) bad_index(l + 1);
    if (cap[l].len == kPosition) return nullptr;  // a position is no text to repeat
    auto len = std::size_t(cap[l].len);
    step(std::int64_t(len / kBytesPerUnit));
    if (std::size_t(s_end - s) >= len && std::memcmp(cap[l].at, s, len) == 0) return s + len;
    return nullptr;
  }

  // Capture i as text (returns false) or as a position pushed on the stack (returns true);
  // with no captures, capture 0 is the whole match s..e.
  bool capture(int i, const char* s, const char* e, const char** text, std::size_t* len) {
    if (i >= ncap) {
      if (i != 0) bad_index(i + 1);
      *text = s;
      *len = std::size_t(e - s);
      return false;
    }
    if (cap[i].len == kOpen) fail("незавершённый захват");
    if (cap[i].len == kPosition) {
      lua_pushinteger(L, cap[i].at - s0 + 1);
      return true;
    }
    *text = cap[i].at;
    *len = std::size_t(cap[i].len);
    return false;
  }

  void push_capture(int i, const char* s, const char* e) {
    const char* text = nullptr;
    std::size_t len = 0;
    if (!capture(i, s, e, &text, &len)) lua_pushlstring(L, text, len);
  }

  // Pushes every capture (the whole match when there are none, unless s is null); returns
  // how many.
  int push_captures(const char* s, const char* e) {
    int n = (ncap == 0 && s) ? 1 : ncap;
    luaL_checkstack(L, n, "слишком много захватов");
    for (int i = 0; i < n; ++i) push_capture(i, s, e);
    return n;
  }
};

// A 1-based start position from a Lua argument (negative counts from the end), at least 1.
std::size_t start_index(lua_Integer pos, std::size_t len) {
  if (pos > 0) return std::size_t(pos);
  if (pos == 0 || pos < -lua_Integer(len)) return 1;
  return len - std::size_t(-pos) + 1;
}

bool has_specials(const char* p, std::size_t lp) {
  for (std::size_t i = 0; i < lp; ++i)
    if (p[i] != 0 && std::strchr(kSpecials, p[i])) return true;
  return false;
}

// Plain substring search, charged by the bytes it compares.
const char* plain_find(lua_State* L, const char* s, std::size_t n, const char* p, std::size_t m) {
  if (m == 0) return s;
  if (m > n) return nullptr;
  charge(L, std::int64_t(n / kBytesPerUnit) + 1);
  const char* last = s + (n - m);
  std::int64_t steps = 0;
  for (const char* at = s; at <= last; ++at) {
    at = static_cast<const char*>(std::memchr(at, p[0], std::size_t(last - at) + 1));
    if (!at) return nullptr;
    steps += 1 + std::int64_t(m / kBytesPerUnit);
    if (steps >= kChargeEvery) {
      charge(L, steps);
      steps = 0;
    }
    if (std::memcmp(at + 1, p + 1, m - 1) == 0) return at;
  }
  return nullptr;
}

const char* check_pattern(lua_State* L, const char* fn, std::size_t* lp) {
  const char* p = luaL_checklstring(L, 2, lp);
  auto max = core_of(L).limits.max_pattern;
  if (*lp > max) luaL_error(L, "%s: шаблон длиннее %d символов", fn, int(max));
  return p;
}

int find_or_match(lua_State* L, bool find) {
  const char* fn = find ? "string.find" : "string.match";
  std::size_t ls = 0, lp = 0;
  const char* s = luaL_checklstring(L, 1, &ls);
  const char* p = check_pattern(L, fn, &lp);
  std::size_t init = start_index(luaL_optinteger(L, 3, 1), ls);
  if (init > ls + 1) {
    luaL_pushfail(L);
    return 1;
  }
  if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
    if (const char* hit = plain_find(L, s + init - 1, ls - init + 1, p, lp)) {
      lua_pushinteger(L, hit - s + 1);
      lua_pushinteger(L, lua_Integer(hit - s + lp));
      return 2;
    }
    luaL_pushfail(L);
    return 1;
  }
  bool anchor = lp > 0 && *p == '^';
  Matcher m(L, fn, s, ls, p + anchor, lp - anchor);
  const char* at = s + init - 1;
  do {
    m.reset();
    if (const char* e = m.match(at, p + anchor)) {
      m.flush();
      if (!find) return m.push_captures(at, e);
      lua_pushinteger(L, at - s + 1);
      lua_pushinteger(L, e - s);
      return m.push_captures(nullptr, nullptr) + 2;
    }
  } while (at++ < m.s_end && !anchor);
  m.flush();
  luaL_pushfail(L);
  return 1;
}

int str_find(lua_State* L) { return find_or_match(L, true); }
int str_match(lua_State* L) { return find_or_match(L, false); }

// gmatch state: where the next search starts and where the last match ended (a match may not
// be empty right where the previous one ended).
struct GmatchState {
  std::size_t next;
  std::size_t last;
  bool has_last;
};

int gmatch_step(lua_State* L) {
  std::size_t ls = 0, lp = 0;
  const char* s = lua_tolstring(L, lua_upvalueindex(1), &ls);
  const char* p = lua_tolstring(L, lua_upvalueindex(2), &lp);
  auto* st = static_cast<GmatchState*>(lua_touserdata(L, lua_upvalueindex(3)));
  Matcher m(L, "string.gmatch", s, ls, p, lp);
  for (std::size_t at = st->next; at <= ls; ++at) {
    m.reset();
    const char* e = m.match(s + at, p);
    if (e && !(st->has_last && std::size_t(e - s) == st->last)) {
      st->next = st->last = std::size_t(e - s);
      st->has_last = true;
      m.flush();
      return m.push_captures(s + at, e);
    }
  }
  st->next = ls + 1;
  m.flush();
  return 0;
}

int str_gmatch(lua_State* L) {
  std::size_t ls = 0, lp = 0;
  luaL_checklstring(L, 1, &ls);
  check_pattern(L, "string.gmatch", &lp);
  std::size_t init = start_index(luaL_optinteger(L, 3, 1), ls) - 1;
  if (init > ls) init = ls + 1;
  lua_settop(L, 2);
  auto* st = static_cast<GmatchState*>(lua_newuserdatauv(L, sizeof(GmatchState), 0));
  *st = {init, 0, false};
  lua_pushcclosure(L, gmatch_step, 3);
  return 1;
}

// The replacement template of gsub: %0 the match, %1..%9 captures, %% a percent sign.
void add_template(Matcher& m, luaL_Buffer* b, const char* s, const char* e) {
  lua_State* L = m.L;
  std::size_t lr = 0;
  const char* r = lua_tolstring(L, 3, &lr);
  const char* end = r + lr;
  m.step(std::int64_t(lr / kBytesPerUnit) + 1);
  while (const char* q = static_cast<const char*>(std::memchr(r, '%', std::size_t(end - r)))) {
    luaL_addlstring(b, r, std::size_t(q - r));
    ++q;
    if (q < end && *q == '%') {
      luaL_addchar(b, '%');
    } else if (q < end && std::isdigit(uc(*q))) {
      const char* text = s;
      std::size_t len = std::size_t(e - s);
      if (*q != '0' && m.capture(*q - '1', s, e, &text, &len)) {
        luaL_addvalue(b);  // a position
      } else {
        m.step(std::int64_t(len / kBytesPerUnit));
        luaL_addlstring(b, text, len);
      }
    } else {
      luaL_error(L, "string.gsub: в строке замены после «%%» нужна цифра или «%%»");
    }
    r = q + 1;
  }
  luaL_addlstring(b, r, std::size_t(end - r));
}

void add_replacement(Matcher& m, luaL_Buffer* b, const char* s, const char* e, int kind) {
  lua_State* L = m.L;
  if (kind == LUA_TFUNCTION) {
    lua_pushvalue(L, 3);
    int n = m.push_captures(s, e);
    lua_call(L, n, 1);
  } else if (kind == LUA_TTABLE) {
    m.push_capture(0, s, e);
    lua_gettable(L, 3);
  } else {
    add_template(m, b, s, e);
    return;
  }
  if (!lua_toboolean(L, -1)) {  // nil or false: the match stays as it was
    lua_pop(L, 1);
    luaL_addlstring(b, s, std::size_t(e - s));
  } else if (!lua_isstring(L, -1)) {
    luaL_error(L, "string.gsub: недопустимое значение замены (%s)", luaL_typename(L, -1));
  } else {
    luaL_addvalue(b);
  }
}

int str_gsub(lua_State* L) {
  std::size_t ls = 0, lp = 0;
  const char* s = luaL_checklstring(L, 1, &ls);
  const char* p = check_pattern(L, "string.gsub", &lp);
  int kind = lua_type(L, 3);
  luaL_argexpected(L, kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION ||
                          kind == LUA_TTABLE,
                   3, "string/function/table");
  lua_Integer max = luaL_optinteger(L, 4, lua_Integer(ls) + 1);
  bool anchor = lp > 0 && *p == '^';
  if (anchor) {
    ++p;
    --lp;
  }
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  Matcher m(L, "string.gsub", s, ls, p, lp);
  const char* at = s;
  const char* last = nullptr;
  lua_Integer n = 0;
  while (n < max) {
    m.reset();
    const char* e = m.match(at, p);
    if (e && e != last) {
      ++n;
      add_replacement(m, &b, at, e, kind);
      at = last = e;
    } else if (at < m.s_end) {
      luaL_addchar(&b, *at++);
    } else {
      break;
    }
    if (anchor) break;
  }
  m.step(std::int64_t((m.s_end - at) / kBytesPerUnit));
  m.flush();
  luaL_addlstring(&b, at, std::size_t(m.s_end - at));
  luaL_pushresult(&b);
  lua_pushinteger(L, n);
  return 2;
}

}  // namespace

void install_patterns(lua_State* L, int idx) {
  idx = lua_absindex(L, idx);
  const luaL_Reg fns[] = {{"find", str_find},
                          {"match", str_match},
                          {"gmatch", str_gmatch},
                          {"gsub", str_gsub},
                          {nullptr, nullptr}};
  lua_pushvalue(L, idx);
  luaL_setfuncs(L, fns, 0);
  lua_pop(L, 1);
}

}  // namespace opora::host
