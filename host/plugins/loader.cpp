#include "plugins/loader.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <exception>
#include <memory>
#include <map>

#include <cstring>
#include <optional>

#include <boost/dll/shared_library.hpp>
#include <opora/abi.hpp>
#include <opora/plugin.hpp>

#include "catalog/guarded.hpp"
#include "plugins/elf.hpp"
#include "plugins/staging.hpp"
#include "util/encoding.hpp"

namespace opora::host {

namespace fs = std::filesystem;

namespace {

// The exported symbols, by role.
constexpr const char* descriptor_symbol = "opora_plugin_abi";
constexpr const char* entry_symbol = "opora_plugin_entry";
// What SDK 1 exported: a Boost.DLL alias to a function returning the descriptor.
constexpr const char* sdk1_descriptor_symbol = "opora_plugin_descriptor";

// "плагин fioko 1.0.0 (fioko.so)" once the descriptor is known, "файл x.so" before.
std::string who(const PluginStatus& s) {
  std::string file = s.file.filename().string();
  if (s.name.empty()) return "файл плагина " + file;
  return "плагин " + s.name + (s.version.empty() ? "" : " " + s.version) + " (" + file + ")";
}

PluginStatus refuse(PluginStatus s, const std::string& reason) {
  s.loaded = false;
  s.error = who(s) + ": " + reason;
  return s;
}

// A fixed text field of the descriptor: NUL-terminated inside its array, valid UTF-8.
std::optional<std::string> text_field(const char* field, std::size_t capacity) {
  const void* nul = std::memchr(field, '\0', capacity);
  if (nul == nullptr) return std::nullopt;
  std::string text(field, static_cast<const char*>(nul) - field);
  if (!is_valid_utf8(text)) return std::nullopt;
  return text;
}

std::string flag_mismatch(std::uint32_t plugin, std::uint32_t host) {
  auto differs = [&](std::uint32_t bit) { return (plugin & bit) != (host & bit); };
  auto has = [](std::uint32_t flags, std::uint32_t bit) { return (flags & bit) != 0; };
  auto library = [&](std::uint32_t f) -> std::string {
    if (has(f, OPORA_BUILD_LIBSTDCXX)) return "libstdc++";
    if (has(f, OPORA_BUILD_LIBCXX)) return "libc++";
    return "неизвестной стандартной библиотекой C++";
  };
  if (differs(OPORA_BUILD_LIBSTDCXX) || differs(OPORA_BUILD_LIBCXX))
    return "собран с " + library(plugin) + ", а хост — с " + library(host) +
           ": типы std::string, std::map и другие устроены по-разному";
  if (differs(OPORA_BUILD_GLIBCXX_DEBUG))
    return has(plugin, OPORA_BUILD_GLIBCXX_DEBUG)
               ? "собран в отладочном режиме libstdc++ (-D_GLIBCXX_DEBUG), а хост — без него: "
                 "контейнеры (std::map в Params, std::vector) другого устройства — пересоберите "
                 "плагин без -D_GLIBCXX_DEBUG"
               : "собран без -D_GLIBCXX_DEBUG, а хост — в отладочном режиме libstdc++: "
                 "контейнеры другого устройства — пересоберите плагин с -D_GLIBCXX_DEBUG";
  if (differs(OPORA_BUILD_CXX11_ABI))
    return "собран с _GLIBCXX_USE_CXX11_ABI=" +
           std::string(has(plugin, OPORA_BUILD_CXX11_ABI) ? "1" : "0") + ", а хост — с " +
           (has(host, OPORA_BUILD_CXX11_ABI) ? "1" : "0") +
           ": std::string другого устройства — пересоберите плагин с тем же значением";
  if (plugin != host) return "собран с неизвестными хосту флагами ABI (" + std::to_string(plugin) + ")";
  return {};
}

// Checks the descriptor's bytes field by field, version first: a plugin of another SDK version
// may have a different layout after the two leading fields, so nothing else is read before.
std::string check_descriptor(std::string_view bytes, PluginStatus& s) {
  std::uint32_t head[2] = {0, 0};  // descriptor_size, abi_version
  if (bytes.size() < sizeof head)
    return "дескриптор " + std::string(descriptor_symbol) + " повреждён (" +
           std::to_string(bytes.size()) + " байт)";
  std::memcpy(head, bytes.data(), sizeof head);
  if (head[1] != sdk_abi_version)
    return "собран для SDK версии " + std::to_string(head[1]) + ", а хост поддерживает " +
           std::to_string(sdk_abi_version) + " — пересоберите плагин с текущим SDK";
  if (head[0] != sizeof(opora_plugin_descriptor))
    return "размер дескриптора " + std::to_string(head[0]) + " байт, ожидалось " +
           std::to_string(sizeof(opora_plugin_descriptor)) +
           " — плагин собран с другими заголовками SDK";
  // The symbol may be longer than the struct (AddressSanitizer pads globals), never shorter.
  if (bytes.size() < sizeof(opora_plugin_descriptor))
    return "символ " + std::string(descriptor_symbol) + " короче дескриптора (" +
           std::to_string(bytes.size()) + " байт из " +
           std::to_string(sizeof(opora_plugin_descriptor)) + ") — файл повреждён";
  opora_plugin_descriptor d;
  std::memcpy(&d, bytes.data(), sizeof d);
  auto name = text_field(d.name, sizeof d.name);
  auto version = text_field(d.version, sizeof d.version);
  auto title = text_field(d.title, sizeof d.title);
  if (!name || !version || !title)
    return "текст дескриптора (имя, версия или название) не завершён нулём или не в UTF-8";
  if (name->empty()) return "в дескрипторе не указано имя плагина";
  s.name = *name;
  s.version = *version;
  s.title = *title;
  if (auto why = flag_mismatch(d.build_flags, detail::build_flags()); !why.empty()) return why;
  if (d.cxx_abi != __GXX_ABI_VERSION)
    return "собран с другим C++ ABI (" + std::to_string(d.cxx_abi) + ", у хоста " +
           std::to_string(__GXX_ABI_VERSION) + ") — пересоберите тем же компилятором";
  if (d.type_count != abi_type_count)
    return "в отпечатке ABI " + std::to_string(d.type_count) + " типов, у хоста " +
           std::to_string(abi_type_count) + " — плагин собран с другими заголовками SDK";
  // Every type that crosses the boundary, named when its size or alignment differs.
  auto host = detail::make_descriptor("", "", "");
  std::string differ;
  for (std::size_t i = 0; i < abi_type_count; ++i) {
    const auto& p = d.types[i];
    const auto& h = host.types[i];
    if (p.size == h.size && p.align == h.align) continue;
    differ += (differ.empty() ? "" : ", ") + std::string(detail::abi_type_names[i]) + " " +
              std::to_string(p.size) + "/" + std::to_string(p.align) + " вместо " +
              std::to_string(h.size) + "/" + std::to_string(h.align);
  }
  if (!differ.empty())
    return "размеры типов SDK не совпадают с хостом (размер/выравнивание в байтах: " + differ +
           ") — плагин собран с другими заголовками SDK или другим компилятором";
  return {};
}

using Seen = std::map<std::string, fs::path>;  // plugin name → file that provided it

PluginStatus load_one(const fs::path& file, Catalog& catalog, Seen& seen) {
  PluginStatus s;
  s.file = file;
  // Everything up to dlopen reads the file only: a refused plugin runs no code at all.
  std::error_code ec;
  auto type = fs::status(file, ec).type();
  if (type != fs::file_type::regular)
    return refuse(s, "не обычный файл (" + std::string(type == fs::file_type::fifo ? "канал FIFO"
                                                       : type == fs::file_type::directory
                                                           ? "папка"
                                                       : type == fs::file_type::not_found
                                                           ? "не найден"
                                                           : "устройство, сокет или иное") +
                         ") — пропущен");
  std::optional<std::string> descriptor;
  bool has_entry = false;
  try {
    auto elf = ElfImage::open(file);
    if (auto bytes = elf.data(descriptor_symbol)) descriptor = std::string(*bytes);
    else if (elf.defines(sdk1_descriptor_symbol))
      return refuse(s, "собран для SDK версии 1 (дескриптор " + std::string(sdk1_descriptor_symbol) +
                           "), а хост поддерживает " + std::to_string(sdk_abi_version) +
                           " — пересоберите плагин с текущим SDK");
    has_entry = elf.defines(entry_symbol);
  } catch (const ElfError& e) {
    return refuse(s, std::string("не загружается как разделяемая библиотека (") + e.what() + ")");
  }
  if (!descriptor)
    return refuse(s, "нет дескриптора " + std::string(descriptor_symbol) +
                         " — библиотека собрана не макросом OPORA_PLUGIN и не является плагином "
                         "opora");
  if (auto reason = check_descriptor(*descriptor, s); !reason.empty()) return refuse(s, reason);
  // A second plugin of the same name is refused before any of its code runs.
  if (auto it = seen.find(s.name); it != seen.end())
    return refuse(s, "плагин с таким именем уже загружен из " + it->second.filename().string());
  if (!has_entry)
    return refuse(s, "нет точки входа " + std::string(entry_symbol) +
                         " — плагин собран не макросом OPORA_PLUGIN");

  // The checks passed: from here on the plugin's code runs (static constructors at load).
  auto lib = std::make_shared<boost::dll::shared_library>();
  try {
    lib->load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    return refuse(s, std::string("не загружается как разделяемая библиотека (") + e.what() + ")");
  }

  // Items are staged first and dropped if the entry point fails; the staging registry is
  // destroyed before `lib` (declared after it), so no object outlives its code.
  StagingRegistry staged;
  std::array<char, 2048> error{};
  int rc = 1;
  try {
    rc = lib->get_alias<detail::EntryFn>(entry_symbol)(staged, error.data(), error.size());
  } catch (const std::exception& e) {
    detail::copy_error(error.data(), error.size(), e.what());  // defensive: the macro catches all
  } catch (...) {
    detail::copy_error(error.data(), error.size(), "исключение не типа std::exception");
  }
  if (rc != 0) {
    staged.clear();
    std::string msg = error[0] ? error.data() : "без сообщения";
    return refuse(s, "ошибка при регистрации: " + msg);
  }

  // The plugin's items go into a catalog of their own first, each in its guard (which reads its
  // id, title, ...): an item whose metadata throws refuses the whole plugin, and nothing of it
  // reaches `catalog`.
  Catalog own;
  own.set_source({"plugin", "plugin " + s.name + " " + s.version + " (" +
                                file.filename().string() + ")"},
                 "", lib, who(s));
  try {
    staged.replay(own);
  } catch (const std::exception& e) {
    staged.clear();
    std::string what = e.what(), prefix = who(s) + ", ";
    if (what.starts_with(prefix)) what.erase(0, prefix.size());  // named once, by refuse()
    return refuse(s, "не прочитан элемент: " + what);
  }
  // `own` must not keep the library alive through its current source.
  own.set_source({"host", "opora"}, "", nullptr);
  catalog.adopt(std::move(own));
  s.loaded = true;
  seen.emplace(s.name, file);
  return s;
}

}  // namespace

PluginStatus load_plugin(const fs::path& file, Catalog& catalog) {
  Seen seen;
  return load_one(file, catalog, seen);
}

std::vector<PluginStatus> load_plugins(const fs::path& dir, Catalog& catalog) {
  std::vector<PluginStatus> out;
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec)) return out;
  std::vector<fs::path> files;
  // Anything named *.so is listed, also a FIFO or a folder: load_one refuses those with the
  // reason (never opening them), so `opora plugins` shows why they were skipped.
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".so") files.push_back(e.path());
  std::sort(files.begin(), files.end());

  Seen seen;
  for (const auto& f : files) out.push_back(load_one(f, catalog, seen));
  return out;
}

fs::path default_plugin_dir() {
  if (const char* env = std::getenv("OPORA_PLUGINS"); env && *env) return env;
  return OPORA_DEFAULT_PLUGINS;
}

}  // namespace opora::host
