// The right ABI version but a ResultRow of another size (built against edited SDK headers). Its
// static constructor and entry point must never run.
#include <cstdlib>
#include <string_view>

#include <opora/opora.hpp>

namespace bad_sizes {
[[maybe_unused]] const bool constructed = [] {
  std::abort();
  return true;
}();
int entry(opora::Registry&, char*, std::size_t) { std::abort(); }
// Built outside the extern "C" declaration below: GCC takes a lambda's locals there as extern.
constexpr opora_plugin_descriptor descriptor() {
  auto d = opora::detail::make_descriptor("test_bad_sizes", "1.0.0",
                                          "Плагин с чужими размерами структур");
  for (std::size_t i = 0; i < opora::abi_type_count; ++i)
    if (std::string_view(opora::detail::abi_type_names[i]) == "opora::ResultRow")
      d.types[i].size += 8;
  return d;
}
}  // namespace bad_sizes

extern "C" BOOST_SYMBOL_EXPORT constinit const opora_plugin_descriptor opora_plugin_abi =
    bad_sizes::descriptor();
BOOST_DLL_ALIAS(bad_sizes::entry, opora_plugin_entry)
