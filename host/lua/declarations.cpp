// The declaration functions of a package (package{}, criterion{}, indicator{}, roadmap{} ...):
// each validates its table and, in load mode, queues the SDK object for the catalog.
#include <set>
#include <stdexcept>

#include "lua/core.hpp"
#include "lua/declarations.hpp"
#include "lua/lua_items.hpp"
#include "lua/sandbox_parts.hpp"
#include "util/vocabulary.hpp"

namespace opora::host {

namespace {

PackageLoad& current(lua_State* L, const char* what) {
  PackageLoad* pk = core_of(L).loading;
  if (!pk) luaL_error(L, "%s{}: объявления допустимы только при загрузке пакета", what);
  luaL_checktype(L, 1, LUA_TTABLE);
  return *pk;
}

// Reads one declaration table (argument 1) and collects its problems with the position.
struct Decl {
  Decl(lua_State* s, PackageLoad& p, std::string what)
      : L(s), pk(p), where(caller_position(s)), label(std::move(what)) {}
  lua_State* L;
  PackageLoad& pk;
  std::string where;  // "<file>:<line>" of the declaration
  std::string label;
  std::vector<std::string> problems;
  std::vector<std::string> unknown;  // fields that are not part of the declaration

  bool check() const { return pk.mode == LoadMode::check; }
  void problem(const std::string& msg) { problems.push_back(where + ": " + label + ": " + msg); }

  // Reads a string (numbers are accepted and kept as written).
  std::string str(int t, const char* key, bool required, const char* fallback = "") {
    int type = raw_field(L, t, key);
    std::string v = fallback;
    if (type == LUA_TSTRING || type == LUA_TNUMBER) {
      std::size_t n = 0;
      const char* s = lua_tolstring(L, -1, &n);
      v.assign(s, n);
      if (required && v.empty()) problem(std::string("поле «") + key + "» не может быть пустым");
    } else if (type == LUA_TNIL) {
      if (required) problem(std::string("не задано обязательное поле «") + key + "»");
    } else {
      problem(std::string("поле «") + key + "» должно быть строкой, а не " + lua_typename(L, type));
    }
    lua_pop(L, 1);
    return v;
  }
  std::string str(const char* key, bool required, const char* fallback = "") {
    return str(1, key, required, fallback);
  }

  double num(const char* key, double fallback) {
    int type = raw_field(L, 1, key);
    double v = fallback;
    if (type == LUA_TNUMBER)
      v = lua_tonumber(L, -1);
    else if (type != LUA_TNIL)
      problem(std::string("поле «") + key + "» должно быть числом");
    lua_pop(L, 1);
    return v;
  }

  std::shared_ptr<LuaFunctionRef> func(const char* key, bool required) {
    int type = raw_field(L, 1, key);
    if (type == LUA_TFUNCTION) return std::make_shared<LuaFunctionRef>(pk.engine, luaL_ref(L, LUA_REGISTRYINDEX));
    if (type != LUA_TNIL)
      problem(std::string("поле «") + key + "» должно быть функцией");
    else if (required)
      problem(std::string("не задана обязательная функция «") + key + "»");
    lua_pop(L, 1);
    return nullptr;
  }

  // A table of named scalars (number, string, boolean) at t[key].
  Params params(int t, const char* key) {
    Params p;
    int type = raw_field(L, t, key);
    if (type == LUA_TTABLE) {
      int tbl = lua_gettop(L);
      lua_pushnil(L);
      while (lua_next(L, tbl)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
          problem(std::string("в «") + key + "» имена параметров должны быть строками");
        } else {
          std::string name = lua_tostring(L, -2);
          switch (lua_type(L, -1)) {
            case LUA_TNUMBER: p.set(name, double(lua_tonumber(L, -1))); break;
            case LUA_TBOOLEAN: p.set(name, bool(lua_toboolean(L, -1))); break;
            case LUA_TSTRING: p.set(name, std::string(lua_tostring(L, -1))); break;
            default:
              problem("параметр «" + name + "» должен быть числом, строкой или логическим " +
                      "значением, а не " + luaL_typename(L, -1));
          }
        }
        lua_pop(L, 1);
      }
    } else if (type != LUA_TNIL) {
      problem(std::string("поле «") + key + "» должно быть таблицей");
    }
    lua_pop(L, 1);
    return p;
  }

