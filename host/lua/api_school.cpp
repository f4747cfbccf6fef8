// The school view: its card as fields, its results through methods (docs/lua-api.md, "The
// school"). Methods read the snapshot directly; count_works and share2 build no table when
// nothing matches.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "lua/core.hpp"
#include "lua/result_filter.hpp"
#include "lua/values.hpp"
#include "lua/views.hpp"
#include "util/text.hpp"

namespace opora::host {

namespace {

struct SchoolView {
  RunView* run;
  SchoolIndex index;
};

SchoolView* check_school(lua_State* L, int idx) {
  auto* s = static_cast<SchoolView*>(luaL_checkudata(L, idx, kSchoolMeta));
  if (!s->run->alive) luaL_error(L, "школа недоступна: вызов критерия уже завершён");
  return s;
}


// A work as the reader names it: "ВПР, 5 класс, математика". Criteria put keys into the
// explanations users read, so the key is words, not a path of codes; it stays a stable identity
// of (procedure, grade, subject) for comparing years.
std::string work_key(std::string_view procedure, int grade, std::string_view subject) {
  std::string subj(subject);
  // Only the first letter is lowered: «История России» reads «история России».
  if (!subj.empty()) {
    std::size_t n = 1;
    while (n < subj.size() && (static_cast<unsigned char>(subj[n]) & 0xC0) == 0x80) ++n;
    subj = to_lower(subj.substr(0, n)) + subj.substr(n);
  }
  return std::string(procedure) + ", " + std::to_string(grade) + " класс, " + subj;
}

// Pushes the keys table of the run of the school at index 1; returns its stack index.
int push_keys_of_school(lua_State* L) {
  lua_getiuservalue(L, 1, 1);  // the school's run
  push_work_keys(L, -1);
  lua_remove(L, -2);
  return lua_gettop(L);
}

}  // namespace

// Built once per run and work (procedure, subject, grade): a national run asks for the same few
// hundred keys in every explanation.
void push_work_key(lua_State* L, const Dataset& d, const ResultRow& r, int keys) {
  auto id = lua_Integer(r.procedure) << 24 | lua_Integer(r.subject) << 8 | lua_Integer(r.grade);
  if (lua_rawgeti(L, keys, id) == LUA_TSTRING) return;
  lua_pop(L, 1);
  auto key = work_key(d.procedure_name(r.procedure), int(r.grade), d.subject_name(r.subject));
  lua_pushlstring(L, key.data(), key.size());
  lua_pushvalue(L, -1);
  lua_rawseti(L, keys, id);
}

SchoolIndex school_index_of(lua_State* L, int idx) { return check_school(L, idx)->index; }

namespace {

void set_number(lua_State* L, const char* k, double v) {
  lua_pushnumber(L, v);
  lua_setfield(L, -2, k);
}
void set_integer(lua_State* L, const char* k, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, k);
}

int school_works(lua_State* L) {
  auto* s = check_school(L, 1);
  const Dataset& d = *s->run->data;
  Filter f = read_filter(L, 2, "school:works", *s->run);
  int keys = push_keys_of_school(L);
  lua_newtable(L);
  if (f.none) return 1;
  lua_Integer n = 0;
  for (const auto& r : f.rows(d.results(s->index))) {
    if (!f.take(r)) continue;
    lua_createtable(L, 0, 14);
    auto p = d.procedure_name(r.procedure);
    auto subj = d.subject_name(r.subject);
    lua_pushlstring(L, p.data(), p.size());
    lua_setfield(L, -2, "procedure");
    lua_pushlstring(L, subj.data(), subj.size());
    lua_setfield(L, -2, "subject");
    set_integer(L, "grade", r.grade);
    set_integer(L, "year", r.year);
    set_integer(L, "participants", r.participants);
    set_integer(L, "m2", r.marks[0]);
    set_integer(L, "m3", r.marks[1]);
    set_integer(L, "m4", r.marks[2]);
    set_integer(L, "m5", r.marks[3]);
    set_number(L, "share2", r.share2());
    set_number(L, "mean_mark", r.mean_mark());
    if (!std::isnan(r.mean_score)) set_number(L, "mean_score", r.mean_score);
    push_work_key(L, d, r, keys);
    lua_setfield(L, -2, "key");
    lua_rawseti(L, -2, ++n);
  }
  return 1;
}

int school_count_works(lua_State* L) {
  auto* s = check_school(L, 1);
  const Dataset& d = *s->run->data;
  Filter f = read_filter(L, 2, "school:count_works", *s->run);
  int keys = push_keys_of_school(L);
  lua_Integer n = 0;
  if (!f.none) {
    for (const auto& r : f.rows(d.results(s->index))) {
      if (!f.take(r)) continue;
      if (n == 0) lua_newtable(L);  // keys: built only once something matches
      push_work_key(L, d, r, keys);
      lua_rawseti(L, -2, ++n);
    }
  }
  lua_pushinteger(L, n);
  if (n == 0) {
    lua_pushnil(L);
  } else {
    lua_insert(L, -2);
  }
  return 2;
}

Aggregate sum(lua_State* L, SchoolView* s, const char* method) {
  Filter f = read_filter(L, 2, method, *s->run);
  Aggregate a;
  if (f.none) return a;
  for (const auto& r : f.rows(s->run->data->results(s->index)))
    if (f.take(r)) a.add(r);
  return a;
}

int school_aggregate(lua_State* L) {
  auto* s = check_school(L, 1);
  Aggregate a = sum(L, s, "school:aggregate");
  lua_createtable(L, 0, 8);
  set_integer(L, "participants", a.participants);
  set_integer(L, "m2", a.marks[0]);
  set_integer(L, "m3", a.marks[1]);
  set_integer(L, "m4", a.marks[2]);
  set_integer(L, "m5", a.marks[3]);
  set_integer(L, "rows", a.rows);
  set_number(L, "share2", a.share2());
  set_number(L, "mean_mark", a.mean_mark());
  return 1;
}

int school_share2(lua_State* L) {
  auto* s = check_school(L, 1);
  Aggregate a = sum(L, s, "school:share2");
  if (a.participants > 0)
    lua_pushnumber(L, a.share2());
  else
    lua_pushnil(L);
  lua_pushinteger(L, a.participants);
  return 2;
}

int school_context(lua_State* L) {
  auto* s = check_school(L, 1);
  std::size_t n = 0;
  const char* ind = luaL_checklstring(L, 2, &n);
  int year = optional_year(L, 3, s->run->year, "school:context");
  auto v = s->run->data->context(s->index, {ind, n}, year);
  if (v)
    lua_pushnumber(L, *v);
  else
    lua_pushnil(L);
  return 1;
}

int school_risk(lua_State* L) {
  auto* s = check_school(L, 1);
  std::size_t n = 0;
  const char* factor = luaL_checklstring(L, 2, &n);
  int year = optional_year(L, 3, s->run->year, "school:risk");
  lua_pushinteger(L, s->run->data->risk_level(s->index, year, {factor, n}));
  return 1;
}

int school_scores(lua_State* L) {
  auto* s = check_school(L, 1);
  const Dataset& d = *s->run->data;
  Filter f = read_filter(L, 2, "school:scores", *s->run);
  if (f.procedure_count > 0) return luaL_error(L, "school:scores: нужна одна процедура");
  if (f.procedure < 0 && !f.none) return luaL_error(L, "school:scores: нужно поле procedure");
  if (f.subject < 0 && !f.none) return luaL_error(L, "school:scores: нужно поле subject");
  if (f.grade < 0) return luaL_error(L, "school:scores: нужно поле grade");
  int year = f.year > 0 ? f.year : s->run->year;
  lua_newtable(L);
  if (f.none) return 1;
  auto scores = d.student_scores(s->index, year, f.procedure, f.subject, f.grade);
  lua_Integer i = 0;
  for (auto v : scores) {
    lua_pushinteger(L, v);
    lua_rawseti(L, -2, ++i);
  }
  return 1;
}

void push_sv(lua_State* L, std::string_view v) { lua_pushlstring(L, v.data(), v.size()); }

// __index: the card fields, then the methods. Reached only through the locked metatable, so
// argument 1 is always a school view.
int school_index(lua_State* L) {
  auto* s = static_cast<SchoolView*>(lua_touserdata(L, 1));
  if (!s->run->alive) return luaL_error(L, "школа недоступна: вызов критерия уже завершён");
  std::size_t n = 0;
  const char* k = lua_tolstring(L, 2, &n);
  if (!k || lua_type(L, 2) != LUA_TSTRING) return 0;
  std::string_view key(k, n);
  if (key == "count_works") return lua_pushcfunction(L, school_count_works), 1;
  if (key == "share2") return lua_pushcfunction(L, school_share2), 1;
  if (key == "aggregate") return lua_pushcfunction(L, school_aggregate), 1;
  if (key == "works") return lua_pushcfunction(L, school_works), 1;
  if (key == "context") return lua_pushcfunction(L, school_context), 1;
  if (key == "risk") return lua_pushcfunction(L, school_risk), 1;
  if (key == "scores") return lua_pushcfunction(L, school_scores), 1;
  if (key == "index") return lua_pushinteger(L, s->index), 1;
  SchoolInfo info = s->run->data->school(s->index);
  if (key == "login") return push_sv(L, info.login), 1;
  if (key == "name") return push_sv(L, info.name), 1;
  if (key == "territory") return push_sv(L, info.territory), 1;
  if (key == "region") return push_sv(L, info.region), 1;
  if (key == "kind") return push_sv(L, info.kind), 1;
  if (key == "locality") return push_sv(L, info.locality), 1;
  if (key == "students") return lua_pushinteger(L, info.students), 1;
  return 0;
}

int school_newindex(lua_State* L) {
  return luaL_error(L, "школа доступна только для чтения (поле «%s»)", luaL_tolstring(L, 2, nullptr));
}

int school_tostring(lua_State* L) {
  auto* s = static_cast<SchoolView*>(lua_touserdata(L, 1));
  if (!s->run->alive) return lua_pushliteral(L, "школа (недоступна)"), 1;
  auto login = s->run->data->school(s->index).login;
  lua_pushliteral(L, "школа ");
  push_sv(L, login);
  lua_concat(L, 2);
  return 1;
}

}  // namespace

