#include "lua/messages.hpp"

#include <algorithm>

namespace opora::host {

namespace {

struct Phrase {
  std::string_view english;  // how Lua's message starts (or, for syntax errors, a part of it)
  std::string_view russian;
};

// The runtime messages of the Lua 5.4 VM and standard library users meet most, by prefix.
constexpr Phrase kPrefixes[] = {
    {"attempt to index a nil value", "обращение к полю несуществующего значения (nil)"},
    {"attempt to index a ", "обращение к полю значения, у которого нет полей"},
    {"attempt to call a nil value", "вызов несуществующей функции (nil)"},
    {"attempt to call a ", "вызов значения, которое не является функцией"},
    {"attempt to perform arithmetic on a nil value",
     "арифметическое действие с несуществующим значением (nil)"},
    {"attempt to perform arithmetic on ", "арифметическое действие с нечисловым значением"},
    {"attempt to perform 'n//0'", "целочисленное деление на ноль"},
    {"attempt to perform 'n%0'", "остаток от деления на ноль"},
    {"attempt to perform bitwise operation", "битовая операция с неподходящим значением"},
    {"attempt to concatenate ", "склейка строк (..) со значением, которое не строка и не число"},
    {"attempt to compare ", "сравнение несравнимых значений"},
    {"attempt to get length of ", "длина (#) значения, у которого её нет"},
    {"attempt to yield ", "недопустимый coroutine.yield"},
    {"attempt to ", "недопустимое действие"},
    {"bad argument #", "неверный аргумент функции"},
    {"number has no integer representation", "число нельзя представить целым"},
    {"table index is nil", "ключ таблицы равен nil"},
    {"table index is NaN", "ключ таблицы — NaN"},
    {"'for' initial value must be a number", "начало цикла for должно быть числом"},
    {"'for' limit must be a number", "граница цикла for должна быть числом"},
    {"'for' step must be a number", "шаг цикла for должен быть числом"},
    {"'for' step is zero", "шаг цикла for равен нулю"},
    {"stack overflow", "переполнение стека (слишком глубокая рекурсия)"},
    {"C stack overflow", "переполнение стека (слишком глубокая вложенность вызовов)"},
    {"error in error handling", "ошибка в обработчике ошибок"},
    {"not enough memory", "недостаточно памяти"},
    {"string length overflow", "слишком длинная строка"},
    {"invalid value (at index ", "неверное значение в table.concat"},
    {"wrong number of arguments to 'insert'", "неверное число аргументов table.insert"},
    {"invalid order function for sorting", "неверная функция сравнения в table.sort"},
    {"variable '", "переменная с <close> или <const> использована неверно"},
};

// Parser messages: "'end' expected (to close 'if' at line 3) near <eof>", "unexpected symbol
// near 'x'", "unfinished string near ...", "malformed number near ...".
constexpr std::string_view kSyntaxMarks[] = {" near ", "expected", "unfinished ", "malformed ",
                                             "unexpected symbol"};

bool ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::string russian_lead_in(std::string_view message) {
  for (const auto& p : kPrefixes)
    if (message.starts_with(p.english))
      return "ошибка Lua — " + std::string(p.russian) + ": " + std::string(message);
  // What Lua's parser says is always English; a Russian text is the host's or the script's.
  bool english = ascii(message);
  if (!english || message.empty()) return std::string(message);
  for (auto mark : kSyntaxMarks)
    if (message.find(mark) != std::string_view::npos)
      return "синтаксическая ошибка Lua: " + std::string(message);
  return "ошибка Lua: " + std::string(message);
}

}  // namespace opora::host
