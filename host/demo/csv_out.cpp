#include "demo/csv_out.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace opora::host::gen {

namespace {
constexpr std::size_t kFlushAt = 1 << 20;
}

CsvOut::CsvOut(const std::filesystem::path& path, std::string_view header) : path_(path) {
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_) throw std::runtime_error("не удалось создать файл " + path.string());
  buf_.reserve(kFlushAt + 4096);
  buf_.append(header);
  buf_.push_back('\n');
}

CsvOut::~CsvOut() {
  try {
    close();
  } catch (...) {
    // A destructor must not throw; callers that care call close() themselves.
  }
}

void CsvOut::separator() {
  if (row_started_) buf_.push_back(';');
  row_started_ = true;
}

CsvOut& CsvOut::text(std::string_view s) {
  separator();
  if (s.find_first_of(";\"\n\r") == std::string_view::npos) {
    buf_.append(s);
    return *this;
  }
  buf_.push_back('"');
  for (char c : s) {
    if (c == '"') buf_.push_back('"');
    buf_.push_back(c);
  }
  buf_.push_back('"');
  return *this;
}

CsvOut& CsvOut::integer(long long v) {
  separator();
  char tmp[24];
  auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
  buf_.append(tmp, r.ptr);
  return *this;
}

CsvOut& CsvOut::fixed(double v, int decimals) {
  separator();
  if (v < 0 && v > -0.5 * std::pow(10.0, -decimals)) v = 0.0;  // no "-0.00"
  char tmp[64];
  auto r = std::to_chars(tmp, tmp + sizeof tmp, v, std::chars_format::fixed, decimals);
  buf_.append(tmp, r.ptr);
  return *this;
}

void CsvOut::end_row() {
  buf_.push_back('\n');
  row_started_ = false;
  flush_if_full();
}

void CsvOut::flush_if_full() {
  if (buf_.size() < kFlushAt) return;
  if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size())
    throw std::runtime_error("ошибка записи в файл " + path_.string());
  buf_.clear();
}

void CsvOut::close() {
  if (!file_) return;
  std::FILE* f = file_;
  file_ = nullptr;
  const bool ok = std::fwrite(buf_.data(), 1, buf_.size(), f) == buf_.size();
  buf_.clear();
  if (std::fclose(f) != 0 || !ok) throw std::runtime_error("ошибка записи в файл " + path_.string());
}

}  // namespace opora::host::gen
