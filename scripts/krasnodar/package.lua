package { name = "Краснодарский край", level = "region" }

-- The region's own assessment procedure: imports accept it next to the federal ones.
procedure { code = "КДР", title = "Краевые диагностические работы", aliases = { "KDR" } }

-- The ministry's identification rules (parameters named and defaulted at the top of each).
require "criteria"
