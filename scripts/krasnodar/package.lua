package { name = "Краснодарский край", level = "region" }

-- The region's own assessment procedure: imports accept it next to the federal ones.
procedure { code = "КДР", title = "Краевые диагностические работы", aliases = { "KDR" } }

-- The ministry's identification rules (parameters named and defaulted at the top of each).
require "criteria"

-- The region's summary of its municipalities for a month (`opora report -t krasnodar -m 2023-05`):
-- built-in regional sections, each computed from the municipalities' own reports' figures. A
-- region reorders them, adds its own section{} or replaces one by id.
report {
  id = "regional",
  title = "Сводный отчёт Краснодарского края о работе муниципалитетов со школами с низкими результатами",
  sections = { "region_scorecard", "region_identified", "region_overdue" },
}
