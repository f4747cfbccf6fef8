#include "util/csv.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/encoding.hpp"

namespace opora::host {

// A private, writable mapping: in-place unescaping touches only the pages that need it.
struct CsvReader::Mapping {
  void* data = MAP_FAILED;
  std::size_t size = 0;
  ~Mapping() {
    if (data != MAP_FAILED) munmap(data, size);
  }
};

CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;
CsvReader::~CsvReader() = default;

CsvReader CsvReader::open(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw std::runtime_error("не удалось открыть файл " + file.string() + ": " +
                             std::strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw std::runtime_error("не удалось прочитать файл " + file.string() + ": это не файл");
  }
  CsvReader r;
  r.mapping_ = std::make_unique<Mapping>();
  if (st.st_size > 0) {
    r.mapping_->size = static_cast<std::size_t>(st.st_size);
    r.mapping_->data =
        mmap(nullptr, r.mapping_->size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (r.mapping_->data == MAP_FAILED) {
      int err = errno;
      ::close(fd);
      throw std::runtime_error("не удалось прочитать файл " + file.string() + ": " +
                               std::strerror(err));
    }
    madvise(r.mapping_->data, r.mapping_->size, MADV_SEQUENTIAL);
    r.pos_ = static_cast<char*>(r.mapping_->data);
    r.end_ = r.pos_ + r.mapping_->size;
  }
  ::close(fd);
  r.init();
  return r;
}

CsvReader CsvReader::from_string(std::string text) {
  CsvReader r;
  r.owned_ = std::move(text);
  r.pos_ = r.owned_.data();
  r.end_ = r.pos_ + r.owned_.size();
  r.init();
  return r;
}

void CsvReader::init() {
  std::string_view all(pos_, end_ - pos_);
  if (all.starts_with("\xEF\xBB\xBF")) {
    encoding_ = Encoding::utf8_bom;
    pos_ += 3;
  } else if (!is_valid_utf8(all)) {
    encoding_ = Encoding::cp1251;
    owned_ = cp1251_to_utf8(all);
    mapping_.reset();
    pos_ = owned_.data();
    end_ = pos_ + owned_.size();
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
  for (char* p = pos_; p < end_ && lines < lines_to_look_at; ++p) {
    char c = *p;
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

// Reads one field starting at p; leaves p on the delimiter, the line end or end_.
std::string_view CsvReader::field(char*& p, int line, int column, int& lines) {
  if (p == end_ || *p != '"') {
    char* start = p;
    // memchr-like scan for the first delimiter or line end.
    while (p < end_ && *p != delimiter_ && *p != '\n') ++p;
    char* stop = p;
    if (stop > start && stop[-1] == '\r' && (p == end_ || *p == '\n')) --stop;
    return {start, static_cast<std::size_t>(stop - start)};
  }
  // Quoted: unescape "" in place; the result is never longer than the source.
  char* start = ++p;
  char* out = start;
  for (;;) {
    if (p == end_)
      throw CsvError(line, column, "кавычка, открытая в строке " + std::to_string(line) +
                                       ", столбце " + std::to_string(column) + ", не закрыта");
    char c = *p++;
    if (c == '"') {
      if (p < end_ && *p == '"') {
        *out++ = '"';
        ++p;
        continue;
      }
      break;
    }
    if (c == '\r' && p < end_ && *p == '\n') continue;  // a cell's line break is "\n"
    if (c == '\n') ++lines;
    *out++ = c;
  }
  if (p < end_ && *p == '\r' && (p + 1 == end_ || p[1] == '\n')) ++p;
  if (p < end_ && *p != delimiter_ && *p != '\n')
    throw CsvError(line + lines, column,
                   std::string("после закрывающей кавычки ожидался разделитель «") +
                       (delimiter_ == '\t' ? std::string("табуляция") : std::string(1, delimiter_)) +
                       "» или конец строки");
  return {start, static_cast<std::size_t>(out - start)};
}

bool CsvReader::next(CsvRow& row) {
  started_ = true;
  for (;;) {
    if (pos_ >= end_) return false;
    // Skip blank lines (also "\r\n").
    if (*pos_ == '\n') {
      ++pos_, ++line_;
      continue;
    }
    if (*pos_ == '\r' && (pos_ + 1 == end_ || pos_[1] == '\n')) {
      ++pos_;
      continue;
    }
    break;
  }
  row.line = line_;
  row.fields.clear();
  int lines = 0;  // newlines inside quoted fields of this row
  for (;;) {
    row.fields.push_back(field(pos_, line_, static_cast<int>(row.fields.size()) + 1, lines));
    if (pos_ < end_ && *pos_ == delimiter_) {
      ++pos_;
      continue;
    }
    break;
  }
  if (pos_ < end_) ++pos_;  // the '\n'
  line_ += lines + 1;
  return true;
}

}  // namespace opora::host
