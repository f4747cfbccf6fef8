// The CLI: global options, the lazily built runtime, and one add_* function per command group
// (each in its own cmd_*.cpp). Exit codes: 0 ok, 1 the work failed, 2 bad usage.
#pragma once
#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "plugins/loader.hpp"
#include "store/db.hpp"

namespace opora::host {

class LuaEngine;

// A failure of the work, in Russian for the user (exit code 1).
struct UserError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// Bad usage: unknown territory, malformed argument (exit code 2).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Globals {
  std::string db;       // --db, $OPORA_DB, ./opora.db
  std::string scripts;  // --scripts, $OPORA_SCRIPTS, the source tree's scripts/
  std::string plugins;  // --plugins, $OPORA_PLUGINS, the built plugins
  bool db_given = false;  // --db was on the command line (not the default or $OPORA_DB)
};

// What a command does with the store, declared where the command is registered (add_command):
//   none      never opens it (and never creates ./opora.db): plugins, check, generate;
//   optional  reads it when the file exists, for territory names: packages;
//   read      opens it read-only, never migrates, runs beside a writer: territories, report...;
//   write     creates and migrates it, registers the package territories: init, import...
enum class StoreUse { none, optional, read, write };

// A territory as the commands see it: the store's, and the packages' even before a write has
// registered them in the store.
struct TerritoryRow {
  std::string id, name, parent, level;
};

// What most commands need: the store, and the catalog of packages and plugins. Built on first use.
class Runtime {
 public:
  explicit Runtime(const Globals& g) : globals_(g) {}
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;
  ~Runtime();
  const Globals& globals() const { return globals_; }
  // Set by the command being run (add_command, writes_store) before its callback.
  void use_store(StoreUse use) { use_ = use; }
  void need_write() { use_ = StoreUse::write; }
  // The store, opened as the command declared. A `none` command asking for it is a bug.
  Db& db();
  // The store's territories and the packages' ones not yet in it, federal first, then by id.
  std::vector<TerritoryRow> territories();
  Catalog& catalog();
  const std::vector<PluginStatus>& plugins();
  // `opora plugins` lists refusals itself; other commands warn about them on stderr.
  void quiet_plugin_refusals() { warn_refusals_ = false; }
  const std::vector<std::string>& package_errors();
  // A territory id from the user's text: a full id, or a unique last segment ("chebarkul").
  std::string territory(const std::string& text);

 private:
  void load_catalog();
  std::vector<TerritoryRow> package_territories();
  bool has_store();
  const Globals& globals_;  // filled by option parsing before any command runs
  // A command registered without add_command behaves as before stores had modes: a writer.
  StoreUse use_ = StoreUse::write;
  std::unique_ptr<Db> db_;
  std::unique_ptr<Catalog> catalog_;
  std::shared_ptr<LuaEngine> lua_;
  std::vector<PluginStatus> plugins_;
  std::vector<std::string> package_errors_;
  bool warn_refusals_ = true;
};

// Registers a command with the store use it declares (see StoreUse).
CLI::App* add_command(CLI::App& parent, Runtime& rt, const std::string& name,
                      const std::string& description, StoreUse use);
// The option turns its command into a writer (identify --save).
CLI::Option* writes_store(CLI::Option* option, Runtime& rt);

void add_setup_commands(CLI::App& app, Runtime& rt);     // init, import

void add_catalog_commands(CLI::App& app, Runtime& rt);   // territories, packages, plugins, check
void add_identify_commands(CLI::App& app, Runtime& rt);  // identify, explain
void add_demo_commands(CLI::App& app, Runtime& rt);      // demo, generate
void add_roadmap_commands(CLI::App& app, Runtime& rt);   // roadmap show/import/create/status
void add_progress_commands(CLI::App& app, Runtime& rt);  // progress record/correct/undo/...
void add_indicator_commands(CLI::App& app, Runtime& rt); // indicators
void add_report_commands(CLI::App& app, Runtime& rt);    // report
void add_test_commands(CLI::App& app, Runtime& rt);      // test (rule tests of the packages)
void add_users_commands(CLI::App& app, Runtime& rt);     // users add/list/disable/passwd

// Renders the monthly report of a territory into `dir`; returns the file written.
std::filesystem::path write_monthly_report(Runtime& rt, const std::string& territory,
                                           const std::string& month, const std::string& format,
                                           const std::filesystem::path& dir);

// What `opora check` finds in the packages of `dir` ("" = the scripts of `g`): errors, and
// warnings (refused plugins, roadmap deadlines not understood, `unread` of them).
struct CheckResult {
  std::vector<std::string> errors, warnings;
  int unread = 0;
};
CheckResult check_packages(const Globals& g, const std::string& dir);

// `opora serve`: the web workplace (cmd_serve.cpp, host/web/).
void add_serve_commands(CLI::App& app, Runtime& rt);

// Writes a line to stderr when stderr is a terminal: progress of long work.
void progress(const std::string& what, std::size_t done, std::size_t total);

}  // namespace opora::host
