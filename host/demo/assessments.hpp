// What a school writes in a year: the assessment works (procedure, grade, subject) with their
// participants, and the score scale of each work. The scales are synthetic approximations of the
// published ones: a maximum primary (ВПР, ОГЭ) or test (ЕГЭ, 0..100) score and the lowest score of
// the marks "3", "4" and "5".
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "demo/rng.hpp"

namespace opora::host::gen {

struct Scale {
  std::string_view procedure;  // ВПР, ОГЭ, ЕГЭ
  int grade;
  std::string_view subject;
  int max_score;
  int b3, b4, b5;  // lowest score of the marks 3, 4, 5 (for ЕГЭ "3" = the minimum score)
};

// Every scale the generator knows, in a fixed order.
const std::vector<Scale>& scales();
const Scale* find_scale(std::string_view procedure, int grade, std::string_view subject);

// Cohort sizes of a school in a year, by grade 1..11 (0 where the school has no such grade).
struct Cohorts {
  double by_grade[12] = {};
};

// Grades a kind of school teaches: НОШ 1–4, ООШ 1–9, the others 1–11.
int top_grade(std::string_view kind);
// Students per grade-1..9 cohort for a school of this kind and size.
Cohorts cohorts_for(std::string_view kind, int students, Rng& rng);

struct Work {
  const Scale* scale;
  int participants;
  int first_student;  // students of a grade are numbered; optional subjects share a cohort
};

// The works of one school-year: ВПР of grades 4–8, 10, 11 (the optional subjects drawn per class
// as in the real ВПР), ОГЭ Russian, mathematics and the electives the class chose, and for schools
// with grade 11 ЕГЭ Russian, profile mathematics and electives.
std::vector<Work> plan_works(std::string_view kind, const Cohorts& cohorts, Rng& rng);

}  // namespace opora::host::gen
