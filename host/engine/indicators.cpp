#include "engine/indicators.hpp"

#include <cmath>
#include <cstdio>
#include <set>

#include "util/text.hpp"

namespace opora::host {

bool Target::met(double v) const {
  constexpr double eps = 1e-9;
  switch (op) {
    case Op::ge: return v >= value - eps;
    case Op::gt: return v > value + eps;
    case Op::le: return v <= value + eps;
    case Op::lt: return v < value - eps;
    case Op::eq: return std::fabs(v - value) < eps;
  }
  return false;
}

std::string Target::describe() const {
  const char* sign = op == Op::ge ? "≥ " : op == Op::gt ? "> " : op == Op::le ? "≤ "
                     : op == Op::lt ? "< " : "= ";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", value);
  return sign + std::string(buf) + (percent ? " %" : "");
}

std::optional<Target> parse_target(std::string_view text) {
  auto t = to_lower(text);
  auto digit = t.find_first_of("0123456789");
  if (digit == std::string::npos) return std::nullopt;
  Target out;
  std::string num;
  std::size_t i = digit;
  for (; i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == ',' ||
                          t[i] == '.');
       ++i)
    num += t[i] == ',' ? '.' : t[i];
  while (!num.empty() && num.back() == '.') num.pop_back();
  out.value = std::stod(num);
  auto rest = t.substr(i);
  auto after = trim(rest);
  out.percent = after.starts_with("%") || after.starts_with("процент");
  auto before = t.substr(0, digit);
  auto has = [&](std::string_view s) { return before.find(s) != std::string::npos; };
  if (has("не более") || has("не выше") || has("≤") || has("<=") || has("до "))
    out.op = Target::Op::le;
  else if (has("не менее") || has("не ниже") || has("≥") || has(">="))
    out.op = Target::Op::ge;
  else if (has("более") || has("свыше") || has(">"))
    out.op = Target::Op::gt;
  else if (has("менее") || has("<"))
    out.op = Target::Op::lt;
  else
    out.op = Target::Op::ge;  // "100%", "2 встречи": at least what is written
  return out;
}

StoreIndicatorContext::StoreIndicatorContext(const IndicatorInputs& in, std::string as_of)
    : in_(in), as_of_(std::move(as_of)) {
  if (in_.plan) states_ = in_.plan->status_as_of(as_of_);
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
  static const std::string planned = "planned";
  for (const auto& o : in_.plan->occurrences) {
    const auto& a = in_.plan->activities[o.activity];
    if (a.number != activity) continue;
    auto it = states_.find(o.id);
    bool done = it != states_.end() && it->second.status == "done";
    // Due by the date, or already done ahead of time.
    if (o.due_end > as_of_ && !done) continue;
    OccurrenceState s;
    s.activity = a.number;
    if (o.school) s.school = in_.data->find_store_id(*o.school);
    s.due = o.due_end;
    s.status = it == states_.end() ? std::string_view(planned) : it->second.status;
    s.done_on = done ? std::string_view(it->second.date) : std::string_view();
    out.push_back(s);
  }
  return out;
}

std::vector<SchoolIndex> StoreIndicatorContext::participant_schools(
    std::string_view activity) const {
  std::vector<SchoolIndex> out;
  if (!in_.plan) return out;
  std::set<SchoolIndex> seen;
  for (const auto& p : in_.plan->participation) {
    if (p.retracted || !p.school || p.date > as_of_ || !activity_is(p.activity, activity))
      continue;
    if (auto i = in_.data->find_store_id(*p.school); i && seen.insert(*i).second)
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

std::optional<double> scaled(const IndicatorValue& v, const std::string& unit) {
  if (!v.value) return std::nullopt;
  return unit == "percent" ? *v.value * 100.0 : *v.value;
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
      auto v = type->compute(now, spec.args);
      r.numerator = v.numerator;
      r.denominator = v.denominator;
      r.value = scaled(v, spec.unit);
      r.explanation = v.explanation;
      r.previous = scaled(type->compute(before, spec.args), spec.unit);
      if (r.value && r.target) r.met = r.target->met(*r.value);
    } catch (const std::exception& ex) {
      r.error = ex.what();
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace opora::host
