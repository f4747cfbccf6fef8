// serve: the web workplace (host/web/) over the store, each worker with its own Runtime — the
// same loading of packages and plugins, the same report writer as every other command.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <iterator>

#include "cli/app.hpp"
#include "web/server.hpp"

namespace opora::host {

namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  int threads = 8;
  std::string access_log;
  bool secure_cookies = false;
  bool routes = false;
  int session_hours = 8;
};

class RuntimeWorkspace final : public web::Workspace {
 public:
  explicit RuntimeWorkspace(const Globals& g) : globals_(g), rt_(globals_) {
    rt_.use_store(StoreUse::write);
    rt_.db();
    rt_.catalog();
  }
  Db& db() override { return rt_.db(); }
  Catalog& catalog() override { return rt_.catalog(); }

  web::RenderedReport report(const std::string& territory, const std::string& month,
                             const std::string& format) override {
    // write_monthly_report writes a file the way `opora report` does; a private folder keeps
    // concurrent requests apart.
    auto tmpl = (std::filesystem::temp_directory_path() / "opora-report-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw UserError("не удалось создать временный каталог");
    std::filesystem::path dir = tmpl;
    web::RenderedReport out;
    try {
      auto file = write_monthly_report(rt_, territory, month, format, dir);
      std::ifstream in(file, std::ios::binary);
      out.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      out.file_name = file.filename().string();
      out.extension = file.extension().string();
    } catch (...) {
      std::filesystem::remove_all(dir);
      throw;
    }
    std::filesystem::remove_all(dir);
    return out;
  }

  web::PackageCheck check() override {
    // The packages a worker loaded do not change while it runs: check them once.
    if (!checked_) {
      auto r = check_packages(globals_, "");
      check_.errors = r.errors;
      check_.warnings = r.warnings;
      for (const auto& e : rt_.package_errors()) check_.errors.push_back("Пакет не загружен: " + e);
      checked_ = true;
    }
    return check_;
  }

 private:
  Globals globals_;  // the Runtime keeps a reference: it lives here
  Runtime rt_;
  web::PackageCheck check_;
  bool checked_ = false;
};

void run_serve(Runtime& rt, const ServeArgs& a) {
  if (a.routes) {
    std::cout << web::routes_json().dump(2) << "\n";
    return;
  }
  web::ServeOptions o;
  auto colon = a.listen.rfind(':');
  if (colon == std::string::npos) throw UsageError("--listen: ожидается АДРЕС:ПОРТ, например 127.0.0.1:8080");
  o.host = a.listen.substr(0, colon);
  try {
    o.port = std::stoi(a.listen.substr(colon + 1));
  } catch (const std::exception&) {
    throw UsageError("--listen: порт «" + a.listen.substr(colon + 1) + "» — не число");
  }
  if (o.port < 0 || o.port > 65535) throw UsageError("--listen: порт от 0 до 65535");
  if (a.threads < 1 || a.threads > 256) throw UsageError("--threads: от 1 до 256");
  if (a.session_hours < 1 || a.session_hours > 24 * 30)
    throw UsageError("--session-hours: от 1 до 720");
  o.threads = a.threads;
  o.access_log = a.access_log;
  o.secure_cookies = a.secure_cookies;
  o.session_ttl = std::chrono::hours(a.session_hours);
  const Globals& g = rt.globals();
  std::error_code ec;
  // The server works on an existing store; it never creates an empty one at a mistyped path.
  if (!std::filesystem::is_regular_file(g.db, ec))
    throw UserError("база данных «" + g.db + "» не найдена (создайте её: opora init, opora demo)");
  web::Services s;
  s.open_workspace = [&g]() -> std::unique_ptr<web::Workspace> {
    try {
      return std::make_unique<RuntimeWorkspace>(g);
    } catch (const StoreError& e) {
      throw UserError(e.what());
    }
  };
  // The first worker opens the store now: a store that cannot be used fails before listening.
  { RuntimeWorkspace probe(g); }
  s.on_listening = [](const std::string& host, int port) {
    std::cout << "Рабочее место opora: http://" << host << ":" << port
              << "/ (остановить: Ctrl+C или SIGTERM)" << std::endl;
  };
  if (int rc = web::serve(o, s); rc != 0) throw UserError("сервер не запущен");
}

}  // namespace

void add_serve_commands(CLI::App& app, Runtime& rt) {
  auto a = std::make_shared<ServeArgs>();
  // The workers open the store themselves (a writer each: sessions, progress), so the command
  // itself declares none.
  auto* c = add_command(app, rt, "serve", "Веб-интерфейс: рабочее место региона в браузере",
                        StoreUse::none);
  c->add_option("--listen", a->listen, "Адрес и порт (по умолчанию 127.0.0.1:8080; порт 0 — любой свободный)");
  c->add_option("--threads", a->threads, "Число потоков обработки запросов (по умолчанию 8)");
  c->add_option("--access-log", a->access_log, "Файл журнала запросов (по умолчанию stderr)");
  c->add_option("--session-hours", a->session_hours, "Срок сеанса в часах (по умолчанию 8)");
  c->add_flag("--secure-cookies", a->secure_cookies,
              "Cookie только по HTTPS (за обратным прокси с TLS)");
  c->add_flag("--routes", a->routes, "Вывести таблицу маршрутов в JSON и выйти");
  c->callback([&rt, a] { run_serve(rt, *a); });
}

}  // namespace opora::host
