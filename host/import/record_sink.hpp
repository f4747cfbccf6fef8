// The validating sink for results, context and student records: the CSV importers and plugin
// importers both write through it, so a record is checked the same way whoever read it.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <opora/importer.hpp>

#include "import/fields.hpp"
#include "import/job.hpp"
#include "import/result_writer.hpp"

namespace opora::host {

class RecordSink final : public opora::ImportSink {
 public:
  explicit RecordSink(Job& job) : job_(job) {}

  // Where each field sits in the file, for error positions (CSV path); plugins leave it empty.
  void set_columns(const Columns& cols) { cols_ = cols; }

  void result(const opora::ResultRecord& r, int row) override;
  void context(const opora::ContextRecord& r, int row) override;
  void student(const opora::StudentRecord& r, int row) override;
  void error(int row, int column, std::string message) override;

  // Writes what is still queued and reports keys repeated within the file. Call once, after
  // the last record.
  void finish();

 private:
  // The store id of a login, or nullopt after reporting it unknown.
  std::optional<std::int64_t> school(std::string_view login, int row);
  bool check(const std::string& problem, int row, F f);
  bool check_text(std::string_view value, int row, F f);
  // The canonical procedure / subject for what the record says, or nullopt after reporting it.
  std::optional<std::string_view> procedure(std::string_view text, int row);
  std::optional<std::string_view> subject(std::string_view text, int row);

  // Canonical names by the text as the file writes it: a file repeats a few spellings on every
  // row, and the vocabulary normalizes the text on each lookup. Only known names are kept.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Known = std::unordered_map<std::string, std::string_view, TextHash, std::equal_to<>>;
  Known known_procedures_, known_subjects_;

  Job& job_;
  Columns cols_;
  Interner names_;  // procedures, subjects, indicators, student codes
  DuplicateKeys result_keys_, context_keys_, student_keys_;
  std::optional<ResultWriter> results_;  // started by the first valid result row
  std::optional<Statement> insert_context_, update_context_;
  std::optional<Statement> insert_student_, update_student_;
};

}  // namespace opora::host
