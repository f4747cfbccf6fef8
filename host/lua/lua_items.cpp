// Criterion and indicator-type adapters: the C++ side of criterion{} and indicator_type{}.
#include "lua/lua_items.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "lua/core.hpp"
#include "lua/values.hpp"
#include "lua/views.hpp"

namespace opora::host {

namespace {

void push_params(lua_State* L, const Params& p) {
  lua_createtable(L, 0, int(p.all().size()));
  for (const auto& [k, v] : p.all()) {
    if (auto d = std::get_if<double>(&v)) {
      if (std::floor(*d) == *d && std::fabs(*d) < 1e15)
        lua_pushinteger(L, lua_Integer(*d));
      else
        lua_pushnumber(L, *d);
    } else if (auto s = std::get_if<std::string>(&v)) {
      lua_pushlstring(L, s->data(), s->size());
    } else {
      lua_pushboolean(L, std::get<bool>(v));
    }
    lua_setfield(L, -2, k.c_str());
  }
}

int take_ref(lua_State* L) { return luaL_ref(L, LUA_REGISTRYINDEX); }

// An explanation is stored with every verdict: one longer than the cap is refused (an error
// naming the item) rather than cut silently or written into the store many times over.
std::string checked_explanation(lua_State* L, int idx, const char* fn) {
  std::size_t n = 0;
  const char* s = lua_tolstring(L, idx, &n);
  auto max = core_of(L).limits.max_explanation;
  if (n > max)
    luaL_error(L, "%s вернул пояснение длиной %d байт, допустимо не больше %d", fn, int(n),
               int(max));
  return std::string(s, n);
}

class LuaCriterionRun final : public CriterionRun {
 public:
  LuaCriterionRun(std::shared_ptr<LuaEngine> e, const LuaCriterionSpec& spec,
                  const LuaCriterionFunctions& f, const RunContext& ctx, std::string territory)
      : engine_(std::move(e)), spec_(spec), data_(ctx.data), population_(ctx.population) {
    budget_.territory = territory.empty() ? "вся выборка" : std::move(territory);
    has_evaluate_ = bool(f.evaluate);
    has_batch_ = bool(f.evaluate_all);
    has_explain_ = bool(f.explain);
  }
  ~LuaCriterionRun() override {
    LuaCore& c = engine_->core();
    std::lock_guard lock(c.mutex);
    if (view_) view_->alive = false;  // views a script kept stop working
    for (int r : {evaluate_, evaluate_all_, explain_, run_, cache_, params_, state_})
      luaL_unref(c.L, LUA_REGISTRYINDEX, r);
  }

  Verdict evaluate(SchoolIndex school) override {
    check_index(school);
    if (!has_evaluate_) {
      // A batch-only rule judged school by school: its batch once, then the school's place.
      if (batch_.empty()) {
        batch_.resize(population_.size());
        evaluate_all(batch_);
      }
      auto at = std::find(population_.begin(), population_.end(), school);
      if (at == population_.end())
        throw std::out_of_range("критерий " + spec_.id + ": школа вне населения запуска");
      Verdict v = batch_[std::size_t(at - population_.begin())];
      v.explanation = explain(school);
      return v;
    }
    Verdict v;
    call_school(evaluate_, school, [&](lua_State* L) {
      lua_call(L, 4, 3);
      read_verdict(L, v);
    });
    return v;
  }

  bool evaluate_all(std::span<Verdict> out) override {
    if (!has_batch_) return false;
    CallScope scope(engine_->core(), spec_.owner, &budget_);
    auto err = engine_->core().run([&](lua_State* L) {
      lua_rawgeti(L, LUA_REGISTRYINDEX, evaluate_all_);
      lua_rawgeti(L, LUA_REGISTRYINDEX, run_);
      lua_rawgeti(L, LUA_REGISTRYINDEX, params_);
      lua_rawgeti(L, LUA_REGISTRYINDEX, state_);
      lua_call(L, 3, 2);
      read_batch(L, out);
    });
    if (!err.empty()) throw std::runtime_error(decorate(err, spec_.origin, "критерий " + spec_.id));
    return true;
  }

  std::string explain(SchoolIndex school) override {
    if (!has_explain_) return evaluate(school).explanation;
    check_index(school);
    std::string text;
    call_school(explain_, school, [&](lua_State* L) {
      lua_call(L, 4, 1);
      if (lua_type(L, 1) == LUA_TSTRING || lua_type(L, 1) == LUA_TNUMBER)
        text = checked_explanation(L, 1, "explain");
      else if (!lua_isnil(L, 1))
        luaL_error(L, "explain вернул значение типа %s, нужна строка", luaL_typename(L, 1));
    });
    return text;
  }

