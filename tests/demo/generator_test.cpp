// The synthetic country: deterministic bytes, consistent counts, and the statistical shape the
// demo relies on (poor context -> more "2", biased schools -> score peaks at mark boundaries).
#include "demo/generator.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "demo/assessments.hpp"

namespace fs = std::filesystem;
using opora::host::GeneratedFiles;
using opora::host::GeneratorOptions;

namespace {

using Row = std::vector<std::string>;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The generated files never quote (no `;` in names), so a plain split is exact.
std::vector<Row> read_csv(const fs::path& p, Row* header = nullptr) {
  std::ifstream in(p);
  std::string line;
  std::vector<Row> rows;
  bool first = true;
  while (std::getline(in, line)) {
    Row r;
    std::size_t start = 0;
    for (;;) {
      auto pos = line.find(';', start);
      r.push_back(line.substr(start, pos - start));
      if (pos == std::string::npos) break;
      start = pos + 1;
    }
    if (first && header) *header = r;
    if (!first) rows.push_back(std::move(r));
    first = false;
  }
  return rows;
}

fs::path scratch(const std::string& name) {
  return fs::temp_directory_path() / ("opora_gen_test_" + std::to_string(::getpid())) / name;
}

double correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = double(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i] / n, my += y[i] / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

// One mid-sized country shared by the statistical tests.
class Country : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    GeneratorOptions o;
    o.schools = 1500;
    o.first_year = 2022;
    o.last_year = 2024;
    o.seed = 42;
    o.student_sample = 0.15;
    o.fixed_territories = {
        {"chelyabinsk", "Челябинская область", "federal", "region", 74, 0},
        {"chelyabinsk/chebarkul", "Чебаркульский городской округ", "chelyabinsk", "municipality", 0, 8},
    };
    opora::host::FixedSchool weak{"sch740101", "МБОУ СОШ №1", "chelyabinsk/chebarkul", "СОШ", "town",
                                  420, -1.5, {{"low_income_share", 0.41}, {"expert_points", 53}}};
    opora::host::FixedSchool strong{"sch740102", "МАОУ «Гимназия № 1»", "chelyabinsk/chebarkul",
                                    "гимназия", "city", 900, 1.0, {}};
    strong.biased = true;
    opora::host::FixedSchool rising{"sch740103", "МКОУ ООШ №76", "chelyabinsk/chebarkul", "ООШ",
                                    "village", 120, -1.6, {}};
    rising.trend = 0.8;  // leaves the weak group within the three years
    o.fixed_schools = {weak, strong, rising};
    files = new GeneratedFiles(opora::host::generate_country(o, scratch("country")));
  }
  static void TearDownTestSuite() {
    delete files;
    files = nullptr;
    std::error_code ec;
    fs::remove_all(scratch(""), ec);
  }
  static GeneratedFiles* files;
};
GeneratedFiles* Country::files = nullptr;

TEST(Generator, SameSeedSameBytesOtherSeedOtherBytes) {
  GeneratorOptions o;
  o.schools = 200;
  o.first_year = 2023;
  o.last_year = 2024;
  o.seed = 7;
  o.student_sample = 0.2;
  auto a = opora::host::generate_country(o, scratch("a"));
  auto b = opora::host::generate_country(o, scratch("b"));
  o.seed = 8;
  auto c = opora::host::generate_country(o, scratch("c"));
  for (auto member : {&GeneratedFiles::territories, &GeneratedFiles::schools, &GeneratedFiles::results,
                      &GeneratedFiles::context, &GeneratedFiles::students, &GeneratedFiles::risk}) {
    const std::string first = slurp(a.*member);
    EXPECT_GT(first.size(), 100u) << (a.*member);
    EXPECT_EQ(first, slurp(b.*member)) << (a.*member);
  }
  EXPECT_NE(slurp(a.results), slurp(c.results));
  EXPECT_NE(slurp(a.schools), slurp(c.schools));
  EXPECT_NE(slurp(a.context), slurp(c.context));
}

