package { name = "Волгоградская область", level = "region" }

-- The ministry's identification rules (parameters named and defaulted at the top of each).
require "criteria"
