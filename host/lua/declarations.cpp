// The declaration functions of a package (package{}, criterion{}, indicator{}, roadmap{} ...):
// each validates its table against the schema of its kind and, in load mode, queues the SDK
// object for the catalog. The schemas below are the one list of the fields each declaration
// knows, with their types: loading and `opora check` both refuse anything else.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>

#include "catalog/catalog.hpp"
#include "lua/core.hpp"
#include "lua/declarations.hpp"
#include "lua/lua_items.hpp"
#include "lua/sandbox_parts.hpp"
#include "lua/values.hpp"
#include "util/fingerprint.hpp"
#include "util/number.hpp"
#include "util/target.hpp"
#include "util/vocabulary.hpp"

namespace opora::host {

namespace {

// ---- The schema -----------------------------------------------------------------------------

enum class Type {
  text,      // a string (a number is accepted and kept as written)
  whole,     // a whole number within [lo, hi]
  function,  // a Lua function
  scalars,   // { name = number | string | boolean, ... }
  table,     // a nested table with a schema of its own (read by the declaration)
  list,      // an array of tables (read by the declaration)
  texts,     // an array of strings
  text_map,  // { ["name"] = string, ... }: a document's own columns
};

struct Field {
  const char* name;
  Type type;
  bool required = false;
  std::int64_t lo = 0, hi = 0;  // Type::whole
};

using Schema = std::vector<Field>;

// Every table a package writes, by kind. `description` is accepted everywhere.
const Schema& schema(std::string_view kind) {
  using T = Type;
  static const std::map<std::string_view, Schema> all = {
      {"package", {{"name", T::text, true}, {"level", T::text, true}}},
      {"category", {{"code", T::text, true}, {"title", T::text, true}}},
      {"risk_factor", {{"code", T::text, true}, {"title", T::text, true}}},
      {"procedure",
       {{"code", T::text, true}, {"title", T::text, true}, {"aliases", T::texts},
        {"subjects", T::texts}}},
      {"criterion",
       {{"id", T::text, true}, {"title", T::text, true}, {"category", T::text, true},
        {"params", T::scalars}, {"prepare", T::function}, {"evaluate", T::function},
        {"evaluate_all", T::function}, {"explain", T::function},
        {"years", T::whole, false, 1, max_rule_years}}},
      {"indicator_type",
       {{"id", T::text, true}, {"title", T::text, true}, {"args", T::scalars},
        {"compute", T::function, true}}},
      {"indicator",
       {{"id", T::text, true}, {"title", T::text, true}, {"unit", T::text, true},
        {"scope", T::text}, {"type", T::text}, {"args", T::scalars}, {"target", T::text},
        {"compute", T::function}}},
      {"roadmap",
       {{"id", T::text, true}, {"title", T::text, true},
        {"year", T::whole, false, kMinYear, kMaxYear}, {"year_kind", T::text},
        {"order", T::table}, {"sections", T::list}, {"activities", T::list}}},
      {"roadmap.order", {{"number", T::text}, {"date", T::text}}},
      {"roadmap.section", {{"title", T::text, true}, {"activities", T::list}}},
      // Free columns of the document go into `columns` only: any other name is a typo
      // ("dedline"), not a new column.
      {"roadmap.activity",
       {{"number", T::text, true}, {"title", T::text, true}, {"deadline", T::text},
        {"responsible", T::text}, {"scope", T::text}, {"category", T::text},
        {"indicator", T::text}, {"columns", T::text_map}}},
      {"section",
       {{"id", T::text, true}, {"title", T::text, true}, {"build", T::function, true}}},
      {"report", {{"id", T::text, true}, {"title", T::text, true}, {"sections", T::texts, true}}},
  };
  return all.at(kind);
}

// Arguments (of indicators and configure{}) whose value names another item: checked like a
// field that refers to one. `activity` is an activity number of a roadmap.
const char* arg_reference(std::string_view arg) {
  static const std::map<std::string_view, const char*> refs = {{"activity", "activity"},
                                                               {"category", "category"}};
  auto it = refs.find(arg);
  return it == refs.end() ? nullptr : it->second;
}

// Levenshtein distance, for "did you mean" on unknown fields (names are short).
std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

const char* type_name(Type t) {
  switch (t) {
    case Type::text: return "строкой";
    case Type::whole: return "целым числом";
    case Type::function: return "функцией";
    case Type::scalars: return "таблицей { имя = значение }";
    case Type::table: return "таблицей";
    case Type::list: return "массивом таблиц";
    case Type::texts: return "массивом строк";
    case Type::text_map: return "таблицей { [\"название\"] = \"текст\" }";
  }
  return "";
}

// ---- Reading one declaration ----------------------------------------------------------------

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
  std::string label;  // "критерий low_results": set once the id is read
  std::vector<std::string> problems;  // without the position and label (added by finish)
  std::vector<std::string> at;        // per problem: its own "<file>:<line>", or "" (where)

