// Reads a shared object's dynamic symbols and the bytes of its data symbols from the file,
// without loading it: the loader checks a plugin's descriptor this way, so no code of the plugin
// (static constructors run at dlopen) runs before the check. Only this host's ELF class and byte
// order are read; every offset is bounds-checked, a malformed file is an error, never a crash.
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace opora::host {

// Why a file cannot be read as a shared object. Russian, without the file name.
class ElfError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ElfImage {
 public:
  // Maps `file` read-only. Throws ElfError: not a regular file, unreadable, not an ELF shared
  // object of this machine's class and byte order, or a section / symbol table out of bounds.
  static ElfImage open(const std::filesystem::path& file);
  // The same checks on bytes in memory (the fuzzer); the bytes must outlive the image.
  static ElfImage parse(std::string_view bytes);

  ElfImage(ElfImage&&) noexcept;
  ElfImage& operator=(ElfImage&&) noexcept;
  ~ElfImage();

  // True when the dynamic symbol table defines `name` (undefined references do not count).
  bool defines(std::string_view name) const;
  // The bytes of a defined data symbol as stored in the file (st_size bytes); nullopt when the
  // symbol is absent or has no bytes in the file (.bss). Throws ElfError when out of bounds.
  std::optional<std::string_view> data(std::string_view name) const;

 private:
  ElfImage() = default;
  void index();
  struct Symbol;
  bool find(std::string_view name, Symbol& out) const;

  struct Mapping;
  std::unique_ptr<Mapping> mapping_;
  std::string_view bytes_;
  std::string_view dynsym_, dynstr_;
  std::string_view sections_;  // the section header table
};

}  // namespace opora::host