  // In check mode: string keys of table t that are not in `known` are typos.
  void known(int t, std::initializer_list<const char*> keys) {
    if (!check()) return;
    lua_pushnil(L);
    while (lua_next(L, t)) {
      lua_pop(L, 1);
      if (lua_type(L, -1) != LUA_TSTRING) continue;
      std::string k = lua_tostring(L, -1);
      bool ok = k == "description";
      for (const char* x : keys) ok = ok || k == x;
      if (!ok) unknown.push_back(k);  // reported by finish(), under the final label
    }
  }

  void one_of(const std::string& v, const char* key, std::initializer_list<const char*> allowed) {
    std::string list;
    for (const char* a : allowed) {
      if (v == a) return;
      list += list.empty() ? a : std::string(", ") + a;
    }
    problem(std::string("поле «") + key + "» = «" + v + "»: допустимо " + list);
  }

  void unique(const char* kind, const std::string& id) {
    if (id.empty()) return;
    if (!pk.ids[kind].insert(id).second) problem("повторный идентификатор «" + id + "» в пакете");
  }

  void ref(const char* kind, const std::string& id) {
    if (check() && !id.empty()) pk.refs.push_back({kind, id, where + ": " + label});
  }

  // Queues the registration (load mode, no problems) with this declaration as the origin.
  void commit(std::function<void(Catalog&)> add) {
    if (check() || !problems.empty()) return;
    pk.commits.push_back([add = std::move(add), where = where, t = pk.info.territory,
                          e = pk.engine](Catalog& c) {
      c.set_source(Origin{"package", where}, t, e);
      add(c);
    });
  }