  bool check() const { return pk.mode == LoadMode::check; }

  // Every declaration, activity, parameter and configure entry is held on the C++ side, outside
  // the Lua memory cap: their number per package is capped before they pile up.
  void count(std::size_t n) {
    pk.elements += n;
    auto max = core_of(L).limits.max_declarations;
    if (pk.elements > max)
      throw std::runtime_error(where + ": " + label + ": слишком много объявлений в пакете " +
                               "(допустимо не больше " + std::to_string(max) +
                               " объявлений, мероприятий и параметров)");
  }
  void problem(const std::string& msg, std::string line = {}) {
    problems.push_back(msg);
    at.push_back(std::move(line));
  }

  // The line that wrote `key`, for an unknown field deep in a multi-line declaration (a roadmap
  // of hundreds of lines): the first line from the declaration's own on that assigns `key`
  // (`key =` or `["key"] =`). The declaration's line when the file cannot be read (a load()
  // chunk) or the key is not found.
  std::string locate(const std::string& key) {
    auto colon = where.rfind(':');
    const auto& c = core_of(L);
    std::string prefix = c.root_label + "/";
    if (colon == std::string::npos || where.compare(0, prefix.size(), prefix) != 0) return {};
    auto file = c.root / where.substr(prefix.size(), colon - prefix.size());
    long first = std::atol(where.c_str() + colon + 1);
    std::error_code ec;
    if (!inside_tree(file, c.root) || std::filesystem::file_size(file, ec) > (4u << 20) || ec)
      return {};
    std::ifstream in(file, std::ios::binary);
    std::string text;
    auto word = [](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
    };
    for (long n = 1; std::getline(in, text); ++n) {
      if (n < first) continue;
      if (n > first + 20'000) break;
      for (std::size_t pos = text.find(key); pos != std::string::npos;
           pos = text.find(key, pos + 1)) {
        std::size_t end = pos + key.size();
        char q = pos >= 2 && text[pos - 2] == '[' ? text[pos - 1] : 0;
        bool quoted = (q == '"' || q == '\'') && end + 1 < text.size() && text[end] == q &&
                      text[end + 1] == ']';
        if (quoted)
          end += 2;  // the closing quote and bracket
        else if ((pos > 0 && word(text[pos - 1])) || (end < text.size() && word(text[end])))
          continue;
        while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
        bool assigns = end < text.size() && text[end] == '=' &&
                       (end + 1 == text.size() || text[end + 1] != '=');
        if (assigns) return where.substr(0, colon + 1) + std::to_string(n);
      }
    }
    return {};
  }

  // Validates the table at t against a schema: unknown fields, types, required fields.
  // `in` prefixes the messages of a nested table ("мероприятие 3: ").
  void fields(int t, const Schema& s, const std::string& in = "") {
    t = lua_absindex(L, t);
    lua_pushnil(L);
    while (lua_next(L, t)) {
      lua_pop(L, 1);
      if (lua_type(L, -1) != LUA_TSTRING) {
        problem(in + "значение без имени поля (ключ " + key_text(-1) + ")");
        continue;
      }
      std::string k = lua_tostring(L, -1);
      if (k == "description") continue;
      auto f = std::find_if(s.begin(), s.end(), [&](const Field& x) { return k == x.name; });
      if (f == s.end()) problem(in + "неизвестное поле «" + k + "»" + suggestion(k, s), locate(k));
    }
    for (const Field& f : s) {
      int type = raw_field(L, t, f.name);
      std::string bad = value_problem(f, type);
      if (!bad.empty()) problem(in + bad);
      lua_pop(L, 1);
    }
    if (raw_field(L, t, "description") != LUA_TNIL && lua_type(L, -1) != LUA_TSTRING)
      problem(in + "поле «description» должно быть строкой");
    lua_pop(L, 1);
  }

  std::string key_text(int idx) {
    if (lua_type(L, idx) == LUA_TNUMBER) return number_text(lua_tonumber(L, idx));
    return luaL_typename(L, idx);
  }

  static std::string suggestion(const std::string& k, const Schema& s) {
    for (const Field& f : s)
      if (distance(k, f.name) <= 2 && std::string_view(f.name).size() > 2)
        return " (может быть, «" + std::string(f.name) + "»?)";
    return {};
  }

  // The problem of the value on top of the stack for field f ("" if none).
  std::string value_problem(const Field& f, int type) {
    std::string name = std::string("«") + f.name + "»";
    if (type == LUA_TNIL) {
      if (!f.required) return {};
      return f.type == Type::function ? "не задана обязательная функция " + name
                                      : "не задано обязательное поле " + name;
    }
    auto wrong = [&] {
      return "поле " + name + " должно быть " + type_name(f.type) + ", а не " +
             lua_typename(L, type);
    };
    switch (f.type) {
      case Type::text:
        if (type == LUA_TNUMBER) {
          if (auto p = finite_problem(lua_tonumber(L, -1)); !p.empty())
            return "поле " + name + ": " + p;
          return {};
        }
        if (type != LUA_TSTRING) return wrong();
        if (f.required && lua_rawlen(L, -1) == 0) return "поле " + name + " не может быть пустым";
        return {};
      case Type::whole:
        if (type != LUA_TNUMBER) return wrong();
        if (auto p = whole_problem(lua_tonumber(L, -1), f.lo, f.hi); !p.empty())
          return "поле " + name + ": " + p;
        return {};
      case Type::function:
        return type == LUA_TFUNCTION ? std::string() : wrong();
      case Type::scalars:
        return type == LUA_TTABLE ? scalars_problem(f.name) : wrong();
      case Type::table:
      case Type::list:
        return type == LUA_TTABLE ? std::string() : wrong();
      case Type::texts:
      case Type::text_map:
        return type == LUA_TTABLE ? strings_problem(f) : wrong();
    }
    return {};
  }

  // Parameters: string names, finite numbers, strings or booleans (the table is on top).
  std::string scalars_problem(const char* key) {
    std::string out;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      std::string p;
      if (lua_type(L, -2) != LUA_TSTRING) {
        p = std::string("в «") + key + "» имена параметров должны быть строками";
      } else {
        std::string name = lua_tostring(L, -2);
        int t = lua_type(L, -1);
        if (t == LUA_TNUMBER) {
          if (auto f = finite_problem(lua_tonumber(L, -1)); !f.empty())
            p = "параметр «" + name + "»: " + f;
        } else if (t != LUA_TBOOLEAN && t != LUA_TSTRING) {
          p = "параметр «" + name + "» должен быть числом, строкой или логическим значением, а не " +
              luaL_typename(L, -1);
        }
      }
      if (out.empty()) out = p;  // the first one; the others usually repeat it
      lua_pop(L, 1);
    }
    return out;
  }