namespace {

// The filter fields in the order their errors are reported when several are malformed.
enum FilterField { kYear, kGrade, kMinParticipants, kProcedure, kSubject, kMinShare2, kNone };

FilterField filter_field(std::string_view k) {
  if (k == "year") return kYear;
  if (k == "grade") return kGrade;
  if (k == "min_participants") return kMinParticipants;
  if (k == "procedure") return kProcedure;
  if (k == "subject") return kSubject;
  if (k == "min_share2") return kMinShare2;
  return kNone;
}

// procedure = { "ВПР", "ОГЭ", ... }: names absent from the snapshot match nothing; a list of
// none known matches no row at all.
void read_procedures(lua_State* L, int list, const char* method, const Dataset& d, Filter& f) {
  auto n = lua_rawlen(L, list);
  if (n > Filter::max_procedures)
    luaL_error(L, "%s: в списке procedure не больше %d процедур", method,
               int(Filter::max_procedures));
  std::vector<std::uint16_t> known;
  for (lua_Integer i = 1; i <= lua_Integer(n); ++i) {
    if (lua_rawgeti(L, list, i) != LUA_TSTRING)
      luaL_error(L, "%s: в списке procedure элемент №%d не строка", method, int(i));
    std::size_t len = 0;
    const char* v = lua_tolstring(L, -1, &len);
    int id = d.procedure_id({v, len});
    if (id >= 0 && std::find(known.begin(), known.end(), id) == known.end())
      known.push_back(std::uint16_t(id));
    lua_pop(L, 1);
  }
  f.procedure = -1;
  f.procedure_count = 0;
  if (known.empty()) {
    f.none = true;
  } else if (known.size() == 1) {
    f.procedure = known[0];
  } else {
    std::copy(known.begin(), known.end(), f.procedures.begin());
    f.procedure_count = std::uint8_t(known.size());
  }
}

}  // namespace

