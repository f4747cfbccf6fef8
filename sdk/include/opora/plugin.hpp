// OPORA_PLUGIN exports a plugin through Boost.DLL: its ABI descriptor and its entry point.
//
//   #include <opora/opora.hpp>
//   static void register_items(opora::Registry& r) { r.add_criterion(std::make_unique<My>()); }
//   OPORA_PLUGIN("myregion", "1.0.0", "Критерии моего региона", register_items)
//
// Two exports, both required: `opora_plugin_abi`, the descriptor (read by the host from the file
// before the library is loaded, see abi.hpp) and `opora_plugin_entry`. The entry point catches
// every exception: none crosses the plugin boundary. It returns 0 on success, or non-zero with a
// message copied into `error`; the host then discards whatever the plugin registered. Item
// methods are guarded by the host (see docs/sdk.md).
#pragma once
#include <boost/dll/alias.hpp>
#include <cstddef>
#include <cstring>
#include <exception>

#include "abi.hpp"
#include "registry.hpp"

namespace opora::detail {
using EntryFn = int(opora::Registry&, char* error, std::size_t capacity);

inline void copy_error(char* dst, std::size_t cap, const char* msg) {
  if (cap == 0) return;
  std::strncpy(dst, msg, cap - 1);
  dst[cap - 1] = '\0';
}
}  // namespace opora::detail

// The descriptor is constant data with default visibility (the host reads it from the file);
// the entry point is a Boost.DLL alias (the host calls it after loading the library).
#define OPORA_PLUGIN(NAME, VERSION, TITLE, REGISTER_FN)                                         \
  extern "C" BOOST_SYMBOL_EXPORT constinit const opora_plugin_descriptor opora_plugin_abi =    \
      ::opora::detail::make_descriptor(NAME, VERSION, TITLE);                                 \
  namespace opora_plugin_export {                                                             \
  int entry(::opora::Registry& registry, char* error, std::size_t capacity) {                 \
    try {                                                                                     \
      REGISTER_FN(registry);                                                                  \
      return 0;                                                                               \
    } catch (const std::exception& e) {                                                       \
      ::opora::detail::copy_error(error, capacity, e.what());                                 \
    } catch (...) {                                                                           \
      ::opora::detail::copy_error(error, capacity, "unknown exception");                      \
    }                                                                                         \
    return 1;                                                                                 \
  }                                                                                           \
  }                                                                                           \
  BOOST_DLL_ALIAS(opora_plugin_export::entry, opora_plugin_entry)
