// Finding the packages of a scripts tree and ordering them so that every level loads after the
// levels it overrides.
#include <algorithm>
#include <tuple>

#include "lua/engine.hpp"

namespace opora::host {

std::string level_of_territory(std::string_view territory) {
  if (territory == "federal") return "federal";
  return territory.find('/') == std::string_view::npos ? "region" : "municipality";
}

std::vector<PackageInfo> discover_packages(const std::filesystem::path& scripts_root) {
  namespace fs = std::filesystem;
  std::vector<PackageInfo> out;
  std::error_code ec;
  if (!fs::is_directory(scripts_root, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(scripts_root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    // A territory's tests/ folder holds rule tests (opora test), never a package.
    if (it->path().filename().string() == kTestsFolder && it->is_directory(ec)) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->path().filename() != "package.lua" || !it->is_regular_file(ec)) continue;
    auto dir = it->path().parent_path();
    auto territory = dir.lexically_relative(scripts_root).generic_string();
    if (territory.empty() || territory == ".") continue;  // the root itself is no territory
    out.push_back(PackageInfo{territory, territory, level_of_territory(territory), dir});
  }
  std::sort(out.begin(), out.end(), [](const PackageInfo& a, const PackageInfo& b) {
    auto key = [](const PackageInfo& p) {
      return std::make_tuple(p.territory != "federal",
                             std::count(p.territory.begin(), p.territory.end(), '/'),
                             p.territory);
    };
    return key(a) < key(b);
  });
  return out;
}

}  // namespace opora::host
