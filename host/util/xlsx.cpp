#include "util/xlsx.hpp"

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/text.hpp"

namespace opora::host {

namespace {

constexpr std::size_t kChunk = 64 * 1024;
constexpr int kMaxRows = 1048576;  // Excel's last row

// A problem of the archive or of one of its parts (not of a cell).
class Refusal : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string mib(std::uint64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " МБ"; }

std::string zip_problem(int code) {
  zip_error_t e;
  zip_error_init_with_code(&e, code);
  std::string detail = zip_error_strerror(&e);
  zip_error_fini(&e);
  return detail;
}

// --- the archive and its parts -----------------------------------------------------------------

struct Archive {
  zip_t* zip = nullptr;
  XlsxLimits limits;
  std::uint64_t total = 0;  // unpacked bytes of all parts read so far
  ~Archive() {
    if (zip) zip_discard(zip);
  }
  bool has(const std::string& name) const { return zip_name_locate(zip, name.c_str(), 0) >= 0; }
};

[[noreturn]] void bomb(const std::string& part, std::uint64_t cap) {
  throw Refusal("часть архива «" + part + "» распаковывается больше чем в " + mib(cap) +
                ": в таблицах выгрузок такого не бывает — файл повреждён или это zip-бомба");
}

// One part of the archive, unpacked as it is read; the caps hold whatever the archive claims.
class Part {
 public:
  Part(Archive& a, const std::string& name) : a_(a), name_(name) {
    zip_int64_t index = zip_name_locate(a.zip, name.c_str(), 0);
    if (index < 0) throw Refusal("в архиве нет части «" + name + "»: это не книга XLSX");
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(a.zip, static_cast<zip_uint64_t>(index), 0, &st) == 0 &&
        (st.valid & ZIP_STAT_SIZE)) {
      if (st.size > a.limits.max_part) bomb(name, a.limits.max_part);
      if (a.total + st.size > a.limits.max_total) bomb(name, a.limits.max_total);
    }
    file_ = zip_fopen_index(a.zip, static_cast<zip_uint64_t>(index), 0);
    if (!file_)
      throw Refusal("часть архива «" + name + "» не открывается (" +
                    zip_strerror(a.zip) + "): файл повреждён или зашифрован");
  }
  ~Part() {
    if (file_) zip_fclose(file_);
  }
  Part(const Part&) = delete;
  Part& operator=(const Part&) = delete;

  // Up to `n` bytes; 0 at the end.
  std::size_t read(char* buf, std::size_t n) {
    zip_int64_t got = zip_fread(file_, buf, n);
    if (got < 0)
      throw Refusal("часть архива «" + name_ + "» повреждена (" + zip_file_strerror(file_) +
                    "): файл обрезан или испорчен");
    auto g = static_cast<std::uint64_t>(got);
    read_ += g;
    a_.total += g;
    if (read_ > a_.limits.max_part) bomb(name_, a_.limits.max_part);
    if (a_.total > a_.limits.max_total) bomb(name_, a_.limits.max_total);
    return static_cast<std::size_t>(got);
  }
  const std::string& name() const { return name_; }

 private:
  Archive& a_;
  std::string name_;
  zip_file_t* file_ = nullptr;
  std::uint64_t read_ = 0;
};

// --- streaming XML -----------------------------------------------------------------------------

class Xml;

// Elements by local name (namespaces and prefixes dropped: writers differ in them).
struct XmlHandler {
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const XML_Char** attrs) = 0;
  virtual void end(std::string_view) {}
  virtual void text(std::string_view) {}
  Xml* xml = nullptr;
};

std::string_view local(const XML_Char* name) {
  std::string_view n(name);
  auto bar = n.rfind('|');
  return bar == std::string_view::npos ? n : n.substr(bar + 1);
}

std::optional<std::string_view> attr(const XML_Char** attrs, std::string_view name) {
  for (int i = 0; attrs[i]; i += 2)
    if (local(attrs[i]) == name) return std::string_view(attrs[i + 1]);
  return std::nullopt;
}

class Xml {
 public:
  explicit Xml(XmlHandler& h) : h_(h) {
    p_ = XML_ParserCreateNS(nullptr, '|');
    if (!p_) throw std::bad_alloc();
    h.xml = this;
    XML_SetUserData(p_, this);
    XML_SetElementHandler(p_, &Xml::on_start, &Xml::on_end);
    XML_SetCharacterDataHandler(p_, &Xml::on_text);
    XML_SetStartDoctypeDeclHandler(p_, &Xml::on_doctype);
  }
  ~Xml() { XML_ParserFree(p_); }
  Xml(const Xml&) = delete;
  Xml& operator=(const Xml&) = delete;

