#include "import/import.hpp"

#include "catalog/catalog.hpp"
#include "import/fields.hpp"
#include "import/kinds.hpp"
#include "import/record_sink.hpp"
#include "util/csv.hpp"
#include "util/csv_table.hpp"

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

// Built-in kinds and plugin importers alike read the file through the host's CSV reader.
CsvReader open_csv(const std::filesystem::path& file) {
  try {
    return CsvReader::open(file);
  } catch (const std::runtime_error& e) {
    throw ImportFailed({e.what()});
  }
}

void import_csv(Job& job, std::string_view kind, const std::filesystem::path& file) {
  CsvReader csv = open_csv(file);
  try {
    CsvRow header;
    if (!csv.next(header)) {
      job.errors.add(1, 1, "файл пуст: ожидалась строка заголовка и строки данных");
      return;
    }
    auto fields = fields_of(kind);
    Columns cols = match_header(header, fields, job.errors);
    if (!job.errors.empty()) return;  // without the columns, every row would fail too
    if (kind == "territories") import_territories(job, csv, cols);
    else if (kind == "schools") import_schools(job, csv, cols);
    else if (kind == "risk") import_risk(job, csv, cols);
    else if (kind == "territory_context") import_territory_context(job, csv, cols);
    else import_records(job, kind, csv, cols);
    if (job.report.rows == 0 && job.errors.empty())
      job.errors.add(header.line + 1, 1, "в файле только заголовок, нет строк данных");
  } catch (const CsvError& e) {
    job.errors.add(e.line, e.column, e.what());
  }
}

}  // namespace

const std::vector<std::string_view>& builtin_import_kinds() {
  static const std::vector<std::string_view> kinds = {
      "territories", "schools", "results", "context", "students", "risk", "territory_context"};
  return kinds;
}

ImportReport import_file(Db& db, std::string_view kind, const std::filesystem::path& file,
                         const Catalog* catalog) {
  const opora::Importer* plugin = plugin_importer(catalog, kind);
  bool builtin = !fields_of(kind).empty();
  if (!plugin && !builtin) unknown_kind(kind, catalog);

  ImportReport report;
  ErrorList errors(file.string());
  Vocabulary vocabulary = vocabulary_for(catalog);
  Job job{db, errors, report, vocabulary};
  if (catalog)
    for (const auto& f : catalog->risk_factors()) job.risk_factors.insert(f.item->code);
  Transaction tx(db);  // rolled back by any exception below
  if (builtin) {
    import_csv(job, kind, file);
  } else {
    CsvReader csv = open_csv(file);
    RecordSink sink(job);
    CsvTable table(csv, sink);
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
