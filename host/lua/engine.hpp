// The Lua engine: runs the territory packages of scripts/ in a sandbox and registers what they
// declare (criteria, indicators, roadmaps, ...) into the catalog as ordinary SDK objects.
// The reference for script authors is docs/lua-api.md.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"

namespace opora::host {

// The bounds of every entry into Lua (docs/lua-api.md, "Limits"). Work done by C functions
// (string.rep, table.concat, pattern matching, ...) is charged against the same instruction
// budgets as VM instructions, before or while it is done.
struct LuaLimits {
  std::int64_t instructions = 50'000'000;       // per call into a script; about a second
  std::int64_t run_instructions = 200'000'000;  // per criterion run (prepare + every evaluate
                                                // of one criterion over one region)
  std::size_t memory_bytes = 1024u << 20;       // whole state
  std::size_t package_memory_bytes = 128u << 20;  // what one package's code may hold
  double wall_seconds = 5.0;                    // watchdog per call (checked from the hook)
  std::size_t max_pattern = 200;                // pattern length cap (recursion depth)
  std::size_t max_declarations = 10'000;        // declared elements per package (items,
                                                // activities, parameters, configure entries)
  std::size_t max_field_bytes = 64u << 10;      // one string field of a declaration
  std::size_t max_explanation = 10'000;         // bytes of one explanation returned by a script
};

struct PackageInfo {
  std::string territory;  // "federal", "chelyabinsk", "chelyabinsk/chebarkul"
  std::string name;       // from package{}; the territory id until the package has run
  std::string level;      // federal | region | municipality
  std::filesystem::path dir;
};

// The level of a territory, from its folder depth alone: "federal" for federal, "region" for a
// top folder, "municipality" below one. The one place this rule is written; package{} must agree.
std::string level_of_territory(std::string_view territory);

// The folder of a territory's rule tests (scripts/<territory>/tests/*.lua): never a package or
// a module, only read by `opora test`.
inline constexpr std::string_view kTestsFolder = "tests";

// Every folder under `scripts_root` holding a package.lua (tests/ folders are skipped): federal first, then parents before
// children, siblings by name. Name and level are guessed from the folder until package{} runs.
std::vector<PackageInfo> discover_packages(const std::filesystem::path& scripts_root);

struct LuaCore;  // the state and its limits (host/lua/core.hpp)

// One Lua state shared by all packages. Calls into it are serialized by a mutex. Create with
// create(): every item it registers holds a shared_ptr to it, so it outlives them all.
class LuaEngine : public std::enable_shared_from_this<LuaEngine> {
 public:
  static std::shared_ptr<LuaEngine> create(LuaLimits limits = {});
  ~LuaEngine();
  LuaEngine(const LuaEngine&) = delete;
  LuaEngine& operator=(const LuaEngine&) = delete;

  // Runs every package.lua under root (federal first, then parents before children) and
  // registers its items into `catalog`, each with the origin "<root name>/<file>:<line>".
  // A failing package is reported ("file:line: пакет T: ...") and registers nothing; the
  // others still load. Returns the errors.
  std::vector<std::string> load_tree(const std::filesystem::path& root, Catalog& catalog);

  // Validation for `opora check`: runs the packages without evaluating criteria and checks
  // declarations (the fields of each kind and their types, known categories / indicator types /
  // indicators / activities, unique ids per package, configure{} parameters that exist on their
  // item with the default's type). `external_ids` are categories and indicator types that
  // compiled plugins provide. Returns the errors; nothing is registered.
  // `external_params` are the parameters of plugin criteria / indicator types by id, so that
  // configure{} on them is checked too (the value's type must match the default's).
  std::vector<std::string> check_tree(const std::filesystem::path& root,
                                      const std::vector<std::string>& external_ids = {},
                                      const std::map<std::string, Params>& external_params = {});

  // Runs a rule test file (scripts/<territory>/tests/*.lua, docs/lua-api.md "Testing rules") in a
  // fresh sandboxed environment under the same limits, where case{...} collects its cases and
  // declarations are refused. `root` is the scripts tree (require resolves in it). Returns the
  // cases, each a JSON object of its table plus "line" (where case{} was called), or the error.
  struct TestCases {
    std::vector<nlohmann::json> cases;
    std::string error;
  };
  TestCases read_test_file(const std::filesystem::path& root, const std::filesystem::path& file);

  // Runs a chunk in a fresh sandboxed environment. Returns "" or the error message.
  std::string run_string(std::string_view code, std::string_view chunk_name);

  // Packages loaded by load_tree, with the name and level their package{} declared.
  const std::vector<PackageInfo>& packages() const { return packages_; }
  // What scripts printed (print() goes here, not to the terminal), oldest first.
  std::vector<std::string> take_log();

  LuaCore& core() { return *core_; }

 private:
  explicit LuaEngine(LuaLimits limits);
  std::unique_ptr<LuaCore> core_;
  std::vector<PackageInfo> packages_;
};

}  // namespace opora::host