  // evaluate returns flagged, score, explanation, or one table with those fields.
  static void read_verdict(lua_State* L, Verdict& v) {
    int flagged = 1, score = 2, text = 3;
    if (lua_type(L, 1) == LUA_TTABLE && lua_isnil(L, 2)) {
      lua_settop(L, 1);
      raw_field(L, 1, "flagged");
      raw_field(L, 1, "score");
      raw_field(L, 1, "explanation");
      flagged = 2, score = 3, text = 4;
    }
    v.flagged = lua_toboolean(L, flagged);
    if (lua_type(L, score) == LUA_TNUMBER)
      v.score = checked_finite(L, score, "evaluate вернул score");
    else if (!lua_isnil(L, score))
      luaL_error(L, "evaluate вернул score типа %s, нужно число", luaL_typename(L, score));
    if (lua_type(L, text) == LUA_TSTRING || lua_type(L, text) == LUA_TNUMBER) {
      v.explanation = checked_explanation(L, text, "evaluate");
    } else if (!lua_isnil(L, text)) {
      luaL_error(L, "evaluate вернул explanation типа %s, нужна строка", luaL_typename(L, text));
    }
  }

  // evaluate_all returns `flags`, an array over run:schools() (true/false each), and optionally
  // `scores`, an array of the same length (numbers; nil or a missing array = 0).
  void read_batch(lua_State* L, std::span<Verdict> out) const {
    auto n = lua_Integer(out.size());
    if (lua_type(L, 1) != LUA_TTABLE)
      luaL_error(L, "evaluate_all должен вернуть массив отметок по школам (run:schools()), "
                    "получено %s", luaL_typename(L, 1));
    if (lua_Integer(lua_rawlen(L, 1)) != n)
      luaL_error(L, "evaluate_all вернул %d отметок, а школ в запуске %d", int(lua_rawlen(L, 1)),
                 int(n));
    bool scores = lua_type(L, 2) == LUA_TTABLE;
    if (!scores && !lua_isnil(L, 2))
      luaL_error(L, "evaluate_all: второе значение должно быть массивом баллов, получено %s",
                 luaL_typename(L, 2));
    if (scores && lua_Integer(lua_rawlen(L, 2)) != n)
      luaL_error(L, "evaluate_all вернул %d баллов, а школ в запуске %d", int(lua_rawlen(L, 2)),
                 int(n));
    for (lua_Integer i = 1; i <= n; ++i) {
      auto& v = out[std::size_t(i - 1)];
      int t = lua_rawgeti(L, 1, i);
      if (t != LUA_TBOOLEAN)
        luaL_error(L, "evaluate_all: отметка школы №%d должна быть true или false, получено %s",
                   int(i), lua_typename(L, t));
      v.flagged = lua_toboolean(L, -1);
      lua_pop(L, 1);
      v.score = 0;
      v.explanation.clear();
      if (scores) {
        t = lua_rawgeti(L, 2, i);
        if (t == LUA_TNUMBER)
          v.score = checked_finite(L, -1, "evaluate_all вернул балл");
        else if (t != LUA_TNIL)
          luaL_error(L, "evaluate_all: балл школы №%d должен быть числом, получено %s", int(i),
                     lua_typename(L, t));
        lua_pop(L, 1);
      }
    }
  }

  void check_index(SchoolIndex school) const {
    if (school >= data_.school_count())
      throw std::out_of_range("критерий " + spec_.id + ": нет школы с индексом " +
                              std::to_string(school));
  }

  // Calls fn(school, p, state, run): `finish` makes the call and reads what it returned.
  template <class F>
  void call_school(int fn, SchoolIndex school, F&& finish) {
    CallScope scope(engine_->core(), spec_.owner, &budget_);
    auto err = engine_->core().run([&](lua_State* L) {
      lua_rawgeti(L, LUA_REGISTRYINDEX, fn);
      lua_rawgeti(L, LUA_REGISTRYINDEX, cache_);
      lua_rawgeti(L, LUA_REGISTRYINDEX, run_);
      push_school_cached(L, 2, 3, school);
      lua_replace(L, 2);  // fn, school, run
      lua_rawgeti(L, LUA_REGISTRYINDEX, params_);
      lua_rawgeti(L, LUA_REGISTRYINDEX, state_);
      lua_rotate(L, 3, -1);  // fn, school, p, state, run
      finish(L);
    });
    if (!err.empty()) throw std::runtime_error(decorate(err, spec_.origin, "критерий " + spec_.id));
  }

