#include "web/server.hpp"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <algorithm>
#include <regex>
#include <thread>

#include "engine/progress.hpp"
#include "web/html.hpp"
#include "web/resolve.hpp"
#include "web/routes.hpp"

namespace opora::host::web {

namespace {

// Workspaces are expensive (a catalog, a Lua state): one per pool thread at most, reused.
class WorkspacePool {
 public:
  WorkspacePool(const Services& s, Shared& shared) : services_(s), shared_(shared) {}
  struct Lease {
    WorkspacePool* pool;
    std::unique_ptr<Workspace> ws;
    ~Lease() {
      if (ws) pool->give_back(std::move(ws));
    }
  };
  Lease take() {
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        auto ws = std::move(free_.back());
        free_.pop_back();
        return {this, std::move(ws)};
      }
    }
    // Opening migrates the store and registers package territories: a write.
    std::lock_guard lock(shared_.write_lock);
    return {this, services_.open_workspace()};
  }
  void give_back(std::unique_ptr<Workspace> ws) {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(ws));
  }

 private:
  const Services& services_;
  Shared& shared_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Workspace>> free_;
};

// What the access log needs from the handler, on the thread that served the request.
struct RequestLog {
  std::chrono::steady_clock::time_point start;
  std::string user = "-";
};
thread_local RequestLog current_log;

class AccessLog {
 public:
  explicit AccessLog(const std::string& file) {
    if (!file.empty()) {
      file_.open(file, std::ios::app);
      if (!file_) throw std::runtime_error("не удалось открыть журнал запросов " + file);
    }
  }
  void write(const httplib::Request& req, const httplib::Response& res) {
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                        current_log.start)
                  .count();
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    char dur[32];
    std::snprintf(dur, sizeof dur, "%.1f", ms);
    // The path without the query: queries may carry what a log should not keep.
    std::string line = std::string(when) + " " + current_log.user + " " + req.method + " " +
                       req.path + " " + std::to_string(res.status) + " " + dur + "ms\n";
    std::lock_guard lock(mutex_);
    if (file_.is_open()) {
      file_ << line;
      file_.flush();
    } else {
      std::cerr << line;
    }
  }

 private:
  std::mutex mutex_;
  std::ofstream file_;
};

// "{territory}" takes a territory id (segments joined by '/'); any other "{name}" one segment.
std::string pattern_regex(const std::string& pattern) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '{') {
      auto end = pattern.find('}', i);
      auto name = pattern.substr(i + 1, end - i - 1);
      out += name == "territory" ? "([a-z0-9_-]+(?:/[a-z0-9_-]+)*)" : "([^/]+)";
      i = end;
    } else if (c == '.' || c == '+' || c == '(' || c == ')' || c == '?' || c == '*') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string cookie(const httplib::Request& req, const std::string& name) {
  auto header = req.get_header_value("Cookie");
  std::size_t pos = 0;
  while (pos < header.size()) {
    auto end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    auto part = header.substr(pos, end - pos);
    auto first = part.find_first_not_of(' ');
    if (first != std::string::npos) part = part.substr(first);
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    pos = end + 1;
  }
  return {};
}

void security_headers(httplib::Response& res, Kind kind) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "same-origin");
  if (kind != Kind::asset) res.set_header("Cache-Control", "no-store");
  // Pages load only what opora serves; no inline script anywhere.
  if (!res.has_header("Content-Security-Policy"))
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                   "script-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                   "base-uri 'none'");
}

void refuse(Ctx& ctx, int status, const std::string& message) {
  ctx.res.headers.erase("Content-Disposition");
  if (ctx.route.kind == Kind::api) {
    ctx.json({{"error", message}, {"status", status}}, status);
    return;
  }
  ctx.html(page(ctx, "Ошибка", "<h1>" + esc(status == 403   ? "Доступ запрещён"
                                             : status == 404 ? "Не найдено"
                                                             : "Ошибка") +
                                   "</h1><p class=\"error\">" + esc(message) + "</p>"),
           status);
}

void dispatch(const Route& route, WorkspacePool& pool, Shared& shared, const httplib::Request& req,
              httplib::Response& res) {
  // Every answer, redirects and refusals included, carries the security headers.
  struct Headers {
    httplib::Response& res;
    Kind kind;
    ~Headers() { security_headers(res, kind); }
  } headers{res, route.kind};
  auto lease = pool.take();
  Ctx ctx(req, res, *lease.ws, shared, route);
  try {
    auto token = cookie(req, "opora_session");
    if (!token.empty()) {
      ctx.session = auth::Sessions(ctx.db(), shared.options.session_ttl).find(token);
      if (ctx.session) current_log.user = ctx.session->user.login;
    }
    if (route.action) {
      if (!ctx.session) {
        if (route.kind == Kind::page && route.method == "GET") {
          ctx.redirect("/login?next=" + url_encode(req.path));
          return;
        }
        throw HttpError(401, "требуется вход в систему");
      }
    }
    // A write reads its fields from its body only: a query string could otherwise name one
    // thing to the access check and another to the handler.
    if (route.method == "POST" && req.target.find('?') != std::string::npos)
      throw HttpError(400, "запрос на изменение не принимает параметров в адресе");
    if (route.method == "POST" && route.csrf) {
      // Forms send the token as a field, the API as a header.
      auto sent = req.has_header("X-CSRF-Token") ? req.get_header_value("X-CSRF-Token")
                                                  : ctx.field("csrf");
      if (!ctx.session || !auth::csrf_matches(*ctx.session, sent))
        throw HttpError(403, "запрос отклонён: неверный или отсутствующий токен формы (CSRF); "
                             "обновите страницу и повторите");
    }
    if (route.action) {
      ctx.target = resolve_target(ctx, route.target);
      if (route.target != TargetFrom::none &&
          !auth::allowed(ctx.db(), ctx.user(), *route.action, ctx.target.territory,
                         ctx.target.school))
        throw HttpError(403, "нет доступа к данным территории «" + ctx.target.territory + "»");
    }
    route.handler(ctx);
  } catch (const HttpError& e) {
    refuse(ctx, e.status, e.what());
  } catch (const ProgressError& e) {
    refuse(ctx, 422, e.what());
  } catch (const auth::Error& e) {
    refuse(ctx, 422, e.what());
  } catch (const StoreError& e) {
    int primary = e.code() & 0xff;
    bool busy = primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    std::cerr << "Ошибка базы данных: " << req.method << " " << req.path << ": " << e.what()
              << "\n";
    refuse(ctx, busy ? 503 : 500, busy ? "база данных занята, повторите запрос" : e.what());
  } catch (const std::exception& e) {
    std::cerr << "Ошибка: " << req.method << " " << req.path << ": " << e.what() << "\n";
    refuse(ctx, 500, e.what());
  }
}

