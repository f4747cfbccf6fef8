// Internal to host/lua: the pieces open_sandbox and push_environment assemble.
#pragma once
#include <lua.hpp>

#include <filesystem>

namespace opora::host {

// patterns.cpp: find/match/gmatch/gsub into the string table at `idx`, each matching step
// charged against the budget.
void install_patterns(lua_State* L, int idx);
// charged.cpp: wraps the library functions (in the table of libraries at libs_idx) whose work
// grows with their arguments, so the work is charged before it starts.
void charge_libraries(lua_State* L, int libs_idx);
// sandbox_guards.cpp: pcall, xpcall and the coroutine functions that cannot hide a limit or
// run script code with the hook off; rawset that respects frozen tables.
void install_guards(lua_State* L, int base_idx, int libs_idx);
// require.cpp: pushes the require function of an environment (at env_idx) rooted at `dir`.
void push_require(lua_State* L, int env_idx, const std::filesystem::path& dir);
// require.cpp: whether `file`, with every symlink resolved, lies inside the scripts `root`
// (the rule for modules and for package.lua alike).
bool inside_tree(const std::filesystem::path& file, const std::filesystem::path& root);
// declarations.cpp: package{}, criterion{}, ... into the base table at base_idx.
void register_declarations(lua_State* L, int base_idx);

}  // namespace opora::host
