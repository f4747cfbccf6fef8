// The HTML renderer: one self-contained, printable (A4) HTML5 file with inline SVG charts; no
// fonts, scripts or images are fetched from anywhere.
#pragma once
#include <string>
#include <string_view>

#include <opora/renderer.hpp>

namespace opora::host {

// The whole HTML page for a report document; throws std::runtime_error (Russian) on a bad one.
std::string report_to_html(std::string_view report_json);

class HtmlRenderer final : public Renderer {
 public:
  std::string format() const override { return "html"; }
  std::string extension() const override { return "html"; }
  void render(std::string_view report_json, const std::filesystem::path& out) const override;
};

}  // namespace opora::host
