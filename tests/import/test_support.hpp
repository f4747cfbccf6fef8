// Shared by the import tests: a fresh store in a temporary folder, fixture paths, and a dump of
// every table to prove that a refused import changed nothing.
#pragma once
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "import/import.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"

namespace opora::test {

inline std::filesystem::path fixture(const std::string& name) {
  return std::filesystem::path(OPORA_TEST_DATA) / "import" / "fixtures" / name;
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "opora-import-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

  std::filesystem::path write(const std::string& name, const std::string& text) const {
    auto p = path_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

 private:
  std::filesystem::path path_;
};

// Every row of every table (history included), rows sorted, as text.
inline std::string dump(host::Db& db) {
  std::vector<std::string> tables;
  auto list = db.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
      "ORDER BY name");
  while (list.step()) tables.emplace_back(list.column_text(0));
  std::string out;
  for (const auto& t : tables) {
    auto rows = db.prepare("SELECT * FROM \"" + t + "\"");
    std::vector<std::string> lines;
    while (rows.step()) {
      std::string line;
      for (int c = 0; c < rows.column_count(); ++c)
        line += (rows.column_null(c) ? std::string("NULL") : std::string(rows.column_text(c))) +
                "|";
      lines.push_back(line);
    }
    std::sort(lines.begin(), lines.end());
    out += "== " + t + "\n";
    for (const auto& l : lines) out += l + "\n";
  }
  return out;
}

// A migrated store with the territories and schools of the fixtures.
inline host::Db seeded_db(const TempDir& dir) {
  auto db = host::Db::open(dir.path() / "opora.db");
  host::migrate(db);
  host::import_file(db, "territories", fixture("territories.csv"));
  host::import_file(db, "schools", fixture("schools.csv"));
  return db;
}

}  // namespace opora::test
