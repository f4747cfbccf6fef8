// A valid descriptor and no entry point.
#include <opora/opora.hpp>

namespace no_entry {
const opora_plugin_descriptor* descriptor() {
  static const opora_plugin_descriptor d = {
      sizeof(opora_plugin_descriptor), opora::sdk_abi_version, "test_no_entry", "1.0.0",
      "Плагин без точки входа", sizeof(opora::ResultRow), sizeof(opora::Verdict),
      __GXX_ABI_VERSION};
  return &d;
}
}  // namespace no_entry

BOOST_DLL_ALIAS(no_entry::descriptor, opora_plugin_descriptor)
