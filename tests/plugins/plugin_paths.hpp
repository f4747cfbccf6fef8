// Where the build puts the test plugins and the real ones, and a scratch folder per test.
#pragma once
#include <dlfcn.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace opora::test {

inline std::filesystem::path test_plugin(const std::string& name) {
  return std::filesystem::path(OPORA_BINARY_DIR) / "test-plugins" / name / (name + ".so");
}
inline std::filesystem::path real_plugin(const std::string& name) {
  return std::filesystem::path(OPORA_BINARY_DIR) / "plugins" / (name + ".so");
}

// A fresh empty folder named after the running test, removed when the object goes.
class ScratchDir {
 public:
  ScratchDir() {
    auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("opora-plugins-" + std::string(info->test_suite_name()) + "-" + info->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path put(const std::filesystem::path& from, const std::string& as) const {
    auto to = path_ / as;
    std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
    return to;
  }

 private:
  std::filesystem::path path_;
};

// True while the dynamic linker has the library mapped (RTLD_NOLOAD opens nothing new).
inline bool is_loaded(const std::filesystem::path& so) {
  void* h = dlopen(so.c_str(), RTLD_LAZY | RTLD_NOLOAD);
  if (h == nullptr) return false;
  dlclose(h);  // NOLOAD still took a reference
  return true;
}

}  // namespace opora::test
