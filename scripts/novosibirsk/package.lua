package { name = "Новосибирская область", level = "region" }

-- The region's own assessment procedure: imports accept it next to the federal ones.
procedure { code = "РМКП", title = "Региональный мониторинг качества подготовки обучающихся",
            aliases = { "RMKP" } }

-- The ministry's identification rules (parameters named and defaulted at the top of each).
require "criteria"
