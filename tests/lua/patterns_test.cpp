// The sandbox's own pattern matcher (host/lua/patterns.cpp) against the stock Lua 5.4 string
// library: the same cases run in a plain lua_State and in the sandbox must give the same
// results (errors compare as "ERROR": the sandbox's messages are Russian). Then the point of
// having our own matcher: pathological patterns stop with the budget error.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

#include "lua/core.hpp"
#include "lua/engine.hpp"

using namespace opora::host;

namespace {

const char* kCases[] = {
    // find: plain and pattern, init positions (negative, zero, past the end)
    R"~(("hello world"):find("o"))~", R"~(("hello world"):find("o", 6))~",
    R"~(("hello world"):find("o", -3))~", R"~(("hello world"):find("o", -100))~",
    R"~(("hello"):find("l", 10))~", R"~(("hello"):find("", 10))~", R"~(("hello"):find("", 6))~",
    R"~(("hello"):find("", 0))~", R"~(("hello"):find("l+"))~", R"~(("hello"):find("(l+)(o)"))~",
    R"~(("hello"):find("()ll()"))~", R"~(("a.b"):find(".", 1, true))~",
    R"~(("a+b"):find("+", 1, true))~", R"~(("a+b"):find("a+b"))~", R"~(("a+b"):find("a%+b"))~",
    R"~(("abc"):find("^b"))~", R"~(("abc"):find("^a"))~", R"~(("abc"):find("c$"))~",
    R"~(("abc"):find("b$"))~", R"~(("a$c"):find("$c"))~", R"~(("abc"):find("[b-c]+"))~",
    R"~(("ABC abc"):find("%u+"))~", R"~(("ABC abc"):find("%U+"))~", R"~(("aaa"):find("a-", 2))~",
    R"~(("\0a\0"):find("a"))~", R"~(("\0a\0"):find("%z"))~", R"~(("a\0b"):find("\0", 1, true))~",
    R"~(("a\0b"):find("[\0]"))~", R"~(("abc"):find("b", nil))~", R"~(string.find("abc", "b", 1.0))~",
    R"~(string.find("abc", "b", 1.5))~", R"~(string.find(12345, 3))~",
    R"~(("hello"):find("l", 3, false))~", R"~(("a.b.c"):find(".", 2))~",
    // match: classes, sets, quantifiers, anchors, captures
    R"~(("x = 10, y = 20"):match("(%w+) = (%d+)"))~", R"~(("  trim  "):match("^%s*(.-)%s*$"))~",
    R"~(("key=val"):match("(%w+)=(%w*)"))~", R"~(("[[x]]"):match("%[(%b[])%]"))~",
    R"~(("f(a(b)c)d"):match("%b()"))~", R"~(("f(a(b c)d"):match("%b()"))~",
    R"~(("THE (quick) fox"):find("%f[%a]%a+"))~", R"~(("THE (quick) fox"):match("%f[%l]%a+"))~",
    R"~(("hello"):match("%f[%z]"))~", R"~(("hello"):find("%f[%A]"))~",
    R"~(("hello"):match(".-(l+)"))~", R"~(("aaa"):match("a-b"))~", R"~(("aaab"):match("a-b"))~",
    R"~(("aaab"):match("^(a*)(.*)$"))~", R"~(("abcabc"):match("(abc)%1"))~",
    R"~(("xyzxyz"):match("(x)(y)(z)%1%2%3"))~", R"~(("abab"):match("(a)(b)%2"))~",
    R"~(("abba"):match("(a)(b)%2%1"))~", R"~(("a]b"):match("[]]"))~", R"~(("a^b"):match("[%^]"))~",
    R"~(("a^b"):match("[^^]+"))~", R"~(("a-b"):match("[a-]+"))~", R"~(("a-b"):match("[-a]+"))~",
    R"~(("b-z"):match("[a%-z]+"))~", R"~(("%"):match("%%"))~", R"~(("a.b"):match("%."))~",
    R"~(("123abc"):match("^%d+"))~", R"~(("hello"):match("()"))~", R"~(("hello"):match("()", 3))~",
    R"~(("hello"):match("(h)(e)(l)(l)(o)"))~",
    R"~(("date: 2024-01-02"):match("(%d+)-(%d+)-(%d+)"))~", R"~(("abc"):match("((a)(b))"))~",
    R"~(("x"):match("x?x?x"))~", R"~(("hello"):match("[%a%d_]+"))~",
    R"~(("Hello_123!"):match("[%w_]+"))~", R"~(("tab\there"):match("%c"))~",
    R"~(("a,b;c"):match("[%p]"))~", R"~(("a,b;c"):match("[^%p]+$"))~", R"~(("0x1F"):match("%x+$"))~",
    R"~(("Ünï"):match("[\128-\255]+"))~", R"~(("abc"):match(".", -1))~", R"~(("abc"):match("^(.)", 2))~",
    R"~(("  "):match("^%s*$"))~", R"~((""):match(".*"))~", R"~((""):match(".+"))~",
    R"~(string.match(100, "%d+"))~", R"~(("ab"):match("a(.?)b"))~",
    R"~((("a"):rep(30)):match(("a?"):rep(15) .. ("a"):rep(15)))~",
    R"~(("[x]"):match("[[]"))~", R"~(("a"):match("[%a-z]"))~", R"~(("-"):match("[%a-z]"))~",
    R"~(("aXb"):match("%u"))~", R"~(("a b"):match("%S+$"))~", R"~(("a1"):match("%D"))~",
    // malformed patterns and captures (both must fail)
    R"~(("a"):find("%"))~", R"~(("a"):find("[a"))~", R"~(("a"):find("[^"))~", R"~(("a"):find("(a"))~",
    R"~(("a"):match("a)"))~", R"~(("a"):match("%1"))~", R"~(("a"):find("%b"))~",
    R"~(("a"):find("%ba"))~", R"~(("a"):find("%fx"))~", R"~(("a"):match("(a)%2"))~",
    R"~(("a"):match("(a%1)"))~", R"~(("a"):match(("()"):rep(33)))~", R"~(("a"):match("%0"))~",
    // gmatch
    R"~(all(("one two  three"):gmatch("%a+")))~", R"~(all(("k1=v1, k2=v2"):gmatch("(%w+)=(%w+)")))~",
    R"~(all(("abc"):gmatch("")))~", R"~(all(("abc"):gmatch(".-")))~", R"~(all(("a,,b"):gmatch("([^,]*)")))~",
    R"~(all(("hello"):gmatch("()l")))~", R"~(all(("abc"):gmatch(".", 2)))~",
    R"~(all(("abc"):gmatch(".", -1)))~", R"~(all(("abc"):gmatch(".", 10)))~",
    R"~(all(("^a^b"):gmatch("^.")))~", R"~(all(("aaa"):gmatch("a*")))~", R"~(all(("ab12cd"):gmatch("%d*")))~",
    R"~(all(("x"):gmatch("(")))~",
    // gsub: string, table and function replacements, counts, anchors, empty matches
    R"~(("hello world"):gsub("o", "0"))~", R"~(("hello world"):gsub("o", "0", 1))~",
    R"~(("hello world"):gsub("(%w+)", "<%1>"))~", R"~(("hello world"):gsub("%w+", "%0 %0"))~",
    R"~(("hello"):gsub("", "-"))~", R"~(("abc"):gsub(".-", "-"))~", R"~(("abc"):gsub("a*", "-"))~",
    R"~(("hello world"):gsub("(%w+) (%w+)", "%2 %1"))~",
    R"~(("$name is $age"):gsub("%$(%w+)", {name = "Ann", age = 5}))~",
    R"~(("$name is $x"):gsub("%$(%w+)", {name = "Ann"}))~",
    R"~(("abc"):gsub("%w", function(c) return c:upper() .. "." end))~",
    R"~(("abc"):gsub("%w", function(c) if c == "b" then return false end return "x" end))~",
    R"~(("abc"):gsub("", function() return nil end))~", R"~(("k=v"):gsub("(%w)=(%w)", function(a, b) return b .. a end))~",
    R"~(("  x  "):gsub("^%s+", ""))~", R"~(("a b c"):gsub(" ", "%%"))~", R"~(("abc"):gsub("b", 5))~",
    R"~(("abc"):gsub("()b()", "%1-%2"))~", R"~(("abc"):gsub("()", "%1"))~",
    R"~(("abc"):gsub("x*", "-", 2))~", R"~(("abc"):gsub("b", "[%0]", 0))~",
    R"~(("abc"):gsub("b", "[%0]", -1))~", R"~(("hello world from lua"):gsub("(%w+)%s*", "%1_"))~",
    R"~(("a.b.c"):gsub("%.", "/"))~", R"~(("x^2"):gsub("%^", "**"))~", R"~(string.gsub("abc", "^a", "z"))~",
    R"~(string.gsub("aaa", "^a", "z"))~", R"~(string.gsub("aaa", "^", "z"))~",
    R"~((string.rep("ab", 10)):gsub("ab", "%0%0"))~", R"~(("hello"):gsub("l", {l = 1.5}))~",
    R"~(("abc"):gsub("%w", "%1"))~", R"~(string.gsub(12.5, "%.", ","))~",
    R"~(("abc"):gsub("(b)", {b = true}))~", R"~(("abc"):gsub("b", function() return 7 end))~",
    R"~(("a\0b"):gsub("%z", "0"))~", R"~(("a\0b"):gsub("\0", "0"))~",
    R"~(("one  two"):gsub("%s+", " "))~", R"~(("CamelCaseWord"):gsub("(%u)", " %1"))~",
    R"~(("abc"):gsub("(a)(b)(c)", "%3%2%1%0"))~",
    // gsub errors (both must fail)
    R"~(("aa"):gsub("a", "%2"))~", R"~(("a"):gsub("a", "%x"))~", R"~(("a"):gsub("a", "%"))~",
    R"~(("a"):gsub("a", {a = {}}))~", R"~(("a"):gsub("a"))~", R"~(("a"):gsub("a", true))~",
    R"~(("a"):gsub("(a", "x"))~",
};

const char* kDriver = R"lua(
function all(iter)
  local acc = {}
  for a, b, c in iter do acc[#acc + 1] = tostring(a) .. "|" .. tostring(b) .. "|" .. tostring(c) end
  return table.concat(acc, ";")
end
local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  if type(v) == "number" then return (math.type(v) or "") .. ":" .. tostring(v) end
  return tostring(v)
end
local out = {}
for _, code in ipairs(CASES) do
  local f = assert(load("return " .. code))
  local r = table.pack(pcall(f))
  local parts = {}
  if not r[1] then parts[1] = "ERROR" else for j = 2, r.n do parts[#parts + 1] = show(r[j]) end end
  out[#out + 1] = code .. " => " .. table.concat(parts, ", ")
end
return table.concat(out, "\n")
)lua";

std::string cases_literal() {
  std::string s = "CASES = {\n";
  for (const char* c : kCases) s += "[==[" + std::string(c) + "]==],\n";
  return s + "}\n";
}

std::string run_stock(const std::string& code) {
  lua_State* L = luaL_newstate();
  luaL_openlibs(L);
  std::string out;
  if (luaL_loadstring(L, code.c_str()) == LUA_OK && lua_pcall(L, 0, 1, 0) == LUA_OK)
    out = lua_tostring(L, -1);
  else
    out = std::string("driver failed: ") + lua_tostring(L, -1);
  lua_close(L);
  return out;
}

std::string run_sandbox(LuaEngine& engine, const std::string& code) {
  std::string out;
  auto err = engine.core().run([&](lua_State* L) {
    push_environment(L, {});
    load_text(L, code, "@driver.lua", 1);
    lua_call(L, 0, 1);
    out = lua_tostring(L, -1);
  });
  return err.empty() ? out : "driver failed: " + err;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}

TEST(Patterns, SameResultsAsTheStockLibrary) {
  auto engine = LuaEngine::create();
  std::string code = cases_literal() + kDriver;
  auto stock = lines(run_stock(code));
  auto ours = lines(run_sandbox(*engine, code));
  ASSERT_EQ(stock.size(), std::size(kCases)) << stock.at(0);
  ASSERT_EQ(ours.size(), stock.size()) << ours.at(0);
  for (std::size_t i = 0; i < stock.size(); ++i) EXPECT_EQ(ours[i], stock[i]);
}

// Randomised subjects and patterns over a small alphabet: many more shapes than written above.
TEST(Patterns, SameResultsOnGeneratedCases) {
  auto engine = LuaEngine::create();
  std::string code = R"lua(
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n + 1 end
local atoms = { "a", "b", ".", "%a", "%d", "[ab]", "[^a]", "%s", "(a)", "()", "%b()", "%f[%a]", "%1", "[a-c]" }
local quants = { "", "", "*", "+", "-", "?" }
local subj = { "", "a", "ab", "aab1 (x)", "ba ab", "(a(b))c", "  12ab", "abcabc", "a1b2c3" }
CASES = {}
for i = 1, 600 do
  local p = rnd(4) == 1 and "^" or ""
  for k = 1, rnd(4) do p = p .. atoms[rnd(#atoms)] .. quants[rnd(#quants)] end
  if rnd(5) == 1 then p = p .. "$" end
  local s = subj[rnd(#subj)]
  local fn = ({ "find", "match", "gsub", "gmatch" })[rnd(4)]
  local init = ({ "", ", 2", ", -2", ", 0" })[rnd(4)]
  if fn == "gsub" then CASES[#CASES + 1] = string.format("(%q):gsub(%q, '<%%0>')", s, p)
  elseif fn == "gmatch" then CASES[#CASES + 1] = string.format("all((%q):gmatch(%q%s))", s, p, init)
  else CASES[#CASES + 1] = string.format("(%q):%s(%q%s)", s, fn, p, init) end
end
)lua" + std::string(kDriver);
  auto stock = lines(run_stock(code));
  auto ours = lines(run_sandbox(*engine, code));
  ASSERT_EQ(stock.size(), 600u) << stock.at(0);
  ASSERT_EQ(ours.size(), stock.size()) << ours.at(0);
  for (std::size_t i = 0; i < stock.size(); ++i) EXPECT_EQ(ours[i], stock[i]);
}

// --- pathological patterns stop on the budget, whatever their shape ---

class PatternBudget : public ::testing::Test {
 protected:
  std::shared_ptr<LuaEngine> engine = [] {
    LuaLimits l;
    l.instructions = 20'000'000;
    return LuaEngine::create(l);
  }();
  void stops(const std::string& code) {
    auto start = std::chrono::steady_clock::now();
    auto err = engine->run_string(code, "pattern.lua");
    EXPECT_NE(err.find("pattern.lua:1: превышен лимит инструкций"), std::string::npos)
        << code << "\nerror was: " << err;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10)) << code;
    EXPECT_EQ(engine->run_string("assert(('a b'):gsub('%s', '') == 'ab')", "after.lua"), "");
  }
};

TEST_F(PatternBudget, TwoLazyQuantifiersOnRepeatedA) {  // ("a"):rep(99999):find(".-.-x")
  stops("local r = ('a'):rep(99999):find('.-.-x')");
}
TEST_F(PatternBudget, OneLazyQuantifierManyStartPositions) {  // s:find(".-x") on a long string
  stops("local s = ('a'):rep(100000) local r = s:find('.-x')");
}
TEST_F(PatternBudget, GreedyManyStartPositions) {
  stops("local s = ('a'):rep(100000) local r = s:find('a*x')");
}
TEST_F(PatternBudget, GmatchLazy) {  // gmatch("a-b") over a long string of a's
  stops("local s = ('a'):rep(100000) for w in s:gmatch('a-b') do end");
}
TEST_F(PatternBudget, OptionalChainBacktracking) {
  stops("string.find(('a'):rep(40), ('a?'):rep(40) .. ('a'):rep(40))");
}
TEST_F(PatternBudget, BalancedMatchOnUnclosedBrackets) {
  stops("local s = ('('):rep(100000) local r = s:find('%b()')");
}
TEST_F(PatternBudget, BackReferenceSearch) {
  stops("local s = ('a'):rep(100000) local r = s:find('(a+)%1x')");
}
TEST_F(PatternBudget, GsubWithLazyPattern) {
  stops("local s = ('ab'):rep(50000) local r = s:gsub('a.-x', '')");
}
TEST_F(PatternBudget, PlainFindRepeatedOnLongText) {
  stops("local s = ('a'):rep(1000000) for i = 1, 1000 do s:find(('a'):rep(100) .. 'b', 1, true) end");
}

TEST(PatternsOrdinary, LongSubjectsWithCheapPatternsWork) {
  auto engine = LuaEngine::create();
  EXPECT_EQ(engine->run_string("local s = ('word  '):rep(100000) "  // 600 KB
                               "local r, n = s:gsub('%s+', ' ') assert(n == 100000) "
                               "assert(#s:match('^(.-)%s*$') == 599998)",
                               "ok.lua"),
            "");
}

}  // namespace