  // An array of strings (texts) or a map of named strings (text_map); the table is on top.
  std::string strings_problem(const Field& f) {
    std::string out;
    if (f.type == Type::texts) {
      auto n = lua_Integer(lua_rawlen(L, -1));
      for (lua_Integer i = 1; i <= n && out.empty(); ++i) {
        if (lua_rawgeti(L, -1, i) != LUA_TSTRING)
          out = std::string("«") + f.name + "»: элемент №" + std::to_string(i) +
                " должен быть строкой";
        lua_pop(L, 1);
      }
      lua_pushnil(L);
      while (lua_next(L, -2)) {
        lua_pop(L, 1);
        if (out.empty() && !(lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 &&
                             lua_tointeger(L, -1) <= n))
          out = std::string("«") + f.name + "» должно быть массивом строк (лишний ключ " +
                key_text(-1) + ")";
      }
      return out;
    }
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      if (out.empty()) {
        if (lua_type(L, -2) != LUA_TSTRING)
          out = std::string("в «") + f.name + "» названия должны быть строками";
        else if (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER)
          out = std::string("столбец «") + lua_tostring(L, -2) + "» должен быть строкой";
      }
      lua_pop(L, 1);
    }
    return out;
  }

  // Readers: the schema has validated the value, so a wrong one only gives the fallback.
  std::string text(int t, const char* key, const char* fallback = "") {
    std::string v = fallback;
    int type = raw_field(L, t, key);
    if (type == LUA_TSTRING || type == LUA_TNUMBER) {
      std::size_t n = 0;
      const char* s = lua_tolstring(L, -1, &n);
      auto max = core_of(L).limits.max_field_bytes;
      if (n > max)
        problem(std::string("поле «") + key + "» длиннее " + std::to_string(max) + " байт");
      else
        v.assign(s, n);
    }
    lua_pop(L, 1);
    return v;
  }
  std::string text(const char* key, const char* fallback = "") { return text(1, key, fallback); }

