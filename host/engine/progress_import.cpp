#include "engine/progress_import.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "engine/plan_state.hpp"
#include "engine/progress.hpp"
#include "import/errors.hpp"
#include "import/import.hpp"
#include "roadmap/calendar.hpp"
#include "util/csv.hpp"
#include "util/text.hpp"

namespace opora::host {

namespace {

enum Col { activity, school, due, status, date, evidence, note, who, position, count };

struct ColInfo {
  std::string_view title;
  bool required;
  std::vector<std::string_view> aliases;  // header_key() forms
};

const std::array<ColInfo, count>& infos() {
  static const std::array<ColInfo, count> list = {{
      {"Мероприятие", true, {"activity", "мероприятие", "номер", "№", "№ п/п", "номер мероприятия"}},
      {"Школа", false, {"school", "школа", "логин", "логин оо", "логин школы"}},
      {"Срок", false, {"due", "срок", "месяц", "срок исполнения"}},
      {"Статус", true, {"status", "статус", "состояние", "отметка о выполнении"}},
      {"Дата", true, {"date", "дата", "дата выполнения"}},
      {"Подтверждение", false,
       {"evidence", "подтверждение", "документ", "подтверждающий документ", "ссылка"}},
      {"Примечание", false, {"note", "примечание", "комментарий"}},
      {"Кто внёс", true, {"who", "кто", "кто внес", "ответственный", "исполнитель"}},
      {"Строка", false, {"position", "строка", "строка документа"}},
  }};
  return list;
}

using Columns = std::array<int, count>;  // 1-based, 0 when absent

Columns match(const CsvRow& header, ErrorList& errors) {
  Columns cols{};
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    auto key = header_key(header.fields[i]);
    for (int c = 0; c < count; ++c)
      for (auto alias : infos()[c].aliases)
        if (key == alias) {
          if (cols[c])
            errors.add(1, int(i) + 1,
                       "столбец «" + std::string(infos()[c].title) + "» указан дважды");
          else
            cols[c] = int(i) + 1;
        }
  }
  for (int c = 0; c < count; ++c)
    if (infos()[c].required && !cols[c])
      errors.add(1, 0, "нет обязательного столбца «" + std::string(infos()[c].title) + "»");
  return cols;
}

std::string cell(const CsvRow& row, const Columns& cols, Col c) {
  int at = cols[c];
  if (!at || at > int(row.fields.size())) return {};
  return std::string(trim(row.fields[at - 1]));
}

ProgressImportReport import_progress(Db& db, std::int64_t roadmap, CsvReader& csv,
                                     const std::string& name) {
  ErrorList errors(name);
  ProgressImportReport report;
  auto plan = load_plan_state(db, roadmap);
  const Date today = today_local();
  struct Pending {
    std::int64_t occurrence;
    ProgressEntry entry;
    decltype(CsvRow::line) line;
  };
  std::vector<Pending> pending;
  try {
    CsvRow row;
    if (!csv.next(row)) {
      errors.add(1, 0, "файл пуст");
      errors.throw_if_any();
    }
    auto cols = match(row, errors);
    errors.throw_if_any();
    while (csv.next(row)) {
      ++report.rows;
      OccurrenceQuery q;
      q.activity = cell(row, cols, activity);
      q.school = cell(row, cols, school);
      q.due = cell(row, cols, due);
      ProgressEntry e;
      auto status_text = cell(row, cols, status);
      e.status = normalize_status(status_text);
      e.date = cell(row, cols, date);
      e.evidence = cell(row, cols, evidence);
      e.note = cell(row, cols, note);
      e.who = cell(row, cols, who);
      bool ok = true;
      auto fail = [&](Col c, const std::string& msg) {
        errors.add(row.line, cols[c], msg);
        ok = false;
      };
      if (q.activity.empty()) fail(activity, "не указан номер мероприятия");
      if (e.status.empty())
        fail(status, "неизвестный статус «" + status_text +
                         "» (выполнено, выполняется, отменено, запланировано)");
      auto d = Date::from_iso(e.date);
      if (!d || !d->valid()) fail(date, "дата «" + e.date + "» не в формате ГГГГ-ММ-ДД");
      if (e.who.empty()) fail(who, "не указано, кто вносит запись");
      if (!q.due.empty() && (q.due.size() != 7 || q.due[4] != '-'))
        fail(due, "срок «" + q.due + "» не в формате ГГГГ-ММ");
      if (auto p = cell(row, cols, position); !p.empty()) {
        try {
          q.position = std::stoi(p);
        } catch (const std::exception&) {
          fail(position, "номер строки «" + p + "» не число");
        }
      }
      if (!ok || q.activity.empty()) continue;
      try {
        const auto& occ = find_occurrence(plan, q);
        // The date rule needs the occurrence's due dates: checked once it is known.
        if (auto p = record_date_problem(*d, plan.year, e.status == "planned", today,
                                         occ.due_start, occ.due_end);
            !p.empty()) {
          fail(date, p);
          continue;
        }
        // The same record twice is refused here with its row: already stored, or earlier in
        // this file (the file is saved all or nothing, so its rows are not in the store yet).
        if (auto existing = same_record_in_force(db, occ.id, e)) {
          fail(activity, duplicate_message(*existing));
          continue;
        }
        auto twin = std::find_if(pending.begin(), pending.end(), [&](const Pending& p) {
          return p.occurrence == occ.id && p.entry.status == e.status && p.entry.date == e.date &&
                 p.entry.evidence == e.evidence;
        });
        if (twin != pending.end()) {
          fail(activity, "та же запись, что в строке " + std::to_string(twin->line) +
                             " (то же мероприятие, срок, статус, дата и подтверждение)");
          continue;
        }
        pending.push_back({occ.id, e, row.line});
      } catch (const ProgressError& err) {
        errors.add(row.line, cols[activity], err.what());
      }
    }
  } catch (const CsvError& e) {
    errors.add(e.line, e.column, e.what());
  }
  errors.throw_if_any();
  Transaction tx(db);
  for (const auto& p : pending) {
    record_progress(db, p.occurrence, p.entry);
    ++report.written;
  }
  tx.commit();
  return report;
}

}  // namespace

ProgressImportReport import_progress_text(Db& db, std::int64_t roadmap, std::string text,
                                          const std::string& name) {
  auto csv = CsvReader::from_string(std::move(text));
  return import_progress(db, roadmap, csv, name);
}

ProgressImportReport import_progress_csv(Db& db, std::int64_t roadmap,
                                         const std::filesystem::path& file) {
  std::optional<CsvReader> csv;
  try {
    csv.emplace(CsvReader::open(file));
  } catch (const std::runtime_error& e) {
    throw ImportFailed({file.string() + ": " + e.what()});
  }
  return import_progress(db, roadmap, *csv, file.string());
}

}  // namespace opora::host
