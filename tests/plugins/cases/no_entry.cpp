// A valid descriptor and no entry point: refused from the file, never loaded.
#include <cstdlib>

#include <opora/opora.hpp>

namespace no_entry {
[[maybe_unused]] const bool constructed = [] {
  std::abort();
  return true;
}();
}  // namespace no_entry

extern "C" BOOST_SYMBOL_EXPORT constinit const opora_plugin_descriptor opora_plugin_abi =
    opora::detail::make_descriptor("test_no_entry", "1.0.0", "Плагин без точки входа");
