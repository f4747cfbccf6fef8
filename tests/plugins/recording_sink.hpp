// An ImportSink that keeps what an importer sends, for assertions.
#pragma once
#include <string>
#include <vector>

#include <opora/importer.hpp>

namespace opora::test {

struct SinkError {
  int row, column;
  std::string message;
};

class RecordingSink final : public ImportSink {
 public:
  void result(const ResultRecord& r, int row) override { results.push_back({r, row}); }
  void context(const ContextRecord& r, int row) override { contexts.push_back({r, row}); }
  void student(const StudentRecord& r, int row) override { students.push_back({r, row}); }
  void error(int row, int column, std::string message) override {
    errors.push_back({row, column, std::move(message)});
  }

  std::vector<std::pair<ResultRecord, int>> results;
  std::vector<std::pair<ContextRecord, int>> contexts;
  std::vector<std::pair<StudentRecord, int>> students;
  std::vector<SinkError> errors;
};

}  // namespace opora::test