TEST(Generator, NationalSizeScalesRegions) {
  GeneratorOptions o;
  o.schools = 40000;
  o.first_year = o.last_year = 2025;
  // Only the layout matters here; one year keeps the test quick.
  auto f = opora::host::generate_country(o, scratch("national"));
  int regions = 0, municipalities = 0;
  for (const Row& r : read_csv(f.territories)) (r[3] == "region" ? regions : municipalities)++;
  EXPECT_EQ(regions, 85);
  EXPECT_GT(municipalities, 1900);
  EXPECT_LT(municipalities, 2500);
  EXPECT_EQ(f.school_count, 40000u);
  EXPECT_GT(f.result_rows, 900000u);  // ~25 works per school-year: ~5 million over five years
  EXPECT_LT(f.result_rows, 1200000u);
}

TEST(Generator, RejectsInconsistentOptions) {
  GeneratorOptions o;
  o.schools = 10;
  o.first_year = 2025;
  o.last_year = 2024;
  EXPECT_THROW(opora::host::generate_country(o, scratch("bad")), std::invalid_argument);
  o.last_year = 2025;
  o.fixed_schools = {{"sch990001", "МБОУ СОШ", "nowhere/town", "СОШ", "city", 100, 0, {}}};
  try {
    opora::host::generate_country(o, scratch("bad"));
    FAIL() << "unknown municipality accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("nowhere/town"), std::string::npos) << e.what();
  }
}

TEST_F(Country, TerritoriesFormATree) {
  std::map<std::string, std::string> level;
  for (const Row& r : read_csv(files->territories)) {
    ASSERT_EQ(r.size(), 4u);
    level[r[0]] = r[3];
    if (r[3] == "region") {
      EXPECT_EQ(r[2], "federal");
    } else {
      EXPECT_EQ(level[r[2]], "region") << r[0];
      EXPECT_EQ(r[0].rfind(r[2] + "/", 0), 0u) << r[0];
    }
  }
  const std::regex login("sch([0-9]{2})[0-9]{4}");
  std::set<std::string> logins;
  for (const Row& r : read_csv(files->schools)) {
    ASSERT_EQ(r.size(), 6u);
    EXPECT_EQ(level[r[2]], "municipality") << r[0];
    EXPECT_TRUE(logins.insert(r[0]).second) << "duplicate login " << r[0];
    std::smatch m;
    ASSERT_TRUE(std::regex_match(r[0], m, login)) << r[0];
    if (r[2].rfind("chelyabinsk", 0) == 0) {
      EXPECT_EQ(m[1], "74") << r[0];
    } else {
      EXPECT_EQ(r[2].substr(0, 3), "r" + m[1].str()) << "region code of " << r[0];
    }
  }
  EXPECT_EQ(logins.size(), files->school_count);
}

TEST_F(Country, SchoolSizesKindsAndLocalities) {
  std::map<std::string, int> kinds;
  int small_rural = 0;
  for (const Row& r : read_csv(files->schools)) {
    if (r[0].substr(0, 7) == "sch7401") continue;  // the fixed schools
    const int students = std::stoi(r[5]);
    EXPECT_GE(students, 10) << r[0];
    EXPECT_LE(students, 2000) << r[0];
    ++kinds[r[3]];
    EXPECT_TRUE(r[4] == "city" || r[4] == "town" || r[4] == "village") << r[4];
    if (r[3] == "ООШ" || r[3] == "НОШ") {
      EXPECT_LE(students, 400) << r[0];
    }
    if (r[4] == "village" && students < 100) ++small_rural;
  }
  for (const char* k : {"СОШ", "ООШ", "НОШ", "гимназия", "лицей"}) EXPECT_GT(kinds[k], 10) << k;
  EXPECT_GT(small_rural, 150);  // many small rural schools
}

