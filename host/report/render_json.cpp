#include "report/render_json.hpp"

#include "report/render_doc.hpp"

namespace opora::host {

void JsonRenderer::render(std::string_view report_json, const std::filesystem::path& out) const {
  // Validated like every other format, so `--format json` never hands on a broken document.
  render::write_file(out, render::parse_report(report_json).dump(2) + "\n");
}

}  // namespace opora::host
