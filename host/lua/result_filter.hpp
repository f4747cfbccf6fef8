// Which result rows a Lua method takes, read from its table argument
// ({ year=, procedure=, subject=, grade=, min_participants=, min_share2= }); procedure may be
// a list of names. A procedure or
// subject absent from the snapshot matches nothing (the SDK's -1 would mean "any").
#pragma once
#include <lua.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>

#include <opora/dataset.hpp>

#include "util/year_rows.hpp"

#include "lua/views.hpp"

namespace opora::host {

// Which result rows a method takes. A procedure or subject absent from the snapshot matches
// nothing (the SDK's -1 would mean "any").
struct Filter {
  int year = 0, procedure = -1, subject = -1, grade = -1, min_participants = 0;
  // Without `year`: the years a criterion declared (criterion{ years = N }), 0 = every year.
  int first_year = 0, last_year = 0;
  double min_share2 = -1;
  bool none = false;
  // `procedure = { "ВПР", "ОГЭ" }`: any of several (procedure stays -1). One known name of a
  // list is kept in `procedure` instead, the faster test.
  static constexpr std::size_t max_procedures = 16;
  std::array<std::uint16_t, max_procedures> procedures{};
  std::uint8_t procedure_count = 0;

  bool take(const ResultRow& r) const {
    return (year != 0 ? r.year == year
                      : first_year == 0 || (r.year >= first_year && r.year <= last_year)) &&
           (procedure < 0 || r.procedure == procedure) &&
           (procedure_count == 0 || any_procedure(r.procedure)) &&
           (subject < 0 || r.subject == subject) && (grade < 0 || r.grade == grade) &&
           r.participants >= min_participants &&
           (min_share2 < 0 || r.share2() + 1e-12 >= min_share2);
  }
  // The part of a school's rows the filter can take: with a year (or declared years), only
  // those years' rows.
  std::span<const ResultRow> rows(std::span<const ResultRow> all) const {
    int from = year ? year : first_year, to = year ? year : last_year;
    return from == 0 ? all : rows_of_years(all, from, to);
  }
  bool any_procedure(std::uint16_t p) const {
    for (std::uint8_t i = 0; i < procedure_count; ++i)
      if (procedures[i] == p) return true;
    return false;
  }
};

// Raises a Lua error naming `method` for a malformed field, or for a year outside the years
// the run's criterion declared; without a year, the filter keeps to those years.
Filter read_filter(lua_State* L, int t, const char* method, const RunView& run);

}  // namespace opora::host
