// What every renderer does first and last: read the report document (`opora.report/1`, see
// docs/report-schema.md), check the shape of every block, and write the output file.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace opora::host::render {

using json = nlohmann::json;

// Parses and validates the document. Throws std::runtime_error with a Russian message that names
// the section and block ("секция «roadmap», блок 1 (table): ..."), so a builder bug is easy to find.
json parse_report(std::string_view report_json);

// Writes `content` to `out` (creating parent folders); throws a Russian message on failure.
void write_file(const std::filesystem::path& out, std::string_view content);

// A string field or `fallback` when the field is missing or null.
std::string text_of(const json& obj, const char* key, std::string_view fallback = "");

}  // namespace opora::host::render
