#include "import/fields.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace opora::host {

namespace {

struct FieldInfo {
  F field;
  std::string_view title;  // as ФИС ОКО or a department's template names the column
  std::vector<std::string_view> aliases;  // header_key() forms
};

const std::vector<FieldInfo>& infos() {
  static const std::vector<FieldInfo> list = {
      {F::id, "Код территории", {"id", "код", "идентификатор", "код территории"}},
      {F::name, "Наименование",
       {"name", "наименование", "наименование оо", "название", "название оо",
        "наименование образовательной организации", "краткое наименование оо",
        "наименование территории"}},
      {F::parent, "Вышестоящая территория",
       {"parent", "родитель", "вышестоящая территория", "код родителя"}},
      {F::level, "Уровень", {"level", "уровень", "уровень риска", "уровень территории"}},
      {F::login, "Логин ОО",
       {"login", "логин", "логин оо", "логин школы", "логин образовательной организации"}},
      {F::territory, "Муниципалитет",
       {"territory", "муниципалитет", "территория", "муниципальное образование", "мо", "район",
        "код муниципалитета"}},
      {F::kind, "Тип ОО", {"kind", "тип оо", "вид оо", "тип", "вид"}},
      {F::locality, "Тип местности",
       {"locality", "местность", "тип местности", "тип населенного пункта"}},
      {F::students, "Количество обучающихся",
       {"students", "количество обучающихся", "кол-во обучающихся", "число обучающихся",
        "численность обучающихся", "контингент"}},
      {F::procedure, "Процедура", {"procedure", "процедура", "оценочная процедура"}},
      {F::year, "Год", {"year", "год", "год проведения"}},
      {F::grade, "Класс", {"grade", "класс", "параллель"}},
      {F::subject, "Предмет", {"subject", "предмет", "учебный предмет"}},
      {F::participants, "Количество участников",
       {"participants", "количество участников", "кол-во участников", "число участников",
        "участников", "участники"}},
      {F::m2, "2", {"m2", "2", "отметка 2", "кол-во 2", "количество 2"}},
      {F::m3, "3", {"m3", "3", "отметка 3", "кол-во 3", "количество 3"}},
      {F::m4, "4", {"m4", "4", "отметка 4", "кол-во 4", "количество 4"}},
      {F::m5, "5", {"m5", "5", "отметка 5", "кол-во 5", "количество 5"}},
      {F::mean_score, "Средний балл",
       {"mean_score", "средний балл", "средний первичный балл", "средний тестовый балл"}},
      {F::indicator, "Показатель", {"indicator", "показатель", "код показателя"}},
      {F::value, "Значение", {"value", "значение", "значение показателя"}},
      {F::student, "Код участника",
       {"student", "код участника", "код обучающегося", "участник", "ученик"}},
      {F::primary_score, "Первичный балл", {"primary_score", "первичный балл", "балл"}},
      {F::mark, "Отметка", {"mark", "отметка", "оценка"}},
      {F::factor, "Фактор риска",
       {"factor", "фактор", "фактор риска", "рисковый фактор", "код фактора"}},
  };
  return list;
}

const FieldInfo& info(F f) { return infos()[static_cast<std::size_t>(f)]; }

}  // namespace

std::string_view field_title(F f) { return info(f).title; }

std::vector<FieldUse> fields_of(std::string_view file_kind) {
  using enum F;
  if (file_kind == "territories")
    return {{id, true}, {name, true}, {parent, false}, {level, true}};
  if (file_kind == "schools")
    return {{login, true}, {name, true},      {territory, true},
            {kind, false}, {locality, false}, {students, false}};
  if (file_kind == "results")
    return {{login, true},        {procedure, true}, {year, true}, {grade, true},
            {subject, true},      {participants, true}, {m2, true}, {m3, true},
            {m4, true},           {m5, true},        {mean_score, false}};
  if (file_kind == "context")
    return {{login, true}, {year, true}, {indicator, true}, {value, true}};
  if (file_kind == "students")
    return {{login, true},   {procedure, true}, {year, true},          {grade, true},
            {subject, true}, {student, true},   {primary_score, true}, {mark, false}};
  if (file_kind == "risk") return {{login, true}, {year, true}, {factor, true}, {level, true}};
  if (file_kind == "territory_context")
    return {{territory, true}, {year, true}, {indicator, true}, {value, true}};
  return {};
}

Columns match_header(const CsvRow& header, const std::vector<FieldUse>& fields,
                     ErrorList& errors) {
  HeaderMatch m = match_fields(header, fields);
  for (const auto& [column, message] : m.problems) errors.add(header.line, column, message);
  return m.cols;
}

HeaderMatch match_fields(const CsvRow& header, const std::vector<FieldUse>& fields) {
  HeaderMatch m;
  Columns& cols = m.cols;
  for (std::size_t c = 0; c < header.fields.size(); ++c) {
    std::string key = header_key(header.fields[c]);
    if (key.empty()) continue;
    for (const auto& use : fields) {
      const auto& aliases = info(use.field).aliases;
      if (std::find(aliases.begin(), aliases.end(), key) == aliases.end()) continue;
      int column = static_cast<int>(c) + 1;
      if (cols[use.field])
        m.problems.emplace_back(column,
                   "столбец «" + std::string(trim(header.fields[c])) + "» повторяет столбец " +
                       std::to_string(cols[use.field]) + " («" +
                       std::string(field_title(use.field)) + "»)");
      else
        cols[use.field] = column, ++m.matched;
      break;
    }
  }
  for (const auto& use : fields) {
    if (!use.required || cols[use.field]) continue;
    m.problems.emplace_back(1,
               "нет обязательного столбца «" + std::string(field_title(use.field)) +
                   "» (можно назвать и «" + std::string(info(use.field).aliases[0]) + "»)");
  }
  m.complete = std::none_of(fields.begin(), fields.end(),
                            [&](const FieldUse& u) { return u.required && !cols[u.field]; });
  return m;
}

}  // namespace opora::host