// One pass over the fields the script gave (usually one to four) rather than a keyed lookup of
// every field: this runs on each school:aggregate / count_works call, for every school.
namespace {

Filter read_fields(lua_State* L, int t, const char* method, const Dataset& d) {
  Filter f;
  if (lua_isnoneornil(L, t)) return f;
  luaL_checktype(L, t, LUA_TTABLE);
  t = lua_absindex(L, t);
  static const char* const names[] = {"year",      "grade",   "min_participants",
                                      "procedure", "subject", "min_share2"};
  int bad = kNone;  // the first malformed field in report order
  lua_pushnil(L);
  while (lua_next(L, t)) {
    FilterField field = kNone;
    if (lua_type(L, -2) == LUA_TSTRING) {
      std::size_t n = 0;
      const char* k = lua_tolstring(L, -2, &n);
      field = filter_field({k, n});
    }
    int type = lua_type(L, -1);
    switch (field) {
      case kYear:
      case kGrade:
      case kMinParticipants:
      case kMinShare2:
        if (type != LUA_TNUMBER) {
          bad = std::min<int>(bad, field);
        } else if (field == kMinShare2) {
          f.min_share2 = checked_finite(L, -1, method);
        } else {
          // Checked before the cast: int(1e300) or int(0/0) would be undefined behaviour.
          auto v = field == kYear ? checked_whole(L, -1, method, 0, kMaxYear)
                                  : checked_whole(L, -1, method, -kMaxCount, kMaxCount);
          (field == kYear ? f.year : field == kGrade ? f.grade : f.min_participants) = int(v);
        }
        break;
      case kProcedure:
        if (type == LUA_TTABLE) {
          read_procedures(L, lua_gettop(L), method, d, f);
          break;
        }
        [[fallthrough]];
      case kSubject:
        if (type != LUA_TSTRING) {
          bad = std::min<int>(bad, field);
        } else {
          std::size_t n = 0;
          const char* v = lua_tolstring(L, -1, &n);
          int id = field == kSubject ? d.subject_id({v, n}) : d.procedure_id({v, n});
          (field == kSubject ? f.subject : f.procedure) = id;
          if (id < 0) f.none = true;
        }
        break;
      case kNone:
        // A misspelled field ("yaer") would silently mean "any year".
        if (lua_type(L, -2) == LUA_TSTRING)
          luaL_error(L, "%s: неизвестное поле фильтра «%s» (есть: year, procedure, subject, "
                        "grade, min_participants, min_share2)", method, lua_tostring(L, -2));
        luaL_error(L, "%s: в фильтре допустимы только именованные поля", method);
        break;
    }
    lua_pop(L, 1);
  }
  if (bad != kNone)
    luaL_error(L, "%s: поле %s должно быть %s", method, names[bad],
               bad == kProcedure ? "строкой или списком строк"
               : bad == kSubject ? "строкой" : "числом");
  return f;
}

}  // namespace

