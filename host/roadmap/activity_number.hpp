// Activity numbers as documents and users write them: «5», «5.», « 5 », «5.1.», «п. 5», «№ 5».
#pragma once
#include <string>
#include <string_view>

namespace opora::host {

// The one comparable form of an activity number: surrounding spaces (also no-break), a leading
// «№» or «п.»/«пункт», inner spaces and trailing dots dropped. «п. 5.1.» → «5.1», «28-п» stays.
// Every place that matches or prints a number (progress record / correct / participation /
// import, roadmap show, roadmap import) goes through it, so «5.» and «5» are the same row.
std::string canonical_activity_number(std::string_view written);

// True when two numbers are the same activity number (compares canonical forms).
bool same_activity_number(std::string_view a, std::string_view b);

}  // namespace opora::host
