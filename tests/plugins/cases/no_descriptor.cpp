// An entry point without a descriptor: the loader must neither load the library nor call it.
#include <cstdlib>

#include <opora/opora.hpp>

namespace no_descriptor {
[[maybe_unused]] const bool constructed = [] {
  std::abort();
  return true;
}();
int entry(opora::Registry&, char*, std::size_t) { std::abort(); }
}  // namespace no_descriptor

BOOST_DLL_ALIAS(no_descriptor::entry, opora_plugin_entry)
