#include "demo/generator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <system_error>

#include "demo/assessments.hpp"
#include "demo/country.hpp"
#include "demo/csv_out.hpp"
#include "demo/mark_model.hpp"
#include "demo/rng.hpp"

namespace opora::host {

namespace {

using gen::CsvOut;
using gen::Rng;
using gen::SchoolPlan;

constexpr double kWeakQuality = -1.0;    // school-years below this get a risk profile
constexpr std::size_t kBiasedEvery = 10;  // one in ten schools with student rows is biased
constexpr double kBoundaryPush = 0.8;    // chance a score just below a boundary is moved onto it
constexpr double kYearMemory = 0.6;      // correlation of the yearly noise with the previous year
constexpr double kExamSelection = 0.3;   // those who stay for grade 11 are the stronger students

// Context indicators in the order they are written.
enum Ctx { low_income, single_parent, parents_higher_ed, preventive, disabilities, non_native, kShares };
constexpr const char* kShareNames[kShares] = {
    "low_income_share",          "single_parent_share", "parents_higher_ed_share",
    "preventive_register_share", "disabilities_share",  "non_native_russian_share"};

// The time-invariant part of a school's social context.
struct ContextBase {
  double logit[kShares];
  double distance_km, settlement_size, vacancy_rate;
  bool rural;
};

ContextBase context_base(const SchoolPlan& s, Rng& rng) {
  ContextBase c;
  const double z = s.z;
  c.logit[low_income] = -1.6 + 0.9 * z + rng.normal(0.0, 0.3);
  c.logit[single_parent] = -1.5 + 0.35 * z + rng.normal(0.0, 0.3);
  c.logit[parents_higher_ed] = -0.5 - 0.8 * z + rng.normal(0.0, 0.3);
  c.logit[preventive] = -4.0 + 0.6 * z + rng.normal(0.0, 0.4);
  c.logit[disabilities] = -3.0 + 0.3 * z + rng.normal(0.0, 0.4);
  c.logit[non_native] = s.lang_base + rng.normal(0.0, 0.8);
  c.rural = s.locality == "village";
  if (s.locality == "city") {
    c.distance_km = rng.lognormal(4.0, 0.5);
    c.settlement_size = std::clamp(rng.lognormal(300000, 0.8), 50000.0, 2000000.0);
  } else if (s.locality == "town") {
    c.distance_km = rng.lognormal(20.0, 0.6);
    c.settlement_size = std::clamp(rng.lognormal(20000, 0.7), 3000.0, 100000.0);
  } else {
    c.distance_km = rng.lognormal(40.0, 0.6);
    c.settlement_size = std::clamp(rng.lognormal(800, 0.8), 50.0, 5000.0);
  }
  c.vacancy_rate = (0.3 + s.students / 400.0) * std::exp(0.4 * z);
  return c;
}

int poisson(double lambda, Rng& rng) {
  double p = std::exp(-lambda), cdf = p, u = rng.uniform();
  int k = 0;
  while (u > cdf && k < 100) {
    p *= lambda / ++k;
    cdf += p;
  }
  return k;
}

// One year of context; returns the values the risk profile needs.
struct ContextYear {
  double share[kShares];
  int vacancies;
};

ContextYear write_context(const SchoolPlan& s, const ContextBase& base, int year, Rng& rng,
                          CsvOut& out) {
  ContextYear y;
  for (int i = 0; i < kShares; ++i) y.share[i] = gen::logistic(base.logit[i] + rng.normal(0.0, 0.05));
  y.vacancies = poisson(base.vacancy_rate, rng);
  auto row = [&](const char* name, double generated, int decimals) {
    double v = generated;
    if (s.context) {
      auto it = s.context->find(name);
      if (it != s.context->end()) v = it->second, decimals = 4;
    }
    out.text(s.login).integer(year).text(name).fixed(v, decimals).end_row();
    return v;
  };
  for (int i = 0; i < kShares; ++i) y.share[i] = row(kShareNames[i], y.share[i], 4);
  y.vacancies = int(row("staff_vacancies", y.vacancies, 0));
  row("distance_km", base.distance_km, 1);
  row("rural", base.rural ? 1 : 0, 0);
  row("settlement_size", std::round(base.settlement_size), 0);
  if (s.context) {  // anything else the caller observes (an expert point sum, ...)
    static const std::string standard[] = {"staff_vacancies", "distance_km", "rural",
                                           "settlement_size"};
    for (const auto& [name, value] : *s.context) {
      bool known = std::find(std::begin(standard), std::end(standard), name) != std::end(standard);
      for (const char* n : kShareNames) known = known || name == n;
      if (!known) out.text(s.login).integer(year).text(name).fixed(value, 4).end_row();
    }
  }
  return y;
}

int risk_level(double driver, Rng& rng) {
  const double r = driver + rng.normal(0.0, 0.6);
  return r < -0.3 ? 1 : r < 0.6 ? 2 : 3;
}

void write_risk(const SchoolPlan& s, int year, double q, const ContextYear& c, Rng& rng,
                CsvOut& out) {
  const double rural = s.locality == "village" ? 1.0 : 0.0;
  const struct {
    const char* factor;
    double driver;
  } factors[] = {
      {"low_equipment", 0.8 * rural + 0.3 * s.z - 0.3},
      {"staff_shortage", c.vacancies >= 2 ? 1.0 : c.vacancies == 1 ? 0.3 : -0.5},
      {"teacher_competence", -q - 0.6},
      {"students_at_risk", (c.share[low_income] - 0.25) * 4 + (c.share[preventive] - 0.03) * 15},
      {"low_motivation", -q - 0.7},
      {"low_parental_involvement",
       (c.share[single_parent] - 0.2) * 5 + (c.share[low_income] - 0.25) * 3},
      {"high_disabilities_share", (c.share[disabilities] - 0.05) * 20},
      {"language_barriers", (c.share[non_native] - 0.05) * 8},
      {"weak_prof_development", -q - 0.8 + 0.2 * rural},
      {"poor_environment", 0.4 * s.z},
      {"low_adaptivity", -q - 0.7},
  };
  for (const auto& f : factors)
    out.text(s.login).integer(year).text(f.factor).integer(risk_level(f.driver, rng)).end_row();
}

struct Writers {
  CsvOut results, context, students, risk;
  std::size_t result_rows = 0, student_rows = 0;
};

void write_school(const SchoolPlan& s, const GeneratorOptions& o, Writers& w) {
  Rng rng(o.seed, "school/" + s.login);
  const ContextBase base = context_base(s, rng);
  std::vector<int> scores;
  char student[16];
  double noise = rng.normal(0.0, s.year_sd * 1.25);
  for (int year = o.first_year; year <= o.last_year; ++year) {
    if (year > o.first_year) noise = kYearMemory * noise + rng.normal(0.0, s.year_sd);
    const double q = s.quality + s.trend * (year - o.first_year) + noise;
    const ContextYear ctx = write_context(s, base, year, rng, w.context);
    const gen::Cohorts cohorts = gen::cohorts_for(s.kind, s.students, rng);
    for (const gen::Work& work : gen::plan_works(s.kind, cohorts, rng)) {
      const gen::Scale& sc = *work.scale;
      const gen::MarkModel& model = gen::model_for(sc);
      const bool exam = sc.procedure == "ЕГЭ";
      const double mu = q + rng.normal(0.0, s.work_sd) + (exam ? kExamSelection : 0.0);
      const bool per_student = s.student_rows && sc.procedure == "ВПР";
      const gen::MarkCounts m = model.draw(work.participants, mu, rng, per_student ? &scores : nullptr,
                                           per_student && s.biased ? kBoundaryPush : 0.0);
      w.results.text(s.login).text(sc.procedure).integer(year).integer(sc.grade).text(sc.subject);
      w.results.integer(work.participants);
      for (int k : m.m) w.results.integer(k);
      w.results.fixed(double(m.score_sum) / work.participants, 2).end_row();
      ++w.result_rows;
      if (!per_student) continue;
      for (std::size_t i = 0; i < scores.size(); ++i) {
        std::snprintf(student, sizeof student, "%d", work.first_student + int(i));
        w.students.text(s.login).text(sc.procedure).integer(year).integer(sc.grade).text(sc.subject);
        w.students.text(student).integer(scores[i]).integer(model.mark_of(scores[i])).end_row();
      }
      w.student_rows += scores.size();
    }
    if (q < kWeakQuality) write_risk(s, year, q, ctx, rng, w.risk);
  }
}

// The folder says what it is: people open it in a file manager before any program.
void write_readme(const std::filesystem::path& path, const GeneratorOptions& o,
                  const GeneratedFiles& f) {
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (!out) throw std::runtime_error("не удалось создать файл " + path.string());
  std::fprintf(out,
               "СИНТЕТИЧЕСКИЕ ДАННЫЕ — не реальные школы и не реальные результаты.\n\n"
               "Страна сгенерирована программой opora (генератор демонстрационных данных)\n"
               "с зерном %llu за %d–%d годы: школ — %zu, строк результатов — %zu,\n"
               "строк по ученикам — %zu. Те же параметры и то же зерно всегда дают\n"
               "те же файлы байт в байт.\n\n"
               "Названия регионов, муниципалитетов и школ придуманы; совпадения случайны,\n"
               "кроме территорий и школ, которые демонстрация добавила намеренно.\n\n"
               "territories.csv — территории; schools.csv — школы; results.csv — результаты\n"
               "ВПР, ОГЭ и ЕГЭ; context.csv — социальный контекст; students.csv — первичные\n"
               "баллы учеников по ВПР (часть школ); risk.csv — рисковые профили.\n",
               static_cast<unsigned long long>(o.seed), o.first_year, o.last_year, f.school_count,
               f.result_rows, f.student_rows);
  if (std::fclose(out) != 0) throw std::runtime_error("ошибка записи в файл " + path.string());
}

}  // namespace

GeneratedFiles generated_files(const std::filesystem::path& out_dir) {
  GeneratedFiles f;
  f.territories = out_dir / "territories.csv";
  f.schools = out_dir / "schools.csv";
  f.results = out_dir / "results.csv";
  f.context = out_dir / "context.csv";
  f.students = out_dir / "students.csv";
  f.risk = out_dir / "risk.csv";
  f.readme = out_dir / "README.txt";
  return f;
}

GeneratedFiles generate_country(const GeneratorOptions& o, const std::filesystem::path& out_dir) {
  gen::Country country = gen::build_country(o);
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) throw std::runtime_error("не удалось создать папку " + out_dir.string() + ": " + ec.message());

