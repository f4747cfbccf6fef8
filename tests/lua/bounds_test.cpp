// Issue 8, section 1 and the isolation bullets of section 2: every path into Lua is bounded
// (message handlers, __close, coroutines, C functions doing work in proportion to their
// arguments, per-run budgets, declaration / file / explanation caps), package environments are
// frozen after loading, and memory is accounted per package.
#include <gtest/gtest.h>

#include <chrono>

#include "fake_dataset.hpp"
#include "lua/engine.hpp"

using namespace opora;
using namespace opora::host;
using opora::test::write_file;

namespace {

LuaLimits limits() {
  LuaLimits l;
  l.instructions = 5'000'000;
  l.memory_bytes = 128u << 20;
  l.wall_seconds = 5.0;
  return l;
}

class Bounds : public ::testing::Test {
 protected:
  std::shared_ptr<LuaEngine> engine = LuaEngine::create(limits());

  // The code must stop with `expected` (a generous 10 s guard catches a hang; speed is for benchmarks), and the engine must still work.
  void stops(const std::string& code, const std::string& expected = "превышен лимит инструкций") {
    auto start = std::chrono::steady_clock::now();
    auto err = engine->run_string(code, "attack.lua");
    EXPECT_NE(err.find(expected), std::string::npos) << code << "\nerror was: " << err;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10)) << code;
    EXPECT_EQ(engine->run_string("local t = {} for i = 1, 1000 do t[i] = i end "
                                 "assert(table.concat({('ab'):rep(2), 'c'}) == 'ababc')",
                                 "after.lua"),
              "");
  }
};

// --- the budget cannot be escaped ---
TEST_F(Bounds, XpcallHandlerLoopingAfterTheLimit) {  // xpcall(error, function() while true do end end)
  stops("xpcall(error, function() while true do end end)");
}
TEST_F(Bounds, XpcallHandlerLoopingOnAnyError) {
  stops("xpcall(function() while true do end end, function() while true do end end)");
}
TEST_F(Bounds, XpcallHandlerStillRunsForOrdinaryErrors) {
  EXPECT_EQ(engine->run_string("local ok, m = xpcall(error, function(e) return 'handled' end, 'x') "
                               "assert(not ok and m == 'handled')",
                               "ok.lua"),
            "");
}
TEST_F(Bounds, CloseHandlerLoopingAfterTheLimit) {
  stops("local x <close> = setmetatable({}, { __close = function() while true do end end }) "
        "while true do end");
}
TEST_F(Bounds, CloseHandlerOfACoroutineKilledByTheLimit) {
  stops("local co = coroutine.create(function() "
        "  local x <close> = setmetatable({}, { __close = function() while true do end end }) "
        "  while true do end end) "
        "coroutine.resume(co) coroutine.close(co)");
}
TEST_F(Bounds, CloseHandlerThroughCoroutineWrap) {
  stops("local f = coroutine.wrap(function() "
        "  local x <close> = setmetatable({}, { __close = function() while true do end end }) "
        "  while true do end end) "
        "pcall(f)");
}
TEST_F(Bounds, BudgetErrorInACoroutineIsNotSwallowed) {
  stops("local ok = coroutine.resume(coroutine.create(function() while true do end end)) "
        "return 'done'");
}
TEST_F(Bounds, BudgetErrorUnderPcallInsideACoroutine) {
  stops("coroutine.wrap(function() pcall(function() while true do end end) end)() return 1");
}
TEST_F(Bounds, BudgetErrorUnderPcallIsNotSwallowed) {
  stops("pcall(function() while true do end end) return 1");
}
TEST_F(Bounds, GcMetamethodAddedAfterSetmetatableNeverRuns) {
  EXPECT_EQ(engine->run_string("local mt = {} local t = setmetatable({}, mt) "
                               "mt.__gc = function() while true do end end t = nil "
                               "collectgarbage() collectgarbage()",
                               "gc.lua"),
            "");
}
TEST_F(Bounds, CoroutinesStillYieldThroughPcall) {
  EXPECT_EQ(engine->run_string(
                "local co = coroutine.wrap(function() pcall(coroutine.yield, 1) "
                "  xpcall(coroutine.yield, print, 2) return 3 end) "
                "assert(co() == 1 and co() == 2 and co() == 3) "
                "local ok, e = pcall(coroutine.wrap(function() error('boom') end)) "
                "assert(not ok and e:find('boom'))",
                "co.lua"),
            "");
}

