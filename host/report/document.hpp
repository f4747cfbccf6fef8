// The report builder: a month of a territory's plan as a report document (docs/report-schema.md,
// `opora.report/1`) with the sections the territory's effective report{} lists. Renderers turn
// the document into HTML, XLSX, Markdown; `--format json` writes it as is.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "dataset/snapshot.hpp"
#include "store/db.hpp"

namespace opora::host {

struct ReportOptions {
  std::string generated_at;  // ISO time; "" = now (tests fix it for golden files)
  bool synthetic = false;    // demo data: renderers show a visible note
  std::string report_id;     // which report{} of the territory; "" = the first one
  std::string explanatory;   // «Пояснительная записка» the user wrote for the month ("" = none)
  std::string executor;      // «Исполнитель»: name and position ("" = a blank line to sign on)
};

// `data` must hold the territory's schools for the plan year and the years before it
// (load_snapshot_for(db, territory or its region, plan year)).
nlohmann::json build_monthly_report(Db& db, const Catalog& catalog, const Snapshot& data,
                                    std::string_view territory, std::string_view month,
                                    const ReportOptions& options = {});

// One section of that report by id (a built-in or a package's), built exactly as
// build_monthly_report builds it: what the web pages' charts draw (web/charts.cpp).
nlohmann::json build_report_section(Db& db, const Catalog& catalog, const Snapshot& data,
                                    std::string_view territory, std::string_view month,
                                    const std::string& id);

}  // namespace opora::host
