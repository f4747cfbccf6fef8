// The sandbox suite: every known way out of the sandbox and every way to hang or exhaust it.
// Each attack must end with a clear error (or be shown harmless) and the engine must still
// answer afterwards.
#include <gtest/gtest.h>

#include "fake_dataset.hpp"
#include "lua/engine.hpp"

using opora::host::LuaEngine;
using opora::host::LuaLimits;

namespace {

LuaLimits small_limits() {
  LuaLimits l;
  l.instructions = 5'000'000;
  l.memory_bytes = 64u << 20;
  l.wall_seconds = 5.0;
  return l;
}

class Sandbox : public ::testing::Test {
 protected:
  std::shared_ptr<LuaEngine> engine = LuaEngine::create(small_limits());

  // Runs an attack, expects an error containing `expected`, then checks the engine still works.
  void refused(const std::string& code, const std::string& expected) {
    auto err = engine->run_string(code, "attack.lua");
    EXPECT_NE(err.find(expected), std::string::npos) << "error was: " << err;
    still_alive();
  }
  void harmless(const std::string& code) {
    EXPECT_EQ(engine->run_string(code, "attack.lua"), "");
    still_alive();
  }
  void still_alive() {
    EXPECT_EQ(engine->run_string("local t = {} for i = 1, 1000 do t[i] = i end "
                                 "assert(#t == 1000 and ('ab'):rep(2) == 'abab')",
                                 "after.lua"),
              "");
  }
};

// --- forbidden globals ---
TEST_F(Sandbox, NoIo) { refused("io.write('x')", "io"); }
TEST_F(Sandbox, NoOsExecute) { refused("os.execute('true')", "execute"); }
TEST_F(Sandbox, NoDebug) { refused("debug.getinfo(1)", "debug"); }
TEST_F(Sandbox, NoDofile) { refused("dofile('/etc/passwd')", "dofile"); }
TEST_F(Sandbox, NoLoadfile) { refused("loadfile('/etc/passwd')", "loadfile"); }
TEST_F(Sandbox, NoPackageLoadlib) { refused("package.loadlib('libc.so.6', 'system')", "index"); }
TEST_F(Sandbox, NoOsGetenv) { refused("return os.getenv('HOME')", "getenv"); }
TEST_F(Sandbox, OsEnumerationShowsOnlySafeFunctions) {
  harmless(
      "local ok = { time = true, date = true, clock = true, difftime = true } "
      "for k in pairs(os) do assert(ok[k], 'os.' .. k .. ' leaked') end "
      "assert(os.execute == nil and os.remove == nil and os.exit == nil and os.getenv == nil)");
}

// --- bytecode and dump ---
TEST_F(Sandbox, StringDumpRemoved) { refused("string.dump(print)", "dump"); }
TEST_F(Sandbox, DumpThroughStringMethodRemoved) { refused("('').dump(function() end)", "dump"); }
TEST_F(Sandbox, BinaryModeRefusedByLoad) {
  refused("local f, e = load('\\27Lua', 'x', 'b') assert(f == nil) error(e)", "двоичные");
}
TEST_F(Sandbox, BinaryChunkRefusedInTextMode) {
  refused("local f, e = load('\\27LuaT\\0\\25\\147\\r\\n\\26\\n') assert(f == nil) error(e)",
          "binary");
}
TEST_F(Sandbox, LoadWithReaderFunctionRefused) {
  refused("load(function() return nil end)", "только текст");
}
TEST_F(Sandbox, LoadedChunkSeesOwnEnvironmentNotHostGlobals) {
  harmless("x = 5 assert(load('return x')() == 5) assert(load('return io')() == nil)");
}

// --- metatables and shared tables ---
TEST_F(Sandbox, StringMetatableHidden) { harmless("assert(getmetatable('') == false)"); }
TEST_F(Sandbox, SetmetatableOnStringRefused) { refused("setmetatable('', {})", "table expected"); }
TEST_F(Sandbox, EnvironmentMetatableProtected) {
  refused("setmetatable(_G, { __index = function() end })", "protected metatable");
}
TEST_F(Sandbox, LibraryTableMetatableProtected) {
  refused("setmetatable(string, { __index = function() end })", "protected metatable");
}
TEST_F(Sandbox, GcMetamethodRefused) {
  refused("setmetatable({}, { __gc = function() while true do end end })", "__gc");
}
TEST_F(Sandbox, ChangingLibrariesStaysInTheChunk) {
  EXPECT_EQ(engine->run_string("string.upper = nil math.pi = 3 rawset(table, 'insert', nil)",
                               "a.lua"),
            "");
  harmless("assert(string.upper and ('x'):upper() == 'X' and math.pi > 3.14 and table.insert)");
}
TEST_F(Sandbox, WritingTheBaseEnvironmentStaysLocal) {
  EXPECT_EQ(engine->run_string("print = nil pairs = nil _G.error = nil rawset(_G, 'type', nil)",
                               "a.lua"),
            "");
  harmless("assert(print and pairs and error and type)");
}
TEST_F(Sandbox, OneChunkCannotReadAnothersGlobals) {
  EXPECT_EQ(engine->run_string("secret = 42", "a.lua"), "");
  harmless("assert(secret == nil)");
}
TEST_F(Sandbox, CollectgarbageStopRefused) { refused("collectgarbage('stop')", "collectgarbage"); }
TEST_F(Sandbox, CollectgarbageTuningRefused) {
  refused("collectgarbage('generational')", "collectgarbage");
}
TEST_F(Sandbox, CollectgarbageCountAllowed) {
  harmless("assert(collectgarbage('count') > 0)");
}
TEST_F(Sandbox, DeclarationsOutsideLoadingRefused) {
  refused("criterion { id = 'x', title = 'x', category = 'low_results', evaluate = print }",
          "только при загрузке");
}
TEST_F(Sandbox, ErrorObjectTostringIsNotRun) {
  refused("error(setmetatable({}, { __tostring = function() while true do end end }))",
          "ошибка без текста (table)");
}

// --- require ---
TEST_F(Sandbox, RequireParentPathRefused) { refused("require '../secret'", "недопустимое имя"); }
TEST_F(Sandbox, RequireAbsolutePathRefused) { refused("require '/etc/passwd'", "недопустимое имя"); }
TEST_F(Sandbox, RequireDotsRefused) { refused("require '..secret'", "недопустимое имя"); }
TEST_F(Sandbox, RequireSymlinkOutOfTreeRefused) {
  auto root = opora::test::temp_tree("symlink");
  opora::test::write_file(root.parent_path(), "outside/evil.lua", "return 'escaped'");
  opora::test::write_file(root, "federal/package.lua", "package { name = 'РФ', level = 'federal' }\n"
                                                       "require 'evil'\n");
  std::filesystem::create_symlink(root.parent_path() / "outside/evil.lua",
                                  root / "federal/evil.lua");
  opora::host::Catalog catalog;
  auto errors = engine->load_tree(root, catalog);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("вне дерева"), std::string::npos) << errors[0];
  still_alive();
}

