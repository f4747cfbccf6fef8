// Fuzzes the sandboxed Lua loader: any text as a chunk (run_string) and as a package file
// (load_tree). Small budgets keep each input fast; a crash, a sanitizer report or an escape from
// the time budget is a finding. Errors returned as text are the expected outcome.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "catalog/catalog.hpp"
#include "lua/engine.hpp"

namespace fs = std::filesystem;
using namespace opora::host;

namespace {

LuaLimits fuzz_limits() {
  LuaLimits l;
  l.instructions = 200'000;
  l.memory_bytes = 16u << 20;
  l.wall_seconds = 2.0;
  return l;
}

const fs::path& tree() {
  static const fs::path root = [] {
    auto p = fs::temp_directory_path() / ("opora_fuzz_lua_" + std::to_string(::getpid()));
    fs::create_directories(p / "scripts" / "federal");
    return p / "scripts";
  }();
  return root;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view code(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto engine = LuaEngine::create(fuzz_limits());
  if (data[0] & 1) {
    // As a package: the package{} declaration and then the fuzzed text, like a real file.
    std::ofstream(tree() / "federal" / "package.lua", std::ios::binary | std::ios::trunc)
        << "package { name = 'РФ', level = 'federal' }\n" << code;
    Catalog catalog;
    engine->load_tree(tree(), catalog);
  } else {
    engine->run_string(code, "fuzz.lua");
  }
  // The host must still answer after whatever the input did.
  if (!engine->run_string("local x = 1 + 1", "probe.lua").empty()) __builtin_trap();
  return 0;
}
