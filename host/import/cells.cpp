#include "import/cells.hpp"

#include "util/number.hpp"
#include "util/text.hpp"

namespace opora::host {

std::string_view Cells::text(F f) const {
  int c = cols_[f];
  if (c <= 0 || static_cast<std::size_t>(c) > row_.fields.size()) return {};
  return trim(row_.fields[static_cast<std::size_t>(c) - 1]);
}

void Cells::fail(F f, const std::string& message) {
  ok_ = false;
  errors_.add(row_.line, cols_[f], message);
}

std::string_view Cells::required_text(F f) {
  auto t = text(f);
  if (t.empty()) fail(f, "пустое значение в столбце «" + std::string(field_title(f)) + "»");
  return t;
}

std::optional<std::int64_t> Cells::integer(F f, bool required) {
  auto t = text(f);
  if (t.empty()) {
    if (required)
      fail(f, "пустое значение в столбце «" + std::string(field_title(f)) +
                  "», ожидалось целое число");
    return std::nullopt;
  }
  auto v = parse_int(t);
  if (!v)
    fail(f, "в столбце «" + std::string(field_title(f)) + "» ожидалось целое число, найдено «" +
                std::string(t) + "»");
  return v;
}

std::optional<double> Cells::number(F f, bool required) {
  auto t = text(f);
  if (t.empty()) {
    if (required)
      fail(f, "пустое значение в столбце «" + std::string(field_title(f)) +
                  "», ожидалось число");
    return std::nullopt;
  }
  auto v = parse_number(t);
  if (!v)
    fail(f, "в столбце «" + std::string(field_title(f)) + "» ожидалось число (например 12,5), "
            "найдено «" + std::string(t) + "»");
  return v;
}

}  // namespace opora::host