  std::shared_ptr<LuaEngine> engine_;
  LuaCriterionSpec spec_;  // a copy: the run may outlive its criterion
  const Dataset& data_;
  std::span<const SchoolIndex> population_;
  RunBudget budget_;  // prepare and every call of this run draw on it
  RunView* view_ = nullptr;
  bool has_evaluate_ = false, has_batch_ = false, has_explain_ = false;
  std::vector<Verdict> batch_;  // a batch-only rule's verdicts, when judged school by school
  int evaluate_ = LUA_NOREF, evaluate_all_ = LUA_NOREF, explain_ = LUA_NOREF, run_ = LUA_NOREF,
      cache_ = LUA_NOREF, params_ = LUA_NOREF, state_ = LUA_NOREF;
};

}  // namespace

LuaFunctionRef::~LuaFunctionRef() {
  LuaCore& c = engine->core();
  std::lock_guard lock(c.mutex);
  luaL_unref(c.L, LUA_REGISTRYINDEX, ref);
}

std::unique_ptr<CriterionRun> LuaCriterion::start(const RunContext& ctx,
                                                  const Params& params) const {
  const auto& engine = f_.any()->engine;
  auto run = std::make_unique<LuaCriterionRun>(engine, spec_, f_, ctx, std::string(ctx.region));
  CallScope scope(engine->core(), spec_.owner, &run->budget_);
  auto err = engine->core().run([&](lua_State* L) {
    run->view_ = push_run(L, ctx.data, ctx.year, ctx.region, ctx.population);
    // A rule that declared its years reads only those: every filter of its run is held to them.
    if (spec_.years > 0) run->view_->first_year = ctx.year - spec_.years + 1;
    lua_pushvalue(L, 1);
    run->run_ = take_ref(L);
    push_school_cache(L, 1);
    run->cache_ = take_ref(L);
    push_params(L, params);
    lua_pushvalue(L, -1);
    run->params_ = take_ref(L);
    for (auto [fn, ref] : {std::pair{&f_.evaluate, &run->evaluate_},
                           std::pair{&f_.evaluate_all, &run->evaluate_all_},
                           std::pair{&f_.explain, &run->explain_}})
      if (*fn) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, (*fn)->ref);
        *ref = take_ref(L);
      }
    if (f_.prepare) {
      lua_rawgeti(L, LUA_REGISTRYINDEX, f_.prepare->ref);
      lua_pushvalue(L, 1);
      lua_pushvalue(L, 2);
      lua_call(L, 2, 1);
      run->state_ = take_ref(L);
    }
  });
  if (!err.empty()) throw std::runtime_error(decorate(err, spec_.origin, "критерий " + spec_.id));
  return run;
}

IndicatorValue LuaIndicatorType::compute(const IndicatorContext& ctx, const Params& args) const {
  Params merged = spec_.defaults;
  for (const auto& [k, v] : args.all()) merged.set(k, v);
  IndicatorValue out;
  CallScope scope(compute_->engine->core(), spec_.owner);
  auto err = compute_->engine->core().run([&](lua_State* L) {
    RunView* rv = push_run(L, ctx.data(), ctx.year(), "", {});
    CtxView* cv = push_indicator_context(L, ctx, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, compute_->ref);
    lua_pushvalue(L, 2);
    push_params(L, merged);
    int status = lua_pcall(L, 2, 3, 0);
    rv->alive = false;  // the context and its schools die with this call
    cv->alive = false;
    if (status != LUA_OK) lua_error(L);
    int num = 3, den = 4, text = 5;
    if (lua_type(L, 3) == LUA_TTABLE && lua_isnil(L, 4)) {
      lua_settop(L, 3);
      raw_field(L, 3, "numerator");
      raw_field(L, 3, "denominator");
      raw_field(L, 3, "explanation");
      num = 4, den = 5, text = 6;
    }
    if (lua_type(L, num) != LUA_TNUMBER || lua_type(L, den) != LUA_TNUMBER)
      luaL_error(L, "compute должен вернуть числитель и знаменатель (числа), получено %s и %s",
                 luaL_typename(L, num), luaL_typename(L, den));
    out.numerator = checked_finite(L, num, "compute вернул числитель");
    out.denominator = checked_finite(L, den, "compute вернул знаменатель");
    if (out.denominator != 0 && !std::isfinite(out.numerator / out.denominator))
      luaL_error(L, "compute: значение %f / %f не является конечным числом", out.numerator,
                 out.denominator);
    if (lua_type(L, text) == LUA_TSTRING || lua_type(L, text) == LUA_TNUMBER) {
      out.explanation = checked_explanation(L, text, "compute");
    } else if (!lua_isnil(L, text)) {
      luaL_error(L, "compute вернул пояснение типа %s, нужна строка", luaL_typename(L, text));
    }
  });
  if (!err.empty())
    throw std::runtime_error(decorate(err, spec_.origin, "показатель " + spec_.id));
  if (out.denominator != 0) out.value = out.numerator / out.denominator;
  return out;
}

}  // namespace opora::host
