// The right ABI version but a ResultRow of another size (built against edited SDK headers).
#include <cstdlib>

#include <opora/opora.hpp>

namespace bad_sizes {
const opora_plugin_descriptor* descriptor() {
  static const opora_plugin_descriptor d = {
      sizeof(opora_plugin_descriptor), opora::sdk_abi_version, "test_bad_sizes", "1.0.0",
      "Плагин с чужими размерами структур", sizeof(opora::ResultRow) + 8, sizeof(opora::Verdict),
      __GXX_ABI_VERSION};
  return &d;
}
int entry(opora::Registry&, char*, std::size_t) { std::abort(); }
}  // namespace bad_sizes

BOOST_DLL_ALIAS(bad_sizes::descriptor, opora_plugin_descriptor)
BOOST_DLL_ALIAS(bad_sizes::entry, opora_plugin_entry)
