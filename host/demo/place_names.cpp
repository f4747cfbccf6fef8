#include "demo/place_names.hpp"

#include <array>
#include <string_view>

namespace opora::host::gen {

namespace {

// Lower-case roots that take the endings below without sounding foreign.
constexpr std::array<std::string_view, 44> kRoots = {
    "берёз",  "камен",   "сосн",   "озёр",   "луг",     "дубр",    "ольх",     "бор",
    "лип",    "рябин",   "кедр",   "сокол",  "журавл",  "лебед",   "горн",     "степн",
    "холм",   "быстр",   "тих",    "светл",  "черёмух", "бел",     "красн",    "зелен",
    "вишн",   "калин",   "малин",  "осин",   "ельн",    "полян",   "клён",     "лесн",
    "песчан", "глин",    "родник", "михайл", "петр",    "никольск", "покровск", "знаменск",
    "спасск", "троицк",  "орл",    "волч"};

constexpr std::array<std::string_view, 8> kPrefixes = {"ново", "старо", "верхне", "нижне",
                                                       "красно", "бело", "усть-", "средне"};

// Upper-cases the first Cyrillic letter (UTF-8: а-п D0 B0..BF, р-я D1 80..8F, ё D1 91).
std::string capitalize(std::string s) {
  if (s.size() < 2) return s;
  auto b0 = static_cast<unsigned char>(s[0]), b1 = static_cast<unsigned char>(s[1]);
  if (b0 == 0xD0 && b1 >= 0xB0 && b1 <= 0xBF) {
    s[1] = static_cast<char>(b1 - 0x20);
  } else if (b0 == 0xD1 && b1 >= 0x80 && b1 <= 0x8F) {
    s[0] = static_cast<char>(0xD0);
    s[1] = static_cast<char>(b1 + 0x20);
  } else if (b0 == 0xD1 && b1 == 0x91) {
    s[0] = static_cast<char>(0xD0);
    s[1] = static_cast<char>(0x81);
  }
  return s;
}

// "усть-" names capitalise the part after the hyphen too: Усть-Каменск.
std::string compose(std::string_view prefix, std::string_view root) {
  if (prefix == "усть-") return "Усть-" + capitalize(std::string(root));
  return capitalize(std::string(prefix) + std::string(root));
}

}  // namespace

PlaceName random_place(Rng& rng) {
  std::string_view root = kRoots[rng.below(kRoots.size())];
  std::string_view prefix = rng.chance(0.25) ? kPrefixes[rng.below(kPrefixes.size())] : "";
  std::string base = compose(prefix, root);
  // Roots that already end in "ск" are town names as they are.
  const bool ends_sk = root.ends_with("ск");
  if (ends_sk) return {base, base};
  switch (rng.below(4)) {
    case 0:
      return {base + "овск", base + "овск"};
    case 1:
      return {base + "ово", base + "овск"};
    case 2:
      return {base + "ино", base + "инск"};
    default:
      return {base + "овка", base + "овск"};
  }
}

std::string region_name(Rng& rng) {
  PlaceName p = random_place(rng);
  return rng.chance(0.8) ? p.adj_stem + "ая область" : p.adj_stem + "ий край";
}

std::string district_name(const PlaceName& centre) {
  return centre.adj_stem + "ий муниципальный район";
}

std::string city_district_name(const PlaceName& city) {
  return "Городской округ город " + city.noun;
}

std::string school_name(const std::string& kind, bool village, const PlaceName& village_name,
                        int number) {
  const std::string num = " № " + std::to_string(number);
  if (kind == "гимназия") return "МАОУ «Гимназия" + num + "»";
  if (kind == "лицей") return "МАОУ «Лицей" + num + "»";
  if (village) {
    std::string name = "МКОУ «" + village_name.adj_stem + "ая " + kind;
    return number > 1 ? name + num + "»" : name + "»";
  }
  return "МБОУ «" + kind + num + "»";
}

}  // namespace opora::host::gen
