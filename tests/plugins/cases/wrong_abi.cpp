// A plugin that claims another SDK ABI version; the loader must refuse it from its file, so
// neither its static constructor nor its entry point may ever run.
#include <cstdlib>

#include <opora/opora.hpp>

namespace wrong_abi {
// Runs at dlopen: aborts the host if the loader loads the library before checking it.
[[maybe_unused]] const bool constructed = [] {
  std::abort();
  return true;
}();
int entry(opora::Registry&, char*, std::size_t) { std::abort(); }
// Built outside the extern "C" declaration below: GCC takes a lambda's locals there as extern.
constexpr opora_plugin_descriptor descriptor() {
  auto d = opora::detail::make_descriptor("test_wrong_abi", "9.9.9", "Плагин другой версии SDK");
  d.abi_version = 42;
  return d;
}
}  // namespace wrong_abi

extern "C" BOOST_SYMBOL_EXPORT constinit const opora_plugin_descriptor opora_plugin_abi =
    wrong_abi::descriptor();
BOOST_DLL_ALIAS(wrong_abi::entry, opora_plugin_entry)