  // Stops the parse; feed() then throws CsvError(line, column, message).
  void fail(int line, int column, std::string message) {
    if (failed_) return;
    failed_ = true;
    line_ = line, column_ = column, message_ = std::move(message);
    XML_StopParser(p_, XML_FALSE);
  }

  void feed(const char* data, std::size_t n, bool final, const std::string& part) {
    if (XML_Parse(p_, data, static_cast<int>(n), final ? 1 : 0) != XML_STATUS_ERROR) return;
    if (failed_) throw CsvError(line_, column_, message_);
    throw CsvError(0, 0, "часть архива «" + part + "» — не XML (строка " +
                             std::to_string(XML_GetCurrentLineNumber(p_)) + ": " +
                             XML_ErrorString(XML_GetErrorCode(p_)) +
                             "): файл повреждён или обрезан");
  }

  // Reads the whole part.
  void parse(Part& part) {
    std::vector<char> buf(kChunk);
    for (;;) {
      std::size_t n = part.read(buf.data(), buf.size());
      feed(buf.data(), n, n == 0, part.name());
      if (n == 0) return;
    }
  }

 private:
  // Callbacks run inside expat (C): nothing may unwind through it, so failures stop the parse.
  template <class F>
  static void guarded(void* self, F f) {
    auto* x = static_cast<Xml*>(self);
    if (x->failed_) return;
    try {
      f(x->h_);
    } catch (const CsvError& e) {
      x->fail(e.line, e.column, e.what());
    } catch (const std::exception& e) {
      x->fail(0, 0, e.what());
    }
  }
  static void on_start(void* self, const XML_Char* name, const XML_Char** attrs) {
    guarded(self, [&](XmlHandler& h) { h.start(local(name), attrs); });
  }
  static void on_end(void* self, const XML_Char* name) {
    guarded(self, [&](XmlHandler& h) { h.end(local(name)); });
  }
  static void on_text(void* self, const XML_Char* s, int len) {
    guarded(self, [&](XmlHandler& h) { h.text({s, static_cast<std::size_t>(len)}); });
  }
  // Parts of a book never declare a DTD; refusing one rules out entity expansion altogether.
  static void on_doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    static_cast<Xml*>(self)->fail(0, 0, "в части книги объявлен DTD: в файлах XLSX его не "
                                        "бывает — файл подделан или повреждён");
  }

  XmlHandler& h_;
  XML_Parser p_;
  bool failed_ = false;
  int line_ = 0, column_ = 0;
  std::string message_;
};

void parse_part(Archive& a, const std::string& name, XmlHandler& h) {
  Part part(a, name);
  Xml xml(h);
  xml.parse(part);
}

// --- workbook, relationships, shared strings, styles --------------------------------------------

struct Relationships final : XmlHandler {
  struct Rel {
    std::string type, target;
  };
  std::map<std::string, Rel, std::less<>> by_id;
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name != "Relationship") return;
    auto id = attr(attrs, "Id");
    auto target = attr(attrs, "Target");
    if (!id || !target) return;
    by_id[std::string(*id)] = {std::string(attr(attrs, "Type").value_or("")), std::string(*target)};
  }
  // The part a relationship of xl/workbook.xml points to.
  static std::string resolve(std::string_view target) {
    if (target.starts_with('/')) return std::string(target.substr(1));
    return "xl/" + std::string(target);
  }
  std::optional<std::string> of_type(std::string_view suffix) const {
    for (const auto& [id, rel] : by_id)
      if (rel.type.ends_with(suffix)) return resolve(rel.target);
    return std::nullopt;
  }
};

struct Workbook final : XmlHandler {
  struct Sheet {
    std::string name, rel;
    bool visible = true;
  };
  std::vector<Sheet> sheets;
  bool date1904 = false;
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "workbookPr") {
      auto v = attr(attrs, "date1904");
      date1904 = v && (*v == "1" || *v == "true");
    } else if (name == "sheet") {
      auto state = attr(attrs, "state");
      sheets.push_back({std::string(attr(attrs, "name").value_or("")),
                        std::string(attr(attrs, "id").value_or("")),
                        !state || *state == "visible"});
    }
  }
};