  // An array of strings (Type::texts, validated by the schema); each element counts as declared.
  std::vector<std::string> texts(const char* key) {
    std::vector<std::string> out;
    if (raw_field(L, 1, key) == LUA_TTABLE) {
      auto n = lua_Integer(lua_rawlen(L, -1));
      for (lua_Integer i = 1; i <= n; ++i) {
        count(1);
        if (lua_rawgeti(L, -1, i) == LUA_TSTRING) out.emplace_back(lua_tostring(L, -1));
        lua_pop(L, 1);
      }
    }
    lua_pop(L, 1);
    return out;
  }

  int whole(const char* key, int fallback, std::int64_t lo, std::int64_t hi) {
    int v = fallback;
    if (raw_field(L, 1, key) == LUA_TNUMBER) {
      // Only a value in range is converted: the range is checked on the double before the cast.
      if (auto w = whole_in_range(lua_tonumber(L, -1), lo, hi)) v = int(*w);
    }
    lua_pop(L, 1);
    return v;
  }

  std::shared_ptr<LuaFunctionRef> func(const char* key) {
    if (raw_field(L, 1, key) == LUA_TFUNCTION)
      return std::make_shared<LuaFunctionRef>(pk.engine, luaL_ref(L, LUA_REGISTRYINDEX));
    lua_pop(L, 1);
    return nullptr;
  }

  Params params(int t, const char* key) {
    Params p;
    if (raw_field(L, t, key) == LUA_TTABLE) {
      int tbl = lua_gettop(L);
      lua_pushnil(L);
      while (lua_next(L, tbl)) {
        count(1);
        if (lua_type(L, -2) == LUA_TSTRING) {
          std::string name = lua_tostring(L, -2);
          switch (lua_type(L, -1)) {
            case LUA_TNUMBER: p.set(name, double(lua_tonumber(L, -1))); break;
            case LUA_TBOOLEAN: p.set(name, bool(lua_toboolean(L, -1))); break;
            case LUA_TSTRING: p.set(name, std::string(lua_tostring(L, -1))); break;
            default: break;
          }
        }
        lua_pop(L, 1);
      }
    }
    lua_pop(L, 1);
    return p;
  }

  void one_of(const std::string& v, const char* key, std::initializer_list<const char*> allowed,
              const std::string& in = "") {
    std::string list;
    for (const char* a : allowed) {
      if (v == a) return;
      list += list.empty() ? a : std::string(", ") + a;
    }
    problem(in + "поле «" + key + "» = «" + v + "»: допустимо " + list);
  }

  void unique(const char* kind, const std::string& id) {
    if (id.empty()) return;
    if (!pk.ids[kind].insert(id).second) problem("повторный идентификатор «" + id + "» в пакете");
  }

  void ref(const char* kind, const std::string& id, const std::string& in = "") {
    if (check() && !id.empty()) pk.refs.push_back({kind, id, where + ": " + label + in});
  }

  // Arguments that name items (activity numbers, categories) are references too.
  void arg_refs(const Params& args, const std::string& in = "") {
    for (const auto& [k, v] : args.all())
      if (const char* kind = arg_reference(k))
        if (auto s = std::get_if<std::string>(&v)) ref(kind, *s, in);
  }

  // Queues the registration (load mode, no problems) with this declaration as the origin.
  void commit(std::function<void(Catalog&)> add) {
    if (check() || !problems.empty()) return;
    // Run after the whole package ran (load_tree), while `pk` is alive: its sources are complete.
    pk.commits.push_back([add = std::move(add), where = where, t = pk.info.territory,
                          e = pk.engine, load = &pk](Catalog& c) {
      c.set_source(Origin{"package", where, fingerprint_hex(load->sources)}, t, e);
      add(c);
    });
  }

