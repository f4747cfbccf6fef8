// Login, logout, the start page and the administration of accounts.
#include "auth/accounts.hpp"
#include "web/html.hpp"
#include "web/pages.hpp"
#include "web/views.hpp"

namespace opora::host::web {

namespace {

// Only a path of this server: "/t/..." — never "//host" or "https://...".
std::string safe_next(const std::string& next) {
  if (next.size() < 1 || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\')))
    return "/";
  for (char c : next)
    if (static_cast<unsigned char>(c) < 0x20) return "/";
  return next;
}

std::string session_cookie(Ctx& ctx, const std::string& value, long max_age) {
  return "opora_session=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(max_age) + (ctx.shared.options.secure_cookies ? "; Secure" : "");
}

std::string login_form(Ctx& ctx, const std::string& next, const std::string& error,
                       const std::string& login) {
  std::string b = "<h1>Вход в рабочее место opora</h1>";
  if (!error.empty()) b += "<p class=\"error\" id=\"login-error\">" + esc(error) + "</p>";
  b += "<form class=\"card\" method=\"post\" action=\"/login\">"
       "<input type=\"hidden\" name=\"next\" value=\"" + esc(next) + "\">"
       "<label>Имя пользователя <input type=\"text\" name=\"login\" autocomplete=\"username\" "
       "value=\"" + esc(login) + "\" required autofocus></label>"
       "<label>Пароль <input type=\"password\" name=\"password\" autocomplete=\"current-password\" "
       "required></label><button type=\"submit\">Войти</button></form>";
  return page(ctx, "Вход", b);
}

void get_login(Ctx& ctx) { ctx.html(login_form(ctx, safe_next(ctx.field("next")), "", "")); }

void post_login(Ctx& ctx) {
  auto login = ctx.field("login"), password = ctx.field("password");
  auto next = safe_next(ctx.field("next"));
  const auto& peer = ctx.req.remote_addr;
  if (!ctx.shared.throttle.allowed(login, peer)) {
    ctx.res.set_header("Retry-After",
                       std::to_string(ctx.shared.throttle.retry_after(login, peer)));
    ctx.html(login_form(ctx, next,
                        "Слишком много неудачных попыток входа. Повторите через " +
                            std::to_string(ctx.shared.throttle.retry_after(login, peer)) + " с.",
                        login),
             429);
    return;
  }
  auto user = auth::Accounts(ctx.db()).check_password(login, password);
  if (!user) {
    ctx.shared.throttle.failed(login, peer);
    ctx.html(login_form(ctx, next, "Неверное имя пользователя или пароль", login), 401);
    return;
  }
  ctx.shared.throttle.succeeded(login, peer);
  auth::Session s;
  {
    std::lock_guard lock(ctx.shared.write_lock);
    s = auth::Sessions(ctx.db(), ctx.shared.options.session_ttl).open(*user);
  }
  ctx.res.set_header("Set-Cookie",
                     session_cookie(ctx, s.token, ctx.shared.options.session_ttl.count()));
  ctx.redirect(next);
}

void post_logout(Ctx& ctx) {
  {
    std::lock_guard lock(ctx.shared.write_lock);
    auth::Sessions(ctx.db(), ctx.shared.options.session_ttl).close(ctx.session->token);
  }
  ctx.res.set_header("Set-Cookie", session_cookie(ctx, "", 0));
  ctx.redirect("/login");
}

// The territories a user works with: their own and everything below it that they may read.
std::vector<std::pair<std::string, std::string>> visible_territories(Ctx& ctx) {
  const auto& u = ctx.user();
  bool all = u.role == auth::Role::admin;
  auto q = ctx.db().prepare(
      "SELECT id, name FROM territories WHERE ?1 = 1 OR id = ?2 OR id LIKE ?2 || '/%' "
      "ORDER BY id = 'federal' DESC, id");
  q.bind_all(all ? 1 : 0, u.territory);
  std::vector<std::pair<std::string, std::string>> out;
  while (q.step()) {
    std::string id(q.column_text(0));
    if (auth::allowed(ctx.db(), u, auth::Action::read, id))
      out.emplace_back(id, std::string(q.column_text(1)));
  }
  return out;
}

void get_home(Ctx& ctx) {
  const auto& u = ctx.user();
  std::string b = "<h1>Территории</h1><p>" + esc(u.name) + ", " + esc(auth::role_title(u.role)) +
                  ". Ваша территория: <a href=\"/t/" + url_encode(u.territory) + "\">" +
                  esc(territory_name(ctx.db(), u.territory)) + "</a>" +
                  (u.school.empty() ? "" : ", школа " + esc(u.school)) + ".</p>";
  b += "<table><thead><tr><th>Территория</th><th>Код</th><th>Разделы</th></tr></thead><tbody>";
  for (const auto& [id, name] : visible_territories(ctx)) {
    auto base = "/t/" + url_encode(id);
    bool regional = id.find('/') == std::string::npos;
    b += "<tr><td><a href=\"" + base + "\">" + esc(name) + "</a></td><td>" + esc(id) +
         "</td><td>" +
         (regional ? "<a href=\"" + base + "/scorecard\">сводка</a> · " : std::string()) +
         "<a href=\"" + base + "/month\">месяц</a> · <a href=\"" + base +
         "/identification\">отбор школ</a></td></tr>";
  }
  b += "</tbody></table>";
  ctx.html(page(ctx, "Территории", b));
}

void get_territory(Ctx& ctx) {
  const auto& t = ctx.target.territory;
  bool regional = t.find('/') == std::string::npos;
  ctx.redirect("/t/" + url_encode(t) + (regional ? "/scorecard" : "/month"));
}

void get_accounts(Ctx& ctx) {
  std::string b = "<h1>Учётные записи</h1><table id=\"accounts\"><thead><tr><th>Имя входа</th>"
                  "<th>ФИО</th><th>Роль</th><th>Территория</th><th>Школа</th><th>Состояние</th>"
                  "<th></th></tr></thead><tbody>";
  for (const auto& u : auth::Accounts(ctx.db()).list()) {
    b += "<tr><td>" + esc(u.login) + "</td><td>" + esc(u.name) + "</td><td>" +
         esc(auth::role_title(u.role)) + "</td><td>" + esc(u.territory) + "</td><td>" +
         esc(u.school) + "</td><td>" + (u.disabled ? "отключена" : "действует") + "</td><td>";
    if (!u.disabled)
      b += "<form class=\"inline\" method=\"post\" action=\"/admin/accounts/disable\">" +
           csrf_input(ctx) + "<input type=\"hidden\" name=\"login\" value=\"" + esc(u.login) +
           "\"><button type=\"submit\">Отключить</button></form>";
    b += "</td></tr>";
  }
  b += "</tbody></table><h2>Новая учётная запись</h2><form class=\"card\" method=\"post\" "
       "action=\"/admin/accounts\">" + csrf_input(ctx) +
       "<label>Имя входа <input type=\"text\" name=\"login\" required></label>"
       "<label>ФИО <input type=\"text\" name=\"name\" required></label><label>Роль <select "
       "name=\"role\">";
  for (auto r : auth::all_roles())
    b += "<option value=\"" + esc(auth::role_id(r)) + "\">" + esc(auth::role_title(r)) +
         "</option>";
  b += "</select></label><label>Территория (код) <input type=\"text\" name=\"territory\" "
       "required></label><label>Школа (логин, только для куратора) <input type=\"text\" "
       "name=\"school\"></label><label>Пароль (не короче " +
       std::to_string(auth::kMinPasswordLength) +
       " символов) <input type=\"password\" name=\"password\" required></label>"
       "<button type=\"submit\">Создать</button></form>"
       "<h2>Сменить пароль</h2><form class=\"card\" method=\"post\" "
       "action=\"/admin/accounts/password\">" + csrf_input(ctx) +
       "<label>Имя входа <input type=\"text\" name=\"login\" required></label>"
       "<label>Новый пароль <input type=\"password\" name=\"password\" required></label>"
       "<button type=\"submit\">Сменить</button></form>";
  ctx.html(page(ctx, "Учётные записи", b));
}

void post_account(Ctx& ctx) {
  auto role = auth::parse_role(ctx.field("role"));
  if (!role) throw HttpError(422, "неизвестная роль «" + ctx.field("role") + "»");
  ctx.write([&] {
    auth::Accounts(ctx.db()).add(ctx.field("login"), ctx.field("name"), *role,
                                 ctx.field("territory"), ctx.field("school"),
                                 ctx.field("password"));
  });
  ctx.redirect("/admin/accounts");
}

void post_disable(Ctx& ctx) {
  ctx.write([&] { auth::Accounts(ctx.db()).disable(ctx.field("login")); });
  ctx.redirect("/admin/accounts");
}

void post_password(Ctx& ctx) {
  ctx.write([&] { auth::Accounts(ctx.db()).set_password(ctx.field("login"), ctx.field("password")); });
  ctx.redirect("/admin/accounts");
}

}  // namespace

void add_account_pages(std::vector<Route>& out) {
  using A = auth::Action;
  Route login_post{"POST", "/login", Kind::page, std::nullopt, TargetFrom::none, "Вход", post_login};
  login_post.csrf = false;  // there is no session yet; SameSite=Strict cookies and throttling
  out.push_back({"GET", "/login", Kind::page, std::nullopt, TargetFrom::none, "Страница входа",
                 get_login});
  out.push_back(login_post);
  out.push_back({"POST", "/logout", Kind::page, A::read, TargetFrom::none, "Выход", post_logout});
  out.push_back({"GET", "/", Kind::page, A::read, TargetFrom::none, "Территории пользователя",
                 get_home});
  out.push_back({"GET", "/t/{territory}", Kind::page, A::read, TargetFrom::path,
                 "Территория (переход к сводке или месяцу)", get_territory});
  out.push_back({"GET", "/admin/accounts", Kind::page, A::administer, TargetFrom::global,
                 "Учётные записи", get_accounts});
  out.push_back({"POST", "/admin/accounts", Kind::page, A::administer, TargetFrom::global,
                 "Создать учётную запись", post_account});
  out.push_back({"POST", "/admin/accounts/disable", Kind::page, A::administer,
                 TargetFrom::global, "Отключить учётную запись", post_disable});
  out.push_back({"POST", "/admin/accounts/password", Kind::page, A::administer,
                 TargetFrom::global, "Сменить пароль", post_password});
}

}  // namespace opora::host::web
