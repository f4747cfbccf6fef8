// A small in-memory Dataset for plugin tests: schools, result rows and student scores set by hand.
#pragma once
#include <array>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <opora/dataset.hpp>

namespace opora::test {

class FakeDataset final : public Dataset {
 public:
  SchoolIndex add_school(std::string login, std::string name) {
    schools_.push_back({std::move(login), std::move(name)});
    rows_.emplace_back();
    return SchoolIndex(schools_.size() - 1);
  }
  // A work with its marks (2, 3, 4, 5); participants is their sum.
  void add_result(SchoolIndex s, int year, std::string_view procedure, std::string_view subject,
                  int grade, std::array<int, 4> marks) {
    ResultRow r{};
    r.participants = marks[0] + marks[1] + marks[2] + marks[3];
    for (int i = 0; i < 4; ++i) r.marks[i] = marks[i];
    r.mean_score = 0.0f;
    r.year = std::uint16_t(year);
    r.procedure = std::uint16_t(intern(procedures_, procedure));
    r.subject = std::uint16_t(intern(subjects_, subject));
    r.grade = std::uint8_t(grade);
    rows_[s].push_back(r);
  }
  void add_scores(SchoolIndex s, int year, std::string_view procedure, std::string_view subject,
                  int grade, std::vector<std::int16_t> scores) {
    scores_[{s, year, intern(procedures_, procedure), intern(subjects_, subject), grade}] =
        std::move(scores);
  }

  std::size_t school_count() const override { return schools_.size(); }
  SchoolInfo school(SchoolIndex i) const override {
    return {schools_[i].first, schools_[i].second, "test", "test", "СОШ", "city", 100};
  }
  std::optional<SchoolIndex> find_school(std::string_view login) const override {
    for (std::size_t i = 0; i < schools_.size(); ++i)
      if (schools_[i].first == login) return SchoolIndex(i);
    return std::nullopt;
  }
  std::span<const ResultRow> results(SchoolIndex i) const override { return rows_[i]; }
  Aggregate aggregate(SchoolIndex i, const ResultFilter& f) const override {
    Aggregate a;
    for (const auto& r : rows_[i])
      if ((f.year <= 0 || r.year == f.year) && (f.procedure < 0 || r.procedure == f.procedure) &&
          (f.subject < 0 || r.subject == f.subject) && (f.grade < 0 || r.grade == f.grade) &&
          r.participants >= f.min_participants)
        a.add(r);
    return a;
  }
  int procedure_id(std::string_view n) const override { return find(procedures_, n); }
  std::string_view procedure_name(int id) const override { return procedures_.at(id); }
  int subject_id(std::string_view n) const override { return find(subjects_, n); }
  std::string_view subject_name(int id) const override { return subjects_.at(id); }
  std::optional<double> context(SchoolIndex, std::string_view, int) const override {
    return std::nullopt;
  }
  std::span<const std::int16_t> student_scores(SchoolIndex i, int year, int procedure,
                                               int subject, int grade) const override {
    auto it = scores_.find({i, year, procedure, subject, grade});
    if (it == scores_.end()) return {};
    return it->second;
  }
  int risk_level(SchoolIndex, int, std::string_view) const override { return 0; }

 private:
  static int intern(std::vector<std::string>& v, std::string_view n) {
    int id = find(v, n);
    if (id >= 0) return id;
    v.emplace_back(n);
    return int(v.size() - 1);
  }
  static int find(const std::vector<std::string>& v, std::string_view n) {
    for (std::size_t i = 0; i < v.size(); ++i)
      if (v[i] == n) return int(i);
    return -1;
  }

  std::vector<std::pair<std::string, std::string>> schools_;
  std::vector<std::vector<ResultRow>> rows_;
  std::vector<std::string> procedures_, subjects_;
  std::map<std::tuple<SchoolIndex, int, int, int, int>, std::vector<std::int16_t>> scores_;
};

}  // namespace opora::test
