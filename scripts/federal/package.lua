-- Federal package: the categories every region shares, the federal default identification
-- criteria (ФИОКО-style), the risk-profile factors of the 500+ programme, the indicator types
-- roadmaps use, and the default monthly report. Regions override any item by its id, or only its
-- parameters with configure{}.
package {
  name  = "Российская Федерация",
  level = "federal",
}

require "categories"
require "risk_factors"
require "criteria"
require "indicator_types"

report {
  id = "monthly",
  title = "Ежемесячный отчёт о реализации дорожной карты",
  sections = { "header", "summary", "roadmap", "matrix", "indicators", "schools", "dynamics",
               "risk_profiles" },
}
