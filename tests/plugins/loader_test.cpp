// The loader against real test plugins: a good one, and one per way a plugin can be refused.
#include "plugins/loader.hpp"

#include <cstdlib>
#include <iostream>

#include <gtest/gtest.h>
#include <opora/abi.hpp>

#include "fake_dataset.hpp"
#include "plugin_paths.hpp"

namespace opora::host {
namespace {

using test::ScratchDir;
using test::test_plugin;

TEST(Loader, GoodPluginAddsItsItemsWithPluginOrigin) {
  Catalog catalog;
  auto st = load_plugins(test_plugin("good").parent_path(), catalog);
  ASSERT_EQ(st.size(), 1u);
  EXPECT_TRUE(st[0].loaded) << st[0].error;
  EXPECT_EQ(st[0].name, "test_good");
  EXPECT_EQ(st[0].version, "1.2.3");
  EXPECT_EQ(st[0].title, "Тестовый плагин");
  EXPECT_TRUE(st[0].error.empty());

  ASSERT_EQ(catalog.criteria().size(), 1u);
  const auto& c = catalog.criteria()[0];
  EXPECT_EQ(c.item->id(), "test_every_other");
  EXPECT_EQ(c.origin.kind, "plugin");
  EXPECT_EQ(c.origin.where, "plugin test_good 1.2.3 (good.so)");
  EXPECT_EQ(c.territory, "federal");
  ASSERT_EQ(catalog.renderers().size(), 1u);
  EXPECT_EQ(catalog.renderers()[0].item->format(), "test_txt");
  EXPECT_EQ(catalog.renderers()[0].origin.kind, "plugin");

  // The plugin's code really runs from the host.
  test::FakeDataset data;
  for (int i = 0; i < 4; ++i) data.add_school("sch00000" + std::to_string(i), "Школа");
  std::vector<SchoolIndex> all{0, 1, 2, 3};
  RunContext ctx{data, 2023, "test", all};
  auto run = c.item->start(ctx, c.item->defaults());
  EXPECT_TRUE(run->evaluate(2).flagged);
  EXPECT_FALSE(run->evaluate(3).flagged);
}

struct Refusal {
  const char* plugin;
  std::vector<std::string> expected;  // fragments of the message
};

class Refused : public ::testing::TestWithParam<Refusal> {};

TEST_P(Refused, WithAClearReasonNamingTheFile) {
  const auto& p = GetParam();
  Catalog catalog;
  auto st = load_plugins(test_plugin(p.plugin).parent_path(), catalog);
  ASSERT_EQ(st.size(), 1u);
  EXPECT_FALSE(st[0].loaded);
  std::cout << "  " << st[0].error << "\n";
  EXPECT_NE(st[0].error.find(std::string(p.plugin) + ".so"), std::string::npos) << st[0].error;
  for (const auto& frag : p.expected)
    EXPECT_NE(st[0].error.find(frag), std::string::npos) << "«" << frag << "» в " << st[0].error;
  EXPECT_TRUE(catalog.criteria().empty());
  EXPECT_TRUE(catalog.renderers().empty());
  // Nothing of a refused plugin stays mapped.
  EXPECT_FALSE(test::is_loaded(test_plugin(p.plugin)));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Refused,
    ::testing::Values(
        Refusal{"wrong_abi",
                // Past the version, another SDK's descriptor layout is unknown: the name is not
                // read, the file names the plugin.
                {"файл плагина wrong_abi.so: собран для SDK версии 42", "хост поддерживает 5"}},
        Refusal{"bad_sizes", {"test_bad_sizes", "opora::ResultRow", "другими заголовками SDK"}},
        Refusal{"throws", {"test_throws", "ошибка при регистрации: нет файла настроек региона"}},
        Refusal{"no_entry", {"test_no_entry", "нет точки входа opora_plugin_entry"}},
        Refusal{"no_descriptor", {"файл плагина", "нет дескриптора opora_plugin_abi"}},
        Refusal{"not_a_library",
                {"файл плагина", "не загружается как разделяемая библиотека", "не файл ELF"}},
        // Issue 8: built with -D_GLIBCXX_DEBUG, accepted and then a segfault. Now refused from
        // the file with the true reason (and its aborting static constructor never runs).
        Refusal{"debug_mode",
                {"плагин test_debug_mode 1.0.0 (debug_mode.so)", "-D_GLIBCXX_DEBUG",
                 "std::map"}},
        // Issue 8: id() throwing made later commands fail naming no plugin, while `plugins`
        // listed it as loaded. Now the metadata is read once, at load, inside the guard.
        Refusal{"id_throws",
                {"плагин test_id_throws 1.0.0 (id_throws.so): не прочитан элемент: критерий, "
                 "метод id: выброшено исключение не типа std::exception"}}),
    [](const auto& info) { return std::string(info.param.plugin); });

TEST(Loader, KeepsLoadingAfterRefusalsInFileNameOrder) {
  ScratchDir dir;
  for (auto name : {"wrong_abi", "throws", "no_entry", "no_descriptor", "not_a_library"})
    dir.put(test_plugin(name), std::string("a_") + name + ".so");
  dir.put(test_plugin("good"), "z_good.so");
  dir.put(test_plugin("good"), "readme.txt");  // not *.so: ignored

  Catalog catalog;
  auto st = load_plugins(dir.path(), catalog);
  ASSERT_EQ(st.size(), 6u);
  std::vector<std::string> files;
  for (const auto& s : st) files.push_back(s.file.filename().string());
  EXPECT_EQ(files, (std::vector<std::string>{"a_no_descriptor.so", "a_no_entry.so",
                                             "a_not_a_library.so", "a_throws.so",
                                             "a_wrong_abi.so", "z_good.so"}));
  for (std::size_t i = 0; i + 1 < st.size(); ++i) EXPECT_FALSE(st[i].loaded) << files[i];
  EXPECT_TRUE(st.back().loaded) << st.back().error;
  // The throwing plugin registered "test_partial" before failing: it must not be there.
  ASSERT_EQ(catalog.criteria().size(), 1u);
  EXPECT_EQ(catalog.criteria()[0].item->id(), "test_every_other");
}

TEST(Loader, RefusesASecondPluginWithTheSameName) {
  ScratchDir dir;
  dir.put(test_plugin("good"), "a.so");
  dir.put(test_plugin("good"), "b.so");
  Catalog catalog;
  auto st = load_plugins(dir.path(), catalog);
  ASSERT_EQ(st.size(), 2u);
  EXPECT_TRUE(st[0].loaded);
  EXPECT_FALSE(st[1].loaded);
  EXPECT_NE(st[1].error.find("плагин test_good 1.2.3 (b.so)"), std::string::npos) << st[1].error;
  EXPECT_NE(st[1].error.find("уже загружен из a.so"), std::string::npos) << st[1].error;
  EXPECT_EQ(catalog.criteria().size(), 1u);
  EXPECT_FALSE(test::is_loaded(dir.path() / "b.so"));
}

TEST(Loader, LibraryStaysLoadedWhileAnyObjectItMadeLives) {
  ScratchDir dir;
  auto so = dir.put(test_plugin("good"), "good.so");
  std::shared_ptr<Criterion> kept;
  {
    Catalog catalog;
    auto st = load_plugins(dir.path(), catalog);
    ASSERT_TRUE(st.at(0).loaded) << st[0].error;
    EXPECT_TRUE(test::is_loaded(so));
    kept = catalog.criteria().at(0).item;
  }
  // The catalog is gone, the criterion is not: its code must still be mapped.
  EXPECT_TRUE(test::is_loaded(so));
  EXPECT_EQ(kept->id(), "test_every_other");
  kept.reset();
  EXPECT_FALSE(test::is_loaded(so));
}

TEST(Loader, DestroyingTheCatalogUnloadsThePlugin) {
  ScratchDir dir;
  auto so = dir.put(test_plugin("good"), "good.so");
  {
    Catalog catalog;
    ASSERT_TRUE(load_plugins(dir.path(), catalog).at(0).loaded);
    EXPECT_TRUE(test::is_loaded(so));
  }
  EXPECT_FALSE(test::is_loaded(so));
}

TEST(Loader, MissingFolderMeansNoPlugins) {
  Catalog catalog;
  EXPECT_TRUE(load_plugins("/nonexistent/opora/plugins", catalog).empty());
}

TEST(Loader, DefaultFolderComesFromTheEnvironment) {
  setenv("OPORA_PLUGINS", "/srv/opora/plugins", 1);
  EXPECT_EQ(default_plugin_dir(), std::filesystem::path("/srv/opora/plugins"));
  unsetenv("OPORA_PLUGINS");
  EXPECT_EQ(default_plugin_dir(), std::filesystem::path(OPORA_DEFAULT_PLUGINS));
}

}  // namespace
}  // namespace opora::host