  GeneratedFiles f = generated_files(out_dir);

  {
    CsvOut t(f.territories, "id;name;parent;level");
    for (const auto& row : country.territories)
      t.text(row.id).text(row.name).text(row.parent).text(row.level).end_row();
    t.close();
  }

  // Which generated schools get student rows, and which of those are biased.
  std::size_t sampled = 0;
  for (SchoolPlan& s : country.schools) {
    if (!s.fixed && o.student_sample > 0 &&
        Rng(o.seed, "sample/" + s.login).uniform() < o.student_sample) {
      s.student_rows = true;
      // The fifth of every ten, so that even a small sample has a biased school.
      s.biased = sampled++ % kBiasedEvery == 4;
    }
    if (s.biased) f.biased_schools.push_back(s.login);
  }

  {
    CsvOut sch(f.schools, "login;name;territory;kind;locality;students");
    for (const auto& s : country.schools)
      sch.text(s.login).text(s.name).text(s.territory).text(s.kind).text(s.locality).integer(s.students).end_row();
    sch.close();
  }

  Writers w{{f.results, "login;procedure;year;grade;subject;participants;m2;m3;m4;m5;mean_score"},
            {f.context, "login;year;indicator;value"},
            {f.students, "login;procedure;year;grade;subject;student;primary_score;mark"},
            {f.risk, "login;year;factor;level"}};
  for (const SchoolPlan& s : country.schools) write_school(s, o, w);
  w.results.close();
  w.context.close();
  w.students.close();
  w.risk.close();

  f.result_rows = w.result_rows;
  f.student_rows = w.student_rows;
  f.school_count = country.schools.size();
  write_readme(f.readme, o, f);
  return f;
}

}  // namespace opora::host
