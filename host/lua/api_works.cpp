// Works as columns: run:works{...} takes the result rows of every school of the run at once, for
// a criterion's batch form (evaluate_all). A set of works is a userdata holding (school position,
// row) pairs sorted by school, allocated by Lua (so the package's memory cap counts it); its
// methods return arrays aligned with run:schools(). docs/lua-api.md, "Batch criteria".
#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "lua/core.hpp"
#include "lua/result_filter.hpp"
#include "lua/values.hpp"
#include "lua/views.hpp"

namespace opora::host {

namespace {

constexpr const char* kWorksMeta = "opora.works";

struct Work {
  std::uint32_t position;  // index into the run's population (run:schools())
  SchoolIndex school;      // the school's snapshot index
  const ResultRow* row;
};

struct WorkSet {
  RunView* run;
  std::size_t count;
  bool by_school;  // also sorted by snapshot index (the population is ascending, as regions are)
  Work* works() { return reinterpret_cast<Work*>(this + 1); }
  std::span<Work> all() { return {works(), count}; }
};
static_assert(sizeof(WorkSet) % alignof(Work) == 0);

WorkSet* check_works(lua_State* L, int idx) {
  auto* w = static_cast<WorkSet*>(luaL_checkudata(L, idx, kWorksMeta));
  if (!w->run->alive) luaL_error(L, "набор работ недоступен: вызов критерия уже завершён");
  return w;
}

// A new set of `count` works of the run whose userdata is at `run_idx`; left on the stack.
WorkSet* new_works(lua_State* L, RunView* run, int run_idx, std::size_t count) {
  run_idx = lua_absindex(L, run_idx);
  auto* w = static_cast<WorkSet*>(lua_newuserdatauv(L, sizeof(WorkSet) + count * sizeof(Work), 1));
  w->run = run;
  w->count = count;
  w->by_school = std::is_sorted(run->population, run->population + run->population_size);
  lua_pushvalue(L, run_idx);
  lua_setiuservalue(L, -2, 1);  // the run lives as long as its works
  luaL_setmetatable(L, kWorksMeta);
  return w;
}

// Pushes the run userdata a set belongs to.
void push_owner(lua_State* L, int works_idx) { lua_getiuservalue(L, works_idx, 1); }

// Identity of a work across years: (procedure, subject, grade), as school:count_works' keys.
std::uint64_t work_identity(const ResultRow& r) {
  return std::uint64_t(r.procedure) << 24 | std::uint64_t(r.subject) << 8 | r.grade;
}

// Calls f(position, works of that school) for each school of the population, in order.
template <class F>
void per_school(WorkSet* w, F&& f) {
  auto all = w->all();
  std::size_t at = 0;
  for (std::size_t p = 0; p < w->run->population_size; ++p) {
    std::size_t from = at;
    while (at < all.size() && all[at].position == p) ++at;
    f(p, all.subspan(from, at - from));
  }
}

// Pushes an array over run:schools() of one integer per school.
template <class F>
void push_per_school(lua_State* L, WorkSet* w, F&& value) {
  lua_createtable(L, int(w->run->population_size), 0);
  per_school(w, [&](std::size_t p, std::span<Work> works) {
    lua_pushinteger(L, value(works));
    lua_rawseti(L, -2, lua_Integer(p) + 1);
  });
}

}  // namespace

// run:works{ year=, procedure= (a name or a list), subject=, grade=, min_participants=,
// min_share2= }: the matching works of every school of the run.
int run_works(lua_State* L) {
  RunView* run = check_run(L, 1);
  const Dataset& d = *run->data;
  Filter f = read_filter(L, 2, "run:works", *run);
  // One pass over the rows into a scratch list, then one copy into the set: the rows of a
  // country are far larger than the caches, so a second pass would read them all again.
  static thread_local std::vector<Work> found;
  found.clear();
  if (!f.none)
    for (std::size_t p = 0; p < run->population_size; ++p)
      for (const auto& r : f.rows(d.results(run->population[p])))
        if (f.take(r)) found.push_back({std::uint32_t(p), run->population[p], &r});
  WorkSet* w = new_works(L, run, 1, found.size());
  std::copy(found.begin(), found.end(), w->works());
  if (found.capacity() > (std::size_t(1) << 20)) std::vector<Work>().swap(found);
  return 1;
}

namespace {

// ws:count(): the number of works of each school.
int works_count(lua_State* L) {
  WorkSet* w = check_works(L, 1);
  push_per_school(L, w, [](std::span<Work> works) { return lua_Integer(works.size()); });
  return 1;
}

// ws:sum(field): per school, the sum of participants, m2, m3, m4 or m5 over its works.
int works_sum(lua_State* L) {
  WorkSet* w = check_works(L, 1);
  static const std::pair<std::string_view, int> fields[] = {
      {"participants", -1}, {"m2", 0}, {"m3", 1}, {"m4", 2}, {"m5", 3}};
  std::size_t n = 0;
  const char* name = luaL_checklstring(L, 2, &n);
  auto it = std::find_if(std::begin(fields), std::end(fields),
                         [&](const auto& f) { return f.first == std::string_view(name, n); });
  if (it == std::end(fields))
    return luaL_error(L, "works:sum: неизвестное поле «%s» (есть: participants, m2, m3, m4, m5)",
                      name);
  int mark = it->second;
  push_per_school(L, w, [mark](std::span<Work> works) {
    lua_Integer s = 0;
    for (const auto& x : works) s += mark < 0 ? x.row->participants : x.row->marks[mark];
    return s;
  });
  return 1;
}

// ws:same_works(other): the works of ws whose school has the same work (procedure, grade,
// subject) in `other` — e.g. failing this year and failing the year before.
int works_same(lua_State* L) {
  WorkSet* a = check_works(L, 1);
  WorkSet* b = check_works(L, 2);
  if (a->run != b->run) return luaL_error(L, "works:same_works: наборы работ разных запусков");
  std::vector<std::uint32_t> kept;  // indexes into a
  {
    std::vector<std::uint64_t> theirs;
    auto bw = b->all();
    std::size_t at = 0;
    std::size_t index = 0;
    per_school(a, [&](std::size_t p, std::span<Work> mine) {
      while (at < bw.size() && bw[at].position < p) ++at;
      theirs.clear();
      for (; at < bw.size() && bw[at].position == p; ++at) theirs.push_back(work_identity(*bw[at].row));
      std::sort(theirs.begin(), theirs.end());
      for (const auto& x : mine) {
        if (std::binary_search(theirs.begin(), theirs.end(), work_identity(*x.row)))
          kept.push_back(std::uint32_t(index));
        ++index;
      }
    });
  }
  push_owner(L, 1);
  WorkSet* out = new_works(L, a->run, -1, kept.size());
  for (std::size_t i = 0; i < kept.size(); ++i) out->works()[i] = a->works()[kept[i]];
  return 1;
}

// ws:keys_of(school): the keys of that school's works in the set ("ВПР, 5 класс, математика"),
// in set order — what an explanation lists, without a second pass over the school's results.
int works_keys_of(lua_State* L) {
  WorkSet* w = check_works(L, 1);
  SchoolIndex school = school_index_of(L, 2);
  auto all = w->all();
  auto begin = all.begin(), end = all.end();
  if (w->by_school) {
    auto less = [](const Work& x, SchoolIndex s) { return x.school < s; };
    begin = std::lower_bound(all.begin(), all.end(), school, less);
    end = begin;
    while (end != all.end() && end->school == school) ++end;
  }
  push_owner(L, 1);
  push_work_keys(L, -1);
  int keys = lua_gettop(L);
  lua_newtable(L);
  lua_Integer n = 0;
  for (auto it = begin; it != end; ++it)
    if (it->school == school) {
      push_work_key(L, *w->run->data, *it->row, keys);
      lua_rawseti(L, -2, ++n);
    }
  return 1;
}

int works_len(lua_State* L) {
  lua_pushinteger(L, lua_Integer(check_works(L, 1)->count));
  return 1;
}

int works_tostring(lua_State* L) {
  lua_pushfstring(L, "работы (%d)", int(check_works(L, 1)->count));
  return 1;
}

int works_newindex(lua_State* L) {
  return luaL_error(L, "набор работ доступен только для чтения");
}

}  // namespace

void register_works_view(lua_State* L) {
  static const luaL_Reg methods[] = {{"count", works_count},
                                     {"sum", works_sum},
                                     {"same_works", works_same},
                                     {"keys_of", works_keys_of},
                                     {nullptr, nullptr}};
  static const luaL_Reg meta[] = {{"__newindex", works_newindex},
                                  {"__len", works_len},
                                  {"__tostring", works_tostring},
                                  {nullptr, nullptr}};
  new_view_meta(L, kWorksMeta, meta, "набор работ: метатаблица закрыта");
  luaL_getmetatable(L, kWorksMeta);  // methods: a table as __index
  luaL_newlib(L, methods);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
}

}  // namespace opora::host
