// results, context and students files: cells → SDK records → the validating RecordSink.
#include "import/cells.hpp"
#include "import/kinds.hpp"
#include "import/record_sink.hpp"

namespace opora::host {

namespace {

int as_int(std::optional<std::int64_t> v) {
  if (!v || *v > INT32_MAX || *v < INT32_MIN) return 0;
  return static_cast<int>(*v);
}

// Integers too large for the record are reported rather than truncated.
std::optional<std::int64_t> bounded(Cells& cells, F f, bool required = true) {
  auto v = cells.integer(f, required);
  if (v && (*v > INT32_MAX || *v < INT32_MIN)) {
    cells.fail(f, "в столбце «" + std::string(field_title(f)) + "» слишком большое число");
    return std::nullopt;
  }
  return v;
}

}  // namespace

void import_records(Job& job, std::string_view kind, RowSource& csv, const Columns& cols) {
  RecordSink sink(job);
  sink.set_columns(cols);
  CsvRow row;
  // Reused across rows: their strings keep their capacity, so most rows allocate nothing.
  opora::ResultRecord result;
  opora::ContextRecord context;
  opora::StudentRecord student;
  while (csv.next(row)) {
    Cells cells(row, cols, job.errors);
    if (kind == "results") {
      result.login = cells.text(F::login);
      result.procedure = cells.text(F::procedure);
      result.year = as_int(bounded(cells, F::year));
      result.grade = as_int(bounded(cells, F::grade));
      result.subject = cells.text(F::subject);
      result.participants = as_int(bounded(cells, F::participants));
      const F marks[4] = {F::m2, F::m3, F::m4, F::m5};
      for (int i = 0; i < 4; ++i) result.marks[i] = as_int(bounded(cells, marks[i]));
      auto mean = cells.number(F::mean_score, false);
      result.has_mean_score = mean.has_value();
      result.mean_score = mean.value_or(0.0);
      if (cells.ok()) sink.result(result, row.line);
      else ++job.report.rows;
    } else if (kind == "context") {
      context.login = cells.text(F::login);
      context.year = as_int(bounded(cells, F::year));
      context.indicator = cells.text(F::indicator);
      context.value = cells.number(F::value).value_or(0.0);
      if (cells.ok()) sink.context(context, row.line);
      else ++job.report.rows;
    } else {
      student.login = cells.text(F::login);
      student.procedure = cells.text(F::procedure);
      student.year = as_int(bounded(cells, F::year));
      student.grade = as_int(bounded(cells, F::grade));
      student.subject = cells.text(F::subject);
      student.student = cells.text(F::student);
      student.primary_score = as_int(bounded(cells, F::primary_score));
      student.mark = as_int(bounded(cells, F::mark, false));
      if (cells.ok()) sink.student(student, row.line);
      else ++job.report.rows;
    }
  }
  sink.finish();
}

}  // namespace opora::host
