// The Schedule model: kind names and the JSON form kept in the store.
#include <stdexcept>

#include "roadmap/schedule.hpp"

namespace opora::host {

namespace {

using Kind = Schedule::Kind;
using nlohmann::json;

constexpr std::pair<Kind, std::string_view> kKindNames[] = {
    {Kind::date, "date"},
    {Kind::by_date, "by_date"},
    {Kind::range, "range"},
    {Kind::months, "months"},
    {Kind::quarterly, "quarterly"},
    {Kind::school_quarters, "school_quarters"},
    {Kind::half_years, "half_years"},
    {Kind::yearly, "yearly"},
    {Kind::during_year, "during_year"},
    {Kind::end_of_quarter, "end_of_quarter"},
    {Kind::until_quarter, "until_quarter"},
    {Kind::external, "external"},
    {Kind::event, "event"},
    {Kind::unparsed, "unparsed"},
};

[[noreturn]] void bad(const std::string& field, const std::string& why) {
  throw std::invalid_argument("schedule JSON: field '" + field + "': " + why);
}

const json& need(const json& j, const char* field) {
  if (!j.contains(field)) bad(field, "missing");
  return j.at(field);
}

std::string need_string(const json& j, const char* field) {
  const json& v = need(j, field);
  if (!v.is_string()) bad(field, "expected a string");
  return v.get<std::string>();
}

int need_int(const json& j, const char* field, int lo, int hi) {
  const json& v = need(j, field);
  if (!v.is_number_integer() || v.get<int>() < lo || v.get<int>() > hi)
    bad(field, "expected an integer " + std::to_string(lo) + ".." + std::to_string(hi));
  return v.get<int>();
}

Date need_date(const json& j, const char* field) {
  auto d = Date::from_iso(need_string(j, field));
  if (!d) bad(field, "expected a date YYYY-MM-DD");
  return *d;
}

json month_json(const MonthRef& r) {
  json j{{"month", r.month}};
  if (r.year) j["year"] = r.year;
  return j;
}

MonthRef month_from(const json& j, const char* field) {
  const json& v = need(j, field);
  if (!v.is_object()) bad(field, "expected an object {month, year}");
  MonthRef r{need_int(v, "month", 1, 12), 0};
  if (v.contains("year")) r.year = need_int(v, "year", 1, 9999);
  return r;
}

}  // namespace

std::string_view kind_name(Kind kind) {
  for (auto [k, name] : kKindNames)
    if (k == kind) return name;
  return "unparsed";
}

json Schedule::to_json() const {
  json j{{"kind", kind_name(kind)}, {"text", text}};
  switch (kind) {
    case Kind::date:
    case Kind::by_date:
      j["date"] = last.iso();
      break;
    case Kind::range:
      j["from"] = first.iso();
      j["to"] = last.iso();
      break;
    case Kind::months:
    case Kind::yearly: {
      if (months.empty() && kind == Kind::yearly) break;
      json list = json::array();
      for (const MonthSpan& sp : months)
        list.push_back({{"from", month_json(sp.from)}, {"to", month_json(sp.to)}});
      j["months"] = std::move(list);
      break;
    }
    case Kind::until_quarter:
      j["quarter"] = quarter;
      break;
    case Kind::external:
      j["body"] = body;
      break;
    case Kind::event:
      j["event"] = event;
      break;
    default:
      break;
  }
  return j;
}

Schedule Schedule::from_json(const json& j) {
  if (!j.is_object()) bad("", "expected an object");
  Schedule s;
  std::string name = need_string(j, "kind");
  bool known = false;
  for (auto [k, n] : kKindNames)
    if (n == name) s.kind = k, known = true;
  if (!known) bad("kind", "unknown kind '" + name + "'");
  s.text = need_string(j, "text");
  switch (s.kind) {
    case Kind::date:
      s.first = s.last = need_date(j, "date");
      break;
    case Kind::by_date:
      s.last = need_date(j, "date");
      break;
    case Kind::range:
      s.first = need_date(j, "from");
      s.last = need_date(j, "to");
      if (s.last < s.first) bad("to", "ends before 'from'");
      break;
    case Kind::months:
    case Kind::yearly: {
      if (s.kind == Kind::yearly && !j.contains("months")) break;
      const json& list = need(j, "months");
      if (!list.is_array() || (s.kind == Kind::months && list.empty()))
        bad("months", "expected a non-empty array");
      for (const json& sp : list)
        s.months.push_back({month_from(sp, "from"), month_from(sp, "to")});
      break;
    }
    case Kind::until_quarter:
      s.quarter = need_int(j, "quarter", 1, 4);
      break;
    case Kind::external:
      s.body = need_string(j, "body");
      break;
    case Kind::event:
      s.event = need_string(j, "event");
      break;
    default:
      break;
  }
  return s;
}

}  // namespace opora::host
