#include "demo/seed_territories.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace opora::host {

namespace {

// Latent qualities (0 = average school; about -1.3 puts a third of marks at "2").
constexpr double weak = -1.45;     // documented low-result schools
constexpr double weakest = -2.1;   // Sochi's «500+» subset
constexpr double at_risk = -0.3;   // close to the line
constexpr double good = 0.55;      // the rest of a seed municipality

struct Builder {
  DemoSeeds s;

  void region(std::string id, std::string name, int code, std::string neighbour_id,
              std::string neighbour_name) {
    s.territories.push_back({id, std::move(name), "federal", "region", code, 0});
    // A synthetic neighbour municipality, so regional statistics have a population.
    s.territories.push_back({id + "/" + neighbour_id, std::move(neighbour_name), id,
                             "municipality", 0, 60});
  }
  void municipality(std::string id, std::string name, std::string parent, int identify_year,
                    int plan_year) {
    s.territories.push_back({id, std::move(name), std::move(parent), "municipality", 0, 0});
    s.municipalities.push_back({id, identify_year, plan_year});
  }
  FixedSchool& school(std::string login, std::string name, std::string territory,
                      std::string kind, std::string locality, int students, double quality) {
    FixedSchool f;
    f.login = std::move(login);
    f.name = std::move(name);
    f.territory = std::move(territory);
    f.kind = std::move(kind);
    f.locality = std::move(locality);
    f.students = students;
    f.quality = quality;
    s.schools.push_back(std::move(f));
    return s.schools.back();
  }
};

// A calm social context, so that a good school is not pushed into ШНСУ by chance.
std::map<std::string, double> calm() {
  return {{"low_income_share", 0.08}, {"single_parent_share", 0.15},
          {"parents_higher_ed_share", 0.45}, {"preventive_register_share", 0.01},
          {"disabilities_share", 0.03}, {"non_native_russian_share", 0.02},
          {"staff_vacancies", 0}, {"distance_km", 2}, {"rural", 0}};
}

void chebarkul(Builder& b) {
  b.region("chelyabinsk", "Челябинская область", 74, "kopeysk", "Копейский городской округ");
  const std::string t = "chelyabinsk/chebarkul";
  b.municipality(t, "Чебаркульский городской округ", "chelyabinsk", 2022, 2023);
  // Order № 145Д: low results by ФИОКО data for 2022 — СОШ №1, №6, №7, ООШ №9, ООШ №76.
  b.school("sch740001", "МБОУ «СОШ №1»", t, "СОШ", "town", 820, weak).context = calm();
  b.school("sch740002", "МБОУ «СОШ № 2»", t, "СОШ", "town", 760, good).context = calm();
  b.school("sch740003", "МБОУ «СОШ № 3»", t, "СОШ", "town", 540, good).context = calm();
  b.school("sch740006", "МБОУ «СОШ № 6»", t, "СОШ", "town", 610, weak).context = calm();
  b.school("sch740007", "МБОУ СОШ № 7", t, "СОШ", "town", 480, weak).context = calm();
  b.school("sch740009", "МБОУ ООШ № 9", t, "ООШ", "town", 210, weak).context = calm();
  b.school("sch740010", "МБОУ ООШ № 10", t, "ООШ", "town", 190, good).context = calm();
  b.school("sch740013", "МБОУ «СОШ № 13»", t, "СОШ", "town", 450, good).context = calm();
  // ООШ №76: the highest expert point sum in the okrug, 53 points (see scripts/chelyabinsk).
  b.school("sch740076", "МБОУ ООШ №76", t, "ООШ", "village", 90, weak).context = {
      {"low_income_share", 0.40},          // 9 points
      {"single_parent_share", 0.45},       // 6
      {"parents_higher_ed_share", 0.08},   // 6
      {"preventive_register_share", 0.07}, // 6
      {"disabilities_share", 0.16},        // 6
      {"non_native_russian_share", 0.12},  // 4
      {"staff_vacancies", 3},              // 4
      {"distance_km", 30},                 // 4
      {"rural", 1}};                       // 5, and 3 for a school under 100 students
}

void bagan(Builder& b) {
  b.region("novosibirsk", "Новосибирская область", 54, "karasuk", "Карасукский район");
  const std::string t = "novosibirsk/bagan";
  b.municipality(t, "Баганский район", "novosibirsk", 2021, 2022);
  // The prevention group: by the 2021 assessments and the regional monitoring.
  for (auto [login, name] : {std::pair{"sch540201", "МКОУ Андреевская СОШ"},
                             {"sch540202", "МКОУ Казанская СОШ"},
                             {"sch540203", "МКОУ Кузнецовская СОШ"},
                             {"sch540204", "МКОУ Мироновская СОШ"},
                             {"sch540205", "МКОУ Савкинская СОШ"}})
    b.school(login, name, t, "СОШ", "village", 160, weak);
  for (auto [login, name, kind, students] :
       {std::tuple{"sch540206", "МКОУ Баганская СОШ № 1", "СОШ", 620},
        {"sch540207", "МКОУ Баганская СОШ № 2", "СОШ", 540},
        {"sch540208", "МКОУ Палецкая СОШ", "СОШ", 170},
        {"sch540209", "МКОУ Лозовская СОШ", "СОШ", 150},
        {"sch540210", "МКОУ Ивановская СОШ", "СОШ", 140},
        {"sch540211", "МКОУ Теренгульская СОШ", "СОШ", 130},
        {"sch540212", "МКОУ Соловьёвская ООШ", "ООШ", 60}})
    b.school(login, name, t, kind, students > 300 ? "town" : "village", students, good).context = calm();
}

void sochi(Builder& b) {
  b.region("krasnodar", "Краснодарский край", 23, "tuapse", "Туапсинский район");
  const std::string t = "krasnodar/sochi";
  b.municipality(t, "Город-курорт Сочи", "krasnodar", 2019, 2020);
  // The order's 26 ШНОР (ЕГЭ 2018–2019, low ВПР, signs of non-objective ВПР) and the 8 in «500+».
  const std::vector<std::pair<std::string, std::string>> listed = {
      {"СОШ", "4"},  {"СОШ", "10"}, {"СОШ", "13"}, {"Лицей", "3"}, {"Гимназия", "9"},
      {"СОШ", "28"}, {"ООШ", "43"}, {"СОШ", "49"}, {"СОШ", "53"}, {"ООШ", "56"},
      {"СОШ", "67"}, {"СОШ", "65"}, {"СОШ", "75"}, {"СОШ", "77"}, {"СОШ", "78"},
      {"СОШ", "79"}, {"СОШ", "80"}, {"СОШ", "82"}, {"СОШ", "83"}, {"СОШ", "85"},
      {"СОШ", "87"}, {"СОШ", "88"}, {"СОШ", "91"}, {"СОШ", "92"}, {"СОШ", "94"},
      {"СОШ", "100"}};
  const std::vector<std::string> in_500 = {"53", "75", "77", "79", "80", "83", "85", "88"};
  for (const auto& [kind, number] : listed) {
    bool p500 = std::find(in_500.begin(), in_500.end(), number) != in_500.end();
    auto kind_name = kind == "Лицей" ? "лицей" : kind == "Гимназия" ? "гимназия" : kind;
    auto name = "МОБУ " + (kind == "СОШ" || kind == "ООШ" ? kind + " № " + number
                                                          : kind + " № " + number);
    int students = kind == "ООШ" ? 280 : 700;
    b.school("sch23" + std::string(4 - number.size(), '0') + number, name, t, kind_name,
             "city", students, p500 ? weakest : weak)
        .context = calm();
  }
  // The city's other schools.
  for (int n : {1, 2, 5, 6, 7, 8, 11, 12, 14, 15, 16, 18, 19, 20, 22, 23, 24, 25, 26, 27, 29,
                31, 32, 33, 35, 36, 37, 38, 39, 40}) {
    auto number = std::to_string(n);
    b.school("sch23" + std::string(4 - number.size(), '0') + number, "МОБУ СОШ № " + number, t,
             "СОШ", "city", 750, good)
        .context = calm();
  }
}

void zima(Builder& b) {
  b.region("irkutsk", "Иркутская область", 38, "tulun", "Тулунский район");
  const std::string t = "irkutsk/zima";
  b.municipality(t, "Зиминское городское муниципальное образование", "irkutsk", 2023, 2024);
  b.school("sch380501", "МБОУ «СОШ № 1»", t, "СОШ", "town", 820, good).context = calm();
  b.school("sch380505", "МБОУ «СОШ № 5»", t, "СОШ", "town", 610, weak).context = calm();
  b.school("sch380507", "МБОУ «СОШ № 7»", t, "СОШ", "town", 540, at_risk).context = calm();
  b.school("sch380508", "МБОУ «СОШ № 8»", t, "СОШ", "town", 480, weak);
  b.school("sch380509", "МБОУ «СОШ № 9»", t, "СОШ", "town", 500, good).context = calm();
  b.school("sch380510", "МБОУ «СОШ № 10»", t, "СОШ", "town", 420, at_risk).context = calm();
  b.school("sch380526", "МБОУ «СОШ № 26»", t, "СОШ", "village", 180, good).context = {
      {"low_income_share", 0.42}, {"single_parent_share", 0.4},
      {"parents_higher_ed_share", 0.07}, {"preventive_register_share", 0.06},
      {"disabilities_share", 0.12}, {"rural", 1}, {"distance_km", 25}};
  b.school("sch380511", "МБОУ «Гимназия № 1»", t, "гимназия", "town", 760, good).context = calm();
}

void serafimovich(Builder& b) {
  b.region("volgograd", "Волгоградская область", 34, "frolovo", "Фроловский район");
  const std::string t = "volgograd/serafimovich";
  b.municipality(t, "Серафимовичский муниципальный район", "volgograd", 2022, 2023);
  b.school("sch340601", "МКОУ СШ № 1 г. Серафимовича", t, "СОШ", "town", 640, good).context = calm();
  b.school("sch340602", "МКОУ Зимняцкая СОШ", t, "СОШ", "village", 170, good).context = calm();
  b.school("sch340603", "МКОУ Трясиновская СШ", t, "СОШ", "village", 140, weak);
  b.school("sch340604", "МКОУ Клетско-Почтовская СШ", t, "СОШ", "village", 150, good).context = calm();
  b.school("sch340605", "МКОУ Усть-Хоперская СШ", t, "СОШ", "village", 130, good).context = calm();
  b.school("sch340606", "МКОУ Отрожкинская СШ", t, "СОШ", "village", 120, weak);
  b.school("sch340607", "МКОУ Большовская СШ", t, "СОШ", "village", 110, at_risk).context = calm();
  b.school("sch340608", "МКОУ Теркинская СШ", t, "СОШ", "village", 90, good).context = {
      {"low_income_share", 0.45}, {"single_parent_share", 0.42},
      {"parents_higher_ed_share", 0.06}, {"preventive_register_share", 0.07},
      {"disabilities_share", 0.14}, {"rural", 1}, {"distance_km", 60}, {"staff_vacancies", 3}};
}

// Splits a `;` line (the generator writes no quoted fields in results.csv).
std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ';')) out.push_back(cell);
  return out;
}

}  // namespace

