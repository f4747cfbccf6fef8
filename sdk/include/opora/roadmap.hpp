// Roadmap templates and report definitions: plain data a package or plugin declares.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace opora {

struct ActivityTemplate {
  std::string number;       // as written: duplicates and gaps allowed ("14", "14", "19")
  std::string section;      // section / level / stage title
  std::string title;
  std::string deadline;     // the document's deadline text, parsed by the host into a schedule
  std::string responsible;
  std::string scope;        // "territory" (once) or "school" (once per school of `category`)
  std::string category;     // for scope "school": which identified schools do it
  std::string indicator;    // id of an IndicatorSpec, or ""
  // The document's own result columns, by their Russian header: "Показатель реализации",
  // "Прогнозируемый результат", "Выходной документ", "Форма" ...
  std::map<std::string, std::string> columns;
};

struct RoadmapTemplate {
  std::string id;
  std::string title;
  std::string territory;     // set by the host from the package that declares it
  std::string order_number;  // "№ 28-п"
  std::string order_date;    // ISO date
  std::string year_kind;     // "calendar" or "school"
  int year = 0;              // the document's plan year (calendar year / first year of school year)
  std::vector<std::string> sections;
  std::vector<ActivityTemplate> activities;
};

struct ReportSpec {
  std::string id;
  std::string title;
  std::vector<std::string> sections;  // building blocks of the host, in order
  std::string territory;
};

}  // namespace opora
