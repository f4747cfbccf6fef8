// The ABI descriptor: what the host reads from a plugin's file before it loads it.
//
// The descriptor is a constant data object (`opora_plugin_abi`, exported by OPORA_PLUGIN) with no
// pointers in it, so its bytes are in the file exactly as the compiler wrote them: the host finds
// the symbol in the ELF dynamic symbol table and reads those bytes without mapping the library,
// and no code of a refused plugin (not even a static constructor) ever runs.
//
// Item interfaces are C++ classes and their arguments are standard library types (std::string,
// std::map, std::vector, ...), so a plugin must be built with the same standard library in the
// same mode as the host. The descriptor therefore carries an ABI fingerprint: the library and its
// layout-changing modes (build_flags) and the size and alignment of every type that crosses the
// boundary (types[], in the order of OPORA_ABI_TYPES below).
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "criterion.hpp"
#include "dataset.hpp"
#include "importer.hpp"
#include "indicator.hpp"
#include "params.hpp"
#include "registry.hpp"
#include "roadmap.hpp"
#include "table.hpp"

namespace opora {

// Bump on any change to an SDK interface or struct layout. The host refuses other versions.
// 2: the descriptor became data read from the file (fixed-size texts, ABI fingerprint);
//    OccurrenceState gained `late` and `events`.
// 3: Registry::add_section and the ReportSection / SectionContext interfaces (section.hpp).
// 4: CriterionRun::evaluate_all and CriterionRun::explain (the batch form of a criterion).
inline constexpr std::uint32_t sdk_abi_version = 5;

}  // namespace opora

// Every type whose layout the host and a plugin must agree on: passed by value or reference
// across the boundary, or held inside such a type. X(name shown in messages, the type...).
// Append only within one sdk_abi_version; the host names the first types that differ.
#define OPORA_ABI_TYPES(X)                                                         \
  X("std::string", std::string)                                                    \
  X("std::string_view", std::string_view)                                          \
  X("std::vector<std::string>", std::vector<std::string>)                          \
  X("std::map<std::string, std::string>", std::map<std::string, std::string>)      \
  X("std::optional<double>", std::optional<double>)                                \
  X("std::optional<opora::SchoolIndex>", std::optional<opora::SchoolIndex>)        \
  X("std::vector<opora::SchoolIndex>", std::vector<opora::SchoolIndex>)            \
  X("std::span<const opora::ResultRow>", std::span<const opora::ResultRow>)        \
  X("std::unique_ptr<opora::CriterionRun>", std::unique_ptr<opora::CriterionRun>)  \
  X("std::filesystem::path", std::filesystem::path)                                \
  X("opora::ParamValue (std::variant)", opora::ParamValue)                         \
  X("opora::Params (std::map)", opora::Params)                                     \
  X("opora::ResultRow", opora::ResultRow)                                          \
  X("opora::Aggregate", opora::Aggregate)                                          \
  X("opora::ResultFilter", opora::ResultFilter)                                    \
  X("opora::SchoolInfo", opora::SchoolInfo)                                        \
  X("opora::Verdict", opora::Verdict)                                              \
  X("opora::RunContext", opora::RunContext)                                        \
  X("opora::OccurrenceState", opora::OccurrenceState)                              \
  X("std::vector<opora::OccurrenceState>", std::vector<opora::OccurrenceState>)    \
  X("opora::IndicatorValue", opora::IndicatorValue)                                \
  X("opora::IndicatorSpec", opora::IndicatorSpec)                                  \
  X("opora::CategoryInfo", opora::CategoryInfo)                                    \
  X("opora::ActivityTemplate", opora::ActivityTemplate)                            \
  X("std::vector<opora::ActivityTemplate>", std::vector<opora::ActivityTemplate>)  \
  X("opora::RoadmapTemplate", opora::RoadmapTemplate)                              \
  X("opora::ReportSpec", opora::ReportSpec)                                        \
  X("opora::ResultRecord", opora::ResultRecord)                                    \
  X("opora::ContextRecord", opora::ContextRecord)                                  \
  X("opora::StudentRecord", opora::StudentRecord)                                  \
  X("opora::TableRow", opora::TableRow)                                            \
  X("std::span<opora::Verdict>", std::span<opora::Verdict>)

namespace opora {
#define OPORA_ABI_COUNT_ONE(name, ...) +1
inline constexpr std::size_t abi_type_count = 0 OPORA_ABI_TYPES(OPORA_ABI_COUNT_ONE);
#undef OPORA_ABI_COUNT_ONE
}  // namespace opora

