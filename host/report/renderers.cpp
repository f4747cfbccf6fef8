#include "report/renderers.hpp"

#include <memory>

#include "catalog/catalog.hpp"
#include "report/render_html.hpp"
#include "report/render_json.hpp"
#include "report/render_md.hpp"
#include "report/render_xlsx.hpp"

namespace opora::host {

void register_builtin_renderers(Catalog& catalog) {
  catalog.set_source({"host", "host/report"}, "federal", nullptr);
  catalog.add_renderer(std::make_unique<HtmlRenderer>());
  catalog.add_renderer(std::make_unique<XlsxRenderer>());
  catalog.add_renderer(std::make_unique<MarkdownRenderer>());
  catalog.add_renderer(std::make_unique<JsonRenderer>());
}

}  // namespace opora::host
