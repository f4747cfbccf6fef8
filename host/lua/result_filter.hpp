// Which result rows a Lua method takes, read from its table argument
// ({ year=, procedure=, subject=, grade=, min_participants=, min_share2= }). A procedure or
// subject absent from the snapshot matches nothing (the SDK's -1 would mean "any").
#pragma once
#include <lua.hpp>

#include <opora/dataset.hpp>

namespace opora::host {

// Which result rows a method takes. A procedure or subject absent from the snapshot matches
// nothing (the SDK's -1 would mean "any").
struct Filter {
  int year = 0, procedure = -1, subject = -1, grade = -1, min_participants = 0;
  double min_share2 = -1;
  bool none = false;

  bool take(const ResultRow& r) const {
    return (year == 0 || r.year == year) && (procedure < 0 || r.procedure == procedure) &&
           (subject < 0 || r.subject == subject) && (grade < 0 || r.grade == grade) &&
           r.participants >= min_participants &&
           (min_share2 < 0 || r.share2() + 1e-12 >= min_share2);
  }
};

// Raises a Lua error naming `method` for a malformed field.
Filter read_filter(lua_State* L, int t, const char* method, const Dataset& d);

}  // namespace opora::host
