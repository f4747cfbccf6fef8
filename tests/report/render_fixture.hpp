// Shared by the renderer tests: the monthly report fixture and a scratch folder.
#pragma once
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace opora::test {

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline std::string monthly_fixture() {
  return read_text(std::filesystem::path(OPORA_TEST_DATA) / "report/fixtures/monthly.json");
}

inline nlohmann::json monthly_json() { return nlohmann::json::parse(monthly_fixture()); }

// A fresh folder per test under the system temp dir; per process, as ctest runs test cases
// in parallel processes.
inline std::filesystem::path scratch(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("opora_render_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

// The block of a section by section id and block index.
inline const nlohmann::json& block_of(const nlohmann::json& doc, const std::string& id, std::size_t i) {
  for (const auto& s : doc["sections"])
    if (s["id"] == id) return s["blocks"].at(i);
  throw std::runtime_error("no section " + id);
}

}  // namespace opora::test