TEST_F(Country, MarksSumToParticipantsAndAreNonNegative) {
  Row header;
  auto rows = read_csv(files->results, &header);
  ASSERT_EQ(header, (Row{"login", "procedure", "year", "grade", "subject", "participants", "m2",
                         "m3", "m4", "m5", "mean_score"}));
  ASSERT_EQ(rows.size(), files->result_rows);
  for (const Row& r : rows) {
    ASSERT_EQ(r.size(), 11u);
    const int n = std::stoi(r[5]);
    int sum = 0;
    for (int i = 6; i < 10; ++i) {
      const int k = std::stoi(r[i]);
      ASSERT_GE(k, 0) << r[0] << " " << r[4];
      sum += k;
    }
    ASSERT_GT(n, 0);
    ASSERT_EQ(sum, n) << r[0] << " " << r[1] << " " << r[3] << " " << r[4];
    const auto* scale = opora::host::gen::find_scale(r[1], std::stoi(r[3]), r[4]);
    ASSERT_NE(scale, nullptr) << r[1] << " " << r[3] << " " << r[4];
    const double mean = std::stod(r[10]);
    ASSERT_GE(mean, 0.0);
    ASSERT_LE(mean, scale->max_score);
  }
}

TEST_F(Country, WorksPerSchoolYearFollowTheKind) {
  std::map<std::string, std::pair<std::string, int>> school;  // login -> kind, students
  for (const Row& r : read_csv(files->schools)) school[r[0]] = {r[3], std::stoi(r[5])};
  std::map<std::pair<std::string, std::string>, int> works;
  for (const Row& r : read_csv(files->results)) {
    ++works[{r[0], r[2]}];
    const std::string& kind = school[r[0]].first;
    const int grade = std::stoi(r[3]);
    if (kind == "НОШ") {
      EXPECT_EQ(grade, 4) << r[0];
    }
    if (kind == "ООШ") {
      EXPECT_NE(r[1], "ЕГЭ") << r[0];
    }
    if (r[1] == "ОГЭ") {
      EXPECT_EQ(grade, 9);
    }
    if (r[1] == "ЕГЭ") {
      EXPECT_EQ(grade, 11);
    }
  }
  int big = 0;
  for (const auto& [key, n] : works) {
    if (school[key.first].second < 500) continue;
    ++big;
    EXPECT_GE(n, 15) << key.first << " " << key.second;
    EXPECT_LE(n, 40) << key.first << " " << key.second;
  }
  EXPECT_GT(big, 300);
}

TEST_F(Country, PoorerContextMeansMoreTwos) {
  std::map<std::pair<std::string, std::string>, double> income;
  for (const Row& r : read_csv(files->context)) {
    if (r[2] == "low_income_share") {
      const double v = std::stod(r[3]);
      EXPECT_GE(v, 0.0);
      EXPECT_LE(v, 1.0);
      income[{r[0], r[1]}] = v;
    }
  }
  std::map<std::pair<std::string, std::string>, std::pair<double, double>> twos;  // m2, n
  for (const Row& r : read_csv(files->results)) {
    if (r[1] != "ВПР") continue;
    auto& t = twos[{r[0], r[2]}];
    t.first += std::stod(r[6]);
    t.second += std::stod(r[5]);
  }
  std::vector<double> x, y;
  for (const auto& [key, t] : twos) {
    ASSERT_TRUE(income.count(key)) << key.first;
    x.push_back(income[key]);
    y.push_back(t.first / t.second);
  }
  const double r = correlation(x, y);
  EXPECT_GT(r, 0.2) << "correlation of low_income_share and the share of \"2\"";
}

