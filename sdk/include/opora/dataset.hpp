// The read-only dataset snapshot that criteria and indicators see (C++ plugins and Lua alike).
// The host builds it once per run from the store: compact columns indexed by school, so a
// criterion never issues SQL. Schools are addressed by a dense index 0..school_count()-1.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace opora {

using SchoolIndex = std::uint32_t;

// One assessment work of a school: a procedure (ВПР, ОГЭ, ЕГЭ, КДР, ...) in a year, grade and
// subject, with the distribution of marks. Procedure and subject are interned ids (see Dataset).
struct ResultRow {
  std::int32_t participants;
  std::int32_t marks[4];  // counts of marks 2, 3, 4, 5
  float mean_score;       // mean primary/test score; NaN when absent
  std::uint16_t year;
  std::uint16_t procedure;
  std::uint16_t subject;
  std::uint8_t grade;
  std::uint8_t reserved;

  double share2() const { return participants > 0 ? double(marks[0]) / participants : 0.0; }
  double mean_mark() const {
    int n = marks[0] + marks[1] + marks[2] + marks[3];
    return n > 0 ? double(2 * marks[0] + 3 * marks[1] + 4 * marks[2] + 5 * marks[3]) / n : 0.0;
  }
};

// Sums over several rows (e.g. all ВПР works of a school in a year).
struct Aggregate {
  std::int64_t participants = 0;
  std::int64_t marks[4] = {0, 0, 0, 0};
  std::int32_t rows = 0;

  void add(const ResultRow& r) {
    participants += r.participants;
    for (int i = 0; i < 4; ++i) marks[i] += r.marks[i];
    ++rows;
  }
  double share2() const { return participants > 0 ? double(marks[0]) / participants : 0.0; }
  double mean_mark() const {
    auto n = marks[0] + marks[1] + marks[2] + marks[3];
    return n > 0 ? double(2 * marks[0] + 3 * marks[1] + 4 * marks[2] + 5 * marks[3]) / n : 0.0;
  }
};

// Which rows to take. Negative / zero fields mean "any".
struct ResultFilter {
  int year = 0;
  int procedure = -1;
  int subject = -1;
  int grade = -1;
  int min_participants = 0;
};

struct SchoolInfo {
  std::string_view login;      // ФИС ОКО login, e.g. sch740123
  std::string_view name;
  std::string_view territory;  // municipality id, e.g. chelyabinsk/chebarkul
  std::string_view region;     // region id, e.g. chelyabinsk
  std::string_view kind;       // СОШ, ООШ, гимназия, ...
  std::string_view locality;   // city / town / village
  std::int32_t students;
};

class Dataset {
 public:
  virtual ~Dataset() = default;

  virtual std::size_t school_count() const = 0;
  virtual SchoolInfo school(SchoolIndex i) const = 0;
  virtual std::optional<SchoolIndex> find_school(std::string_view login) const = 0;

  // All result rows of a school, sorted by (year, procedure, grade, subject).
  virtual std::span<const ResultRow> results(SchoolIndex i) const = 0;
  virtual Aggregate aggregate(SchoolIndex i, const ResultFilter& f) const = 0;

  // Interned names. id lookups return -1 for a name absent from the snapshot.
  virtual int procedure_id(std::string_view name) const = 0;
  virtual std::string_view procedure_name(int id) const = 0;
  virtual int subject_id(std::string_view name) const = 0;
  virtual std::string_view subject_name(int id) const = 0;

  // Social context and anything a region adds without a schema change (observations).
  virtual std::optional<double> context(SchoolIndex i, std::string_view indicator,
                                        int year) const = 0;

  // Student-level primary scores of one work, if loaded (objectivity checks). Empty otherwise.
  virtual std::span<const std::int16_t> student_scores(SchoolIndex i, int year, int procedure,
                                                       int subject, int grade) const = 0;

  // Risk profile level of a factor for a school and year: 0 none/unknown, 1 low, 2 medium, 3 high.
  virtual int risk_level(SchoolIndex i, int year, std::string_view factor) const = 0;
};

}  // namespace opora
