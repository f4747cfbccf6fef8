// Loads one of the real plugins through the loader and finds its items by id.
#pragma once
#include <gtest/gtest.h>

#include "plugin_paths.hpp"
#include "plugins/loader.hpp"

namespace opora::test {

class RealPlugin : public ::testing::Test {
 protected:
  void load(const std::string& name) {
    auto st = host::load_plugin(real_plugin(name), catalog);
    ASSERT_TRUE(st.loaded) << st.error;
  }
  std::shared_ptr<Criterion> criterion(const std::string& id) {
    for (const auto& e : catalog.criteria())
      if (e.item->id() == id) return e.item;
    ADD_FAILURE() << "нет критерия " << id;
    return nullptr;
  }
  std::shared_ptr<Importer> importer(const std::string& id) {
    for (const auto& e : catalog.importers())
      if (e.item->id() == id) return e.item;
    ADD_FAILURE() << "нет импорта " << id;
    return nullptr;
  }
  static std::filesystem::path fixture(const std::string& name) {
    return std::filesystem::path(OPORA_TEST_DATA) / "plugins" / "fixtures" / name;
  }

  host::Catalog catalog;
};

}  // namespace opora::test