struct SharedStrings final : XmlHandler {
  explicit SharedStrings(std::size_t cap) : cap(cap) {}
  std::size_t cap;
  std::vector<std::string> list;
  std::string cur;
  bool in_si = false, in_t = false;
  int phonetic = 0;  // inside <rPh>: a reading guide, not the text
  void start(std::string_view name, const XML_Char**) override {
    if (name == "si") {
      if (list.size() >= cap)
        throw CsvError(0, 0, "в книге больше " + std::to_string(cap) +
                                 " общих строк: в таблицах выгрузок столько не бывает");
      in_si = true;
      cur.clear();
    } else if (name == "rPh") {
      ++phonetic;
    } else if (name == "t" && in_si && phonetic == 0) {
      in_t = true;
    }
  }
  void end(std::string_view name) override {
    if (name == "si") {
      list.push_back(cur);
      in_si = false;
    } else if (name == "rPh") {
      --phonetic;
    } else if (name == "t") {
      in_t = false;
    }
  }
  void text(std::string_view s) override {
    if (in_t) cur += s;
  }
};

// Whether a number format shows a date or a time: any of d m y h s outside quoted text,
// escapes and [..] sections (colours, conditions, locales).
bool date_format(std::string_view code) {
  if (code.empty()) return false;
  bool quoted = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (quoted) {
      quoted = c != '"';
      continue;
    }
    if (c == '"') quoted = true;
    else if (c == '\\' || c == '_' || c == '*') ++i;
    else if (c == '[') {
      auto close = code.find(']', i);
      if (close == std::string_view::npos) return false;
      std::string_view inner = code.substr(i + 1, close - i - 1);
      // [h], [mm], [ss]: elapsed time.
      if (!inner.empty() && std::all_of(inner.begin(), inner.end(), [](char x) {
            return x == 'h' || x == 'H' || x == 'm' || x == 'M' || x == 's' || x == 'S';
          }))
        return true;
      i = close;
    } else if (std::string_view("dDmMyYhHsS").find(c) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

bool builtin_date_format(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

int to_int(std::string_view s, int fallback = -1) {
  int v = fallback;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() ? v : fallback;
}

struct Styles final : XmlHandler {
  std::map<int, bool> custom;   // numFmtId → shows a date
  std::vector<int> xf_formats;  // cellXfs index → numFmtId
  bool in_xfs = false;
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "numFmt") {
      custom[to_int(attr(attrs, "numFmtId").value_or(""))] =
          date_format(attr(attrs, "formatCode").value_or(""));
    } else if (name == "cellXfs") {
      in_xfs = true;
    } else if (name == "xf" && in_xfs) {
      xf_formats.push_back(to_int(attr(attrs, "numFmtId").value_or("0"), 0));
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_xfs = false;
  }
  std::vector<bool> dates() const {
    std::vector<bool> d;
    for (int id : xf_formats) {
      auto it = custom.find(id);
      d.push_back(it != custom.end() ? it->second : builtin_date_format(id));
    }
    return d;
  }
};

// "D17" → column 4, row 17; column 0 when the reference is malformed.
std::pair<int, int> parse_ref(std::string_view ref) {
  std::size_t i = 0;
  long col = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && i < 4) col = col * 26 + (ref[i++] - 'A' + 1);
  if (i == 0 || i > 3) return {0, 0};
  int row = to_int(ref.substr(i), 0);
  if (row <= 0) return {0, 0};
  return {static_cast<int>(col), row};
}

struct Merge {
  int first_row, last_row, column;
};

// The merged ranges of the sheet (they follow its cells in the XML: read in a first pass).
struct Merges final : XmlHandler {
  explicit Merges(std::size_t cap) : cap(cap) {}
  std::size_t cap;
  std::vector<Merge> list;
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name != "mergeCell") return;
    auto ref = attr(attrs, "ref").value_or("");
    auto colon = ref.find(':');
    if (colon == std::string_view::npos) return;
    auto [c1, r1] = parse_ref(ref.substr(0, colon));
    auto [c2, r2] = parse_ref(ref.substr(colon + 1));
    if (c1 == 0 || c2 == 0 || r2 <= r1) return;  // one row: nothing to carry down
    if (list.size() >= cap)
      throw CsvError(0, 0, "на листе больше " + std::to_string(cap) + " объединённых ячеек");
    list.push_back({r1, r2, c1});
  }
};