// --- resource attacks ---
TEST_F(Sandbox, InfiniteLoop) { refused("while true do end", "лимит инструкций"); }
TEST_F(Sandbox, InfiniteLoopUnderPcall) {
  refused("while true do pcall(function() while true do end end) end", "лимит инструкций");
}
TEST_F(Sandbox, InfiniteLoopInCoroutine) {
  refused("local co = coroutine.wrap(function() while true do end end) co()", "лимит инструкций");
}
TEST_F(Sandbox, CoroutineSwallowingTheLimitStillStops) {
  refused("while true do coroutine.resume(coroutine.create(function() while true do end end)) end",
          "лимит инструкций");
}
// string.rep's work is charged against the instruction budget before it starts.
TEST_F(Sandbox, StringRepBomb) { refused("local s = ('x'):rep(1e10)", "лимит инструкций"); }
TEST_F(Sandbox, StringRepWithSeparatorBomb) {
  refused("local s = string.rep('', 1e9, ('y'):rep(100))", "лимит инструкций");
}
// Pattern matching charges every step (patterns.cpp): a backtracking bomb hits the budget.
TEST_F(Sandbox, PatternBomb) {
  refused("string.find(('a'):rep(30), ('a?'):rep(30) .. ('a'):rep(30))", "лимит инструкций");
}
// ... so long subjects with cheap patterns are no longer refused by length.
TEST_F(Sandbox, PatternOnLongSubjectIsAllowed) {
  harmless("local s = ('a'):rep(200000) assert(#s:match('a+') == 200000)");
}
TEST_F(Sandbox, PatternTooLong) { refused("('a'):find(('a'):rep(500))", "шаблон длиннее"); }
TEST_F(Sandbox, OrdinaryPatternsStillWork) {
  harmless("assert(('  x y  '):match('^%s*(.-)%s*$') == 'x y') "
           "local n = 0 for w in ('a,b;c'):gmatch('[^,;]+') do n = n + 1 end assert(n == 3) "
           "assert(('a.b'):gsub('%.', '/') == 'a/b')");
}
TEST_F(Sandbox, DeepRecursion) {
  refused("local function f(n) return 1 + f(n + 1) end f(1)", "stack overflow");
}
TEST(SandboxMemory, TableGrowthStopsAtTheCap) {
  LuaLimits l = small_limits();
  l.instructions = 2'000'000'000;
  l.memory_bytes = 16u << 20;
  auto engine = LuaEngine::create(l);
  auto err = engine->run_string("local t = {} for i = 1, 1e9 do t[i] = i end", "grow.lua");
  EXPECT_NE(err.find("превышен лимит памяти (16 МБ)"), std::string::npos) << err;
  EXPECT_EQ(engine->run_string("local t = {} for i = 1, 1000 do t[i] = i end", "after.lua"), "");
}
TEST(SandboxMemory, PcallCannotSwallowOutOfMemory) {
  LuaLimits l = small_limits();
  l.instructions = 2'000'000'000;
  l.memory_bytes = 16u << 20;
  auto engine = LuaEngine::create(l);
  auto err = engine->run_string(
      "local keep = {} "
      "while true do pcall(function() local s = 'x' while true do s = s .. s keep[#keep+1] = s end "
      "end) end",
      "oom.lua");
  EXPECT_NE(err.find("превышен лимит памяти"), std::string::npos) << err;
  EXPECT_EQ(engine->run_string("assert(('ab'):rep(3) == 'ababab')", "after.lua"), "");
}
TEST(SandboxClock, WallClockWatchdog) {
  LuaLimits l = small_limits();
  l.instructions = std::int64_t(1) << 60;
  l.wall_seconds = 0.2;
  auto engine = LuaEngine::create(l);
  auto start = std::chrono::steady_clock::now();
  auto err = engine->run_string("while true do end", "slow.lua");
  EXPECT_NE(err.find("превышено время выполнения"), std::string::npos) << err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_EQ(engine->run_string("return 1", "after.lua"), "");
}
TEST_F(Sandbox, ErrorsNameTheChunkAndLine) {
  auto err = engine->run_string("local x = 1\nlocal y = nil + x", "scripts/federal/x.lua");
  EXPECT_NE(err.find("scripts/federal/x.lua:2:"), std::string::npos) << err;
}
TEST_F(Sandbox, PrintGoesToTheLog) {
  harmless("print('привет', 1)");
  auto log = engine->take_log();
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log[0], "привет\t1");
}

}  // namespace