  // Check mode keeps every problem; load mode stops the package at the first one.
  void finish() {
    for (const auto& k : unknown) problem("неизвестное поле «" + k + "»");
    if (problems.empty()) return;
    if (check()) {
      pk.errors.insert(pk.errors.end(), problems.begin(), problems.end());
      return;
    }
    throw std::runtime_error(problems.front());
  }
};

template <class F>
int declare(lua_State* L, const char* what, F&& body) {
  PackageLoad& pk = current(L, what);
  return guarded(L, [&] {
    Decl d(L, pk, what);
    body(d);
    d.finish();
    return 0;
  });
}

int decl_package(lua_State* L) {
  return declare(L, "package", [](Decl& d) {
    d.known(1, {"name", "level"});
    auto name = d.str("name", true);
    auto level = d.str("level", true);
    if (!level.empty()) d.one_of(level, "level", {"federal", "region", "municipality"});
    d.unique("package", "package");
    if (!d.problems.empty()) return;
    d.pk.info.name = name;
    d.pk.info.level = level;
  });
}

int decl_category(lua_State* L) {
  return declare(L, "категория", [](Decl& d) {
    d.known(1, {"code", "title"});
    CategoryInfo c{d.str("code", true), "", ""};
    d.label = "категория " + c.code;
    c.title = d.str("title", true);
    d.unique("category", c.code);
    d.commit([c](Catalog& cat) { cat.add_category(c); });
  });
}

int decl_risk_factor(lua_State* L) {
  return declare(L, "фактор риска", [](Decl& d) {
    d.known(1, {"code", "title"});
    RiskFactor f{d.str("code", true), "", ""};
    d.label = "фактор риска " + f.code;
    f.title = d.str("title", true);
    d.unique("risk_factor", f.code);
    d.commit([f](Catalog& cat) { cat.add_risk_factor(f); });
  });
}

// A list of strings at t[key] (nil: empty). Used by procedure{}.
std::vector<std::string> string_list(Decl& d, const char* key) {
  std::vector<std::string> out;
  lua_State* L = d.L;
  int type = raw_field(L, 1, key);
  if (type == LUA_TTABLE) {
    auto n = lua_rawlen(L, -1);
    for (lua_Integer i = 1; i <= static_cast<lua_Integer>(n); ++i) {
      if (lua_rawgeti(L, -1, i) == LUA_TSTRING) out.emplace_back(lua_tostring(L, -1));
      else d.problem(std::string("в «") + key + "» ожидались строки");
      lua_pop(L, 1);
    }
  } else if (type != LUA_TNIL) {
    d.problem(std::string("поле «") + key + "» должно быть списком строк");
  }
  lua_pop(L, 1);
  return out;
}

// procedure{ code = "КДР", title = "...", aliases = { "KDR" }, subjects = { ... } }: a region's
// own assessment procedure, which imports then accept (host/util/vocabulary.hpp).
int decl_procedure(lua_State* L) {
  return declare(L, "процедура", [](Decl& d) {
    d.known(1, {"code", "title", "aliases", "subjects"});
    ProcedureDecl p;
    p.code = d.str("code", true);
    d.label = "процедура " + p.code;
    p.title = d.str("title", true);
    p.aliases = string_list(d, "aliases");
    p.subjects = string_list(d, "subjects");
    // The same names the importers will build: a clash with a federal name is an error here.
    Vocabulary v = Vocabulary::standard();
    if (!p.code.empty()) {
      if (auto known = v.procedure(p.code); known && *known != p.code)
        d.problem("«" + p.code + "» — это уже известная процедура «" + std::string(*known) + "»");
      else if (auto e = v.add_procedure(p.code, p.aliases); !e.empty())
        d.problem(e);
    }
    for (const auto& s : p.subjects)
      if (auto e = v.add_subject(s); !e.empty()) d.problem(e);
    d.unique("procedure", p.code);
    d.commit([p](Catalog& cat) { cat.add_procedure(p); });
  });
}

int decl_criterion(lua_State* L) {
  return declare(L, "критерий", [](Decl& d) {
    d.known(1, {"id", "title", "category", "params", "prepare", "evaluate"});
    LuaCriterionSpec s;
    s.id = d.str("id", true);
    d.label = "критерий " + s.id;
    s.title = d.str("title", true);
    s.category = d.str("category", true);
    s.defaults = d.params(1, "params");
    s.territory = d.pk.info.territory;
    s.origin = d.where;
    auto prepare = d.func("prepare", false);
    auto evaluate = d.func("evaluate", true);
    d.unique("criterion", s.id);
    d.ref("category", s.category);
    d.commit([s, prepare, evaluate](Catalog& c) {
      c.add_criterion(std::make_unique<LuaCriterion>(s, prepare, evaluate));
    });
  });
}

int decl_indicator_type(lua_State* L) {
  return declare(L, "тип показателя", [](Decl& d) {
    d.known(1, {"id", "title", "args", "compute"});
    LuaIndicatorTypeSpec s;
    s.id = d.str("id", true);
    d.label = "тип показателя " + s.id;
    s.title = d.str("title", true);
    s.defaults = d.params(1, "args");
    s.territory = d.pk.info.territory;
    s.origin = d.where;
    auto compute = d.func("compute", true);
    d.unique("indicator_type", s.id);
    d.commit([s, compute](Catalog& c) {
      c.add_indicator_type(std::make_unique<LuaIndicatorType>(s, compute));
    });
  });
}

int decl_indicator(lua_State* L) {
  return declare(L, "показатель", [](Decl& d) {
    d.known(1, {"id", "title", "unit", "scope", "type", "args", "target", "compute"});
    IndicatorSpec s;
    s.id = d.str("id", true);
    d.label = "показатель " + s.id;
    s.title = d.str("title", true);
    s.unit = d.str("unit", true);
    if (!s.unit.empty()) d.one_of(s.unit, "unit", {"percent", "count", "number"});
    s.scope = d.str("scope", false, "territory");
    d.one_of(s.scope, "scope", {"territory", "school", "activity"});
    s.type = d.str("type", false);
    s.args = d.params(1, "args");
    s.target = d.str("target", false);
    auto compute = d.func("compute", false);
    if (compute && !s.type.empty()) d.problem("задайте либо type, либо compute, но не оба");
    if (!compute && s.type.empty()) d.problem("нужно поле type (тип показателя) или функция compute");
    d.unique("indicator", s.id);
    if (!compute) d.ref("indicator_type", s.type);
    std::shared_ptr<LuaIndicatorTypeSpec> inline_type;
    if (compute) {  // an inline formula: an anonymous type named after the indicator
      s.type = s.id;
      inline_type = std::make_shared<LuaIndicatorTypeSpec>(
          LuaIndicatorTypeSpec{s.id, s.title, d.pk.info.territory, d.where, s.args});
    }
    d.commit([s, compute, inline_type](Catalog& c) {
      if (inline_type) c.add_indicator_type(std::make_unique<LuaIndicatorType>(*inline_type, compute));
      c.add_indicator(s);
    });
  });
}

void read_activity(Decl& d, int t, const std::string& section, RoadmapTemplate& r) {
  ActivityTemplate a;
  a.section = section;
  a.number = d.str(t, "number", true);
  a.title = d.str(t, "title", true);
  a.deadline = d.str(t, "deadline", false);
  a.responsible = d.str(t, "responsible", false);
  a.scope = d.str(t, "scope", false, "territory");
  d.one_of(a.scope, "scope", {"territory", "school"});
  a.category = d.str(t, "category", false);
  if (a.scope == "school" && a.category.empty())
    d.problem("мероприятие " + a.number + ": для scope = \"school\" нужно поле category");
  a.indicator = d.str(t, "indicator", false);
  d.ref("category", a.category);
  d.ref("indicator", a.indicator);
  Params columns = d.params(t, "columns");
  for (const auto& [k, v] : columns.all()) {
    if (auto s = std::get_if<std::string>(&v)) a.columns[k] = *s;
    else d.problem("мероприятие " + a.number + ": столбец «" + k + "» должен быть строкой");
  }
  // Any other field is one of the document's own columns.
  static const std::set<std::string> known = {"number", "title", "deadline", "responsible",
                                              "scope", "category", "indicator", "columns"};
  lua_pushnil(d.L);
  while (lua_next(d.L, t)) {
    if (lua_type(d.L, -2) == LUA_TSTRING && !known.count(lua_tostring(d.L, -2))) {
      std::string key = lua_tostring(d.L, -2);
      if (lua_type(d.L, -1) == LUA_TSTRING || lua_type(d.L, -1) == LUA_TNUMBER)
        a.columns[key] = lua_tostring(d.L, -1);
      else
        d.problem("мероприятие " + a.number + ": поле «" + key + "» должно быть строкой");
    }
    lua_pop(d.L, 1);
  }
  r.activities.push_back(std::move(a));
}

void read_activities(Decl& d, int t, const std::string& section, RoadmapTemplate& r) {
  int type = raw_field(d.L, t, "activities");
  int list = lua_gettop(d.L);
  if (type == LUA_TTABLE) {
    auto n = lua_Integer(lua_rawlen(d.L, list));
    for (lua_Integer i = 1; i <= n; ++i) {
      if (lua_rawgeti(d.L, list, i) == LUA_TTABLE)
        read_activity(d, lua_gettop(d.L), section, r);
      else
        d.problem("мероприятие №" + std::to_string(i) + " раздела «" + section +
                  "» должно быть таблицей");
      lua_pop(d.L, 1);
    }
  } else if (type != LUA_TNIL) {
    d.problem("поле «activities» должно быть массивом");
  }
  lua_pop(d.L, 1);
}

int decl_roadmap(lua_State* L) {
  return declare(L, "дорожная карта", [](Decl& d) {
    d.known(1, {"id", "title", "year", "year_kind", "order", "sections", "activities"});
    RoadmapTemplate r;
    r.id = d.str("id", true);
    d.label = "дорожная карта " + r.id;
    r.title = d.str("title", true);
    r.year = int(d.num("year", 0));
    r.year_kind = d.str("year_kind", false, "calendar");
    d.one_of(r.year_kind, "year_kind", {"calendar", "school"});
    int type = raw_field(d.L, 1, "order");
    if (type == LUA_TTABLE) {
      r.order_number = d.str(lua_gettop(d.L), "number", false);
      r.order_date = d.str(lua_gettop(d.L), "date", false);
    } else if (type != LUA_TNIL) {
      d.problem("поле «order» должно быть таблицей { number = ..., date = ... }");
    }
    lua_pop(d.L, 1);
    type = raw_field(d.L, 1, "sections");
    int sections = lua_gettop(d.L);
    if (type == LUA_TTABLE) {
      auto n = lua_Integer(lua_rawlen(d.L, sections));
      for (lua_Integer i = 1; i <= n; ++i) {
        if (lua_rawgeti(d.L, sections, i) == LUA_TTABLE) {
          std::string title = d.str(lua_gettop(d.L), "title", true);
          r.sections.push_back(title);
          read_activities(d, lua_gettop(d.L), title, r);
        } else {
          d.problem("раздел №" + std::to_string(i) + " должен быть таблицей");
        }
        lua_pop(d.L, 1);
      }
    } else if (type != LUA_TNIL) {
      d.problem("поле «sections» должно быть массивом разделов");
    }
    lua_pop(d.L, 1);
    read_activities(d, 1, "", r);
    if (r.activities.empty() && d.problems.empty()) d.problem("в дорожной карте нет мероприятий");
    d.unique("roadmap", r.id);
    d.commit([r](Catalog& c) { c.add_roadmap(r); });
  });
}

int decl_report(lua_State* L) {
  return declare(L, "отчёт", [](Decl& d) {
    d.known(1, {"id", "title", "sections"});
    ReportSpec r;
    r.id = d.str("id", true);
    d.label = "отчёт " + r.id;
    r.title = d.str("title", true);
    int type = raw_field(d.L, 1, "sections");
    if (type == LUA_TTABLE) {
      auto n = lua_Integer(lua_rawlen(d.L, -1));
      for (lua_Integer i = 1; i <= n; ++i) {
        if (lua_rawgeti(d.L, -1, i) == LUA_TSTRING)
          r.sections.emplace_back(lua_tostring(d.L, -1));
        else
          d.problem("раздел №" + std::to_string(i) + " должен быть строкой");
        lua_pop(d.L, 1);
      }
    } else {
      d.problem("нужно поле «sections»: массив названий разделов");
    }
    lua_pop(d.L, 1);
    d.unique("report", r.id);
    d.commit([r](Catalog& c) { c.add_report(r); });
  });
}

// configure { item_id = { param = value, ... }, ... }
int decl_configure(lua_State* L) {
  return declare(L, "configure", [](Decl& d) {
    std::vector<std::pair<std::string, Params>> items;
    lua_pushnil(d.L);
    while (lua_next(d.L, 1)) {
      if (lua_type(d.L, -2) != LUA_TSTRING || lua_type(d.L, -1) != LUA_TTABLE) {
        d.problem("ожидается { идентификатор = { параметр = значение } }");
      } else {
        std::string item = lua_tostring(d.L, -2);
        items.emplace_back(item, d.params(1, item.c_str()));
        d.ref("item", item);
      }
      lua_pop(d.L, 1);
    }
    d.commit([items](Catalog& c) {
      for (const auto& [item, p] : items) c.add_override(item, p);
    });
  });
}

}  // namespace

void register_views(lua_State* L);  // api_run.cpp

void register_declarations(lua_State* L, int base_idx) {
  base_idx = lua_absindex(L, base_idx);
  const luaL_Reg fns[] = {{"package", decl_package},     {"category", decl_category},
                          {"risk_factor", decl_risk_factor}, {"procedure", decl_procedure}, {"criterion", decl_criterion},
                          {"indicator_type", decl_indicator_type},
                          {"indicator", decl_indicator}, {"roadmap", decl_roadmap},
                          {"report", decl_report},       {"configure", decl_configure},
                          {nullptr, nullptr}};
  lua_pushvalue(L, base_idx);
  luaL_setfuncs(L, fns, 0);
  lua_pop(L, 1);
  register_views(L);
}

}  // namespace opora::host