// Excel's serial day number as ISO text: 2024-05-15, or 2024-05-15 08:30:00 with a time.
std::optional<std::string> serial_date(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < 0 || serial > 2958466) return std::nullopt;  // ≤ 9999
  using namespace std::chrono;
  double whole = std::floor(serial);
  auto seconds = static_cast<long>(std::llround((serial - whole) * 86400.0));
  long days = static_cast<long>(whole);
  if (seconds >= 86400) ++days, seconds -= 86400;
  sys_days base;
  if (date1904) base = sys_days(year(1904) / January / 1);
  else if (days >= 61) base = sys_days(year(1899) / December / 30);
  else if (days == 60) days = 59, base = sys_days(year(1899) / December / 31);  // 1900-02-29
  else base = sys_days(year(1899) / December / 31);
  year_month_day d{base + std::chrono::days(days)};
  char out[64];  // room for any int year and long fields, so the format cannot truncate
  if (seconds == 0)
    std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  else
    std::snprintf(out, sizeof out, "%04d-%02u-%02u %02ld:%02ld:%02ld", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()), seconds / 3600,
                  seconds / 60 % 60, seconds % 60);
  return std::string(out);
}

// The shortest text that reads back as the same double, without an exponent.
std::string number_text(double v) {
  char out[400];
  auto r = std::to_chars(out, out + sizeof out, v, std::chars_format::fixed);
  return std::string(out, r.ptr);
}

}  // namespace

// --- the sheet, streamed -----------------------------------------------------------------------

struct XlsxReader::Impl final : XmlHandler {
  Archive archive;
  std::string sheet_name;
  std::optional<Part> part;
  std::optional<Xml> parser;
  bool done = false;
  std::vector<char> buf = std::vector<char>(kChunk);

  std::vector<std::string> strings;
  std::vector<bool> date_styles;
  bool date1904 = false;
  std::vector<Merge> merges;  // sorted by first row
  std::size_t next_merge = 0;

  struct Row {
    int line = 0;
    std::vector<std::pair<int, std::string>> cells;  // by column, ascending
  };
  struct Fill {
    int column, last_row;
    std::string value;
  };
  std::vector<Fill> fills;  // merged values still carried down
  std::deque<Row> ready;
  Row current;  // what next() last returned (the views point into it)

  // Parsing state.
  bool in_data = false;
  int last_row = 0, emitted = 0;
  Row row;
  std::size_t row_bytes = 0;
  int col = 0, last_col = 0;
  std::string type, value;
  int style = -1;
  bool in_cell = false, collecting = false, in_inline = false;
  int phonetic = 0;

