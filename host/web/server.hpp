// `opora serve`: the web workplace. One cpp-httplib server with a fixed thread pool; each worker
// borrows a Workspace (its own store connection and catalog) per request; writes are serialised
// by one process-wide lock on top of SQLite's busy timeout. Every route is one row of the route
// table (routes.hpp), which also decides authentication, CSRF and access.
#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "web/workspace.hpp"

namespace opora::host::web {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 8;
  std::string access_log;             // "" = stderr
  bool secure_cookies = false;        // behind an HTTPS reverse proxy: cookies get `Secure`
  std::chrono::seconds session_ttl = std::chrono::hours(8);
  // Limits, set explicitly on the server (cpp-httplib's compiled-in header limit is 8 KiB per
  // line and its URI limit 8 KiB; a request with more header bytes in all is refused, too).
  std::size_t max_body = 12 * 1024 * 1024;   // any request body
  std::size_t max_upload = 10 * 1024 * 1024; // one attached file
  std::size_t max_header_bytes = 32 * 1024;  // all header lines of a request together
  int read_timeout_s = 10, write_timeout_s = 20, keep_alive_s = 5;
  std::size_t keep_alive_max = 100;
};

struct Services {
  // A new worker workspace; called at most once per pool thread, under the write lock.
  std::function<std::unique_ptr<Workspace>()> open_workspace;
  // Printed once the server listens (the CLI prints the address in Russian).
  std::function<void(const std::string& host, int port)> on_listening;
};

// Listens until SIGTERM or SIGINT, then stops accepting, finishes the requests in flight and
// returns 0. Returns 1 when it cannot listen (the reason on stderr).
int serve(const ServeOptions& options, const Services& services);

// The route table as JSON: [{method, path, kind, action, target, title}], for `opora serve
// --routes` and the access-matrix test.
nlohmann::json routes_json();

}  // namespace opora::host::web
