#include "plugins/elf.hpp"

#include <fcntl.h>
#include <link.h>  // ElfW: the ELF types of this machine's class
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstring>

namespace opora::host {

namespace {

using Ehdr = ElfW(Ehdr);
using Shdr = ElfW(Shdr);
using Sym = ElfW(Sym);

constexpr unsigned char host_class = sizeof(void*) == 8 ? ELFCLASS64 : ELFCLASS32;
constexpr unsigned char host_data =
    std::endian::native == std::endian::little ? ELFDATA2LSB : ELFDATA2MSB;

// Headers are copied out of the bytes, never cast in place: a hostile file may misalign them.
template <class T>
T read_at(std::string_view bytes, std::uint64_t offset) {
  if (offset > bytes.size() || bytes.size() - offset < sizeof(T))
    throw ElfError("заголовок за пределами файла (повреждённый ELF)");
  T out;
  std::memcpy(&out, bytes.data() + offset, sizeof(T));
  return out;
}

std::string_view slice(std::string_view bytes, std::uint64_t offset, std::uint64_t size,
                       const char* what) {
  if (offset > bytes.size() || bytes.size() - offset < size)
    throw ElfError(std::string(what) + " за пределами файла (повреждённый ELF)");
  return bytes.substr(offset, size);
}

}  // namespace

struct ElfImage::Mapping {
  void* data = MAP_FAILED;
  std::size_t size = 0;
  ~Mapping() {
    if (data != MAP_FAILED) munmap(data, size);
  }
};

struct ElfImage::Symbol {
  Sym sym;
};

ElfImage::ElfImage(ElfImage&&) noexcept = default;
ElfImage& ElfImage::operator=(ElfImage&&) noexcept = default;
ElfImage::~ElfImage() = default;

ElfImage ElfImage::open(const std::filesystem::path& file) {
  // O_NONBLOCK: a FIFO that slipped past the caller's check must not block the open.
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw ElfError(std::string("не открывается: ") + std::strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw ElfError("не обычный файл");
  }
  ElfImage img;
  img.mapping_ = std::make_unique<Mapping>();
  if (st.st_size > 0) {
    img.mapping_->size = static_cast<std::size_t>(st.st_size);
    img.mapping_->data = mmap(nullptr, img.mapping_->size, PROT_READ, MAP_PRIVATE, fd, 0);
  }
  int err = errno;
  ::close(fd);
  if (st.st_size > 0 && img.mapping_->data == MAP_FAILED)
    throw ElfError(std::string("не читается: ") + std::strerror(err));
  if (st.st_size > 0)
    img.bytes_ = {static_cast<const char*>(img.mapping_->data), img.mapping_->size};
  img.index();
  return img;
}

ElfImage ElfImage::parse(std::string_view bytes) {
  ElfImage img;
  img.bytes_ = bytes;
  img.index();
  return img;
}

void ElfImage::index() {
  if (bytes_.size() < EI_NIDENT || std::memcmp(bytes_.data(), ELFMAG, SELFMAG) != 0)
    throw ElfError("не файл ELF");
  if (static_cast<unsigned char>(bytes_[EI_CLASS]) != host_class ||
      static_cast<unsigned char>(bytes_[EI_DATA]) != host_data)
    throw ElfError("ELF другой разрядности или порядка байтов, чем у хоста");
  auto eh = read_at<Ehdr>(bytes_, 0);
  if (eh.e_type != ET_DYN) throw ElfError("ELF, но не разделяемая библиотека");
  if (eh.e_shoff == 0 || eh.e_shnum == 0)
    throw ElfError("в ELF нет таблицы разделов (библиотека обработана sstrip?)");
  if (eh.e_shentsize != sizeof(Shdr)) throw ElfError("неизвестный размер заголовка раздела ELF");
  sections_ = slice(bytes_, eh.e_shoff, std::uint64_t(eh.e_shnum) * sizeof(Shdr),
                    "таблица разделов");
  for (std::size_t i = 0; i < eh.e_shnum; ++i) {
    auto sh = read_at<Shdr>(sections_, i * sizeof(Shdr));
    if (sh.sh_type != SHT_DYNSYM) continue;
    if (sh.sh_entsize != sizeof(Sym)) throw ElfError("неизвестный размер записи .dynsym");
    if (sh.sh_link >= eh.e_shnum) throw ElfError("таблица строк .dynsym за пределами файла");
    auto str = read_at<Shdr>(sections_, std::uint64_t(sh.sh_link) * sizeof(Shdr));
    if (str.sh_type != SHT_STRTAB) throw ElfError("таблица строк .dynsym повреждена");
    dynsym_ = slice(bytes_, sh.sh_offset, sh.sh_size - sh.sh_size % sizeof(Sym), ".dynsym");
    dynstr_ = slice(bytes_, str.sh_offset, str.sh_size, ".dynstr");
    return;
  }
  throw ElfError("в ELF нет таблицы динамических символов");
}

bool ElfImage::find(std::string_view name, Symbol& out) const {
  for (std::size_t off = 0; off + sizeof(Sym) <= dynsym_.size(); off += sizeof(Sym)) {
    auto sym = read_at<Sym>(dynsym_, off);
    if (sym.st_shndx == SHN_UNDEF || sym.st_name >= dynstr_.size()) continue;
    auto rest = dynstr_.substr(sym.st_name);
    auto end = rest.find('\0');
    if (end == std::string_view::npos || rest.substr(0, end) != name) continue;
    out.sym = sym;
    return true;
  }
  return false;
}

bool ElfImage::defines(std::string_view name) const {
  Symbol s;
  return find(name, s);
}

std::optional<std::string_view> ElfImage::data(std::string_view name) const {
  Symbol s;
  if (!find(name, s)) return std::nullopt;
  const auto& sym = s.sym;
  if (sym.st_shndx >= SHN_LORESERVE || sym.st_shndx >= sections_.size() / sizeof(Shdr))
    return std::nullopt;  // absolute / common symbols have no bytes in a section
  auto sh = read_at<Shdr>(sections_, std::uint64_t(sym.st_shndx) * sizeof(Shdr));
  if (sh.sh_type == SHT_NOBITS) return std::nullopt;
  // The symbol's address within its section, then the section's place in the file.
  if (sym.st_value < sh.sh_addr || sym.st_value - sh.sh_addr > sh.sh_size ||
      sh.sh_size - (sym.st_value - sh.sh_addr) < sym.st_size)
    throw ElfError("символ " + std::string(name) + " за пределами своего раздела");
  if (sh.sh_offset > bytes_.size()) throw ElfError("раздел символа за пределами файла");
  return slice(bytes_, std::uint64_t(sh.sh_offset) + (sym.st_value - sh.sh_addr), sym.st_size,
               ("символ " + std::string(name)).c_str());
}

}  // namespace opora::host