Filter read_filter(lua_State* L, int t, const char* method, const RunView& run) {
  Filter f = read_fields(L, t, method, *run.data);
  if (run.first_year == 0) return f;
  if (f.year == 0) {
    f.first_year = run.first_year;
    f.last_year = run.year;
  } else if (f.year < run.first_year || f.year > run.year) {
    luaL_error(L, "%s: %d год вне лет, которые критерий читает (years = %d: %d–%d гг.)", method,
               f.year, run.year - run.first_year + 1, run.first_year, run.year);
  }
  return f;
}

void register_school_view(lua_State* L) {
  static const luaL_Reg meta[] = {{"__index", school_index},
                                  {"__newindex", school_newindex},
                                  {"__tostring", school_tostring},
                                  {nullptr, nullptr}};
  new_view_meta(L, kSchoolMeta, meta, "школа: метатаблица закрыта");
}

void push_school_cached(lua_State* L, int cache_idx, int run_idx, SchoolIndex i) {
  if (lua_rawgeti(L, cache_idx, lua_Integer(i) + 1) != LUA_TNIL) return;
  lua_pop(L, 1);
  run_idx = lua_absindex(L, run_idx);
  cache_idx = lua_absindex(L, cache_idx);
  auto* s = static_cast<SchoolView*>(lua_newuserdatauv(L, sizeof(SchoolView), 1));
  s->run = static_cast<RunView*>(lua_touserdata(L, run_idx));
  s->index = i;
  lua_pushvalue(L, run_idx);
  lua_setiuservalue(L, -2, 1);  // keeps the run alive as long as the school
  luaL_setmetatable(L, kSchoolMeta);
  lua_pushvalue(L, -1);
  lua_rawseti(L, cache_idx, lua_Integer(i) + 1);
}

void push_school(lua_State* L, int run_idx, SchoolIndex i) {
  run_idx = lua_absindex(L, run_idx);
  push_school_cache(L, run_idx);
  push_school_cached(L, -1, run_idx, i);
  lua_remove(L, -2);
}

}  // namespace opora::host
