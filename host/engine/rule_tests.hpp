// Rule tests (`opora test`): a territory's scripts/<territory>/tests/*.lua declare small fixtures
// and the verdicts expected; each case is imported into a fresh in-memory store through the
// same importers as CSV files, identified with the territory's effective rules and compared.
// The format is documented in docs/lua-api.md, "Testing rules".
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.hpp"
#include "lua/engine.hpp"

namespace opora::host {

struct RuleTestFile {
  std::string territory;         // whose package folder holds it
  std::filesystem::path path;
};

// The test files of every package under `scripts_root` (or of `territory` only), packages in
// loading order, files by name.
std::vector<RuleTestFile> find_rule_tests(const std::filesystem::path& scripts_root,
                                          std::string_view territory = {});

// A territory the in-memory store of a case starts with (the packages' territories).
struct RuleTestTerritory {
  std::string id, name, parent, level;
};

struct RuleTestResult {
  std::string where;  // "scripts/chelyabinsk/tests/x.lua:12"
  std::string name;   // the case's name ("" when the file itself failed)
  std::vector<std::string> problems;  // empty: passed
  bool passed() const { return problems.empty(); }
};

// Reads and runs every case of one file. A file that does not load is one failed result.
std::vector<RuleTestResult> run_rule_test_file(const Catalog& catalog, LuaEngine& sandbox,
                                               const std::filesystem::path& scripts_root,
                                               const RuleTestFile& file,
                                               const std::vector<RuleTestTerritory>& territories);

}  // namespace opora::host
