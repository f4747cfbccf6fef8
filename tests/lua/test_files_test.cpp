// Rule test files (opora test): read in the sandbox into JSON cases; they declare nothing; a
// tests/ folder is never a package or a module.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "lua/engine.hpp"

namespace fs = std::filesystem;
using opora::host::Catalog;
using opora::host::LuaEngine;
using opora::host::LuaLimits;

namespace {

class TestFiles : public ::testing::Test {
 protected:
  fs::path root;
  void SetUp() override {
    root = fs::temp_directory_path() /
           ("opora-test-files-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    fs::create_directories(root / "federal" / "tests");
    write("federal/package.lua", "package { name = 'Ф', level = 'federal' }\n");
  }
  void TearDown() override { fs::remove_all(root); }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel) << text;
  }
  LuaEngine::TestCases read(const std::string& rel, LuaLimits limits = {}) {
    return LuaEngine::create(limits)->read_test_file(root, root / rel);
  }
};

TEST_F(TestFiles, CasesBecomeJsonWithTheirLine) {
  write("federal/tests/a.lua",
        "local function row(l) return { login = l, students = 300 } end\n"
        "case { name = 'один', year = 2023, schools = { row('a'), row('b') },\n"
        "       expect = { flagged = { low_results = { 'a' } } }, share = 0.25, ok = true }\n"
        "case { name = 'два', year = 2024, expect = {} }\n");
  auto r = read("federal/tests/a.lua");
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.cases.size(), 2u);
  const auto& c = r.cases[0];
  EXPECT_EQ(c["name"], "один");
  EXPECT_EQ(c["line"], 2);
  EXPECT_EQ(c["year"], 2023);
  ASSERT_TRUE(c["schools"].is_array());
  EXPECT_EQ(c["schools"][1]["login"], "b");
  EXPECT_EQ(c["schools"][1]["students"], 300);
  EXPECT_DOUBLE_EQ(c["share"].get<double>(), 0.25);
  EXPECT_EQ(c["ok"], true);
  EXPECT_EQ(c["expect"]["flagged"]["low_results"][0], "a");
  EXPECT_EQ(r.cases[1]["line"], 4);
}

TEST_F(TestFiles, DeclarationsAreRefused) {
  write("federal/tests/bad.lua",
        "criterion { id = 'x', title = 'x', category = 'low_results',\n"
        "            evaluate = function() return true end }\n");
  auto r = read("federal/tests/bad.lua");
  EXPECT_NE(r.error.find("объявления допустимы только при загрузке пакета"), std::string::npos)
      << r.error;
  EXPECT_NE(r.error.find("federal/tests/bad.lua:1"), std::string::npos) << r.error;
}

TEST_F(TestFiles, SandboxedLikePackages) {
  write("federal/tests/io.lua", "case { name = tostring(io) .. tostring(os.execute) }\n");
  auto r = read("federal/tests/io.lua");
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.cases.at(0)["name"], "nilnil");
  // The same instruction budget as a package.
  write("federal/tests/loop.lua", "while true do end\n");
  LuaLimits small;
  small.instructions = 1'000'000;
  auto loop = read("federal/tests/loop.lua", small);
  EXPECT_NE(loop.error.find("loop.lua"), std::string::npos) << loop.error;
  EXPECT_TRUE(loop.cases.empty());
}

TEST_F(TestFiles, ValuesAreBounded) {
  write("federal/tests/fn.lua", "case { name = 'x', f = function() end }\n");
  EXPECT_NE(read("federal/tests/fn.lua").error.find("f: значение типа function"),
            std::string::npos);
  write("federal/tests/deep.lua",
        "local t = {} local cur = t for i = 1, 40 do cur.x = {} cur = cur.x end\n"
        "case { name = 'x', deep = t }\n");
  EXPECT_NE(read("federal/tests/deep.lua").error.find("вложенность"), std::string::npos);
  write("federal/tests/cycle.lua", "local t = {} t.me = t case { name = 'x', t = t }\n");
  EXPECT_NE(read("federal/tests/cycle.lua").error.find("вложенность"), std::string::npos);
  write("federal/tests/mixed.lua", "case { name = 'x', t = { 1, 2, a = 3 } }\n");
  EXPECT_NE(read("federal/tests/mixed.lua").error.find("ключи таблицы"), std::string::npos);
}

TEST_F(TestFiles, TestsFolderIsNeitherPackageNorModule) {
  write("federal/tests/package.lua", "this is not lua\n");
  write("region/package.lua", "package { name = 'Р', level = 'region' }\n");
  write("region/tests/package.lua", "package { name = 'T', level = 'municipality' }\n");
  auto found = opora::host::discover_packages(root);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].territory, "federal");
  EXPECT_EQ(found[1].territory, "region");

  write("region/tests/helper.lua", "return 1\n");
  write("region/package.lua", "package { name = 'Р', level = 'region' }\nrequire 'tests.helper'\n");
  Catalog catalog;
  auto errors = LuaEngine::create()->load_tree(root, catalog);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("модули из папки tests/"), std::string::npos) << errors[0];
}

}  // namespace
