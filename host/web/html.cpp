#include "web/html.hpp"

#include <cstdio>
#include <ctime>

#include "auth/accounts.hpp"
#include "engine/status.hpp"
#include "report/render_svg.hpp"
#include "roadmap/calendar.hpp"

namespace opora::host::web {

// The pages escape exactly as the report's HTML and SVG do: one function for all of them.
std::string esc(std::string_view text) { return render::xml_escape(text); }

std::string url_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += char(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string csrf_input(Ctx& ctx) {
  if (!ctx.session) return {};
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(ctx.session->csrf) + "\">";
}

namespace {

// The sections of a territory's workplace, in menu order; the scorecard only above a
// municipality.
struct NavItem {
  const char* path;
  const char* title;
  bool regional;  // only for a region (or the federal level)
};
const NavItem nav_items[] = {
    {"scorecard", "Сводка", true},      {"month", "Месяц", false},
    {"indicators", "Показатели", false}, {"identification", "Отбор школ", false},
    {"reports", "Отчёты", false},        {"rules", "Правила", false},
    {"history", "История", false},
};

}  // namespace

std::string page(Ctx& ctx, const std::string& title, const std::string& body,
                 const std::string& territory) {
  std::string h =
      "<!doctype html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" + esc(title) + " — opora</title>"
      "<link rel=\"stylesheet\" href=\"/assets/opora.css\"></head><body>"
      "<header class=\"top\"><a class=\"brand\" href=\"/\">opora</a>";
  if (ctx.session) {
    const auto& u = ctx.session->user;
    h += "<nav class=\"main\"><a href=\"/\">Территории</a>";
    if (u.role == auth::Role::admin) h += "<a href=\"/admin/accounts\">Учётные записи</a>";
    h += "</nav><div class=\"who\"><span class=\"user\">" + esc(u.name) + " · " +
         esc(auth::role_title(u.role)) + " · " + esc(u.territory) +
         "</span><form method=\"post\" action=\"/logout\">" + csrf_input(ctx) +
         "<button type=\"submit\">Выйти</button></form></div>";
  }
  h += "</header>";
  if (!territory.empty()) {
    bool regional = territory.find('/') == std::string::npos;
    h += "<nav class=\"territory\"><span class=\"tname\">" + esc(territory) + "</span>";
    for (const auto& n : nav_items) {
      if (n.regional && !regional) continue;
      h += "<a href=\"/t/" + url_encode(territory) + "/" + n.path + "\">" + esc(n.title) + "</a>";
    }
    h += "</nav>";
  }
  h += "<main>" + body + "</main><footer>opora — данные демонстрационной базы могут быть "
       "синтетическими (см. отметку в отчётах)</footer></body></html>\n";
  return h;
}

std::string mark_badge(std::string_view mark) {
  // The words are the engine's (status_label); the colour class is the mark itself.
  std::string cls = "mark mark-" + std::string(mark);
  return "<span class=\"" + esc(cls) + "\" data-mark=\"" + esc(mark) + "\">" +
         esc(status_label(mark)) + "</span>";
}

std::string light(const char* state, std::string_view text) {
  return "<span class=\"light light-" + std::string(state) + "\">" + esc(text) + "</span>";
}

std::string this_month() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", tm.tm_year + 1900, tm.tm_mon + 1);
  return buf;
}

std::string shift_month(std::string_view month, int by) {
  int y = std::stoi(std::string(month.substr(0, 4)));
  int m = std::stoi(std::string(month.substr(5, 2))) - 1 + by;
  y += m >= 0 ? m / 12 : (m - 11) / 12;
  m = ((m % 12) + 12) % 12;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", y, m + 1);
  return buf;
}

std::string month_words(std::string_view month) {
  auto label = month_label(month);
  return esc(label ? *label : std::string(month));
}

std::string months_nav(const std::string& base, const std::string& month) {
  auto prev = shift_month(month, -1), next = shift_month(month, 1);
  return "<p class=\"months\"><a href=\"" + base + "?month=" + prev + "\">← " + month_words(prev) +
         "</a> <b>" + month_words(month) + "</b> <a href=\"" + base + "?month=" + next + "\">" +
         month_words(next) + " →</a></p>";
}

}  // namespace opora::host::web
