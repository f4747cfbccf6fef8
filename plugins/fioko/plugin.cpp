// The ФИС ОКО plugin: what it registers.
#include <opora/opora.hpp>

#include "marks_importer.hpp"
#include "score_peaks.hpp"

namespace {

void register_items(opora::Registry& r) {
  r.add_criterion(fioko::make_score_peaks());
  r.add_importer(fioko::make_marks_importer());
}

}  // namespace

OPORA_PLUGIN("fioko", "1.0.0", "ФИС ОКО: форматы выгрузок и статистика объективности",
             register_items)
