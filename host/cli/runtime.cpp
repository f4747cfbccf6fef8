#include <iostream>
#include <unistd.h>

#include "cli/app.hpp"
#include "lua/engine.hpp"
#include "plugins/loader.hpp"
#include "report/renderers.hpp"
#include "store/migrations.hpp"
#include "store/territory.hpp"

namespace opora::host {

Runtime::~Runtime() {
  // Items hold their plugin libraries and the Lua engine; drop them before anything else.
  catalog_.reset();
  lua_.reset();
}

Db& Runtime::db() {
  if (!db_) {
    auto path = std::filesystem::path(globals_.db);
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    db_ = std::make_unique<Db>(Db::open(path));
    migrate(*db_);
    // Territories that have a package exist as soon as the store is opened.
    load_catalog();
    Transaction tx(*db_);
    for (const auto& p : lua_->packages()) {
      auto parent = p.territory == "federal" ? std::string()
                    : p.territory.find('/') == std::string::npos
                        ? std::string("federal")
                        : p.territory.substr(0, p.territory.rfind('/'));
      ensure_territory(*db_, p.territory, p.name, parent, p.level, "package");
    }
    tx.commit();
  }
  return *db_;
}

void Runtime::load_catalog() {
  if (catalog_) return;
  catalog_ = std::make_unique<Catalog>();
  // The host's own renderers first: a plugin or package may add formats or replace one.
  register_builtin_renderers(*catalog_);
  // Plugins first: packages may refer to what plugins declare, and override it by id.
  plugins_ = load_plugins(globals_.plugins, *catalog_);
  for (const auto& p : plugins_)
    if (!p.loaded && warn_refusals_) std::cerr << "Плагин не загружен: " << p.error << "\n";
  lua_ = LuaEngine::create();
  package_errors_ = lua_->load_tree(globals_.scripts, *catalog_);
  for (const auto& e : package_errors_) std::cerr << "Пакет не загружен: " << e << "\n";
}

Catalog& Runtime::catalog() {
  load_catalog();
  return *catalog_;
}

const std::vector<PluginStatus>& Runtime::plugins() {
  load_catalog();
  return plugins_;
}

const std::vector<std::string>& Runtime::package_errors() {
  load_catalog();
  return package_errors_;
}

std::string Runtime::territory(const std::string& text) {
  auto& d = db();
  auto exact = d.prepare("SELECT id FROM territories WHERE id = ?");
  exact.bind(1, text);
  if (exact.step()) return std::string(exact.column_text(0));
  // A unique last segment: "chebarkul" for "chelyabinsk/chebarkul".
  auto q = d.prepare(
      "SELECT id FROM territories WHERE substr(id, -(length(?1) + 1)) = '/' || ?1 ORDER BY id");
  q.bind(1, text);
  std::vector<std::string> found;
  while (q.step()) found.emplace_back(q.column_text(0));
  if (found.size() == 1) return found[0];
  if (found.empty())
    throw UsageError("территория «" + text + "» не найдена (список: opora territories)");
  std::string all;
  for (const auto& f : found) all += " " + f;
  throw UsageError("территория «" + text + "» неоднозначна:" + all);
}

void progress(const std::string& what, std::size_t done, std::size_t total) {
  static const bool tty = isatty(2);
  if (!tty || total == 0) return;
  int width = 30;
  int filled = int(width * done / total);
  std::cerr << "\r" << what << " [" << std::string(filled, '#') << std::string(width - filled, ' ')
            << "] " << done << "/" << total << (done == total ? "\n" : "") << std::flush;
}

}  // namespace opora::host
