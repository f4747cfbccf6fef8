// Plausible Russian-looking names for synthetic regions, municipalities and schools. Every name is
// built from a root and an ending, so the country reads naturally while matching no real place.
#pragma once
#include <string>

#include "demo/rng.hpp"

namespace opora::host::gen {

// A settlement name with its adjective stem: "Берёзовка" / "Берёзовск" (-ий, -ая, -ое follow).
struct PlaceName {
  std::string noun;      // Берёзовка
  std::string adj_stem;  // Берёзовск
};

PlaceName random_place(Rng& rng);

std::string region_name(Rng& rng);                           // Заречинская область
std::string district_name(const PlaceName& centre);          // Берёзовский муниципальный район
std::string city_district_name(const PlaceName& city);       // Городской округ город Каменск
// School names in the style of real charters: «МБОУ СОШ № 12» in towns, «МКОУ Берёзовская ООШ»
// in villages. `number` is the school's number within its municipality and kind.
std::string school_name(const std::string& kind, bool village, const PlaceName& village_name,
                        int number);

}  // namespace opora::host::gen
