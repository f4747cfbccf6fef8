#include "marks_importer.hpp"

#include <cctype>
#include <cmath>
#include <cstring>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "cells.hpp"
#include "format.hpp"

namespace fioko {
namespace {

namespace pu = opora::plugin_util;

struct Title {
  std::string procedure, subject;
  int year = 0, grade = 0;
};

// "ВПР 2022. Математика. 5 класс" (also "5 кл.", trailing text after the grade is ignored).
std::optional<Title> parse_title(const opora::TableRow& row) {
  std::string text;
  for (const auto& c : row.cells) {
    if (pu::trim(c).empty()) continue;
    if (!text.empty()) return std::nullopt;  // a title is a single cell
    text = std::string(pu::trim(c));
  }
  static const std::regex re(R"(^(\S+)\s+(\d{4})\s*\.\s*(.+?)\s*\.\s*(\d{1,2})\s*(класс|кл\.?).*$)");
  std::smatch m;
  if (!std::regex_match(text, m, re)) return std::nullopt;
  return Title{m[1], m[3], std::stoi(m[2]), std::stoi(m[4])};
}

// «2», "отметка 2", "2" → 2; anything else → 0.
int mark_of_header(const std::string& cell) {
  std::string f = pu::fold(cell);
  for (const char* junk : {"«", "»", "\"", "отметка"}) {
    for (auto p = f.find(junk); p != std::string::npos; p = f.find(junk)) f.erase(p, std::strlen(junk));
  }
  f = std::string(pu::trim(f));
  return f.size() == 1 && f[0] >= '2' && f[0] <= '5' ? f[0] - '0' : 0;
}

struct Columns {
  int login = -1, participants = -1;
  int marks[4] = {-1, -1, -1, -1};
  bool marks_below = false;  // a two-line header: mark names on the line under «Логин ОО»
};

bool is_login(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
  if (i == 0 || i == s.size()) return false;
  for (; i < s.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

const char* const mark_names[4] = {"«2»", "«3»", "«4»", "«5»"};

class MarksImporter final : public opora::Importer {
 public:
  std::string id() const override { return "fioko_marks"; }
  std::string title() const override {
    return "ФИС ОКО: «Статистика по отметкам» (CSV, проценты отметок по школам)";
  }

  void read(opora::TableReader& table, opora::ImportSink& sink) const override {
    // A header may have its mark names on the next row: the (small) table is read whole first.
    std::vector<opora::TableRow> rows;
    for (opora::TableRow row; table.next(row);) rows.push_back(row);
    try {
      read_rows(rows, sink);
    } catch (const std::exception& e) {  // a bug of ours, reported as the file's error
      sink.error(0, 0, std::string("внутренняя ошибка импорта: ") + e.what());
    }
  }

 private:
  void read_rows(const std::vector<opora::TableRow>& rows, opora::ImportSink& sink) const {
    std::optional<Title> title;
    std::optional<Columns> cols;  // set once a header under a title has been read
    int tables = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const auto& row = rows[r];
      if (auto t = parse_title(row)) {
        title = t;
        cols.reset();
        continue;
      }
      if (auto h = header(row, r + 1 < rows.size() ? &rows[r + 1] : nullptr, sink)) {
        ++tables;
        if (!title) {
          sink.error(row.line, 1,
                     "над таблицей нет строки заголовка вида «ВПР 2022. Математика. 5 класс»: "
                     "неизвестны процедура, год, предмет и класс");
          cols.reset();
        } else {
          cols = h;
        }
        if (h->marks_below) ++r;
        continue;
      }
      if (cols) data_row(row, *title, *cols, sink);
    }
    if (tables == 0)
      sink.error(0, 0, "в файле нет таблицы со столбцом «Логин ОО» — это не выгрузка "
                       "«Статистика по отметкам» ФИС ОКО");
  }

  // Recognizes the header line (it has «Логин ОО»); mark columns may be on the line below,
  // under a merged «Распределение групп баллов в %». Reports a header that lacks a column.
  static std::optional<Columns> header(const opora::TableRow& row, const opora::TableRow* next,
                                       opora::ImportSink& sink) {
    Columns c;
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      auto f = pu::fold(row.cells[i]);
      if (f == "логин оо") c.login = int(i);
      else if (f.rfind("кол-во участников", 0) == 0 || f.rfind("количество участников", 0) == 0)
        c.participants = int(i);
      else if (int m = mark_of_header(row.cells[i])) c.marks[m - 2] = int(i);
    }
    if (c.login < 0) return std::nullopt;
    // The line of mark names has nothing in the login column (it is not a school's row).
    bool names_below = next && (c.login >= int(next->cells.size()) ||
                                pu::trim(next->cells[c.login]).empty());
    if (c.marks[0] < 0 && names_below) {
      for (std::size_t i = 0; i < next->cells.size(); ++i)
        if (int m = mark_of_header(next->cells[i])) c.marks[m - 2] = int(i);
      c.marks_below = c.marks[0] >= 0;
    }
    if (c.participants < 0) {
      sink.error(row.line, 0, "в заголовке таблицы нет столбца «Кол-во участников»");
      return Columns{};  // a table, but unusable: its rows are skipped
    }
    for (int k = 0; k < 4; ++k)
      if (c.marks[k] < 0) {
        sink.error(row.line, 0, std::string("в заголовке таблицы нет столбца отметки ") +
                                    mark_names[k]);
        return Columns{};
      }
    return c;
  }

  static void data_row(const opora::TableRow& row, const Title& t, const Columns& c,
                       opora::ImportSink& sink) {
    if (c.login < 0) return;  // the header was refused
    auto cell = [&](int i) -> std::string_view {
      return i < int(row.cells.size()) ? pu::trim(row.cells[i]) : std::string_view{};
    };
    auto login = cell(c.login);
    if (login.empty()) return;  // «Вся выборка», region and municipality rows: not a school
    if (!is_login(login)) {
      sink.error(row.line, c.login + 1,
                 "«" + std::string(login) + "» не похоже на логин ОО ФИС ОКО (например, sch220150)");
      return;
    }
    auto participants = pu::parse_count(cell(c.participants));
    if (!participants) {
      sink.error(row.line, c.participants + 1,
                 "«Кол-во участников»: ожидалось целое число, в ячейке «" +
                     std::string(cell(c.participants)) + "»");
      return;
    }
    double percents[4];
    double sum = 0;
    for (int k = 0; k < 4; ++k) {
      auto v = pu::parse_decimal(cell(c.marks[k]));
      if (!v || *v < 0 || *v > 100) {
        sink.error(row.line, c.marks[k] + 1,
                   std::string("процент отметки ") + mark_names[k] +
                       ": ожидалось число от 0 до 100 (например, 37,5), в ячейке «" +
                       std::string(cell(c.marks[k])) + "»");
        return;
      }
      percents[k] = *v;
      sum += *v;
    }
    // Exports round each percent to two decimals; more than a point off means a broken row.
    if (*participants > 0 && std::fabs(sum - 100.0) > 1.0) {
      sink.error(row.line, c.marks[0] + 1,
                 "сумма процентов отметок «2»–«5» равна " + pu::decimal(sum, 2) +
                     ", а должна быть 100");
      return;
    }
    opora::ResultRecord rec;
    rec.login = std::string(login);
    rec.procedure = t.procedure;
    rec.year = t.year;
    rec.grade = t.grade;
    rec.subject = t.subject;
    rec.participants = *participants;
    pu::percents_to_counts(percents, *participants, rec.marks);
    sink.result(rec, row.line);
  }
};

}  // namespace

std::unique_ptr<opora::Importer> make_marks_importer() { return std::make_unique<MarksImporter>(); }

}  // namespace fioko
