#include "plugins/loader.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <exception>
#include <memory>
#include <map>

#include <boost/dll/shared_library.hpp>
#include <opora/abi.hpp>
#include <opora/plugin.hpp>

#include "plugins/staging.hpp"

namespace opora::host {

namespace fs = std::filesystem;

namespace {

using DescriptorFn = const opora_plugin_descriptor*();

// "плагин fioko 1.0.0 (fioko.so)" once the descriptor is known, "файл x.so" before.
std::string who(const PluginStatus& s) {
  std::string file = s.file.filename().string();
  if (s.name.empty()) return "файл плагина " + file;
  return "плагин " + s.name + " (" + file + ")";
}

PluginStatus refuse(PluginStatus s, const std::string& reason) {
  s.loaded = false;
  s.error = who(s) + ": " + reason;
  return s;
}

// Checks the descriptor field by field, version first: a plugin of another SDK version may have
// a different layout after the two leading fields, so nothing else is read before that check.
std::string check_descriptor(const opora_plugin_descriptor* d, PluginStatus& s) {
  if (d == nullptr) return "дескриптор opora_plugin_descriptor пуст";
  if (d->descriptor_size < 2 * sizeof(std::uint32_t))
    return "дескриптор повреждён (размер " + std::to_string(d->descriptor_size) + " байт)";
  if (d->abi_version != sdk_abi_version)
    return "собран для SDK версии " + std::to_string(d->abi_version) +
           ", а хост поддерживает " + std::to_string(sdk_abi_version) +
           " — пересоберите плагин с текущим SDK";
  if (d->descriptor_size != sizeof(opora_plugin_descriptor))
    return "размер дескриптора " + std::to_string(d->descriptor_size) + " байт, ожидалось " +
           std::to_string(sizeof(opora_plugin_descriptor)) +
           " — плагин собран с другими заголовками SDK";
  if (d->name == nullptr || *d->name == '\0') return "в дескрипторе не указано имя плагина";
  s.name = d->name;
  s.version = d->version ? d->version : "";
  s.title = d->title ? d->title : "";
  if (d->sizeof_result_row != sizeof(ResultRow) || d->sizeof_verdict != sizeof(Verdict))
    return "размеры структур SDK не совпадают с хостом (ResultRow " +
           std::to_string(d->sizeof_result_row) + " вместо " + std::to_string(sizeof(ResultRow)) +
           ", Verdict " + std::to_string(d->sizeof_verdict) + " вместо " +
           std::to_string(sizeof(Verdict)) + ") — плагин собран с другими заголовками SDK";
  if (d->cxx_abi != __GXX_ABI_VERSION)
    return "собран с другим C++ ABI (" + std::to_string(d->cxx_abi) + ", у хоста " +
           std::to_string(__GXX_ABI_VERSION) + ") — пересоберите тем же компилятором";
  return {};
}

using Seen = std::map<std::string, fs::path>;  // plugin name → file that provided it

PluginStatus load_one(const fs::path& file, Catalog& catalog, Seen& seen) {
  PluginStatus s;
  s.file = file;
  auto lib = std::make_shared<boost::dll::shared_library>();
  try {
    lib->load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    return refuse(s, std::string("не загружается как разделяемая библиотека (") + e.what() + ")");
  }
  if (!lib->has("opora_plugin_descriptor"))
    return refuse(s,
                  "нет дескриптора opora_plugin_descriptor — библиотека собрана не макросом "
                  "OPORA_PLUGIN и не является плагином opora");
  const opora_plugin_descriptor* d = nullptr;
  try {
    d = lib->get_alias<DescriptorFn>("opora_plugin_descriptor")();
  } catch (const std::exception& e) {
    return refuse(s, std::string("не удалось прочитать дескриптор: ") + e.what());
  }
  if (auto reason = check_descriptor(d, s); !reason.empty()) return refuse(s, reason);
  // A second plugin of the same name is refused before any of its code runs.
  if (auto it = seen.find(s.name); it != seen.end())
    return refuse(s, "плагин с таким именем уже загружен из " + it->second.filename().string());
  if (!lib->has("opora_plugin_entry"))
    return refuse(s, "нет точки входа opora_plugin_entry — плагин собран не макросом OPORA_PLUGIN");

  // Items are staged first and dropped if the entry point fails; the staging registry is
  // destroyed before `lib` (declared after it), so no object outlives its code.
  StagingRegistry staged;
  std::array<char, 2048> error{};
  int rc = 1;
  try {
    rc = lib->get_alias<detail::EntryFn>("opora_plugin_entry")(staged, error.data(), error.size());
  } catch (const std::exception& e) {
    detail::copy_error(error.data(), error.size(), e.what());  // defensive: the macro catches all
  }
  if (rc != 0) {
    staged.clear();
    std::string msg = error[0] ? error.data() : "без сообщения";
    return refuse(s, "ошибка при регистрации: " + msg);
  }

  catalog.set_source({"plugin", "plugin " + s.name + " " + s.version + " (" +
                                    file.filename().string() + ")"},
                     "", lib);
  staged.replay(catalog);
  // The catalog must not keep the last plugin alive through its current source.
  catalog.set_source({"host", "opora"}, "", nullptr);
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
