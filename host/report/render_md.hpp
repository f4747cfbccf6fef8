// The Markdown renderer: a report to paste into a letter — headings, pipe tables, key figures as
// a list, and each chart as a small table of its numbers.
#pragma once
#include <string>
#include <string_view>

#include <opora/renderer.hpp>

namespace opora::host {

std::string report_to_markdown(std::string_view report_json);

class MarkdownRenderer final : public Renderer {
 public:
  std::string format() const override { return "md"; }
  std::string extension() const override { return "md"; }
  void render(std::string_view report_json, const std::filesystem::path& out) const override;
};

}  // namespace opora::host
