#include "demo/country.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "demo/place_names.hpp"
#include "demo/rng.hpp"

namespace opora::host::gen {

namespace {

constexpr double kSchoolsPerMunicipality = 18.2;  // 40,000 schools / ~2,200 municipalities
constexpr int kNationalRegions = 85;
constexpr int kNationalSchools = 40000;

[[noreturn]] void bad(const std::string& message) {
  throw std::invalid_argument("Параметры генератора: " + message);
}

bool known_kind(const std::string& k) {
  return k == "СОШ" || k == "ООШ" || k == "НОШ" || k == "гимназия" || k == "лицей";
}
bool known_locality(const std::string& l) { return l == "city" || l == "town" || l == "village"; }

// Splits `total` into parts proportional to `weights`, each at least 1 (largest remainder).
std::vector<int> allocate(int total, const std::vector<double>& weights) {
  const int n = int(weights.size());
  std::vector<int> out(n, 1);
  const int rest = total - n;
  if (rest <= 0) return out;
  double sum = 0;
  for (double w : weights) sum += w;
  std::vector<std::pair<double, int>> remainders;
  int given = 0;
  for (int i = 0; i < n; ++i) {
    const double exact = rest * weights[i] / sum;
    const int whole = int(exact);
    out[i] += whole;
    given += whole;
    remainders.push_back({exact - whole, i});
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (int j = 0; j < rest - given; ++j) ++out[remainders[j].second];
  return out;
}

// Region-wide traits shared by its schools.
struct RegionTraits {
  int code = 0;
  double quality = 0, ses = 0, lang = -4.0;
};

RegionTraits region_traits(Rng& rng, int code) {
  RegionTraits t;
  t.code = code;
  t.quality = rng.normal(0.0, 0.25);
  t.ses = rng.normal(0.0, 0.4);
  // About one region in eight is a national republic where many speak another native language.
  t.lang = rng.chance(0.12) ? rng.normal(-0.8, 0.5) : rng.normal(-4.2, 0.4);
  return t;
}

// Municipality kinds decide where its schools stand.
enum class Muni { capital, urban, district };

std::string draw_locality(Muni m, Rng& rng) {
  const double u = rng.uniform();
  switch (m) {
    case Muni::capital:
      return u < 0.95 ? "city" : "village";
    case Muni::urban:
      return u < 0.88 ? "town" : "village";
    default:
      return u < 0.22 ? "town" : "village";
  }
}

std::string draw_kind(const std::string& locality, Rng& rng) {
  const double u = rng.uniform();
  if (locality == "city")
    return u < 0.72 ? "СОШ" : u < 0.84 ? "гимназия" : u < 0.93 ? "лицей" : u < 0.97 ? "ООШ" : "НОШ";
  if (locality == "town")
    return u < 0.80 ? "СОШ" : u < 0.87 ? "гимназия" : u < 0.92 ? "лицей" : "ООШ";
  return u < 0.52 ? "СОШ" : u < 0.88 ? "ООШ" : "НОШ";
}

// Lognormal sizes: large urban schools, many small rural ones; ООШ and НОШ stay small.
int draw_students(const std::string& kind, const std::string& locality, Rng& rng) {
  double median = 0, sigma = 0.5, cap = 2000;
  if (kind == "НОШ") {
    median = 22, sigma = 0.5, cap = 150;
  } else if (kind == "ООШ") {
    median = locality == "village" ? 55 : 180, sigma = 0.6, cap = 400;
  } else if (kind == "гимназия" || kind == "лицей") {
    median = 850, sigma = 0.35;
  } else {
    median = locality == "city" ? 750 : locality == "town" ? 480 : 140;
    sigma = locality == "village" ? 0.65 : 0.45;
  }
  return int(std::clamp(std::lround(rng.lognormal(median, sigma)), 10L, long(cap)));
}

double locality_shift(const std::string& locality) {
  return locality == "village" ? 0.6 : locality == "town" ? 0.2 : -0.3;
}

class Builder {
 public:
  explicit Builder(const GeneratorOptions& o) : o_(o), rng_(o.seed, "layout") {}

  Country run() {
    validate_options();
    place_fixed_territories();
    place_generated_regions();
    place_fixed_schools();
    return std::move(country_);
  }

 private:
  void validate_options() {
    if (o_.schools < 0) bad("число школ не может быть отрицательным");
    if (o_.first_year > o_.last_year) bad("первый год позже последнего");
    if (o_.first_year < 2000 || o_.last_year > 2100) bad("годы должны быть в пределах 2000–2100");
    if (!(o_.student_sample >= 0.0 && o_.student_sample <= 1.0))
      bad("доля школ с данными по ученикам должна быть от 0 до 1");
    if (o_.regions < 0 || o_.regions > 99) bad("число регионов должно быть от 0 до 99");
    if (o_.regions > 0 && o_.regions > o_.schools) bad("регионов больше, чем школ");
  }

  void place_fixed_territories() {
    for (std::size_t i = 0; i < o_.fixed_territories.size(); ++i) {
      const FixedTerritory& t = o_.fixed_territories[i];
      const std::string where = "территория «" + t.id + "»: ";
      if (t.id.empty() || t.name.empty()) bad("у территории №" + std::to_string(i + 1) + " нет кода или названия");
      if (levels_.count(t.id)) bad(where + "указана дважды");
      if (t.level == "region") {
        if (t.parent != "federal") bad(where + "родителем региона должен быть federal");
        int code = t.region_code;
        if (code < 0 || code > 99) bad(where + "код региона должен быть от 1 до 99");
        if (code > 0 && used_codes_.count(code)) bad(where + "код региона уже занят");
        if (code == 0) code = next_free_code();
        used_codes_.insert(code);
        regions_[t.id] = region_traits_for(t.id, code);
      } else if (t.level == "municipality") {
        if (!regions_.count(t.parent))
          bad(where + "родитель должен быть регионом, указанным раньше");
        if (t.synthetic_schools < 0) bad(where + "отрицательное число школ");
      } else {
        bad(where + "уровень должен быть region или municipality");
      }
      levels_[t.id] = t.level;
      region_of_[t.id] = t.level == "region" ? t.id : t.parent;
      country_.territories.push_back({t.id, t.name, t.parent, t.level});
    }
    for (const FixedSchool& s : o_.fixed_schools) reserved_logins_.insert(s.login);
    for (const FixedTerritory& t : o_.fixed_territories) {
      if (t.level != "municipality" || t.synthetic_schools == 0) continue;
      Rng rng(o_.seed, "municipality/" + t.id);
      add_schools(t.id, t.parent, Muni::urban, rng.normal(0.0, 0.15), t.synthetic_schools, rng);
    }
  }

  RegionTraits region_traits_for(const std::string& id, int code) {
    Rng rng(o_.seed, "region/" + id);
    return region_traits(rng, code);
  }

  int next_free_code() {
    for (int c = 1; c <= 99; ++c)
      if (!used_codes_.count(c)) return c;
    bad("не осталось свободных кодов регионов (1–99)");
  }

  void place_generated_regions() {
    if (o_.schools == 0) return;
    int n = o_.regions;
    if (n == 0)
      n = std::clamp(int(std::lround(double(kNationalRegions) * o_.schools / kNationalSchools)), 1,
                     std::min(kNationalRegions, o_.schools));
    std::vector<double> weights;
    for (int i = 0; i < n; ++i) weights.push_back(rng_.lognormal(1.0, 0.6));
    const std::vector<int> per_region = allocate(o_.schools, weights);
    std::set<std::string> names;
    for (int r = 0; r < n; ++r) {
      const int code = next_free_code();
      used_codes_.insert(code);
      char id[32];
      std::snprintf(id, sizeof id, "r%02d", code);
      std::string name;
      do name = region_name(rng_);
      while (!names.insert(name).second);
      country_.territories.push_back({id, name, "federal", "region"});
      regions_[id] = region_traits(rng_, code);
      place_municipalities(id, per_region[r]);
    }
  }

  void place_municipalities(const std::string& region, int schools) {
    const int n = std::clamp(int(std::lround(schools / kSchoolsPerMunicipality)), 1, schools);
    std::vector<double> weights;
    for (int i = 0; i < n; ++i) weights.push_back(rng_.lognormal(1.0, 0.7) * (i == 0 ? 4.0 : 1.0));
    const std::vector<int> per_muni = allocate(schools, weights);
    std::set<std::string> names;
    for (int m = 0; m < n; ++m) {
      const Muni kind = m == 0 ? Muni::capital : rng_.chance(0.15) ? Muni::urban : Muni::district;
      std::string name;
      do {
        PlaceName centre = random_place(rng_);
        name = kind == Muni::district ? district_name(centre) : city_district_name(centre);
      } while (!names.insert(name).second);
      char id[32];
      std::snprintf(id, sizeof id, "/m%03d", m + 1);
      const std::string muni_id = region + id;
      country_.territories.push_back({muni_id, name, region, "municipality"});
      region_of_[muni_id] = region;
      add_schools(muni_id, region, kind, rng_.normal(0.0, 0.15), per_muni[m], rng_);
    }
  }

  std::string next_login(const std::string& region) {
    const int code = regions_.at(region).code;
    int& counter = login_counter_[code];
    char buf[32];
    do {
      if (++counter > 9999)
        bad("в регионе с кодом " + std::to_string(code) + " больше 9999 школ: увеличьте число регионов");
      std::snprintf(buf, sizeof buf, "sch%02d%04d", code, counter);
    } while (reserved_logins_.count(buf));
    return buf;
  }

  void add_schools(const std::string& muni, const std::string& region, Muni kind, double muni_effect,
                   int count, Rng& rng) {
    const RegionTraits& rt = regions_.at(region);
    std::set<std::string> names;
    int town_number = 0, gymnasium = 0, lyceum = 0;
    for (int i = 0; i < count; ++i) {
      SchoolPlan s;
      s.login = next_login(region);
      s.territory = muni;
      s.locality = draw_locality(kind, rng);
      s.kind = draw_kind(s.locality, rng);
      s.students = draw_students(s.kind, s.locality, rng);
      const bool village = s.locality == "village";
      const bool selective = s.kind == "гимназия" || s.kind == "лицей";
      for (int attempt = 0;; ++attempt) {
        int number = selective ? (s.kind == "лицей" ? ++lyceum : ++gymnasium)
                               : village ? attempt + 1 : (town_number += 1 + int(rng.below(2)));
        s.name = school_name(s.kind, village, random_place(rng), number);
        if (names.insert(s.name).second) break;
      }
      s.z = rng.normal() + rt.ses + locality_shift(s.locality) - (selective ? 0.4 : 0.0);
      s.quality = -0.35 * s.z + rng.normal(0.0, 0.55) + rt.quality + muni_effect +
                  (selective ? 0.35 : 0.0);
      s.lang_base = rt.lang;
      country_.schools.push_back(std::move(s));
    }
  }

  void place_fixed_schools() {
    std::unordered_set<std::string> municipalities;
    for (const auto& t : country_.territories)
      if (t.level == "municipality") municipalities.insert(t.id);
    std::unordered_set<std::string> logins;
    for (const auto& s : country_.schools) logins.insert(s.login);
    for (const FixedSchool& f : o_.fixed_schools) {
      const std::string where = "школа «" + f.name + "» (" + f.login + "): ";
      if (f.login.empty() || f.name.empty()) bad("у школы нет логина или названия");
      if (!logins.insert(f.login).second) bad(where + "логин повторяется");
      if (!municipalities.count(f.territory)) bad(where + "неизвестный муниципалитет " + f.territory);
      if (!known_kind(f.kind)) bad(where + "вид школы должен быть СОШ, ООШ, НОШ, гимназия или лицей");
      if (!known_locality(f.locality)) bad(where + "тип местности должен быть city, town или village");
      if (f.students < 1) bad(where + "число учащихся должно быть положительным");
      SchoolPlan s;
      s.login = f.login, s.name = f.name, s.territory = f.territory, s.kind = f.kind;
      s.locality = f.locality, s.students = f.students;
      Rng rng(o_.seed, "fixed/" + f.login);
      // Context follows the target quality unless the caller pins it.
      s.z = std::clamp(-f.quality, -2.5, 2.5) + rng.normal(0.0, 0.3);
      s.quality = f.quality, s.trend = f.trend;
      s.year_sd = 0.08, s.work_sd = 0.15;  // calm enough to calibrate a documented outcome
      s.lang_base = regions_.at(region_of_.at(f.territory)).lang;
      s.context = &f.context;
      s.fixed = true;
      s.student_rows = f.student_rows || f.biased;
      s.biased = f.biased;
      country_.schools.push_back(std::move(s));
    }
  }

  const GeneratorOptions& o_;
  Rng rng_;
  Country country_;
  std::unordered_map<std::string, std::string> levels_;
  std::unordered_map<std::string, RegionTraits> regions_;
  std::unordered_map<std::string, std::string> region_of_;  // territory -> its region
  std::set<int> used_codes_;
  std::unordered_map<int, int> login_counter_;
  std::unordered_set<std::string> reserved_logins_;
};

}  // namespace

Country build_country(const GeneratorOptions& o) { return Builder(o).run(); }

}  // namespace opora::host::gen
