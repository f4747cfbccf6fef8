#include "engine/indicators.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <stdexcept>

#include "util/text.hpp"

namespace opora::host {

StoreIndicatorContext::StoreIndicatorContext(const IndicatorInputs& in, std::string as_of)
    : in_(in), as_of_(std::move(as_of)) {
  if (in_.plan) verdicts_.emplace(*in_.plan, as_of_, &in_.reach);
}

std::vector<SchoolIndex> StoreIndicatorContext::identified(std::string_view category) const {
  auto it = in_.identified.find(std::string(category));
  return it == in_.identified.end() ? std::vector<SchoolIndex>{} : it->second;
}

bool StoreIndicatorContext::activity_is(std::int64_t activity_id, std::string_view number) const {
  for (const auto& a : in_.plan->activities)
    if (a.id == activity_id) return a.number == number;
  return false;
}

std::vector<OccurrenceState> StoreIndicatorContext::occurrences(std::string_view activity) const {
  std::vector<OccurrenceState> out;
  if (!in_.plan) return out;
  for (const auto& o : in_.plan->occurrences) {
    const auto& a = in_.plan->activities[o.activity];
    if (a.number != activity) continue;
    // The verdict of engine/status.cpp, never the records read again here.
    const auto& v = verdicts_->of(o.id);
    // Due by the date, or already done ahead of time.
    if (o.due_end > as_of_ && !v.done()) continue;
    OccurrenceState s;
    s.activity = a.number;
    if (o.school) s.school = in_.data->find_store_id(*o.school);
    s.due = o.due_end;
    s.status = v.status;
    s.done_on = v.done() ? std::string_view(v.date) : std::string_view();
    s.late = v.mark == "done_late";
    s.events = v.events;
    out.push_back(s);
  }
  return out;
}

std::vector<SchoolIndex> StoreIndicatorContext::participant_schools(
    std::string_view activity) const {
  std::vector<SchoolIndex> out;
  if (!in_.plan) return out;
  // Recorded participation and done per-school occurrences alike (engine/status.cpp).
  std::set<SchoolIndex> seen;
  for (std::size_t a = 0; a < in_.plan->activities.size(); ++a) {
    if (in_.plan->activities[a].number != activity) continue;
    for (auto school : verdicts_->took_part(a))
      if (auto i = in_.data->find_store_id(school); i && seen.insert(*i).second)
        out.push_back(*i);
  }
  return out;
}

int StoreIndicatorContext::participant_people(std::string_view activity,
                                              std::string_view role) const {
  if (!in_.plan) return 0;
  std::set<std::string> people;
  for (const auto& p : in_.plan->participation) {
    if (p.retracted || p.person.empty() || p.date > as_of_ ||
        (!role.empty() && p.role != role) || !activity_is(p.activity, activity))
      continue;
    people.insert(p.person);
  }
  return int(people.size());
}

std::optional<double> StoreIndicatorContext::observation(std::string_view indicator) const {
  auto it = in_.figures.find(std::string(indicator));
  if (it == in_.figures.end()) return std::nullopt;
  return it->second;
}

namespace {

// Whatever the type (Lua, plugin, built-in), a value that is not a finite number is an error of
// the indicator, not a figure of the report.
const IndicatorValue& finite_value(const IndicatorValue& v, const std::string& id) {
  auto bad = [](double x) { return !std::isfinite(x); };
  if (bad(v.numerator) || bad(v.denominator) || (v.value && bad(*v.value)))
    throw std::runtime_error("показатель " + id + ": значение не является конечным числом");
  return v;
}

std::optional<double> scaled(const IndicatorValue& v, const std::string& unit) {
  if (!v.value) return std::nullopt;
  return unit == "percent" ? *v.value * 100.0 : *v.value;
}

// The activities an indicator measures: those naming it as their `indicator`, and the one its
// `activity` argument names; in document order, each once.
std::vector<std::size_t> measured_activities(const IndicatorInputs& in, const std::string& id,
                                             const Params& args) {
  std::vector<std::size_t> out;
  if (!in.plan) return out;
  std::string number = args.text("activity");
  for (std::size_t a = 0; a < in.plan->activities.size(); ++a) {
    const auto& act = in.plan->activities[a];
    if (act.indicator == id || (!number.empty() && act.number == number)) out.push_back(a);
  }
  return out;
}

// Whether the deadline of what an indicator measures has come: some occurrence of the activities
// it measures is due by the date. An indicator that measures no activity of the plan always counts.
bool deadline_came(const IndicatorInputs& in, const std::vector<std::size_t>& measured,
                   const std::string& as_of) {
  if (!in.plan || measured.empty()) return true;
  for (const auto& o : in.plan->occurrences) {
    if (std::find(measured.begin(), measured.end(), o.activity) == measured.end()) continue;
    if (!o.due_end.empty() && o.due_end <= as_of) return true;
  }
  return false;
}

}  // namespace

std::vector<IndicatorResult> compute_indicators(const Effective& eff, const IndicatorInputs& in,
                                                const std::string& as_of,
                                                const std::string& previous_as_of) {
  StoreIndicatorContext now(in, as_of), before(in, previous_as_of);
  std::vector<IndicatorResult> out;
  for (const auto& e : eff.indicators) {
    const auto& spec = *e.item;
    IndicatorResult r;
    r.id = spec.id;
    r.title = spec.title;
    r.unit = spec.unit;
    r.target_text = spec.target;
    r.origin = e.origin.where;
    r.target = parse_target(spec.target);
    const auto* type = eff.indicator_type(spec.type);
    if (!type) {
      r.error = "тип показателя «" + spec.type + "» не найден";
      out.push_back(std::move(r));
      continue;
    }
    try {
      auto args = eff.args_for(e);
      auto measured = measured_activities(in, spec.id, args);
      for (auto a : measured) {
        const auto& number = in.plan->activities[a].number;
        if (std::find(r.activities.begin(), r.activities.end(), number) == r.activities.end())
          r.activities.push_back(number);
      }
      auto v = finite_value(type->compute(now, args), spec.id);
      r.numerator = v.numerator;
      r.denominator = v.denominator;
      r.value = scaled(v, spec.unit);
      r.explanation = v.explanation;
      r.previous = scaled(finite_value(type->compute(before, args), spec.id), spec.unit);
      if (r.value && r.target) r.met = r.target->met(*r.value);
      // Not reached yet while nothing it measures is due: «срок не наступил», not a failure.
      if (r.met != true && !deadline_came(in, measured, as_of)) {
        r.met.reset();
        r.not_due = true;
      }
    } catch (const std::exception& ex) {
      r.error = ex.what();
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace opora::host
