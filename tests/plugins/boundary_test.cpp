// Issue 8, "plugins cannot take the host down": every call into a plugin's item goes through
// the catalog's guard, which turns whatever the plugin throws (also `throw 42`) into a
// PluginFailure naming the plugin, the item and the method; what the host itself throws through
// plugin code comes out unchanged. Plus the folder scan (a FIFO named x.so) and the ELF reader
// the descriptor is read with before anything is loaded.
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <random>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <opora/abi.hpp>

#include "catalog/guarded.hpp"
#include "fake_dataset.hpp"
#include "plugin_paths.hpp"
#include "plugins/elf.hpp"
#include "plugins/loader.hpp"
#include "recording_sink.hpp"

namespace opora::host {
namespace {

using test::ScratchDir;
using test::test_plugin;

const std::string plugin_name = "плагин test_throws_any 1.0.0 (throws_any.so)";

// Runs `f`, expects a PluginFailure and returns its message.
template <class F>
std::string failure_of(F&& f) {
  try {
    f();
  } catch (const PluginFailure& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a PluginFailure: " << e.what();
    return {};
  } catch (...) {
    ADD_FAILURE() << "a non-std exception crossed the guard";
    return {};
  }
  ADD_FAILURE() << "nothing thrown";
  return {};
}

class Boundary : public ::testing::Test {
 protected:
  void SetUp() override {
    auto st = load_plugin(test_plugin("throws_any"), catalog);
    ASSERT_TRUE(st.loaded) << st.error;
  }
  std::shared_ptr<Criterion> criterion(const std::string& id) {
    for (const auto& e : catalog.criteria())
      if (e.item->id() == id) return e.item;
    ADD_FAILURE() << "no criterion " << id;
    return nullptr;
  }
  Catalog catalog;
  test::FakeDataset data;
};

TEST_F(Boundary, EvaluateThrowing42IsNamedNotAnAbort) {
  data.add_school("sch000001", "Школа");
  std::vector<SchoolIndex> all{0};
  RunContext ctx{data, 2023, "test", all};
  auto run = criterion("test_throws_42")->start(ctx, {});
  auto msg = failure_of([&] { run->evaluate(0); });
  EXPECT_EQ(msg, plugin_name +
                     ", критерий «test_throws_42», метод evaluate: выброшено исключение не типа "
                     "std::exception (например, throw 42)");
}

TEST_F(Boundary, StartThrowingACStringOrReturningNoRunIsNamed) {
  std::vector<SchoolIndex> none;
  RunContext ctx{data, 2023, "test", none};
  auto msg = failure_of([&] { criterion("test_start_throws")->start(ctx, {}); });
  EXPECT_NE(msg.find("критерий «test_start_throws», метод start"), std::string::npos) << msg;
  msg = failure_of([&] { criterion("test_no_run")->start(ctx, {}); });
  EXPECT_NE(msg.find("критерий «test_no_run», метод start: вернул пустой объект"),
            std::string::npos)
      << msg;
}

TEST_F(Boundary, ANanScoreOrTextNotInUtf8IsRefusedWhereItEnters) {
  data.add_school("sch000001", "Школа");
  data.add_school("sch000002", "Школа");
  std::vector<SchoolIndex> all{0, 1};
  RunContext ctx{data, 2023, "test", all};
  auto run = criterion("test_bad_values")->start(ctx, {});
  auto msg = failure_of([&] { run->evaluate(0); });
  EXPECT_NE(msg.find("критерий «test_bad_values», метод evaluate: score — не конечное число (NaN)"),
            std::string::npos)
      << msg;
  msg = failure_of([&] { run->evaluate(1); });
  EXPECT_NE(msg.find("метод evaluate: вернул текст не в кодировке UTF-8"), std::string::npos)
      << msg;
}

struct NoContext final : IndicatorContext {
  const Dataset& data() const override { return *dataset; }
  std::string_view territory() const override { return "test"; }
  int year() const override { return 2023; }
  std::string_view as_of() const override { return "2023-03-31"; }
  std::vector<SchoolIndex> identified(std::string_view) const override { return {}; }
  std::vector<OccurrenceState> occurrences(std::string_view) const override { return {}; }
  std::vector<SchoolIndex> participant_schools(std::string_view) const override { return {}; }
  int participant_people(std::string_view, std::string_view) const override { return 0; }
  std::optional<double> observation(std::string_view) const override { return {}; }
  const Dataset* dataset = nullptr;
};

struct EmptyTable final : TableReader {
  bool next(TableRow&) override { return false; }
};

TEST_F(Boundary, ComputeRenderAndReadThrowing42AreNamed) {
  auto eff = catalog.effective("federal");
  const auto* type = eff.indicator_type("test_throws_type");
  ASSERT_NE(type, nullptr);
  NoContext ctx;
  ctx.dataset = &data;
  auto msg = failure_of([&] { type->compute(ctx, {}); });
  EXPECT_NE(msg.find(plugin_name + ", тип показателя «test_throws_type», метод compute"),
            std::string::npos)
      << msg;

  ASSERT_EQ(catalog.renderers().size(), 1u);
  msg = failure_of([&] { catalog.renderers()[0].item->render("{}", "/nonexistent/x.txt"); });
  EXPECT_NE(msg.find(plugin_name + ", формат отчёта «test_throw», метод render"),
            std::string::npos)
      << msg;

  ASSERT_EQ(catalog.importers().size(), 1u);
  test::RecordingSink sink;
  EmptyTable table;
  msg = failure_of([&] { catalog.importers()[0].item->read(table, sink); });
  EXPECT_NE(msg.find(plugin_name + ", импорт «test_throws_import», метод read"),
            std::string::npos)
      << msg;
  ASSERT_EQ(sink.errors.size(), 1u);  // what the plugin reported before throwing arrived
}

// The host's sink stops an import (too many errors) by throwing: that exception must reach the
// host's caller as it was, not as the plugin's failure.
struct HostStop : std::runtime_error {
  HostStop() : std::runtime_error("host stop") {}
};
struct StoppingSink final : ImportSink {
  void result(const ResultRecord&, int) override {}
  void context(const ContextRecord&, int) override {}
  void student(const StudentRecord&, int) override {}
  void error(int, int, std::string) override { throw HostStop(); }
};

TEST_F(Boundary, HostExceptionsThroughPluginCodeComeOutUnchanged) {
  StoppingSink sink;
  EmptyTable table;
  EXPECT_THROW(catalog.importers()[0].item->read(table, sink), HostStop);
}

TEST_F(Boundary, MetadataIsReadOnceAndServedByTheGuard) {
  auto c = criterion("test_throws_42");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->title(), "Бросает 42 в evaluate");
  EXPECT_EQ(c->category(), category::risk_zone);
  EXPECT_EQ(catalog.renderers()[0].item->extension(), "txt");
}

TEST(Loader, RefusedItemLeavesNothingOfItsPluginInTheCatalog) {
  Catalog catalog;
  auto st = load_plugin(test_plugin("id_throws"), catalog);
  EXPECT_FALSE(st.loaded);
  EXPECT_TRUE(catalog.renderers().empty());  // registered before the failing criterion
  EXPECT_TRUE(catalog.criteria().empty());
  EXPECT_FALSE(test::is_loaded(test_plugin("id_throws")));
}

// Criterion::years (ABI 5) beyond the years an identification looks back over: refused at load
// with the item and the method named, like any other bad metadata.
TEST(Loader, ACriterionAskingForTooManyYearsIsRefused) {
  Catalog catalog;
  auto st = load_plugin(test_plugin("bad_years"), catalog);
  EXPECT_FALSE(st.loaded);
  EXPECT_TRUE(catalog.criteria().empty());
  EXPECT_NE(st.error.find("too_many_years"), std::string::npos) << st.error;
  EXPECT_NE(st.error.find("метод years: 9 — нужно число лет от 1 до 5"), std::string::npos)
      << st.error;
}

// Issue 8: a FIFO named x.so hung every command (dlopen blocks reading it).
TEST(Loader, SkipsAFifoAndAFolderNamedLikeAPluginWithTheReason) {
  ScratchDir dir;
  ASSERT_EQ(mkfifo((dir.path() / "x.so").c_str(), 0600), 0);
  std::filesystem::create_directory(dir.path() / "folder.so");
  dir.put(test_plugin("good"), "z_good.so");
  Catalog catalog;
  auto t0 = std::chrono::steady_clock::now();
  auto st = load_plugins(dir.path(), catalog);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  ASSERT_EQ(st.size(), 3u);
  EXPECT_EQ(st[0].file.filename(), "folder.so");
  EXPECT_FALSE(st[0].loaded);
  EXPECT_NE(st[0].error.find("файл плагина folder.so: не обычный файл (папка) — пропущен"),
            std::string::npos)
      << st[0].error;
  EXPECT_EQ(st[1].file.filename(), "x.so");
  EXPECT_FALSE(st[1].loaded);
  EXPECT_NE(st[1].error.find("файл плагина x.so: не обычный файл (канал FIFO) — пропущен"),
            std::string::npos)
      << st[1].error;
  EXPECT_TRUE(st[2].loaded) << st[2].error;
}

// The descriptor is read from the file: no code of the plugin has run when it is refused. The
// refused test plugins abort in a static constructor, so loading one would end this test.
TEST(Loader, ReadsTheDescriptorWithoutLoadingTheLibrary) {
  for (auto name : {"wrong_abi", "bad_sizes", "no_entry", "no_descriptor", "debug_mode"}) {
    Catalog catalog;
    auto st = load_plugin(test_plugin(name), catalog);
    EXPECT_FALSE(st.loaded) << name;
    EXPECT_FALSE(test::is_loaded(test_plugin(name))) << name;
  }
}

std::string bytes_of(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(Elf, FindsTheDescriptorOfARealPlugin) {
  auto img = ElfImage::open(test_plugin("good"));
  EXPECT_TRUE(img.defines("opora_plugin_entry"));
  EXPECT_FALSE(img.defines("no_such_symbol"));
  auto d = img.data("opora_plugin_abi");
  ASSERT_TRUE(d.has_value());
  EXPECT_GE(d->size(), sizeof(opora_plugin_descriptor));  // ASan pads globals
}

// A malformed file is an ElfError, never a crash or a read out of bounds (run under ASan in
// the sanitizer build): every truncation of a real plugin and random byte flips.
TEST(Elf, TruncatedOrCorruptedFilesAreErrorsNotCrashes) {
  auto good = bytes_of(test_plugin("good"));
  ASSERT_GT(good.size(), 1000u);
  auto probe = [](std::string_view bytes) {
    try {
      auto img = ElfImage::parse(bytes);
      (void)img.defines("opora_plugin_entry");
      (void)img.data("opora_plugin_abi");
    } catch (const ElfError&) {
    }
  };
  for (std::size_t n = 0; n < good.size(); n += 1 + n / 8) probe(std::string_view(good).substr(0, n));
  std::mt19937 rng(8);
  for (int round = 0; round < 300; ++round) {
    std::string bad = good;
    // The ELF header at the start, the section header table at the end.
    for (int k = 0; k < 8; ++k) {
      std::size_t at = rng() % 4096;
      bad[k % 2 ? at : bad.size() - 1 - at] = char(rng());
    }
    probe(bad);
  }
  EXPECT_THROW(ElfImage::parse("not an ELF file"), ElfError);
}

}  // namespace
}  // namespace opora::host

