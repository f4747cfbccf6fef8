#include "import/errors.hpp"

#include "import/import.hpp"
#include "util/rows.hpp"

namespace opora::host {

namespace {

std::string joined(const std::vector<std::string>& errors) {
  std::string text;
  for (const auto& e : errors) {
    if (!text.empty()) text += '\n';
    text += e;
  }
  return text;
}

}  // namespace

ImportFailed::ImportFailed(std::vector<std::string> errors)
    : std::runtime_error(joined(errors)), errors_(std::move(errors)) {}

void ErrorList::add(int row, int column, const std::string& message) {
  errors_.push_back(format_position(file_, sheet_, row, column) + ": " + message);
  if (errors_.size() >= kLimit) {
    errors_.push_back(file_ + ": проверка остановлена после " + std::to_string(kLimit) +
                      " ошибок; файл не загружен");
    throw ImportFailed(std::move(errors_));
  }
}

void ErrorList::throw_if_any() {
  if (!errors_.empty()) throw ImportFailed(std::move(errors_));
}

}  // namespace opora::host
