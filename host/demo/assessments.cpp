#include "demo/assessments.hpp"

#include <algorithm>
#include <cmath>

namespace opora::host::gen {

namespace {

constexpr std::string_view kVpr = "ВПР", kOge = "ОГЭ", kEge = "ЕГЭ";

std::vector<Scale> build_scales() {
  std::vector<Scale> s = {
      {kVpr, 4, "Русский язык", 38, 14, 24, 33},      {kVpr, 4, "Математика", 20, 6, 10, 15},
      {kVpr, 4, "Окружающий мир", 32, 8, 18, 27},     {kVpr, 5, "Русский язык", 45, 18, 29, 39},
      {kVpr, 5, "Математика", 20, 7, 11, 15},         {kVpr, 5, "История", 15, 4, 8, 12},
      {kVpr, 5, "Биология", 29, 12, 18, 24},          {kVpr, 6, "Русский язык", 51, 25, 35, 45},
      {kVpr, 6, "Математика", 20, 6, 10, 14},         {kVpr, 6, "История", 20, 6, 11, 16},
      {kVpr, 6, "Обществознание", 23, 10, 15, 20},    {kVpr, 6, "Биология", 24, 10, 16, 21},
      {kVpr, 6, "География", 37, 10, 22, 31},         {kVpr, 7, "Русский язык", 47, 20, 29, 40},
      {kVpr, 7, "Математика", 19, 6, 12, 16},         {kVpr, 7, "Английский язык", 30, 12, 18, 24},
      {kVpr, 7, "История", 25, 8, 14, 20},            {kVpr, 7, "Обществознание", 22, 9, 14, 19},
      {kVpr, 7, "Биология", 28, 12, 18, 24},          {kVpr, 7, "География", 37, 11, 21, 30},
      {kVpr, 7, "Физика", 18, 5, 8, 11},              {kVpr, 8, "Русский язык", 51, 26, 36, 46},
      {kVpr, 8, "Математика", 25, 7, 13, 18},         {kVpr, 8, "История", 24, 8, 14, 20},
      {kVpr, 8, "Обществознание", 23, 10, 15, 20},    {kVpr, 8, "Биология", 36, 13, 20, 28},
      {kVpr, 8, "География", 37, 11, 21, 30},         {kVpr, 8, "Физика", 18, 5, 8, 11},
      {kVpr, 8, "Химия", 33, 9, 18, 27},              {kVpr, 10, "География", 21, 8, 13, 18},
      {kVpr, 11, "История", 21, 8, 13, 18},           {kVpr, 11, "Биология", 30, 11, 18, 24},
      {kVpr, 11, "Физика", 26, 9, 15, 20},            {kVpr, 11, "Химия", 33, 11, 20, 27},
      {kVpr, 11, "География", 21, 8, 13, 18},         {kVpr, 11, "Английский язык", 32, 12, 20, 26},
      {kOge, 9, "Русский язык", 33, 15, 23, 29},      {kOge, 9, "Математика", 31, 8, 15, 22},
      {kOge, 9, "Обществознание", 37, 14, 24, 32},    {kOge, 9, "География", 31, 12, 19, 26},
      {kOge, 9, "Информатика", 19, 5, 11, 17},        {kOge, 9, "Биология", 48, 13, 26, 37},
      {kOge, 9, "Химия", 40, 10, 21, 31},             {kOge, 9, "Физика", 45, 11, 23, 35},
      {kOge, 9, "Английский язык", 68, 29, 46, 58},   {kOge, 9, "История", 37, 11, 20, 29},
      {kOge, 9, "Литература", 37, 16, 23, 30},
      {kEge, 11, "Русский язык", 100, 24, 61, 81},    {kEge, 11, "Математика (профильная)", 100, 27, 61, 81},
      {kEge, 11, "Обществознание", 100, 42, 61, 81},  {kEge, 11, "Физика", 100, 36, 61, 81},
      {kEge, 11, "Биология", 100, 36, 61, 81},        {kEge, 11, "История", 100, 32, 61, 81},
      {kEge, 11, "Информатика", 100, 40, 61, 81},     {kEge, 11, "Химия", 100, 36, 61, 81},
      {kEge, 11, "Английский язык", 100, 22, 61, 81}, {kEge, 11, "Литература", 100, 32, 61, 81},
      {kEge, 11, "География", 100, 37, 61, 81},
  };
  return s;
}

// How often an elective is chosen (ОГЭ, ЕГЭ), in the order of the table above.
constexpr double kOgePopularity[] = {0.55, 0.40, 0.35, 0.25, 0.12, 0.10, 0.10, 0.05, 0.04};
constexpr double kEgePopularity[] = {0.45, 0.20, 0.18, 0.15, 0.15, 0.13, 0.10, 0.06, 0.03};

// Scales of one procedure and grade, in table order.
std::vector<const Scale*> scales_of(std::string_view procedure, int grade) {
  std::vector<const Scale*> out;
  for (const auto& s : scales())
    if (s.procedure == procedure && s.grade == grade) out.push_back(&s);
  return out;
}

int participants_of(double cohort, double share, Rng& rng) {
  return std::max(1, int(std::lround(cohort * share * rng.uniform(0.86, 0.97))));
}

// Picks `k` distinct items, each draw proportional to the remaining weights.
std::vector<int> pick_weighted(const double* weights, int n, int k, Rng& rng) {
  std::vector<int> chosen;
  std::vector<double> w(weights, weights + n);
  for (int j = 0; j < k && j < n; ++j) {
    double total = 0;
    for (double x : w) total += x;
    double u = rng.uniform() * total;
    int i = 0;
    while (i < n - 1 && (u -= w[i]) > 0) ++i;
    while (w[i] == 0) i = (i + 1) % n;  // rounding landed on a taken item
    chosen.push_back(i);
    w[i] = 0;
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

// ВПР grades 6–8 and 11: Russian and mathematics for all (where set), plus optional subjects
// assigned by class; bigger cohorts (more classes) spread over more subjects.
void add_vpr_grade(int grade, double cohort, std::vector<Work>& out, Rng& rng) {
  auto pool = scales_of(kVpr, grade);
  std::vector<const Scale*> fixed, optional;
  for (const Scale* s : pool) {
    const bool core = s->subject == "Русский язык" || s->subject == "Математика" ||
                      (grade == 7 && s->subject == "Английский язык") || grade == 4 ||
                      grade == 5 || grade == 10;
    (core ? fixed : optional).push_back(s);
  }
  const int first = grade * 1000;
  for (const Scale* s : fixed) out.push_back({s, participants_of(cohort, 1.0, rng), first});
  if (optional.empty()) return;
  const int classes = std::max(1, int(std::ceil(cohort / 25.0)));
  int k = std::min<int>(optional.size(), classes >= 4 ? 3 : 2);
  std::vector<double> even(optional.size(), 1.0);
  int offset = 0;
  for (int i : pick_weighted(even.data(), int(even.size()), k, rng)) {
    // Each student writes two optional works, so a subject gets 2/k of the cohort.
    int n = participants_of(cohort, std::min(1.0, 2.0 / k), rng);
    out.push_back({optional[i], n, first + offset});
    offset = (offset + n) % std::max(1, int(cohort));
  }
}

void add_exam(std::string_view procedure, int grade, double cohort, const double* popularity,
              int max_electives, double per_student, std::vector<Work>& out, Rng& rng) {
  auto pool = scales_of(procedure, grade);
  const int first = 9000 + grade * 100;
  out.push_back({pool[0], participants_of(cohort, 1.0, rng), first});
  out.push_back({pool[1], participants_of(cohort, 1.0, rng), first});
  const int n_electives = int(pool.size()) - 2;
  const int k = std::clamp(1 + int(cohort / 30.0), 1, max_electives);
  auto chosen = pick_weighted(popularity, n_electives, k, rng);
  double total = 0;
  for (int i : chosen) total += popularity[i];
  for (int i : chosen) {
    double share = k == 1 ? 1.0 : std::min(1.0, per_student * popularity[i] / total);
    out.push_back({pool[2 + i], participants_of(cohort, share, rng), first});
  }
}

}  // namespace

const std::vector<Scale>& scales() {
  static const std::vector<Scale> all = build_scales();
  return all;
}

const Scale* find_scale(std::string_view procedure, int grade, std::string_view subject) {
  for (const auto& s : scales())
    if (s.procedure == procedure && s.grade == grade && s.subject == subject) return &s;
  return nullptr;
}

int top_grade(std::string_view kind) {
  if (kind == "НОШ") return 4;
  if (kind == "ООШ") return 9;
  return 11;
}

Cohorts cohorts_for(std::string_view kind, int students, Rng& rng) {
  // Many leave after grade 9; gymnasiums and lyceums keep more of their students.
  const double senior = (kind == "гимназия" || kind == "лицей") ? 0.7 : 0.45;
  const int top = top_grade(kind);
  const double grades = top == 11 ? 9.0 + 2.0 * senior : double(top);
  const double base = students / grades;
  Cohorts c;
  for (int g = 1; g <= top; ++g) {
    double size = base * std::exp(rng.normal(0.0, 0.08));
    c.by_grade[g] = g >= 10 ? size * senior : size;
  }
  return c;
}

std::vector<Work> plan_works(std::string_view kind, const Cohorts& c, Rng& rng) {
  std::vector<Work> out;
  out.reserve(40);
  const int top = top_grade(kind);
  for (int g : {4, 5, 6, 7, 8, 10, 11}) {
    if (g > top || c.by_grade[g] <= 0) continue;
    add_vpr_grade(g, c.by_grade[g], out, rng);
  }
  if (top >= 9) add_exam(kOge, 9, c.by_grade[9], kOgePopularity, 4, 2.0, out, rng);
  if (top >= 11) add_exam(kEge, 11, c.by_grade[11], kEgePopularity, 4, 1.5, out, rng);
  return out;
}

}  // namespace opora::host::gen
