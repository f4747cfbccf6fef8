// Fuzzes the plugins' table reading: the shipped importers (fioko_marks, nso_monitoring) read
// their tables through the host's CSV reader (util/csv_table), loaded the way the host loads
// them. The first byte picks the importer, the rest is the file. Any error is fine as long as it
// reaches the sink; an exception out of the guarded importer, a crash or an ASan report is a
// finding.
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "plugins/loader.hpp"
#include "util/csv_table.hpp"

using namespace opora::host;

namespace {

// Positions are 1-based, 0 for "the whole row / file": anything negative is a finding.
struct CheckingSink final : opora::ImportSink {
  void result(const opora::ResultRecord&, int row) override { check(row, 1); }
  void context(const opora::ContextRecord&, int row) override { check(row, 1); }
  void student(const opora::StudentRecord&, int row) override { check(row, 1); }
  void error(int row, int column, std::string) override { check(row, column); }
  static void check(int row, int column) {
    if (row < 0 || column < 0) std::abort();
  }
};

std::vector<const opora::Importer*>& importers() {
  static Catalog catalog;
  static std::vector<const opora::Importer*> list = [] {
    std::vector<const opora::Importer*> out;
    for (auto name : {"fioko", "novosibirsk"}) {
      auto st = load_plugin(std::string(OPORA_DEFAULT_PLUGINS) + "/" + name + ".so", catalog);
      if (!st.loaded) {
        std::cerr << st.error << "\n";
        std::abort();
      }
    }
    for (const auto& e : catalog.importers()) out.push_back(e.item.get());
    return out;
  }();
  return list;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto& all = importers();
  const auto* importer = all[data[0] % all.size()];
  auto csv = CsvReader::from_string(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  CheckingSink sink;
  CsvTable table(csv, sink);
  try {
    importer->read(table, sink);
  } catch (const std::exception& e) {
    std::cerr << "importer " << importer->id() << " threw: " << e.what() << "\n";
    std::abort();
  }
  return 0;
}