  const CsvLimits& limits() const { return archive.limits.cells; }

  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "sheetData") {
      in_data = true;
    } else if (!in_data) {
      return;
    } else if (name == "row") {
      auto r = attr(attrs, "r");
      int n = r ? to_int(*r, 0) : last_row + 1;
      if (n <= 0 || n > kMaxRows)
        throw CsvError(last_row + 1, 0, "номер строки листа «" + std::string(r.value_or("")) +
                                            "» вне 1–" + std::to_string(kMaxRows));
      if (n <= last_row)
        throw CsvError(n, 0, "строки листа не по порядку: строка " + std::to_string(n) +
                                 " после строки " + std::to_string(last_row) + " — файл повреждён");
      row.line = last_row = n;
      row.cells.clear();
      row_bytes = 0;
      last_col = 0;
    } else if (name == "c") {
      auto r = attr(attrs, "r");
      col = last_col + 1;
      if (r) {
        auto [c, rr] = parse_ref(*r);
        if (c == 0 || rr != row.line)
          throw CsvError(row.line, last_col + 1,
                         "ссылка на ячейку «" + std::string(*r) + "» не из строки " +
                             std::to_string(row.line) + " — файл повреждён");
        col = c;
      }
      if (col > static_cast<int>(limits().max_fields))
        throw CsvError(row.line, 0,
                       "ячейка за последним столбцом листа (" +
                           column_letters(static_cast<int>(limits().max_fields)) + ", " +
                           std::to_string(limits().max_fields) +
                           " столбцов): файл повреждён или это не таблица");
      if (col <= last_col)
        throw CsvError(row.line, col, "ячейки строки не по порядку — файл повреждён");
      type = std::string(attr(attrs, "t").value_or("n"));
      style = to_int(attr(attrs, "s").value_or("-1"));
      value.clear();
      in_cell = true;
    } else if (!in_cell) {
      return;
    } else if (name == "v") {
      collecting = true;
    } else if (name == "is") {
      in_inline = true;
    } else if (name == "rPh") {
      ++phonetic;
    } else if (name == "t" && in_inline && phonetic == 0) {
      collecting = true;
    }
  }

  void text(std::string_view s) override {
    if (!collecting) return;
    if (value.size() + s.size() > limits().max_cell) check_cell(value + std::string(s), row.line, col, limits().max_cell);
    value += s;
  }

  void end(std::string_view name) override {
    if (name == "v" || name == "t") {
      collecting = false;
    } else if (name == "is") {
      in_inline = false;
    } else if (name == "rPh") {
      --phonetic;
    } else if (name == "c" && in_cell) {
      in_cell = false;
      std::string v = resolve();
      last_col = col;
      if (v.empty()) return;
      row_bytes += v.size();
      if (row_bytes > limits().max_record)
        throw CsvError(row.line, col, "строка длиннее " + std::to_string(limits().max_record / 1024) +
                                          " КБ: в таблицах выгрузок таких не бывает");
      row.cells.emplace_back(col, std::move(v));
    } else if (name == "row" && in_data) {
      emit();
    } else if (name == "sheetData") {
      in_data = false;
    }
  }

  std::string resolve() {
    if (type == "s") {
      int i = to_int(trim(value));
      if (i < 0 || static_cast<std::size_t>(i) >= strings.size())
        throw CsvError(row.line, col, "ячейка ссылается на общую строку № " + value + ", а их в книге " +
                                          std::to_string(strings.size()) + " — файл повреждён");
      return strings[static_cast<std::size_t>(i)];
    }
    if (type == "inlineStr" || type == "str" || type == "e" || type == "b") return value;
    if (type == "d") {  // ISO 8601 text; a midnight time adds nothing
      auto t = value.find('T');
      if (t != std::string::npos && value.find_first_not_of("0:.", t + 1) == std::string::npos)
        value.resize(t);
      else if (t != std::string::npos)
        value[t] = ' ';
      return value;
    }
    std::string_view text = trim(value);
    if (text.empty()) return {};
    double d = 0;
    auto r = std::from_chars(text.data(), text.data() + text.size(), d);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size())
      throw CsvError(row.line, col, "в числовой ячейке не число «" + std::string(text.substr(0, 80)) +
                                        "» — файл повреждён");
    if (style >= 0 && static_cast<std::size_t>(style) < date_styles.size() &&
        date_styles[static_cast<std::size_t>(style)])
      if (auto date = serial_date(d, date1904)) return *date;
    return number_text(d);
  }

  // A finished row: merged values carried into it (and into the rows the sheet leaves out
  // between a merge's first row and this one), then queued for next().
  void emit() {
    for (int gap = emitted + 1; gap < row.line; ++gap) {
      bool covered = false;
      for (const auto& f : fills) covered = covered || f.last_row >= gap;
      if (!covered) break;
      Row filled{gap, {}};
      carry(filled);
      if (!filled.cells.empty()) ready.push_back(std::move(filled));
    }
    carry(row);
    while (next_merge < merges.size() && merges[next_merge].first_row <= row.line) {
      const Merge& m = merges[next_merge++];
      if (m.first_row != row.line) continue;  // its first row is not in the sheet: no value
      for (const auto& [c, v] : row.cells)
        if (c == m.column) fills.push_back({m.column, m.last_row, v});
    }
    emitted = row.line;
    if (!row.cells.empty()) ready.push_back(std::move(row));
    row = Row{};
  }

  void carry(Row& r) {
    for (const auto& f : fills) {
      if (f.last_row < r.line) continue;
      auto at = std::lower_bound(r.cells.begin(), r.cells.end(), f.column,
                                 [](const auto& cell, int c) { return cell.first < c; });
      if (at == r.cells.end() || at->first != f.column) r.cells.insert(at, {f.column, f.value});
    }
    std::erase_if(fills, [&](const Fill& f) { return f.last_row <= r.line; });
  }

  // Parses one more chunk of the sheet; false at its end.
  bool more() {
    if (done) return false;
    std::size_t n;
    try {
      n = part->read(buf.data(), buf.size());
    } catch (const Refusal& e) {
      throw CsvError(0, 0, e.what());
    }
    parser->feed(buf.data(), n, n == 0, part->name());
    if (n == 0) done = true;
    return true;
  }
};

