// The JSON renderer: the report document itself, checked and pretty-printed.
#pragma once
#include <opora/renderer.hpp>

namespace opora::host {

class JsonRenderer final : public Renderer {
 public:
  std::string format() const override { return "json"; }
  std::string extension() const override { return "json"; }
  void render(std::string_view report_json, const std::filesystem::path& out) const override;
};

}  // namespace opora::host
