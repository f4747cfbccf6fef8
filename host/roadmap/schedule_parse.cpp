// parse_deadline: the phrase is cut into tokens (words, numbers with dots, dashes, commas;
// "г.", "1-й" and abbreviations normalised), the tokens are joined into a canonical lower-case
// string for the fixed phrases (schedule_phrases.cpp), and the structured forms (dates, terms,
// month lists, counts, ...) are rules over the tokens, tried in the order of Parser::kRules
// with their word tables below. A rule must use every token; anything left over makes the
// phrase unparsed rather than half-understood. Phrases and results: docs/deadlines.md.
#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <span>
#include <utility>

#include "roadmap/schedule.hpp"
#include "roadmap/schedule_phrases.hpp"
#include "util/text.hpp"

namespace opora::host {

namespace {

using Kind = Schedule::Kind;
using namespace deadline_phrases;

struct Token {
  enum class Type { word, num, dash, comma } type;
  std::string text;             // lower case, ё → е
  std::size_t begin = 0, end = 0;  // bytes in the original phrase
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_cyrillic_lead(char c) { return c == '\xD0' || c == '\xD1'; }

// Bytes of the UTF-8 character starting with `c`.
std::size_t utf8_len(unsigned char c) {
  if (c < 0x80) return 1;
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

// Hyphen, non-breaking hyphen, figure dash, en dash, em dash (E2 80 90–95) and minus (E2 88 92).
std::size_t dash_at(std::string_view s, std::size_t i) {
  if (s[i] == '-') return 1;
  if (i + 2 < s.size() && s[i] == '\xE2') {
    auto b = static_cast<unsigned char>(s[i + 1]), c = static_cast<unsigned char>(s[i + 2]);
    if ((b == 0x80 && c >= 0x90 && c <= 0x95) || (b == 0x88 && c == 0x92)) return 3;
  }
  return 0;
}

std::vector<Token> tokenize(std::string_view text) {
  const std::string lower = to_lower(text);  // keeps byte offsets: case pairs have equal length
  const std::string_view s(lower);
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    if (is_digit(s[i])) {
      while (i < s.size() && (is_digit(s[i]) || (s[i] == '.' && i + 1 < s.size() &&
                                                 is_digit(s[i + 1]) && is_digit(s[i - 1]))))
        ++i;
      out.push_back({Token::Type::num, std::string(s.substr(start, i - start)), start, i});
    } else if (is_ascii_alpha(s[i]) || (is_cyrillic_lead(s[i]) && i + 1 < s.size())) {
      std::string word;
      while (i < s.size()) {
        if (is_ascii_alpha(s[i])) {
          word += s[i++];
        } else if (is_cyrillic_lead(s[i]) && i + 1 < s.size()) {
          if (s[i] == '\xD1' && s[i + 1] == '\x91') word += "\xD0\xB5";  // ё → е
          else word += s.substr(i, 2);
          i += 2;
        } else {
          break;
        }
      }
      out.push_back({Token::Type::word, std::move(word), start, i});
    } else if (std::size_t n = dash_at(s, i)) {
      i += n;
      out.push_back({Token::Type::dash, "-", start, i});
    } else if (s[i] == ',' || s[i] == ';') {
      ++i;
      out.push_back({Token::Type::comma, ",", start, i});
    } else {
      i += utf8_len(static_cast<unsigned char>(s[i]));  // spaces, dots, quotes, brackets
    }
  }
  // "г.", "гг." and "года" after a year say nothing more than the number; "1-й", "25-го" are
  // the number; a few abbreviations and misspellings are the word they stand for.
  static const std::pair<std::string_view, std::string_view> kAliases[] = {
      {"течении", "течение"}, {"теч", "течение"}, {"уч", "учебного"}, {"учебный", "учебного"},
      {"кв", "квартал"},      {"ежемес", "ежемесячно"}, {"мес", "месяц"},
  };
  static const std::string_view kOrdinalEndings[] = {"й", "я", "е", "го", "ое", "ый", "ая", "ого",
                                                     "м",  "ом", "ой", "ю", "ий", "ую", "ым"};
  std::vector<Token> kept;
  for (std::size_t k = 0; k < out.size(); ++k) {
    Token& t = out[k];
    bool after_year = !kept.empty() && kept.back().type == Token::Type::num &&
                      kept.back().text.size() == 4;
    if (t.type == Token::Type::word &&
        (t.text == "г" || t.text == "гг" ||
         (after_year && (t.text == "год" || t.text == "года" || t.text == "году" ||
                         t.text == "годы" || t.text == "годов" || t.text == "годах"))))
      continue;
    if (t.type == Token::Type::dash && !kept.empty() && kept.back().type == Token::Type::num &&
        kept.back().end == t.begin && k + 1 < out.size() && out[k + 1].type == Token::Type::word &&
        out[k + 1].begin == t.end &&
        std::find(std::begin(kOrdinalEndings), std::end(kOrdinalEndings), out[k + 1].text) !=
            std::end(kOrdinalEndings)) {
      kept.back().end = out[k + 1].end;
      ++k;
      continue;
    }
    if (t.type == Token::Type::word)
      for (auto [from, to] : kAliases)
        if (t.text == from) t.text = to;
    kept.push_back(std::move(t));
  }
  return kept;
}

std::string canonical(const std::vector<Token>& tokens, std::size_t from = 0) {
  std::string out;
  for (std::size_t i = from; i < tokens.size(); ++i) {
    if (tokens[i].type == Token::Type::comma) continue;  // "ежемесячно, в течение года"
    if (!out.empty()) out += ' ';
    out += tokens[i].text;
  }
  return out;
}

// The original text from token `from` to the end, inner whitespace collapsed, trailing dots cut.
std::string original_tail(std::string_view text, const std::vector<Token>& tokens,
                          std::size_t from) {
  if (from >= tokens.size()) return {};
  std::string_view part = text.substr(tokens[from].begin, tokens.back().end - tokens[from].begin);
  std::string out;
  bool space = false;
  for (char c : part) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Word tables of the structured rules.

// Ordinals of terms: "I", "1", "первый" / "первая" / "первого" ... (the ending is checked).
const std::pair<std::string_view, int> kRomans[] = {
    {"i", 1}, {"ii", 2}, {"iii", 3}, {"iv", 4}, {"1", 1}, {"2", 2}, {"3", 3}, {"4", 4},
};
const std::pair<std::string_view, int> kOrdinalStems[] = {
    {"перв", 1}, {"втор", 2}, {"трет", 3}, {"четверт", 4},
};
const std::string_view kAdjectiveEndings[] = {
    "ый", "ая", "ое", "ого", "ом", "ой", "ому", "ую", "ые", "ых", "ий",
    "ья", "ье", "ьего", "ьем", "ьей", "ьему", "ью", "ьи", "ьих",
};

// What a numbered term is: "квартал", "полугодие", "четверть", "триместр" in any case.
enum class UnitWord { quarter, half, school_quarter, trimester };
const std::pair<std::string_view, UnitWord> kUnitWords[] = {
    {"квартал", UnitWord::quarter},      {"квартала", UnitWord::quarter},
    {"квартале", UnitWord::quarter},     {"кварталы", UnitWord::quarter},
    {"кварталов", UnitWord::quarter},    {"кварталах", UnitWord::quarter},
    {"полугодие", UnitWord::half},       {"полугодия", UnitWord::half},
    {"полугодии", UnitWord::half},       {"полугодий", UnitWord::half},
    {"полугодиях", UnitWord::half},      {"четверть", UnitWord::school_quarter},
    {"четверти", UnitWord::school_quarter}, {"четвертей", UnitWord::school_quarter},
    {"четвертях", UnitWord::school_quarter}, {"триместр", UnitWord::trimester},
    {"триместра", UnitWord::trimester},  {"триместре", UnitWord::trimester},
    {"триместры", UnitWord::trimester},  {"триместров", UnitWord::trimester},
};

// How a term phrase begins: a window (the default), "at its end", or "by its end".
enum class Lead { window, at_end, by_end };
const std::pair<std::string_view, Lead> kTermLeads[] = {
    {"в течение", Lead::window},      {"на протяжении", Lead::window},
    {"в", Lead::window},              {"во", Lead::window},
    {"за", Lead::window},             {"на", Lead::window},
    {"в конце", Lead::at_end},        {"по итогам", Lead::at_end},
    {"по окончании", Lead::at_end},   {"по завершении", Lead::at_end},
    {"на конец", Lead::at_end},       {"в конце каждого", Lead::at_end},
    {"до конца", Lead::by_end},       {"к концу", Lead::by_end},
    {"не позднее конца", Lead::by_end}, {"до окончания", Lead::by_end},
    {"к окончанию", Lead::by_end},    {"до завершения", Lead::by_end},
    {"не позднее окончания", Lead::by_end},
};

// "не реже одного раза в четверть", "2 раза в год", "раз в неделю": a count, then the period.
const std::string_view kCountLeads[] = {
    "не реже чем", "не реже", "не менее чем", "не менее", "не чаще чем", "не чаще",
    "не более",    "как минимум", "минимум", "до",
};
const std::pair<std::string_view, int> kCountWords[] = {
    {"один", 1},  {"одного", 1}, {"одна", 1},   {"одной", 1}, {"одну", 1},   {"два", 2},
    {"две", 2},   {"двух", 2},   {"три", 3},    {"трех", 3},  {"четыре", 4}, {"четырех", 4},
    {"шесть", 6}, {"шести", 6},  {"двенадцать", 12},
};
enum class Per { week, day, month, quarter, school_quarter, half, year, trimester };
const std::pair<std::string_view, Per> kPeriodWords[] = {
    {"неделю", Per::week},   {"недели", Per::week},     {"день", Per::day},
    {"месяц", Per::month},   {"месяца", Per::month},    {"месяцев", Per::month},
    {"квартал", Per::quarter}, {"четверть", Per::school_quarter},
    {"полугодие", Per::half}, {"полгода", Per::half},   {"год", Per::year},
    {"года", Per::year},
    {"триместр", Per::trimester},
};

// Days of the week in the forms "по понедельникам", "каждый понедельник", "каждую среду".
const std::string_view kWeekdayStems[] = {"понедельник", "вторник", "сред", "четверг",
                                          "пятниц",      "суббот",  "воскресень"};
const std::string_view kWeekdayEndings[] = {"", "ам", "а", "у", "е", "и", "ям", "ю"};

// Holidays: "осенние каникулы", "в период зимних каникул".
const std::pair<std::string_view, int> kHolidayStems[] = {
    {"осенн", 1}, {"зимн", 2}, {"весенн", 3}, {"летн", 4},
};
const std::string_view kHolidayLeads[] = {"в период", "во время", "период", "в", "на", "с"};

// Who keeps the schedule follows these words: "по графику ВГАПО", "по плану работы МНЦ".
// Longer markers first: the first match wins.
const std::string_view kExternalMarkers[] = {
    "в соответствии с утвержденным графиком", "в соответствии с графиком проведения",
    "в соответствии с графиком", "в соответствии с планом - графиком",
    "в соответствии с планом работы", "в соответствии с планом", "в соответствии с расписанием",
    "в соответствии с календарем", "в соответствии с приказом", "в соответствии со сроками",
    "в соответствии с сроками", "в сроки установленные", "в сроки определенные",
    "в сроки проведения", "в установленные сроки", "в сроки",
    "согласно утвержденному графику", "согласно графику", "согласно плану - графику",
    "согласно плану работы", "согласно плану", "согласно расписанию", "согласно календарю",
    "согласно приказу", "согласно срокам",
    "по отдельному графику", "по отдельному плану", "по утвержденному графику",
    "по графику проведения", "по графику", "по плану - графику", "по плану работы", "по плану",
    "по расписанию", "по календарю", "по приказу", "по срокам", "по согласованию",
};

// An event: the activity is due when something happens. `bare`: the marker alone is enough
// ("по запросу"); otherwise it needs the condition after it ("после ...").
struct EventMarker {
  std::string_view words;
  bool bare;
};
const EventMarker kEventMarkers[] = {
    {"по мере необходимости", true}, {"по мере поступления", true}, {"по мере", false},
    {"по запросу", true},            {"по запросам", true},         {"по требованию", true},
    {"по заявке", true},             {"по заявкам", true},          {"по необходимости", true},
    {"при необходимости", true},     {"в случае необходимости", true}, {"по факту", true},
    {"по ситуации", true},           {"по итогам", false},          {"по результатам", false},
    {"по окончании", false},         {"по завершении", false},      {"по поступлении", false},
    {"при поступлении", false},      {"при наличии", false},        {"в случае", false},
    {"после", false},                {"в ходе", false},             {"в день", false},
    {"в дни", false},                {"в период проведения", false}, {"накануне", false},
    {"перед", false},                {"к началу", false},           {"ко дню", false},
    {"к дню", false},                {"в рамках", false},
};

bool starts_with_words(const std::string& canon, std::string_view marker) {
  return canon == marker || canon.starts_with(std::string(marker) + ' ');
}

int to_int(std::string_view s) {
  int v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size() ? v : -1;
}

int full_year(int y, std::size_t digits) { return digits == 2 ? 2000 + y : y; }

bool ends_in(std::string_view word, std::string_view stem,
             std::span<const std::string_view> endings) {
  if (!word.starts_with(stem)) return false;
  std::string_view rest = word.substr(stem.size());
  return std::find(endings.begin(), endings.end(), rest) != endings.end();
}

// A date as written, possibly partial: "13", "13.02", "13.02.2023", "13.02.23".
struct PartDate {
  int d = 0, m = 0, y = 0;
};

std::optional<PartDate> part_date(std::string_view s) {
  PartDate p;
  int* fields[] = {&p.d, &p.m, &p.y};
  std::size_t n = 0;
  while (true) {
    std::size_t dot = s.find('.');
    std::string_view piece = s.substr(0, dot);
    if (n == 3 || piece.empty()) return std::nullopt;
    std::size_t max_len = n == 2 ? 4 : 2;
    if (piece.size() > max_len || (n == 2 && piece.size() == 3)) return std::nullopt;
    *fields[n] = to_int(piece);
    if (n == 2) p.y = full_year(p.y, piece.size());
    ++n;
    if (dot == std::string_view::npos) break;
    s.remove_prefix(dot + 1);
  }
  return p;
}

// A year as written after a term or alone: "2024", "2022/2023 учебного года", "учебного года".
struct YearSpec {
  int year = 0;       // calendar year, or the school year's start when `school`
  int year_to = 0;    // "2023-2024": the last calendar year of a run
  bool school = false;
  bool school_word = false;    // "учебного" written
  bool calendar_word = false;  // "календарного" written
};

class Parser {
 public:
  // `split`: whether the phrase may be read as two phrases (not inside such a part).
  Parser(std::string_view text, const PlanYear& plan, std::vector<Token> tokens,
         bool split = true)
      : text_(text), plan_(plan), tokens_(std::move(tokens)), canon_(canonical(tokens_)),
        split_(split) {}

  // The rules, tried in order; the first that reads every token wins.
  bool parse(Schedule& s) {
    using Rule = bool (Parser::*)(Schedule&);
    static constexpr Rule kRules[] = {
        &Parser::fixed,         &Parser::whole_period, &Parser::counted,
        &Parser::monthly_by_day, &Parser::weekly,      &Parser::yearly,
        &Parser::holidays,      &Parser::term,         &Parser::year,
        &Parser::until_quarter, &Parser::until_end,    &Parser::dates,
        &Parser::part_of_month, &Parser::months,       &Parser::relative,
        &Parser::combined,      &Parser::external,     &Parser::event,
    };
    if (tokens_.empty()) return false;
    for (Rule rule : kRules) {
      Schedule attempt;
      attempt.text = s.text;
      if ((this->*rule)(attempt)) {
        s = std::move(attempt);
        return true;
      }
    }
    return false;
  }

 private:
  std::size_t size() const { return tokens_.size(); }
  bool is(std::size_t i, Token::Type t) const { return i < size() && tokens_[i].type == t; }
  // A year written as four digits ("2024", not "1.02"), else 0.
  int year_at(std::size_t i) const {
    if (!is(i, Token::Type::num) || tokens_[i].text.size() != 4) return 0;
    return std::max(to_int(tokens_[i].text), 0);
  }
  bool word_is(std::size_t i, std::string_view w) const {
    return is(i, Token::Type::word) && tokens_[i].text == w;
  }

  // Tokens from i spell the words of `phrase` (space separated): advances i past them.
  bool phrase_at(std::size_t& i, std::string_view phrase) const {
    std::size_t j = i;
    while (!phrase.empty()) {
      std::size_t sp = phrase.find(' ');
      std::string_view w = phrase.substr(0, sp);
      while (is(j, Token::Type::comma)) ++j;
      if (j >= size() || tokens_[j].text != w) return false;
      ++j;
      phrase = sp == std::string_view::npos ? std::string_view{} : phrase.substr(sp + 1);
    }
    i = j;
    return true;
  }

  bool words_at(std::size_t& i, std::initializer_list<std::string_view> ws) const {
    std::size_t j = i;
    for (std::string_view w : ws)
      if (!word_is(j, w)) return false;
      else ++j;
    i = j;
    return true;
  }

  void skip_commas(std::size_t& i) const {
    while (is(i, Token::Type::comma)) ++i;
  }

  // ---- fixed phrases -------------------------------------------------------------------------

  bool fixed(Schedule& s) {
    for (const Fixed& f : fixed_phrases())
      if (canon_ == f.phrase) return f.build(s, plan_), true;
    return false;
  }

  // ---- "N раз в <период>" --------------------------------------------------------------------

  std::optional<int> count_at(std::size_t& i) const {
    if (is(i, Token::Type::num)) {
      int n = to_int(tokens_[i].text);
      if (n < 1 || n > 31) return std::nullopt;
      ++i;
      return n;
    }
    for (auto [w, n] : kCountWords)
      if (word_is(i, w)) return ++i, n;
    return std::nullopt;
  }

  bool counted(Schedule& s) {
    std::size_t i = 0;
    for (std::string_view lead : kCountLeads)
      if (phrase_at(i, lead)) break;
    int count = 1;
    if (i == 0 && (word_is(0, "каждые") || word_is(0, "каждых"))) {
      ++i;  // "каждые 2 месяца", "каждые полгода": once in each such period
    } else {
      auto times = count_at(i);
      bool raz = word_is(i, "раз") || word_is(i, "раза");
      if (raz) ++i;
      if (!times && !raz) return false;
      count = times.value_or(1);
      if (!word_is(i, "в") && !word_is(i, "за")) return false;
      ++i;
    }
    int every = 1;  // "раз в 2 месяца"
    if (auto n = count_at(i)) every = *n;
    if (word_is(i, "учебного") || word_is(i, "календарный") || word_is(i, "календарного")) ++i;
    std::optional<Per> per;
    for (auto [w, p] : kPeriodWords)
      if (word_is(i, w)) per = p;
    if (!per || i + 1 != size()) return false;
    if (every != 1 && *per != Per::month) return false;
    switch (*per) {
      case Per::week: s.kind = Kind::weekly; return true;
      case Per::day: s.kind = Kind::daily; return true;
      case Per::quarter: s.kind = Kind::quarterly; return true;
      case Per::school_quarter: s.kind = Kind::school_quarters; return true;
      case Per::half: s.kind = Kind::half_years; return true;
      case Per::trimester: trimesters(s, plan_); return true;
      case Per::month:
        // Once in N months: runs of N months from the plan year's start.
        if (every == 3) return s.kind = Kind::quarterly, true;
        if (every == 6) return s.kind = Kind::half_years, true;
        if (12 % every) return false;
        month_runs(s, plan_, every);
        return true;
      case Per::year:
        // N times a year: N equal parts of the plan year.
        switch (count) {
          case 1: s.kind = Kind::yearly; return true;
          case 2: s.kind = Kind::half_years; return true;
          case 4: s.kind = Kind::quarterly; return true;
          case 3: case 6: case 12: month_runs(s, plan_, 12 / count); return true;
          default: return false;
        }
    }
    return false;
  }

  // ---- "до 25 числа каждого месяца", "ежеквартально до 10 числа месяца, следующего за ..." ----

  bool monthly_by_day(Schedule& s) {
    std::size_t i = 0;
    bool quarterly = false;
    auto period_word = [&](std::size_t& j) {
      if (phrase_at(j, "ежемесячно") || phrase_at(j, "каждый месяц") ||
          phrase_at(j, "каждого месяца") || phrase_at(j, "в течение года ежемесячно"))
        return true;
      if (phrase_at(j, "ежеквартально") || phrase_at(j, "каждый квартал") ||
          phrase_at(j, "каждого квартала"))
        return quarterly = true;
      return false;
    };
    bool periodic = period_word(i);
    skip_commas(i);
    bool by = phrase_at(i, "в срок до") || phrase_at(i, "не позднее") || phrase_at(i, "до") ||
              phrase_at(i, "к");
    if (!is(i, Token::Type::num)) return false;
    int day = to_int(tokens_[i].text);
    if (day < 1 || day > 31) return false;
    ++i;
    bool chisla = word_is(i, "числа") || word_is(i, "число") || word_is(i, "числу");
    if (chisla) ++i;
    bool following = false;
    skip_commas(i);
    // What follows the day: whose month it is.
    struct Tail {
      std::string_view words;
      bool following, quarter;
    };
    static constexpr Tail kTails[] = {
        {"месяца следующего за отчетным кварталом", true, true},
        {"месяца следующего за кварталом", true, true},
        {"первого месяца следующего квартала", true, true},
        {"месяца следующего за отчетным периодом", true, false},
        {"последнего месяца квартала", false, true},
        {"месяца следующего за отчетным месяцем", true, false},
        {"месяца следующего за отчетным", true, false},
        {"следующего за отчетным месяца", true, false},
        {"следующего месяца", true, false},
        {"каждого месяца", false, false},
        {"текущего месяца", false, false},
        {"месяца", false, false},
        {"ежемесячно", false, false},
        {"ежеквартально", false, true},
    };
    for (const Tail& t : kTails) {
      std::size_t j = i;
      if (!phrase_at(j, t.words)) continue;
      i = j;
      following = t.following;
      quarterly = quarterly || t.quarter;
      periodic = true;
      break;
    }
    skip_commas(i);
    if (!periodic) periodic = period_word(i);
    if (i != size() || !(periodic || (chisla && by))) return false;
    if (quarterly) {
      // The months of each calendar quarter of the plan year, due on the day after it.
      s.kind = Kind::months;
      for (const Term& q : calendar_quarters_in(plan_))
        s.months.push_back({{q.start.m, 0}, {q.end.m, 0}});
    } else {
      every_month(s, plan_);
    }
    s.day = day;
    s.following = following;
    return true;
  }

  // ---- weekly: "еженедельно по пятницам", "по понедельникам", "каждую среду" -------------------

  bool weekday_at(std::size_t& i) const {
    if (!is(i, Token::Type::word)) return false;
    for (std::string_view stem : kWeekdayStems)
      if (ends_in(tokens_[i].text, stem, kWeekdayEndings)) return ++i, true;
    return false;
  }

  bool weekly(Schedule& s) {
    std::size_t i = 0;
    bool every = phrase_at(i, "еженедельно") || phrase_at(i, "каждую неделю");
    skip_commas(i);
    bool lead = phrase_at(i, "по") || phrase_at(i, "каждый") || phrase_at(i, "каждую") ||
                phrase_at(i, "каждое") || phrase_at(i, "в") || phrase_at(i, "во");
    if (!lead && !every) return false;
    if (!weekday_at(i)) return false;
    while (is(i, Token::Type::comma) || word_is(i, "и")) {
      ++i;
      if (!weekday_at(i)) return false;
    }
    if (i != size()) return false;
    s.kind = Kind::weekly;
    return true;
  }

  // ---- "ежегодно <X>", "<X> ежегодно" ---------------------------------------------------------

  bool yearly(Schedule& s) {
    std::vector<Token> rest;
    if (word_is(0, "ежегодно") && size() > 1) {
      std::size_t from = is(1, Token::Type::comma) ? 2 : 1;
      rest.assign(tokens_.begin() + static_cast<std::ptrdiff_t>(from), tokens_.end());
    } else if (size() > 1 && word_is(size() - 1, "ежегодно")) {
      std::size_t to = size() - 1;
      if (is(to - 1, Token::Type::comma)) --to;
      rest.assign(tokens_.begin(), tokens_.begin() + static_cast<std::ptrdiff_t>(to));
    } else {
      return false;
    }
    Schedule inner;
    inner.text = s.text;
    if (!Parser(text_, plan_, std::move(rest), split_).parse(inner)) return false;
    switch (inner.kind) {
      case Kind::months:
        inner.kind = Kind::yearly;  // "Ежегодно Сентябрь"
        break;
      case Kind::during_year:
        if (inner.year) return false;
        inner.kind = Kind::yearly;  // "Ежегодно В течение учебного года"
        break;
      case Kind::date:
      case Kind::dates:
      case Kind::by_date:
      case Kind::range:
      case Kind::term:
      case Kind::holidays:
      case Kind::until_quarter:
      case Kind::end_of_quarter:
        break;
      default:
        return false;  // "ежегодно по вторникам" says two different things
    }
    s = std::move(inner);
    return true;
  }

  // ---- school holidays -------------------------------------------------------------------------

  bool holidays(Schedule& s) {
    std::size_t i = 0;
    for (std::string_view lead : kHolidayLeads)
      if (phrase_at(i, lead)) break;
    int which = 0;
    if (is(i, Token::Type::word)) {
      for (auto [stem, n] : kHolidayStems) {
        static constexpr std::string_view kEnd[] = {"ие", "их", "ими"};
        if (ends_in(tokens_[i].text, stem, kEnd)) which = n;
      }
      if (which) ++i;
    }
    if (!word_is(i, "каникулы") && !word_is(i, "каникул") && !word_is(i, "каникулах") &&
        !word_is(i, "каникулам"))
      return false;
    if (++i != size()) return false;
    s.kind = Kind::holidays;
    s.holiday = which;
    return true;
  }

  // ---- numbered terms: "II квартал 2024", "в I полугодии", "по итогам III четверти" -----------

  std::optional<int> ordinal_at(std::size_t& i) const {
    if (i >= size()) return std::nullopt;
    const std::string& w = tokens_[i].text;
    for (auto [r, n] : kRomans)
      if (w == r) return ++i, n;
    if (tokens_[i].type != Token::Type::word) return std::nullopt;
    for (auto [stem, n] : kOrdinalStems)
      if (ends_in(w, stem, kAdjectiveEndings)) return ++i, n;
    return std::nullopt;
  }

  // What follows a term or stands alone as a year; consumes what it recognises.
  YearSpec year_spec(std::size_t& i) const {
    YearSpec y;
    auto year4 = [&](std::size_t j) { return year_at(j); };
    if (int a = year4(i)) {
      y.year = a;
      ++i;
      std::size_t j = i;
      if (is(j, Token::Type::dash)) ++j;
      if (int b = year4(j)) {
        y.year_to = b;
        i = j + 1;
      } else if (is(j, Token::Type::num) && tokens_[j].text.size() == 2 &&
                 to_int(tokens_[j].text) == (a + 1) % 100) {
        y.year_to = a + 1;  // "2023/24 учебный год"
        i = j + 1;
      }
    }
    if (word_is(i, "текущего")) ++i;
    if (word_is(i, "учебного")) ++i, y.school_word = true;
    else if (word_is(i, "календарного")) ++i, y.calendar_word = true;
    if (y.school_word || y.calendar_word)
      if (word_is(i, "года") || word_is(i, "год") || word_is(i, "году")) ++i;
    if (y.year_to && y.year_to == y.year + 1 && (y.school_word || plan_.school_year) &&
        !y.calendar_word) {
      y.school = true;  // "2022/2023 учебного года", "2022-2023" in a school plan
      y.year_to = 0;
    }
    return y;
  }

  bool term(Schedule& s) {
    std::size_t i = 0;
    Lead lead = Lead::window;
    std::size_t best = 0;
    for (auto [words, l] : kTermLeads) {  // the longest lead that matches
      std::size_t j = 0;
      if (phrase_at(j, words) && j > best) best = j, lead = l;
    }
    i = best;
    std::vector<TermSpan> spans;
    auto first = ordinal_at(i);
    if (!first) return false;
    spans.push_back({*first, *first});
    while (true) {
      std::size_t j = i;
      if (is(j, Token::Type::dash)) {
        auto to = ordinal_at(++j);
        if (!to) break;
        spans.back().to = *to;
      } else if (is(j, Token::Type::comma) || word_is(j, "и")) {
        auto next = ordinal_at(++j);
        if (!next) break;
        spans.push_back({*next, *next});
      } else {
        break;
      }
      i = j;
    }
    bool school_adj = false, calendar_adj = false;
    if (is(i, Token::Type::word) &&
        ends_in(tokens_[i].text, "учебн", std::span<const std::string_view>(kAdjectiveEndings)))
      ++i, school_adj = true;
    else if (is(i, Token::Type::word) &&
             ends_in(tokens_[i].text, "календарн",
                     std::span<const std::string_view>(kAdjectiveEndings)))
      ++i, calendar_adj = true;
    if (!is(i, Token::Type::word)) return false;
    std::optional<UnitWord> unit;
    for (auto [w, u] : kUnitWords)
      if (tokens_[i].text == w) unit = u;
    if (!unit) return false;
    ++i;
    YearSpec y = year_spec(i);
    if (i != size() || y.year_to) return false;
    switch (*unit) {
      case UnitWord::quarter: s.unit = TermUnit::quarter; break;
      case UnitWord::school_quarter: s.unit = TermUnit::school_quarter; break;
      case UnitWord::trimester: s.unit = TermUnit::trimester; break;
      case UnitWord::half:
        // A calendar year written means the calendar half-year; else the plan's own kind.
        if (calendar_adj || y.calendar_word) s.unit = TermUnit::half_year;
        else if (school_adj || y.school || y.school_word) s.unit = TermUnit::school_half_year;
        else if (y.year) s.unit = TermUnit::half_year;
        else s.unit = plan_.school_year ? TermUnit::school_half_year : TermUnit::half_year;
        break;
    }
    int most = terms_per_year(s.unit);
    for (const TermSpan& t : spans)
      if (t.from > most || t.to > most || t.to < t.from) return false;
    s.kind = Kind::term;
    s.terms = std::move(spans);
    s.year = y.year;
    s.school = y.school;
    s.at_end = lead == Lead::at_end;
    if (lead == Lead::by_end) {
      // "до конца II квартала": by the last day of the last term written.
      Date last = expand(s, plan_).back().end;
      Schedule by;
      by.text = s.text;
      by.kind = Kind::by_date;
      by.last = last;
      s = std::move(by);
    }
    return true;
  }

  // ---- a year: "2024", "в течение 2024 года", "2022/2023 учебный год", "2023-2024 гг." --------

  bool year(Schedule& s) {
    std::size_t i = 0;
    // "по итогам 2024 года": its last month; a school year's results are June's.
    for (std::string_view lead : {"по итогам", "в конце", "по окончании", "по завершении"}) {
      if (!phrase_at(i, lead)) continue;
      YearSpec y = year_spec(i);
      if (!y.year || y.year_to || i != size()) return false;
      s.kind = Kind::months;
      MonthRef m = y.school ? MonthRef{6, y.year + 1} : MonthRef{12, y.year};
      s.months = {{m, m}};
      return true;
    }
    for (std::string_view lead : {"в течение всего", "в течение", "на протяжении", "в", "на",
                                  "за", "весь"})
      if (phrase_at(i, lead)) break;
    YearSpec y = year_spec(i);
    if (!y.year || i != size()) return false;
    if (y.year_to) {
      if (y.year_to <= y.year) return false;
      s.kind = Kind::months;  // a run of calendar years
      s.months = {{{1, y.year}, {12, y.year_to}}};
      return true;
    }
    s.kind = Kind::during_year;
    s.year = y.year;
    s.school = y.school;
    return true;
  }

  // ---- "до четвертой четверти", "до начала IV четверти" ---------------------------------------

  bool until_quarter(Schedule& s) {
    std::size_t i = 0;
    if (!words_at(i, {"до"}) && !words_at(i, {"к"})) return false;
    words_at(i, {"начала"});
    auto n = ordinal_at(i);
    if (!n || !word_is(i, "четверти") || i + 1 != size()) return false;
    s.kind = Kind::until_quarter;
    s.quarter = *n;
    return true;
  }

  // ---- "до конца марта", "до конца 2024 года" ---------------------------------------------------

  bool until_end(Schedule& s) {
    std::size_t i = 0;
    bool lead = false;
    for (std::string_view w : {"не позднее конца", "до конца", "к концу", "до окончания",
                               "к окончанию", "до завершения", "не позднее окончания"})
      if (phrase_at(i, w)) {
        lead = true;
        break;
      }
    if (!lead) return false;
    if (is(i, Token::Type::word)) {
      int m = month_of_word(tokens_[i].text);
      if (!m) return false;
      ++i;
      int y = 0;
      if (int written = year_at(i)) y = written, ++i;
      if (i != size()) return false;
      s.kind = Kind::by_date;
      s.last = Date::last_of(y ? y : plan_.year_of_month(m), m);
      return true;
    }
    YearSpec y = year_spec(i);
    if (!y.year || y.year_to || i != size()) return false;
    s.kind = Kind::by_date;
    s.last = y.school ? Date{y.year + 1, 8, 31} : Date{y.year, 12, 31};
    return true;
  }

  // ---- dates, "до" a date, ranges ----------------------------------------------------------------

  // A date at token i as written, maybe partial: "25.01.2023", "13", "13.02",
  // "15 декабря [2020]". Advances i past it.
  std::optional<PartDate> date_parts(std::size_t& i) const {
    if (!is(i, Token::Type::num)) return std::nullopt;
    auto p = part_date(tokens_[i].text);
    if (!p) return std::nullopt;
    std::size_t j = i + 1;
    if (p->m == 0 && is(j, Token::Type::word) && (p->m = month_of_word(tokens_[j].text))) {
      ++j;
      const std::string& y = is(j, Token::Type::num) ? tokens_[j].text : std::string();
      if ((y.size() == 4 || y.size() == 2) && to_int(y) >= 0) {
        p->y = full_year(to_int(y), y.size());
        ++j;
      }
    }
    i = j;
    return p;
  }

  // A date that must stand alone: a missing year is placed by the plan year.
  std::optional<Date> whole_date(std::size_t& i) const {
    std::size_t j = i;
    auto p = date_parts(j);
    if (!p || p->m == 0) return std::nullopt;
    Date d{p->y ? p->y : plan_.year_of_month(p->m), p->m, p->d};
    if (!d.valid()) return std::nullopt;
    i = j;
    return d;
  }

  // "25.01.2023, 25.05.2023", "10 октября и 10 апреля": whole dates and nothing else. A list
  // may share the month and year of its last date: "10, 20 и 30 марта 2024".
  std::vector<Date> date_list() const {
    std::vector<PartDate> parts;
    std::size_t i = 0;
    while (i < size()) {
      if (!parts.empty()) {
        if (!is(i, Token::Type::comma) && !word_is(i, "и")) return {};
        ++i;
      }
      auto p = date_parts(i);
      if (!p) return {};
      parts.push_back(*p);
    }
    if (parts.size() < 2 || parts.back().m == 0) return {};
    std::vector<Date> out;
    PartDate next = parts.back();
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
      PartDate p = *it;
      if (p.m == 0) p.m = next.m;
      if (p.y == 0) p.y = next.y;
      int y = p.y ? p.y : plan_.year_of_month(p.m);
      Date d{y, p.m, p.d};
      if (!d.valid()) return {};
      out.insert(out.begin(), d);
      next = p;
    }
    return out;
  }

  bool dates(Schedule& s) {
    std::size_t i = 0;
    if (phrase_at(i, "в срок не позднее") || phrase_at(i, "в срок до") ||
        phrase_at(i, "не позднее чем") || phrase_at(i, "не позднее") || phrase_at(i, "не позже") ||
        phrase_at(i, "срок до") || phrase_at(i, "до") || phrase_at(i, "к")) {
      auto d = whole_date(i);
      if (!d || i != size()) return false;
      s.kind = Kind::by_date;
      s.last = *d;
      return true;
    }
    if (auto list = date_list(); list.size() > 1) {
      s.kind = Kind::dates;
      s.days = std::move(list);
      return true;
    }
    if (!phrase_at(i, "в период")) phrase_at(i, "в течение периода");
    bool from_to = words_at(i, {"с"});
    auto a = date_parts(i);
    if (!a) return false;
    if (i == size() && !from_to) {  // a single date
      i = 0;
      auto d = whole_date(i);
      if (!d) return false;
      s.kind = Kind::date;
      s.first = s.last = *d;
      return true;
    }
    if (from_to ? !(words_at(i, {"по"}) || words_at(i, {"до"}) || is(i, Token::Type::dash))
                : !is(i, Token::Type::dash))
      return false;
    if (is(i, Token::Type::dash) || !from_to) ++i;
    auto b = whole_date(i);
    if (!b || i != size()) return false;
    // The first date borrows what it lacks from the second: "13-17.02.2023", "13.02-17.03.2023".
    Date first{a->y, a->m ? a->m : b->m, a->d};
    if (first.y == 0) first.y = first.m > b->m ? b->y - 1 : b->y;
    if (!first.valid() || *b < first) return false;
    s.kind = Kind::range;
    s.first = first;
    s.last = *b;
    return true;
  }

  // ---- months: "Март 2023", "в марте", "Октябрь, декабрь, март, май", "с марта по июнь" -------

  bool month_ref(std::size_t& i, MonthRef& r) const {
    if (!is(i, Token::Type::word) || !(r.month = month_of_word(tokens_[i].text))) return false;
    ++i;
    if (int written = year_at(i)) r.year = written, ++i;
    return true;
  }

  // "весна 2024", "осенью": a season is its run of months; winter is December–February.
  bool season_at(std::size_t& i, MonthSpan& span) const {
    static constexpr std::pair<std::string_view, int> kSeasons[] = {
        {"весна", 3}, {"весной", 3}, {"весны", 3}, {"весну", 3}, {"лето", 6},  {"летом", 6},
        {"лета", 6},  {"осень", 9},  {"осенью", 9}, {"осени", 9}, {"зима", 12}, {"зимой", 12},
        {"зимы", 12}, {"зиму", 12},
    };
    if (!is(i, Token::Type::word)) return false;
    for (auto [w, first] : kSeasons) {
      if (tokens_[i].text != w) continue;
      ++i;
      span.from = {first, 0};
      span.to = {first == 12 ? 2 : first + 2, 0};
      if (int written = year_at(i)) span.to.year = written, ++i;
      return true;
    }
    return false;
  }

  bool months(Schedule& s) {
    std::size_t i = 0;
    for (std::string_view lead : {"в течение", "на протяжении", "в период", "в конце", "в начале",
                                  "в середине", "конец", "начало", "середина", "в", "во"})
      if (phrase_at(i, lead)) break;
    std::vector<MonthSpan> spans;
    if (words_at(i, {"с"})) {  // "с марта по июнь 2023"
      MonthSpan span;
      if (!month_ref(i, span.from)) return false;
      if (!words_at(i, {"по"}) && !words_at(i, {"до"}) && !is(i, Token::Type::dash)) return false;
      if (is(i, Token::Type::dash)) ++i;
      if (!month_ref(i, span.to) || i != size()) return false;
      spans.push_back(span);
    }
    while (i < size()) {
      if (!spans.empty() && (is(i, Token::Type::comma) || word_is(i, "и"))) ++i;
      MonthSpan span;
      if (season_at(i, span)) {
        spans.push_back(span);
        continue;
      }
      if (!month_ref(i, span.from)) return false;
      span.to = span.from;
      if (is(i, Token::Type::dash)) {
        ++i;
        if (!month_ref(i, span.to)) return false;
      }
      spans.push_back(span);
    }
    if (spans.empty()) return false;
    fill_years(spans);
    s.kind = Kind::months;
    s.months = std::move(spans);
    return true;
  }

  // A year written once covers the months around it: "март-июнь 2023" → both 2023; going back
  // past a year boundary ("ноябрь-февраль 2023") steps back a year.
  static void fill_years(std::vector<MonthSpan>& spans) {
    std::vector<MonthRef*> refs;
    for (MonthSpan& sp : spans) refs.insert(refs.end(), {&sp.from, &sp.to});
    MonthRef next{};
    for (auto it = refs.rbegin(); it != refs.rend(); ++it) {
      MonthRef& r = **it;
      if (r.year == 0 && next.year != 0) r.year = r.month > next.month ? next.year - 1 : next.year;
      if (r.year != 0) next = r;
    }
    MonthRef prev{};
    for (MonthRef* r : refs) {
      if (r->year == 0 && prev.year != 0) r->year = r->month < prev.month ? prev.year + 1 : prev.year;
      if (r->year != 0) prev = *r;
    }
  }

  // ---- "весь период реализации дорожной карты" ----------------------------------------------

  bool whole_period(Schedule& s) {
    static constexpr std::string_view kLeads[] = {
        "в течение всего периода реализации", "в течение периода реализации",
        "весь период реализации", "в период реализации", "на период реализации",
        "в течение всего срока реализации", "в течение срока реализации",
        "в течение срока действия", "на период действия", "весь срок действия",
        "в течение всего периода действия", "в период действия",
    };
    static constexpr std::string_view kWhat[] = {
        "дорожной карты", "программы", "плана", "проекта", "плана мероприятий", "комплекса мер",
        "комплекса мероприятий", "мероприятий", "проекта 500+",
    };
    for (std::string_view lead : kLeads) {
      std::size_t i = 0;
      if (!phrase_at(i, lead)) continue;
      if (i == size()) return s.kind = Kind::during_year, true;
      for (std::string_view what : kWhat) {
        std::size_t j = i;
        if (phrase_at(j, what) && j == size()) return s.kind = Kind::during_year, true;
      }
    }
    return false;
  }

  // ---- "первая декада сентября", "вторая половина марта" -------------------------------------

  bool part_of_month(Schedule& s) {
    std::size_t i = 0;
    phrase_at(i, "в течение") || phrase_at(i, "в") || phrase_at(i, "во");
    int n = 0;
    if (word_is(i, "последняя") || word_is(i, "последнюю") || word_is(i, "последней")) {
      n = -1;
      ++i;
    } else if (auto o = ordinal_at(i)) {
      n = *o;
    } else {
      return false;
    }
    struct Part {
      std::string_view word;
      int days, count;  // a part's length in days (0: half a month) and how many a month has
    };
    static constexpr Part kParts[] = {
        {"декада", 10, 3}, {"декаду", 10, 3}, {"декады", 10, 3}, {"декаде", 10, 3},
        {"неделя", 7, 4},  {"неделю", 7, 4},  {"недели", 7, 4},  {"неделе", 7, 4},
        {"половина", 0, 2}, {"половину", 0, 2}, {"половине", 0, 2}, {"половины", 0, 2},
    };
    const Part* part = nullptr;
    for (const Part& p : kParts)
      if (word_is(i, p.word)) part = &p;
    if (!part) return false;
    ++i;
    if (n == -1) n = part->count;
    if (n > part->count) return false;
    int len = part->days ? part->days : 15;
    if (phrase_at(i, "каждого месяца") || phrase_at(i, "месяца")) {
      // "первая неделя каждого месяца": every month, due at the part's end.
      if (i != size()) return false;
      every_month(s, plan_);
      s.day = n == part->count ? 0 : n * len;
      return true;
    }
    MonthRef m;
    if (!month_ref(i, m) || i != size()) return false;
    int year = m.year ? m.year : plan_.year_of_month(m.month);
    Date first = Date::first_of(year, m.month), last_day = first.end_of_month();
    Date from = first.add_days((n - 1) * len);
    // The last part runs to the month's end: the third decade, the second half, the 4th week.
    Date to = n == part->count ? last_day : from.add_days(len - 1);
    s.kind = Kind::range;
    s.first = from;
    s.last = to;
    return true;
  }

  // ---- two readable parts: "в течение года, ежемесячно", "март-апрель (по графику ФИОКО)" -----

  // How much a schedule says about dates: the more telling part of a pair wins.
  static int rank(const Schedule& s) {
    switch (s.kind) {
      case Kind::date:
      case Kind::dates:
      case Kind::range:
      case Kind::by_date: return 5;
      case Kind::months:
      case Kind::term:
      case Kind::holidays:
      case Kind::until_quarter: return 4;
      case Kind::yearly: return s.months.empty() ? 0 : 4;
      case Kind::quarterly:
      case Kind::school_quarters:
      case Kind::half_years:
      case Kind::end_of_quarter:
      case Kind::weekly:
      case Kind::daily: return 3;
      case Kind::external:
      case Kind::event: return 2;
      case Kind::during_year: return 1;
      case Kind::unparsed: return -1;
    }
    return -1;
  }

  // The phrase is two phrases, each understood alone, one a frame of the other ("в течение
  // года" around "ежемесячно"; an external schedule beside the months). Two dated parts
  // ("10.02.2023 10.03.2023", "ноябрь (осенние каникулы)") or two of the same weight say two
  // things, and stay unparsed; so does a bare "ежегодно" (the yearly rule reads those).
  bool combined(Schedule& s) {
    if (!split_) return false;
    for (std::size_t k = 1; k < size(); ++k) {
      if (is(k - 1, Token::Type::comma)) continue;
      std::size_t right = is(k, Token::Type::comma) ? k + 1 : k;
      if (right >= size()) break;
      auto part = [&](std::size_t from, std::size_t to) {
        Schedule out;
        out.text = s.text;
        Parser p(text_, plan_,
                 std::vector<Token>(tokens_.begin() + static_cast<std::ptrdiff_t>(from),
                                    tokens_.begin() + static_cast<std::ptrdiff_t>(to)),
                 false);
        if (!p.parse(out)) out.kind = Kind::unparsed;
        return out;
      };
      Schedule a = part(0, k);
      if (rank(a) <= 0) continue;
      Schedule b = part(right, size());
      int ra = rank(a), rb = rank(b);
      if (rb <= 0) continue;
      if (std::min(ra, rb) >= 4) {
        // Two dated parts agree when each is one window and they overlap ("сентябрь (начало
        // учебного года)"): the first, as written, is the deadline, the second a remark.
        auto da = expand(a, plan_), db = expand(b, plan_);
        if (da.size() != 1 || db.size() != 1 || da[0].end < db[0].start ||
            db[0].end < da[0].start)
          continue;
        s = std::move(a);
        return true;
      }
      if (ra == rb) continue;
      s = ra > rb ? std::move(a) : std::move(b);
      return true;
    }
    return false;
  }

  // "в течение 10 дней после получения результатов": due after something happens.
  bool relative(Schedule& s) {
    for (std::size_t i = 1; i < size(); ++i) {
      if (!word_is(i, "после") && !(word_is(i, "с") && word_is(i + 1, "момента")) &&
          !(word_is(i, "со") && word_is(i + 1, "дня")))
        continue;
      s.kind = Kind::event;
      s.event = original_tail(text_, tokens_, 0);
      return true;
    }
    return false;
  }

  // ---- external schedules and events -------------------------------------------------------------

  bool external(Schedule& s) {
    for (std::string_view marker : kExternalMarkers) {
      if (!starts_with_words(canon_, marker)) continue;
      s.kind = Kind::external;
      s.body = original_tail(text_, tokens_, marker_end(marker));
      return true;
    }
    // "согласно утверждённому плану ...", "по единому графику ...": a lead, adjectives, then
    // the kind of document that holds the dates.
    static constexpr std::string_view kLeads[] = {"в соответствии со", "в соответствии с",
                                                  "согласно", "по"};
    static constexpr std::string_view kNouns[] = {
        "графику",   "графиком",   "графикам", "плану",     "планом",     "планам",
        "расписанию", "расписанием", "календарю", "календарем", "срокам",   "сроками",
        "приказу",   "приказом",   "положению", "положением", "регламенту", "регламентом",
        "порядку",   "порядком",   "циклограмме", "циклограммой", "распоряжению",
        "распоряжением", "программе", "программой",
    };
    static constexpr std::string_view kAdjective[] = {"ому", "ему", "ым", "им", "ой", "ей"};
    for (std::string_view lead : kLeads) {
      std::size_t i = 0;
      if (!phrase_at(i, lead)) continue;
      for (int adjectives = 0; adjectives <= 2 && is(i, Token::Type::word); ++adjectives) {
        const std::string& w = tokens_[i].text;
        if (std::find(std::begin(kNouns), std::end(kNouns), w) != std::end(kNouns)) {
          s.kind = Kind::external;
          s.body = original_tail(text_, tokens_, i + 1);
          return true;
        }
        bool adjective = std::any_of(std::begin(kAdjective), std::end(kAdjective),
                                     [&](std::string_view e) { return w.ends_with(e); });
        if (!adjective) break;
        ++i;
      }
    }
    return false;
  }

  // The token index after a marker: commas are not in the canonical form, but are tokens.
  std::size_t marker_end(std::string_view marker) const {
    std::size_t i = 0;
    phrase_at(i, marker);
    skip_commas(i);
    return i;
  }

  bool event(Schedule& s) {
    for (const EventMarker& m : kEventMarkers) {
      if (!starts_with_words(canon_, m.words)) continue;
      if (!m.bare && marker_end(m.words) >= size()) continue;
      s.kind = Kind::event;
      s.event = original_tail(text_, tokens_, 0);
      return true;
    }
    return false;
  }

  std::string_view text_;
  const PlanYear& plan_;
  std::vector<Token> tokens_;
  std::string canon_;
  bool split_ = true;
};

}  // namespace

Schedule parse_deadline(std::string_view text, const PlanYear& plan) {
  Schedule s;
  s.text = std::string(text);
  if (Parser(text, plan, tokenize(text)).parse(s)) return s;
  Schedule bad;
  bad.text = std::string(text);
  return bad;
}

}  // namespace opora::host
