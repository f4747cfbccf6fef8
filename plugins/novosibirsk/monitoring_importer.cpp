// Importer nso_monitoring: the monitoring's results per school, grade and subject — the number
// of participants and how many reached each achievement level (format in docs/sdk.md).
#include <optional>
#include <regex>
#include <string>

#include "monitoring.hpp"
#include "cells.hpp"

namespace nso {
namespace {

namespace pu = opora::plugin_util;

// The four levels, lowest first, stored as marks 2..5.
const char* const level_names[4] = {"ниже базового", "базовый", "повышенный", "высокий"};

struct Columns {
  int login = -1, year = -1, grade = -1, subject = -1, participants = -1;
  int levels[4] = {-1, -1, -1, -1};
};

// Lines like «Региональный мониторинг качества подготовки обучающихся, 2023 год» give the year.
std::optional<int> title_year(const opora::TableRow& row) {
  std::string text;
  for (const auto& c : row.cells)
    if (!pu::trim(c).empty()) {
      if (!text.empty()) return std::nullopt;
      text = std::string(pu::trim(c));
    }
  static const std::regex re(R"((^|\D)(20\d\d)(\D|$))");
  std::smatch m;
  if (!std::regex_search(text, m, re)) return std::nullopt;
  return std::stoi(m[2]);
}

std::optional<Columns> header(const opora::TableRow& row) {
  Columns c;
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    auto f = pu::fold(row.cells[i]);
    int idx = int(i);
    if (f == "логин оо") c.login = idx;
    else if (f == "год") c.year = idx;
    else if (f == "класс") c.grade = idx;
    else if (f == "предмет") c.subject = idx;
    else if (f.find("участник") != std::string::npos) c.participants = idx;
    else
      for (int k = 0; k < 4; ++k)
        if (f == level_names[k] || f == std::string(level_names[k]) + " уровень") c.levels[k] = idx;
  }
  if (c.login < 0) return std::nullopt;
  return c;
}

// The first missing required column, in Russian; empty when the header is complete.
std::string missing(const Columns& c) {
  if (c.grade < 0) return "«Класс»";
  if (c.subject < 0) return "«Предмет»";
  if (c.participants < 0) return "«Кол-во участников»";
  for (int k = 0; k < 4; ++k)
    if (c.levels[k] < 0) return std::string("«") + level_names[k] + "»";
  return {};
}

class MonitoringImporter final : public opora::Importer {
 public:
  std::string id() const override { return "nso_monitoring"; }
  std::string title() const override {
    return "Новосибирская область: региональный мониторинг качества подготовки обучающихся "
           "(CSV, уровни достижений по школам)";
  }
  void read(opora::TableReader& table, opora::ImportSink& sink) const override {
    try {
      read_rows(table, sink);
    } catch (const std::exception& e) {  // a bug of ours, reported as the file's error
      sink.error(0, 0, std::string("внутренняя ошибка импорта: ") + e.what());
    }
  }

 private:
  static void read_rows(opora::TableReader& table, opora::ImportSink& sink) {
    std::optional<int> year;
    std::optional<Columns> cols;
    bool seen_header = false;
    for (opora::TableRow row; table.next(row);) {
      if (!seen_header) {
        if (auto y = title_year(row)) {
          year = y;
          continue;
        }
        if (auto h = header(row)) {
          seen_header = true;
          if (auto m = missing(*h); !m.empty()) {
            sink.error(row.line, 0, "в заголовке таблицы нет столбца " + m);
          } else if (h->year < 0 && !year) {
            sink.error(row.line, 0,
                       "год мониторинга неизвестен: нет столбца «Год» и строки заголовка "
                       "с годом над таблицей");
          } else {
            cols = h;
          }
        }
        continue;
      }
      if (cols) data_row(row, *cols, year.value_or(0), sink);
    }
    if (!seen_header)
      sink.error(0, 0, "в файле нет таблицы со столбцом «Логин ОО» — это не выгрузка "
                       "регионального мониторинга");
  }

  static void data_row(const opora::TableRow& row, const Columns& c, int year,
                       opora::ImportSink& sink) {
    auto cell = [&](int i) -> std::string_view {
      return i >= 0 && i < int(row.cells.size()) ? pu::trim(row.cells[i]) : std::string_view{};
    };
    auto bad = [&](int col, const std::string& what) {
      sink.error(row.line, col + 1, what + ", в ячейке «" + std::string(cell(col)) + "»");
    };
    auto login = cell(c.login);
    if (login.empty()) return;  // totals of the municipality or the region
    opora::ResultRecord rec;
    rec.login = std::string(login);
    rec.procedure = procedure;
    rec.year = year;
    if (c.year >= 0) {
      auto y = pu::parse_count(cell(c.year));
      if (!y || *y < 2000 || *y > 2100) return bad(c.year, "«Год»: ожидался год, например 2023");
      rec.year = *y;
    }
    auto grade = pu::parse_count(cell(c.grade));
    if (!grade || *grade < 1 || *grade > 11)
      return bad(c.grade, "«Класс»: ожидалось число от 1 до 11");
    rec.grade = *grade;
    rec.subject = std::string(cell(c.subject));
    if (rec.subject.empty()) return bad(c.subject, "«Предмет»: не указан предмет");
    auto participants = pu::parse_count(cell(c.participants));
    if (!participants)
      return bad(c.participants, "«Кол-во участников»: ожидалось целое неотрицательное число");
    rec.participants = *participants;
    int sum = 0;
    for (int k = 0; k < 4; ++k) {
      auto n = pu::parse_count(cell(c.levels[k]));
      if (!n)
        return bad(c.levels[k], std::string("«") + level_names[k] +
                                    "»: ожидалось целое неотрицательное число");
      rec.marks[k] = *n;
      sum += *n;
    }
    if (sum != rec.participants) {
      sink.error(row.line, c.participants + 1,
                 "сумма по уровням (" + std::to_string(sum) + ") не равна числу участников (" +
                     std::to_string(rec.participants) + ")");
      return;
    }
    sink.result(rec, row.line);
  }
};

}  // namespace

std::unique_ptr<opora::Importer> make_monitoring_importer() {
  return std::make_unique<MonitoringImporter>();
}

}  // namespace nso