extern "C" {

// Bits of opora_plugin_descriptor::build_flags: the standard library and the modes of it that
// change the layout of its types. _GLIBCXX_ASSERTIONS is deliberately absent: it adds checks to
// inline functions and changes no layout, so a plugin and the host may differ in it.
enum : std::uint32_t {
  OPORA_BUILD_LIBSTDCXX = 1u << 0,      // built against libstdc++ (__GLIBCXX__)
  OPORA_BUILD_LIBCXX = 1u << 1,         // built against libc++ (_LIBCPP_VERSION)
  OPORA_BUILD_CXX11_ABI = 1u << 2,      // _GLIBCXX_USE_CXX11_ABI=1: the C++11 std::string
  OPORA_BUILD_GLIBCXX_DEBUG = 1u << 3,  // _GLIBCXX_DEBUG: checked containers, other layouts
};

struct opora_abi_type {
  std::uint32_t size;
  std::uint32_t align;
};

// Plain C layout, no pointers (the host reads it from the file, before any relocation). The two
// leading fields never move, so any host can read them from any plugin: `descriptor_size` must be
// exactly sizeof(opora_plugin_descriptor) of the host's SDK (the loader accepts no other size;
// with the same `abi_version` a different size means edited SDK headers).
struct opora_plugin_descriptor {
  std::uint32_t descriptor_size;
  std::uint32_t abi_version;
  std::uint32_t cxx_abi;      // __GXX_ABI_VERSION: item interfaces are C++ classes
  std::uint32_t build_flags;  // OPORA_BUILD_* of the plugin's compilation
  char name[64];              // short id, e.g. "fioko"; NUL-terminated UTF-8
  char version[32];           // the plugin's own version, e.g. "1.0.0"
  char title[256];            // Russian, for `opora plugins`
  std::uint32_t type_count;   // opora::abi_type_count
  opora_abi_type types[opora::abi_type_count];  // sizeof / alignof, in OPORA_ABI_TYPES order
};
}

static_assert(offsetof(opora_plugin_descriptor, descriptor_size) == 0);
static_assert(offsetof(opora_plugin_descriptor, abi_version) == 4);

namespace opora::detail {

// The modes of this compilation (host or plugin: both include this header).
constexpr std::uint32_t build_flags() {
  std::uint32_t f = 0;
#if defined(__GLIBCXX__)
  f |= OPORA_BUILD_LIBSTDCXX;
#endif
#if defined(_LIBCPP_VERSION)
  f |= OPORA_BUILD_LIBCXX;
#endif
#if defined(_GLIBCXX_USE_CXX11_ABI) && _GLIBCXX_USE_CXX11_ABI
  f |= OPORA_BUILD_CXX11_ABI;
#endif
#if defined(_GLIBCXX_DEBUG)
  f |= OPORA_BUILD_GLIBCXX_DEBUG;
#endif
  return f;
}

#define OPORA_ABI_NAME(name, ...) name,
inline constexpr const char* abi_type_names[] = {OPORA_ABI_TYPES(OPORA_ABI_NAME)};
#undef OPORA_ABI_NAME

// Copies a literal into a fixed field; a text that does not fit stops the compilation (a throw
// is not a constant expression), so a descriptor is never silently cut.
constexpr void copy_text(char* dst, std::size_t capacity, const char* src) {
  std::size_t i = 0;
  for (; src[i] != '\0'; ++i) {
    if (i + 1 >= capacity) throw "opora: text too long for the plugin descriptor";
    dst[i] = src[i];
  }
  dst[i] = '\0';
}

// The descriptor of this compilation; constant-initialized, so it is plain bytes in the file.
constexpr opora_plugin_descriptor make_descriptor(const char* name, const char* version,
                                                  const char* title) {
  opora_plugin_descriptor d{};
  d.descriptor_size = sizeof(opora_plugin_descriptor);
  d.abi_version = sdk_abi_version;
  d.cxx_abi = __GXX_ABI_VERSION;
  d.build_flags = build_flags();
  copy_text(d.name, sizeof d.name, name);
  copy_text(d.version, sizeof d.version, version);
  copy_text(d.title, sizeof d.title, title);
  d.type_count = abi_type_count;
  std::size_t i = 0;
#define OPORA_ABI_LAYOUT(name, ...) \
  d.types[i++] = {std::uint32_t(sizeof(__VA_ARGS__)), std::uint32_t(alignof(__VA_ARGS__))};
  OPORA_ABI_TYPES(OPORA_ABI_LAYOUT)
#undef OPORA_ABI_LAYOUT
  return d;
}

}  // namespace opora::detail
