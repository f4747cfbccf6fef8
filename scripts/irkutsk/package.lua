package { name = "Иркутская область", level = "region" }

require "indicator_types"

-- The ministry's identification rules (parameters named and defaulted at the top of each).
require "criteria"
