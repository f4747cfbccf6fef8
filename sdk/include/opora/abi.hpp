// The ABI descriptor: the first thing the host reads from a plugin, before calling anything in it.
#pragma once
#include <cstddef>
#include <cstdint>

namespace opora {

// Bump on any change to an SDK interface or struct layout. The host refuses other versions.
inline constexpr std::uint32_t sdk_abi_version = 2;

}  // namespace opora

extern "C" {
// Plain C layout so any future host can read it. `descriptor_size` lets a newer host accept an
// older, shorter descriptor; the struct sizes catch a plugin built with different struct layouts.
struct opora_plugin_descriptor {
  std::uint32_t descriptor_size;
  std::uint32_t abi_version;
  const char* name;     // short id, e.g. "fioko"
  const char* version;  // the plugin's own version, e.g. "1.0.0"
  const char* title;    // Russian, for `opora plugins`
  std::uint32_t sizeof_result_row;
  std::uint32_t sizeof_verdict;
  std::uint32_t cxx_abi;  // __GXX_ABI_VERSION: item interfaces are C++ classes
};
}

// The two leading fields are the part every host version can read: they never move.
static_assert(offsetof(opora_plugin_descriptor, descriptor_size) == 0);
static_assert(offsetof(opora_plugin_descriptor, abi_version) == 4);
