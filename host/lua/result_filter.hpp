// Which result rows a Lua method takes, read from its table argument
// ({ year=, procedure=, subject=, grade=, min_participants=, min_share2= }); procedure may be
// a list of names. A procedure or
// subject absent from the snapshot matches nothing (the SDK's -1 would mean "any").
#pragma once
#include <lua.hpp>

#include <array>
#include <cstdint>

#include <opora/dataset.hpp>

namespace opora::host {

// Which result rows a method takes. A procedure or subject absent from the snapshot matches
// nothing (the SDK's -1 would mean "any").
struct Filter {
  int year = 0, procedure = -1, subject = -1, grade = -1, min_participants = 0;
  double min_share2 = -1;
  bool none = false;
  // `procedure = { "ВПР", "ОГЭ" }`: any of several (procedure stays -1). One known name of a
  // list is kept in `procedure` instead, the faster test.
  static constexpr std::size_t max_procedures = 16;
  std::array<std::uint16_t, max_procedures> procedures{};
  std::uint8_t procedure_count = 0;

  bool take(const ResultRow& r) const {
    return (year == 0 || r.year == year) && (procedure < 0 || r.procedure == procedure) &&
           (procedure_count == 0 || any_procedure(r.procedure)) &&
           (subject < 0 || r.subject == subject) && (grade < 0 || r.grade == grade) &&
           r.participants >= min_participants &&
           (min_share2 < 0 || r.share2() + 1e-12 >= min_share2);
  }
  bool any_procedure(std::uint16_t p) const {
    for (std::uint8_t i = 0; i < procedure_count; ++i)
      if (procedures[i] == p) return true;
    return false;
  }
};

// Raises a Lua error naming `method` for a malformed field.
Filter read_filter(lua_State* L, int t, const char* method, const Dataset& d);

}  // namespace opora::host
