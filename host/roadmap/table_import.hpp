// Roadmap tables as users paste them out of Word or Excel: a header row naming the columns in
// Russian, one row per activity, section (level, stage) rows with a single filled cell, quoted
// multi-line cells. Parsed into a RoadmapTemplate, and written back as an editable Lua file.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

#include <opora/roadmap.hpp>

namespace opora::host {

// Parses a pasted roadmap table (tab- or ;-separated, header row naming columns in Russian,
// quoted multi-line cells, section rows). Numbers are kept as written ("14" twice, "12" then
// "19"), without a trailing dot. Columns other than number, title, deadline and responsible are
// kept in `columns` under their header. `id` is the file name without folders and extension.
// Throws std::runtime_error "file:row:column: message" (Russian) on bad input: no header, no
// title column, an unterminated quote, an activity without a title, a cell beyond the header.
RoadmapTemplate parse_roadmap_table(std::string_view text, std::string_view file_name);
// The same, streaming a file (memory bounded by one row); also throws std::runtime_error when
// the file cannot be read.
RoadmapTemplate parse_roadmap_file(const std::filesystem::path& file);

// Writes an editable Lua file: roadmap{ ... } with sections and activities, strings quoted
// safely (long brackets for multi-line text, escapes otherwise), deadline text kept verbatim,
// other columns in `columns`. Fields left empty are omitted; year and order become hints.
std::string roadmap_to_lua(const RoadmapTemplate& t);

}  // namespace opora::host
