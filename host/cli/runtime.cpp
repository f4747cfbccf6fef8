#include <algorithm>
#include <iostream>
#include <map>
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
  if (db_) return *db_;
  auto path = std::filesystem::path(globals_.db);
  try {
    switch (use_) {
      case StoreUse::none:
        throw std::logic_error("the command declared StoreUse::none but opens the store");
      case StoreUse::optional:
      case StoreUse::read:
        // Readers neither migrate nor register territories: no write lock, so they run while
        // an import writes, and on a store they may not change.
        db_ = std::make_unique<Db>(Db::open(path, Access::read_only));
        require_current_schema(*db_);
        break;
      case StoreUse::write: {
        if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
        db_ = std::make_unique<Db>(Db::open(path, Access::read_write));
        migrate(*db_);
        // Territories that have a package are in the store from its first write on.
        Transaction tx(*db_);
        for (const auto& t : package_territories())
          ensure_territory(*db_, t.id, t.name, t.parent, t.level, "package");
        tx.commit();
        break;
      }
    }
  } catch (const StoreError& e) {
    db_.reset();
    throw UserError(e.what());
  }
  return *db_;
}

bool Runtime::has_store() {
  if (use_ != StoreUse::optional) return use_ != StoreUse::none;
  std::error_code ec;
  return std::filesystem::exists(globals_.db, ec);
}

std::vector<TerritoryRow> Runtime::package_territories() {
  load_catalog();
  std::vector<TerritoryRow> out;
  for (const auto& p : lua_->packages()) {
    auto parent = p.territory == "federal" ? std::string()
                  : p.territory.find('/') == std::string::npos
                      ? std::string("federal")
                      : p.territory.substr(0, p.territory.rfind('/'));
    out.push_back({p.territory, p.name, parent, p.level});
  }
  return out;
}

std::vector<TerritoryRow> Runtime::territories() {
  std::map<std::string, TerritoryRow> all;
  // A package's territory not yet in the store (a reader registers nothing) is still known.
  for (auto& t : package_territories()) all[t.id] = std::move(t);
  if (has_store()) {
    auto q = db().prepare("SELECT id, name, coalesce(parent, ''), level FROM territories");
    while (q.step())
      all[std::string(q.column_text(0))] = {std::string(q.column_text(0)),
                                            std::string(q.column_text(1)),
                                            std::string(q.column_text(2)),
                                            std::string(q.column_text(3))};
  }
  std::vector<TerritoryRow> out;
  if (auto f = all.find("federal"); f != all.end()) {
    out.push_back(std::move(f->second));
    all.erase(f);
  }
  for (auto& [id, t] : all) out.push_back(std::move(t));
  return out;
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
  if (warn_packages_)
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
  auto known = territories();
  for (const auto& t : known)
    if (t.id == text) return t.id;
  // A unique last segment: "chebarkul" for "chelyabinsk/chebarkul".
  std::vector<std::string> found;
  for (const auto& t : known)
    if (t.id.size() > text.size() && t.id.ends_with(text) &&
        t.id[t.id.size() - text.size() - 1] == '/')
      found.push_back(t.id);
  if (found.size() == 1) return found[0];
  if (found.empty())
    throw UsageError("территория «" + text + "» не найдена (список: opora territories)");
  std::string all;
  for (const auto& f : found) all += " " + f;
  throw UsageError("территория «" + text + "» неоднозначна:" + all);
}

CLI::App* add_command(CLI::App& parent, Runtime& rt, const std::string& name,
                      const std::string& description, StoreUse use) {
  auto* c = parent.add_subcommand(name, description);
  // Runs while parsing, before any callback: a nested command's declaration overrides its
  // group's (roadmap → roadmap create).
  c->preparse_callback([&rt, use](std::size_t) { rt.use_store(use); });
  return c;
}

CLI::Option* writes_store(CLI::Option* option, Runtime& rt) {
  return option->each([&rt](const std::string&) { rt.need_write(); });
}

std::vector<std::unique_ptr<Runtime>> worker_runtimes(Runtime& rt, unsigned workers) {
  std::vector<std::unique_ptr<Runtime>> out(std::max(workers, 1u));
  for (unsigned w = 1; w < workers; ++w) {
    out[w] = std::make_unique<Runtime>(rt.globals());
    out[w]->use_store(StoreUse::read);
    out[w]->quiet_load_warnings();
  }
  return out;
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
