// Internal to host/lua: Lua's own (English) error messages as users see them: with a Russian
// lead-in that says what kind of error it is. The English text stays after it, as Lua wrote it,
// so it can still be looked up.
#pragma once
#include <string>
#include <string_view>

namespace opora::host {

// "attempt to index a nil value (field 'x')" ->
// "ошибка Lua — обращение к полю несуществующего значения (nil): attempt to index ...".
// Messages that are already Russian (the host's, or a script's own error("...") in Russian) are
// returned unchanged; other English text gets the plain lead-in "ошибка Lua: ".
std::string russian_lead_in(std::string_view message);

}  // namespace opora::host
