// Crash in the middle of an import: a child process imports a big file and is killed with
// SIGKILL mid-way. The store must come back intact with all rows or none.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "catalog/catalog.hpp"
#include "test_support.hpp"

using namespace opora::host;
using opora::test::seeded_db;
using opora::test::TempDir;

namespace {

constexpr int kSubjects = 700;

// 27 years × 11 grades × kSubjects distinct works of one school.
std::int64_t write_big_file(const TempDir& dir, std::filesystem::path& out) {
  std::string text = "login;procedure;year;grade;subject;participants;m2;m3;m4;m5;mean_score\n";
  std::int64_t rows = 0;
  for (int year = 2000; year <= 2026; ++year)
    for (int grade = 1; grade <= 11; ++grade)
      for (int s = 0; s < kSubjects; ++s, ++rows)
        text += "sch740001;ВПР;" + std::to_string(year) + ";" + std::to_string(grade) +
                ";предмет " + std::to_string(s) + ";40;4;12;14;10;17,5\n";
  out = dir.write("big.csv", text);
  return rows;
}

// The file's many subjects are not in the vocabulary: declared as a package would.
const Catalog& catalog() {
  static Catalog c;
  if (c.procedures().empty()) {
    ProcedureDecl p{"ВПР", "ВПР", {}, {}, ""};
    for (int s = 0; s < kSubjects; ++s) p.subjects.push_back("предмет " + std::to_string(s));
    c.add_procedure(p);
  }
  return c;
}

// Runs the import in a child; kills it `after` the child reports it started (or never).
// Returns true if the kill landed while the child was still importing.
bool import_in_child(const std::filesystem::path& db_path, const std::filesystem::path& file,
                     std::chrono::milliseconds after, bool kill_it) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    try {
      auto db = Db::open(db_path);
      char go = 'g';
      if (write(fds[1], &go, 1) != 1) _exit(3);
      import_file(db, "results", file, &catalog());
      _exit(0);
    } catch (...) {
      _exit(2);
    }
  }
  close(fds[1]);
  char go;
  EXPECT_EQ(read(fds[0], &go, 1), 1);
  close(fds[0]);
  bool killed_midway = false;
  if (kill_it) {
    std::this_thread::sleep_for(after);
    int status = 0;
    killed_midway = waitpid(pid, &status, WNOHANG) == 0;  // still running
    if (killed_midway) kill(pid, SIGKILL);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!kill_it) {
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  return killed_midway;
}

std::string integrity(Db& db) {
  auto q = db.prepare("PRAGMA integrity_check");
  EXPECT_TRUE(q.step());
  return std::string(q.column_text(0));
}

}  // namespace

TEST(Crash, KilledImportLeavesAllOrNothing) {
  TempDir dir;
  auto db_path = dir.path() / "opora.db";
  {
    auto db = seeded_db(dir);
  }
  std::filesystem::path file;
  auto rows = write_big_file(dir, file);

  int midway = 0;
  for (int delay : {30, 120, 300}) {
    bool killed = import_in_child(db_path, file, std::chrono::milliseconds(delay), true);
    midway += killed;
    auto db = Db::open(db_path);
    EXPECT_EQ(integrity(db), "ok");
    auto n = db.scalar("SELECT count(*) FROM results");
    EXPECT_TRUE(n == 0 || n == rows) << "partial import: " << n << " of " << rows;
    if (killed) {
      EXPECT_EQ(n, 0) << "killed at " << delay << " ms yet rows were committed";
    }
    if (n) break;  // the import finished before the kill: nothing more to learn
  }
  EXPECT_GT(midway, 0) << "no kill landed during the import";

  // The store still takes the whole file afterwards.
  import_in_child(db_path, file, {}, false);
  auto db = Db::open(db_path);
  EXPECT_EQ(integrity(db), "ok");
  EXPECT_EQ(db.scalar("SELECT count(*) FROM results"), rows);
}
