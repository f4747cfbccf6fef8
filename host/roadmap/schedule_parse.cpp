// parse_deadline: the phrase is cut into tokens (words, numbers with dots, dashes, commas), the
// tokens are joined into a canonical lower-case string for fixed phrases, and the structured
// forms (dates, ranges, month lists) are read from the tokens. A parse must use every token;
// anything left over makes the phrase unparsed rather than half-understood.
#include <algorithm>
#include <initializer_list>
#include <charconv>
#include <optional>
#include <utility>

#include "roadmap/schedule.hpp"
#include "util/text.hpp"

namespace opora::host {

namespace {

using Kind = Schedule::Kind;

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
  // "г.", "гг." and "года" after a year say nothing more than the number.
  std::vector<Token> kept;
  for (Token& t : out) {
    bool after_year = !kept.empty() && kept.back().type == Token::Type::num &&
                      kept.back().text.size() == 4;
    if (t.type == Token::Type::word &&
        (t.text == "г" || t.text == "гг" ||
         (after_year && (t.text == "год" || t.text == "года" || t.text == "году"))))
      continue;
    kept.push_back(std::move(t));
  }
  return kept;
}

std::string canonical(const std::vector<Token>& tokens, std::size_t from = 0) {
  std::string out;
  for (std::size_t i = from; i < tokens.size(); ++i) {
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

// Phrases whose whole canonical form names a kind.
const std::pair<std::string_view, Kind> kFixed[] = {
    {"в течение года", Kind::during_year},
    {"в течение учебного года", Kind::during_year},
    {"в течение календарного года", Kind::during_year},
    {"в течение всего года", Kind::during_year},
    {"в течение всего периода", Kind::during_year},
    {"в течении года", Kind::during_year},
    {"в течении учебного года", Kind::during_year},
    {"в теч года", Kind::during_year},
    {"в теч учебного года", Kind::during_year},
    {"в теч уч года", Kind::during_year},
    {"с течение года", Kind::during_year},  // a typo seen in a real roadmap
    {"весь период", Kind::during_year},
    {"постоянно", Kind::during_year},
    {"систематически", Kind::during_year},
    {"ежеквартально", Kind::quarterly},
    {"по кварталам", Kind::quarterly},
    {"каждый квартал", Kind::quarterly},
    {"ежечетвертно", Kind::school_quarters},
    {"по четвертям", Kind::school_quarters},
    {"каждую четверть", Kind::school_quarters},
    {"в каждой четверти", Kind::school_quarters},
    {"по полугодиям", Kind::half_years},
    {"каждое полугодие", Kind::half_years},
    {"в каждом полугодии", Kind::half_years},
    {"ежегодно", Kind::yearly},
    {"каждый год", Kind::yearly},
    {"в конце четверти", Kind::end_of_quarter},
    {"в конце каждой четверти", Kind::end_of_quarter},
    {"по окончании четверти", Kind::end_of_quarter},
    {"по окончании каждой четверти", Kind::end_of_quarter},
    {"по итогам четверти", Kind::end_of_quarter},
    {"по итогам каждой четверти", Kind::end_of_quarter},
};

// "не реже одного раза в четверть", "1 раз в полугодие": a count, then the period.
const std::string_view kOncePrefixes[] = {
    "не реже одного раза ", "не реже одной ", "не реже одного ", "не реже 1 раза ",
    "не реже 1 ", "не реже раза ", "один раз ", "1 раз ", "раз ",
};
const std::pair<std::string_view, Kind> kPeriods[] = {
    {"в четверть", Kind::school_quarters},
    {"в полугодие", Kind::half_years},
    {"в квартал", Kind::quarterly},
    {"в месяц", Kind::months},  // every month, see monthly()
    {"в год", Kind::yearly},
};

const std::string_view kMonthlyPhrases[] = {"ежемесячно", "каждый месяц", "по месяцам"};

// Who keeps the schedule follows these words: "по графику ВГАПО", "по плану работы МНЦ".
const std::string_view kExternalMarkers[] = {
    "в соответствии с графиком", "в соответствии с планом работы", "в соответствии с планом",
    "согласно графику",          "согласно плану работы",          "согласно плану",
    "по графику",                "по плану работы",                "по плану",
    "по расписанию",
};

const std::string_view kEventMarkers[] = {
    "после", "по мере", "по итогам", "по запросу", "по необходимости", "при необходимости",
    "при наличии", "по факту", "в случае",
};

const std::pair<std::string_view, int> kOrdinals[] = {
    {"первой", 1}, {"второй", 2}, {"третьей", 3}, {"четвертой", 4},
    {"i", 1},      {"ii", 2},     {"iii", 3},     {"iv", 4},
    {"1", 1},      {"2", 2},      {"3", 3},       {"4", 4},
};

bool starts_with_words(const std::string& canon, std::string_view marker) {
  return canon == marker || canon.starts_with(std::string(marker) + ' ');
}

std::size_t word_count(std::string_view s) {
  return s.empty() ? 0 : static_cast<std::size_t>(std::count(s.begin(), s.end(), ' ')) + 1;
}

int to_int(std::string_view s) {
  int v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size() ? v : -1;
}

int full_year(int y, std::size_t digits) { return digits == 2 ? 2000 + y : y; }

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

class Parser {
 public:
  Parser(std::string_view text, const PlanYear& plan)
      : text_(text), plan_(plan), tokens_(tokenize(text)), canon_(canonical(tokens_)) {}

  Schedule run() {
    Schedule s;
    s.text = std::string(text_);
    if (!tokens_.empty() && (fixed(s) || yearly(s) || until_quarter(s) || external(s) ||
                             event(s) || dates(s) || month_list(s, 0)))
      return s;
    Schedule bad;
    bad.text = std::string(text_);
    return bad;
  }

 private:
  bool fixed(Schedule& s) {
    for (auto [phrase, kind] : kFixed)
      if (canon_ == phrase) return s.kind = kind, true;
    for (std::string_view p : kMonthlyPhrases)
      if (canon_ == p) return monthly(s);
    for (std::string_view prefix : kOncePrefixes) {
      if (!canon_.starts_with(prefix)) continue;
      std::string_view rest = std::string_view(canon_).substr(prefix.size());
      for (auto [period, kind] : kPeriods) {
        if (rest != period) continue;
        if (kind == Kind::months) return monthly(s);
        return s.kind = kind, true;
      }
    }
    return false;
  }

  // Every month of the plan year, each placed by the plan year on expansion.
  bool monthly(Schedule& s) {
    s.kind = Kind::months;
    int first = plan_.start().m;
    for (int i = 0; i < 12; ++i) {
      int m = (first - 1 + i) % 12 + 1;
      s.months.push_back({{m, 0}, {m, 0}});
    }
    return true;
  }

  // "Ежегодно", "Ежегодно Сентябрь", "Ежегодно В течение учебного года".
  bool yearly(Schedule& s) {
    if (tokens_[0].text != "ежегодно" || tokens_.size() < 2) return false;
    std::string rest = canonical(tokens_, 1);
    for (auto [phrase, kind] : kFixed)
      if (rest == phrase && kind == Kind::during_year) return s.kind = Kind::yearly, true;
    std::size_t i = is(1, Token::Type::comma) ? 2 : 1;  // "ежегодно, сентябрь"
    if (!month_list(s, i)) return false;
    s.kind = Kind::yearly;
    return true;
  }

  // "до четвертой четверти", "до IV четверти", "до начала 4 четверти".
  bool until_quarter(Schedule& s) {
    std::size_t i = 0;
    auto word = [&](std::string_view w) {
      return i < tokens_.size() && tokens_[i].text == w ? (++i, true) : false;
    };
    if (!word("до")) return false;
    word("начала");
    if (i + 2 != tokens_.size() || tokens_[i + 1].text != "четверти") return false;
    for (auto [name, n] : kOrdinals) {
      if (tokens_[i].text == name) {
        s.kind = Kind::until_quarter;
        s.quarter = n;
        return true;
      }
    }
    return false;
  }

  bool external(Schedule& s) {
    for (std::string_view marker : kExternalMarkers) {
      if (!starts_with_words(canon_, marker)) continue;
      s.kind = Kind::external;
      s.body = original_tail(text_, tokens_, word_count(marker));
      return true;
    }
    return false;
  }

  bool event(Schedule& s) {
    for (std::string_view marker : kEventMarkers) {
      if (!starts_with_words(canon_, marker) || tokens_.size() <= word_count(marker)) continue;
      s.kind = Kind::event;
      s.event = original_tail(text_, tokens_, 0);
      return true;
    }
    return false;
  }

  bool is(std::size_t i, Token::Type t) const { return i < tokens_.size() && tokens_[i].type == t; }

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
      if (y.size() == 4 || y.size() == 2) {
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

  bool words_at(std::size_t& i, std::initializer_list<std::string_view> ws) const {
    std::size_t j = i;
    for (std::string_view w : ws)
      if (!is(j, Token::Type::word) || tokens_[j++].text != w) return false;
    i = j;
    return true;
  }

  bool dates(Schedule& s) {
    std::size_t i = 0;
    if (words_at(i, {"до"}) || words_at(i, {"не", "позднее"}) || words_at(i, {"не", "позже"}) ||
        words_at(i, {"в", "срок", "до"}) || words_at(i, {"срок", "до"})) {
      auto d = whole_date(i);
      if (!d || i != tokens_.size()) return false;
      s.kind = Kind::by_date;
      s.last = *d;
      return true;
    }
    bool from_to = words_at(i, {"с"});
    auto a = date_parts(i);
    if (!a) return false;
    if (i == tokens_.size() && !from_to) {  // a single date
      i = 0;
      auto d = whole_date(i);
      if (!d) return false;
      s.kind = Kind::date;
      s.first = s.last = *d;
      return true;
    }
    if (from_to ? !words_at(i, {"по"}) : !is(i, Token::Type::dash)) return false;
    if (!from_to) ++i;
    auto b = whole_date(i);
    if (!b || i != tokens_.size()) return false;
    // The first date borrows what it lacks from the second: "13-17.02.2023", "13.02-17.03.2023".
    Date first{a->y, a->m ? a->m : b->m, a->d};
    if (first.y == 0) first.y = first.m > b->m ? b->y - 1 : b->y;
    if (!first.valid() || *b < first) return false;
    s.kind = Kind::range;
    s.first = first;
    s.last = *b;
    return true;
  }

  // "Март 2023", "в марте", "Октябрь, декабрь, март, май", "сентябрь – декабрь 2023".
  bool month_list(Schedule& s, std::size_t i) {
    if (is(i, Token::Type::word) && tokens_[i].text == "в") ++i;
    std::vector<MonthSpan> spans;
    auto ref = [&](MonthRef& r) {
      if (!is(i, Token::Type::word) || !(r.month = month_of_word(tokens_[i].text))) return false;
      ++i;
      if (is(i, Token::Type::num) && tokens_[i].text.size() == 4) r.year = to_int(tokens_[i++].text);
      return true;
    };
    while (i < tokens_.size()) {
      if (!spans.empty()) {
        if (is(i, Token::Type::comma) || (is(i, Token::Type::word) && tokens_[i].text == "и")) ++i;
      }
      MonthSpan span;
      if (!ref(span.from)) return false;
      span.to = span.from;
      if (is(i, Token::Type::dash)) {
        ++i;
        if (!ref(span.to)) return false;
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

  std::string_view text_;
  const PlanYear& plan_;
  std::vector<Token> tokens_;
  std::string canon_;
};

}  // namespace

Schedule parse_deadline(std::string_view text, const PlanYear& plan) {
  return Parser(text, plan).run();
}

}  // namespace opora::host