DemoSeeds demo_seed_territories() {
  Builder b;
  serafimovich(b);
  bagan(b);
  chebarkul(b);
  zima(b);
  sochi(b);
  return std::move(b.s);
}

RegionalFiles write_regional_files(const std::filesystem::path& results_csv,
                                   const std::filesystem::path& out_dir) {
  std::ifstream in(results_csv);
  if (!in) throw std::runtime_error("не удалось открыть " + results_csv.string());
  RegionalFiles f;
  f.nso_monitoring = out_dir / "nso_monitoring.csv";
  f.krasnodar_kdr = out_dir / "krasnodar_kdr.csv";
  std::ofstream nso(f.nso_monitoring), kdr(f.krasnodar_kdr);
  nso << "Логин ОО;Год;Класс;Предмет;Кол-во участников;Ниже базового;Базовый;Повышенный;Высокий\n";
  kdr << "login;procedure;year;grade;subject;participants;m2;m3;m4;m5\n";
  std::string line;
  std::getline(in, line);  // header
  // Columns: login;procedure;year;grade;subject;participants;m2;m3;m4;m5;mean_score
  while (std::getline(in, line)) {
    auto c = split(line);
    if (c.size() < 10 || c[1] != "ВПР") continue;
    bool math_or_russian = c[4] == "Математика" || c[4] == "Русский язык";
    if (!math_or_russian) continue;
    // Novosibirsk's monitoring of grades 5 and 7 follows the same spring's ВПР levels.
    if (c[0].rfind("sch54", 0) == 0 && (c[3] == "5" || c[3] == "7"))
      nso << c[0] << ";" << c[2] << ";" << c[3] << ";" << c[4] << ";" << c[5] << ";" << c[6] << ";"
          << c[7] << ";" << c[8] << ";" << c[9] << "\n";
    // Krasnodar's КДР in grade 6 mirrors the ВПР distribution of the same cohort.
    if (c[0].rfind("sch23", 0) == 0 && c[3] == "6")
      kdr << c[0] << ";КДР;" << c[2] << ";" << c[3] << ";" << c[4] << ";" << c[5] << ";" << c[6]
          << ";" << c[7] << ";" << c[8] << ";" << c[9] << "\n";
  }
  return f;
}

}  // namespace opora::host
