// LuaEngine: runs the packages of a scripts tree (load or check) and arbitrary chunks.
#include "lua/engine.hpp"

#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "lua/core.hpp"
#include "lua/declarations.hpp"
#include "lua/sandbox_parts.hpp"

namespace opora::host {

namespace {

// Runs one package.lua in a fresh environment with `load` as the current package.
std::string run_package(LuaCore& core, PackageLoad& load, std::string& file_label) {
  namespace fs = std::filesystem;
  auto file = load.info.dir / "package.lua";
  file_label = (fs::path(core.root_label) / load.info.territory / "package.lua").generic_string();
  // The rule require applies to modules: a package.lua that resolves (through a symlink) to a
  // file outside the scripts tree is not run.
  if (!inside_tree(file, core.root))
    return "package.lua ведёт за пределы дерева скриптов (символическая ссылка)";
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  if (!ec && size > kMaxScriptBytes)
    return file_label + ": файл слишком велик (" + std::to_string(size) +
           " байт, допустимо не больше " + std::to_string(kMaxScriptBytes >> 20) + " МБ)";
  std::ifstream in(file, std::ios::binary);
  if (!in) return "не удалось прочитать файл";
  std::ostringstream text;
  text << in.rdbuf();
  std::string code = text.str();
  std::string chunk = "@" + file_label;
  load.sources += code + '\x1e';
  core.loading = &load;
  CallScope scope(core, core.owner_of(load.info.territory));
  auto err = core.run([&](lua_State* L) {
    push_environment(L, load.info.dir);
    load_text(L, code, chunk, 1);
    lua_call(L, 0, 0);
    // From now on the package's globals are read-only: a verdict cannot depend on what an
    // earlier evaluate left in a global (state belongs in prepare's result or in locals).
    freeze_environment(L, 1);
  });
  core.loading = nullptr;
  return err;
}

void set_root(LuaCore& core, const std::filesystem::path& root) {
  std::error_code ec;
  core.root = std::filesystem::weakly_canonical(root, ec);
  if (ec) core.root = root;
  core.root_label = core.root.filename().string();
}

bool builtin_category(const std::string& code) {
  for (const char* c : {category::low_results, category::social_risk, category::risk_zone,
                        category::resilient, category::bias_signs})
    if (code == c) return true;
  return false;
}

}  // namespace

LuaEngine::LuaEngine(LuaLimits limits) : core_(std::make_unique<LuaCore>(limits)) {}
LuaEngine::~LuaEngine() = default;

std::shared_ptr<LuaEngine> LuaEngine::create(LuaLimits limits) {
  return std::shared_ptr<LuaEngine>(new LuaEngine(limits));
}

std::vector<std::string> LuaEngine::load_tree(const std::filesystem::path& root,
                                              Catalog& catalog) {
  std::lock_guard lock(core_->mutex);
  std::vector<std::string> errors;
  set_root(*core_, root);
  auto found = discover_packages(core_->root);
  if (found.empty()) errors.push_back(root.string() + ": пакеты (package.lua) не найдены");
  for (auto& info : found) {
    PackageLoad load;
    load.info = info;
    load.engine = shared_from_this();
    std::string file;
    auto err = run_package(*core_, load, file);
    if (!err.empty()) {
      errors.push_back(decorate(err, file, "пакет " + info.territory + " не загружен"));
      continue;  // its queued items are dropped: a package loads whole or not at all
    }
    for (auto& commit : load.commits) commit(catalog);
    packages_.push_back(load.info);
  }
  return errors;
}

std::vector<std::string> LuaEngine::check_tree(const std::filesystem::path& root,
                                               const std::vector<std::string>& external_ids,
                                               const std::map<std::string, Params>& external_params) {
  std::lock_guard lock(core_->mutex);
  std::vector<std::string> errors;
  set_root(*core_, root);
  auto found = discover_packages(core_->root);
  if (found.empty()) errors.push_back(root.string() + ": пакеты (package.lua) не найдены");
  std::vector<PackageLoad> loads;
  for (auto& info : found) {
    loads.emplace_back();
    loads.back().info = info;
    loads.back().mode = LoadMode::check;
    loads.back().engine = shared_from_this();
    std::string file;
    auto err = run_package(*core_, loads.back(), file);
    if (!err.empty()) errors.push_back(decorate(err, file, "пакет " + info.territory));
    auto& pe = loads.back().errors;
    errors.insert(errors.end(), pe.begin(), pe.end());
  }
  // References resolve along the territory chain (federal, region, municipality).
  std::map<std::string, const PackageLoad*> by_territory;
  for (const auto& l : loads) by_territory[l.info.territory] = &l;
  std::set<std::string> external(external_ids.begin(), external_ids.end());
  auto declared = [&](const PackageLoad& l, const char* kind, const std::string& id) {
    for (const auto& t : Catalog::chain_of(l.info.territory)) {
      auto it = by_territory.find(t);
      if (it == by_territory.end()) continue;
      auto ids = it->second->ids.find(kind);
      if (ids != it->second->ids.end() && ids->second.count(id)) return true;
    }
    return false;
  };
  // An activity an indicator counts may be in a roadmap of its own chain or of any territory
  // below it (a regional indicator measures the municipalities' plans).
  auto activity_known = [&](const PackageLoad& l, const std::string& number) {
    if (declared(l, "activity", number)) return true;
    const auto& t = l.info.territory;
    for (const auto& other : loads) {
      const auto& o = other.info.territory;
      bool below = t == "federal" || (o.size() > t.size() && o.compare(0, t.size(), t) == 0 &&
                                      o[t.size()] == '/');
      auto ids = other.ids.find("activity");
      if (below && ids != other.ids.end() && ids->second.count(number)) return true;
    }
    return false;
  };
  for (const auto& l : loads) {
    for (const auto& r : l.refs) {
      bool ok = external.count(r.id) > 0;
      std::string what;
      if (r.kind == "category") {
        ok = ok || builtin_category(r.id) || declared(l, "category", r.id);
        what = "неизвестная категория";
      } else if (r.kind == "indicator_type") {
        ok = ok || declared(l, "indicator_type", r.id) || declared(l, "indicator", r.id);
        what = "неизвестный тип показателя";
      } else if (r.kind == "indicator") {
        ok = ok || declared(l, "indicator", r.id);
        what = "неизвестный показатель";
      } else if (r.kind == "section") {
        ok = ok || declared(l, "section", r.id);
        what = "report: неизвестный раздел отчёта";
      } else if (r.kind == "activity") {
        ok = activity_known(l, r.id);
        what = "нет мероприятия с номером";
      } else {
        ok = ok || declared(l, "criterion", r.id) || declared(l, "indicator", r.id) ||
             declared(l, "indicator_type", r.id);
        what = "configure: нет критерия или показателя";
      }
      if (!ok) errors.push_back(r.where + ": " + what + " «" + r.id + "»");
    }
  }
  // configure{} values against the parameters of the item they change: the nearest declaration
  // at the package's level or above (the one the override applies to).
  struct Found {
    const PackageLoad* owner = nullptr;
    const Params* params = nullptr;
  };
  auto find_params = [&](const PackageLoad& l, const std::string& kind, const std::string& id) {
    auto chain = Catalog::chain_of(l.info.territory);
    for (auto t = chain.rbegin(); t != chain.rend(); ++t) {
      auto it = by_territory.find(*t);
      if (it == by_territory.end()) continue;
      auto k = it->second->params.find(kind);
      if (k == it->second->params.end()) continue;
      auto p = k->second.find(id);
      if (p != k->second.end()) return Found{it->second, &p->second};
    }
    return Found{};
  };
  for (const auto& l : loads) {
    for (const auto& c : l.configures) {
      std::string kind;
      Params defaults;
      if (auto cr = find_params(l, "criterion", c.item); cr.params) {
        kind = "criterion", defaults = *cr.params;
      } else if (auto ind = find_params(l, "indicator", c.item); ind.params) {
        // The indicator's arguments over its type's defaults (an inline type has none).
        kind = "indicator";
        const auto& type = ind.owner->indicator_type_of.at(c.item);
        if (auto t = find_params(l, "indicator_type", type); t.params)
          defaults = *t.params;
        else if (external_params.count(type))
          defaults = external_params.at(type);
        else if (type != c.item)
          continue;  // a plugin type whose arguments are unknown
        for (const auto& [k, v] : ind.params->all()) defaults.set(k, v);
      } else if (auto t = find_params(l, "indicator_type", c.item); t.params) {
        kind = "indicator_type", defaults = *t.params;
      } else if (external_params.count(c.item)) {
        kind = "criterion", defaults = external_params.at(c.item);
      } else {
        continue;  // unknown target: reported above; a plugin item without known parameters
      }
      for (const auto& [name, value] : c.params.all())
        if (auto p = configure_problem(kind, c.item, defaults, name, value); !p.empty())
          errors.push_back(c.where + ": " + p);
    }
  }
  return errors;
}

std::string LuaEngine::run_string(std::string_view code, std::string_view chunk_name) {
  std::string chunk = "@" + std::string(chunk_name);
  return core_->run([&](lua_State* L) {
    push_environment(L, {});
    load_text(L, code, chunk, 1);
    lua_call(L, 0, 0);
  });
}

std::vector<std::string> LuaEngine::take_log() {
  std::lock_guard lock(core_->mutex);
  return std::exchange(core_->log, {});
}

}  // namespace opora::host
