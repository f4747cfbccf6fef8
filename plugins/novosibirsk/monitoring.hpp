// Novosibirsk oblast's «региональный мониторинг качества подготовки обучающихся» (РМКП):
// its export format and the criterion of the preventive group.
#pragma once
#include <memory>

#include <opora/criterion.hpp>
#include <opora/importer.hpp>
#include <opora/section.hpp>

namespace nso {

// The procedure code the monitoring's works are stored under.
inline constexpr const char* procedure = "РМКП";
inline constexpr const char* territory = "novosibirsk";
inline constexpr const char* prevention_group = "prevention_group";

std::unique_ptr<opora::Importer> make_monitoring_importer();
std::unique_ptr<opora::Criterion> make_monitoring_low();
std::unique_ptr<opora::ReportSection> make_monitoring_section();

}  // namespace nso
