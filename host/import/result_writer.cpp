#include "import/result_writer.hpp"

namespace opora::host {

namespace {
constexpr std::size_t kBatch = 4096;
}

ResultWriter::ResultWriter(Db& db)
    : insert_(db.prepare(
          "INSERT INTO results(school, year, procedure, grade, subject, participants, m2, m3, m4, "
          "m5, mean_score) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
          "ON CONFLICT DO NOTHING")),
      update_(db.prepare(
          "UPDATE results SET participants = ?6, m2 = ?7, m3 = ?8, m4 = ?9, m5 = ?10, "
          "mean_score = ?11 WHERE school = ?1 AND year = ?2 AND procedure = ?3 AND grade = ?4 "
          "AND subject = ?5 AND (participants IS NOT ?6 OR m2 IS NOT ?7 OR m3 IS NOT ?8 OR "
          "m4 IS NOT ?9 OR m5 IS NOT ?10 OR mean_score IS NOT ?11)")),
      thread_([this] { loop(); }) {
  filling_.reserve(kBatch);
}

ResultWriter::~ResultWriter() {
  {
    std::lock_guard lock(mutex_);
    done_ = true;
    has_pending_ = false;  // an import that failed on our side writes nothing more
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ResultWriter::add(const CheckedResult& r) {
  filling_.push_back(r);
  if (filling_.size() >= kBatch) hand_over();
}

void ResultWriter::hand_over() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !has_pending_ || error_; });
  if (error_) std::rethrow_exception(error_);
  pending_.swap(filling_);
  has_pending_ = true;
  lock.unlock();
  changed_.notify_all();
  filling_.clear();
}

void ResultWriter::drain() {
  if (!filling_.empty()) hand_over();
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !has_pending_ || error_; });
  if (error_) std::rethrow_exception(error_);
}

void ResultWriter::finish(Job& job) {
  if (!filling_.empty()) hand_over();
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !has_pending_ || error_; });
    done_ = true;
  }
  changed_.notify_all();
  thread_.join();
  if (error_) std::rethrow_exception(error_);
  job.report.inserted += inserted_;
  job.report.updated += updated_;
  job.report.unchanged += unchanged_;
}

void ResultWriter::loop() {
  std::vector<CheckedResult> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return has_pending_ || done_; });
      if (!has_pending_) return;  // done
      batch.swap(pending_);
    }
    try {
      write(batch);
    } catch (...) {
      std::lock_guard lock(mutex_);
      error_ = std::current_exception();
      has_pending_ = false;
      changed_.notify_all();
      return;
    }
    batch.clear();
    {
      std::lock_guard lock(mutex_);
      has_pending_ = false;
    }
    changed_.notify_all();
  }
}

void ResultWriter::write(const std::vector<CheckedResult>& batch) {
  for (const auto& r : batch) {
    insert_.bind_all(r.school, r.year, r.procedure, r.grade, r.subject, r.participants, r.marks[0],
                     r.marks[1], r.marks[2], r.marks[3], r.mean_score);
    if (insert_.run()) {
      ++inserted_;
      continue;
    }
    update_.bind_all(r.school, r.year, r.procedure, r.grade, r.subject, r.participants, r.marks[0],
                     r.marks[1], r.marks[2], r.marks[3], r.mean_score);
    ++(update_.run() ? updated_ : unchanged_);
  }
}

}  // namespace opora::host