TEST_F(Country, FixedSchoolsKeepNamesQualityAndContext) {
  std::map<std::string, Row> schools;
  for (const Row& r : read_csv(files->schools)) schools[r[0]] = r;
  ASSERT_TRUE(schools.count("sch740101"));
  EXPECT_EQ(schools["sch740101"][1], "МБОУ СОШ №1");
  EXPECT_EQ(schools["sch740101"][2], "chelyabinsk/chebarkul");
  EXPECT_EQ(schools["sch740102"][1], "МАОУ «Гимназия № 1»");
  int synthetic_in_chebarkul = 0;
  for (const auto& [login, r] : schools)
    if (r[2] == "chelyabinsk/chebarkul" && login.substr(0, 7) != "sch7401")
      ++synthetic_in_chebarkul;
  EXPECT_EQ(synthetic_in_chebarkul, 8);

  std::map<std::string, std::pair<double, double>> twos;
  for (const Row& r : read_csv(files->results)) {
    if (r[1] != "ВПР") continue;
    twos[r[0]].first += std::stod(r[6]);
    twos[r[0]].second += std::stod(r[5]);
  }
  const double weak = twos["sch740101"].first / twos["sch740101"].second;
  const double strong = twos["sch740102"].first / twos["sch740102"].second;
  EXPECT_GT(weak, 0.3);
  EXPECT_LT(strong, 0.1);

  int pinned = 0, expert = 0;
  for (const Row& r : read_csv(files->context)) {
    if (r[0] != "sch740101") continue;
    if (r[2] == "low_income_share") {
      EXPECT_EQ(r[3], "0.4100");
      ++pinned;
    }
    if (r[2] == "expert_points") {
      EXPECT_EQ(r[3], "53.0000");
      ++expert;
    }
  }
  EXPECT_EQ(pinned, 3);  // one per year
  EXPECT_EQ(expert, 3);

  std::set<std::string> weak_risk_years;
  for (const Row& r : read_csv(files->risk)) {
    const int level = std::stoi(r[3]);
    EXPECT_GE(level, 1);
    EXPECT_LE(level, 3);
    if (r[0] == "sch740101") weak_risk_years.insert(r[1]);
    EXPECT_NE(r[0], "sch740102") << "a strong school got a risk profile";
  }
  EXPECT_EQ(weak_risk_years.size(), 3u);
}

TEST_F(Country, FixedSchoolTrendMovesResultsAndRisk) {
  std::map<std::string, std::pair<double, double>> twos;  // year -> m2, participants
  for (const Row& r : read_csv(files->results)) {
    if (r[0] != "sch740103" || r[1] != "ВПР") continue;
    twos[r[2]].first += std::stod(r[6]);
    twos[r[2]].second += std::stod(r[5]);
  }
  ASSERT_EQ(twos.size(), 3u);
  const double first = twos["2022"].first / twos["2022"].second;
  const double last = twos["2024"].first / twos["2024"].second;
  EXPECT_GT(first, last + 0.15) << first << " -> " << last;
  std::set<std::string> risk_years;
  for (const Row& r : read_csv(files->risk))
    if (r[0] == "sch740103") risk_years.insert(r[1]);
  EXPECT_TRUE(risk_years.count("2022"));
  EXPECT_FALSE(risk_years.count("2024"));
}

// Scores one or two points below a boundary vs. on it, summed over every ВПР work of a school.
struct BoundaryCounts {
  long at = 0, below = 0;
};

TEST_F(Country, BiasedSchoolsPeakAtMarkBoundaries) {
  std::map<std::string, BoundaryCounts> counts;
  std::set<std::string> with_rows;
  for (const Row& r : read_csv(files->students)) {
    const auto* scale = opora::host::gen::find_scale(r[1], std::stoi(r[3]), r[4]);
    ASSERT_NE(scale, nullptr);
    const int score = std::stoi(r[6]);
    const int mark = std::stoi(r[7]);
    ASSERT_EQ(mark, score >= scale->b5 ? 5 : score >= scale->b4 ? 4 : score >= scale->b3 ? 3 : 2);
    with_rows.insert(r[0]);
    auto& c = counts[r[0]];
    for (int b : {scale->b3, scale->b4, scale->b5}) {
      if (score == b) ++c.at;
      if (score == b - 1 || score == b - 2) ++c.below;
    }
  }
  const std::set<std::string> biased(files->biased_schools.begin(), files->biased_schools.end());
  ASSERT_TRUE(biased.count("sch740102"));
  ASSERT_GE(biased.size(), 3u);
  ASSERT_GE(with_rows.size(), 100u);
  int unbiased_checked = 0, biased_checked = 0;
  for (const auto& [login, c] : counts) {
    if (c.at + c.below < 150) continue;  // too few scores near the boundaries to judge
    // Without bias two scores below hold about twice the one on the boundary.
    const double ratio = double(c.at) / std::max(1L, c.below);
    if (biased.count(login)) {
      ++biased_checked;
      EXPECT_GT(ratio, 2.0) << login;
    } else {
      ++unbiased_checked;
      EXPECT_LT(ratio, 1.0) << login;
    }
  }
  EXPECT_GE(biased_checked, 3);
  EXPECT_GE(unbiased_checked, 50);
}

}  // namespace
