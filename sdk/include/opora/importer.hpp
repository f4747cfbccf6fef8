// Importers read a file format into records; the host validates them and writes them to the
// store in one transaction (all or nothing).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "table.hpp"

namespace opora {

struct ResultRecord {
  std::string login;
  std::string procedure;
  int year = 0;
  int grade = 0;
  std::string subject;
  int participants = 0;
  int marks[4] = {0, 0, 0, 0};  // counts of 2, 3, 4, 5
  double mean_score = 0.0;
  bool has_mean_score = false;
};

struct ContextRecord {
  std::string login;
  int year = 0;
  std::string indicator;
  double value = 0.0;
};

struct StudentRecord {
  std::string login;
  std::string procedure;
  int year = 0;
  int grade = 0;
  std::string subject;
  std::string student;
  int primary_score = 0;
  int mark = 0;
};

// Where an importer puts what it reads. `row`/`column` are 1-based positions in the file, used
// in error messages; an importer reports a malformed cell through error() and goes on.
class ImportSink {
 public:
  virtual ~ImportSink() = default;
  virtual void result(const ResultRecord& r, int row) = 0;
  virtual void context(const ContextRecord& r, int row) = 0;
  virtual void student(const StudentRecord& r, int row) = 0;
  virtual void error(int row, int column, std::string message) = 0;
};

class Importer {
 public:
  virtual ~Importer() = default;
  virtual std::string id() const = 0;     // used as `opora import <id> FILE`
  virtual std::string title() const = 0;  // Russian
  // Reads the table the host opened from the file given to `opora import <id> FILE`.
  virtual void read(TableReader& table, ImportSink& sink) const = 0;
};

}  // namespace opora
