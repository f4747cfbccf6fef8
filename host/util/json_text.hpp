// JSON text written straight into a buffer, exactly as nlohmann::json's dump() writes the same
// value, for outputs too large to build as a DOM first (`identify --json` of a whole country).
#pragma once
#include <string>
#include <string_view>

namespace opora::host {

// A JSON string literal: quotes, escapes as nlohmann writes them (non-ASCII kept as UTF-8).
// Text that is not valid UTF-8 throws nlohmann's type_error, as dump() does.
void append_json_string(std::string& out, std::string_view text);

// A number as nlohmann writes a double: "4.0", "-0.5554814833197897", "1e+15", "null".
void append_json_number(std::string& out, double value);

}  // namespace opora::host
