#include "util/vocabulary.hpp"

#include <stdexcept>

#include "util/text.hpp"

namespace opora::host {

namespace {

struct Entry {
  const char* name;
  std::vector<std::string> aliases;
};

// Federal assessment procedures. Regional ones (КДР, РМКП, ...) are declared by their packages.
const std::vector<Entry>& standard_procedures() {
  static const std::vector<Entry> list = {
      {"ВПР", {"VPR", "всероссийская проверочная работа", "всероссийские проверочные работы"}},
      {"ОГЭ", {"OGE", "основной государственный экзамен"}},
      {"ЕГЭ", {"EGE", "USE", "единый государственный экзамен"}},
      {"ГВЭ", {"GVE", "государственный выпускной экзамен"}},
      {"НИКО", {"NIKO", "национальные исследования качества образования"}},
  };
  return list;
}

// Subjects as ФИС ОКО and the ГИА exports name them, with the short and English forms that
// department templates use.
const std::vector<Entry>& standard_subjects() {
  static const std::vector<Entry> list = {
      {"Русский язык", {"ru", "rus", "russian", "русский", "рус. яз.", "рус.яз.", "рус яз"}},
      {"Математика", {"math", "maths", "mathematics", "матем."}},
      {"Математика (профильная)",
       {"math_profile", "профильная математика", "математика профильная",
        "математика (профильный уровень)", "математика профильного уровня",
        "математика (профиль)"}},
      {"Математика (базовая)",
       {"math_base", "базовая математика", "математика базовая",
        "математика (базовый уровень)", "математика базового уровня"}},
      {"Окружающий мир", {"world", "окр. мир", "окружающий"}},
      {"Литературное чтение", {"reading", "лит. чтение"}},
      {"История", {"history"}},
      {"Обществознание", {"social", "social_studies", "social studies"}},
      {"Биология", {"biology", "bio"}},
      {"География", {"geography", "geo"}},
      {"Физика", {"physics"}},
      {"Химия", {"chemistry"}},
      {"Информатика", {"informatics", "computer science", "информатика и икт", "икт"}},
      {"Литература", {"literature", "lit"}},
      {"Английский язык", {"english", "en", "eng", "английский"}},
      {"Немецкий язык", {"german", "de", "немецкий"}},
      {"Французский язык", {"french", "fr", "французский"}},
      {"Испанский язык", {"spanish", "es", "испанский"}},
      {"Китайский язык", {"chinese", "zh", "китайский"}},
      {"Иностранный язык", {"foreign", "иностранный", "ин. яз."}},
  };
  return list;
}

// Lower-case Latin letters with a Cyrillic look-alike in either case (a/а, B/В, e/е, K/к, M/м,
// H/н, o/о, p/р, c/с, T/т, x/х, y/у) → that Cyrillic letter. Applied after lower-casing, so
// "MATH" and "math" fold alike.
const char* cyrillic_twin(char c) {
  switch (c) {
    case 'a': return "а";
    case 'b': return "в";
    case 'c': return "с";
    case 'e': return "е";
    case 'h': return "н";
    case 'k': return "к";
    case 'm': return "м";
    case 'o': return "о";
    case 'p': return "р";
    case 't': return "т";
    case 'x': return "х";
    case 'y': return "у";
    default: return nullptr;
  }
}

}  // namespace

std::string term_key(std::string_view name) {
  std::string key = header_key(name);
  std::string out;
  out.reserve(key.size() * 2);
  for (char c : key) {
    if (const char* twin = cyrillic_twin(c)) out += twin;
    else out += c;
  }
  return out;
}

std::string Vocabulary::Terms::add(std::string_view name, const std::vector<std::string>& aliases,
                                   std::string_view what) {
  std::string key = term_key(name);
  if (key.empty()) return std::string(what) + ": пустое название";
  std::size_t index;
  if (auto it = by_key.find(key); it != by_key.end()) {
    index = it->second;  // already known (perhaps under another spelling): only add aliases
  } else {
    index = names.size();
    names.emplace_back(trim(name));
    by_key.emplace(key, index);
  }
  for (const auto& alias : aliases) {
    std::string k = term_key(alias);
    if (k.empty()) continue;
    auto [it, fresh] = by_key.emplace(k, index);
    if (!fresh && it->second != index)
      return std::string(what) + " «" + std::string(trim(name)) + "»: название «" + alias +
             "» уже означает «" + names[it->second] + "»";
  }
  return {};
}

std::optional<std::string_view> Vocabulary::Terms::find(std::string_view text) const {
  auto it = by_key.find(term_key(text));
  if (it == by_key.end()) return std::nullopt;
  return std::string_view(names[it->second]);
}

std::string Vocabulary::Terms::list() const {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

Vocabulary Vocabulary::standard() {
  Vocabulary v;
  for (const auto& e : standard_procedures())
    if (auto p = v.add_procedure(e.name, e.aliases); !p.empty()) throw std::logic_error(p);
  for (const auto& e : standard_subjects())
    if (auto p = v.add_subject(e.name, e.aliases); !p.empty()) throw std::logic_error(p);
  return v;
}

std::string Vocabulary::add_procedure(std::string_view name,
                                      const std::vector<std::string>& aliases) {
  return procedures_.add(name, aliases, "процедура");
}

std::string Vocabulary::add_subject(std::string_view name, const std::vector<std::string>& aliases) {
  return subjects_.add(name, aliases, "предмет");
}

std::optional<std::string_view> Vocabulary::procedure(std::string_view text) const {
  return procedures_.find(text);
}

std::optional<std::string_view> Vocabulary::subject(std::string_view text) const {
  return subjects_.find(text);
}

std::string Vocabulary::procedure_list() const { return procedures_.list(); }
std::string Vocabulary::subject_list() const { return subjects_.list(); }

const Vocabulary& standard_vocabulary() {
  static const Vocabulary v = Vocabulary::standard();
  return v;
}

}  // namespace opora::host
