// One request as handlers see it: the HTTP request and response, the worker's workspace, the
// session, the territory the route table resolved, and helpers that answer in the route's kind
// (an HTML page or JSON). Handlers throw HttpError for refusals.
#pragma once
#include <httplib.h>

#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/access.hpp"
#include "auth/sessions.hpp"
#include "auth/throttle.hpp"
#include "web/server.hpp"
#include "web/workspace.hpp"

namespace opora::host::web {

// A refusal with its HTTP status and a Russian message for the user.
struct HttpError : std::runtime_error {
  HttpError(int status, const std::string& message) : std::runtime_error(message), status(status) {}
  int status;
};

enum class Kind { page, api, asset };

// What the request is about, found by the route's target resolver before the handler runs.
struct Target {
  std::string territory;  // "" for routes about no territory
  std::string school;     // a school's login when the request writes one school's row
};

// State shared by every worker: the options, the write lock, the login throttle.
struct Shared {
  const ServeOptions& options;
  std::mutex write_lock;
  auth::LoginThrottle throttle;
  explicit Shared(const ServeOptions& o) : options(o) {}
};

struct Route;

class Ctx {
 public:
  Ctx(const httplib::Request& req, httplib::Response& res, Workspace& ws, Shared& shared,
      const Route& route)
      : req(req), res(res), ws(ws), shared(shared), route(route) {}
  const httplib::Request& req;
  httplib::Response& res;
  Workspace& ws;
  Shared& shared;
  const Route& route;
  std::optional<auth::Session> session;
  Target target;

  Db& db() { return ws.db(); }
  const auth::User& user() const;
  // A path parameter of the route pattern ({name}).
  std::string param(const std::string& name) const;
  // A query or form field ("" when absent); a multipart field too.
  std::string field(const std::string& name) const;
  std::int64_t id_param(const std::string& name) const;  // 404 unless a positive integer
  // The request's JSON body (API writes); 400 when malformed.
  nlohmann::json body_json() const;

  // Runs `f` holding the process-wide write lock, inside one transaction (or, for an engine
  // function that opens its own, without one).
  void write(const std::function<void()>& f, bool transaction = true);
  // Access for a second territory or school inside a handler (e.g. a school named in a form).
  void require(auth::Action action, const std::string& territory, const std::string& school = {});

  void html(const std::string& body, int status = 200);
  void json(const nlohmann::json& j, int status = 200);
  void redirect(const std::string& to);  // 303 See Other
  void download(const std::string& bytes, const std::string& mime, const std::string& file_name);
};

}  // namespace opora::host::web
