// The plugin loader: reads every compiled plugin of a folder, checks its ABI descriptor in the
// file before loading it (so no code of a refused plugin runs), then loads it and registers its
// items, each behind its guard (catalog/guarded.hpp), into the catalog. A bad plugin is refused
// with a reason in Russian; it never stops the others from loading.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"

namespace opora::host {

struct PluginStatus {
  std::filesystem::path file;
  std::string name, version, title;  // from the descriptor, when it could be read
  bool loaded = false;
  std::string error;  // Russian, names the file; empty when loaded
};

// Loads every *.so in `dir` (sorted by file name, so the order is deterministic); an entry that
// is not a regular file (a FIFO, a folder) is listed as refused, never opened. A missing folder
// yields an empty list. Never throws for a bad plugin.
std::vector<PluginStatus> load_plugins(const std::filesystem::path& dir, Catalog& catalog);

// One plugin file; what load_plugins does for each *.so.
PluginStatus load_plugin(const std::filesystem::path& file, Catalog& catalog);

// $OPORA_PLUGINS if set and not empty, else the build's plugins folder (OPORA_DEFAULT_PLUGINS).
std::filesystem::path default_plugin_dir();

}  // namespace opora::host