XlsxReader::XlsxReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XlsxReader::~XlsxReader() = default;

std::string_view XlsxReader::sheet() const { return impl_->sheet_name; }

std::unique_ptr<XlsxReader> XlsxReader::open(const std::filesystem::path& file,
                                             std::string_view sheet, XlsxLimits limits) {
  auto impl = std::make_unique<Impl>();
  auto& a = impl->archive;
  a.limits = limits;
  const std::string name = file.string();
  try {
    int err = 0;
    a.zip = zip_open(file.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err);
    if (!a.zip) {
      if (err == ZIP_ER_OPEN || err == ZIP_ER_READ || err == ZIP_ER_NOENT)
        throw Refusal("не удалось открыть файл (" + zip_problem(err) + ")");
      throw Refusal("файл похож на XLSX, но архив повреждён или обрезан (" + zip_problem(err) +
                    "): сохраните книгу заново или выгрузите её ещё раз");
    }
    if (!a.has("xl/workbook.xml"))
      throw Refusal("в архиве нет xl/workbook.xml: это не книга Excel (.xlsx)");
    Relationships rels;
    if (a.has("xl/_rels/workbook.xml.rels")) parse_part(a, "xl/_rels/workbook.xml.rels", rels);
    Workbook book;
    parse_part(a, "xl/workbook.xml", book);
    impl->date1904 = book.date1904;

    const Workbook::Sheet* chosen = nullptr;
    for (const auto& s : book.sheets)
      if (sheet.empty() ? s.visible : s.name == sheet) {
        chosen = &s;
        break;
      }
    if (!chosen) {
      std::string names;
      for (const auto& s : book.sheets) names += (names.empty() ? "«" : ", «") + s.name + "»";
      if (sheet.empty()) throw Refusal("в книге нет видимых листов");
      throw Refusal("в книге нет листа «" + std::string(sheet) + "»; листы: " + names);
    }
    impl->sheet_name = chosen->name;
    auto rel = rels.by_id.find(chosen->rel);
    if (rel == rels.by_id.end())
      throw Refusal("лист «" + chosen->name + "» не найден в архиве — файл повреждён");
    std::string sheet_part = Relationships::resolve(rel->second.target);

    std::string strings_part = rels.of_type("/sharedStrings").value_or("xl/sharedStrings.xml");
    if (a.has(strings_part)) {
      SharedStrings sst(limits.max_strings);
      parse_part(a, strings_part, sst);
      impl->strings = std::move(sst.list);
    }
    std::string styles_part = rels.of_type("/styles").value_or("xl/styles.xml");
    if (a.has(styles_part)) {
      Styles styles;
      parse_part(a, styles_part, styles);
      impl->date_styles = styles.dates();
    }
    {
      Merges merges(limits.max_merges);
      parse_part(a, sheet_part, merges);
      impl->merges = std::move(merges.list);
      std::stable_sort(impl->merges.begin(), impl->merges.end(),
                       [](const Merge& x, const Merge& y) { return x.first_row < y.first_row; });
    }
    impl->part.emplace(a, sheet_part);
    impl->parser.emplace(*impl);
  } catch (const CsvError& e) {
    throw std::runtime_error(format_position(name, impl->sheet_name, e.line, e.column) + ": " +
                             e.what());
  } catch (const Refusal& e) {
    throw std::runtime_error(name + ": " + e.what());
  }
  return std::unique_ptr<XlsxReader>(new XlsxReader(std::move(impl)));
}

bool XlsxReader::next(CsvRow& row) {
  auto& s = *impl_;
  while (s.ready.empty())
    if (!s.more()) return false;
  s.current = std::move(s.ready.front());
  s.ready.pop_front();
  row.line = s.current.line;
  row.fields.assign(static_cast<std::size_t>(s.current.cells.back().first), std::string_view());
  for (const auto& [c, v] : s.current.cells) {
    check_cell(v, row.line, c, s.limits().max_cell);
    row.fields[static_cast<std::size_t>(c) - 1] = v;
  }
  apply_width(row, width_);
  return true;
}

}  // namespace opora::host
