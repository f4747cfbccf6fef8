#include "util/csv.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "util/encoding.hpp"
#include "util/rows.hpp"
#include "util/text.hpp"

namespace opora::host {

namespace {

// One read() of this size: large enough that per-call overhead vanishes, small enough that the
// buffer never holds much more than one row.
constexpr std::size_t kChunk = 256 * 1024;

std::string size_text(std::size_t bytes) {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
    return std::to_string(bytes / (1024 * 1024)) + " МБ";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " КБ";
  return std::to_string(bytes) + " байт";
}

bool has_high_bytes(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// A text that may end in the middle of a line (and of a UTF-8 sequence): cut back to a boundary
// that is surely between characters, so an encoding can be judged on it.
std::string_view whole_characters(std::string_view s, bool at_end) {
  if (at_end) return s;
  auto nl = s.rfind('\n');
  if (nl != std::string_view::npos) return s.substr(0, nl);
  std::size_t i = s.size();
  while (i > 0 && static_cast<unsigned char>(s[i - 1]) >= 0x80) --i;
  return s.substr(0, i);
}

}  // namespace

struct CsvReader::File {
  int fd = -1;
  ~File() {
    if (fd >= 0) ::close(fd);
  }
};

CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;
CsvReader::~CsvReader() = default;

CsvReader CsvReader::open(const std::filesystem::path& file, CsvLimits limits) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw std::runtime_error("не удалось открыть файл " + file.string() + ": " +
                             std::strerror(errno));
  CsvReader r;
  r.file_ = std::make_unique<File>();
  r.file_->fd = fd;
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    throw std::runtime_error("не удалось прочитать файл " + file.string() + ": это не файл");
  r.limits_ = limits;
  r.init();
  return r;
}

CsvReader CsvReader::from_string(std::string text, CsvLimits limits) {
  CsvReader r;
  r.buf_ = std::move(text);
  r.eof_ = true;
  r.limits_ = limits;
  r.init();
  return r;
}

bool CsvReader::fill() {
  if (eof_ || !file_) {
    eof_ = true;
    return false;
  }
  std::size_t old = buf_.size();
  buf_.resize(old + kChunk);
  ssize_t n;
  do n = ::read(file_->fd, buf_.data() + old, kChunk);
  while (n < 0 && errno == EINTR);
  if (n < 0) {
    int err = errno;
    buf_.resize(old);
    throw std::runtime_error(std::string("ошибка чтения файла: ") + std::strerror(err));
  }
  buf_.resize(old + static_cast<std::size_t>(n));
  if (n == 0) eof_ = true;
  return n > 0;
}

bool CsvReader::have(std::size_t n) {
  while (buf_.size() - pos_ < n) {
    if (eof_) return false;
    if (pos_ > 0) {  // keep only the unread tail, so the buffer holds about one row
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    fill();
  }
  return true;
}

void CsvReader::init() {
  have(kChunk);  // the first chunk: enough for the BOM, the header and the encoding
  std::string_view all(buf_.data() + pos_, buf_.size() - pos_);
  if (all.starts_with("\xEF\xBB\xBF")) {
    encoding_ = Encoding::utf8_bom;
    decided_ = true;
    pos_ += 3;
    all.remove_prefix(3);
  } else {
    // Judged on the first line with non-ASCII text, as decode() does for later rows, so a file
    // glued from a UTF-8 and a Windows-1251 part is refused rather than half mis-read.
    std::string_view head = whole_characters(all, eof_);
    auto high = std::find_if(head.begin(), head.end(),
                             [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    if (high != head.end()) {
      auto at = static_cast<std::size_t>(high - head.begin());
      auto start = head.rfind('\n', at);
      start = start == std::string_view::npos ? 0 : start + 1;
      auto stop = head.find('\n', at);
      decided_ = true;
      encoding_ = is_valid_utf8(head.substr(start, stop == std::string_view::npos ? head.npos
                                                                                   : stop - start))
                      ? Encoding::utf8
                      : Encoding::cp1251;
    }
  }
  // The delimiter found on most of the first lines (outside quotes); ';' wins ties, then tab
  // (Russian Excel). Counting lines, not characters, keeps a title line above the table
  // ("Мониторинг, 2023 год") or decimal commas in the cells from deciding it.
  constexpr int lines_to_look_at = 20;
  const char candidates[3] = {';', '\t', ','};
  int lines_with[3] = {0, 0, 0};
  bool on_line[3] = {false, false, false};
  bool quoted = false;
  int lines = 0;
  auto end_line = [&] {
    for (int i = 0; i < 3; ++i) lines_with[i] += on_line[i] ? 1 : 0, on_line[i] = false;
    ++lines;
  };
  for (std::size_t i = 0; i < all.size() && lines < lines_to_look_at; ++i) {
    char c = all[i];
    if (c == '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c == '\n') end_line();
    else if (c == ';') on_line[0] = true;
    else if (c == '\t') on_line[1] = true;
    else if (c == ',') on_line[2] = true;
  }
  end_line();
  int best = 0;
  for (int i = 1; i < 3; ++i)
    if (lines_with[i] > lines_with[best]) best = i;
  delimiter_ = candidates[best];
}

void CsvReader::too_long(std::size_t from, std::size_t field_start, std::size_t at,
                         int column) const {
  int line = line_ + static_cast<int>(std::count(buf_.begin() + static_cast<std::ptrdiff_t>(from),
                                                 buf_.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  if (at - field_start > limits_.max_cell)
    throw CsvError(line, column,
                   "ячейка длиннее " + size_text(limits_.max_cell) +
                       ": в таблицах выгрузок таких не бывает — файл повреждён или это не таблица");
  throw CsvError(line, column,
                 "строка длиннее " + size_text(limits_.max_record) +
                     ": в таблицах выгрузок таких не бывает — файл повреждён, в нём нет переводов "
                     "строк или это не таблица");
}

// The end of the row starting at `from` (just past its '\n', or the end of the input), by the
// same grammar as field(); npos when the buffer ends first and more input may follow. Nothing
// is changed, so the row can be scanned again once more input is read.
std::size_t CsvReader::record_end(std::size_t from) {
  const char* b = buf_.data();
  const std::size_t n = buf_.size();
  const std::size_t npos = std::string::npos;
  std::size_t p = from, field_start = from;
  int column = 1;
  auto incomplete = [&](std::size_t at) {
    if (at - from > limits_.max_record) too_long(from, field_start, at, column);
    return eof_ ? n : npos;
  };
  for (;;) {
    if (p < n && b[p] == '"') {
      ++p;
      for (;;) {
        const void* q = p < n ? std::memchr(b + p, '"', n - p) : nullptr;
        if (!q) return incomplete(n);
        p = static_cast<std::size_t>(static_cast<const char*>(q) - b) + 1;
        if (p == n) return incomplete(n);
        if (b[p] != '"') break;
        ++p;
      }
    }
    while (p < n && b[p] != delimiter_ && b[p] != '\n') ++p;
    if (p - from > limits_.max_record) too_long(from, field_start, p, column);
    if (p == n) return incomplete(n);
    if (b[p] == '\n') return p + 1;
    field_start = ++p;
    ++column;
  }
}

// Reads one field starting at p; leaves p on the delimiter, the line end or `end`.
std::string_view CsvReader::field(char*& p, char* end, int line, int column, int& lines) {
  if (p == end || *p != '"') {
    char* start = p;
    while (p < end && *p != delimiter_ && *p != '\n') ++p;
    char* stop = p;
    if (stop > start && stop[-1] == '\r' && (p == end || *p == '\n')) --stop;
    return {start, static_cast<std::size_t>(stop - start)};
  }
  // Quoted: unescape "" in place; the result is never longer than the source.
  char* start = ++p;
  char* out = start;
  for (;;) {
    if (p == end)
      throw CsvError(line, column, "кавычка, открытая в строке " + std::to_string(line) +
                                       ", столбце " + std::to_string(column) + ", не закрыта");
    char c = *p++;
    if (c == '"') {
      if (p < end && *p == '"') {
        *out++ = '"';
        ++p;
        continue;
      }
      break;
    }
    if (c == '\r' && p < end && *p == '\n') continue;  // a cell's line break is "\n"
    if (c == '\n') ++lines;
    *out++ = c;
  }
  if (p < end && *p == '\r' && (p + 1 == end || p[1] == '\n')) ++p;
  if (p < end && *p != delimiter_ && *p != '\n')
    throw CsvError(line + lines, column,
                   std::string("после закрывающей кавычки ожидался разделитель «") +
                       (delimiter_ == '\t' ? std::string("табуляция") : std::string(1, delimiter_)) +
                       "» или конец строки");
  return {start, static_cast<std::size_t>(out - start)};
}

// Control characters never occur in exported tables; where they do, the file is binary,
// truncated or mis-decoded, and a NUL would end the text early in C APIs downstream.
void CsvReader::check_field(std::string_view f, int line, int column) const {
  check_cell(f, line, column, limits_.max_cell);
}

void CsvReader::decode(CsvRow& row) {
  if (!decided_) {
    bool high = false, valid = true;
    for (auto f : row.fields)
      if (has_high_bytes(f)) high = true, valid = valid && is_valid_utf8(f);
    if (high) {
      decided_ = true;
      encoding_ = valid ? Encoding::utf8 : Encoding::cp1251;
    }
  }
  if (encoding_ == Encoding::cp1251) {
    std::size_t total = 0;
    for (auto f : row.fields) total += f.size();
    converted_.clear();
    converted_.reserve(total * 3);  // no reallocation below: the views must stay valid
    for (auto& f : row.fields) {
      if (!has_high_bytes(f)) continue;
      std::size_t at = converted_.size();
      converted_ += cp1251_to_utf8(f);
      f = std::string_view(converted_).substr(at);
    }
    return;
  }
  for (std::size_t c = 0; c < row.fields.size(); ++c)
    if (has_high_bytes(row.fields[c]) && !is_valid_utf8(row.fields[c]))
      throw CsvError(row.line, static_cast<int>(c) + 1,
                     "в ячейке байты не в кодировке UTF-8, хотя начало файла в UTF-8: файл "
                     "склеен из частей в разных кодировках или повреждён; сохраните его "
                     "целиком в одной кодировке");
}

bool CsvReader::next(CsvRow& row) {
  for (;;) {
    if (!have(1)) return false;
    // Skip blank lines (also "\r\n").
    if (buf_[pos_] == '\n') {
      ++pos_, ++line_;
      continue;
    }
    if (buf_[pos_] == '\r' && (!have(2) || buf_[pos_ + 1] == '\n')) {
      ++pos_;
      continue;
    }
    break;
  }
  std::size_t end;
  for (;;) {
    end = record_end(pos_);
    if (end != std::string::npos) break;
    if (pos_ > 0) {
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    if (!fill()) {
      end = buf_.size();
      break;
    }
  }
  row.line = line_;
  row.fields.clear();
  char* p = buf_.data() + pos_;
  char* stop = buf_.data() + end;
  int lines = 0;  // newlines inside quoted fields of this row
  for (;;) {
    if (row.fields.size() >= limits_.max_fields)
      throw CsvError(line_, static_cast<int>(row.fields.size()) + 1,
                     "в строке больше " + std::to_string(limits_.max_fields) + " столбцов");
    row.fields.push_back(field(p, stop, line_, static_cast<int>(row.fields.size()) + 1, lines));
    if (p < stop && *p == delimiter_) {
      ++p;
      continue;
    }
    break;
  }
  pos_ = end;
  line_ += lines + 1;

  decode(row);
  for (std::size_t c = 0; c < row.fields.size(); ++c)
    check_field(row.fields[c], row.line, static_cast<int>(c) + 1);
  apply_width(row, width_);
  if (first_ && limits_.first_row_sets_width) width_ = row.fields.size();
  first_ = false;
  return true;
}

}  // namespace opora::host
