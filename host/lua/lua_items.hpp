// Internal to host/lua: SDK objects backed by Lua functions. Each holds registry references to
// its functions and a shared_ptr to the engine, so the state outlives it.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include <opora/criterion.hpp>
#include <opora/indicator.hpp>
#include <opora/section.hpp>

#include <nlohmann/json.hpp>

#include <lua.hpp>

#include "lua/engine.hpp"

namespace opora::host {

struct LuaFunctionRef {
  std::shared_ptr<LuaEngine> engine;
  int ref = -2;  // LUA_NOREF
  LuaFunctionRef(std::shared_ptr<LuaEngine> e, int r) : engine(std::move(e)), ref(r) {}
  ~LuaFunctionRef();
  LuaFunctionRef(const LuaFunctionRef&) = delete;
  LuaFunctionRef& operator=(const LuaFunctionRef&) = delete;
};

struct LuaCriterionSpec {
  std::string id, title, category, territory;
  std::string origin;  // "scripts/federal/criteria.lua:40"
  Params defaults;
  std::uint32_t owner = 0;  // the package's memory account (LuaCore::owner_of)
  int years = 0;            // criterion{ years = N }: the years of results it reads (0: all)
};

// The functions of a criterion{}; any may be null, but evaluate or evaluate_all is there, and
// explain or evaluate (declarations.cpp checks).
struct LuaCriterionFunctions {
  std::shared_ptr<LuaFunctionRef> prepare;       // prepare(run, p) -> state
  std::shared_ptr<LuaFunctionRef> evaluate;      // evaluate(school, p, state, run) -> verdict
  std::shared_ptr<LuaFunctionRef> evaluate_all;  // evaluate_all(run, p, state) -> flags, scores
  std::shared_ptr<LuaFunctionRef> explain;       // explain(school, p, state, run) -> text
  const std::shared_ptr<LuaFunctionRef>& any() const { return evaluate ? evaluate : evaluate_all; }
};

class LuaCriterion final : public Criterion {
 public:
  LuaCriterion(LuaCriterionSpec spec, LuaCriterionFunctions f)
      : spec_(std::move(spec)), f_(std::move(f)) {}
  std::string id() const override { return spec_.id; }
  std::string title() const override { return spec_.title; }
  std::string category() const override { return spec_.category; }
  std::string territory() const override { return spec_.territory; }
  Params defaults() const override { return spec_.defaults; }
  int years() const override { return spec_.years; }
  // Calls prepare(run, p) once; the returned run calls evaluate(school, p, state, run), or
  // evaluate_all(run, p, state) once and explain(school, p, state, run) where asked.
  // ctx.data and ctx.population must outlive the returned run.
  std::unique_ptr<CriterionRun> start(const RunContext& ctx, const Params& params) const override;

 private:
  LuaCriterionSpec spec_;
  LuaCriterionFunctions f_;
};

struct LuaIndicatorTypeSpec {
  std::string id, title, territory, origin;
  Params defaults;  // args with their defaults
  std::uint32_t owner = 0;  // the package's memory account
};

class LuaIndicatorType final : public IndicatorType {
 public:
  LuaIndicatorType(LuaIndicatorTypeSpec spec, std::shared_ptr<LuaFunctionRef> compute)
      : spec_(std::move(spec)), compute_(std::move(compute)) {}
  std::string id() const override { return spec_.id; }
  std::string title() const override { return spec_.title; }
  std::string territory() const override { return spec_.territory; }
  // compute(ctx, args) with the type's defaults under `args`; value = numerator / denominator
  // (a fraction: the host scales percent indicators).
  IndicatorValue compute(const IndicatorContext& ctx, const Params& args) const override;

 private:
  LuaIndicatorTypeSpec spec_;
  std::shared_ptr<LuaFunctionRef> compute_;
};

struct LuaSectionSpec {
  std::string id, title, territory, origin;
  std::uint32_t owner = 0;  // the package's memory account
};

// section{ id, title, build = function(ctx) ... end }: build gets the indicator context view
// (with month, territory_name, indicators and plan added) and returns an array of blocks.
class LuaSection final : public ReportSection {
 public:
  LuaSection(LuaSectionSpec spec, std::shared_ptr<LuaFunctionRef> build)
      : spec_(std::move(spec)), build_(std::move(build)) {}
  std::string id() const override { return spec_.id; }
  std::string title() const override { return spec_.title; }
  std::string territory() const override { return spec_.territory; }
  // Throws std::runtime_error naming the section and its file:line.
  std::string build(const SectionContext& ctx) const override;

 private:
  LuaSectionSpec spec_;
  std::shared_ptr<LuaFunctionRef> build_;
};

// JSON ↔ Lua values for sections (lua_section.cpp): plain tables only; to_json raises a Lua
// error on functions, userdata, non-finite numbers, mixed keys and nesting deeper than 32.
void push_json(lua_State* L, const nlohmann::json& v);
nlohmann::json lua_to_json(lua_State* L, int idx, int depth = 0);

}  // namespace opora::host
