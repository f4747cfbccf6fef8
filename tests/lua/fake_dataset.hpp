// A tiny in-memory opora::Dataset for the Lua tests: two procedures, two subjects, a few schools.
#pragma once
#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <opora/dataset.hpp>

namespace opora::test {

struct FakeSchool {
  std::string login, name, territory, region;
  std::int32_t students = 0;
  std::vector<ResultRow> rows;  // sorted by year, procedure, grade, subject
  std::map<std::pair<std::string, int>, double> context;
};

// A work: procedure 0 = ВПР, 1 = ОГЭ; subject 0 = Русский язык, 1 = Математика.
inline ResultRow work(int year, int procedure, int grade, int subject, int m2, int m3, int m4,
                      int m5) {
  ResultRow r{};
  r.participants = m2 + m3 + m4 + m5;
  r.marks[0] = m2, r.marks[1] = m3, r.marks[2] = m4, r.marks[3] = m5;
  r.mean_score = NAN;
  r.year = std::uint16_t(year);
  r.procedure = std::uint16_t(procedure);
  r.subject = std::uint16_t(subject);
  r.grade = std::uint8_t(grade);
  return r;
}

class FakeDataset final : public Dataset {
 public:
  std::vector<FakeSchool> schools;
  std::vector<std::string> procedures{"ВПР", "ОГЭ"}, subjects{"Русский язык", "Математика"};

  std::size_t school_count() const override { return schools.size(); }
  SchoolInfo school(SchoolIndex i) const override {
    const auto& s = schools[i];
    return {s.login, s.name, s.territory, s.region, "СОШ", "village", s.students};
  }
  std::optional<SchoolIndex> find_school(std::string_view login) const override {
    for (std::size_t i = 0; i < schools.size(); ++i)
      if (schools[i].login == login) return SchoolIndex(i);
    return std::nullopt;
  }
  std::span<const ResultRow> results(SchoolIndex i) const override { return schools[i].rows; }
  Aggregate aggregate(SchoolIndex i, const ResultFilter& f) const override {
    Aggregate a;
    for (const auto& r : schools[i].rows)
      if ((f.year == 0 || r.year == f.year) && (f.procedure < 0 || r.procedure == f.procedure))
        a.add(r);
    return a;
  }
  static int find(const std::vector<std::string>& v, std::string_view n) {
    for (std::size_t i = 0; i < v.size(); ++i)
      if (v[i] == n) return int(i);
    return -1;
  }
  int procedure_id(std::string_view n) const override { return find(procedures, n); }
  std::string_view procedure_name(int id) const override { return procedures.at(id); }
  int subject_id(std::string_view n) const override { return find(subjects, n); }
  std::string_view subject_name(int id) const override { return subjects.at(id); }
  std::optional<double> context(SchoolIndex i, std::string_view ind, int year) const override {
    auto it = schools[i].context.find({std::string(ind), year});
    if (it == schools[i].context.end()) return std::nullopt;
    return it->second;
  }
  std::span<const std::int16_t> student_scores(SchoolIndex, int, int, int, int) const override {
    return {};
  }
  int risk_level(SchoolIndex, int, std::string_view factor) const override {
    return factor == "low_motivation" ? 3 : 0;
  }
};

// Writes `text` to root/rel, creating folders.
inline void write_file(const std::filesystem::path& root, const std::string& rel,
                       const std::string& text) {
  auto p = root / rel;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

// A fresh temporary folder named `name` (removed first if left from an earlier run).
inline std::filesystem::path temp_tree(const std::string& name) {
  // Per process: ctest runs each test case as its own process, in parallel.
  auto p = std::filesystem::temp_directory_path() /
           ("opora_lua_" + name + "_" + std::to_string(::getpid())) / "scripts";
  std::filesystem::remove_all(p.parent_path());
  std::filesystem::create_directories(p);
  return p;
}

}  // namespace opora::test
