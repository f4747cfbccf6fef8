// The report formats built into the host: html, xlsx, md, json.
#pragma once

namespace opora::host {

class Catalog;

// Adds the built-in renderers with origin {"host", "host/report"} for the federal level, so
// every territory has them and a plugin or package may add more formats.
void register_builtin_renderers(Catalog& catalog);

}  // namespace opora::host
