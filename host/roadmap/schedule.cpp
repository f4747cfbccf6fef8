// The Schedule model: kind names and the JSON form kept in the store.
#include <stdexcept>

#include "roadmap/schedule.hpp"

namespace opora::host {

namespace {

using Kind = Schedule::Kind;
using nlohmann::json;

constexpr std::pair<Kind, std::string_view> kKindNames[] = {
    {Kind::date, "date"},
    {Kind::dates, "dates"},
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
    {Kind::term, "term"},
    {Kind::weekly, "weekly"},
    {Kind::daily, "daily"},
    {Kind::holidays, "holidays"},
    {Kind::external, "external"},
    {Kind::event, "event"},
    {Kind::unparsed, "unparsed"},
};

constexpr std::pair<TermUnit, std::string_view> kUnitNames[] = {
    {TermUnit::quarter, "quarter"},
    {TermUnit::half_year, "half_year"},
    {TermUnit::school_quarter, "school_quarter"},
    {TermUnit::school_half_year, "school_half_year"},
    {TermUnit::trimester, "trimester"},
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

bool opt_bool(const json& j, const char* field) {
  if (!j.contains(field)) return false;
  if (!j.at(field).is_boolean()) bad(field, "expected true or false");
  return j.at(field).get<bool>();
}

int opt_int(const json& j, const char* field, int lo, int hi) {
  return j.contains(field) ? need_int(j, field, lo, hi) : 0;
}

// 29 February moved to a common year becomes 28 February.
Date shift_date(Date d, int years) {
  if (d.y == 0) return d;
  d.y += years;
  if (!d.valid()) d = Date::last_of(d.y, d.m);
  return d;
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
    case Kind::dates: {
      json list = json::array();
      for (const Date& d : days) list.push_back(d.iso());
      j["dates"] = std::move(list);
      break;
    }
    case Kind::months:
    case Kind::yearly: {
      if (months.empty() && kind == Kind::yearly) break;
      json list = json::array();
      for (const MonthSpan& sp : months)
        list.push_back({{"from", month_json(sp.from)}, {"to", month_json(sp.to)}});
      j["months"] = std::move(list);
      if (day) j["day"] = day;
      if (following) j["following"] = true;
      break;
    }
    case Kind::until_quarter:
      j["quarter"] = quarter;
      break;
    case Kind::term: {
      for (auto [u, name] : kUnitNames)
        if (u == unit) j["unit"] = name;
      json list = json::array();
      for (const TermSpan& t : terms) list.push_back({{"from", t.from}, {"to", t.to}});
      j["terms"] = std::move(list);
      if (year) j["year"] = year;
      if (school) j["school"] = true;
      if (at_end) j["at_end"] = true;
      break;
    }
    case Kind::during_year:
      if (year) j["year"] = year;
      if (school) j["school"] = true;
      break;
    case Kind::holidays:
      j["holiday"] = holiday;
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
    case Kind::dates: {
      const json& list = need(j, "dates");
      if (!list.is_array() || list.empty()) bad("dates", "expected a non-empty array");
      for (const json& d : list) {
        auto day = d.is_string() ? Date::from_iso(d.get<std::string>()) : std::nullopt;
        if (!day) bad("dates", "expected dates YYYY-MM-DD");
        s.days.push_back(*day);
      }
      break;
    }
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
      s.day = opt_int(j, "day", 1, 31);
      s.following = opt_bool(j, "following");
      break;
    }
    case Kind::until_quarter:
      s.quarter = need_int(j, "quarter", 1, 4);
      break;
    case Kind::term: {
      std::string unit = need_string(j, "unit");
      bool known_unit = false;
      for (auto [u, n] : kUnitNames)
        if (n == unit) s.unit = u, known_unit = true;
      if (!known_unit) bad("unit", "unknown unit '" + unit + "'");
      const json& list = need(j, "terms");
      if (!list.is_array() || list.empty()) bad("terms", "expected a non-empty array");
      int most = terms_per_year(s.unit);
      for (const json& t : list) {
        if (!t.is_object()) bad("terms", "expected objects {from, to}");
        TermSpan span{need_int(t, "from", 1, most), need_int(t, "to", 1, most)};
        if (span.to < span.from) bad("terms", "a span ends before it starts");
        s.terms.push_back(span);
      }
      s.year = opt_int(j, "year", 1, 9999);
      s.school = opt_bool(j, "school");
      s.at_end = opt_bool(j, "at_end");
      break;
    }
    case Kind::during_year:
      s.year = opt_int(j, "year", 1, 9999);
      s.school = opt_bool(j, "school");
      break;
    case Kind::holidays:
      s.holiday = need_int(j, "holiday", 0, 4);
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

Schedule shifted(const Schedule& s, int years) {
  if (years == 0) return s;
  Schedule out = s;
  if (out.kind == Kind::date || out.kind == Kind::by_date || out.kind == Kind::range) {
    out.first = shift_date(out.first, years);
    out.last = shift_date(out.last, years);
  }
  for (Date& d : out.days) d = shift_date(d, years);
  for (MonthSpan& sp : out.months) {
    if (sp.from.year) sp.from.year += years;
    if (sp.to.year) sp.to.year += years;
  }
  if (out.year) out.year += years;
  return out;
}

std::string unread_deadline_text(const Schedule& s) {
  std::string text;
  bool space = false;
  for (char c : s.text) {  // one line: document cells may hold line breaks
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !text.empty();
      continue;
    }
    if (space) text += ' ';
    space = false;
    text += c;
  }
  if (text.empty()) return "срок не указан";
  return "срок не распознан: «" + text + "»";
}

}  // namespace opora::host
