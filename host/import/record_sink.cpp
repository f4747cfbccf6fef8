#include "import/record_sink.hpp"

#include <cmath>

namespace opora::host {

namespace {

// Keys pack the school id, year and grade into one word and the interned names into the
// others: exact, as ids are below 2^32 and year and grade were checked before.
DuplicateKeys::Key key(std::int64_t school, int year, int grade, std::uint32_t a,
                       std::uint32_t b, std::uint32_t c = 0) {
  return {(static_cast<std::uint64_t>(school) << 32) | (static_cast<std::uint64_t>(year) << 8) |
              static_cast<std::uint64_t>(grade & 0xFF),
          (static_cast<std::uint64_t>(a) << 32) | b, c};
}

}  // namespace

bool RecordSink::check(const std::string& problem, int row, F f) {
  if (problem.empty()) return true;
  job_.errors.add(row, cols_[f], problem);
  return false;
}

bool RecordSink::check_text(std::string_view value, int row, F f) {
  return check(value.empty() ? "пустое значение в столбце «" + std::string(field_title(f)) + "»"
                             : std::string(),
               row, f);
}

std::optional<std::int64_t> RecordSink::school(std::string_view login, int row) {
  if (!check_text(login, row, F::login)) return std::nullopt;
  const auto& map = job_.schools();
  auto it = map.find(login);
  if (it != map.end()) return it->second;
  job_.errors.add(row, cols_[F::login],
                  "неизвестная школа «" + std::string(login) +
                      "»: сначала загрузите её в справочник школ (вид schools)");
  return std::nullopt;
}

std::optional<std::string_view> RecordSink::procedure(std::string_view text, int row) {
  if (auto k = known_procedures_.find(text); k != known_procedures_.end()) return k->second;
  if (!check_text(text, row, F::procedure)) return std::nullopt;
  if (auto p = job_.vocabulary.procedure(text)) return known_procedures_[std::string(text)] = *p;
  job_.errors.add(row, cols_[F::procedure],
                  "неизвестная процедура «" + std::string(text) + "»; известны: " +
                      job_.vocabulary.procedure_list() +
                      " (процедуру региона объявляет его пакет: procedure{ code = … })");
  return std::nullopt;
}

std::optional<std::string_view> RecordSink::subject(std::string_view text, int row) {
  if (auto k = known_subjects_.find(text); k != known_subjects_.end()) return k->second;
  if (!check_text(text, row, F::subject)) return std::nullopt;
  if (auto s = job_.vocabulary.subject(text)) return known_subjects_[std::string(text)] = *s;
  job_.errors.add(row, cols_[F::subject],
                  "неизвестный предмет «" + std::string(text) + "»; известны: " +
                      job_.vocabulary.subject_list() +
                      " (предмет региона объявляет его пакет: procedure{ subjects = { … } })");
  return std::nullopt;
}

void RecordSink::error(int row, int column, std::string message) {
  job_.errors.add(row, column, message);
}

void RecordSink::result(const opora::ResultRecord& r, int row) {
  ++job_.report.rows;
  auto id = school(r.login, row);
  bool ok = id.has_value();
  ok &= check(year_problem(r.year), row, F::year);
  ok &= check(grade_problem(r.grade), row, F::grade);
  auto proc = procedure(r.procedure, row);
  auto subj = subject(r.subject, row);
  ok &= proc && subj;
  ok &= check(negative_problem(r.participants, field_title(F::participants)), row,
              F::participants);
  const F mark_fields[4] = {F::m2, F::m3, F::m4, F::m5};
  const char* mark_titles[4] = {"отметка «2»", "отметка «3»", "отметка «4»", "отметка «5»"};
  bool marks_ok = true;
  std::int64_t sum = 0;
  for (int i = 0; i < 4; ++i) {
    marks_ok &= check(negative_problem(r.marks[i], mark_titles[i]), row, mark_fields[i]);
    sum += r.marks[i];
  }
  ok &= marks_ok;
  if (marks_ok && r.participants >= 0 && sum != r.participants)
    ok &= check("сумма отметок «2»–«5» (" + std::to_string(r.marks[0]) + " + " +
                    std::to_string(r.marks[1]) + " + " + std::to_string(r.marks[2]) + " + " +
                    std::to_string(r.marks[3]) + " = " + std::to_string(sum) +
                    ") не равна количеству участников (" + std::to_string(r.participants) + ")",
                row, F::participants);
  if (r.has_mean_score && (!std::isfinite(r.mean_score) || r.mean_score < 0))
    ok &= check("средний балл должен быть неотрицательным числом", row, F::mean_score);
  if (!ok) return;

  result_keys_.add(key(*id, r.year, r.grade, names_.id(*proc), names_.id(*subj)), row);
  if (!results_) results_.emplace(job_.db);
  std::optional<double> mean;
  if (r.has_mean_score) mean = r.mean_score;
  results_->add({*id, r.year, r.grade, r.participants, *proc, *subj,
                 {r.marks[0], r.marks[1], r.marks[2], r.marks[3]}, mean});
}

void RecordSink::context(const opora::ContextRecord& r, int row) {
  if (results_) results_->drain();  // this thread writes now: the writer must be idle
  ++job_.report.rows;
  auto id = school(r.login, row);
  bool ok = id.has_value();
  ok &= check(year_problem(r.year), row, F::year);
  ok &= check_text(r.indicator, row, F::indicator);
  if (!std::isfinite(r.value)) ok &= check("значение должно быть конечным числом", row, F::value);
  if (!ok) return;

  context_keys_.add(key(*id, r.year, 0, names_.id(r.indicator), 0), row);
  if (!insert_context_) {
    insert_context_ = job_.db.prepare(
        "INSERT INTO observations(school, year, indicator, value) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT DO NOTHING");
    update_context_ = job_.db.prepare(
        "UPDATE observations SET value = ?4 WHERE school = ?1 AND year = ?2 AND indicator = ?3 "
        "AND value IS NOT ?4");
  }
  insert_context_->bind_all(*id, r.year, r.indicator, r.value);
  update_context_->bind_all(*id, r.year, r.indicator, r.value);
  job_.count(upsert(*insert_context_, *update_context_));
}

void RecordSink::student(const opora::StudentRecord& r, int row) {
  if (results_) results_->drain();  // this thread writes now: the writer must be idle
  ++job_.report.rows;
  auto id = school(r.login, row);
  bool ok = id.has_value();
  ok &= check(year_problem(r.year), row, F::year);
  ok &= check(grade_problem(r.grade), row, F::grade);
  auto proc = procedure(r.procedure, row);
  auto subj = subject(r.subject, row);
  ok &= proc && subj;
  ok &= check_text(r.student, row, F::student);
  ok &= check(negative_problem(r.primary_score, field_title(F::primary_score)), row,
              F::primary_score);
  if (r.mark != 0 && (r.mark < 2 || r.mark > 5))
    ok &= check("отметка " + std::to_string(r.mark) + " вне диапазона 2–5", row, F::mark);
  if (!ok) return;

  student_keys_.add(key(*id, r.year, r.grade, names_.id(*proc), names_.id(*subj),
                        names_.id(r.student)),
                    row);
  if (!insert_student_) {
    insert_student_ = job_.db.prepare(
        "INSERT INTO student_results(school, year, procedure, grade, subject, student, "
        "primary_score, mark) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING");
    update_student_ = job_.db.prepare(
        "UPDATE student_results SET primary_score = ?7, mark = ?8 WHERE school = ?1 AND "
        "year = ?2 AND procedure = ?3 AND grade = ?4 AND subject = ?5 AND student = ?6 AND "
        "(primary_score IS NOT ?7 OR mark IS NOT ?8)");
  }
  std::optional<int> mark;
  if (r.mark != 0) mark = r.mark;
  insert_student_->bind_all(*id, r.year, *proc, r.grade, *subj, r.student,
                            r.primary_score, mark);
  if (insert_student_->run()) {
    job_.count(Upsert::inserted);
    return;
  }
  update_student_->bind_all(*id, r.year, *proc, r.grade, *subj, r.student,
                            r.primary_score, mark);
  job_.count(update_student_->run() ? Upsert::updated : Upsert::unchanged);
}

void RecordSink::finish() {
  if (results_) results_->finish(job_);
  result_keys_.report(job_.errors, cols_[F::login],
                      "та же школа, процедура, год, класс и предмет");
  context_keys_.report(job_.errors, cols_[F::login], "та же школа, год и показатель");
  student_keys_.report(job_.errors, cols_[F::login],
                       "та же школа, процедура, год, класс, предмет и участник");
}

}  // namespace opora::host
