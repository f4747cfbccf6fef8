// The columns each kind of file has, the header names they go by, and header matching.
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "import/errors.hpp"
#include "util/csv.hpp"

namespace opora::host {

enum class F {
  id, name, parent, level, login, territory, kind, locality, students, procedure, year, grade,
  subject, participants, m2, m3, m4, m5, mean_score, indicator, value, student, primary_score,
  mark, factor, count_
};

// 1-based column of each field in the file, 0 when absent (or unknown: plugin importers).
struct Columns {
  std::array<int, static_cast<std::size_t>(F::count_)> at{};
  int operator[](F f) const { return at[static_cast<std::size_t>(f)]; }
  int& operator[](F f) { return at[static_cast<std::size_t>(f)]; }
};

struct FieldUse {
  F field;
  bool required;
};

// The fields of a built-in CSV kind; empty for an unknown kind.
std::vector<FieldUse> fields_of(std::string_view kind);

// The name a user sees in messages, e.g. «Логин ОО».
std::string_view field_title(F f);

// How a row reads as the header of a kind: where each field is, how many fields it names, and
// what is wrong with it (missing required columns, a field named twice), by column.
struct HeaderMatch {
  Columns cols;
  int matched = 0;        // fields the row names
  bool complete = false;  // every required field is named
  std::vector<std::pair<int, std::string>> problems;  // (column, message)
};
HeaderMatch match_fields(const CsvRow& header, const std::vector<FieldUse>& fields);

// Matches the header row to the kind's fields; its problems are reported at the header's row.
Columns match_header(const CsvRow& header, const std::vector<FieldUse>& fields,
                     ErrorList& errors);

}  // namespace opora::host