std::atomic<bool> listening{false}, stopping{false};

}  // namespace

int serve(const ServeOptions& options, const Services& services) {
  // SIGTERM and SIGINT go to one waiting thread (blocked everywhere else, inherited by the pool's
  // threads); a client closing early must not kill the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  Shared shared(options);
  WorkspacePool pool(services, shared);
  AccessLog log(options.access_log);
  httplib::Server server;
  int threads = std::max(1, options.threads);
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_payload_max_length(options.max_body);
  server.set_read_timeout(options.read_timeout_s, 0);
  server.set_write_timeout(options.write_timeout_s, 0);
  server.set_keep_alive_timeout(options.keep_alive_s);
  server.set_keep_alive_max_count(options.keep_alive_max);
  server.set_pre_routing_handler([&options](const httplib::Request& req, httplib::Response& res) {
    current_log = RequestLog{std::chrono::steady_clock::now(), "-"};
    std::size_t bytes = 0;
    for (const auto& [k, v] : req.headers) bytes += k.size() + v.size() + 4;
    if (bytes > options.max_header_bytes) {
      res.status = 431;
      res.set_content("Слишком большие заголовки запроса\n", "text/plain; charset=utf-8");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_logger(
      [&log](const httplib::Request& req, const httplib::Response& res) { log.write(req, res); });
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string text = res.status == 404   ? "Страница не найдена"
                       : res.status == 413 ? "Слишком большой запрос"
                       : res.status == 400 ? "Неверный запрос"
                                           : "Ошибка " + std::to_string(res.status);
    res.set_content("<!doctype html><meta charset=\"utf-8\"><title>" + text +
                        "</title><link rel=\"stylesheet\" href=\"/assets/opora.css\"><main><h1>" +
                        text + "</h1><p><a href=\"/\">На главную</a></p></main>",
                    "text/html; charset=utf-8");
  });

  // A pattern ending in {territory} would swallow the segments of longer routes
  // ("/t/{territory}" matches "/t/a/b/month"): those are registered last, cpp-httplib taking the
  // first full match.
  std::vector<const Route*> order;
  for (const auto& route : route_table()) order.push_back(&route);
  std::stable_partition(order.begin(), order.end(), [](const Route* r) {
    return !r->pattern.ends_with("{territory}");
  });
  for (const Route* r : order) {
    const Route& route = *r;
    auto handler = [&route, &pool, &shared](const httplib::Request& req, httplib::Response& res) {
      dispatch(route, pool, shared, req, res);
    };
    auto re = pattern_regex(route.pattern);
    if (route.method == "GET")
      server.Get(re, handler);
    else
      server.Post(re, handler);
  }

  // Port 0: any free port (tests), announced through on_listening.
  int port = options.port;
  if (port == 0)
    port = server.bind_to_any_port(options.host);
  else if (!server.bind_to_port(options.host, port))
    port = -1;
  if (port <= 0) {
    std::cerr << "Ошибка: не удалось открыть " << options.host << ":" << options.port
              << " (адрес занят или недоступен)\n";
    return 1;
  }
  std::thread waiter([&server] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    int sig = 0;
    sigwait(&set, &sig);
    stopping = true;
    if (listening) std::cerr << "Получен сигнал завершения: дожидаюсь текущих запросов\n";
    server.stop();
  });
  listening = true;
  if (services.on_listening) services.on_listening(options.host, port);
  bool ok = server.listen_after_bind();
  listening = false;
  // Wakes the waiter when listening ended by itself (nothing was signalled).
  if (!stopping) kill(getpid(), SIGTERM);
  waiter.join();
  if (!ok) {
    std::cerr << "Ошибка: сервер прекратил приём соединений\n";
    return 1;
  }
  std::cerr << "Сервер остановлен\n";
  return 0;
}

nlohmann::json routes_json() {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : route_table())
    out.push_back({{"method", r.method},
                   {"path", r.pattern},
                   {"kind", r.kind == Kind::page ? "page" : r.kind == Kind::api ? "api" : "asset"},
                   {"action", r.action ? nlohmann::json(std::string(action_id(*r.action)))
                                       : nlohmann::json(nullptr)},
                   {"target", std::string(target_id(r.target))},
                   {"csrf", r.method == "POST" && r.csrf},
                   {"title", r.title}});
  return out;
}

}  // namespace opora::host::web
