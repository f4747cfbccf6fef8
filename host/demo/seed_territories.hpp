// The municipalities of the seed documents as the demo places them into the synthetic country:
// their real names and schools, with latent qualities and social context calibrated so that the
// documented outcomes come out of the real computation of each region's rules.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "demo/generator.hpp"

namespace opora::host {

struct DemoMunicipality {
  std::string territory;  // e.g. chelyabinsk/chebarkul
  int identify_year;      // the data year the document's identification used
  int plan_year;          // the roadmap's year
};

struct DemoSeeds {
  std::vector<FixedTerritory> territories;
  std::vector<FixedSchool> schools;
  std::vector<DemoMunicipality> municipalities;
};

DemoSeeds demo_seed_territories();

// Region-specific procedures derived from the generated ВПР results: Novosibirsk's regional
// monitoring (РМКП, in the `nso_monitoring` plugin's file format) and Krasnodar's КДР.
struct RegionalFiles {
  std::filesystem::path nso_monitoring;
  std::filesystem::path krasnodar_kdr;
};
RegionalFiles write_regional_files(const std::filesystem::path& results_csv,
                                   const std::filesystem::path& out_dir);

}  // namespace opora::host
