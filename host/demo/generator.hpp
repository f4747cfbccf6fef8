// The deterministic synthetic country: territories, schools, assessment results, social context,
// student-level ВПР scores and risk profiles, written as CSV files in the canonical import formats
// (`;`, UTF-8, a header row). The same options and seed always give the same bytes.
//
// The model: each school has a social disadvantage z (worse in villages and in some regions) that
// drives its context indicators; its latent quality is -0.35 z plus a persistent school effect,
// a regional and a municipal effect; each year adds noise correlated with the previous year, each
// work a little more. Marks come from an ordered model around that quality (see mark_model.hpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace opora::host {

// A real territory the demo places into the synthetic country (e.g. Chelyabinsk oblast and the
// Chebarkul urban okrug of a seed document). Parents come before children.
struct FixedTerritory {
  std::string id;      // chelyabinsk, chelyabinsk/chebarkul
  std::string name;    // Челябинская область
  std::string parent;  // federal for a region
  std::string level;   // region | municipality
  int region_code = 0;        // regions: ФИС ОКО code of the logins (74); 0 = pick a free one
  int synthetic_schools = 0;  // municipalities: generated schools added beside the fixed ones
};

// A named school with a target quality, generated with the same model as every other school.
struct FixedSchool {
  std::string login, name, territory, kind, locality;  // locality: city | town | village
  int students = 300;
  double quality = 0.0;  // latent, 0 = average, negative = weak (-1 ≈ a third of marks are "2")
  std::map<std::string, double> context;  // indicator -> value, overrides the generated one
  double trend = 0.0;         // change of quality per year after first_year
  bool student_rows = false;  // also write student-level ВПР scores
  bool biased = false;        // scores pushed onto mark boundaries (implies student_rows)
};

struct GeneratorOptions {
  int schools = 40000;  // synthetic schools, about 40,000 in 85 regions, ~2,200 municipalities
  int first_year = 2021, last_year = 2025;
  std::uint64_t seed = 1;
  double student_sample = 0.0;  // share of schools that also get student-level ВПР rows
  int regions = 0;              // 0 = scale with schools (85 for the national size)
  std::vector<FixedTerritory> fixed_territories;
  std::vector<FixedSchool> fixed_schools;
};

struct GeneratedFiles {
  std::filesystem::path territories, schools, results, context, students, risk, readme;
  std::size_t result_rows = 0, school_count = 0, student_rows = 0;
  // Logins of schools with student rows whose scores were pushed onto the mark boundaries: the
  // truth an objectivity check should find.
  std::vector<std::string> biased_schools;
};

// The paths generate_country writes in `out_dir` (no counts), e.g. for checking them first.
GeneratedFiles generated_files(const std::filesystem::path& out_dir);

// Writes the files into `out_dir` (created if missing). Throws std::invalid_argument (Russian
// message) for inconsistent options and std::runtime_error when a file cannot be written.
GeneratedFiles generate_country(const GeneratorOptions& o, const std::filesystem::path& out_dir);

}  // namespace opora::host
