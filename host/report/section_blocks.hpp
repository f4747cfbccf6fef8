// The boundary between a package's report section and the report document: the blocks a
// section returns (Lua tables or a plugin's JSON) checked and mapped onto the block kinds every
// renderer draws (docs/report-schema.md). Nothing unchecked reaches a renderer.
#pragma once
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace opora::host {

// A malformed block: Russian, names the block ("блок №2 (table): ...").
class BlockError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The blocks of one section as the document holds them; throws BlockError.
nlohmann::json section_blocks(const nlohmann::json& returned);

}  // namespace opora::host
