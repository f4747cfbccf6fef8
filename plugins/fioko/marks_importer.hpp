// Importer fioko_marks: the ФИС ОКО report «Статистика по отметкам» saved as CSV (see docs/sdk.md).
#pragma once
#include <memory>

#include <opora/importer.hpp>

namespace fioko {

std::unique_ptr<opora::Importer> make_marks_importer();

}  // namespace fioko
