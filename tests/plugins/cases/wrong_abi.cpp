// A plugin that claims another SDK ABI version; its entry point must never be called.
#include <cstdlib>

#include <opora/opora.hpp>

namespace wrong_abi {
const opora_plugin_descriptor* descriptor() {
  static const opora_plugin_descriptor d = {
      sizeof(opora_plugin_descriptor), opora::sdk_abi_version + 41, "test_wrong_abi", "9.9.9",
      "Плагин другой версии SDK", sizeof(opora::ResultRow), sizeof(opora::Verdict),
      __GXX_ABI_VERSION};
  return &d;
}
int entry(opora::Registry&, char*, std::size_t) { std::abort(); }
}  // namespace wrong_abi

BOOST_DLL_ALIAS(wrong_abi::descriptor, opora_plugin_descriptor)
BOOST_DLL_ALIAS(wrong_abi::entry, opora_plugin_entry)
