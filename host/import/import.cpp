#include "import/import.hpp"

#include <sqlite3.h>

#include <memory>
#include <optional>

#include "catalog/catalog.hpp"
#include "import/fields.hpp"
#include "import/kinds.hpp"
#include "import/record_sink.hpp"
#include "util/csv_table.hpp"
#include "util/rows.hpp"

namespace opora::host {

namespace {

const opora::Importer* plugin_importer(const Catalog* catalog, std::string_view kind) {
  if (!catalog) return nullptr;
  for (const auto& entry : catalog->importers())
    if (entry.item && entry.item->id() == kind) return entry.item.get();
  return nullptr;
}

// The standard procedures and subjects plus those the packages declared (procedure{}).
Vocabulary vocabulary_for(const Catalog* catalog) {
  Vocabulary v = Vocabulary::standard();
  if (!catalog) return v;
  // A clash between two packages' names is reported by `opora check`; the first one wins here.
  for (const auto& e : catalog->procedures()) {
    v.add_procedure(e.item->code, e.item->aliases);
    for (const auto& s : e.item->subjects) v.add_subject(s);
  }
  return v;
}

[[noreturn]] void unknown_kind(std::string_view kind, const Catalog* catalog) {
  std::string known;
  for (auto k : builtin_import_kinds()) known += (known.empty() ? "" : ", ") + std::string(k);
  if (catalog)
    for (const auto& entry : catalog->importers()) known += ", " + entry.item->id();
  throw ImportFailed({"неизвестный вид данных «" + std::string(kind) + "»; известны: " + known});
}

// Built-in kinds and plugin importers alike read the file through the host's row sources
// (CSV or an XLSX sheet, chosen by the file's content).
std::unique_ptr<RowSource> open_file(const std::filesystem::path& file, std::string_view sheet,
                                     ErrorList& errors) {
  try {
    auto rows = open_rows(file, sheet);
    errors.set_sheet(std::string(rows->sheet()));
    return rows;
  } catch (const std::runtime_error& e) {
    throw ImportFailed({e.what()});
  }
}

// Exports put a title block above the table («Статистика по отметкам», the date of the export):
// the header is the first of the first rows that names every required column. When none does,
// the problems of the row that came closest are reported (the first row of a plain file).
constexpr int kHeaderSearchRows = 30;

std::optional<Columns> find_header(RowSource& rows, const std::vector<FieldUse>& fields,
                                   ErrorList& errors, int& header_line) {
  CsvRow row;
  std::optional<HeaderMatch> best;
  int best_line = 0;
  for (int seen = 0; seen < kHeaderSearchRows && rows.next(row); ++seen) {
    HeaderMatch m = match_fields(row, fields);
    if (m.complete) {
      for (const auto& [column, message] : m.problems) errors.add(row.line, column, message);
      header_line = row.line;
      rows.set_width(row.fields.size());
      return m.cols;
    }
    if (!best || m.matched > best->matched) best = std::move(m), best_line = row.line;
  }
  if (!best) {
    errors.add(1, 1, "файл пуст: ожидалась строка заголовка и строки данных");
    return std::nullopt;
  }
  for (const auto& [column, message] : best->problems) errors.add(best_line, column, message);
  return std::nullopt;
}

void import_rows(Job& job, std::string_view kind, RowSource& rows) {
  try {
    int header_line = 0;
    auto found = find_header(rows, fields_of(kind), job.errors, header_line);
    if (!found || !job.errors.empty()) return;  // without the columns, every row would fail too
    const Columns& cols = *found;
    if (kind == "territories") import_territories(job, rows, cols);
    else if (kind == "schools") import_schools(job, rows, cols);
    else if (kind == "risk") import_risk(job, rows, cols);
    else if (kind == "territory_context") import_territory_context(job, rows, cols);
    else import_records(job, kind, rows, cols);
    if (job.report.rows == 0 && job.errors.empty())
      job.errors.add(header_line + 1, 1, "в файле только заголовок, нет строк данных");
  } catch (const CsvError& e) {
    job.errors.add(e.line, e.column, e.what());
  }
}

// The bulk-load settings of one import's connection, restored when it ends (issue 10 §5).
// Foreign keys: every kind but territories writes only references it has checked against the
// id maps the job reads inside this write transaction (Job::schools, Job::territories), so the
// per-row lookup of the parent repeats a check already made, with a worse error. Territories
// keep it: their parent links may point forward in the file (checked deferred, at commit).
// The pragma is a no-op inside a transaction, so it is set before BEGIN.
class BulkLoad {
 public:
  BulkLoad(Db& db, std::string_view kind) : db_(db) {
    if (kind == "territories" || db.in_transaction()) return;
    fk_was_on_ = db.scalar("PRAGMA foreign_keys") == 1;
    if (fk_was_on_) db.exec("PRAGMA foreign_keys = OFF");
  }
  ~BulkLoad() {
    if (fk_was_on_) sqlite3_exec(db_.handle(), "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  }
  BulkLoad(const BulkLoad&) = delete;
  BulkLoad& operator=(const BulkLoad&) = delete;

 private:
  Db& db_;
  bool fk_was_on_ = false;
};

}  // namespace

const std::vector<std::string_view>& builtin_import_kinds() {
  static const std::vector<std::string_view> kinds = {
      "territories", "schools", "results", "context", "students", "risk", "territory_context"};
  return kinds;
}

ImportReport import_file(Db& db, std::string_view kind, const std::filesystem::path& file,
                         const Catalog* catalog, std::string_view sheet) {
  const opora::Importer* plugin = plugin_importer(catalog, kind);
  bool builtin = !fields_of(kind).empty();
  if (!plugin && !builtin) unknown_kind(kind, catalog);

  ImportReport report;
  ErrorList errors(file.string());
  Vocabulary vocabulary = vocabulary_for(catalog);
  Job job{db, errors, report, vocabulary};
  if (catalog)
    for (const auto& f : catalog->risk_factors()) job.risk_factors.insert(f.item->code);
  BulkLoad bulk(db, kind);  // outlives the transaction: restored after commit or rollback
  Transaction tx(db);       // rolled back by any exception below
  auto rows = open_file(file, sheet, errors);
  if (builtin) {
    import_rows(job, kind, *rows);
  } else {
    RecordSink sink(job);
    CsvTable table(*rows, sink);
    try {
      plugin->read(table, sink);
    } catch (const ImportFailed&) {
      throw;
    } catch (const std::exception& e) {
      errors.add(1, 0, "импортёр «" + std::string(kind) + "» прервал чтение: " + e.what());
    }
    sink.finish();
  }
  errors.throw_if_any();
  tx.commit();
  return report;
}

}  // namespace opora::host
