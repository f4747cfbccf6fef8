// Renderers turn a report document (JSON, schema in docs/report-schema.md) into a file.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace opora {

class Renderer {
 public:
  virtual ~Renderer() = default;
  virtual std::string format() const = 0;     // used as `--format <format>`
  virtual std::string extension() const = 0;  // file extension without the dot
  virtual void render(std::string_view report_json, const std::filesystem::path& out) const = 0;
};

}  // namespace opora
