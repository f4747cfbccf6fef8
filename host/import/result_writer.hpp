// The store side of a results import, on its own thread. Checking a row (decoding, validation,
// the duplicate-key bookkeeping) is opora's work and inserting it is SQLite's; on the national
// file they cost about the same, so on a machine with two cores they run side by side: checked
// rows go to the writer in batches, the next batch is checked while the last is written.
// Everything stays in the import's one transaction on its one connection (opened without
// SQLite's mutex): the connection is used by one thread at a time — the writer while a batch is
// pending, the caller only after drain() or finish().
#pragma once
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "import/job.hpp"

namespace opora::host {

struct CheckedResult {
  std::int64_t school;
  int year, grade, participants;
  std::string_view procedure, subject;  // canonical names (the vocabulary's, stable)
  int marks[4];
  std::optional<double> mean_score;
};

class ResultWriter {
 public:
  explicit ResultWriter(Db& db);
  ~ResultWriter();  // stops and joins the thread (what was not flushed is dropped)
  ResultWriter(const ResultWriter&) = delete;
  ResultWriter& operator=(const ResultWriter&) = delete;

  // Queues a row; may wait while the writer is a batch behind. Rethrows a store error.
  void add(const CheckedResult& r);
  // Writes what is queued and waits for it: afterwards the caller may use the connection (the
  // thread only touches it while writing). Rethrows a store error.
  void drain();
  // Writes what is queued, joins the thread, adds the counts to `job`; rethrows a store error.
  void finish(Job& job);

 private:
  void loop();
  void write(const std::vector<CheckedResult>& batch);
  void hand_over();  // filling_ → pending_, waiting for the writer to take the previous batch

  Statement insert_, update_;
  std::vector<CheckedResult> filling_, pending_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool has_pending_ = false, done_ = false;
  std::exception_ptr error_;
  std::int64_t inserted_ = 0, updated_ = 0, unchanged_ = 0;
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace opora::host
