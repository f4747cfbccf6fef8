// A temporary migrated store, the scripts tree beside it loaded into two workers' catalogs (one
// Lua state each, as `identify --jobs 2` runs) and the snapshot of every school: the set-up of
// the tests that compare identifications across workers and package levels.
#pragma once
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "dataset/snapshot.hpp"
#include "lua/engine.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"

namespace opora::host::test {

class WorkerStore : public ::testing::Test {
 protected:
  // The store, migrated, in a new temporary folder (dir_).
  void open_store(const char* prefix) {
    std::string tmpl = (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX"))
                           .string();
    dir_ = mkdtemp(tmpl.data());
    db_ = std::make_unique<Db>(Db::open(dir_ / "opora.db"));
    migrate(*db_);
  }
  // dir_/scripts into two catalogs, then the snapshot of 2018–2023.
  void load_workers() {
    for (int w = 0; w < 2; ++w) {
      catalogs_.push_back(std::make_unique<Catalog>());
      lua_.push_back(LuaEngine::create());
      auto errors = lua_.back()->load_tree(dir_ / "scripts", *catalogs_.back());
      ASSERT_TRUE(errors.empty()) << errors.front();
    }
    data_ = Snapshot::load(db_->handle(), {{}, 2018, 2023, false});
  }

  void TearDown() override {
    data_.reset();
    catalogs_.clear();
    lua_.clear();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  std::unique_ptr<Db> db_;
  std::vector<std::unique_ptr<Catalog>> catalogs_;
  std::vector<std::shared_ptr<LuaEngine>> lua_;
  std::unique_ptr<Snapshot> data_;
};

}  // namespace opora::host::test
