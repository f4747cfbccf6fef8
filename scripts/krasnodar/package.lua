package { name = "Краснодарский край", level = "region" }

-- The ministry's identification rules (parameters named and defaulted at the top of each).
require "criteria"