// --- C functions doing work in proportion to their arguments are charged first ---
TEST_F(Bounds, TableMoveHugeRange) { stops("table.move({}, 1, 1e12, 2)"); }  // named in the issue
TEST_F(Bounds, StringRepOfEmptyStringIsImmediate) {  // string.rep("", 1e15)
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(engine->run_string("assert(string.rep('', 1e15) == '' and ('x'):rep(0) == '')",
                               "rep.lua"),
            "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}
TEST_F(Bounds, StringRepLarge) { stops("local s = ('x'):rep(1e9)"); }
TEST_F(Bounds, StringRepRepeated) { stops("for i = 1, 1000 do local s = ('x'):rep(1e6) end"); }
TEST_F(Bounds, TableConcatWithLenAndCIndex) {
  stops("local t = setmetatable({}, { __index = tostring, __len = function() return 1e12 end }) "
        "table.concat(t)");
}
TEST_F(Bounds, TableConcatRepeated) {
  stops("local t = {} for i = 1, 10000 do t[i] = 'x' end for i = 1, 10000 do table.concat(t) end");
}
TEST_F(Bounds, TableUnpackRepeated) {
  stops("for i = 1, 100 do local a = table.unpack({}, 1, 500000) end");
}
TEST_F(Bounds, TableInsertShiftWithLenAndCMetamethods) {
  stops("local t = setmetatable({}, { __len = function() return 1e12 end, __index = rawget, "
        "__newindex = rawset }) table.insert(t, 1, 'x')");
}
TEST_F(Bounds, TableRemoveShiftWithLenAndCMetamethods) {
  stops("local t = setmetatable({}, { __len = function() return 1e12 end, __index = rawget, "
        "__newindex = rawset }) table.remove(t, 1)");
}
TEST_F(Bounds, TableSortRefusesLenMetamethod) {
  stops("table.sort(setmetatable({}, { __len = function() return 2^30 end }))", "__len");
}
TEST_F(Bounds, StringFormatWideArguments) {
  stops("local s = ('x'):rep(1e6) for i = 1, 1000 do local r = string.format('%s%s', s, s) end");
}
TEST_F(Bounds, StringUpperOnLongStrings) {
  stops("local s = ('x'):rep(1e7) for i = 1, 1000 do local r = s:upper() end");
}
TEST_F(Bounds, Utf8LenOnLongStrings) {
  stops("local s = ('x'):rep(1e7) for i = 1, 1000 do local r = utf8.len(s) end");
}
TEST_F(Bounds, StringPackPadding) { stops("local s = string.pack('c2000000000', '')"); }
TEST_F(Bounds, LoadOfHugeText) {
  stops("local s = ('local a = 1 '):rep(1e6) for i = 1, 100 do load(s) end");
}
TEST_F(Bounds, CollectgarbageOnABigHeap) {
  stops("local t = {} for i = 1, 1e6 do t[i] = {} end for i = 1, 1e4 do collectgarbage() end");
}
TEST_F(Bounds, OrdinaryTableFunctionsKeepTheirResults) {
  EXPECT_EQ(engine->run_string(
                "local t = {1, 2, 3} table.insert(t, 4) table.insert(t, 1, 0) "
                "assert(table.concat(t, ',') == '0,1,2,3,4') "
                "assert(table.remove(t) == 4 and table.remove(t, 1) == 0) "
                "assert(table.concat(t, ',', 2) == '2,3' and select('#', table.unpack(t)) == 3) "
                "local a, b = table.unpack({1, 2, 3}, 2) assert(a == 2 and b == 3) "
                "table.sort(t, function(x, y) return x > y end) assert(t[1] == 3) "
                "assert(table.concat({}, 'x') == '' and table.remove({}) == nil) "
                "assert(not pcall(table.insert, t, 9, 1) and not pcall(table.insert, t)) "
                "assert(string.format('%5.1f|%s', 2.25, 'x') == '  2.2|x' or "
                "       string.format('%5.1f|%s', 2.25, 'x') == '  2.3|x') "
                "assert(table.move({1, 2}, 1, 2, 2)[2] == 1 and ('ab'):rep(2, '-') == 'ab-ab')",
                "ok.lua"),
            "");
}

// --- packages: per-run budget, caps, freezing, memory per package ---
class Packages : public ::testing::Test {
 protected:
  std::filesystem::path root = test::temp_tree("bounds");
  LuaLimits lim = limits();
  std::shared_ptr<LuaEngine> engine;
  Catalog catalog;
  test::FakeDataset data;
  std::vector<SchoolIndex> population;

  void SetUp() override {
    for (int i = 0; i < 50; ++i)
      data.schools.push_back({"sch" + std::to_string(i), "Школа", "r/m", "r", 100, {}, {}});
    for (SchoolIndex i = 0; i < 50; ++i) population.push_back(i);
  }
  std::vector<std::string> load(const std::string& federal, const std::string& region = "") {
    write_file(root, "federal/package.lua", "package { name = 'РФ', level = 'federal' }\n" + federal);
    if (!region.empty())
      write_file(root, "r/package.lua", "package { name = 'Регион', level = 'region' }\n" + region);
    engine = LuaEngine::create(lim);
    return engine->load_tree(root, catalog);
  }
  const Criterion& criterion(const std::string& id) {
    for (const auto& e : catalog.criteria())
      if (e.item->id() == id) return *e.item;
    throw std::runtime_error("no criterion " + id);
  }
  // Evaluates every school; returns the first error ("" if none).
  std::string evaluate_all(const std::string& id) {
    try {
      const auto& c = criterion(id);
      auto run = c.start(RunContext{data, 2023, "r", population}, c.defaults());
      for (SchoolIndex i = 0; i < 50; ++i) run->evaluate(i);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(Packages, PerRunBudgetStopsACriterionHeavyOnEverySchool) {
  lim.run_instructions = 20'000'000;  // each evaluate spends ~1 M: under the per-call budget
  ASSERT_TRUE(load("criterion { id = 'heavy', title = 'x', category = 'low_results',\n"
                   "  evaluate = function() local n = 0 for i = 1, 5e5 do n = n + i end\n"
                   "    return false, n, '' end }\n")
                  .empty());
  auto start = std::chrono::steady_clock::now();
  auto err = evaluate_all("heavy");
  EXPECT_NE(err.find("package.lua:3: критерий heavy: превышен лимит инструкций на прогон "
                     "критерия по территории «r»"),
            std::string::npos)
      << err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST_F(Packages, DeclarationsAreCapped) {  // one million criterion{} declarations
  auto errors = load("for i = 1, 1e6 do criterion { id = 'c' .. i, title = 'x', "
                     "category = 'low_results', evaluate = print } end\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("package.lua:2: пакет federal не загружен: критерий c10000: слишком "
                           "много объявлений"),
            std::string::npos)
      << errors[0];
  EXPECT_EQ(engine->run_string("return 1", "after.lua"), "");
}

TEST_F(Packages, PackageFileSizeIsCapped) {
  auto errors = load("-- " + std::string(5u << 20, 'x') + "\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("federal/package.lua: файл слишком велик"), std::string::npos)
      << errors[0];
}

TEST_F(Packages, LongExplanationIsRefused) {  // a 20 MB explanation
  lim.instructions = 50'000'000;
  ASSERT_TRUE(load("criterion { id = 'long', title = 'x', category = 'low_results',\n"
                   "  evaluate = function() return true, 1, ('x'):rep(20e6) end }\n")
                  .empty());
  auto err = evaluate_all("long");
  EXPECT_NE(err.find("критерий long: evaluate вернул пояснение длиной"), std::string::npos) << err;
}

TEST_F(Packages, GlobalWrittenInEvaluateIsAnErrorNamingTheLine) {  // seen = (seen or 0) + 1
  ASSERT_TRUE(load("criterion { id = 'count', title = 'x', category = 'low_results',\n"
                   "  evaluate = function()\n"
                   "    seen = (seen or 0) + 1\n"
                   "    return false, seen, 'call ' .. seen end }\n")
                  .empty());
  auto err = evaluate_all("count");
  EXPECT_NE(err.find("package.lua:4: критерий count: нельзя создавать или менять глобальную "
                     "переменную «seen» после загрузки пакета"),
            std::string::npos)
      << err;
}

TEST_F(Packages, FrozenEnvironmentKeepsGlobalsReadableAndLocalsWritable) {
  ASSERT_TRUE(load("helper = function(x) return x * 2 end\n"
                   "limit = 5\n"
                   "local calls = 0\n"
                   "criterion { id = 'ok', title = 'x', category = 'low_results',\n"
                   "  evaluate = function(school, p, state)\n"
                   "    calls = calls + 1\n"
                   "    local n = 0 for k in pairs(_G) do n = n + 1 end\n"
                   "    assert(n >= 2 and helper(limit) == 10 and string.format('%d', 1) == '1')\n"
                   "    assert(not pcall(function() string.mine = 1 end))\n"
                   "    assert(not pcall(rawset, _G, 'x', 1))\n"
                   "    assert(not pcall(function() limit = 6 end))\n"
                   "    return false, calls, '' end }\n")
                  .empty());
  EXPECT_EQ(evaluate_all("ok"), "");
}

TEST_F(Packages, OnePackagesMemoryExcessFailsOnlyItsOwnItems) {
  lim.memory_bytes = 96u << 20;
  lim.package_memory_bytes = 32u << 20;
  lim.wall_seconds = 60;  // the memory cap, not a loaded machine's clock, must stop it
  lim.instructions = 100'000'000;
  auto errors = load(
      "criterion { id = 'fed', title = 'x', category = 'low_results',\n"
      "  evaluate = function() local t = {} for i = 1, 1e6 do t[i] = i end\n"
      "    return false, #t, '' end }\n",  // needs ~16 MB of its own for each school
      "hog = {}\n"
      "for i = 1, 1e8 do hog[i] = ('x'):rep(64) .. i end\n");  // a package holding all it can
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("r/package.lua: пакет r не загружен: превышен лимит памяти пакета r "
                           "(32 МБ)"),
            std::string::npos)
      << errors[0];
  EXPECT_EQ(evaluate_all("fed"), "");
}

TEST_F(Packages, MemoryHeldByOnePackageDoesNotFailAnother) {
  lim.memory_bytes = 96u << 20;
  lim.package_memory_bytes = 48u << 20;
  lim.wall_seconds = 60;  // the memory cap, not a loaded machine's clock, must stop it
  lim.instructions = 100'000'000;
  auto errors = load(
      "criterion { id = 'fed', title = 'x', category = 'low_results',\n"
      "  evaluate = function() local t = {} for i = 1, 1e6 do t[i] = i end\n"
      "    return false, #t, '' end }\n",
      "hog = {}\n"
      "for i = 1, 1e8 do hog[i] = ('x'):rep(64) .. i end\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("превышен лимит памяти пакета r"), std::string::npos) << errors[0];
  EXPECT_EQ(evaluate_all("fed"), "");
}

TEST_F(Packages, GmatchInEvaluateStopsNamingTheCriterion) {  // gmatch("a-b") inside evaluate
  ASSERT_TRUE(load("local s = ('a'):rep(100000)\n"
                   "criterion { id = 'scan', title = 'x', category = 'low_results',\n"
                   "  evaluate = function()\n"
                   "    for w in s:gmatch('a-b') do end\n"
                   "    return false, 0, '' end }\n")
                  .empty());
  auto start = std::chrono::steady_clock::now();
  auto err = evaluate_all("scan");
  EXPECT_NE(err.find("package.lua:5: критерий scan: превышен лимит инструкций"), std::string::npos)
      << err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

}  // namespace
