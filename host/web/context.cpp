#include "web/context.hpp"

#include "web/routes.hpp"

namespace opora::host::web {

const auth::User& Ctx::user() const {
  if (!session) throw HttpError(401, "требуется вход в систему");
  return session->user;
}

std::string Ctx::param(const std::string& name) const {
  // Path parameters in pattern order: req.matches[1..].
  std::size_t index = 0, pos = 0;
  while ((pos = route.pattern.find('{', pos)) != std::string::npos) {
    ++index;
    auto end = route.pattern.find('}', pos);
    if (route.pattern.compare(pos + 1, end - pos - 1, name) == 0)
      return index < req.matches.size() ? std::string(req.matches[index]) : std::string();
    pos = end;
  }
  return {};
}

std::string Ctx::field(const std::string& name) const {
  // A JSON request's fields are its body's only: the API handlers read the body, so a query
  // parameter of the same name must not be what the access check sees (?occurrence=own with
  // {"occurrence": other} would check one row and write another).
  // A read (GET, HEAD) has no body: its fields are the query's whatever Content-Type a client
  // sent (one that always sends the JSON type had ?month= silently ignored).
  bool read = req.method == "GET" || req.method == "HEAD";
  if (!read && req.get_header_value("Content-Type").rfind("application/json", 0) == 0) {
    auto j = nlohmann::json::parse(req.body, nullptr, false);
    if (j.is_object() && j.contains(name)) {
      const auto& v = j[name];
      return v.is_string() ? v.get<std::string>() : v.dump();
    }
    return {};
  }
  if (req.has_param(name.c_str())) return req.get_param_value(name.c_str());
  if (req.has_file(name.c_str())) return req.get_file_value(name.c_str()).content;
  return {};
}

std::int64_t Ctx::id_param(const std::string& name) const {
  auto text = param(name);
  std::int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || v > (INT64_MAX - 9) / 10) throw HttpError(404, "не найдено");
    v = v * 10 + (c - '0');
  }
  if (v <= 0) throw HttpError(404, "не найдено");
  return v;
}

nlohmann::json Ctx::body_json() const {
  auto j = nlohmann::json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw HttpError(400, "тело запроса — не объект JSON");
  return j;
}

void Ctx::write(const std::function<void()>& f, bool transaction) {
  std::lock_guard lock(shared.write_lock);
  if (!transaction) {
    f();
    return;
  }
  Transaction tx(db());
  f();
  tx.commit();
}

void Ctx::require(auth::Action action, const std::string& territory, const std::string& school) {
  if (!auth::allowed(db(), user(), action, territory, school))
    throw HttpError(403, "нет доступа к данным территории «" + territory + "»" +
                             (school.empty() ? "" : ", школа " + school));
}

void Ctx::html(const std::string& body, int status) {
  res.status = status;
  res.set_content(body, "text/html; charset=utf-8");
}

void Ctx::json(const nlohmann::json& j, int status) {
  res.status = status;
  res.set_content(j.dump(2) + "\n", "application/json; charset=utf-8");
}

void Ctx::redirect(const std::string& to) {
  res.status = 303;
  res.set_header("Location", to);
}

void Ctx::download(const std::string& bytes, const std::string& mime,
                   const std::string& file_name) {
  // The name is ours (territory_month.ext) or the uploader's shown name: only safe bytes go
  // into the header, the full name as RFC 5987 UTF-8.
  std::string ascii, encoded;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : file_name) {
    bool plain = std::isalnum(c) || c == '.' || c == '-' || c == '_';
    ascii += plain ? char(c) : '_';
    if (plain) {
      encoded += char(c);
    } else {
      encoded += '%';
      encoded += hex[c >> 4];
      encoded += hex[c & 15];
    }
  }
  res.status = 200;
  res.set_header("Content-Disposition",
                 "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded);
  res.set_content(bytes, mime.c_str());
}

}  // namespace opora::host::web
