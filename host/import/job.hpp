// What every importer of one file shares: the store, the errors, the counts, the lookups of
// existing schools and territories (loaded once: no query per row), and the checks of values.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "import/errors.hpp"
#include "import/import.hpp"
#include "store/db.hpp"
#include "store/territory.hpp"
#include "util/vocabulary.hpp"

namespace opora::host {

// Hashing that lets maps keyed by std::string be searched with a string_view.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using TextSet = std::unordered_set<std::string, TextHash, std::equal_to<>>;
template <class V>
using TextMap = std::unordered_map<std::string, V, TextHash, std::equal_to<>>;

// Small dense ids for repeated strings (procedures, subjects, indicators), for compact keys.
class Interner {
 public:
  std::uint32_t id(std::string_view s);

 private:
  TextMap<std::uint32_t> ids_;
};

// Detects rows of one file with the same key. Keys are packed exactly (no hashing), kept in a
// flat vector and sorted once at the end: 32 bytes a row even for millions of rows.
class DuplicateKeys {
 public:
  using Key = std::array<std::uint64_t, 3>;
  void add(Key key, int row) { keys_.push_back({key, row}); }
  // Reports each repeated row as "повторяет строку N: <what>" at `column`.
  void report(ErrorList& errors, int column, std::string_view what);

 private:
  struct Entry {
    Key key;
    int row;
  };
  std::vector<Entry> keys_;
};

struct Job {
  Job(Db& db, ErrorList& errors, ImportReport& report,
      const Vocabulary& vocabulary = standard_vocabulary())
      : db(db), errors(errors), report(report), vocabulary(vocabulary) {}

  Db& db;
  ErrorList& errors;
  ImportReport& report;
  const Vocabulary& vocabulary;  // procedures and subjects a record may name
  // Risk factor codes the packages declared; empty without a catalog (then any code is kept).
  TextSet risk_factors;

  void count(Upsert u);
  // school login → store id, loaded on first use.
  const TextMap<std::int64_t>& schools();
  const TextSet& territories();

 private:
  std::optional<TextMap<std::int64_t>> schools_;
  std::optional<TextSet> territories_;
};

// Runs `insert` (… ON CONFLICT DO NOTHING); if the row existed, runs `update` (… WHERE the key
// matches AND some value differs). Both must already be bound.
Upsert upsert(Statement& insert, Statement& update);

// Value checks shared by the CSV path and plugin importers. Each returns "" when the value is
// acceptable, else the Russian message.
inline constexpr int kFirstYear = 2000;
int last_year();  // next calendar year: results are never from later than that
std::string year_problem(std::int64_t year);
std::string grade_problem(std::int64_t grade);
std::string negative_problem(std::int64_t value, std::string_view title);

// A risk level: 1..3 or низкий / средний / высокий (also low / medium / high).
std::optional<int> parse_risk_level(std::string_view text);

}  // namespace opora::host