namespace opora::host {
namespace {

struct NoSectionContext final : SectionContext {
  const Dataset& data() const override { return *dataset; }
  std::string_view territory() const override { return "test"; }
  int year() const override { return 2023; }
  std::string_view as_of() const override { return "2023-03-31"; }
  std::vector<SchoolIndex> identified(std::string_view) const override { return {}; }
  std::vector<OccurrenceState> occurrences(std::string_view) const override { return {}; }
  std::vector<SchoolIndex> participant_schools(std::string_view) const override { return {}; }
  int participant_people(std::string_view, std::string_view) const override { return 0; }
  std::optional<double> observation(std::string_view) const override { return {}; }
  std::string_view month() const override { return "2023-03"; }
  std::string_view territory_name() const override { return "Тест"; }
  std::string indicators_json() const override { return "[]"; }
  std::string plan_json() const override { return "null"; }
  const Dataset* dataset = nullptr;
};

// A plugin's report section goes through the guard like every other item (issue 13).
TEST_F(Boundary, SectionBuildThrowing42IsNamed) {
  auto eff = catalog.effective("federal");
  ASSERT_EQ(eff.sections.size(), 1u);
  EXPECT_EQ(eff.sections[0].item->id(), "test_throws_section");
  NoSectionContext ctx;
  ctx.dataset = &data;
  auto msg = failure_of([&] { eff.sections[0].item->build(ctx); });
  EXPECT_NE(msg.find(plugin_name + ", раздел отчёта «test_throws_section», метод build"),
            std::string::npos)
      << msg;
}

TEST(PluginSection, GoodPluginSectionIsRegisteredWithItsOriginAndBuilds) {
  Catalog catalog;
  auto st = load_plugin(test_plugin("good"), catalog);
  ASSERT_TRUE(st.loaded) << st.error;
  auto eff = catalog.effective("federal");
  ASSERT_EQ(eff.sections.size(), 1u);
  EXPECT_EQ(eff.sections[0].item->id(), "test_count");
  EXPECT_EQ(eff.sections[0].origin.kind, "plugin");
  test::FakeDataset data;
  NoSectionContext ctx;
  ctx.dataset = &data;
  auto blocks = nlohmann::json::parse(eff.sections[0].item->build(ctx));
  EXPECT_EQ(blocks[0]["items"][0]["value"], "2023-03");
}

}  // namespace
}  // namespace opora::host
