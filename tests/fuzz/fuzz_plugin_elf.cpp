// Fuzzes the ELF reader the loader checks a plugin's descriptor with, before loading it: any
// bytes named *.so in the plugins folder reach it. ElfError is the only allowed outcome besides
// success; a crash, an ASan report or another exception is a finding.
#include <cstdint>
#include <string_view>

#include "plugins/elf.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    auto img = opora::host::ElfImage::parse(bytes);
    (void)img.defines("opora_plugin_entry");
    if (auto d = img.data("opora_plugin_abi")) {
      // The view must lie inside the input.
      if (d->data() < bytes.data() || d->data() + d->size() > bytes.data() + bytes.size())
        __builtin_trap();
    }
  } catch (const opora::host::ElfError&) {
  }
  return 0;
}
