// Internal to host/lua: the pieces open_sandbox and push_environment assemble.
#pragma once
#include <lua.hpp>

#include <filesystem>

namespace opora::host {

// string_caps.cpp: replaces find/match/gmatch/gsub/rep of the string table at `idx` with
// versions that refuse oversized subjects, patterns and results.
void patch_string_library(lua_State* L, int idx);
// require.cpp: pushes the require function of an environment (at env_idx) rooted at `dir`.
void push_require(lua_State* L, int env_idx, const std::filesystem::path& dir);
// require.cpp: whether `file`, with every symlink resolved, lies inside the scripts `root`
// (the rule for modules and for package.lua alike).
bool inside_tree(const std::filesystem::path& file, const std::filesystem::path& root);
// declarations.cpp: package{}, criterion{}, ... into the base table at base_idx.
void register_declarations(lua_State* L, int base_idx);

}  // namespace opora::host
