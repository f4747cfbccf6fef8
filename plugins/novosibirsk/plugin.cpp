// The Novosibirsk oblast plugin: what it registers.
#include <opora/opora.hpp>

#include "monitoring.hpp"

namespace {

void register_items(opora::Registry& r) {
  r.add_category({nso::prevention_group, "Группа профилактики учебной неуспешности",
                  nso::territory});
  r.add_criterion(nso::make_monitoring_low());
  r.add_importer(nso::make_monitoring_importer());
  r.add_section(nso::make_monitoring_section());
}

}  // namespace

OPORA_PLUGIN("novosibirsk", "1.0.0",
             "Новосибирская область: региональный мониторинг качества подготовки (РМКП)",
             register_items)
