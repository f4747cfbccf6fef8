// What one server worker needs from the host: its own store connection and its own catalog (the
// Lua engine is not shared between threads). The CLI builds one per worker from the same Runtime
// every command uses (cli/cmd_serve.cpp), so the pages and the CLI load packages and plugins
// one way. The interface keeps the server independent of the store behind it.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "store/db.hpp"

namespace opora::host::web {

struct RenderedReport {
  std::string file_name;  // territory_month.ext, for Content-Disposition
  std::string extension;  // html, xlsx, md, json, ...
  std::string bytes;
};

struct PackageCheck {
  std::vector<std::string> errors;    // `opora check`'s errors (packages that do not load)
  std::vector<std::string> warnings;  // plugin refusals, deadlines not understood
};

class Workspace {
 public:
  virtual ~Workspace() = default;
  // This worker's read-write connection (WAL: readers run in parallel; writers go through the
  // server's write lock).
  virtual Db& db() = 0;
  virtual Catalog& catalog() = 0;
  // The monthly report of `territory` for `month` in `format`, through the report builder and
  // the catalog's renderer, exactly as `opora report` writes it. Throws std::runtime_error with
  // a Russian message (unknown format, no plan ...).
  virtual RenderedReport report(const std::string& territory, const std::string& month,
                                const std::string& format) = 0;
  // What `opora check` and the loading of packages and plugins found.
  virtual PackageCheck check() = 0;
};

}  // namespace opora::host::web