  // Check mode keeps every problem; load mode stops the package at the first one.
  void finish() {
    count(1);
    if (problems.empty()) return;
    for (std::size_t i = 0; i < problems.size(); ++i)
      problems[i] = (at[i].empty() ? where : at[i]) + ": " + label + ": " + problems[i];
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

// The declared level must be the folder's: a municipality cannot call itself federal.
int decl_package(lua_State* L) {
  return declare(L, "package", [](Decl& d) {
    d.fields(1, schema("package"));
    auto name = d.text("name");
    auto level = d.text("level");
    if (!level.empty()) d.one_of(level, "level", {"federal", "region", "municipality"});
    auto expected = level_of_territory(d.pk.info.territory);
    if (!level.empty() && d.problems.empty() && level != expected)
      d.problem("поле «level» = «" + level + "», но папка " + d.pk.info.territory +
                " — это уровень «" + expected + "»");
    d.unique("package", "package");
    if (!d.problems.empty()) return;
    d.pk.info.name = name;
    d.pk.info.level = level;
  });
}

int decl_category(lua_State* L) {
  return declare(L, "категория", [](Decl& d) {
    CategoryInfo c{d.text("code"), "", ""};
    d.label = "категория " + c.code;
    d.fields(1, schema("category"));
    c.title = d.text("title");
    d.unique("category", c.code);
    d.commit([c](Catalog& cat) { cat.add_category(c); });
  });
}

int decl_risk_factor(lua_State* L) {
  return declare(L, "фактор риска", [](Decl& d) {
    RiskFactor f{d.text("code"), "", ""};
    d.label = "фактор риска " + f.code;
    d.fields(1, schema("risk_factor"));
    f.title = d.text("title");
    d.unique("risk_factor", f.code);
    d.commit([f](Catalog& cat) { cat.add_risk_factor(f); });
  });
}

// procedure{ code = "КДР", title = "...", aliases = { "KDR" }, subjects = { ... } }: a region's
// own assessment procedure, which imports then accept (host/util/vocabulary.hpp).
int decl_procedure(lua_State* L) {
  return declare(L, "процедура", [](Decl& d) {
    ProcedureDecl p;
    p.code = d.text("code");
    d.label = "процедура " + p.code;
    d.fields(1, schema("procedure"));
    p.title = d.text("title");
    p.aliases = d.texts("aliases");
    p.subjects = d.texts("subjects");
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
    LuaCriterionSpec s;
    s.id = d.text("id");
    d.label = "критерий " + s.id;
    d.fields(1, schema("criterion"));
    s.title = d.text("title");
    s.category = d.text("category");
    s.defaults = d.params(1, "params");
    s.territory = d.pk.info.territory;
    s.origin = d.where;
    s.owner = core_of(d.L).owner;
    s.years = d.whole("years", 0, 1, max_rule_years);
    LuaCriterionFunctions f{d.func("prepare"), d.func("evaluate"), d.func("evaluate_all"),
                            d.func("explain")};
    // School by school (evaluate), or over the whole population (evaluate_all) with the
    // explanations of the schools that need one from explain (or else from evaluate).
    if (!f.evaluate && !f.evaluate_all)
      d.problem("нет функции evaluate (по одной школе) или evaluate_all (по всем школам сразу)");
    else if (!f.evaluate && !f.explain)
      d.problem("evaluate_all без evaluate: нужна функция explain (пояснение по одной школе)");
    d.unique("criterion", s.id);
    d.ref("category", s.category);
    if (d.check()) d.pk.params["criterion"][s.id] = s.defaults;
    d.commit([s, f](Catalog& c) { c.add_criterion(std::make_unique<LuaCriterion>(s, f)); });
  });
}

int decl_indicator_type(lua_State* L) {
  return declare(L, "тип показателя", [](Decl& d) {
    LuaIndicatorTypeSpec s;
    s.id = d.text("id");
    d.label = "тип показателя " + s.id;
    d.fields(1, schema("indicator_type"));
    s.title = d.text("title");
    s.defaults = d.params(1, "args");
    s.territory = d.pk.info.territory;
    s.origin = d.where;
    s.owner = core_of(d.L).owner;
    auto compute = d.func("compute");
    d.unique("indicator_type", s.id);
    if (d.check()) d.pk.params["indicator_type"][s.id] = s.defaults;
    d.commit([s, compute](Catalog& c) {
      c.add_indicator_type(std::make_unique<LuaIndicatorType>(s, compute));
    });
  });
}

int decl_indicator(lua_State* L) {
  return declare(L, "показатель", [](Decl& d) {
    IndicatorSpec s;
    s.id = d.text("id");
    d.label = "показатель " + s.id;
    d.fields(1, schema("indicator"));
    s.title = d.text("title");
    s.unit = d.text("unit");
    if (!s.unit.empty()) d.one_of(s.unit, "unit", {"percent", "count", "number"});
    s.scope = d.text("scope", "territory");
    d.one_of(s.scope, "scope", {"territory", "school", "activity"});
    s.type = d.text("type");
    s.args = d.params(1, "args");
    s.target = d.text("target");
    std::string target_error;
    parse_target(s.target, &target_error);
    if (!target_error.empty()) d.problem("поле «target»: " + target_error);
    auto compute = d.func("compute");
    bool has_compute = raw_field(d.L, 1, "compute") == LUA_TFUNCTION;
    lua_pop(d.L, 1);
    if (has_compute && !s.type.empty()) d.problem("задайте либо type, либо compute, но не оба");
    if (!has_compute && s.type.empty())
      d.problem("нужно поле type (тип показателя) или функция compute");
    d.unique("indicator", s.id);
    if (!has_compute) d.ref("indicator_type", s.type);
    d.arg_refs(s.args);
    std::shared_ptr<LuaIndicatorTypeSpec> inline_type;
    if (has_compute) {  // an inline formula: an anonymous type named after the indicator
      s.type = s.id;
      inline_type = std::make_shared<LuaIndicatorTypeSpec>(
          LuaIndicatorTypeSpec{s.id, s.title, d.pk.info.territory, d.where, s.args,
                               core_of(d.L).owner});
    }
    if (d.check()) {
      d.pk.params["indicator"][s.id] = s.args;
      d.pk.indicator_type_of[s.id] = s.type;
    }
    d.commit([s, compute, inline_type](Catalog& c) {
      if (inline_type) c.add_indicator_type(std::make_unique<LuaIndicatorType>(*inline_type, compute));
      c.add_indicator(s);
    });
  });
}

void read_activity(Decl& d, int t, const std::string& section, RoadmapTemplate& r,
                   lua_Integer position) {
  d.count(1);
  ActivityTemplate a;
  a.section = section;
  a.number = d.text(t, "number");
  std::string in = "мероприятие " + (a.number.empty() ? "№" + std::to_string(position) : a.number) +
                   ": ";
  d.fields(t, schema("roadmap.activity"), in);
  a.title = d.text(t, "title");
  a.deadline = d.text(t, "deadline");
  a.responsible = d.text(t, "responsible");
  a.scope = d.text(t, "scope", "territory");
  d.one_of(a.scope, "scope", {"territory", "school"}, in);
  a.category = d.text(t, "category");
  if (a.scope == "school" && a.category.empty())
    d.problem(in + "для scope = \"school\" нужно поле category");
  a.indicator = d.text(t, "indicator");
  d.ref("category", a.category, ": " + in.substr(0, in.size() - 2));
  d.ref("indicator", a.indicator, ": " + in.substr(0, in.size() - 2));
  if (!a.number.empty()) d.pk.ids["activity"].insert(a.number);
  if (raw_field(d.L, t, "columns") == LUA_TTABLE) {
    lua_pushnil(d.L);
    while (lua_next(d.L, -2)) {
      if (lua_type(d.L, -2) == LUA_TSTRING &&
          (lua_type(d.L, -1) == LUA_TSTRING || lua_type(d.L, -1) == LUA_TNUMBER)) {
        std::string key = lua_tostring(d.L, -2);
        std::size_t n = 0;
        const char* v = lua_tolstring(d.L, -1, &n);
        a.columns[key] = std::string(v, n);
      }
      lua_pop(d.L, 1);
    }
  }
  lua_pop(d.L, 1);
  r.activities.push_back(std::move(a));
}

void read_activities(Decl& d, int t, const std::string& section, RoadmapTemplate& r) {
  if (raw_field(d.L, t, "activities") == LUA_TTABLE) {
    int list = lua_gettop(d.L);
    auto n = lua_Integer(lua_rawlen(d.L, list));
    for (lua_Integer i = 1; i <= n; ++i) {
      if (lua_rawgeti(d.L, list, i) == LUA_TTABLE)
        read_activity(d, lua_gettop(d.L), section, r, i);
      else
        d.problem("мероприятие №" + std::to_string(i) +
                  (section.empty() ? std::string() : " раздела «" + section + "»") +
                  " должно быть таблицей");
      lua_pop(d.L, 1);
    }
  }
  lua_pop(d.L, 1);
}

int decl_roadmap(lua_State* L) {
  return declare(L, "дорожная карта", [](Decl& d) {
    RoadmapTemplate r;
    r.id = d.text("id");
    d.label = "дорожная карта " + r.id;
    d.fields(1, schema("roadmap"));
    r.title = d.text("title");
    r.year = d.whole("year", 0, kMinYear, kMaxYear);
    r.year_kind = d.text("year_kind", "calendar");
    d.one_of(r.year_kind, "year_kind", {"calendar", "school"});
    if (raw_field(d.L, 1, "order") == LUA_TTABLE) {
      int order = lua_gettop(d.L);
      d.fields(order, schema("roadmap.order"), "order: ");
      r.order_number = d.text(order, "number");
      r.order_date = d.text(order, "date");
    }
    lua_pop(d.L, 1);
    // Activities outside sections are the rows above the first section row: they come first.
    read_activities(d, 1, "", r);
    if (raw_field(d.L, 1, "sections") == LUA_TTABLE) {
      int sections = lua_gettop(d.L);
      auto n = lua_Integer(lua_rawlen(d.L, sections));
      for (lua_Integer i = 1; i <= n; ++i) {
        d.count(1);
        if (lua_rawgeti(d.L, sections, i) == LUA_TTABLE) {
          int sec = lua_gettop(d.L);
          d.fields(sec, schema("roadmap.section"), "раздел №" + std::to_string(i) + ": ");
          std::string title = d.text(sec, "title");
          r.sections.push_back(title);
          read_activities(d, sec, title, r);
        } else {
          d.problem("раздел №" + std::to_string(i) + " должен быть таблицей");
        }
        lua_pop(d.L, 1);
      }
    }
    lua_pop(d.L, 1);
    if (r.activities.empty() && d.problems.empty()) d.problem("в дорожной карте нет мероприятий");
    d.unique("roadmap", r.id);
    d.commit([r](Catalog& c) { c.add_roadmap(r); });
  });
}

int decl_section(lua_State* L) {
  return declare(L, "раздел отчёта", [](Decl& d) {
    LuaSectionSpec s;
    s.id = d.text("id");
    d.label = "раздел отчёта " + s.id;
    d.fields(1, schema("section"));
    s.title = d.text("title");
    s.territory = d.pk.info.territory;
    s.origin = d.where;
    s.owner = core_of(d.L).owner;
    auto build = d.func("build");
    d.unique("section", s.id);
    d.commit([s, build](Catalog& c) { c.add_section(std::make_unique<LuaSection>(s, build)); });
  });
}

int decl_report(lua_State* L) {
  return declare(L, "отчёт", [](Decl& d) {
    ReportSpec r;
    r.id = d.text("id");
    d.label = "отчёт " + r.id;
    d.fields(1, schema("report"));
    r.title = d.text("title");
    r.sections = d.texts("sections");
    const auto& builtin = builtin_section_ids();
    for (const auto& id : r.sections)
      if (std::find(builtin.begin(), builtin.end(), id) == builtin.end()) d.ref("section", id);
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
      d.count(1);
      if (lua_type(d.L, -2) != LUA_TSTRING || lua_type(d.L, -1) != LUA_TTABLE) {
        d.problem("ожидается { идентификатор = { параметр = значение } }");
      } else {
        std::string item = lua_tostring(d.L, -2);
        Field f{item.c_str(), Type::scalars};
        if (auto p = d.value_problem(f, LUA_TTABLE); !p.empty()) d.problem(item + ": " + p);
        items.emplace_back(item, d.params(1, item.c_str()));
        d.ref("item", item);
        d.arg_refs(items.back().second, ": " + item);
        if (d.check()) d.pk.configures.push_back({item, items.back().second, d.where + ": configure"});
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
                          {"report", decl_report},       {"section", decl_section},       {"configure", decl_configure},
                          {nullptr, nullptr}};
  lua_pushvalue(L, base_idx);
  luaL_setfuncs(L, fns, 0);
  lua_pop(L, 1);
  register_views(L);
}

}  // namespace opora::host
