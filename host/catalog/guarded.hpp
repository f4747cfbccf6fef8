// The boundary between the host and a plugin's items. Every item a plugin registers enters the
// catalog wrapped in a guard of its kind (Catalog::wrap does it for every plugin source), so every
// call the host makes into plugin code goes through exactly one place that catches everything:
// a `throw 42` inside `evaluate` becomes a PluginFailure naming the plugin, the item and the
// method instead of std::terminate. The guards also read an item's metadata (id, title, ...) once,
// when it is registered: a plugin whose `id()` throws is refused at load time, not later in
// whichever command first asks for the id.
#pragma once
#include <memory>
#include <stdexcept>
#include <string>

#include <opora/registry.hpp>

namespace opora::host {

// What the host throws in place of whatever a plugin's method threw. Russian; names the plugin
// file, the item and the method.
class PluginFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `plugin` names the source in Russian ("плагин fioko 1.0.0 (fioko.so)"); `keepalive` is held by
// the guard and by every object it hands out (a criterion's runs), so the library stays mapped
// while any of them lives. Each throws PluginFailure if reading the item's metadata fails.
std::unique_ptr<Criterion> guard(std::unique_ptr<Criterion> item, const std::string& plugin,
                                 std::shared_ptr<void> keepalive);
std::unique_ptr<IndicatorType> guard(std::unique_ptr<IndicatorType> item,
                                     const std::string& plugin, std::shared_ptr<void> keepalive);
std::unique_ptr<Importer> guard(std::unique_ptr<Importer> item, const std::string& plugin,
                                std::shared_ptr<void> keepalive);
std::unique_ptr<Renderer> guard(std::unique_ptr<Renderer> item, const std::string& plugin,
                                std::shared_ptr<void> keepalive);
std::unique_ptr<ReportSection> guard(std::unique_ptr<ReportSection> item,
                                     const std::string& plugin, std::shared_ptr<void> keepalive);

}  // namespace opora::host
