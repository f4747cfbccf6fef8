#include "import/job.hpp"

#include <algorithm>
#include <chrono>

#include "util/number.hpp"
#include "util/text.hpp"

namespace opora::host {

std::uint32_t Interner::id(std::string_view s) {
  auto it = ids_.find(s);
  if (it != ids_.end()) return it->second;
  auto next = static_cast<std::uint32_t>(ids_.size());
  ids_.emplace(std::string(s), next);
  return next;
}

void DuplicateKeys::report(ErrorList& errors, int column, std::string_view what) {
  std::stable_sort(keys_.begin(), keys_.end(),
                   [](const Entry& a, const Entry& b) { return a.key < b.key; });
  std::vector<std::pair<int, int>> repeats;  // (row, first row with that key)
  for (std::size_t i = 1; i < keys_.size(); ++i) {
    std::size_t first = i - 1;
    while (i < keys_.size() && keys_[i].key == keys_[first].key) {
      repeats.emplace_back(keys_[i].row, keys_[first].row);
      ++i;
    }
  }
  std::sort(repeats.begin(), repeats.end());
  for (auto [row, first] : repeats)
    errors.add(row, column,
               "строка повторяет строку " + std::to_string(first) + ": " + std::string(what));
}

void Job::count(Upsert u) {
  switch (u) {
    case Upsert::inserted: ++report.inserted; break;
    case Upsert::updated: ++report.updated; break;
    case Upsert::unchanged: ++report.unchanged; break;
  }
}

const TextMap<std::int64_t>& Job::schools() {
  if (!schools_) {
    schools_.emplace();
    schools_->reserve(static_cast<std::size_t>(db.scalar("SELECT count(*) FROM schools")));
    Statement s = db.prepare("SELECT login, id FROM schools");
    while (s.step()) schools_->emplace(std::string(s.column_text(0)), s.column_int64(1));
  }
  return *schools_;
}

const TextSet& Job::territories() {
  if (!territories_) {
    territories_.emplace();
    Statement s = db.prepare("SELECT id FROM territories");
    while (s.step()) territories_->emplace(s.column_text(0));
  }
  return *territories_;
}

Upsert upsert(Statement& insert, Statement& update) {
  if (insert.run()) return Upsert::inserted;
  return update.run() ? Upsert::updated : Upsert::unchanged;
}

int last_year() {
  using namespace std::chrono;
  year_month_day today{floor<days>(system_clock::now())};
  return static_cast<int>(today.year()) + 1;
}

std::string year_problem(std::int64_t year) {
  if (year >= kFirstYear && year <= last_year()) return {};
  return "год " + std::to_string(year) + " вне допустимого диапазона " +
         std::to_string(kFirstYear) + "–" + std::to_string(last_year());
}

std::string grade_problem(std::int64_t grade) {
  if (grade >= 1 && grade <= 11) return {};
  return "класс " + std::to_string(grade) + " вне допустимого диапазона 1–11";
}

std::string negative_problem(std::int64_t value, std::string_view title) {
  if (value >= 0) return {};
  return "«" + std::string(title) + "»: отрицательное значение " + std::to_string(value) +
         ", ожидалось число не меньше 0";
}

std::optional<int> parse_risk_level(std::string_view text) {
  if (auto n = parse_int(text)) {
    if (*n >= 1 && *n <= 3) return static_cast<int>(*n);
    return std::nullopt;
  }
  std::string word = to_lower(trim(text));
  if (word == "низкий" || word == "low") return 1;
  if (word == "средний" || word == "medium") return 2;
  if (word == "высокий" || word == "high") return 3;
  return std::nullopt;
}

}  // namespace opora::host
